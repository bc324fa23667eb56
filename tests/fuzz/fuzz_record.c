/* fuzz_record: record bytes through the strict gate (lk_record_accept), then the copy, re-encode and text round trips. */
#include "fuzz.h"
#include "lk_entity.h"
#include "lk_strict.h"

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

/* m's encoding: malloc'd, *len bytes. */
static uint8_t *s_encode(const ProtobufCMessage *m, size_t *len)
{
	uint8_t *buf;
	FZ_CHECK(lk_record_encode(m, &buf, len) == 0, "encode failed");
	return buf;
}

/* A record the gate took (its canonical form, as stored and applied): every round trip holds. */
static void s_accepted(const struct lk_entity *e, const ProtobufCMessage *m, int flags)
{
	char err[256] = "";
	const char *which = NULL, *f;
	size_t len, len2;

	FZ_CHECK(lk_record_validate(e, m, err, sizeof err) == 0, "%s: accepted but does not validate: %s", e->name,
	         err);
	/* A copy validates the same way and holds the same values. */
	ProtobufCMessage *c = lk_record_copy(e, m);
	FZ_CHECK(c != NULL, "%s: lk_record_copy failed", e->name);
	FZ_CHECK(lk_record_validate(e, c, err, sizeof err) == 0, "%s: the copy does not validate: %s", e->name, err);
	FZ_CHECK(s_same(e, m, c, &which), "%s.%s differs in the copy", e->name, which);

	/* Re-encoding and decoding keeps every value and the validity; the bytes
	 * pass the gate again and come out the same (the canonical form is a fixed point). */
	uint8_t *buf = s_encode(m, &len);
	ProtobufCMessage *d = lk_record_decode(e, buf, len), *again = NULL;
	FZ_CHECK(d != NULL, "%s: the re-encoded record does not decode", e->name);
	FZ_CHECK(s_same(e, m, d, &which), "%s.%s differs after re-encoding", e->name, which);
	FZ_CHECK(lk_record_validate(e, d, err, sizeof err) == 0, "%s: re-decoded record does not validate: %s",
	         e->name, err);
	FZ_CHECK(lk_record_accept(e, buf, len, flags, &again, err, sizeof err) == 0,
	         "%s: canonical bytes refused by the gate: %s", e->name, err);
	uint8_t *buf2 = s_encode(again, &len2);
	FZ_CHECK(len == len2 && memcmp(buf, buf2, len) == 0, "%s: the gate changed canonical bytes", e->name);
	free(buf2);

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
	/* The record rebuilt from text validates, and (no unknown fields) encodes
	 * to the very same bytes: numbers keep their bits, not just their text. */
	FZ_CHECK(lk_record_validate(e, t, err, sizeof err) == 0, "%s: rebuilt from text, does not validate: %s",
	         e->name, err);
	if (flags == 0) {
		uint8_t *tb = s_encode(t, &len2);
		FZ_CHECK(len == len2 && memcmp(buf, tb, len) == 0, "%s: rebuilt from text, encodes differently", e->name);
		free(tb);
	}
	free(buf);
	lk_record_free(t);
	lk_record_free(again);
	lk_record_free(d);
	lk_record_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct lk_entity *e = &lk_entities[data[0] % lk_entities_count];
	const uint8_t *rec = data + 1;
	size_t n = size - 1;
	char err[256] = "", err2[256] = "";
	ProtobufCMessage *push = NULL, *pull = NULL;

	/* The server's push gate (no unknown field) and the client's pull gate (a
	 * newer server's fields let through): what the first takes the second takes alike. */
	int push_rc = lk_record_accept(e, rec, n, 0, &push, err, sizeof err);
	int pull_rc = lk_record_accept(e, rec, n, LK_STRICT_UNKNOWN_OK, &pull, err2, sizeof err2);
	FZ_CHECK((push_rc == 0) == (push != NULL) && (pull_rc == 0) == (pull != NULL), "result and record disagree");
	FZ_CHECK(push_rc == 0 || err[0] != '\0', "%s: refused without a reason", e->name);
	if (push_rc == 0) {
		const char *which = NULL;
		FZ_CHECK(pull_rc == 0, "%s: the push gate takes it, the pull gate refuses: %s", e->name, err2);
		FZ_CHECK(s_same(e, push, pull, &which), "%s.%s differs between the gates", e->name, which);
		s_accepted(e, push, 0);
	}
	if (pull_rc == 0)
		s_accepted(e, pull, LK_STRICT_UNKNOWN_OK);

	/* Whatever protobuf-c decodes, a copy validates like its original. The copy
	 * may fail only for bytes the gate refuses: protobuf-c keeps an unknown field
	 * (even number 0) and writes it in a form it then refuses to decode; such a
	 * record never gets past lk_record_accept, so nothing copies it. */
	ProtobufCMessage *m = lk_record_decode(e, rec, n);
	if (m != NULL) {
		const char *which = NULL;
		int rc = lk_record_validate(e, m, err, sizeof err);
		ProtobufCMessage *c = lk_record_copy(e, m);
		FZ_CHECK(c != NULL || pull_rc != 0, "%s: lk_record_copy failed on an accepted record", e->name);
		if (c == NULL) {
			lk_record_free(m);
			lk_record_free(push);
			lk_record_free(pull);
			return 0;
		}
		int rc2 = lk_record_validate(e, c, err2, sizeof err2);
		FZ_CHECK(rc == rc2, "%s: validate %d (%s), the copy %d (%s)", e->name, rc, err, rc2, err2);
		FZ_CHECK(s_same(e, m, c, &which), "%s.%s differs in the copy", e->name, which);
		lk_record_free(c);
	}
	lk_record_free(m);
	lk_record_free(push);
	lk_record_free(pull);
	return 0;
}
