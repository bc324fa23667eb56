/* names: resolves what a health worker typed through the one resolver and prints why a name did not fit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_json.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "names.h"

void cli_office(const struct session *s, struct dom_office *o)
{
	memset(o, 0, sizeof *o);
	lk_strlcpy(o->role, s->prof.role, sizeof o->role);
	lk_strlcpy(o->kabupaten, s->prof.kabupaten, sizeof o->kabupaten);
	lk_strlcpy(o->kecamatan, s->prof.kecamatan, sizeof o->kecamatan);
	lk_strlcpy(o->puskesmas, s->prof.puskesmas, sizeof o->puskesmas);
}

void cli_dom(struct session *s, struct dom *d)
{
	memset(d, 0, sizeof *d);
	d->st = session_store(s);
	cli_office(s, &d->office);
	d->home = s->home;
	d->device_id = s->prof.device_id;
}

int cli_resolve(const struct session *s, lk_store *st, enum dom_kind kind, const char *text, char *id, size_t size)
{
	struct dom_office o;
	struct dom_ref ref;
	struct dom_err err;
	memset(&err, 0, sizeof err);
	cli_office(s, &o);
	int rc = dom_resolve(st, &o, kind, text, &ref, &err);
	if (rc == 0) {
		lk_strlcpy(id, ref.id, size);
		return 0;
	}
	/* The message already lists the choices inline; one per line reads better in a terminal. */
	fprintf(stderr, "lokmin: %s\n", err.msg[0] ? err.msg : lk_strerror(rc));
	for (int i = 0; i < err.ncand; i++)
		fprintf(stderr, "  %s\n", err.cand[i]);
	return rc == -LK_ENOTFOUND || rc == -LK_EINVAL ? 2 : 1;
}

const char *cli_handle(const struct session *s, lk_store *st, enum dom_kind kind, const char *id, char *out,
                       size_t size)
{
	struct dom_office o;
	cli_office(s, &o);
	if (dom_handle(st, &o, kind, id, out, size) != 0)
		lk_strlcpy(out, "-", size);
	return out;
}

int cli_name(struct session *s, lk_store *st, enum dom_kind kind, const char *text, char id[40])
{
	if (lk_uuid_canonical(text)) {
		lk_strlcpy(id, text, 40);
		return 0;
	}
	return cli_resolve(s, st, kind, text, id, 40);
}

int cli_json_handle(const struct lk_entity *e, const ProtobufCMessage *rec, const char *handle)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL)
		return -LK_ENOMEM;
	int rc = lk_record_json(f, e, rec);
	fclose(f);
	/* Added last, so that readers of the record's fields find them where they were. */
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
