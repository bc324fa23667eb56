/* cmd_attach: `lokmin attach` and `lokmin attachment`: their flags, help and output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "client.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "names.h"
#include "record_ops.h"
#include "store.h"

static int s_fail(struct session *s)
{
	if (lk_engine_error(&s->eng)[0])
		fprintf(stderr, "lokmin: %s\n", lk_engine_error(&s->eng));
	return 1;
}

/* The record text names (an id, its last 8 hex digits, or a handle such as "2026-12"
 * for a meeting of entity) into id; 0, or the exit status after saying why. */
static int s_id(struct session *s, lk_store *st, const char *entity, const char *text, char *id, size_t n)
{
	if (lk_uuid_canonical(text)) {
		lk_strlcpy(id, text, n);
		return 0;
	}
	return cli_resolve(s, st, dom_record_kind(entity), text, id, n);
}

static int s_attach(struct session *s, lk_store *st, int argc, char **argv)
{
	struct lk_attach_req r = {.caption = NULL, .mime = NULL, .max_size = s->opt.max_attachment};
	char id[LK_UUID_STRLEN];

	if (argc < 4) {
		fprintf(stderr, _("usage: lokmin attach ENTITY RECORD FILE [--caption TEXT] [--mime TYPE]\n"));
		return 2;
	}
	for (int i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--caption") && i + 1 < argc)
			r.caption = argv[++i];
		else if (!strcmp(argv[i], "--mime") && i + 1 < argc)
			r.mime = argv[++i];
		else {
			fprintf(stderr, _("usage: lokmin attach ENTITY RECORD FILE [--caption TEXT] [--mime TYPE]\n"));
			return 2;
		}
	}
	char owner[40];
	int rc = s_id(s, st, argv[1], argv[2], owner, sizeof owner);
	if (rc != 0)
		return rc;
	r.entity = argv[1];
	r.owner = owner;
	r.file = argv[3];
	if (lk_attach_add(&s->eng, st, &r, id) != 0)
		return s_fail(s);
	printf("%s\n", id);
	return 0;
}

int attach_fetch(struct session *s, lk_store *st, const char *id, const char *out)
{
	char path[1200];
	if (lk_attach_fetch(&s->eng, st, id, out, path, sizeof path) != 0)
		return s_fail(s);
	printf("%s\n", path);
	return 0;
}

struct att_list {
	struct session *s;
	lk_store *st;
	const char *owner; /* NULL: every attachment */
	int n;
};

/* One attachment: a row of the table (handle first, the record it belongs to by
 * its own handle), or with --json its record and "handle" last. */
static int s_list_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct att_list *l = arg;
	char *o = lk_record_get(m, "owner_id"), *oe = lk_record_get(m, "owner_entity");
	int rc = 0;
	if (!lk_record_deleted(m) && (l->owner == NULL || strcmp(o, l->owner) == 0)) {
		char handle[80], owner[80];
		cli_handle(l->s, l->st, DOM_ANY, lk_record_id(m), handle, sizeof handle);
		if (l->s->opt.json) {
			rc = cli_json_handle(e, m, handle) < 0 ? -LK_EIO : 0;
		} else {
			char *file = lk_record_get(m, "filename"), *size = lk_record_get(m, "size"),
			     *cap = lk_record_get(m, "caption");
			cli_handle(l->s, l->st, dom_record_kind(oe), o, owner, sizeof owner);
			if (l->n == 0)
				printf("%-8s  %-22s  %-28s  %10s  %s\n", _("HANDLE"), _("RECORD"), _("FILE"), _("BYTES"), _("CAPTION"));
			printf("%-8s  %-22s  %-28.28s  %10s  %s\n", handle, strcmp(owner, "-") ? owner : o, file, size, cap);
			free(file);
			free(size);
			free(cap);
		}
		l->n++;
	}
	free(o);
	free(oe);
	return rc;
}

int cmd_attach(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf(_("usage: lokmin attach ENTITY RECORD FILE [--caption TEXT] [--mime TYPE]\n\n"
		       "Attach a photo or scanned document to a record. The file is copied into this\n"
		       "device's store and sent by the next sync (at most --max-attachment, %.0f MiB).\n"
		       "RECORD is the record's handle, as its list shows it first (\"2026-12\" for a\n"
		       "meeting, \"2026-12#2\" for the 2nd RTL item of that meeting); the last 8 hex\n"
		       "digits of its id, or the id, work too.\n"),
		       (double)s->opt.max_attachment / 1048576);
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	return s_attach(s, st, argc, argv);
}

int cmd_attachment(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf(_("usage: lokmin attachment list [RECORD]\n"
		       "       lokmin attachment get ID [--out FILE]\n\n"
		       "get downloads the content on demand (resuming a partial download).\n"));
		return argc < 2 ? 2 : 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	char id[40];
	int rc;
	if (!strcmp(argv[1], "list") && argc <= 3) {
		if (argc == 3 && (rc = s_id(s, st, NULL, argv[2], id, sizeof id)) != 0)
			return rc;
		struct att_list l = {s, st, argc == 3 ? id : NULL, 0};
		return lk_store_list(st, lk_entity_find("attachment"), s_list_row, &l) < 0;
	}
	if (!strcmp(argv[1], "get") && (argc == 3 || (argc == 5 && !strcmp(argv[3], "--out")))) {
		if ((rc = s_id(s, st, "attachment", argv[2], id, sizeof id)) != 0)
			return rc;
		return attach_fetch(s, st, id, argc == 5 ? argv[4] : NULL);
	}
	fprintf(stderr, _("usage: lokmin attachment list [RECORD] | attachment get ID [--out FILE]\n"));
	return 2;
}
