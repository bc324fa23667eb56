/* fuzz_record: synced record decode and validation, and the copy, re-encode and text round trips. */
#include "fuzz.h"
#include "lk_entity.h"

static const char *const s_header[] = {"id", "rev", "hlc", "deleted", "kabupaten", "kecamatan", "puskesmas"};

/* Every field name of e: the header, then its own. */
static const char *s_field(const struct lk_entity *e, size_t i)
{
	size_t nh = sizeof s_header / sizeof *s_header;
	return i < nh ? s_header[i] : i < nh + e->nfields ? e->fields[i - nh].name : NULL;
}

/* 1 when a and b hold the same text for every field of e; names the first that differs. */
static int s_same(const struct lk_entity *e, const ProtobufCMessage *a, const ProtobufCMessage *b, const char **which)
{
	const char *f;
	for (size_t i = 0; (f = s_field(e, i)) != NULL; i++) {
		char *x = lk_record_get(a, f), *y = lk_record_get(b, f);
		int eq = x && y && strcmp(x, y) == 0;
		free(x);
		free(y);
		if (!eq) {
			*which = f;
			return 0;
		}
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct lk_entity *e = &lk_entities[data[0] % lk_entities_count];
	ProtobufCMessage *m = lk_record_decode(e, data + 1, size - 1);
	if (m == NULL)
		return 0;
	char err[256] = "", err2[256] = "";
	const char *which = NULL, *f;
	int rc = lk_record_validate(e, m, err, sizeof err);

	/* A copy validates the same way. */
	ProtobufCMessage *c = lk_record_copy(e, m);
	FZ_CHECK(c != NULL, "%s: lk_record_copy failed", e->name);
	int rc2 = lk_record_validate(e, c, err2, sizeof err2);
	FZ_CHECK(rc == rc2, "%s: validate %d (%s), the copy %d (%s)", e->name, rc, err, rc2, err2);
	FZ_CHECK(s_same(e, m, c, &which), "%s.%s differs in the copy", e->name, which);

	/* Re-encoding and decoding keeps every field's value. */
	uint8_t *buf;
	size_t len;
	FZ_CHECK(lk_record_encode(m, &buf, &len) == 0, "encode failed");
	ProtobufCMessage *d = lk_record_decode(e, buf, len);
	FZ_CHECK(d != NULL, "%s: the re-encoded record does not decode", e->name);
	FZ_CHECK(s_same(e, m, d, &which), "%s.%s differs after re-encoding", e->name, which);
	free(buf);

	/* lk_record_get -> lk_record_set of every field gives back the same text. */
	ProtobufCMessage *t = lk_record_new(e);
	for (size_t i = 0; (f = s_field(e, i)) != NULL; i++) {
		char *v = lk_record_get(m, f);
		FZ_CHECK(v != NULL, "%s.%s: no value", e->name, f);
		int src = lk_record_set(t, f, v);
		FZ_CHECK(src == 0, "%s.%s: lk_record_set(\"%.60s\") gave %d", e->name, f, v, src);
		char *w = lk_record_get(t, f);
		FZ_CHECK(w && strcmp(v, w) == 0, "%s.%s: set \"%.60s\", got \"%.60s\"", e->name, f, v, w ? w : "(null)");
		free(v);
		free(w);
	}
	/* The record rebuilt from text validates as the original. */
	rc2 = lk_record_validate(e, t, err2, sizeof err2);
	FZ_CHECK(rc == rc2, "%s: validate %d (%s), rebuilt from text %d (%s)", e->name, rc, err, rc2, err2);
	lk_record_free(t);
	lk_record_free(d);
	lk_record_free(c);
	lk_record_free(m);
	return 0;
}
