/* cmd_commitment: `lokmin commitment`: what each sector commits to at the quarterly lokmin, and its follow-up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_json.h"
#include "lk_util.h"
#include "store.h"

/* A record of entity id that is not deleted: the record (caller frees) or NULL with the reason printed. */
static ProtobufCMessage *s_get(lk_store *st, const char *entity, const char *id)
{
	ProtobufCMessage *m = NULL;
	if (lk_store_get(st, lk_entity_find(entity), id, &m) != 0 || lk_record_deleted(m)) {
		fprintf(stderr, "lokmin: no %s %s on this device\n", entity, id);
		lk_record_free(m);
		return NULL;
	}
	return m;
}

/* 1 when a and b are records of the same kecamatan. */
static int s_same_kecamatan(const ProtobufCMessage *a, const ProtobufCMessage *b)
{
	const char *kab, *kec_a, *kec_b, *pusk;
	lk_record_keys(a, &kab, &kec_a, &pusk);
	lk_record_keys(b, &kab, &kec_b, &pusk);
	return !strcmp(kec_a, kec_b);
}

/* ---------------------------------------------------------------- add */

struct add_args {
	const char *meeting, *sector, *support, *problem, *from, *to, *contact;
};

/* 0, or the usage exit status. */
static int s_add_args(int argc, char **argv, struct add_args *a)
{
	static const char *const flags[] = {"--sector", "--support", "--problem", "--from", "--to", "--contact"};
	const char **slot[] = {&a->sector, &a->support, &a->problem, &a->from, &a->to, &a->contact};
	memset(a, 0, sizeof *a);
	if (argc < 3 || argv[2][0] == '-')
		return cmd_usage("commitment");
	a->meeting = argv[2];
	for (int i = 3; i < argc; i++) {
		size_t k;
		for (k = 0; k < LK_ARRAY_LEN(flags) && strcmp(argv[i], flags[k]); k++)
			;
		if (k == LK_ARRAY_LEN(flags) || i + 1 >= argc)
			return cmd_usage("commitment");
		*slot[k] = argv[++i];
	}
	return a->sector && a->support ? 0 : cmd_usage("commitment");
}

/* The quarterly meeting of the commitment: the record (caller frees) or NULL with the reason printed. */
static ProtobufCMessage *s_quarterly(lk_store *st, const char *id)
{
	ProtobufCMessage *mt = s_get(st, "meeting", id);
	char *kind = mt ? lk_record_get(mt, "kind") : NULL;
	if (kind && strcmp(kind, "quarterly") != 0) {
		fprintf(stderr, "lokmin: meeting %s is a %s lokmin; commitments are made at the quarterly cross-sector "
		                "lokmin (`lokmin meeting list`)\n", id, kind);
		lk_record_free(mt);
		mt = NULL;
	}
	free(kind);
	return mt;
}

/*
 * The period: from --from, else the day the meeting was held, else its planned
 * day; to --to, else the last day of the third month after the start (the
 * quarter that follows the meeting). 0 or 1 with the reason printed.
 */
static int s_period(const ProtobufCMessage *mt, const struct add_args *a, char from[LK_DATE_STRLEN],
                    char to[LK_DATE_STRLEN])
{
	char *held = lk_record_get(mt, "held_date"), *planned = lk_record_get(mt, "planned_date");
	struct lk_date f, t;
	int bad = lk_date_parse(a->from ? a->from : held[0] ? held : planned, &f) != 0;
	free(held);
	free(planned);
	if (bad) {
		fprintf(stderr, "lokmin: %s\n", a->from ? "--from is a date (YYYY-MM-DD)"
		                                         : "the meeting has no date; give the period with --from DATE");
		return 1;
	}
	lk_date_format(&f, from);
	if (a->to) {
		if (lk_date_parse(a->to, &t) != 0 || lk_date_cmp(&t, &f) < 0) {
			fprintf(stderr, "lokmin: --to is a date (YYYY-MM-DD) on or after %s\n", from);
			return 1;
		}
	} else {
		t.y = f.y + (f.m + 2) / 12;
		t.m = (f.m + 2) % 12 + 1;
		t.d = lk_days_in_month(t.y, t.m);
	}
	lk_date_format(&t, to);
	return 0;
}

/* The problem a commitment answers: the puskesmas that flagged it reads the commitment. 0 or 1. */
static int s_link_problem(lk_store *st, const ProtobufCMessage *mt, const char *id, ProtobufCMessage *c)
{
	ProtobufCMessage *p = s_get(st, "problem", id);
	const char *kab, *kec, *pusk;
	int rc = 1;
	if (p == NULL)
		return 1;
	lk_record_keys(p, &kab, &kec, &pusk);
	if (!s_same_kecamatan(p, mt))
		fprintf(stderr, "lokmin: problem %s is of kecamatan %s, not of this meeting's\n", id, kec);
	else
		rc = lk_record_set(c, "puskesmas", pusk) || lk_record_set(c, "problem_id", id);
	lk_record_free(p);
	return rc;
}

/* The sector named exists and belongs to the meeting's kecamatan. 0 or 1 with the reason printed. */
static int s_check_sector(lk_store *st, const ProtobufCMessage *mt, const char *id)
{
	ProtobufCMessage *sec = s_get(st, "sector", id);
	int rc = sec == NULL || !s_same_kecamatan(sec, mt);
	if (sec && rc)
		fprintf(stderr, "lokmin: sector %s is not a sector of this meeting's kecamatan\n", id);
	lk_record_free(sec);
	return rc;
}

static int s_add(struct session *s, lk_store *st, int argc, char **argv)
{
	struct add_args a;
	ProtobufCMessage *mt = NULL, *c = NULL;
	char from[LK_DATE_STRLEN], to[LK_DATE_STRLEN], err[300];
	int rc = s_add_args(argc, argv, &a);

	if (rc != 0)
		return rc;
	rc = 1;
	if (!camat_office_keeps(s, "commitments") || (mt = s_quarterly(st, a.meeting)) == NULL || s_check_sector(st, mt, a.sector) != 0 ||
	    s_period(mt, &a, from, to) != 0)
		goto out;
	if ((c = record_for_meeting("commitment", mt)) == NULL)
		goto out;
	if (lk_record_set(c, "sector_id", a.sector) || lk_record_set(c, "support", a.support) ||
	    lk_record_set(c, "period_start", from) || lk_record_set(c, "period_end", to) ||
	    lk_record_set(c, "contact", a.contact ? a.contact : "") || lk_record_set(c, "status", "open") ||
	    lk_record_set(c, "puskesmas", ""))
		goto out;
	if (a.problem && s_link_problem(st, mt, a.problem, c) != 0)
		goto out;
	if (lk_store_put(st, lk_entity_find("commitment"), c, NULL, 0, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	printf("%s\n", lk_record_id(c));
	rc = 0;
out:
	lk_record_free(mt);
	lk_record_free(c);
	return rc;
}

/* ---------------------------------------------------------------- update */

/* The note, dated today, appended to the commitment's running record. 0 or negative. */
static int s_update(struct session *s, lk_store *st, int argc, char **argv)
{
	const struct lk_entity *e = lk_entity_find("commitment");
	const char *status = NULL, *note = NULL, *date = NULL, *fields[3];
	ProtobufCMessage *c = NULL;
	char err[300];
	size_t nf = 0;
	int rc = 1;

	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--status") && i + 1 < argc)
			status = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			note = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc && lk_date_parse(argv[i + 1], &(struct lk_date){0}) == 0)
			date = argv[++i];
		else
			return cmd_usage("commitment");
	}
	if (argc < 3 || (status == NULL && note == NULL))
		return cmd_usage("commitment");
	if (status && lk_field_check(lk_entity_field(e, "status"), status, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: --status is open, in_progress, done or dropped\n");
		return 2;
	}
	if (!camat_office_keeps(s, "commitments") || (c = s_get(st, "commitment", argv[2])) == NULL)
		return 1;
	if (status && (lk_record_set(c, "status", status) != 0 || set_closed_on(c, status, date, fields, &nf) != 0)) {
		fprintf(stderr, "lokmin: --status is open, in_progress, done or dropped\n");
		goto out;
	}
	if (status)
		fields[nf++] = "status";
	if (note && append_note(c, NULL, "", note) != 0)
		goto out;
	if (note)
		fields[nf++] = "status_note";
	if (lk_store_put(st, e, c, fields, nf, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	printf("commitment %s %s\n", argv[2], status ? status : "updated");
	rc = 0;
out:
	lk_record_free(c);
	return rc;
}

/* ---------------------------------------------------------------- list */

struct sector_name {
	char id[LK_UUID_STRLEN];
	char *name;
};

struct listing {
	int json, open_only, n;
	const char *meeting;
	struct sector_name *names;
	size_t nnames, cap;
};

static int s_name_of_sector(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct listing *l = arg;
	(void)e;
	if (l->nnames == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct sector_name *v = realloc(l->names, cap * sizeof *v);
		if (v == NULL)
			return -LK_ENOMEM;
		l->names = v;
		l->cap = cap;
	}
	lk_strlcpy(l->names[l->nnames].id, lk_record_id(m), LK_UUID_STRLEN);
	if ((l->names[l->nnames].name = lk_record_get(m, "name")) == NULL)
		return -LK_ENOMEM;
	l->nnames++;
	return 0;
}

/* The sector's name, or its id when this device does not hold it (borrowed). */
static const char *s_sector_name(const struct listing *l, const char *id)
{
	for (size_t i = 0; i < l->nnames; i++)
		if (!strcmp(l->names[i].id, id))
			return l->names[i].name;
	return id;
}

static int s_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct listing *l = arg;
	char *mid = lk_record_get(m, "meeting_id"), *status = lk_record_get(m, "status");
	int show = !lk_record_deleted(m) && (l->meeting == NULL || !strcmp(mid, l->meeting)) &&
	           (!l->open_only || !strcmp(status, "open") || !strcmp(status, "in_progress"));
	int rc = 0;
	if (show && l->json) {
		rc = lk_record_json(stdout, e, m) < 0 ? -LK_EIO : 0;
	} else if (show) {
		const char *kab, *kec, *pusk;
		char *sid = lk_record_get(m, "sector_id"), *support = lk_record_get(m, "support"),
		     *from = lk_record_get(m, "period_start"), *to = lk_record_get(m, "period_end");
		lk_record_keys(m, &kab, &kec, &pusk);
		printf("%-24.24s  %-40.40s  %10s..%-10s  %-11s  %s\n", s_sector_name(l, sid), support, from, to,
		       pusk[0] ? pusk : "-", status);
		free(sid);
		free(support);
		free(from);
		free(to);
	}
	l->n += show;
	free(mid);
	free(status);
	return rc;
}

static int s_list(struct session *s, lk_store *st, int argc, char **argv)
{
	struct listing l = {(int)s->opt.json, 0, 0, NULL, NULL, 0, 0};
	int rc;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--open"))
			l.open_only = 1;
		else if (argv[i][0] != '-' && l.meeting == NULL)
			l.meeting = argv[i];
		else
			return cmd_usage("commitment");
	}
	rc = lk_store_list(st, lk_entity_find("sector"), s_name_of_sector, &l) < 0;
	if (!rc && !l.json)
		printf("%-24s  %-40s  %-22s  %-11s  %s\n", "SECTOR", "SUPPORT", "PERIOD", "PUSKESMAS", "STATUS");
	if (!rc)
		rc = lk_store_list(st, lk_entity_find("commitment"), s_row, &l) < 0;
	if (!rc && !l.json)
		printf("%d commitments\n", l.n);
	for (size_t i = 0; i < l.nnames; i++)
		free(l.names[i].name);
	free(l.names);
	return rc;
}

int cmd_commitment(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("commitment");
	if (cmd_is_help(argc, argv)) {
		cmd_help("commitment");
		printf("\n  add MEETING-ID --sector SECTOR-ID --support TEXT [--problem PROBLEM-ID]\n"
		       "      [--from DATE] [--to DATE] [--contact TEXT]\n"
		       "                             a sector's support agreed at a quarterly lokmin; the period\n"
		       "                             runs from the meeting to the end of the third month after it;\n"
		       "                             --problem names the flagged problem it answers\n"
		       "  update ID [--status open|in_progress|done|dropped] [--note EVIDENCE] [--date DAY]\n"
		       "  list [MEETING-ID] [--open]  every commitment, or those still open or in progress\n"
		       "Commitments are kept by the camat's office; a puskesmas device reads those that\n"
		       "answer its problems, and the kecamatan-wide ones, after sync.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "add"))
		return s_add(s, st, argc, argv);
	if (!strcmp(argv[1], "update"))
		return s_update(s, st, argc, argv);
	if (!strcmp(argv[1], "list"))
		return s_list(s, st, argc, argv);
	return cmd_usage("commitment");
}
