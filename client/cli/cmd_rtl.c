/* cmd_rtl: `lokmin rtl`: follow-up actions (RTL): add, update with evidence, verify, list, overdue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "client.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_json.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "signer.h"
#include "store.h"

/* Options that name RTL fields: --activity maps to "activity" and so on. */
static const struct {
	const char *flag, *field;
} s_flags[] = {
	{"--activity", "activity"},         {"--objective", "objective"},      {"--target-group", "target_group"},
	{"--place", "place"},               {"--due", "due_date"},             {"--owner", "owner_person_id"},
	{"--owner-sector", "owner_sector_id"}, {"--resources", "resources"},   {"--indicator", "success_indicator"},
	{"--owner-puskesmas", "owner_puskesmas"},
};

static int s_add(struct session *s, lk_store *st, int argc, char **argv)
{
	const struct lk_entity *e = lk_entity_find("rtl");
	ProtobufCMessage *mt = NULL, *r = NULL;
	char err[300];
	int rc = 1;
	(void)s;

	if (argc < 3)
		return cmd_usage("rtl");
	if (lk_store_get(st, lk_entity_find("meeting"), argv[2], &mt) != 0) {
		fprintf(stderr, "lokmin: no meeting %s on this device\n", argv[2]);
		return 1;
	}
	r = record_for_meeting("rtl", mt);
	if (r == NULL || lk_record_set(r, "status", "open"))
		goto out;
	for (int i = 3; i < argc; i++) {
		size_t k;
		for (k = 0; k < LK_ARRAY_LEN(s_flags) && strcmp(argv[i], s_flags[k].flag); k++)
			;
		if (k == LK_ARRAY_LEN(s_flags) || i + 1 >= argc) {
			rc = cmd_usage("rtl");
			goto out;
		}
		if (lk_record_set(r, s_flags[k].field, argv[++i]) != 0)
			goto out;
	}
	/* An item a cross-sector meeting gives to a puskesmas belongs to that puskesmas. */
	char *owner_pkm = lk_record_get(r, "owner_puskesmas");
	const char *kab, *kec, *pusk;
	lk_record_keys(mt, &kab, &kec, &pusk);
	int bad = owner_pkm[0] && (pusk[0] || lk_record_set(r, "puskesmas", owner_pkm) != 0);
	free(owner_pkm);
	if (bad) {
		fprintf(stderr, "lokmin: --owner-puskesmas is for the quarterly (cross-sector) meeting of the kecamatan\n");
		goto out;
	}
	if (lk_store_put(st, e, r, NULL, 0, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	printf("%s\n", lk_record_id(r));
	rc = 0;
out:
	lk_record_free(mt);
	lk_record_free(r);
	return rc;
}

/*
 * Verification is the head's (or a deputy's in force): the person named must
 * hold a key that signs for this office, opened with the passphrase into sk
 * (the caller wipes it). Writes "diverifikasi oleh NAME" into byline. 0 or 1
 * with the reason printed.
 */
static int s_verifier(struct session *s, lk_store *st, const ProtobufCMessage *item, const char *person, char *byline,
                      size_t n, struct signer_keyrec *kr, uint8_t sk[64])
{
	ProtobufCMessage *p = NULL;
	char now[24];
	int rc = 1, deputy;
	if (person == NULL) {
		fprintf(stderr, "lokmin: say who verifies: `lokmin rtl verify ID --as KAPUS-PERSON-ID`\n");
		return 1;
	}
	if (lk_store_get(st, lk_entity_find("person"), person, &p) != 0) {
		fprintf(stderr, "lokmin: no person %s on this device\n", person);
		return 1;
	}
	char *name = lk_record_get(p, "name");
	now_iso(now);
	if (sign_authority(st, item, p, "of this office verifies RTL items", now, &deputy) != 0 ||
	    sign_pick(s, st, person, name, kr) != 0) {
		/* said */
	} else if (strcmp(kr->k.capacity, deputy ? "deputy" : "head") != 0) {
		fprintf(stderr, "lokmin: the key %s of %s is a %s's key\n", kr->k.id, name, kr->k.capacity);
	} else if (sign_open(s, kr, sk) != 0) {
		fprintf(stderr, "lokmin: %s's signing key did not open (wrong passphrase, or no key on this device: "
		                "`lokmin sign keygen`)\n", name);
	} else {
		snprintf(byline, n, "diverifikasi oleh %s", name);
		rc = 0;
	}
	free(name);
	lk_record_free(p);
	return rc;
}

/* Sign the verification of r (status and closed_on already set) with kr. */
static int s_verify_sign(lk_store *st, ProtobufCMessage *r, const char *person, const struct signer_keyrec *kr,
                         const uint8_t sk[64], const char **fields, size_t *nf)
{
	static const char *const vf[] = {"verified_by", "verified_key_id", "verified_at", "verification_sig"};
	uint8_t sig[LK_SIGN_SIGLEN];
	char now[24], hex[129], why[300];
	now_iso(now);
	if (lk_record_set(r, "verified_by", person) || lk_record_set(r, "verified_key_id", kr->k.id) ||
	    lk_record_set(r, "verified_at", now))
		return 1;
	char *stmt = lk_signer_rtl_statement(r);
	if (stmt == NULL)
		return 1;
	lk_sign(sig, (const uint8_t *)stmt, strlen(stmt), sk);
	free(stmt);
	if (lk_record_set(r, "verification_sig", lk_hex_encode(hex, sig, sizeof sig)))
		return 1;
	if (signer_record_state(st, lk_entity_find("rtl"), r, why, sizeof why) != SIGNER_VERIFIED) {
		fprintf(stderr, "lokmin: the verification would not hold: %s\n", why);
		return 1;
	}
	for (size_t i = 0; i < LK_ARRAY_LEN(vf); i++)
		fields[(*nf)++] = vf[i];
	return 0;
}

static int s_update(struct session *s, lk_store *st, int argc, char **argv, int verify)
{
	const struct lk_entity *e = lk_entity_find("rtl");
	const char *status = verify ? "verified" : NULL, *note = NULL, *as = NULL, *date = NULL;
	ProtobufCMessage *r = NULL;
	char err[300], byline[300] = "";
	struct signer_keyrec kr = {0};
	uint8_t sk[64];
	int rc = 1, have_key = 0;

	if (argc < 3)
		return cmd_usage("rtl");
	for (int i = 3; i < argc; i++) {
		if (!verify && !strcmp(argv[i], "--status") && i + 1 < argc)
			status = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			note = argv[++i];
		else if (verify && !strcmp(argv[i], "--as") && i + 1 < argc)
			as = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc && lk_date_parse(argv[i + 1], &(struct lk_date){0}) == 0)
			date = argv[++i];
		else
			return cmd_usage("rtl");
	}
	if (lk_store_get(st, e, argv[2], &r) != 0) {
		fprintf(stderr, "lokmin: no RTL item %s on this device\n", argv[2]);
		return 1;
	}
	char *cur = lk_record_get(r, "status"), *old = lk_record_get(r, "status_note");
	if (verify && strcmp(cur, "done") != 0) {
		fprintf(stderr, "lokmin: only a done RTL item can be verified (this one is %s)\n", cur);
		goto out;
	}
	if (verify && s_verifier(s, st, r, as, byline, sizeof byline, &kr, sk) != 0)
		goto out;
	have_key = verify;
	if (verify)
		note = note ? note : "";
	if (!verify && status && !strcmp(status, "verified")) {
		fprintf(stderr, "lokmin: verifying is the Kapus's step: `lokmin rtl verify ID --as KAPUS-PERSON-ID`\n");
		goto out;
	}
	const char *fields[8];
	size_t nf = 0;
	if (status) {
		if (lk_record_set(r, "status", status) != 0 || set_closed_on(r, status, date, fields, &nf) != 0) {
			fprintf(stderr, "lokmin: --status is open, in_progress, done or dropped\n");
			goto out;
		}
		fields[nf++] = "status";
	}
	if (note) {
		if (append_note(r, date, byline, note) != 0)
			goto out;
		fields[nf++] = "status_note";
	}
	if (nf == 0) {
		rc = cmd_usage("rtl");
		goto out;
	}
	if (verify && s_verify_sign(st, r, as, &kr, sk, fields, &nf) != 0)
		goto out;
	if (lk_store_put(st, e, r, fields, nf, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	printf("RTL %s %s\n", argv[2], status ? status : "updated");
	rc = 0;
out:
	if (have_key)
		sodium_memzero(sk, sizeof sk);
	signer_key_release(&kr);
	free(cur);
	free(old);
	lk_record_free(r);
	return rc;
}

struct listing {
	int json;
	int overdue_only;
	int open_only;
	char today[LK_DATE_STRLEN];
	int n;
	int aged[3]; /* overdue 1-30 days, 31-90, over 90 */
};

static int s_is_open(const char *status)
{
	return !strcmp(status, "open") || !strcmp(status, "in_progress");
}

static int s_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct listing *l = arg;
	if (lk_record_deleted(m))
		return 0;
	char *status = lk_record_get(m, "status"), *due = lk_record_get(m, "due_date"),
	     *act = lk_record_get(m, "activity");
	int open = s_is_open(status), overdue = open && due[0] && strcmp(due, l->today) < 0;
	int show = (!l->overdue_only || overdue) && (!l->open_only || open);
	if (show) {
		l->n++;
		long age = 0;
		struct lk_date d, t;
		if (overdue && lk_date_parse(due, &d) == 0 && lk_date_parse(l->today, &t) == 0)
			age = (long)(lk_date_days(&t) - lk_date_days(&d));
		if (overdue)
			l->aged[age <= 30 ? 0 : age <= 90 ? 1 : 2]++;
		if (l->json) {
			if (lk_record_json(stdout, e, m) < 0)
				show = -1;
		} else {
			printf("%s  %-11s  %-10s  %-8s  %s\n", lk_record_id(m), status, due, overdue ? "" : "-", act);
			if (overdue)
				printf("%38s%ld days overdue\n", "", age);
		}
	}
	free(status);
	free(due);
	free(act);
	return show < 0 ? -LK_EIO : 0;
}

int cmd_rtl(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("rtl");
	if (cmd_is_help(argc, argv)) {
		cmd_help("rtl");
		printf("\n  add MEETING-ID --activity A --owner PERSON-ID|--owner-sector SECTOR-ID|--owner-puskesmas CODE\n"
		       "      --due DATE\n"
		       "      [--objective T] [--target-group T] [--place T] [--resources T] [--indicator T]\n"
		       "  update ID [--status open|in_progress|done|dropped] [--note EVIDENCE] [--date DAY]\n"
		       "                             (--date: the day it happened, default today)\n"
		       "  verify ID --as KAPUS-PERSON-ID [--note TEXT]\n"
		       "                             the Kapus confirms a done item (the passphrase of\n"
		       "                             the Kapus' signing key is asked)\n"
		       "  list [--open] [--as-of DATE]   every item, or the open ones\n"
		       "  overdue [--as-of DATE]         open items past their date, with their age (default today)\n"
		       "Attach proof with `lokmin attach rtl ID FILE`.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "add"))
		return s_add(s, st, argc, argv);
	if (!strcmp(argv[1], "update"))
		return s_update(s, st, argc, argv, 0);
	if (!strcmp(argv[1], "verify"))
		return s_update(s, st, argc, argv, 1);
	struct listing l = {(int)s->opt.json, 0, 0, "", 0, {0, 0, 0}};
	lk_date_today_text(l.today);
	if (strcmp(argv[1], "list") && strcmp(argv[1], "overdue"))
		return cmd_usage("rtl");
	l.overdue_only = !strcmp(argv[1], "overdue");
	for (int i = 2; i < argc; i++) {
		struct lk_date d;
		if (!strcmp(argv[i], "--open") && !l.overdue_only)
			l.open_only = 1;
		else if (!strcmp(argv[i], "--as-of") && i + 1 < argc && lk_date_parse(argv[i + 1], &d) == 0)
			lk_strlcpy(l.today, argv[++i], sizeof l.today);
		else
			return cmd_usage("rtl");
	}
	if (!l.json)
		printf("%-36s  %-11s  %-10s  %-8s  %s\n", "ID", "STATUS", "DUE", "", "ACTIVITY");
	if (lk_store_list(st, lk_entity_find("rtl"), s_row, &l) < 0)
		return 1;
	if (!l.json && l.overdue_only)
		printf("%d overdue as of %s (1-30 days: %d, 31-90 days: %d, over 90 days: %d)\n", l.n, l.today, l.aged[0],
		       l.aged[1], l.aged[2]);
	else if (!l.json)
		printf("%d items\n", l.n);
	return 0;
}
