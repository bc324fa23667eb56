/* cmd_conflicts: `lokmin conflicts`: list the conflicts the server found, and settle them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_json.h"
#include "store.h"

struct listing {
	int all;
	int json;
	int count;
};

static int s_truthy(const ProtobufCMessage *m, const char *field)
{
	char *v = lk_record_get(m, field);
	int t = v && strcmp(v, "1") == 0;
	free(v);
	return t;
}

static int s_row(const struct lk_entity *e, const ProtobufCMessage *c, void *arg)
{
	struct listing *l = arg;
	if (lk_record_deleted(c) || (!l->all && s_truthy(c, "resolved")))
		return 0;
	l->count++;
	if (l->json)
		return lk_record_json(stdout, e, c) < 0 ? -LK_EIO : 0;
	char *ent = lk_record_get(c, "record_entity"), *rid = lk_record_get(c, "record_id"),
	     *field = lk_record_get(c, "field"), *kind = lk_record_get(c, "kind"), *win = lk_record_get(c, "winner"),
	     *sv = lk_record_get(c, "server_value"), *cv = lk_record_get(c, "client_value");
	printf("%s  %s %s.%s  %s, %s\n", lk_record_id(c), ent, rid, field, kind,
	       s_truthy(c, "resolved") ? "settled" : "open: choose a version");
	printf("    on the server: %.70s%s\n", sv, strlen(sv) > 70 ? "..." : "");
	printf("    other change:  %.70s%s%s\n", cv, strlen(cv) > 70 ? "..." : "",
	       !strcmp(win, "client") ? "  (kept: later change)" : !strcmp(win, "server") ? "  (lost: earlier change)" : "");
	free(ent);
	free(rid);
	free(field);
	free(kind);
	free(win);
	free(sv);
	free(cv);
	return 0;
}

static int s_usage(void)
{
	fprintf(stderr, "usage: lokmin conflicts [--all] [--json]\n"
	                "       lokmin conflicts resolve ID --keep server|other | --value TEXT\n");
	return 2;
}

/* Put the chosen value into the record, then mark the conflict settled; both sync as changes. */
static int s_resolve(lk_store *st, const char *id, const char *keep, const char *value)
{
	const struct lk_entity *ce = lk_entity_find("conflict");
	ProtobufCMessage *c = NULL, *rec = NULL;
	char err[300], resolution[200];
	int rc;

	if ((rc = lk_store_get(st, ce, id, &c)) != 0) {
		fprintf(stderr, "lokmin: no conflict %s on this device (run `lokmin sync` first?)\n", id);
		return 1;
	}
	char *ent = lk_record_get(c, "record_entity"), *rid = lk_record_get(c, "record_id"),
	     *field = lk_record_get(c, "field"), *chosen = NULL;
	const struct lk_entity *e = lk_entity_find(ent);
	if (value)
		chosen = strdup(value);
	else
		chosen = lk_record_get(c, !strcmp(keep, "server") ? "server_value" : "client_value");
	snprintf(resolution, sizeof resolution, "%s",
	         value ? "settled with an edited text" : !strcmp(keep, "server") ? "kept the server's version"
	                                                                        : "kept the other version");
	rc = 1;
	if (e == NULL || lk_store_get(st, e, rid, &rec) != 0) {
		fprintf(stderr, "lokmin: the %s record %s is not on this device\n", ent, rid);
		goto out;
	}
	/* The chosen value and the settled conflict are one transaction: a
	 * conflict is never settled without its value, nor the value left unsettled. */
	if (lk_store_begin(st) != 0) {
		fprintf(stderr, "lokmin: cannot write the store: %s\n", lk_store_error(st));
		goto out;
	}
	const char *rf[1] = {field};
	if (lk_record_set(rec, field, chosen) != 0 || lk_store_put(st, e, rec, rf, 1, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: cannot write the chosen value: %s\n", err);
		lk_store_rollback(st);
		goto out;
	}
	const char *cf[2] = {"resolved", "resolution"};
	if (lk_record_set(c, "resolved", "1") != 0 || lk_record_set(c, "resolution", resolution) != 0 ||
	    lk_store_put(st, ce, c, cf, 2, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: cannot mark the conflict settled: %s\n", err);
		lk_store_rollback(st);
		goto out;
	}
	if (lk_store_commit(st) != 0) {
		fprintf(stderr, "lokmin: cannot write the store: %s\n", lk_store_error(st));
		goto out;
	}
	printf("settled %s: %s.%s %s; sent by the next sync\n", id, ent, field, resolution);
	rc = 0;
out:
	free(ent);
	free(rid);
	free(field);
	free(chosen);
	lk_record_free(c);
	lk_record_free(rec);
	return rc;
}

int cmd_conflicts(struct session *s, int argc, char **argv)
{
	struct listing l = {.json = (int)s->opt.json};
	lk_store *st;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: lokmin conflicts [--all] [--json]\n"
		       "       lokmin conflicts resolve ID --keep server|other | --value TEXT\n\n"
		       "Conflicts are concurrent changes to the same field found by the server. A scalar\n"
		       "field is settled by time (the later change wins) and listed with --all; a\n"
		       "narrative text (notes, minutes) keeps both versions until someone chooses.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (argc > 1 && !strcmp(argv[1], "resolve")) {
		const char *keep = NULL, *value = NULL;
		if (argc < 3)
			return s_usage();
		for (int i = 3; i < argc; i++) {
			if (!strcmp(argv[i], "--keep") && i + 1 < argc &&
			    (!strcmp(argv[i + 1], "server") || !strcmp(argv[i + 1], "other")))
				keep = argv[++i];
			else if (!strcmp(argv[i], "--value") && i + 1 < argc)
				value = argv[++i];
			else
				return s_usage();
		}
		if (!keep == !value)
			return s_usage();
		return s_resolve(st, argv[2], keep ? keep : "", value);
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all"))
			l.all = 1;
		else
			return s_usage();
	}
	rc = lk_store_list(st, lk_entity_find("conflict"), s_row, &l);
	if (rc < 0) {
		fprintf(stderr, "lokmin: cannot read conflicts: %s\n", lk_store_error(st));
		return 1;
	}
	if (!l.json && l.count == 0)
		printf("no %sconflicts\n", l.all ? "" : "open ");
	return 0;
}
