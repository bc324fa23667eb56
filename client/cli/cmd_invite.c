/* cmd_invite: `lokmin invite`: draft the Surat Undangan from the agenda, sign it as the Kapus, show it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "client.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_util.h"
#include "names.h"
#include "store.h"


struct addressees {
	FILE *f;
	const char *kec;
	int n;
};

static int s_sector_line(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct addressees *a = arg;
	const char *kab, *kec, *pusk;
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (!lk_record_deleted(m) && !strcmp(kec, a->kec)) {
		char *name = lk_record_get(m, "name");
		fprintf(a->f, "%d. %s\n", ++a->n, name);
		free(name);
	}
	return 0;
}

/* Who the letter goes to: the office's staff, or for a cross-sector meeting the
 * puskesmas and every sector of the kecamatan. */
static void s_kepada(lk_store *st, const ProtobufCMessage *mt, FILE *f)
{
	const char *kab, *kec, *pusk;
	lk_record_keys(mt, &kab, &kec, &pusk);
	if (pusk[0]) {
		fprintf(f, "Kepada Yth.\nSeluruh staf dan penanggung jawab program\ndi tempat\n\n");
		return;
	}
	struct addressees a = {f, kec, 1};
	fprintf(f, "Kepada Yth.\n1. Kepala Puskesmas se-Kecamatan\n");
	if (lk_store_list(st, lk_entity_find("sector"), s_sector_line, &a) < 0)
		fprintf(f, "%d. Lintas sektor terkait\n", ++a.n);
	fprintf(f, "di tempat\n\n");
}

/* The letter's text: what the Kapus (or the Camat) signs, byte for byte. */
static char *s_letter(lk_store *st, const ProtobufCMessage *mt, const char *number, const char *place,
                      const char *time_text)
{
	char *buf = NULL, today[LK_DATE_STRLEN];
	size_t len = 0;
	struct lk_date d, t;
	FILE *f = open_memstream(&buf, &len);
	char *title = lk_record_get(mt, "title"), *pd = lk_record_get(mt, "planned_date");
	lk_date_today(&t);
	lk_date_format(&t, today);
	fprintf(f, "SURAT UNDANGAN\nNomor: %s\nTanggal: %d %s %d\n\n", number, t.d, lk_bulan(t.m), t.y);
	s_kepada(st, mt, f);
	fprintf(f, "Dengan hormat,\nbersama ini kami mengundang Bapak/Ibu untuk menghadiri %s pada:\n", title);
	if (lk_date_parse(pd, &d) == 0)
		fprintf(f, "  Hari/tanggal : %s, %d %s %d\n", lk_hari(lk_date_weekday(&d)), d.d, lk_bulan(d.m), d.y);
	fprintf(f, "  Waktu        : %s\n  Tempat       : %s\n\nAcara:\n", time_text, place);
	agenda_write(st, mt, f);
	const char *kab, *kec, *pusk;
	lk_record_keys(mt, &kab, &kec, &pusk);
	fprintf(f, "\nMengingat pentingnya acara tersebut, kehadiran Bapak/Ibu sangat kami harapkan.\n%s\n%s\n",
	        pusk[0] ? "Bahan capaian program diserahkan paling lambat 3 (tiga) hari sebelum pertemuan.\n"
	                : "Puskesmas menyiapkan capaian triwulan dan masalah yang memerlukan dukungan lintas sektor.\n",
	        pusk[0] ? "Kepala Puskesmas" : "Camat");
	fclose(f);
	free(title);
	free(pd);
	return buf;
}

static int s_draft(struct session *s, lk_store *st, int argc, char **argv)
{
	const char *number = "", *place = "Aula Puskesmas", *time_text = "08.00 WIB s.d. selesai";
	ProtobufCMessage *mt = NULL, *inv = NULL;
	char err[300], today[LK_DATE_STRLEN], mid[40];
	int rc = 1;
	if (argc < 3)
		return cmd_usage("invite");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--number") && i + 1 < argc)
			number = argv[++i];
		else if (!strcmp(argv[i], "--place") && i + 1 < argc)
			place = argv[++i];
		else if (!strcmp(argv[i], "--time") && i + 1 < argc)
			time_text = argv[++i];
		else
			return cmd_usage("invite");
	}
	if ((rc = cli_resolve(s, st, DOM_MEETING, argv[2], mid, sizeof mid)) != 0)
		return rc;
	rc = 1;
	if (lk_store_get(st, lk_entity_find("meeting"), mid, &mt) != 0) {
		fprintf(stderr, "lokmin: no meeting %s on this device\n", argv[2]);
		return 1;
	}
	char *doc = s_letter(st, mt, number, place, time_text);
	struct lk_date t;
	lk_date_today(&t);
	inv = record_for_meeting("invitation", mt);
	if (inv == NULL || doc == NULL || lk_record_set(inv, "number", number) ||
	    lk_record_set(inv, "issued_date", lk_date_format(&t, today)) || lk_record_set(inv, "document", doc))
		goto out;
	if (lk_store_put(st, lk_entity_find("invitation"), inv, NULL, 0, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	printf("%s\n", lk_record_id(inv));
	rc = 0;
out:
	free(doc);
	lk_record_free(mt);
	lk_record_free(inv);
	return rc;
}

int cmd_invite(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 3 && !cmd_is_help(argc, argv))
		return cmd_usage("invite");
	if (cmd_is_help(argc, argv)) {
		cmd_help("invite");
		printf("\n  draft MEETING [--number N] [--place P] [--time T]   the letter, with the agenda\n"
		       "  sign INVITATION --as PERSON    the Kapus signs (passphrase); the letter is sealed\n"
		       "  show INVITATION               the letter and whether its signature verifies\n"
		       "\nMEETING is the period as `meeting list` shows it (2026-12, 2026-Q1) or an id;\n"
		       "INVITATION the meeting's period (its newest letter) or the letter's id;\n"
		       "PERSON a part of the name, the NIP or an id.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "draft"))
		return s_draft(s, st, argc, argv);
	char inv[40], who[40];
	int rc;
	if (!strcmp(argv[1], "sign")) {
		if (argc != 5 || strcmp(argv[3], "--as") != 0)
			return cmd_usage("invite");
		if ((rc = cli_resolve(s, st, DOM_INVITATION, argv[2], inv, sizeof inv)) != 0 ||
		    (rc = cli_resolve(s, st, DOM_PERSON, argv[4], who, sizeof who)) != 0)
			return rc;
		return doc_sign(s, st, "invitation", inv, who);
	}
	if (!strcmp(argv[1], "show") && argc == 3) {
		if ((rc = cli_resolve(s, st, DOM_INVITATION, argv[2], inv, sizeof inv)) != 0)
			return rc;
		return doc_show(st, "invitation", inv);
	}
	return cmd_usage("invite");
}
