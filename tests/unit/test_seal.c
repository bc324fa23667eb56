/* test_seal: the document seal (QR payload): built byte for byte, parsed strictly, and drawn as a QR code. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_seal.h"
#include "seal_qr.h"

#define ID "01890a5d-ac96-774b-bcce-b302099a8057"
#define KEY "01890a5d-ac96-774b-bcce-b302099a8058"
/* SHA-256 of "test" */
#define H_TEST "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

static char s_sig[129];

static void s_init(void)
{
	for (int i = 0; i < 128; i++)
		s_sig[i] = "0123456789abcdef"[(i * 7) % 16];
	s_sig[128] = '\0';
}

TestSuite(seal, .init = s_init);

static char *s_good(char out[LK_SEAL_MAX], const char *entity)
{
	cr_assert_eq(lk_seal_build(out, entity, ID, (const uint8_t *)"test", 4, KEY, s_sig), 0);
	return out;
}

Test(seal, built_byte_for_byte)
{
	char out[LK_SEAL_MAX], want[400];
	snprintf(want, sizeof want, "LKM1|invitation|" ID "|" H_TEST "|" KEY "|%s", s_sig);
	cr_assert_str_eq(s_good(out, "invitation"), want);
	cr_assert_eq(strlen(out), 283, "the longest seal is 283 bytes");
	snprintf(want, sizeof want, "LKM1|minutes|" ID "|" H_TEST "|" KEY "|%s", s_sig);
	cr_assert_str_eq(s_good(out, "minutes"), want);
	char h[65];
	cr_assert_str_eq(lk_seal_sha256_hex(h, (const uint8_t *)"", 0),
	                 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(seal, build_refuses_what_is_not_a_seal)
{
	char out[LK_SEAL_MAX], upper[129];
	const uint8_t *doc = (const uint8_t *)"test";
	cr_assert_eq(lk_seal_build(out, "meeting", ID, doc, 4, KEY, s_sig), -LK_EINVAL);
	cr_assert_eq(lk_seal_build(out, "invitation", "not-an-id", doc, 4, KEY, s_sig), -LK_EINVAL);
	cr_assert_eq(lk_seal_build(out, "invitation", ID, doc, 4, "", s_sig), -LK_EINVAL, "no key: not signed");
	cr_assert_eq(lk_seal_build(out, "invitation", ID, doc, 4, KEY, ""), -LK_EINVAL, "no signature: not signed");
	memcpy(upper, s_sig, sizeof upper);
	upper[5] = 'A';
	cr_assert_eq(lk_seal_build(out, "invitation", ID, doc, 4, KEY, upper), -LK_EINVAL);
	cr_assert_str_eq(out, "");
}

Test(seal, parses_its_own_output)
{
	char out[LK_SEAL_MAX], why[200] = "";
	struct lk_seal s;
	s_good(out, "minutes");
	cr_assert_eq(lk_seal_parse(out, strlen(out), &s, why, sizeof why), 0, "%s", why);
	cr_assert_str_eq(s.entity, "minutes");
	cr_assert_str_eq(s.id, ID);
	cr_assert_str_eq(s.sha256, H_TEST);
	cr_assert_str_eq(s.key_id, KEY);
	cr_assert_str_eq(s.sig, s_sig);
}

/* Parse text (a copy of good with one change), expecting a refusal naming want. */
static void s_refused(const char *text, size_t len, const char *want)
{
	struct lk_seal s;
	char why[200] = "";
	memset(&s, 'x', sizeof s);
	cr_assert_eq(lk_seal_parse(text, len, &s, why, sizeof why), -LK_EINVAL, "accepted: %.*s", (int)len, text);
	cr_assert(strstr(why, want), "\"%s\" is not in \"%s\" for %.*s", want, why, (int)len, text);
	cr_assert_eq(s.entity[0], 0, "fields left set after a refusal");
	cr_assert_eq(s.sig[0], 0);
}

Test(seal, parse_is_strict)
{
	char good[LK_SEAL_MAX], t[600], inv[LK_SEAL_MAX];
	/* The minutes' seal is 3 bytes shorter than the longest: a byte more reaches the field checks. */
	s_good(good, "minutes");
	size_t n = strlen(good);
	s_refused("", 0, "empty");
	/* A line end, a space, a NUL, one more field, one field fewer. */
	snprintf(t, sizeof t, "%s\n", s_good(inv, "invitation"));
	s_refused(t, strlen(t), "longer"); /* the longest seal and one byte more */
	snprintf(t, sizeof t, "%s\n", good);
	s_refused(t, strlen(t), "signature");
	snprintf(t, sizeof t, " %s", good);
	s_refused(t, strlen(t), "LKM1");
	memcpy(t, good, n);
	t[n] = '\0';
	s_refused(t, n + 1, "NUL");
	snprintf(t, sizeof t, "%s|", good);
	s_refused(t, strlen(t), "more than 6 fields");
	snprintf(t, sizeof t, "%.*s", (int)(strrchr(good, '|') - good), good);
	s_refused(t, strlen(t), "6 fields");
	/* Another version or magic. */
	snprintf(t, sizeof t, "LKM2%s", good + 4);
	s_refused(t, strlen(t), "LKM1");
	snprintf(t, sizeof t, "lkm1%s", good + 4);
	s_refused(t, strlen(t), "LKM1");
	/* Another entity, or one in capitals. */
	snprintf(t, sizeof t, "LKM1|meeting|%s", good + strlen("LKM1|minutes|"));
	s_refused(t, strlen(t), "invitation or minutes");
	snprintf(t, sizeof t, "LKM1|Minutes|%s", good + strlen("LKM1|minutes|"));
	s_refused(t, strlen(t), "invitation or minutes");
	/* Ids: upper case, short, not an id. */
	memcpy(t, good, n + 1);
	t[13] = 'A'; /* the first character of the document id is '0'; 'A' is not lower-case */
	s_refused(t, n, "document id");
	memcpy(t, good, n + 1);
	memmove(t + 14, t + 15, n - 14); /* one character of the id gone */
	s_refused(t, n - 1, "document id");
	/* Hash: upper case, a non-hex letter, one digit more. */
	size_t h = strlen("LKM1|minutes|" ID "|");
	memcpy(t, good, n + 1);
	t[h] = 'F';
	s_refused(t, n, "content hash");
	memcpy(t, good, n + 1);
	t[h + 3] = 'g';
	s_refused(t, n, "content hash");
	snprintf(t, sizeof t, "%.*s0%s", (int)h, good, good + h);
	s_refused(t, strlen(t), "content hash");
	/* Key id and signature. */
	size_t k = h + 65;
	memcpy(t, good, n + 1);
	t[k + 8] = '_';
	s_refused(t, n, "signing key");
	memcpy(t, good, n + 1);
	t[n - 1] = 'E';
	s_refused(t, n, "signature");
	memcpy(t, good, n + 1);
	t[n - 1] = '\0';
	s_refused(t, n - 1, "signature");
	/* Too long for a seal at all. */
	memset(t, 'a', 500);
	s_refused(t, 500, "longer");
}

Test(seal, fits_a_small_qr_code_and_draws_as_svg)
{
	char good[LK_SEAL_MAX], *svg = NULL;
	size_t len = 0;
	struct dom_qr q;
	s_good(good, "invitation");
	cr_assert_eq(dom_qr_make(good, &q), 0);
	cr_assert_leq(q.version, 12, "version %d", q.version);
	cr_assert_eq(q.width, 17 + 4 * q.version);
	/* The finder pattern's corner modules are dark, the separator beside it light. */
	cr_assert_eq(q.dark[0], 1);
	cr_assert_eq(q.dark[6], 1);
	cr_assert_eq(q.dark[7], 0);
	cr_assert_eq(q.dark[(q.width - 1) * q.width], 1);
	FILE *f = open_memstream(&svg, &len);
	cr_assert_eq(dom_qr_svg(f, &q, 0.5), 0);
	fclose(f);
	char want[80];
	snprintf(want, sizeof want, "viewBox=\"0 0 %d %d\"", q.width + 8, q.width + 8);
	cr_assert(strstr(svg, want), "%s", svg);
	cr_assert(strstr(svg, "M4 4h7v1h-7z"), "the top-left finder's first row: %.300s", svg);
	free(svg);
	dom_qr_free(&q);
	cr_assert_eq(dom_qr_make("", &q), -LK_EINVAL);
}
