/* test_wire: the protobuf envelope codec: round trips, refusals of damaged input, names. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_strict.h"
#include "lk_utf8.h"
#include "lk_wire.h"

static uint8_t *s_encode(Lokmin__Request *r, size_t *len)
{
	uint8_t *buf;
	cr_assert_eq(lk_request_encode(r, &buf, len), 0);
	return buf;
}

Test(wire, request_round_trip_each_type)
{
	Lokmin__Request r = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	Lokmin__EnrollRequest en = LOKMIN__ENROLL_REQUEST__INIT;
	Lokmin__OrgShowRequest os = LOKMIN__ORG_SHOW_REQUEST__INIT;
	size_t len;

	r.version = LK_PROTOCOL_VERSION;
	r.id = 42;
	ping.payload.data = (uint8_t *)"abc";
	ping.payload.len = 3;
	r.body_case = LOKMIN__REQUEST__BODY_PING;
	r.ping = &ping;
	uint8_t *buf = s_encode(&r, &len);
	Lokmin__Request *d = lk_request_decode(buf, len);
	cr_assert_not_null(d);
	cr_assert_eq(d->id, 42);
	cr_assert_str_eq(lk_request_type(d), "ping");
	cr_assert_eq(d->ping->payload.len, 3);
	cr_assert_eq(memcmp(d->ping->payload.data, "abc", 3), 0);
	lk_request_free(d);
	free(buf);

	en.token = "00112233445566778899aabbccddeeff";
	en.expect_role = LOKMIN__ROLE__ROLE_KECAMATAN;
	en.expect_scope = "332401";
	en.device_name = "kantor camat";
	r.body_case = LOKMIN__REQUEST__BODY_ENROLL;
	r.enroll = &en;
	buf = s_encode(&r, &len);
	d = lk_request_decode(buf, len);
	cr_assert_not_null(d);
	cr_assert_str_eq(lk_request_type(d), "enroll");
	cr_assert_str_eq(d->enroll->token, en.token);
	cr_assert_eq(d->enroll->expect_role, LOKMIN__ROLE__ROLE_KECAMATAN);
	cr_assert_str_eq(d->enroll->device_name, "kantor camat");
	lk_request_free(d);
	free(buf);

	os.code = "P3324010101";
	r.body_case = LOKMIN__REQUEST__BODY_ORG_SHOW;
	r.org_show = &os;
	buf = s_encode(&r, &len);
	d = lk_request_decode(buf, len);
	cr_assert_str_eq(lk_request_type(d), "org_show");
	cr_assert_str_eq(d->org_show->code, "P3324010101");
	/* Every strict prefix is truncated input; none may decode into the same request. */
	for (size_t cut = 1; cut < len; cut++) {
		Lokmin__Request *t = lk_request_decode(buf, cut);
		if (t)
			cr_assert(t->body_case != LOKMIN__REQUEST__BODY_ORG_SHOW ||
			              strcmp(t->org_show->code, "P3324010101") != 0,
			          "prefix of %zu bytes decoded as the whole", cut);
		lk_request_free(t);
	}
	lk_request_free(d);
	free(buf);
}

Test(wire, damaged_input_is_refused)
{
	uint8_t junk[512];
	int decoded = 0;
	cr_assert_null(lk_request_decode(NULL, 0));
	cr_assert_null(lk_request_decode((const uint8_t *)"", 0));
	/* A length-delimited field claiming more bytes than follow. */
	const uint8_t bad_len[] = {0x52, 0x7f, 0x0a};
	cr_assert_null(lk_request_decode(bad_len, sizeof bad_len));
	/* Random bytes: most fail; none may crash (run under ASan in CI). */
	for (int i = 0; i < 2000; i++) {
		size_t n = 1 + randombytes_uniform(sizeof junk);
		randombytes_buf(junk, n);
		Lokmin__Request *d = lk_request_decode(junk, n);
		decoded += d != NULL;
		lk_request_free(d);
	}
	cr_assert(decoded < 2000);
	/* Larger than the protocol's bound. */
	uint8_t *big = calloc(1, LK_MAX_MSG_HARD + 1);
	cr_assert_null(lk_request_decode(big, LK_MAX_MSG_HARD + 1));
	free(big);
}

Test(wire, error_reply)
{
	uint8_t *buf;
	size_t len;
	cr_assert_eq(lk_reply_encode_error(7, -LK_ESCOPE, NULL, &buf, &len), 0);
	Lokmin__Reply *r = lk_reply_decode(buf, len);
	cr_assert_not_null(r);
	cr_assert_eq(r->id, 7);
	cr_assert_eq(r->status, LK_ESCOPE);
	cr_assert_str_eq(r->error_name, "OUT_OF_SCOPE");
	cr_assert_str_eq(r->message, lk_strerror(LK_ESCOPE));
	cr_assert_eq(r->version, LK_PROTOCOL_VERSION);
	lk_reply_free(r);
	free(buf);
}

Test(wire, roles)
{
	cr_assert_eq(lk_role_parse("puskesmas"), LOKMIN__ROLE__ROLE_PUSKESMAS);
	cr_assert_eq(lk_role_parse("kecamatan"), LOKMIN__ROLE__ROLE_KECAMATAN);
	cr_assert_eq(lk_role_parse("dinkes"), LOKMIN__ROLE__ROLE_DINKES);
	cr_assert_eq(lk_role_parse("camat"), LOKMIN__ROLE__ROLE_UNSPECIFIED);
	cr_assert_eq(lk_role_parse(NULL), LOKMIN__ROLE__ROLE_UNSPECIFIED);
	cr_assert_str_eq(lk_role_name(LOKMIN__ROLE__ROLE_DINKES), "dinkes");
	cr_assert_str_eq(lk_role_name((Lokmin__Role)99), "unspecified");
}

Test(wire, peek_id)
{
	Lokmin__Request r = LOKMIN__REQUEST__INIT;
	Lokmin__OrgShowRequest os = LOKMIN__ORG_SHOW_REQUEST__INIT;
	uint8_t *buf;
	size_t len;
	uint64_t id = 0;
	os.code = "P3324010101";
	r.version = LK_PROTOCOL_VERSION;
	r.id = 0x123456789abcULL;
	r.body_case = LOKMIN__REQUEST__BODY_ORG_SHOW;
	r.org_show = &os;
	cr_assert_eq(lk_request_encode(&r, &buf, &len), 0);
	cr_assert_eq(lk_wire_peek_id(buf, len, &id), 0);
	cr_assert_eq(id, 0x123456789abcULL);
	/* Cut inside the id: not found. */
	cr_assert_eq(lk_wire_peek_id(buf, 3, &id), -1);
	free(buf);
	const uint8_t junk[] = {0xff, 0xff, 0xff};
	cr_assert_eq(lk_wire_peek_id(junk, sizeof junk, &id), -1);
	cr_assert_eq(lk_wire_peek_id(NULL, 0, &id), -1);
}

/* protobuf keeps the last of a repeated singular field: so does the peek. */
Test(wire, peek_id_last_occurrence_wins)
{
	/* version=1, id=7, id=9 */
	const uint8_t buf[] = {0x08, 0x01, 0x10, 0x07, 0x10, 0x09};
	uint64_t id = 0;
	cr_assert_eq(lk_wire_peek_id(buf, sizeof buf, &id), 0);
	cr_assert_eq(id, 9);
	Lokmin__Request *r = lk_request_decode(buf, sizeof buf);
	cr_assert_not_null(r);
	cr_assert_eq(r->id, id);
	lk_request_free(r);
	/* An id followed by damage: still the id seen. */
	const uint8_t cut[] = {0x10, 0x05, 0x1a, 0x7f};
	cr_assert_eq(lk_wire_peek_id(cut, sizeof cut, &id), 0);
	cr_assert_eq(id, 5);
	const uint8_t none[] = {0x08, 0x01};
	cr_assert_eq(lk_wire_peek_id(none, sizeof none, &id), -1);
}

static uint8_t *s_person_bytes(size_t *len, const char *name)
{
	const struct lk_entity *e = lk_entity_find("person");
	ProtobufCMessage *m = lk_record_new(e);
	uint8_t *buf;
	cr_assert_eq(lk_record_set(m, "id", "01a20422-f687-7002-a92c-a851f11ac843"), 0);
	cr_assert_eq(lk_record_set(m, "kabupaten", "3324"), 0);
	cr_assert_eq(lk_record_set(m, "kecamatan", "332401"), 0);
	cr_assert_eq(lk_record_set(m, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lk_record_set(m, "name", name), 0);
	cr_assert_eq(lk_record_encode(m, &buf, len), 0);
	lk_record_free(m);
	return buf;
}

Test(wire, strict_record_bytes)
{
	const struct lk_entity *e = lk_entity_find("person");
	char err[200];
	size_t len;
	uint8_t *buf = s_person_bytes(&len, "Siti"), *more = malloc(2 * len + 16);
	ProtobufCMessage *m;
	cr_assert_eq(lk_wire_strict(e->desc, buf, len, 0, err, sizeof err), 0, "%s", err);
	cr_assert_eq(lk_record_accept(e, buf, len, 0, &m, err, sizeof err), 0, "%s", err);
	lk_record_free(m);

	/* 82 00 00: field 0, which protobuf-c keeps as unknown and re-encodes into bytes it then refuses. */
	memcpy(more, buf, len);
	memcpy(more + len, "\x82\x00\x00", 3);
	cr_assert_neq(lk_wire_strict(e->desc, more, len + 3, 0, err, sizeof err), 0);
	cr_assert_neq(lk_record_accept(e, more, len + 3, 0, &m, err, sizeof err), 0);
	cr_assert_null(m);
	/* An unknown field number (99, varint). */
	memcpy(more + len, "\x98\x06\x01", 3);
	cr_assert_neq(lk_wire_strict(e->desc, more, len + 3, 0, err, sizeof err), 0);
	cr_assert(strstr(err, "unknown field 99"), "%s", err);
	/* A client pulling from a newer server lets a well-formed new field through, never field 0. */
	cr_assert_eq(lk_wire_strict(e->desc, more, len + 3, LK_STRICT_UNKNOWN_OK, err, sizeof err), 0, "%s", err);
	cr_assert_eq(lk_record_accept(e, more, len + 3, LK_STRICT_UNKNOWN_OK, &m, err, sizeof err), 0, "%s", err);
	lk_record_free(m);
	memcpy(more + len, "\x82\x00\x00", 3);
	cr_assert_neq(lk_wire_strict(e->desc, more, len + 3, LK_STRICT_UNKNOWN_OK, err, sizeof err), 0);
	memcpy(more + len, "\x98\x06\x01", 3);
	/* A known field with the wrong wire type: name (11, string) as a varint. */
	memcpy(more + len, "\x58\x01", 2);
	cr_assert_neq(lk_wire_strict(e->desc, more, len + 2, 0, err, sizeof err), 0);
	/* A singular field twice. */
	memcpy(more + len, buf, len);
	cr_assert_neq(lk_wire_strict(e->desc, more, 2 * len, 0, err, sizeof err), 0);
	cr_assert(strstr(err, "twice"), "%s", err);
	free(buf);

	/* NUL inside a string, and invalid UTF-8: refused, never cut. */
	static const char *const bad[] = {"Si\xffti", "Si\xc3(", "\xed\xa0\x80", "\xc0\xaf"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf = s_person_bytes(&len, bad[i]);
		cr_assert_neq(lk_wire_strict(e->desc, buf, len, 0, err, sizeof err), 0, "case %zu", i);
		cr_assert(strstr(err, "name"), "%s", err);
		free(buf);
	}
	buf = s_person_bytes(&len, "SitiX");
	uint8_t *x = memchr(buf, 'X', len);
	*x = '\0';
	cr_assert_neq(lk_wire_strict(e->desc, buf, len, 0, err, sizeof err), 0);
	cr_assert_neq(lk_record_accept(e, buf, len, 0, &m, err, sizeof err), 0);
	free(buf);
	/* Truncated length. */
	buf = s_person_bytes(&len, "Siti");
	cr_assert_neq(lk_wire_strict(e->desc, buf, len - 1, 0, err, sizeof err), 0);
	free(buf);
	free(more);
}

Test(wire, utf8_repair_and_clip)
{
	char s1[] = "ok \xff bad \xe2\x82";
	cr_assert_str_eq(lk_utf8_fix(s1), "ok ? bad ");
	char s2[] = "a\xc3(b";
	cr_assert_str_eq(lk_utf8_fix(s2), "a?(b");
	cr_assert(lk_utf8_valid("\xe2\x82\xac", 3));
	cr_assert_not(lk_utf8_valid("a\0b", 3));
	/* "€€" is 6 bytes: a 4-byte clip keeps one whole character. */
	cr_assert_eq(lk_utf8_clip("\xe2\x82\xac\xe2\x82\xac", 4), 3);
	cr_assert_eq(lk_utf8_clip("abcdef", 4), 4);
	cr_assert_eq(lk_utf8_clip("ab", 40), 2);
}

/* No byte available: lk_utf8_seq answers 0 without reading one (ASan build sees a read past the block). */
Test(wire, utf8_seq_of_no_bytes)
{
	unsigned char *p = malloc(1);
	cr_assert_not_null(p);
	p[0] = 'a';
	cr_assert_eq(lk_utf8_seq(p + 1, 0), 0);
	cr_assert_eq(lk_utf8_seq(p, 1), 1);
	free(p);
}
