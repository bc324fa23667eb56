/* lk_uuid: time-ordered UUIDv7 record ids, generated on the client. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "lk_error.h"
#include "lk_util.h"
#include "lk_uuid.h"

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t s_last_ms;
static uint16_t s_seq;

void lk_uuid_v7(lk_uuid *out)
{
	uint64_t ms = lk_now_ms();
	uint16_t seq;

	randombytes_buf(out->b, sizeof out->b);
	pthread_mutex_lock(&s_lock);
	/* rand_a (12 bits) carries a counter within one millisecond; if it
	 * overflows, borrow the next millisecond so order is kept. */
	if (ms <= s_last_ms) {
		ms = s_last_ms;
		if (++s_seq > 0x0fff) {
			s_seq = 0;
			ms = ++s_last_ms;
		}
	} else {
		s_last_ms = ms;
		s_seq = (uint16_t)(out->b[6] & 0x03); /* small random start */
	}
	seq = s_seq;
	pthread_mutex_unlock(&s_lock);

	for (int i = 0; i < 6; i++)
		out->b[i] = (uint8_t)(ms >> (40 - 8 * i));
	out->b[6] = (uint8_t)(0x70 | ((seq >> 8) & 0x0f));
	out->b[7] = (uint8_t)(seq & 0xff);
	out->b[8] = (uint8_t)(0x80 | (out->b[8] & 0x3f));
}

void lk_uuid_derive(lk_uuid *out, const char *text)
{
	static const unsigned char key[] = "lokmin natural key v1";
	crypto_generichash(out->b, sizeof out->b, (const unsigned char *)text, strlen(text), key, sizeof key - 1);
	out->b[6] = (uint8_t)(0x80 | (out->b[6] & 0x0f)); /* version 8 */
	out->b[8] = (uint8_t)(0x80 | (out->b[8] & 0x3f)); /* RFC 9562 variant */
}

char *lk_uuid_format(const lk_uuid *u, char out[LK_UUID_STRLEN])
{
	static const char hex[] = "0123456789abcdef";
	char *p = out;
	for (int i = 0; i < LK_UUID_LEN; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[u->b[i] >> 4];
		*p++ = hex[u->b[i] & 0x0f];
	}
	*p = '\0';
	return out;
}

int lk_uuid_parse(lk_uuid *out, const char *s)
{
	int n = 0;
	if (s == NULL || strlen(s) != 36)
		return -LK_EINVAL;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -LK_EINVAL;
			continue;
		}
		int v = lk_hexval(s[i]);
		if (v < 0)
			return -LK_EINVAL;
		if (n % 2 == 0)
			out->b[n / 2] = (uint8_t)(v << 4);
		else
			out->b[n / 2] |= (uint8_t)v;
		n++;
	}
	return 0;
}

int lk_uuid_canonical(const char *s)
{
	int nonzero = 0;
	if (s == NULL || strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')) {
			nonzero |= s[i] != '0';
		} else {
			return 0;
		}
	}
	return nonzero;
}

uint64_t lk_uuid_time_ms(const lk_uuid *u)
{
	uint64_t ms = 0;
	for (int i = 0; i < 6; i++)
		ms = (ms << 8) | u->b[i];
	return ms;
}
