/* lk_seal: the QR payload of a signed document: one format, a builder and a strict parser that refuses any other text. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "lk_error.h"
#include "lk_seal.h"
#include "lk_util.h"
#include "lk_uuid.h"

#define FIELDS 6

char *lk_seal_sha256_hex(char out[65], const uint8_t *bytes, size_t len)
{
	uint8_t h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, bytes, len);
	return lk_hex_encode(out, h, sizeof h);
}

/* 1 when s is exactly n lower-case hex digits: a scanner that changed case
 * has changed the text, and one spelling keeps a payload comparable as bytes. */
static int s_lowhex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int s_entity_ok(const char *e)
{
	return !strcmp(e, "invitation") || !strcmp(e, "minutes");
}

int lk_seal_build(char out[LK_SEAL_MAX], const char *entity, const char *id, const uint8_t *doc, size_t len,
                  const char *key_id, const char *sig_hex)
{
	char h[65];
	out[0] = '\0';
	if (entity == NULL || id == NULL || key_id == NULL || sig_hex == NULL || (doc == NULL && len > 0) ||
	    !s_entity_ok(entity) || !lk_uuid_canonical(id) || !lk_uuid_canonical(key_id) || !s_lowhex(sig_hex, 128))
		return -LK_EINVAL;
	lk_seal_sha256_hex(h, doc ? doc : (const uint8_t *)"", len);
	int w = snprintf(out, LK_SEAL_MAX, LK_SEAL_MAGIC "|%s|%s|%s|%s|%s", entity, id, h, key_id, sig_hex);
	if (w < 0 || w >= LK_SEAL_MAX) {
		out[0] = '\0';
		return -LK_EINVAL;
	}
	return 0;
}

/* Set why and clear s; returns -LK_EINVAL. */
static int s_refuse(struct lk_seal *s, char *why, size_t n, const char *what)
{
	memset(s, 0, sizeof *s);
	if (why && n)
		snprintf(why, n, "%s", what);
	return -LK_EINVAL;
}

int lk_seal_parse(const char *text, size_t len, struct lk_seal *s, char *why, size_t n)
{
	char buf[LK_SEAL_MAX], *f[FIELDS];
	size_t nf = 0;
	memset(s, 0, sizeof *s);
	if (text == NULL || len == 0)
		return s_refuse(s, why, n, "the text is empty");
	if (len >= sizeof buf)
		return s_refuse(s, why, n, "the text is longer than a document seal");
	if (memchr(text, '\0', len))
		return s_refuse(s, why, n, "the text holds a NUL byte");
	memcpy(buf, text, len);
	buf[len] = '\0';
	/* Split on every '|' by hand: strtok would merge empty fields. */
	f[nf++] = buf;
	for (char *p = buf; *p; p++) {
		if (*p != '|')
			continue;
		if (nf == FIELDS)
			return s_refuse(s, why, n, "the text has more than 6 fields separated by |");
		*p = '\0';
		f[nf++] = p + 1;
	}
	if (nf != FIELDS)
		return s_refuse(s, why, n, "the text does not have 6 fields separated by |");
	if (strcmp(f[0], LK_SEAL_MAGIC) != 0)
		return s_refuse(s, why, n, "the text does not start with LKM1 (not a lokmin document seal)");
	if (!s_entity_ok(f[1]))
		return s_refuse(s, why, n, "the kind of document is not invitation or minutes");
	if (!lk_uuid_canonical(f[2]))
		return s_refuse(s, why, n, "the document id is not a lokmin id (36 lower-case characters)");
	if (!s_lowhex(f[3], 64))
		return s_refuse(s, why, n, "the content hash is not 64 lower-case hex digits");
	if (!lk_uuid_canonical(f[4]))
		return s_refuse(s, why, n, "the signing key id is not a lokmin id (36 lower-case characters)");
	if (!s_lowhex(f[5], 128))
		return s_refuse(s, why, n, "the signature is not 128 lower-case hex digits");
	lk_strlcpy(s->entity, f[1], sizeof s->entity);
	lk_strlcpy(s->id, f[2], sizeof s->id);
	lk_strlcpy(s->sha256, f[3], sizeof s->sha256);
	lk_strlcpy(s->key_id, f[4], sizeof s->key_id);
	lk_strlcpy(s->sig, f[5], sizeof s->sig);
	return 0;
}
