/* test_entity: the entity table and generic record access: get/set by name, validation, field meta. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "lk_entity.h"
#include "lk_error.h"
#include "lk_json.h"
#include "lk_strict.h"
#include "records.h"

static ProtobufCMessage *s_meeting(void)
{
	ProtobufCMessage *m = lk_record_new(lk_entity_find("meeting"));
	cr_assert_eq(lk_record_set(m, "id", "01a20422-f687-7002-a92c-a851f11ac843"), 0);
	cr_assert_eq(lk_record_set(m, "kabupaten", "3324"), 0);
	cr_assert_eq(lk_record_set(m, "kecamatan", "332401"), 0);
	cr_assert_eq(lk_record_set(m, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lk_record_set(m, "kind", "monthly"), 0);
	cr_assert_eq(lk_record_set(m, "status", "planned"), 0);
	cr_assert_eq(lk_record_set(m, "year", "2028"), 0);
	cr_assert_eq(lk_record_set(m, "period", "2"), 0);
	return m;
}

Test(entity, table_is_consistent_with_the_messages)
{
	for (size_t i = 0; i < lk_entities_count; i++) {
		const struct lk_entity *e = &lk_entities[i];
		cr_assert_eq(lk_entity_find(e->name), e);
		ProtobufCMessage *m = lk_record_new(e);
		static const char *hdr[] = {"id", "rev", "hlc", "deleted", "kabupaten", "kecamatan", "puskesmas"};
		for (int k = 0; k < 7; k++) {
			char *v = lk_record_get(m, hdr[k]);
			cr_assert_not_null(v, "%s lacks header field %s", e->name, hdr[k]);
			free(v);
		}
		for (size_t f = 0; f < e->nfields; f++) {
			char *v = lk_record_get(m, e->fields[f].name);
			cr_assert_not_null(v, "%s.%s is in the table but not in the message", e->name, e->fields[f].name);
			free(v);
		}
		/* Every message field is described (header or own). */
		for (unsigned f = 0; f < e->desc->n_fields; f++) {
			const char *n = e->desc->fields[f].name;
			cr_assert(lk_is_header_field(n) || lk_entity_field(e, n), "%s.%s has no row in the table", e->name, n);
		}
		lk_record_free(m);
	}
	cr_assert_null(lk_entity_find("nothing"));
}

Test(entity, get_set_round_trip_and_refusals)
{
	ProtobufCMessage *m = s_meeting();
	cr_assert_eq(lk_record_set(m, "year", "2026"), 0);
	cr_assert_eq(lk_record_set(m, "team_building", "t"), 0);
	cr_assert_eq(lk_record_set(m, "rev", "12"), 0);
	cr_assert_eq(lk_record_set(m, "hlc", "117661088476495872"), 0);
	char *v = lk_record_get(m, "year");
	cr_assert_str_eq(v, "2026");
	free(v);
	v = lk_record_get(m, "team_building");
	cr_assert_str_eq(v, "1");
	free(v);
	cr_assert_eq(lk_record_rev(m), 12);
	cr_assert_eq(lk_record_hlc(m), 117661088476495872ULL);
	cr_assert_eq(lk_record_set(m, "year", "20x6"), -LK_EINVAL);
	cr_assert_eq(lk_record_set(m, "year", "99999999999"), -LK_EINVAL, "int32 overflow");
	cr_assert_eq(lk_record_set(m, "team_building", "maybe"), -LK_EINVAL);
	cr_assert_eq(lk_record_set(m, "hlc", "-1"), -LK_EINVAL);
	cr_assert_eq(lk_record_set(m, "colour", "red"), -LK_ENOTFOUND);
	/* Strings are replaced without leaking (ASan checks) and copies are deep. */
	cr_assert_eq(lk_record_set(m, "title", "satu"), 0);
	cr_assert_eq(lk_record_set(m, "title", "dua"), 0);
	ProtobufCMessage *c = lk_record_copy(lk_entity_find("meeting"), m);
	cr_assert(lk_record_field_equal(m, c, "title"));
	cr_assert_eq(lk_record_set(c, "title", "tiga"), 0);
	cr_assert_not(lk_record_field_equal(m, c, "title"));
	cr_assert_eq(lk_record_copy_field(m, c, "title"), 0);
	cr_assert(lk_record_field_equal(m, c, "title"));
	lk_record_free(c);
	lk_record_free(m);
}

struct bad {
	char field[32];
	char value[64];
	char reason[32];
};

ParameterizedTestParameters(entity, validation_refuses)
{
	static struct bad cases[] = {
		{"planned_date", "2026-02-30", "is not a date"}, {"planned_date", "3/3/2026", "is not a date"},
		{"status", "someday", "allowed values"},         {"kind", "weekly", "allowed values"},
		{"kind", "", "is required"},                     {"id", "12345", "not a UUID"},
		{"puskesmas", "P3325010101", "tenant keys"},     {"kecamatan", "", "tenant keys"},
		{"kabupaten", "33", "tenant keys"},              {"planned_date", "2029-01-03", "outside the meeting's year"},
		{"held_date", "2027-12-30", "outside the meeting's year"}, {"period", "13", "period must be 1-12"},
		{"year", "1999", "outside 2000-2100"},
	};
	return cr_make_param_array(struct bad, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct bad *b, entity, validation_refuses)
{
	char err[256] = "";
	ProtobufCMessage *m = s_meeting();
	cr_assert_eq(lk_record_validate(lk_entity_find("meeting"), m, err, sizeof err), 0, "%s", err);
	cr_assert_eq(lk_record_set(m, b->field, b->value), 0);
	cr_assert_eq(lk_record_validate(lk_entity_find("meeting"), m, err, sizeof err), -LK_EINVAL, "%s=%s accepted",
	             b->field, b->value);
	cr_assert(strstr(err, b->reason), "%s=%s: %s", b->field, b->value, err);
	lk_record_free(m);
}

Test(entity, leap_day_and_long_text)
{
	char err[256], *big = malloc(1200);
	ProtobufCMessage *m = s_meeting();
	cr_assert_eq(lk_record_set(m, "planned_date", "2028-02-29"), 0);
	cr_assert_eq(lk_record_validate(lk_entity_find("meeting"), m, err, sizeof err), 0, "%s", err);
	memset(big, 'x', 1199);
	big[1199] = '\0';
	cr_assert_eq(lk_record_set(m, "status_reason", big), 0);
	cr_assert_eq(lk_record_validate(lk_entity_find("meeting"), m, err, sizeof err), -LK_EINVAL);
	cr_assert(strstr(err, "longer than 1000"), "%s", err);
	free(big);
	lk_record_free(m);
}

Test(entity, json_line_is_stable)
{
	ProtobufCMessage *m = s_meeting();
	char *buf = NULL;
	size_t len = 0;
	cr_assert_eq(lk_record_set(m, "title", "Lokmin \"Maret\"\n"), 0);
	FILE *f = open_memstream(&buf, &len);
	cr_assert_eq(lk_record_json(f, lk_entity_find("meeting"), m), 0);
	fclose(f);
	cr_assert(strncmp(buf, "{\"entity\":\"meeting\",\"id\":\"01a20422", 34) == 0, "%s", buf);
	cr_assert(strstr(buf, "\"title\":\"Lokmin \\\"Maret\\\"\\n\""), "%s", buf);
	cr_assert(strstr(buf, "\"team_building\":false"), "%s", buf);
	cr_assert(strstr(buf, "\"year\":2028"), "%s", buf);
	free(buf);
	lk_record_free(m);
}

Test(entity, field_meta_round_trip)
{
	struct meta_set a = {0}, b = {0};
	cr_assert_eq(meta_set_field(&a, "title", 3, 99, "01a20422-f687-7002-a92c-a851f11ac843"), 0);
	cr_assert_eq(meta_set_field(&a, "place", 4, 100, ""), 0);
	cr_assert_eq(meta_set_field(&a, "title", 5, 101, "01a20422-f687-7002-a92c-a851f11ac844"), 0);
	char *t = meta_format(&a);
	cr_assert_str_eq(t, "title=5,101,01a20422-f687-7002-a92c-a851f11ac844;place=4,100,");
	cr_assert_eq(meta_parse(&b, t), 0, "%s", t);
	struct field_meta *fm = meta_find(&b, "title");
	cr_assert_not_null(fm);
	cr_assert_eq(fm->rev, 5);
	cr_assert_eq(fm->hlc, 101);
	cr_assert_str_eq(fm->device, "01a20422-f687-7002-a92c-a851f11ac844");
	cr_assert_eq(meta_find(&b, "place")->rev, 4);
	cr_assert_eq(b.n, 2);
	cr_assert_eq(meta_parse(&b, "garbage"), -LK_EINVAL);
	free(t);
	struct meta_set c = {0};
	cr_assert_eq(meta_set_field(&c, "deleted", 0, UINT64_MAX, "d"), 0);
	cr_assert_eq(meta_set_field(&c, "x", 1234567890123, 10, "e"), 0);
	t = meta_format(&c);
	cr_assert_str_eq(t, "deleted=0,18446744073709551615,d;x=1234567890123,10,e");
	free(t);
	meta_free(&c);
	c.n = 0;
	t = meta_format(&c);
	cr_assert_str_eq(t, "");
	free(t);
	meta_free(&a);
	meta_free(&b);
}

/* Values the strict checks refuse, each with the field its message names. */
Test(entity, strict_values_refused)
{
	static const struct {
		const char *entity, *field, *value;
	} cases[] = {
		{"meeting", "planned_date", "2023- 4-29"},
		{"meeting", "planned_date", "2024-03-+3"},
		{"meeting_event", "at", "2026-03-03T08:0:000Z"},
		{"meeting_event", "at", "2026-03-03T08:00:60Z"},
		{"achievement", "numerator", "nan"},
		{"achievement", "numerator", "inf"},
		{"achievement", "numerator", "-inf"},
		{"achievement", "numerator", "5e-321"},
		{"achievement", "numerator", "2.0795558751459669e-312"},
		{"achievement", "numerator", "0x10"},
		{"achievement", "note", "caf\xe9"},
		{"person", "sector_id", "00000000-0000-0000-0000-000000000000"},
		{"person", "sector_id", "01A20422-F687-7002-A92C-A851F11AC843"},
		{"problem", "urgency", "+3"},
		{"problem", "urgency", "03"},
	};
	char err[256];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct lk_entity *e = lk_entity_find(cases[i].entity);
		const struct lk_field *f = lk_entity_field(e, cases[i].field);
		cr_assert_not_null(f);
		err[0] = '\0';
		cr_assert_neq(lk_field_check(f, cases[i].value, err, sizeof err), 0, "%s.%s=\"%s\" accepted",
		              cases[i].entity, cases[i].field, cases[i].value);
		cr_assert(strstr(err, cases[i].field), "%s", err);
	}
	cr_assert_eq(lk_field_check(lk_entity_field(lk_entity_find("achievement"), "numerator"), "2.5e3", err,
	                            sizeof err), 0, "%s", err);
	cr_assert_eq(lk_field_check(lk_entity_field(lk_entity_find("achievement"), "numerator"), "0", err, sizeof err),
	             0);
	/* Ids: the nil UUID and upper case are not ids lokmin writes. */
	ProtobufCMessage *m = s_meeting();
	cr_assert_eq(lk_record_set(m, "id", "00000000-0000-0000-0000-000000000000"), 0);
	cr_assert_neq(lk_record_validate(lk_entity_find("meeting"), m, err, sizeof err), 0);
	cr_assert_eq(lk_record_set(m, "id", "01A20422-F687-7002-A92C-A851F11AC843"), 0);
	cr_assert_neq(lk_record_validate(lk_entity_find("meeting"), m, err, sizeof err), 0);
	lk_record_free(m);
}

/* Hex fields (keys, signatures, hashes) take only the lower-case form lk_hex_encode
 * writes: the database CHECKs refuse anything else, so validation must refuse it first. */
Test(entity, hex_fields_are_lower_case)
{
	char err[256], lower[129], upper[129], mixed[129];
	int seen = 0;
	for (size_t i = 0; i < lk_entities_count; i++) {
		const struct lk_entity *e = &lk_entities[i];
		for (size_t k = 0; k < e->nfields; k++) {
			const struct lk_field *f = &e->fields[k];
			if (f->kind != LK_F_HEX)
				continue;
			int n = f->maxlen;
			cr_assert(n == 64 || n == 128, "%s.%s: unexpected hex length %d", e->name, f->name, n);
			for (int j = 0; j < n; j++) {
				lower[j] = "0123456789abcdef"[(j * 7 + 3) % 16];
				upper[j] = "0123456789ABCDEF"[(j * 7 + 3) % 16];
			}
			lower[n] = upper[n] = '\0';
			memcpy(mixed, lower, (size_t)n + 1);
			mixed[n - 1] = 'F';
			err[0] = '\0';
			cr_assert_eq(lk_field_check(f, lower, err, sizeof err), 0, "%s.%s: %s", e->name, f->name, err);
			cr_assert_eq(lk_field_check(f, upper, err, sizeof err), -LK_EINVAL, "%s.%s upper case accepted",
			             e->name, f->name);
			cr_assert(strstr(err, f->name) && strstr(err, "lower-case hexadecimal"), "%s", err);
			err[0] = '\0';
			cr_assert_eq(lk_field_check(f, mixed, err, sizeof err), -LK_EINVAL, "%s.%s one upper digit accepted",
			             e->name, f->name);
			cr_assert(strstr(err, f->name), "%s", err);
			/* Lower case but short: the database would refuse it, so validation does. */
			lower[n - 2] = '\0';
			cr_assert_eq(lk_field_check(f, lower, err, sizeof err), -LK_EINVAL, "%s.%s short value accepted",
			             e->name, f->name);
			cr_assert(strstr(err, f->name), "%s", err);
			seen++;
		}
	}
	cr_assert_geq(seen, 8, "only %d hex fields found", seen);
	/* The refusal quotes the value as given, so the user sees which one. */
	const struct lk_entity *inv = lk_entity_find("invitation");
	cr_assert_not_null(inv);
	cr_assert_not_null(lk_entity_field(inv, "signature"));
	for (int j = 0; j < 128; j++)
		upper[j] = "0123456789ABCDEF"[j % 16];
	upper[128] = '\0';
	cr_assert_eq(lk_field_check(lk_entity_field(inv, "signature"), upper, err, sizeof err), -LK_EINVAL);
	cr_assert(strstr(err, "signature: \"0123456789ABCDEF"), "%s", err);
}

/* What lk_record_get prints, lk_record_set reads back exactly; values that do not are refused. */
Test(entity, numbers_round_trip_and_copies_validate_alike)
{
	const struct lk_entity *e = lk_entity_find("target");
	static const char *const vals[] = {"0",       "1",   "0.1", "123456.789", "1.7976931348623157e+308",
	                                   "2.2250738585072014e-308", "5e-321", "nan", "-inf", "1e-310", "-0"};
	char err[256];
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		ProtobufCMessage *m = lk_record_new(e);
		cr_assert_eq(lk_record_set(m, "id", "01a20422-f687-7002-a92c-a851f11ac843"), 0);
		cr_assert_eq(lk_record_set(m, "kabupaten", "3324"), 0);
		cr_assert_eq(lk_record_set(m, "kecamatan", "332401"), 0);
		cr_assert_eq(lk_record_set(m, "puskesmas", "P3324010101"), 0);
		cr_assert_eq(lk_record_set(m, "indicator_code", "KIA-01"), 0);
		cr_assert_eq(lk_record_set(m, "year", "2026"), 0);
		char id[37];
		cr_assert_eq(lk_natural_id(e, m, id), 0);
		cr_assert_eq(lk_record_set(m, "id", id), 0);
		/* Set the bits directly where the text parser would refuse them. */
		double v = strtod(vals[i], NULL);
		*(double *)((char *)m + protobuf_c_message_descriptor_get_field_by_name(e->desc, "sasaran")->offset) = v;
		int valid = lk_record_validate(e, m, err, sizeof err);
		int trips = lk_record_roundtrips(e, m, err, sizeof err);
		ProtobufCMessage *c = lk_record_copy(e, m);
		cr_assert_not_null(c);
		cr_assert_eq(lk_record_validate(e, c, err, sizeof err), valid, "copy of %s validates otherwise", vals[i]);
		if (valid == 0)
			cr_assert(trips, "%s is valid but does not read back: %s", vals[i], err);
		int expect_ok = i < 6 || i == 10;
		cr_assert_eq(valid == 0, expect_ok, "sasaran %s: %s", vals[i], err);
		lk_record_free(c);
		lk_record_free(m);
	}
}

/* "-0" is not the one written form of a whole number: stored, it reads back as "0". */
Test(entity, whole_number_minus_zero_refused)
{
	const struct lk_entity *e = NULL;
	const struct lk_field *f = NULL;
	char err[256];
	for (size_t k = 0; k < lk_entities_count && f == NULL; k++)
		for (size_t i = 0; i < lk_entities[k].nfields && f == NULL; i++)
			if (lk_entities[k].fields[i].kind == LK_F_INT && lk_entities[k].fields[i].choices == NULL) {
				e = &lk_entities[k];
				f = &e->fields[i];
			}
	cr_assert_not_null(f);
	err[0] = '\0';
	cr_assert_neq(lk_field_check(f, "-0", err, sizeof err), 0, "%s.%s=\"-0\" accepted", e->name, f->name);
	cr_assert(strstr(err, f->name), "%s", err);
	cr_assert_eq(lk_field_check(f, "0", err, sizeof err), 0, "%s", err);
	cr_assert_eq(lk_field_check(f, "-7", err, sizeof err), 0, "%s", err);
	cr_assert_neq(lk_field_check(f, "-07", err, sizeof err), 0);
}
