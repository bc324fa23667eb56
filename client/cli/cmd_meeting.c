/* cmd_meeting: `lokmin meeting plan|list`: a year's schedule of lokmin and its state at a glance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agenda.h"
#include "client.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "names.h"
#include "store.h"

#define MAX_HOLIDAYS 128


/* Read "YYYY-MM-DD [name]" lines; '#' starts a comment line. */
static int s_holidays(const char *path, struct lk_date *out, size_t *n)
{
	char *text = NULL, *line, *save = NULL;
	int rc = lk_read_file(path, &text, NULL), lineno = 0;
	*n = 0;
	if (rc != 0) {
		fprintf(stderr, "lokmin: cannot read %s\n", path);
		return rc;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *t = lk_trim(line), date[11];
		lineno++;
		if (*t == '\0' || *t == '#')
			continue;
		lk_strlcpy(date, t, sizeof date);
		if (*n == MAX_HOLIDAYS || lk_date_parse(date, &out[*n]) != 0) {
			fprintf(stderr, "lokmin: %s:%d: expected a date (YYYY-MM-DD) and an optional name\n", path, lineno);
			free(text);
			return -LK_EINVAL;
		}
		(*n)++;
	}
	free(text);
	return 0;
}

struct year_scan {
	const char *kind;
	int year;
	int found;
	const char *keys[3];
};

static int s_count_year(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct year_scan *y = arg;
	char *k = lk_record_get(m, "kind"), *yr = lk_record_get(m, "year");
	const char *kab, *kec, *pusk;
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (!lk_record_deleted(m) && !strcmp(k, y->kind) && atoi(yr) == y->year && !strcmp(pusk, y->keys[2]) &&
	    !strcmp(kec, y->keys[1]))
		y->found++;
	free(k);
	free(yr);
	return 0;
}

static int s_plan(struct session *s, lk_store *st, int argc, char **argv)
{
	int year = 0, day = 3, miq = 1;
	const char *kind = NULL, *holfile = NULL;
	struct lk_date hol[MAX_HOLIDAYS], dates[12];
	size_t nh = 0;
	char err[300];

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--year") && i + 1 < argc)
			year = lk_parse_arg(argv[++i]);
		else if (!strcmp(argv[i], "--day") && i + 1 < argc)
			day = lk_parse_arg(argv[++i]);
		else if (!strcmp(argv[i], "--kind") && i + 1 < argc)
			kind = argv[++i];
		else if (!strcmp(argv[i], "--month-in-quarter") && i + 1 < argc)
			miq = lk_parse_arg(argv[++i]);
		else if (!strcmp(argv[i], "--holidays") && i + 1 < argc)
			holfile = argv[++i];
		else
			return cmd_usage("meeting");
	}
	/* A puskesmas plans its monthly lokmin; the camat's office the quarterly one. */
	if (kind == NULL)
		kind = !strcmp(s->prof.role, "kecamatan") ? "quarterly" : "monthly";
	if (year < 2000 || year > 2100 || day < 1 || day > 31 || miq < 1 || miq > 3 ||
	    (strcmp(kind, "monthly") && strcmp(kind, "quarterly"))) {
		fprintf(stderr, "lokmin: meeting plan needs --year (2000-2100); --day is 1-31, --kind monthly or "
		                "quarterly, --month-in-quarter 1-3\n");
		return 2;
	}
	if (holfile && s_holidays(holfile, hol, &nh) != 0)
		return 1;
	struct year_scan ys = {kind, year, 0, {s->prof.kabupaten, s->prof.kecamatan, s->prof.puskesmas}};
	const struct lk_entity *e = lk_entity_find("meeting");
	if (lk_store_list(st, e, s_count_year, &ys) < 0)
		return 1;
	if (ys.found > 0) {
		fprintf(stderr, "lokmin: %d %s meetings of %d are already on this device; see `lokmin meeting list --year %d`\n",
		        ys.found, kind, year, year);
		return 1;
	}
	int quarterly = !strcmp(kind, "quarterly"), n = quarterly ? 4 : 12;
	if (quarterly)
		lk_schedule_quarterly(year, miq, day, hol, nh, dates);
	else
		lk_schedule_monthly(year, day, hol, nh, dates);
	/* The year's schedule is one transaction: all of it or none, also when killed. */
	if (lk_store_begin(st) != 0) {
		fprintf(stderr, "lokmin: cannot write the store: %s\n", lk_store_error(st));
		return 1;
	}
	for (int i = 0; i < n; i++) {
		ProtobufCMessage *m = lk_record_new(e);
		char id[LK_UUID_STRLEN], title[160], yr[8], per[8], date[LK_DATE_STRLEN];
		lk_uuid u;
		lk_uuid_v7(&u);
		snprintf(yr, sizeof yr, "%d", year);
		snprintf(per, sizeof per, "%d", i + 1);
		if (quarterly)
			snprintf(title, sizeof title, "Lokakarya Mini Lintas Sektor Triwulan %d Tahun %d%s", i + 1, year,
			         i == 0 ? " (Penggalangan Tim)" : "");
		else
			snprintf(title, sizeof title, "Lokakarya Mini Bulanan %s %d%s", lk_bulan(i + 1), year,
			         i == 0 ? " (Penggalangan Tim)" : "");
		int rc = lk_record_set(m, "id", lk_uuid_format(&u, id)) || lk_record_set(m, "kabupaten", s->prof.kabupaten) ||
		         lk_record_set(m, "kecamatan", s->prof.kecamatan) ||
		         lk_record_set(m, "puskesmas", quarterly ? "" : s->prof.puskesmas) || lk_record_set(m, "kind", kind) ||
		         lk_record_set(m, "year", yr) || lk_record_set(m, "period", per) ||
		         lk_record_set(m, "planned_date", lk_date_format(&dates[i], date)) ||
		         lk_record_set(m, "status", "planned") || lk_record_set(m, "title", title) ||
		         lk_record_set(m, "team_building", i == 0 ? "1" : "0");
		if (rc == 0)
			rc = lk_store_put(st, e, m, NULL, 0, err, sizeof err);
		lk_record_free(m);
		if (rc != 0) {
			fprintf(stderr, "lokmin: cannot plan meeting %d: %s\n", i + 1, err);
			lk_store_rollback(st);
			return 1;
		}
		char handle[80];
		cli_handle(s, st, DOM_MEETING, id, handle, sizeof handle);
		printf("%-8s  %-2d  %s  %s\n", handle, i + 1, date, title);
	}
	if (lk_store_commit(st) != 0) {
		fprintf(stderr, "lokmin: cannot write the store: %s\n", lk_store_error(st));
		return 1;
	}
	printf("%d %s meetings planned for %d; sent by the next sync\n", n, kind, year);
	return 0;
}

/* ---------------------------------------------------------------- list */

struct row {
	int period;
	char kind[16], planned[16], held[16], status[16], title[200], id[40], reason[120];
	int team;
};

struct listing {
	int year;
	struct row *rows;
	size_t n, cap;
};

static int s_collect(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct listing *l = arg;
	char *v;
	(void)e;
	if (lk_record_deleted(m))
		return 0;
	v = lk_record_get(m, "year");
	int year = atoi(v);
	free(v);
	if (l->year && year != l->year)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct row *nr = realloc(l->rows, cap * sizeof *nr);
		if (nr == NULL)
			return -LK_ENOMEM;
		l->rows = nr;
		l->cap = cap;
	}
	struct row *r = &l->rows[l->n++];
	memset(r, 0, sizeof *r);
	const char *fields[] = {"kind", "planned_date", "held_date", "status", "title", "status_reason"};
	char *dst[] = {r->kind, r->planned, r->held, r->status, r->title, r->reason};
	size_t sizes[] = {sizeof r->kind, sizeof r->planned, sizeof r->held, sizeof r->status, sizeof r->title,
	                  sizeof r->reason};
	for (int i = 0; i < 6; i++) {
		v = lk_record_get(m, fields[i]);
		lk_strlcpy(dst[i], v ? v : "", sizes[i]);
		free(v);
	}
	v = lk_record_get(m, "period");
	r->period = atoi(v);
	free(v);
	v = lk_record_get(m, "team_building");
	r->team = atoi(v);
	free(v);
	lk_strlcpy(r->id, lk_record_id(m), sizeof r->id);
	return 0;
}

static int s_row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int k = strcmp(x->kind, y->kind);
	if (k)
		return k;
	return strcmp(x->planned, y->planned);
}

/* What the schedule shows: held, postponed, cancelled, missed (planned and
 * past without being held) or upcoming. */
static const char *s_state(const struct row *r, const char *today)
{
	if (!strcmp(r->status, "planned"))
		return r->planned[0] && strcmp(r->planned, today) < 0 ? "missed" : "upcoming";
	return r->status;
}

static int s_list(struct session *s, lk_store *st, int argc, char **argv)
{
	struct listing l = {0};
	char today[LK_DATE_STRLEN];
	struct lk_date t;
	int64_t now_days = (int64_t)(lk_now_ms() / 86400000u);

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--year") && i + 1 < argc)
			l.year = lk_parse_arg(argv[++i]);
		else
			return cmd_usage("meeting");
	}
	lk_date_from_days(now_days, &t);
	lk_date_format(&t, today);
	if (lk_store_list(st, lk_entity_find("meeting"), s_collect, &l) < 0) {
		free(l.rows);
		return 1;
	}
	qsort(l.rows, l.n, sizeof *l.rows, s_row_cmp);
	int counts[5] = {0};
	static const char *states[] = {"held", "postponed", "cancelled", "missed", "upcoming"};
	if (!s->opt.json)
		printf("%-8s  %-9s  %-3s  %-10s  %-10s  %-9s  %s\n", "HANDLE", "KIND", "NO", "PLANNED", "HELD", "STATE", "TITLE");
	for (size_t i = 0; i < l.n; i++) {
		const struct row *r = &l.rows[i];
		const char *state = s_state(r, today);
		char handle[80];
		cli_handle(s, st, DOM_MEETING, r->id, handle, sizeof handle);
		for (int k = 0; k < 5; k++)
			counts[k] += !strcmp(state, states[k]);
		if (s->opt.json) {
			/* "handle" goes last: readers find a row by the "{\"id\":" it starts with. */
			printf("{\"id\":\"%s\",\"kind\":\"%s\",\"period\":%d,\"planned_date\":\"%s\",\"held_date\":\"%s\","
			       "\"state\":\"%s\",\"team_building\":%s,\"title\":",
			       r->id, r->kind, r->period, r->planned, r->held, state, r->team ? "true" : "false");
			json_string(stdout, r->title);
			printf(",\"handle\":");
			json_string(stdout, handle);
			printf("}\n");
		} else {
			printf("%-8s  %-9s  %-3d  %-10s  %-10s  %-9s  %s%s%s\n", handle, r->kind, r->period, r->planned,
			       r->held[0] ? r->held : "-", state, r->title, r->reason[0] ? " — " : "", r->reason);
		}
	}
	if (!s->opt.json)
		printf("%zu meetings: %d held, %d postponed, %d cancelled, %d missed, %d upcoming (today %s)\n", l.n,
		       counts[0], counts[1], counts[2], counts[3], counts[4], today);
	free(l.rows);
	return 0;
}

/* ---------------------------------------------------------------- changes */

/* Record one step of the meeting's history as its own synced record. */
static int s_event(lk_store *st, const ProtobufCMessage *mt, const char *action, const char *from, const char *to,
                   const char *reason)
{
	const struct lk_entity *e = lk_entity_find("meeting_event");
	ProtobufCMessage *ev = record_for_meeting("meeting_event", mt);
	char now[24], err[300];
	now_iso(now);
	int rc = ev == NULL || lk_record_set(ev, "action", action) ||
	         lk_record_set(ev, "from_date", from) || lk_record_set(ev, "to_date", to) ||
	         lk_record_set(ev, "reason", reason) || lk_record_set(ev, "at", now);
	if (rc == 0 && (rc = lk_store_put(st, e, ev, NULL, 0, err, sizeof err)) != 0)
		fprintf(stderr, "lokmin: cannot record the history: %s\n", err);
	lk_record_free(ev);
	return rc;
}

/* postpone | cancel | held | reschedule */
static int s_change(struct session *s, lk_store *st, int argc, char **argv)
{
	const char *what = argv[1], *to = "", *reason = "", *date = "";
	const struct lk_entity *e = lk_entity_find("meeting");
	ProtobufCMessage *m = NULL;
	struct lk_date d;
	char err[300], today[LK_DATE_STRLEN], id[40];
	int rc = 1;

	if (argc < 3)
		return cmd_usage("meeting");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--to") && i + 1 < argc)
			to = argv[++i];
		else if (!strcmp(argv[i], "--reason") && i + 1 < argc)
			reason = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc)
			date = argv[++i];
		else
			return cmd_usage("meeting");
	}
	if ((rc = cli_resolve(s, st, DOM_MEETING, argv[2], id, sizeof id)) != 0)
		return rc;
	rc = 1;
	if (lk_store_get(st, e, id, &m) != 0) {
		fprintf(stderr, "lokmin: no meeting %s on this device\n", argv[2]);
		return 1;
	}
	char *status = lk_record_get(m, "status"), *planned = lk_record_get(m, "planned_date");
	char *year = lk_record_get(m, "year");
	int postpone = !strcmp(what, "postpone"), cancel = !strcmp(what, "cancel"), held = !strcmp(what, "held");
	if (!strcmp(status, "cancelled") || (!strcmp(status, "held") && !held)) {
		fprintf(stderr, "lokmin: this meeting is %s; it cannot be %s\n", status,
		        postpone ? "postponed" : cancel ? "cancelled" : "rescheduled");
		goto out;
	}
	if ((postpone || cancel) && *reason == '\0') {
		fprintf(stderr, "lokmin: say why with --reason: a %s meeting needs its reason on record\n",
		        postpone ? "postponed" : "cancelled");
		goto out;
	}
	if (postpone && (lk_date_parse(to, &d) != 0 || d.y != atoi(year))) {
		fprintf(stderr, "lokmin: --to needs a date (YYYY-MM-DD) within the meeting's year %s\n", year);
		goto out;
	}
	if (held) {
		struct lk_date t;
		lk_date_today(&t);
		if (*date == '\0')
			date = lk_date_format(&t, today);
		if (lk_date_parse(date, &d) != 0) {
			fprintf(stderr, "lokmin: --date needs a date (YYYY-MM-DD)\n");
			goto out;
		}
	}
	const char *fields[3];
	size_t nf = 0;
	const char *action = postpone ? "postponed" : cancel ? "cancelled" : "held";
	if (lk_record_set(m, "status", action) != 0)
		goto out;
	fields[nf++] = "status";
	if (postpone) {
		if (lk_record_set(m, "planned_date", to) != 0)
			goto out;
		fields[nf++] = "planned_date";
	}
	if (held) {
		if (lk_record_set(m, "held_date", date) != 0)
			goto out;
		fields[nf++] = "held_date";
	}
	if (*reason) {
		if (lk_record_set(m, "status_reason", reason) != 0)
			goto out;
		fields[nf++] = "status_reason";
	}
	if (lk_store_put(st, e, m, fields, nf, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	if (s_event(st, m, action, planned, postpone ? to : held ? date : "", reason) != 0)
		goto out;
	printf("meeting %s %s%s%s\n", argv[2], action, postpone ? " to " : held ? " on " : "",
	       postpone ? to : held ? date : "");
	rc = 0;
out:
	free(status);
	free(planned);
	free(year);
	lk_record_free(m);
	return rc;
}

struct history {
	struct session *s;
	lk_store *st;
	const char *meeting;
	int n;
};

static int s_history_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct history *h = arg;
	char *mid = lk_record_get(m, "meeting_id");
	(void)e;
	if (!lk_record_deleted(m) && !strcmp(mid, h->meeting)) {
		char *at = lk_record_get(m, "at"), *action = lk_record_get(m, "action"), *from = lk_record_get(m, "from_date"),
		     *to = lk_record_get(m, "to_date"), *reason = lk_record_get(m, "reason");
		char handle[80];
		cli_handle(h->s, h->st, DOM_ANY, lk_record_id(m), handle, sizeof handle);
		printf("%-8s  %s  %-11s  %-10s  %-10s  %s\n", handle, at, action, from[0] ? from : "-", to[0] ? to : "-", reason);
		h->n++;
		free(at);
		free(action);
		free(from);
		free(to);
		free(reason);
	}
	free(mid);
	return 0;
}

/* ---------------------------------------------------------------- items */

static int s_item_add(struct session *s, lk_store *st, int argc, char **argv)
{
	const char *kind = NULL, *text = NULL, *source = "";
	const struct lk_entity *e = lk_entity_find("meeting_item");
	ProtobufCMessage *mt = NULL, *it;
	char err[300], id[40];

	if (argc < 3)
		return cmd_usage("meeting");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--kind") && i + 1 < argc)
			kind = argv[++i];
		else if (!strcmp(argv[i], "--text") && i + 1 < argc)
			text = argv[++i];
		else if (!strcmp(argv[i], "--source") && i + 1 < argc)
			source = argv[++i];
		else
			return cmd_usage("meeting");
	}
	if (kind == NULL || text == NULL) {
		fprintf(stderr, "lokmin: meeting item needs --kind (information, decision, audit, feedback) and --text\n");
		return 2;
	}
	int found = cli_resolve(s, st, DOM_MEETING, argv[2], id, sizeof id);
	if (found != 0)
		return found;
	if (lk_store_get(st, lk_entity_find("meeting"), id, &mt) != 0) {
		fprintf(stderr, "lokmin: no meeting %s on this device\n", argv[2]);
		return 1;
	}
	it = record_for_meeting("meeting_item", mt);
	int rc = it == NULL || lk_record_set(it, "kind", kind) ||
	         lk_record_set(it, "source", source) || lk_record_set(it, "text", text);
	if (rc == 0 && (rc = lk_store_put(st, e, it, NULL, 0, err, sizeof err)) != 0)
		fprintf(stderr, "lokmin: %s\n", err);
	if (rc == 0)
		printf("%s\n", lk_record_id(it));
	lk_record_free(it);
	lk_record_free(mt);
	return rc == 0 ? 0 : 1;
}

struct items {
	struct session *s;
	lk_store *st;
	const char *meeting;
	int n;
};

static int s_item_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct items *it = arg;
	char *mid = lk_record_get(m, "meeting_id");
	(void)e;
	if (!lk_record_deleted(m) && !strcmp(mid, it->meeting)) {
		char *kind = lk_record_get(m, "kind"), *src = lk_record_get(m, "source"), *text = lk_record_get(m, "text");
		char handle[80];
		cli_handle(it->s, it->st, DOM_MEETING_ITEM, lk_record_id(m), handle, sizeof handle);
		printf("%-10s  %-11s  %-20.20s  %s\n", handle, kind, src[0] ? src : "-", text);
		it->n++;
		free(kind);
		free(src);
		free(text);
	}
	free(mid);
	return 0;
}

int cmd_meeting(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("meeting");
	if (cmd_is_help(argc, argv)) {
		cmd_help("meeting");
		printf("\n  plan --year Y [--day 3] [--kind monthly|quarterly] [--month-in-quarter 1]\n"
		       "       [--holidays FILE]   plan the year: each meeting on that day of the month,\n"
		       "                           moved to the next working day (or the one before, at\n"
		       "                           the end of a month); the first is the team-building lokmin\n"
		       "  list [--year Y]          the schedule: held, postponed, cancelled, missed, upcoming\n"
		       "  postpone MEETING --to DATE --reason TEXT\n"
		       "  cancel MEETING --reason TEXT\n"
		       "  held MEETING [--date DATE]  record that the meeting took place (default today)\n"
		       "  history MEETING          every postponement, cancellation and holding, with reasons\n"
		       "  item MEETING --kind information|decision|audit|feedback --text T [--source S]\n"
		       "  items MEETING            the information, decisions and audit results recorded\n"
		       "  agenda MEETING           the agenda, built from open RTL, problems and the calendar\n"
		       "\nMEETING is the period as `meeting list` shows it: 2026-12 (monthly), 2026-Q1\n"
		       "(quarterly), qualified as 2026-12@P3324010101 or 2026-12@Kedungmundu off your\n"
		       "own office; a full meeting id also works.\n"
		       "FILE lists holidays, one YYYY-MM-DD (and a name) per line.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "plan"))
		return s_plan(s, st, argc, argv);
	if (!strcmp(argv[1], "list"))
		return s_list(s, st, argc, argv);
	if (!strcmp(argv[1], "postpone") || !strcmp(argv[1], "cancel") || !strcmp(argv[1], "held"))
		return s_change(s, st, argc, argv);
	if (!strcmp(argv[1], "item"))
		return s_item_add(s, st, argc, argv);
	char mid[40];
	if ((!strcmp(argv[1], "agenda") || !strcmp(argv[1], "items") || !strcmp(argv[1], "history")) && argc == 3) {
		int rc = cli_resolve(s, st, DOM_MEETING, argv[2], mid, sizeof mid);
		if (rc != 0)
			return rc;
	}
	if (!strcmp(argv[1], "agenda") && argc == 3) {
		ProtobufCMessage *mt = NULL;
		if (lk_store_get(st, lk_entity_find("meeting"), mid, &mt) != 0) {
			fprintf(stderr, "lokmin: no meeting %s on this device\n", argv[2]);
			return 1;
		}
		char *title = lk_record_get(mt, "title"), *pd = lk_record_get(mt, "planned_date");
		printf("Acara %s (%s):\n", title, pd);
		free(title);
		free(pd);
		int rc = agenda_write(st, mt, stdout);
		lk_record_free(mt);
		return rc == 0 ? 0 : 1;
	}
	if (!strcmp(argv[1], "items") && argc == 3) {
		struct items it = {s, st, mid, 0};
		printf("%-10s  %-11s  %-20s  %s\n", "HANDLE", "KIND", "SOURCE", "TEXT");
		if (lk_store_list(st, lk_entity_find("meeting_item"), s_item_row, &it) < 0)
			return 1;
		printf("%d items\n", it.n);
		return 0;
	}
	if (!strcmp(argv[1], "history") && argc == 3) {
		struct history h = {s, st, mid, 0};
		printf("%-8s  %-20s  %-11s  %-10s  %-10s  %s\n", "HANDLE", "RECORDED", "ACTION", "FROM", "TO", "REASON");
		if (lk_store_list(st, lk_entity_find("meeting_event"), s_history_row, &h) < 0)
			return 1;
		if (h.n == 0)
			printf("no changes recorded: the meeting is as planned\n");
		return 0;
	}
	return cmd_usage("meeting");
}
