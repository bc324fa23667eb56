/* cmd_conflicts: `lokmin conflicts`: list the conflicts the server found, and settle them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "conflicts.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "names.h"
#include "record_ops.h"
#include "store.h"

struct listing {
	int all;
	int json;
	int count;
	const struct session *s;
	lk_store *st;
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
	char handle[80];
	cli_handle(l->s, l->st, DOM_ANY, lk_record_id(c), handle, sizeof handle);
	if (l->json)
		return cli_json_handle(e, c, handle);
	char *ent = lk_record_get(c, "record_entity"), *rid = lk_record_get(c, "record_id"),
	     *field = lk_record_get(c, "field"), *kind = lk_record_get(c, "kind"), *win = lk_record_get(c, "winner"),
	     *sv = lk_record_get(c, "server_value"), *cv = lk_record_get(c, "client_value");
	/* The handle leads the line (`conflicts resolve` takes it); the record is named by its own handle. */
	char rhandle[80];
	cli_handle(l->s, l->st, dom_record_kind(ent), rid, rhandle, sizeof rhandle);
	printf("%-8s  %s %s.%s  %s, %s\n", handle, ent, strcmp(rhandle, "-") ? rhandle : rid, field, kind,
	       s_truthy(c, "resolved") ? _("settled") : _("open: choose a version"));
	printf(_("    on the server: %.70s%s\n"), sv, strlen(sv) > 70 ? "..." : "");
	printf(_("    other change:  %.70s%s%s\n"), cv, strlen(cv) > 70 ? "..." : "",
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
	fprintf(stderr, _("usage: lokmin conflicts [--all] [--json]\n"
	                "       lokmin conflicts resolve ID --keep server|other | --value TEXT\n"));
	return 2;
}

/* Settle conflict text (an id, or its last 8 hex digits) through the domain. */
static int s_resolve(struct session *s, lk_store *st, const char *text, const char *keep, const char *value)
{
	struct dom_conflict_resolve_in in = {NULL, keep, value};
	struct dom_conflict_resolve_out out;
	struct dom d;
	struct dom_err err;
	char id[40];
	if (lk_uuid_canonical(text))
		lk_strlcpy(id, text, sizeof id);
	else if (cli_resolve(s, st, DOM_ANY, text, id, sizeof id) != 0)
		return 2;
	in.id = id;
	cli_dom(s, &d);
	int rc = dom_conflict_resolve(&d, &in, &out, &err);
	if (rc != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	printf(_("settled %s: %s.%s %s; sent by the next sync\n"), id, out.entity, out.field, out.resolution);
	return 0;
}

int cmd_conflicts(struct session *s, int argc, char **argv)
{
	struct listing l = {.json = (int)s->opt.json, .s = s};
	lk_store *st;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf(_("usage: lokmin conflicts [--all] [--json]\n"
		       "       lokmin conflicts resolve ID --keep server|other | --value TEXT\n\n"
		       "Conflicts are concurrent changes to the same field found by the server. A scalar\n"
		       "field is settled by time (the later change wins) and listed with --all; a\n"
		       "narrative text (notes, minutes) keeps both versions until someone chooses.\n"
		       "ID is the conflict's id or its handle, the last 8 hex digits shown in [brackets].\n"));
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	l.st = st;
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
		return s_resolve(s, st, argv[2], keep, value);
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all"))
			l.all = 1;
		else
			return s_usage();
	}
	rc = lk_store_list(st, lk_entity_find("conflict"), s_row, &l);
	if (rc < 0) {
		fprintf(stderr, _("lokmin: cannot read conflicts: %s\n"), lk_store_error(st));
		return 1;
	}
	if (!l.json && l.count == 0)
		fputs(l.all ? _("no conflicts\n") : _("no open conflicts\n"), stdout);
	return 0;
}
