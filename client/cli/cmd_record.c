/* cmd_record: record put/get/list/delete, export, status and failed, all against the offline store. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "names.h"
#include "record_ops.h"
#include "store.h"

/* ---------------------------------------------------------------- entities and fields */

/* The entity list with every field, from the entity table. */
static void s_entity_help(FILE *f)
{
	fprintf(f, _("\nEntities and their fields (* required):\n"));
	for (size_t i = 0; i < lk_entities_count; i++) {
		const struct lk_entity *e = &lk_entities[i];
		fprintf(f, "  %s%s\n", e->name, e->server_only ? _(" (made by the server; can only be settled)") : "");
		for (size_t j = 0; j < e->nfields; j++) {
			const struct lk_field *fd = &e->fields[j];
			fprintf(f, "    %-20s %s%s", fd->name, dom_field_kind_name(fd->kind), fd->flags & LK_FF_REQUIRED ? " *" : "");
			if (fd->choices) {
				fprintf(f, ": ");
				for (int c = 0; fd->choices[c]; c++)
					fprintf(f, "%s%s", c ? ", " : "", fd->choices[c]);
			}
			fputc('\n', f);
		}
	}
}

static const struct lk_entity *s_entity(const char *name)
{
	const struct lk_entity *e = lk_entity_find(name);
	if (e == NULL) {
		fprintf(stderr, _("lokmin: unknown entity \"%s\"; one of:"), name);
		for (size_t i = 0; i < lk_entities_count; i++)
			fprintf(stderr, " %s", lk_entities[i].name);
		fputc('\n', stderr);
	}
	return e;
}

/* The id text names into id: a full id as it is (the domain says when there is no such
 * record), else a handle through the resolver. 0, or the exit status after saying why. */
static int s_id(struct session *s, lk_store *st, const struct lk_entity *e, const char *text, char *id, size_t n)
{
	if (lk_uuid_canonical(text)) {
		lk_strlcpy(id, text, n);
		return 0;
	}
	return cli_resolve(s, st, dom_record_kind(e->name), text, id, n);
}

static int s_put(struct session *s, lk_store *st, const struct lk_entity *e, const char *idtext, int argc,
                 char **argv)
{
	struct dom_field_value *fv = calloc((size_t)argc + 1, sizeof *fv);
	char **names = calloc((size_t)argc + 1, sizeof *names);
	char id[40], newid[40];
	int rc = 1;

	if (names == NULL || fv == NULL)
		goto out;
	if (idtext && (rc = s_id(s, st, e, idtext, id, sizeof id)) != 0)
		goto out;
	rc = 1;
	for (int i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (eq == NULL || eq == argv[i]) {
			fprintf(stderr, _("lokmin: \"%s\" is not field=value\n"), argv[i]);
			rc = 2;
			goto out;
		}
		if ((names[i] = strndup(argv[i], (size_t)(eq - argv[i]))) == NULL)
			goto out;
		fv[i].name = names[i];
		fv[i].value = eq + 1;
	}
	struct dom d;
	struct dom_err err;
	cli_dom(s, &d);
	struct dom_record_put_in in = {e, idtext ? id : NULL, fv, (size_t)argc};
	int r = dom_record_put(&d, &in, newid, &err);
	if (r != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, r));
		goto out;
	}
	printf("%s\n", newid);
	rc = 0;
out:
	for (int i = 0; names && i <= argc; i++)
		free(names[i]);
	free(names);
	free(fv);
	return rc;
}

static int s_print_row(const struct lk_entity *e, const ProtobufCMessage *rec, void *arg)
{
	if (!*(int *)arg && lk_record_deleted(rec))
		return 0;
	return lk_record_json(stdout, e, rec);
}

/* The record's JSON line, with who made its last change added last when this
 * device knows it: "changed_by_id" (the person's id) and "changed_by" (the
 * name, when the person is on this device). 0 or negative. */
static int s_print_with_actor(lk_store *st, const struct lk_entity *e, const ProtobufCMessage *rec)
{
	char actor[40], *name = NULL;
	ProtobufCMessage *person = NULL;
	if (lk_store_record_actor(st, e, lk_record_id(rec), actor, sizeof actor) != 0 || actor[0] == '\0')
		return lk_record_json(stdout, e, rec);
	if (lk_store_get(st, lk_entity_find("person"), actor, &person) == 0)
		name = lk_record_get(person, "name");
	const char *kv[] = {"changed_by_id", actor, "changed_by", name};
	int rc = cli_json_extra(e, rec, kv, 2);
	free(name);
	lk_record_free(person);
	return rc;
}

static int s_get(struct session *s, lk_store *st, const struct lk_entity *e, const char *text)
{
	ProtobufCMessage *rec;
	struct dom d;
	struct dom_err err;
	char id[40];
	int rc = s_id(s, st, e, text, id, sizeof id);
	if (rc != 0)
		return rc;
	cli_dom(s, &d);
	if ((rc = dom_record_get(&d, e, id, &rec, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	rc = s_print_with_actor(st, e, rec);
	lk_record_free(rec);
	return rc == 0 ? 0 : 1;
}

static int s_delete(struct session *s, lk_store *st, const struct lk_entity *e, const char *text)
{
	struct dom d;
	struct dom_err err;
	char id[40];
	int already = 0, rc = s_id(s, st, e, text, id, sizeof id);
	if (rc != 0)
		return rc;
	cli_dom(s, &d);
	if ((rc = dom_record_delete(&d, e, id, &already, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	if (already) {
		fprintf(stderr, "lokmin: %s\n", err.msg);
		return 0;
	}
	printf("%s\n", id);
	return 0;
}

static int s_record(struct session *s, int argc, char **argv)
{
	const struct lk_entity *e;
	const char *id = NULL;
	lk_store *st;

	if (cmd_is_help(argc, argv)) {
		cmd_help("record");
		printf(_("\nChanges are written with their outbox op in one transaction and wait there for\n"
		       "the next sync.\n\n"
		       "  record put ENTITY [--id ID] field=value ...   create (prints the new id) or change\n"
		       "  record get ENTITY ID                          one record as a JSON line\n"
		       "  record list ENTITY [--all]                    JSON lines, by id; --all includes deleted\n"
		       "  record delete ENTITY ID                       mark deleted (synced as a tombstone)\n\n"
		       "ID is the record's id, the last 8 hex digits of it, or its handle (\"2026-12\" for a\n"
		       "meeting, \"2026-12#2\" for the 2nd RTL item of that meeting, a person's name).\n"
		       "A new record gets the tenant keys of this device's profile; kabupaten=, kecamatan=\n"
		       "and puskesmas= set others (inside this device's scope, or the server rejects it).\n"));
		s_entity_help(stdout);
		return 0;
	}
	if (argc < 3)
		return cmd_usage("record");
	const char *sub = argv[1];
	if ((e = s_entity(argv[2])) == NULL)
		return 2;
	if (!strcmp(sub, "put")) {
		int first = 3;
		if (argc > 4 && !strcmp(argv[3], "--id")) {
			id = argv[4];
			first = 5;
		}
		if ((st = session_store(s)) == NULL)
			return 1;
		return s_put(s, st, e, id, argc - first, argv + first);
	}
	if (!strcmp(sub, "list")) {
		int all = 0;
		if (argc > 4 || (argc == 4 && strcmp(argv[3], "--all") != 0))
			return cmd_usage("record");
		all = argc == 4;
		if ((st = session_store(s)) == NULL)
			return 1;
		int rc = lk_store_list(st, e, s_print_row, &all);
		if (rc != 0)
			fprintf(stderr, "lokmin: %s\n", lk_store_error(st));
		return rc == 0 ? 0 : 1;
	}
	/* "show" is "get" by another word. */
	if (argc != 4 || (strcmp(sub, "get") != 0 && strcmp(sub, "show") != 0 && strcmp(sub, "delete") != 0))
		return cmd_usage("record");
	if ((st = session_store(s)) == NULL)
		return 1;
	return strcmp(sub, "delete") ? s_get(s, st, e, argv[3]) : s_delete(s, st, e, argv[3]);
}

int cmd_record(struct session *s, int argc, char **argv)
{
	int rc = s_record(s, argc, argv);
	session_store_close(s);
	return rc;
}

/* ---------------------------------------------------------------- export */

int cmd_export(struct session *s, int argc, char **argv)
{
	lk_store *st;
	int rc;

	if (cmd_is_help(argc, argv)) {
		cmd_help("export");
		printf(_("\nOne line per record, entity by entity, each in id order, deleted ones included;\n"
		       "two stores holding the same records give byte-identical output.\n"));
		return 0;
	}
	if (argc > 1)
		return cmd_usage("export");
	if ((st = session_store(s)) == NULL)
		return 1;
	if ((rc = lk_store_export(st, stdout)) != 0)
		fprintf(stderr, _("lokmin: export: %s\n"), rc == -LK_EIO && !lk_store_error(st)[0] ? "write error"
		                                                                                 : lk_store_error(st));
	session_store_close(s);
	return rc == 0 ? 0 : 1;
}

/* ---------------------------------------------------------------- status */

int cmd_status(struct session *s, int argc, char **argv)
{
	struct lk_store_status ss;
	char when[CLI_FMT_LEN];
	lk_store *st;
	struct dom d;

	if (cmd_is_help(argc, argv)) {
		cmd_help("status");
		printf(_("\nNeeds no network: it reads this device's store only.\n"));
		return 0;
	}
	if (argc > 1)
		return cmd_usage("status");
	if ((st = session_store(s)) == NULL)
		return 1;
	if (lk_store_status(st, &ss) != 0) {
		fprintf(stderr, _("lokmin: status: %s\n"), lk_store_error(st));
		session_store_close(s);
		return 1;
	}
	/* The last sync on the office's clocks, read while the store is open. */
	memset(&d, 0, sizeof d);
	d.st = st;
	cli_office(s, &d.office);
	if (ss.last_sync_ms > 0)
		cli_when_ms(&d, ss.last_sync_ms, when, sizeof when);
	session_store_close(s);
	if (s->opt.json) {
		printf("{\"pending_ops\":%" PRId64 ",\"sent_ops\":%" PRId64 ",\"failed_ops\":%" PRId64
		       ",\"quarantined\":%" PRId64 ",\"open_conflicts\":%" PRId64 ",\"cursor\":%" PRIu64
		       ",\"snapshot\":%s,\"last_sync_ms\":%" PRId64 ",\"last_error\":",
		       ss.pending_ops, ss.sent_ops, ss.failed_ops, ss.quarantined, ss.open_conflicts, ss.cursor,
		       ss.snapshot ? "true" : "false", ss.last_sync_ms);
		lk_json_string(stdout, ss.last_error);
		printf("}\n");
		return 0;
	}
	printf(_("pending ops     %lld%s\n"), (long long)ss.pending_ops,
	       ss.pending_ops ? _(" (sent by the next sync)") : "");
	printf(_("sent ops        %lld%s\n"), (long long)ss.sent_ops,
	       ss.sent_ops ? _(" (no answer yet; sent again by the next sync)") : "");
	printf(_("failed ops      %lld%s\n"), (long long)ss.failed_ops, ss.failed_ops ? _(" (see `lokmin failed`)") : "");
	printf(_("held back       %lld%s\n"), (long long)ss.quarantined,
	       ss.quarantined ? _(" (records from the server this device could not apply; see `lokmin failed`)") : "");
	printf(_("open conflicts  %lld\n"), (long long)ss.open_conflicts);
	printf(_("cursor          %llu%s\n"), (unsigned long long)ss.cursor,
	       ss.snapshot ? _(" (a full copy is being pulled)") : "");
	if (ss.last_sync_ms > 0)
		printf(_("last sync       %s\n"), when);
	else
		printf(_("last sync       never\n"));
	if (ss.last_error[0])
		printf(_("last error      %s\n"), ss.last_error);
	return 0;
}

/* ---------------------------------------------------------------- failed */

/* What the failed list prints with: the session (for handles) and the store. */
struct failed_out {
	struct session *s;
	lk_store *st;
	const struct dom *d; /* the office, whose clocks the human lines follow */
	int json;
};

static int s_print_failed(const struct lk_failed_op *f, void *arg)
{
	const struct failed_out *o = arg;
	char when[CLI_FMT_LEN];
	lk_format_time_ms(when, f->failed_ms);
	if (o->json) {
		printf("{\"kind\":\"refused\",\"op_id\":");
		lk_json_string(stdout, f->op_id);
		printf(",\"failed_at\":");
		lk_json_string(stdout, when);
		printf(",\"failed_ms\":%" PRId64 ",\"entity\":", f->failed_ms);
		lk_json_string(stdout, f->entity);
		printf(",\"record_id\":");
		lk_json_string(stdout, f->record_id);
		printf(",\"fields\":");
		lk_json_string(stdout, f->fields);
		printf(",\"code\":%" PRIu32 ",\"error\":", f->code);
		lk_json_string(stdout, f->error_name);
		printf(",\"message\":");
		lk_json_string(stdout, f->message);
		printf("}\n");
	} else {
		/* The op's handle first: `failed discard` takes it. */
		size_t n = strlen(f->op_id);
		cli_when_ms(o->d, f->failed_ms, when, sizeof when);
		char rec[80];
		cli_handle(o->s, o->st, dom_record_kind(f->entity), f->record_id, rec, sizeof rec);
		/* The record by its handle when this device can name it, and by its id (what the server names). */
		printf("%-8s  %s  %-10s %s%s%s  %s: %s\n", n > 8 ? f->op_id + n - 8 : f->op_id, when, f->entity,
		       strcmp(rec, "-") ? rec : "", strcmp(rec, "-") ? " " : "", f->record_id, f->error_name, dom_reason_text(f->message));
	}
	return 0;
}

static int s_print_held(const struct lk_held_record *h, void *arg)
{
	const struct failed_out *o = arg;
	char when[CLI_FMT_LEN];
	lk_format_time_ms(when, h->held_ms);
	if (o->json) {
		printf("{\"kind\":\"held_back\",\"held_at\":");
		lk_json_string(stdout, when);
		printf(",\"held_ms\":%" PRId64 ",\"entity\":", h->held_ms);
		lk_json_string(stdout, h->entity);
		printf(",\"record_id\":");
		lk_json_string(stdout, h->record_id);
		printf(",\"rev\":%" PRId64 ",\"seq\":%" PRIu64 ",\"reason\":", h->rev, h->seq);
		lk_json_string(stdout, h->reason);
		printf("}\n");
	} else {
		cli_when_ms(o->d, h->held_ms, when, sizeof when);
		printf(_("%-8s  %s  %-10s %s  held back (rev %lld): %s\n"), "-", when, h->entity, h->record_id,
		       (long long)h->rev, dom_reason_text(h->reason));
	}
	return 0;
}

/* A refused op named by its id or by the last digits `failed` prints first (unique among them). */
struct op_pick {
	const char *text;
	char id[64];
	int n;
};

static int s_op_match(const struct lk_failed_op *f, void *arg)
{
	struct op_pick *p = arg;
	size_t n = strlen(f->op_id), t = strlen(p->text);
	if (!strcmp(f->op_id, p->text) || (t >= 8 && t < n && !strcmp(f->op_id + n - t, p->text))) {
		if (p->n++ == 0)
			lk_strlcpy(p->id, f->op_id, sizeof p->id);
	}
	return 0;
}

/* 0 with the op's id in out; the usage status (2) after saying why when text names none or several. */
static int s_failed_op(lk_store *st, const char *text, char *out, size_t size)
{
	struct op_pick p = {text, "", 0};
	if (lk_store_failed_list(st, s_op_match, &p) != 0) {
		fprintf(stderr, _("lokmin: failed: %s\n"), lk_store_error(st));
		return 1;
	}
	if (p.n == 1) {
		lk_strlcpy(out, p.id, size);
		return 0;
	}
	if (p.n == 0) {
		/* Not among the refused ones: the engine says so in its own words. */
		lk_strlcpy(out, text, size);
		return 0;
	}
	fprintf(stderr, _("lokmin: %d refused changes end in %s; give more digits (see `lokmin failed`)\n"), p.n, text);
	return 2;
}

int cmd_failed(struct session *s, int argc, char **argv)
{
	lk_store *st;
	int json = s->opt.json != 0, rc;

	if (cmd_is_help(argc, argv)) {
		cmd_help("failed");
		printf(_("\nA rejected change is not retried: the record keeps the local value; change it\n"
		       "again to send a corrected op, or discard the refusal with `lokmin failed discard\n"
		       "OP` (OP: the code in the first column; a record the server never accepted is\n"
		       "removed with it).\n"
		       "\nAfter them come the records from the server that this device could not apply\n"
		       "(\"held back\"): when, entity, record id, revision and why. The other records\n"
		       "still apply; every sync tries a held-back record again, and a newer version of\n"
		       "it from the server replaces it. With --json each line has \"kind\": \"refused\"\n"
		       "or \"held_back\".\n"));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "discard")) {
		int reverted = 0;
		if ((st = session_store(s)) == NULL)
			return 1;
		char op[64];
		if ((rc = s_failed_op(st, argv[2], op, sizeof op)) != 0) {
			session_store_close(s);
			return rc;
		}
		rc = lk_store_failed_discard(st, op, &reverted);
		if (rc == -LK_ENOTFOUND)
			fprintf(stderr, _("lokmin: no refused change %s\n"), argv[2]);
		else if (rc != 0)
			fprintf(stderr, _("lokmin: failed discard: %s\n"), lk_store_error(st));
		else
			printf(reverted ? _("discarded %s; its record, never accepted by the server, is removed\n") : _("discarded %s\n"),
			       argv[2]);
		session_store_close(s);
		return rc == 0 ? 0 : 1;
	}
	if (argc > 1)
		return cmd_usage("failed");
	if ((st = session_store(s)) == NULL)
		return 1;
	struct dom d;
	memset(&d, 0, sizeof d);
	d.st = st;
	cli_office(s, &d.office);
	struct failed_out o = {s, st, &d, json};
	if ((rc = lk_store_failed_list(st, s_print_failed, &o)) == 0)
		rc = lk_store_quarantine_list(st, s_print_held, &o);
	if (rc != 0)
		fprintf(stderr, _("lokmin: failed: %s\n"), lk_store_error(st));
	session_store_close(s);
	return rc == 0 ? 0 : 1;
}
