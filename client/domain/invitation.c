/* invitation: drafting the Surat Undangan of a meeting: the addressees, the agenda and the letter the head signs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "clock.h"
#include "invitation.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_util.h"
#include "meeting_records.h"
#include "signed_doc.h"
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
                      const char *time_text, const struct lk_date *t)
{
	char *buf = NULL;
	size_t len = 0;
	struct lk_date d;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL)
		return NULL;
	char *title = lk_record_get(mt, "title"), *pd = lk_record_get(mt, "planned_date");
	fprintf(f, "SURAT UNDANGAN\nNomor: %s\nTanggal: %d %s %d\n\n", number, t->d, lk_bulan(t->m), t->y);
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

int dom_invitation_draft(struct dom *d, const struct dom_invitation_draft_in *in, struct dom_invitation_draft_out *out,
                         struct dom_err *err)
{
	ProtobufCMessage *mt = NULL, *inv = NULL;
	char put_err[300], today[LK_DATE_STRLEN];
	struct lk_date t;
	int rc;
	memset(out, 0, sizeof *out);
	/* The letter is dated the office's day, which the UTC day is not for hours of it. */
	if ((rc = dom_today(d, &t, err)) != 0 || (rc = dom_doc_meeting(d, in->meeting_id, &mt, err)) != 0)
		return rc;
	char *doc = s_letter(d->st, mt, in->number ? in->number : "", in->place ? in->place : "Aula Puskesmas",
	                     in->time_text ? in->time_text : "08.00 WIB s.d. selesai", &t);
	inv = record_for_meeting("invitation", mt);
	if (inv == NULL || doc == NULL || lk_record_set(inv, "number", in->number ? in->number : "") ||
	    lk_record_set(inv, "issued_date", lk_date_format(&t, today)) || lk_record_set(inv, "document", doc)) {
		rc = dom_fail(err, -LK_ENOMEM, "the invitation cannot be drafted (out of memory)");
		goto out;
	}
	if (lk_store_put(d->st, lk_entity_find("invitation"), inv, NULL, 0, put_err, sizeof put_err) != 0) {
		rc = dom_fail(err, -LK_EINVAL, "%s", put_err);
		goto out;
	}
	lk_strlcpy(out->id, lk_record_id(inv), sizeof out->id);
	rc = 0;
out:
	free(doc);
	lk_record_free(mt);
	lk_record_free(inv);
	return rc;
}
