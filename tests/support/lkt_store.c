/* lkt_store: the temporary store, record and field helpers the domain unit tests share. */
#include "lkt_store.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lk_entity.h"
#include "lk_uuid.h"

lk_store *lkt_store_open_temp(const char *tag, char *home, size_t size)
{
	char err[512] = "";
	int n = snprintf(home, size, "/tmp/lk_%s_XXXXXX", tag);
	cr_assert(n > 0 && (size_t)n < size, "the folder name for %s does not fit", tag);
	cr_assert_not_null(mkdtemp(home), "mkdtemp %s", home);
	lk_store *st = lk_store_open(home, err, sizeof err);
	cr_assert_not_null(st, "open: %s", err);
	return st;
}

void lkt_store_close_temp(lk_store **st, const char *home)
{
	char cmd[400];
	lk_store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", home);
}

void lkt_rec(lk_store *st, const char *entity, char *id_out, ...)
{
	const struct lk_entity *e = lk_entity_find(entity);
	cr_assert_not_null(e, "no entity %s", entity);
	ProtobufCMessage *m = lk_record_new(e);
	char id[LK_UUID_STRLEN], nid[LK_UUID_STRLEN], err[512] = "";
	lk_uuid u;
	lk_uuid_v7(&u);
	cr_assert_eq(lk_record_set(m, "id", lk_uuid_format(&u, id)), 0);
	cr_assert_eq(lk_record_set(m, "kabupaten", "3324"), 0);
	cr_assert_eq(lk_record_set(m, "kecamatan", "332401"), 0);
	cr_assert_eq(lk_record_set(m, "puskesmas", "P3324010101"), 0);
	va_list ap;
	va_start(ap, id_out);
	for (const char *f = va_arg(ap, const char *); f; f = va_arg(ap, const char *)) {
		const char *v = va_arg(ap, const char *);
		cr_assert_eq(lk_record_set(m, f, v), 0, "%s.%s=%s", entity, f, v);
	}
	va_end(ap);
	/* The store refuses any other id for a natural key, so it follows the fields just set. */
	if (lk_natural_id(e, m, nid) == 0)
		cr_assert_eq(lk_record_set(m, "id", nid), 0);
	cr_assert_eq(lk_store_put(st, e, m, NULL, 0, err, sizeof err), 0, "put %s: %s", entity, err);
	if (id_out)
		strcpy(id_out, lk_record_id(m));
	lk_record_free(m);
}

char *lkt_field(lk_store *st, const char *entity, const char *id, const char *field)
{
	ProtobufCMessage *m = NULL;
	cr_assert_eq(lk_store_get(st, lk_entity_find(entity), id, &m), 0, "%s %s is not stored", entity, id);
	char *v = lk_record_get(m, field);
	lk_record_free(m);
	return v;
}

void lkt_field_is(lk_store *st, const char *entity, const char *id, const char *field, const char *want)
{
	char *v = lkt_field(st, entity, id, field);
	cr_assert_str_eq(v, want, "%s.%s", entity, field);
	free(v);
}
