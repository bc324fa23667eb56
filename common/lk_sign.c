/* lk_sign: Ed25519 signing keys for persons who sign (Kapus, Camat), kept under a passphrase. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lk_error.h"
#include "lk_sign.h"
#include "lk_util.h"

#define PREFIX "lokmin-sign-1:"
#define SALTLEN crypto_pwhash_SALTBYTES
#define NONCELEN crypto_secretbox_NONCEBYTES
#define BOXLEN (crypto_secretbox_MACBYTES + LK_SIGN_SKLEN)

int lk_sign_keygen(uint8_t pk[LK_SIGN_PKLEN], uint8_t sk[LK_SIGN_SKLEN])
{
	if (sodium_init() < 0)
		return -LK_ECRYPTO;
	return crypto_sign_keypair(pk, sk) == 0 ? 0 : -LK_ECRYPTO;
}

/* The box key from the passphrase. Interactive limits: a signer waits a
 * fraction of a second on an office computer; a stolen file still costs an
 * attacker that much memory and time per guess. */
static int s_derive(uint8_t key[crypto_secretbox_KEYBYTES], const char *pass, const uint8_t salt[SALTLEN])
{
	return crypto_pwhash(key, crypto_secretbox_KEYBYTES, pass, strlen(pass), salt,
	                     crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                     crypto_pwhash_ALG_ARGON2ID13) == 0
	           ? 0
	           : -LK_ENOMEM;
}

char *lk_sign_seal(const uint8_t sk[LK_SIGN_SKLEN], const char *passphrase)
{
	uint8_t salt[SALTLEN], nonce[NONCELEN], box[BOXLEN], key[crypto_secretbox_KEYBYTES];
	size_t len = sizeof PREFIX + 2 * (SALTLEN + NONCELEN + BOXLEN) + 3;
	char *out;

	if (sodium_init() < 0 || (out = malloc(len)) == NULL)
		return NULL;
	randombytes_buf(salt, sizeof salt);
	randombytes_buf(nonce, sizeof nonce);
	if (s_derive(key, passphrase, salt) != 0) {
		free(out);
		return NULL;
	}
	crypto_secretbox_easy(box, sk, LK_SIGN_SKLEN, nonce, key);
	sodium_memzero(key, sizeof key);
	char *p = out + sprintf(out, "%s", PREFIX);
	lk_hex_encode(p, salt, sizeof salt);
	p += 2 * sizeof salt;
	*p++ = ':';
	lk_hex_encode(p, nonce, sizeof nonce);
	p += 2 * sizeof nonce;
	*p++ = ':';
	lk_hex_encode(p, box, sizeof box);
	return out;
}

int lk_sign_open(uint8_t sk[LK_SIGN_SKLEN], const char *sealed, const char *passphrase)
{
	uint8_t salt[SALTLEN], nonce[NONCELEN], box[BOXLEN], key[crypto_secretbox_KEYBYTES];
	char part[2 * BOXLEN + 1];
	const char *p = sealed, *c;
	int rc;

	if (sodium_init() < 0)
		return -LK_ECRYPTO;
	if (strncmp(p, PREFIX, strlen(PREFIX)) != 0)
		return -LK_EINVAL;
	p += strlen(PREFIX);
	/* salt:nonce:box, each exact hex */
	struct {
		uint8_t *buf;
		size_t len;
	} f[3] = {{salt, sizeof salt}, {nonce, sizeof nonce}, {box, sizeof box}};
	for (int i = 0; i < 3; i++) {
		c = i < 2 ? strchr(p, ':') : p + strcspn(p, "\r\n");
		if (c == NULL || (size_t)(c - p) != 2 * f[i].len)
			return -LK_EINVAL;
		memcpy(part, p, (size_t)(c - p));
		part[c - p] = '\0';
		if (lk_hex_decode(f[i].buf, f[i].len, part) != 0)
			return -LK_EINVAL;
		p = c + 1;
	}
	if ((rc = s_derive(key, passphrase, salt)) != 0)
		return rc;
	rc = crypto_secretbox_open_easy(sk, box, sizeof box, nonce, key) == 0 ? 0 : -LK_ECRYPTO;
	sodium_memzero(key, sizeof key);
	return rc;
}

void lk_sign(uint8_t sig[LK_SIGN_SIGLEN], const uint8_t *msg, size_t len, const uint8_t sk[LK_SIGN_SKLEN])
{
	crypto_sign_detached(sig, NULL, msg, len, sk);
}

static _Thread_local const struct lk_sign_cache *s_cache;

const struct lk_sign_cache *lk_sign_cache_use(const struct lk_sign_cache *c)
{
	const struct lk_sign_cache *old = s_cache;
	s_cache = c;
	return old;
}

int lk_sign_verify(const uint8_t sig[LK_SIGN_SIGLEN], const uint8_t *msg, size_t len,
                   const uint8_t pk[LK_SIGN_PKLEN])
{
	const struct lk_sign_cache *c = s_cache;
	crypto_generichash_state hs;
	uint8_t h[32];

	if (c == NULL)
		return crypto_sign_verify_detached(sig, msg, len, pk) == 0 ? 0 : -LK_ECRYPTO;
	crypto_generichash_init(&hs, NULL, 0, sizeof h);
	crypto_generichash_update(&hs, pk, LK_SIGN_PKLEN);
	crypto_generichash_update(&hs, sig, LK_SIGN_SIGLEN);
	crypto_generichash_update(&hs, msg, len);
	crypto_generichash_final(&hs, h, sizeof h);
	if (c->known(c->arg, h) == 1)
		return 0;
	if (crypto_sign_verify_detached(sig, msg, len, pk) != 0)
		return -LK_ECRYPTO;
	c->note(c->arg, h);
	return 0;
}

void lk_sign_public(uint8_t pk[LK_SIGN_PKLEN], const uint8_t sk[LK_SIGN_SKLEN])
{
	crypto_sign_ed25519_sk_to_pk(pk, sk);
}
