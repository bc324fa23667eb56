/* fuzz_utf8: the UTF-8 checks and repairs (lk_utf8_seq, lk_utf8_valid, lk_utf8_fix, lk_utf8_clip) against a reference. */
#include "fuzz.h"
#include "lk_utf8.h"

/* The reference: length of the well-formed sequence at s (n bytes there), or 0;
 * written from the table of well-formed byte sequences, lead byte by lead byte. */
static size_t s_ref_seq(const uint8_t *s, size_t n)
{
	static const struct {
		uint8_t lead_lo, lead_hi, len, second_lo, second_hi;
	} rows[] = {
		{0x00, 0x7f, 1, 0, 0},       {0xc2, 0xdf, 2, 0x80, 0xbf}, {0xe0, 0xe0, 3, 0xa0, 0xbf},
		{0xe1, 0xec, 3, 0x80, 0xbf}, {0xed, 0xed, 3, 0x80, 0x9f}, {0xee, 0xef, 3, 0x80, 0xbf},
		{0xf0, 0xf0, 4, 0x90, 0xbf}, {0xf1, 0xf3, 4, 0x80, 0xbf}, {0xf4, 0xf4, 4, 0x80, 0x8f},
	};
	if (n == 0)
		return 0;
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		if (s[0] < rows[r].lead_lo || s[0] > rows[r].lead_hi)
			continue;
		size_t len = rows[r].len;
		if (n < len || (len > 1 && (s[1] < rows[r].second_lo || s[1] > rows[r].second_hi)))
			return 0;
		for (size_t i = 2; i < len; i++)
			if (s[i] < 0x80 || s[i] > 0xbf)
				return 0;
		return len;
	}
	return 0;
}

static int s_ref_valid(const uint8_t *s, size_t n)
{
	for (size_t i = 0, k; i < n; i += k)
		if ((k = s_ref_seq(s + i, n - i)) == 0 || s[i] == 0)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The bytes at the very end of a heap block, so any read past n is caught. */
	uint8_t *buf = malloc(size ? size : 1);
	FZ_CHECK(buf != NULL, "malloc");
	memcpy(buf, data, size);
	for (size_t i = 0; i <= size; i++) {
		size_t k = lk_utf8_seq(buf + i, size - i), want = s_ref_seq(buf + i, size - i);
		FZ_CHECK(k == want, "lk_utf8_seq at %zu of %zu gave %zu, the reference %zu", i, size, k, want);
	}
	int valid = lk_utf8_valid((const char *)buf, size);
	FZ_CHECK(valid == s_ref_valid(buf, size), "lk_utf8_valid gave %d on %zu bytes", valid, size);

	/* Repair: the result is valid, a valid text is left alone, every byte is
	 * kept or becomes '?', and at most one cut character is dropped at the end. */
	char *in = fz_text(data, size), *out = fz_text(data, size);
	size_t n = strlen(in);
	int was_valid = lk_utf8_valid(in, n);
	lk_utf8_fix(out);
	size_t m = strlen(out);
	FZ_CHECK(lk_utf8_valid(out, m), "lk_utf8_fix left invalid text");
	FZ_CHECK(!was_valid || strcmp(in, out) == 0, "lk_utf8_fix changed valid text");
	FZ_CHECK(m <= n && n - m < 4, "lk_utf8_fix went from %zu to %zu bytes", n, m);
	for (size_t i = 0; i < m; i++)
		FZ_CHECK(out[i] == in[i] || out[i] == '?', "lk_utf8_fix put 0x%02x at %zu", (unsigned char)out[i], i);
	if (m < n)
		FZ_CHECK(m + s_ref_seq((const uint8_t *)in + m, n - m) == m && (unsigned char)in[m] >= 0xc2,
		         "lk_utf8_fix dropped a tail that is not a cut character");

	/* Clip: at most max bytes, never inside a valid sequence, and as long as that allows. */
	int max = size ? data[0] % 48 : 0;
	int c = lk_utf8_clip(in, max);
	FZ_CHECK(c >= 0 && c <= max && (size_t)c <= n, "lk_utf8_clip(%d) gave %d of %zu", max, c, n);
	if (was_valid) {
		FZ_CHECK(lk_utf8_valid(in, (size_t)c), "lk_utf8_clip(%d) cut a character at %d", max, c);
		if ((size_t)c < n)
			FZ_CHECK(c + (int)s_ref_seq((const uint8_t *)in + c, n - (size_t)c) > max,
			         "lk_utf8_clip(%d) stopped at %d though the next character fits", max, c);
	}
	free(in);
	free(out);
	free(buf);
	return 0;
}
