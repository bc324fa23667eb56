/* cmd_attend: `lokmin attend`: the invitees of a meeting, check-in, walk-ins and the attendance list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_json.h"
#include "lk_util.h"
#include "names.h"
#include "store.h"

struct rows {
	const char *meeting;
	ProtobufCMessage **list;
	size_t n, cap;
};

static int s_collect(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct rows *r = arg;
	char *mid = lk_record_get(m, "meeting_id");
	int mine = !lk_record_deleted(m) && !strcmp(mid, r->meeting);
	free(mid);
	if (!mine)
		return 0;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		ProtobufCMessage **nl = realloc(r->list, cap * sizeof *nl);
		if (nl == NULL)
			return -LK_ENOMEM;
		r->list = nl;
		r->cap = cap;
	}
	r->list[r->n] = lk_record_copy(e, m);
	return r->list[r->n++] ? 0 : -LK_ENOMEM;
}

static void s_rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		lk_record_free(r->list[i]);
	free(r->list);
}

/* The meeting, refusing a cancelled one; NULL with the reason printed. */
static ProtobufCMessage *s_open_meeting(lk_store *st, const char *id)
{
	ProtobufCMessage *mt = NULL;
	if (lk_store_get(st, lk_entity_find("meeting"), id, &mt) != 0) {
		fprintf(stderr, "lokmin: no meeting %s on this device\n", id);
		return NULL;
	}
	char *status = lk_record_get(mt, "status");
	int cancelled = !strcmp(status, "cancelled");
	free(status);
	if (cancelled) {
		fprintf(stderr, "lokmin: this meeting was cancelled; attendance for a cancelled meeting is refused\n");
		lk_record_free(mt);
		return NULL;
	}
	return mt;
}

static ProtobufCMessage *s_new_row(const ProtobufCMessage *mt, const char *person, const char *name, const char *role,
                                   const char *sector, int invited)
{
	ProtobufCMessage *a = record_for_meeting("attendance", mt);
	if (a == NULL || lk_record_set(a, "person_id", person) || lk_record_set(a, "sector_id", sector) ||
	    lk_record_set(a, "name", name) || lk_record_set(a, "role", role) ||
	    lk_record_set(a, "invited", invited ? "1" : "0") || lk_record_set(a, "walk_in", invited ? "0" : "1")) {
		lk_record_free(a);
		return NULL;
	}
	return a;
}

struct inviting {
	lk_store *st;
	const ProtobufCMessage *mt;
	struct rows *have;
	int added;
	int rc;
};

static int s_invite_person(const struct lk_entity *e, const ProtobufCMessage *p, void *arg)
{
	struct inviting *iv = arg;
	const char *kab, *kec, *pusk, *mkab, *mkec, *mpusk;
	char err[300];
	(void)e;
	lk_record_keys(p, &kab, &kec, &pusk);
	lk_record_keys(iv->mt, &mkab, &mkec, &mpusk);
	char *prole = lk_record_get(p, "role");
	/* A cross-sector meeting also invites the Kapus of every puskesmas of the kecamatan. */
	int kapus_of_kecamatan = !mpusk[0] && pusk[0] && !strcmp(prole, "kapus");
	free(prole);
	if (lk_record_deleted(p) || strcmp(kec, mkec) || (strcmp(pusk, mpusk) && !kapus_of_kecamatan))
		return 0;
	for (size_t i = 0; i < iv->have->n; i++) {
		char *pid = lk_record_get(iv->have->list[i], "person_id");
		int dup = !strcmp(pid, lk_record_id(p));
		free(pid);
		if (dup)
			return 0; /* already on the list */
	}
	char *name = lk_record_get(p, "name"), *title = lk_record_get(p, "title"), *sector = lk_record_get(p, "sector_id"),
	     role[260];
	snprintf(role, sizeof role, "%s%s%s", title, kapus_of_kecamatan ? " " : "", kapus_of_kecamatan ? pusk : "");
	ProtobufCMessage *a = s_new_row(iv->mt, lk_record_id(p), name, role, sector, 1);
	free(sector);
	int rc = a ? lk_store_put(iv->st, lk_entity_find("attendance"), a, NULL, 0, err, sizeof err) : -LK_ENOMEM;
	if (rc != 0)
		fprintf(stderr, "lokmin: cannot invite %s: %s\n", name, err);
	else
		iv->added++;
	free(name);
	free(title);
	lk_record_free(a);
	iv->rc = rc;
	return rc;
}

static int s_checkin(struct session *s, lk_store *st, ProtobufCMessage *mt, struct rows *have, int argc,
                     char **argv)
{
	const char *person = NULL, *name = NULL, *role = "";
	char now[24], err[300], who[40];
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--name") && i + 1 < argc)
			name = argv[++i];
		else if (!strcmp(argv[i], "--role") && i + 1 < argc)
			role = argv[++i];
		else if (argv[i][0] != '-' && person == NULL)
			person = argv[i];
		else
			return cmd_usage("attend");
	}
	if (!person == !name) {
		fprintf(stderr, "lokmin: give a PERSON from the staff list (part of the name, the NIP or the id), or --name "
		                "for someone not on it\n");
		return 2;
	}
	if (person) {
		int found = cli_resolve(s, st, DOM_PERSON, person, who, sizeof who);
		if (found != 0)
			return found;
		person = who;
	}
	now_iso(now);
	ProtobufCMessage *row = NULL;
	for (size_t i = 0; person && i < have->n && !row; i++) {
		char *pid = lk_record_get(have->list[i], "person_id");
		if (!strcmp(pid, person))
			row = have->list[i];
		free(pid);
	}
	const struct lk_entity *e = lk_entity_find("attendance");
	int rc;
	if (row) {
		const char *f[2] = {"present", "checked_in_at"};
		rc = lk_record_set(row, "present", "1") || lk_record_set(row, "checked_in_at", now) ||
		     lk_store_put(st, e, row, f, 2, err, sizeof err);
	} else {
		/* Not invited: a walk-in, from the staff list or by name. */
		ProtobufCMessage *p = NULL;
		char *pname = NULL, *ptitle = NULL;
		if (person) {
			if (lk_store_get(st, lk_entity_find("person"), person, &p) != 0) {
				fprintf(stderr, "lokmin: no person %s on this device\n", person);
				return 1;
			}
			pname = lk_record_get(p, "name");
			ptitle = lk_record_get(p, "title");
		}
		char *psector = p ? lk_record_get(p, "sector_id") : NULL;
		ProtobufCMessage *a = s_new_row(mt, person ? person : "", person ? pname : name, person ? ptitle : role,
		                                psector ? psector : "", 0);
		free(psector);
		rc = a == NULL || lk_record_set(a, "present", "1") || lk_record_set(a, "checked_in_at", now) ||
		     lk_store_put(st, e, a, NULL, 0, err, sizeof err);
		lk_record_free(a);
		lk_record_free(p);
		free(pname);
		free(ptitle);
	}
	if (rc != 0) {
		fprintf(stderr, "lokmin: check-in not recorded: %s\n", err);
		return 1;
	}
	printf("checked in at %s%s\n", now, row ? "" : " (walk-in)");
	return 0;
}

/* The name of the sector a row belongs to ("-" for none). */
static void s_unsur(lk_store *st, const ProtobufCMessage *a, char *out, size_t n)
{
	char *sid = lk_record_get(a, "sector_id");
	ProtobufCMessage *sec = NULL;
	snprintf(out, n, "-");
	if (sid[0] && lk_store_get(st, lk_entity_find("sector"), sid, &sec) == 0) {
		char *name = lk_record_get(sec, "name");
		snprintf(out, n, "%s", name);
		free(name);
	}
	lk_record_free(sec);
	free(sid);
}

/* Attendance by sector: how many of each sector's invitees came. */
struct by_sector {
	char name[128];
	int invited, present;
};

static void s_count_sector(struct by_sector *v, size_t *n, size_t max, const char *name, int inv, int pre)
{
	size_t i;
	for (i = 0; i < *n && strcmp(v[i].name, name); i++)
		;
	if (i == *n && *n < max) {
		memset(&v[i], 0, sizeof v[i]);
		snprintf(v[(*n)++].name, sizeof v[0].name, "%s", name);
	}
	if (i < *n) {
		v[i].invited += inv;
		v[i].present += pre;
	}
}

/* The row as lk_record_json writes it, with its "handle" added before the closing brace. */
static int s_row_json(const ProtobufCMessage *a, const char *handle)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL)
		return -LK_ENOMEM;
	int rc = lk_record_json(f, lk_entity_find("attendance"), a);
	fclose(f);
	if (rc == 0 && len >= 2 && !strcmp(buf + len - 2, "}\n")) {
		buf[len - 2] = '\0';
		printf("%s,\"handle\":", buf);
		json_string(stdout, handle);
		printf("}\n");
	} else if (rc == 0) {
		fputs(buf, stdout);
	}
	free(buf);
	return rc;
}

static int s_list(struct session *s, lk_store *st, struct rows *have)
{
	int invited = 0, present = 0, walkins = 0, rc = 0;
	char handle[80];
	struct by_sector sec[64];
	size_t nsec = 0;
	if (!s->opt.json)
		printf("%-10s  %-3s  %-30s  %-24s  %-20s  %-7s  %-7s  %s\n", "HANDLE", "NO", "NAME", "ROLE", "SECTOR", "INVITED", "PRESENT",
		       "CHECKED IN");
	for (size_t i = 0; i < have->n; i++) {
		const ProtobufCMessage *a = have->list[i];
		char *name = lk_record_get(a, "name"), *role = lk_record_get(a, "role"), *inv = lk_record_get(a, "invited"),
		     *pre = lk_record_get(a, "present"), *at = lk_record_get(a, "checked_in_at"),
		     *walk = lk_record_get(a, "walk_in"), unsur[128];
		s_unsur(st, a, unsur, sizeof unsur);
		invited += !strcmp(inv, "1");
		present += !strcmp(pre, "1");
		walkins += !strcmp(walk, "1");
		if (strcmp(unsur, "-"))
			s_count_sector(sec, &nsec, LK_ARRAY_LEN(sec), unsur, !strcmp(inv, "1"), !strcmp(pre, "1"));
		cli_handle(s, st, DOM_ATTENDANCE, lk_record_id(a), handle, sizeof handle);
		if (s->opt.json)
			rc |= s_row_json(a, handle);
		else
			printf("%-10s  %-3zu  %-30.30s  %-24.24s  %-20.20s  %-7s  %-7s  %s%s\n", handle, i + 1, name, role, unsur,
			       !strcmp(inv, "1") ? "yes" : "no", !strcmp(pre, "1") ? "yes" : "no", at[0] ? at : "-",
			       !strcmp(walk, "1") ? "  walk-in" : "");
		free(name);
		free(role);
		free(inv);
		free(pre);
		free(at);
		free(walk);
	}
	if (!s->opt.json) {
		printf("%d invited, %d present, %d walk-ins\n", invited, present, walkins);
		for (size_t i = 0; i < nsec; i++)
			printf("  %s: %d present of %d invited\n", sec[i].name, sec[i].present, sec[i].invited);
	}
	return rc ? 1 : 0;
}

int cmd_attend(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 3 && !cmd_is_help(argc, argv))
		return cmd_usage("attend");
	if (cmd_is_help(argc, argv)) {
		cmd_help("attend");
		printf("\n  invite MEETING            invite everyone on this office's staff list (for a quarterly\n"
		       "                            meeting: the sectors' representatives and each puskesmas' Kapus)\n"
		       "  checkin MEETING PERSON    record that someone arrived (a walk-in when not invited)\n"
		       "  checkin MEETING --name NAME [--role R]   someone not on the staff list\n"
		       "  list MEETING              the attendance list\n"
		       "\nMEETING is the period as `meeting list` shows it (2026-12, 2026-Q1) or an id;\n"
		       "PERSON a part of the name, the NIP or an id.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	char mid[40];
	int found = cli_resolve(s, st, DOM_MEETING, argv[2], mid, sizeof mid);
	if (found != 0)
		return found;
	struct rows have = {.meeting = mid};
	if (lk_store_list(st, lk_entity_find("attendance"), s_collect, &have) < 0)
		return 1;
	int rc = 2;
	if (!strcmp(argv[1], "list") && argc == 3) {
		rc = s_list(s, st, &have);
	} else if (!strcmp(argv[1], "invite") || !strcmp(argv[1], "checkin")) {
		ProtobufCMessage *mt = s_open_meeting(st, mid);
		if (mt == NULL) {
			rc = 1;
		} else if (!strcmp(argv[1], "invite") && argc == 3) {
			struct inviting iv = {st, mt, &have, 0, 0};
			/* The whole invitation list is one transaction: all invited or none. */
			if ((iv.rc = lk_store_begin(st)) != 0)
				fprintf(stderr, "lokmin: cannot write the store: %s\n", lk_store_error(st));
			else if (lk_store_list(st, lk_entity_find("person"), s_invite_person, &iv) < 0 || iv.rc != 0) {
				if (iv.rc == 0) {
					fprintf(stderr, "lokmin: cannot read the staff list: %s\n", lk_store_error(st));
					iv.rc = -LK_EIO;
				}
				lk_store_rollback(st);
			} else if ((iv.rc = lk_store_commit(st)) != 0)
				fprintf(stderr, "lokmin: cannot write the store: %s\n", lk_store_error(st));
			if (iv.rc == 0)
				printf("%d invited\n", iv.added);
			rc = iv.rc == 0 ? 0 : 1;
		} else if (!strcmp(argv[1], "checkin")) {
			rc = s_checkin(s, st, mt, &have, argc, argv);
		} else {
			rc = cmd_usage("attend");
		}
		lk_record_free(mt);
	} else {
		rc = cmd_usage("attend");
	}
	s_rows_free(&have);
	return rc;
}
