/* cmd_attach: `lokmin attach` and `lokmin attachment`: their flags, help and output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "client.h"
#include "lk_error.h"
#include "lk_json.h"
#include "store.h"

static int s_fail(struct session *s)
{
	if (lk_engine_error(&s->eng)[0])
		fprintf(stderr, "lokmin: %s\n", lk_engine_error(&s->eng));
	return 1;
}

static int s_attach(struct session *s, lk_store *st, int argc, char **argv)
{
	struct lk_attach_req r = {.caption = NULL, .mime = NULL, .max_size = s->opt.max_attachment};
	char id[LK_UUID_STRLEN];

	if (argc < 4) {
		fprintf(stderr, "usage: lokmin attach ENTITY RECORD-ID FILE [--caption TEXT] [--mime TYPE]\n");
		return 2;
	}
	for (int i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--caption") && i + 1 < argc)
			r.caption = argv[++i];
		else if (!strcmp(argv[i], "--mime") && i + 1 < argc)
			r.mime = argv[++i];
		else {
			fprintf(stderr, "usage: lokmin attach ENTITY RECORD-ID FILE [--caption TEXT] [--mime TYPE]\n");
			return 2;
		}
	}
	r.entity = argv[1];
	r.owner = argv[2];
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

static int s_list_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	const char *owner = arg;
	char *o = lk_record_get(m, "owner_id");
	int show = !lk_record_deleted(m) && (owner == NULL || strcmp(o, owner) == 0);
	free(o);
	return show && lk_record_json(stdout, e, m) < 0 ? -LK_EIO : 0;
}
int cmd_attach(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: lokmin attach ENTITY RECORD-ID FILE [--caption TEXT] [--mime TYPE]\n\n"
		       "Attach a photo or scanned document to a record. The file is copied into this\n"
		       "device's store and sent by the next sync (at most --max-attachment, %.0f MiB).\n",
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
		printf("usage: lokmin attachment list [OWNER-ID]\n"
		       "       lokmin attachment get ID [--out FILE]\n\n"
		       "get downloads the content on demand (resuming a partial download).\n");
		return argc < 2 ? 2 : 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "list") && argc <= 3)
		return lk_store_list(st, lk_entity_find("attachment"), s_list_row, argc == 3 ? argv[2] : NULL) < 0;
	if (!strcmp(argv[1], "get") && (argc == 3 || (argc == 5 && !strcmp(argv[3], "--out"))))
		return attach_fetch(s, st, argv[2], argc == 5 ? argv[4] : NULL);
	fprintf(stderr, "usage: lokmin attachment list [OWNER-ID] | attachment get ID [--out FILE]\n");
	return 2;
}
