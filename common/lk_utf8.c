/* lk_utf8: checking and repairing UTF-8 text that crosses a trust boundary. */
#include <string.h>

#include "lk_utf8.h"

size_t lk_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c;
	size_t len;
	unsigned lo = 0x80, hi = 0xbf; /* allowed range of the second byte */

	if (n == 0)
		return 0; /* before reading s[0]: there may be no byte there */
	c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* beyond U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

int lk_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* ASCII without NUL, the usual text, a byte at a time without the sequence rules. */
		if (p[i] - 1u < 0x7fu) {
			i++;
			continue;
		}
		size_t k = lk_utf8_seq(p + i, n - i);
		if (k == 0 || p[i] == '\0')
			return 0;
		i += k;
	}
	return 1;
}

/* 1 when the n bytes at p are the start of some valid sequence, cut short. */
static int s_cut_prefix(const unsigned char *p, size_t n)
{
	unsigned char tmp[4] = {0};
	static const unsigned char cont[] = {0xa0, 0x90, 0x80};
	if (n == 0 || n >= 4 || p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	/* Complete it with the smallest continuation bytes and ask again. */
	memcpy(tmp, p, n);
	for (size_t i = n; i < 4; i++)
		tmp[i] = 0x80;
	if (n == 1 && (p[0] == 0xe0 || p[0] == 0xf0))
		tmp[1] = p[0] == 0xe0 ? cont[0] : cont[1];
	size_t k = lk_utf8_seq(tmp, 4);
	return k > n;
}

char *lk_utf8_fix(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		size_t k = lk_utf8_seq(p + i, n - i);
		if (k > 0) {
			i += k;
			continue;
		}
		if (s_cut_prefix(p + i, n - i)) {
			p[i] = '\0'; /* a truncation cut this character: drop its start */
			break;
		}
		p[i++] = '?';
	}
	return s;
}

int lk_utf8_clip(const char *s, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strnlen(s, max > 0 ? (size_t)max + 4 : 0), i = 0;
	while (i < n && i < (size_t)max) {
		size_t k = lk_utf8_seq(p + i, n - i);
		if (k == 0)
			k = 1; /* a bad byte is one byte (lk_utf8_fix replaces it) */
		if (i + k > (size_t)max)
			break;
		i += k;
	}
	return (int)i;
}
