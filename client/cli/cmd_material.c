/* cmd_material: `lokmin material`: programme holders' material for a meeting, and who is late or missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_json.h"
#include "lk_util.h"
#include "names.h"
#include "store.h"

#define MATERIAL_DAYS_BEFORE 3

static int s_submit(struct session *s, lk_store *st, int argc, char **argv)
{
	const char *prog = NULL, *person = "", *note = "";
	const struct lk_entity *e = lk_entity_find("material");
	ProtobufCMessage *mt = NULL, *m;
	char now[24], err[300], mid[40], pid[40] = "";

	if (argc < 3)
		return cmd_usage("material");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--programme") && i + 1 < argc)
			prog = argv[++i];
		else if (!strcmp(argv[i], "--person") && i + 1 < argc)
			person = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			note = argv[++i];
		else
			return cmd_usage("material");
	}
	if (prog == NULL) {
		fprintf(stderr, "lokmin: say which programme the material is for (--programme KIA, --programme klaster2 ...)\n");
		return 2;
	}
	int found = cli_resolve(s, st, DOM_MEETING, argv[2], mid, sizeof mid);
	if (found == 0 && *person)
		found = cli_resolve(s, st, DOM_PERSON, person, pid, sizeof pid);
	if (found != 0)
		return found;
	if (lk_store_get(st, lk_entity_find("meeting"), mid, &mt) != 0) {
		fprintf(stderr, "lokmin: no meeting %s on this device\n", argv[2]);
		return 1;
	}
	now_iso(now);
	m = record_for_meeting("material", mt);
	int rc = m == NULL || lk_record_set(m, "person_id", pid) ||
	         lk_record_set(m, "programme", prog) || lk_record_set(m, "submitted_at", now) ||
	         lk_record_set(m, "note", note);
	if (rc == 0 && (rc = lk_store_put(st, e, m, NULL, 0, err, sizeof err)) != 0)
		fprintf(stderr, "lokmin: %s\n", err);
	if (rc == 0)
		printf("%s\n", lk_record_id(m));
	lk_record_free(m);
	lk_record_free(mt);
	return rc == 0 ? 0 : 1;
}

/* ---------------------------------------------------------------- status */

struct sub {
	char programme[48];
	char person[40];
	char date[11]; /* day submitted, UTC */
	int used;
};

struct scan {
	const char *meeting;
	const char *pusk, *kec;
	struct sub subs[256];
	int nsubs;
	struct {
		char name[120];
		char id[40];
		char programme[48];
	} holders[256];
	int nholders;
};

static int s_material_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct scan *sc = arg;
	char *mid = lk_record_get(m, "meeting_id");
	(void)e;
	if (!lk_record_deleted(m) && !strcmp(mid, sc->meeting) && sc->nsubs < 256) {
		struct sub *s = &sc->subs[sc->nsubs++];
		char *p = lk_record_get(m, "programme"), *who = lk_record_get(m, "person_id"),
		     *at = lk_record_get(m, "submitted_at");
		lk_strlcpy(s->programme, p, sizeof s->programme);
		lk_strlcpy(s->person, who, sizeof s->person);
		lk_strlcpy(s->date, at, sizeof s->date);
		s->used = 0;
		free(p);
		free(who);
		free(at);
	}
	free(mid);
	return 0;
}

/* Every programme a person of this office holds is a material expected. */
static int s_holder_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct scan *sc = arg;
	const char *kab, *kec, *pusk;
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (lk_record_deleted(m) || strcmp(pusk, sc->pusk) || strcmp(kec, sc->kec))
		return 0;
	char *progs = lk_record_get(m, "programmes"), *name = lk_record_get(m, "name"), *save = NULL;
	for (char *p = strtok_r(progs, ",", &save); p && sc->nholders < 256; p = strtok_r(NULL, ",", &save)) {
		p = lk_trim(p);
		if (*p == '\0')
			continue;
		lk_strlcpy(sc->holders[sc->nholders].name, name, sizeof sc->holders[0].name);
		lk_strlcpy(sc->holders[sc->nholders].id, lk_record_id(m), sizeof sc->holders[0].id);
		lk_strlcpy(sc->holders[sc->nholders].programme, p, sizeof sc->holders[0].programme);
		sc->nholders++;
	}
	free(progs);
	free(name);
	return 0;
}

static int s_status(struct session *s, lk_store *st, const char *text)
{
	char meeting[40], handle[80];
	ProtobufCMessage *mt = NULL;
	struct scan *sc = calloc(1, sizeof *sc);
	struct lk_date planned, deadline;
	char dl[LK_DATE_STRLEN];
	int on_time = 0, late = 0, missing = 0;

	if (sc == NULL)
		return 1;
	int found = cli_resolve(s, st, DOM_MEETING, text, meeting, sizeof meeting);
	if (found != 0) {
		free(sc);
		return found;
	}
	if (lk_store_get(st, lk_entity_find("meeting"), meeting, &mt) != 0) {
		fprintf(stderr, "lokmin: no meeting %s on this device\n", text);
		free(sc);
		return 1;
	}
	char *pd = lk_record_get(mt, "planned_date");
	if (lk_date_parse(pd, &planned) != 0) {
		fprintf(stderr, "lokmin: the meeting has no planned date yet\n");
		free(pd);
		free(sc);
		lk_record_free(mt);
		return 1;
	}
	free(pd);
	lk_date_from_days(lk_date_days(&planned) - MATERIAL_DAYS_BEFORE, &deadline);
	lk_date_format(&deadline, dl);
	const char *kab;
	lk_record_keys(mt, &kab, &sc->kec, &sc->pusk);
	sc->meeting = meeting;
	if (lk_store_list(st, lk_entity_find("material"), s_material_row, sc) < 0 ||
	    lk_store_list(st, lk_entity_find("person"), s_holder_row, sc) < 0) {
		free(sc);
		lk_record_free(mt);
		return 1;
	}
	if (!s->opt.json)
		printf("%-10s  %-12s  %-30s  %-10s  %s\n", "HANDLE", "PROGRAMME", "HOLDER", "SUBMITTED", "STATE");
	for (int i = 0; i < sc->nholders; i++) {
		const char *state = "missing", *when = "-";
		/* The holder's own material for the programme, else anyone's for it. */
		struct sub *best = NULL;
		for (int k = 0; k < sc->nsubs; k++) {
			struct sub *sb = &sc->subs[k];
			if (sb->used || strcmp(sb->programme, sc->holders[i].programme))
				continue;
			if (best == NULL || !strcmp(sb->person, sc->holders[i].id))
				best = sb;
		}
		if (best) {
			best->used = 1;
			when = best->date;
			state = strcmp(best->date, dl) <= 0 ? "on time" : "late";
		}
		on_time += !strcmp(state, "on time");
		late += !strcmp(state, "late");
		missing += !strcmp(state, "missing");
		cli_handle(s, st, DOM_PERSON, sc->holders[i].id, handle, sizeof handle);
		if (s->opt.json) {
			printf("{\"programme\":");
			json_string(stdout, sc->holders[i].programme);
			printf(",\"holder\":");
			json_string(stdout, sc->holders[i].name);
			printf(",\"submitted\":\"%s\",\"state\":\"%s\",\"deadline\":\"%s\",\"handle\":", best ? when : "", state, dl);
			json_string(stdout, handle);
			printf("}\n");
		} else {
			printf("%-10s  %-12s  %-30.30s  %-10s  %s\n", handle, sc->holders[i].programme, sc->holders[i].name, when, state);
		}
	}
	if (!s->opt.json)
		printf("deadline %s (%d days before the meeting): %d on time, %d late, %d missing\n", dl,
		       MATERIAL_DAYS_BEFORE, on_time, late, missing);
	free(sc);
	lk_record_free(mt);
	return 0;
}

int cmd_material(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("material");
	if (cmd_is_help(argc, argv)) {
		cmd_help("material");
		printf("\n  submit MEETING --programme P [--person PERSON] [--note TEXT]\n"
		       "  status MEETING        who is on time, late or missing (due %d days before)\n"
		       "MEETING is the period as `meeting list` shows it (2026-12, 2026-Q1) or an id;\n"
		       "PERSON a part of the name, the NIP or an id.\n"
		       "Attach files to a material with `lokmin attach material ID FILE`.\n",
		       MATERIAL_DAYS_BEFORE);
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "submit"))
		return s_submit(s, st, argc, argv);
	if (!strcmp(argv[1], "status") && argc == 3)
		return s_status(s, st, argv[2]);
	return cmd_usage("material");
}
