/* fuzz_numbers: the number parsers of lk_util (CLI arguments, reals) and the whole-number and real field checks. */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>

#include "fuzz.h"
#include "lk_entity.h"
#include "lk_util.h"

/* Bounds for lk_parse_uint, picked by the input's first byte. */
static const uint64_t s_max[] = {0, 1, 9, 10, 99, 255, 1000, INT32_MAX, UINT32_MAX, INT64_MAX, UINT64_MAX - 1,
                                 UINT64_MAX};

/* A whole-number field and a real field of some entity, with a record of each to set them on. */
static const struct lk_entity *s_ie, *s_re;
static const struct lk_field *s_if, *s_rf;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (size_t k = 0; k < lk_entities_count; k++)
		for (size_t i = 0; i < lk_entities[k].nfields; i++) {
			const struct lk_field *f = &lk_entities[k].fields[i];
			if (f->kind == LK_F_INT && s_if == NULL && f->choices == NULL) {
				s_ie = &lk_entities[k];
				s_if = f;
			}
			if (f->kind == LK_F_REAL && s_rf == NULL && f->choices == NULL) {
				s_re = &lk_entities[k];
				s_rf = f;
			}
		}
	FZ_CHECK(s_if && s_rf, "no whole-number or real field in the entity table");
	return 0;
}

/* 1 when s (digits only, not empty) is at most max as a number, by text: no arithmetic that could wrap. */
static int s_fits(const char *s, uint64_t max)
{
	char m[24];
	while (s[0] == '0' && s[1])
		s++;
	snprintf(m, sizeof m, "%" PRIu64, max);
	return strlen(s) != strlen(m) ? strlen(s) < strlen(m) : strcmp(s, m) <= 0;
}

static void s_uint(const char *text, uint64_t max)
{
	uint64_t v = 7;
	int digits = text[0] != '\0' && strspn(text, "0123456789") == strlen(text);
	int ok = lk_parse_uint(text, max, &v) == 0;
	/* Plain digits within max, and nothing else. */
	FZ_CHECK(ok == (digits && s_fits(text, max)), "lk_parse_uint(\"%.40s\", %" PRIu64 ") gave %d", text, max, ok);
	if (ok) {
		char back[24];
		const char *t = text;
		while (t[0] == '0' && t[1])
			t++;
		snprintf(back, sizeof back, "%" PRIu64, v);
		FZ_CHECK(v <= max && strcmp(back, t) == 0, "\"%.40s\" parsed as %" PRIu64, text, v);
	}
	int arg = lk_parse_arg(text);
	uint64_t w;
	int want = lk_parse_uint(text, INT32_MAX, &w) == 0 ? (int)w : -1;
	FZ_CHECK(arg == want, "lk_parse_arg(\"%.40s\") gave %d, not %d", text, arg, want);
}

static void s_real(const char *text)
{
	double v = 0, w = 0;
	char back[40], err[256];
	if (lk_parse_real(text, &v) != 0)
		return;
	/* Finite, never subnormal, never -0: a value the database and a copy give back unchanged. */
	FZ_CHECK(isfinite(v) && (v == 0 || fabs(v) >= DBL_MIN) && !(v == 0 && signbit(v)),
	         "lk_parse_real(\"%.40s\") took %a", text, v);
	snprintf(back, sizeof back, "%.17g", v);
	FZ_CHECK(lk_parse_real(back, &w) == 0 && memcmp(&v, &w, sizeof v) == 0, "\"%.40s\" = %a prints as \"%s\"",
	         text, v, back);
	FZ_CHECK(lk_field_check(s_rf, back, err, sizeof err) == 0, "printed real \"%s\" refused: %s", back, err);
}

/* A whole-number or real field's check: what it takes, the record either stores
 * as exactly that text (read back the same) or refuses outright; never changed. */
static void s_field(const struct lk_entity *e, const struct lk_field *f, const char *text)
{
	char err[256];
	if (text[0] == '\0' || lk_field_check(f, text, err, sizeof err) != 0)
		return;
	ProtobufCMessage *m = lk_record_new(e);
	FZ_CHECK(m != NULL, "lk_record_new");
	if (lk_record_set(m, f->name, text) == 0) {
		char *back = lk_record_get(m, f->name);
		double a, b;
		FZ_CHECK(back != NULL, "no value");
		if (f->kind == LK_F_INT)
			FZ_CHECK(strcmp(back, text) == 0, "%s: whole number \"%.40s\" is stored as \"%s\"", f->name, text,
			         back);
		else {
			/* The same value (the check lets "-0" through on purpose: protobuf-c
			 * does not write it, so the canonical record carries 0). */
			a = strtod(back, NULL);
			b = strtod(text, NULL);
			FZ_CHECK(a == b && (lk_parse_real(back, &a) == 0 || strcmp(text, "-0") == 0),
			         "%s: real \"%.40s\" is stored as \"%s\"", f->name, text, back);
		}
		free(back);
	}
	lk_record_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *text = fz_text(data + 1, size - 1);
	s_uint(text, s_max[data[0] % LK_ARRAY_LEN(s_max)]);
	s_real(text);
	s_field(s_ie, s_if, text);
	s_field(s_re, s_rf, text);
	free(text);
	return 0;
}
