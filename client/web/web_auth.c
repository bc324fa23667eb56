/* web_auth: sessions with random tokens and an idle timeout, CSRF tokens, and failed-login counting. */
#include <string.h>

#include <sodium.h>

#include "lk_util.h"
#include "web_auth.h"

static struct web_session s_sessions[WEB_SESSIONS_MAX];

void web_token(char out[WEB_TOKEN_LEN + 1])
{
	unsigned char r[WEB_TOKEN_LEN / 2];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(out, WEB_TOKEN_LEN + 1, r, sizeof r);
	sodium_memzero(r, sizeof r);
}

struct web_session *web_session_new(const char *login, const char *person_id, const char *lang, int64_t now_ms,
                                    int64_t idle_ms)
{
	struct web_session *s = &s_sessions[0];
	for (size_t i = 0; i < WEB_SESSIONS_MAX; i++) {
		struct web_session *x = &s_sessions[i];
		if (x->last_ms == 0 || now_ms - x->last_ms > idle_ms) {
			s = x;
			break;
		}
		if (x->last_ms < s->last_ms)
			s = x;
	}
	web_session_end(s);
	web_token(s->token);
	web_token(s->csrf);
	lk_strlcpy(s->login, login, sizeof s->login);
	lk_strlcpy(s->person_id, person_id, sizeof s->person_id);
	lk_strlcpy(s->lang, lang, sizeof s->lang);
	s->last_ms = now_ms > 0 ? now_ms : 1;
	return s;
}

struct web_session *web_session_find(const char *token, int64_t now_ms, int64_t idle_ms)
{
	if (token == NULL || strlen(token) != WEB_TOKEN_LEN)
		return NULL;
	for (size_t i = 0; i < WEB_SESSIONS_MAX; i++) {
		struct web_session *s = &s_sessions[i];
		if (s->last_ms == 0 || sodium_memcmp(s->token, token, WEB_TOKEN_LEN) != 0)
			continue;
		if (now_ms - s->last_ms > idle_ms) {
			web_session_end(s);
			return NULL;
		}
		s->last_ms = now_ms;
		return s;
	}
	return NULL;
}

void web_session_end(struct web_session *s)
{
	sodium_memzero(s, sizeof *s);
}

int web_session_end_others(const char *login, const struct web_session *keep)
{
	int n = 0;
	for (size_t i = 0; i < WEB_SESSIONS_MAX; i++) {
		struct web_session *s = &s_sessions[i];
		if (s != keep && s->last_ms != 0 && !strcmp(s->login, login)) {
			web_session_end(s);
			n++;
		}
	}
	return n;
}

void web_session_set_lang(const char *login, const char *lang)
{
	for (size_t i = 0; i < WEB_SESSIONS_MAX; i++)
		if (s_sessions[i].last_ms != 0 && !strcmp(s_sessions[i].login, login))
			lk_strlcpy(s_sessions[i].lang, lang, sizeof s_sessions[i].lang);
}

/* ---------------------------------------------------------------- rate limit */

#define RATE_MAX 512

/* Failures of one key ("l:" login or "a:" address) since start_ms. */
static struct {
	char key[80];
	int fails;
	int64_t start_ms;
} s_rate[RATE_MAX];

static int s_find(const char *key, int64_t now_ms, int make)
{
	int free_slot = -1, oldest = 0;
	for (int i = 0; i < RATE_MAX; i++) {
		if (s_rate[i].key[0] && now_ms - s_rate[i].start_ms > WEB_RATE_WINDOW_MS)
			s_rate[i].key[0] = '\0'; /* the window is over */
		if (s_rate[i].key[0] && !strcmp(s_rate[i].key, key))
			return i;
		if (!s_rate[i].key[0] && free_slot < 0)
			free_slot = i;
		if (s_rate[i].start_ms < s_rate[oldest].start_ms)
			oldest = i;
	}
	if (!make)
		return -1;
	int i = free_slot >= 0 ? free_slot : oldest;
	lk_strlcpy(s_rate[i].key, key, sizeof s_rate[i].key);
	s_rate[i].fails = 0;
	s_rate[i].start_ms = now_ms;
	return i;
}

static void s_key(char *out, size_t n, char kind, const char *v)
{
	out[0] = kind;
	out[1] = ':';
	lk_strlcpy(out + 2, v ? v : "", n - 2);
}

int web_rate_blocked(const char *login, const char *addr, int64_t now_ms)
{
	char k[80];
	int i;
	s_key(k, sizeof k, 'l', login);
	if ((i = s_find(k, now_ms, 0)) >= 0 && s_rate[i].fails >= WEB_RATE_PER_LOGIN)
		return 1;
	s_key(k, sizeof k, 'a', addr);
	if ((i = s_find(k, now_ms, 0)) >= 0 && s_rate[i].fails >= WEB_RATE_PER_ADDR)
		return 1;
	return 0;
}

void web_rate_fail(const char *login, const char *addr, int64_t now_ms)
{
	char k[80];
	s_key(k, sizeof k, 'l', login);
	s_rate[s_find(k, now_ms, 1)].fails++;
	s_key(k, sizeof k, 'a', addr);
	s_rate[s_find(k, now_ms, 1)].fails++;
}

void web_rate_ok(const char *login)
{
	char k[80];
	s_key(k, sizeof k, 'l', login);
	for (int i = 0; i < RATE_MAX; i++)
		if (!strcmp(s_rate[i].key, k))
			s_rate[i].key[0] = '\0';
}
