/* cmd_invite: `lokmin invite`: draft the Surat Undangan from the agenda, sign it as the Kapus, show it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "agenda.h"
#include "client.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "store.h"

static const char *const s_bulan[] = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
                                      "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
static const char *const s_hari[] = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"};

/* The letter's text: what the Kapus signs, byte for byte. */
static char *s_letter(lk_store *st, const ProtobufCMessage *mt, const char *number, const char *place,
                      const char *time_text)
{
	char *buf = NULL, today[LK_DATE_STRLEN];
	size_t len = 0;
	struct lk_date d, t;
	FILE *f = open_memstream(&buf, &len);
	char *title = lk_record_get(mt, "title"), *pd = lk_record_get(mt, "planned_date");
	lk_date_from_days((int64_t)(lk_now_ms() / 86400000u), &t);
	lk_date_format(&t, today);
	fprintf(f, "SURAT UNDANGAN\nNomor: %s\nTanggal: %d %s %d\n\n", number, t.d, s_bulan[t.m - 1], t.y);
	fprintf(f, "Kepada Yth.\nSeluruh staf dan penanggung jawab program\ndi tempat\n\n");
	fprintf(f, "Dengan hormat,\nbersama ini kami mengundang Bapak/Ibu untuk menghadiri %s pada:\n", title);
	if (lk_date_parse(pd, &d) == 0)
		fprintf(f, "  Hari/tanggal : %s, %d %s %d\n", s_hari[lk_date_weekday(&d) - 1], d.d, s_bulan[d.m - 1], d.y);
	fprintf(f, "  Waktu        : %s\n  Tempat       : %s\n\nAcara:\n", time_text, place);
	agenda_write(st, mt, f);
	fprintf(f, "\nMengingat pentingnya acara tersebut, kehadiran Bapak/Ibu sangat kami harapkan.\n"
	           "Bahan capaian program diserahkan paling lambat 3 (tiga) hari sebelum pertemuan.\n\n"
	           "Kepala Puskesmas\n");
	fclose(f);
	free(title);
	free(pd);
	return buf;
}

static int s_draft(lk_store *st, int argc, char **argv)
{
	const char *number = "", *place = "Aula Puskesmas", *time_text = "08.00 WIB s.d. selesai";
	ProtobufCMessage *mt = NULL, *inv = NULL;
	char err[300], today[LK_DATE_STRLEN];
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
	if (lk_store_get(st, lk_entity_find("meeting"), argv[2], &mt) != 0) {
		fprintf(stderr, "lokmin: no meeting %s on this device\n", argv[2]);
		return 1;
	}
	char *doc = s_letter(st, mt, number, place, time_text);
	struct lk_date t;
	lk_date_from_days((int64_t)(lk_now_ms() / 86400000u), &t);
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

static int s_sign(struct session *s, lk_store *st, int argc, char **argv)
{
	const struct lk_entity *e = lk_entity_find("invitation");
	ProtobufCMessage *inv = NULL, *p = NULL;
	uint8_t sk[LK_SIGN_SKLEN], pk[LK_SIGN_PKLEN], sig[LK_SIGN_SIGLEN];
	char hex[2 * LK_SIGN_SIGLEN + 1], pkhex[2 * LK_SIGN_PKLEN + 1], now[24], err[300];
	int rc = 1;
	if (argc != 5 || strcmp(argv[3], "--as") != 0)
		return cmd_usage("invite");
	if (lk_store_get(st, e, argv[2], &inv) != 0 || lk_store_get(st, lk_entity_find("person"), argv[4], &p) != 0) {
		fprintf(stderr, "lokmin: no invitation %s or person %s on this device\n", argv[2], argv[4]);
		goto out;
	}
	char *role = lk_record_get(p, "role"), *cursig = lk_record_get(inv, "signature"), *regpk = lk_record_get(p, "sign_pk");
	const char *ikab, *ikec, *ipusk;
	lk_record_keys(inv, &ikab, &ikec, &ipusk);
	int head = !strcmp(role, ipusk[0] ? "kapus" : "camat");
	int already = cursig[0] != 0;
	free(role);
	free(cursig);
	if (already) {
		fprintf(stderr, "lokmin: this invitation is already signed and sealed\n");
		free(regpk);
		goto out;
	}
	if (!head) {
		fprintf(stderr, "lokmin: only the %s signs the invitation\n", ipusk[0] ? "Kapus" : "Camat");
		free(regpk);
		goto out;
	}
	if (sign_load(s, argv[4], sk) != 0) {
		fprintf(stderr, "lokmin: cannot open the signing key of %s (wrong passphrase, or no key: `lokmin sign keygen`)\n",
		        argv[4]);
		free(regpk);
		goto out;
	}
	lk_sign_public(pk, sk);
	if (strcmp(regpk, lk_hex_encode(pkhex, pk, sizeof pk)) != 0) {
		fprintf(stderr, "lokmin: this key is not the one registered for %s\n", argv[4]);
		free(regpk);
		sodium_memzero(sk, sizeof sk);
		goto out;
	}
	free(regpk);
	char *doc = lk_record_get(inv, "document");
	lk_sign(sig, (const uint8_t *)doc, strlen(doc), sk);
	sodium_memzero(sk, sizeof sk);
	free(doc);
	now_iso(now);
	const char *f[3] = {"signature", "signer_person_id", "signed_at"};
	if (lk_record_set(inv, "signature", lk_hex_encode(hex, sig, sizeof sig)) ||
	    lk_record_set(inv, "signer_person_id", argv[4]) || lk_record_set(inv, "signed_at", now) ||
	    lk_store_put(st, e, inv, f, 3, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	printf("signed %s at %s; sealed\n", argv[2], now);
	rc = 0;
out:
	lk_record_free(inv);
	lk_record_free(p);
	return rc;
}

static int s_show(lk_store *st, const char *id)
{
	ProtobufCMessage *inv = NULL, *p = NULL;
	if (lk_store_get(st, lk_entity_find("invitation"), id, &inv) != 0) {
		fprintf(stderr, "lokmin: no invitation %s on this device\n", id);
		return 1;
	}
	char *doc = lk_record_get(inv, "document"), *sig = lk_record_get(inv, "signature"),
	     *who = lk_record_get(inv, "signer_person_id"), *at = lk_record_get(inv, "signed_at");
	printf("%s\n", doc);
	const char *state = "NOT SIGNED";
	if (sig[0]) {
		uint8_t pk[32], sg[64];
		char *regpk = NULL, *name = NULL;
		state = "SIGNATURE DOES NOT VERIFY";
		if (lk_store_get(st, lk_entity_find("person"), who, &p) == 0) {
			regpk = lk_record_get(p, "sign_pk");
			name = lk_record_get(p, "name");
			if (lk_hex_decode(pk, sizeof pk, regpk) == 0 && lk_hex_decode(sg, sizeof sg, sig) == 0 &&
			    lk_sign_verify(sg, (const uint8_t *)doc, strlen(doc), pk) == 0)
				state = "signed";
			printf("%s\n", name);
		}
		printf("\n[%s by %s at %s]\n", state, who, at);
		free(regpk);
		free(name);
	} else {
		printf("\n[%s]\n", state);
	}
	int ok = !strcmp(state, "signed") || !sig[0];
	free(doc);
	free(sig);
	free(who);
	free(at);
	lk_record_free(inv);
	lk_record_free(p);
	return ok ? 0 : 1;
}

int cmd_invite(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 3 || cmd_is_help(argc, argv)) {
		cmd_help("invite");
		printf("\n  draft MEETING-ID [--number N] [--place P] [--time T]   the letter, with the agenda\n"
		       "  sign INVITATION-ID --as PERSON-ID    the Kapus signs (passphrase); the letter is sealed\n"
		       "  show INVITATION-ID                   the letter and whether its signature verifies\n");
		return argc < 3 ? 2 : 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "draft"))
		return s_draft(st, argc, argv);
	if (!strcmp(argv[1], "sign"))
		return s_sign(s, st, argc, argv);
	if (!strcmp(argv[1], "show") && argc == 3)
		return s_show(st, argv[2]);
	return cmd_usage("invite");
}
