/* lk_sign: Ed25519 signing keys for persons who sign (Kapus, Camat), kept under a passphrase. */
#ifndef LK_SIGN_H
#define LK_SIGN_H

#include <stddef.h>
#include <stdint.h>

#define LK_SIGN_PKLEN 32
#define LK_SIGN_SKLEN 64
#define LK_SIGN_SIGLEN 64

/* A new key pair. The secret part must be wiped by the caller (sodium_memzero). */
int lk_sign_keygen(uint8_t pk[LK_SIGN_PKLEN], uint8_t sk[LK_SIGN_SKLEN]) __attribute__((warn_unused_result));

/*
 * Seal the secret key under a passphrase: Argon2id derives a key from the
 * passphrase and a random salt, secretbox encrypts and authenticates. The
 * result is one line of text, "lokmin-sign-1:<salt>:<nonce>:<box>" in hex,
 * malloc'd (caller frees). NULL on failure (out of memory).
 */
char *lk_sign_seal(const uint8_t sk[LK_SIGN_SKLEN], const char *passphrase);
/* Open a sealed key; 0, -LK_ECRYPTO (wrong passphrase or damaged text) or -LK_EINVAL. */
int lk_sign_open(uint8_t sk[LK_SIGN_SKLEN], const char *sealed, const char *passphrase)
	__attribute__((warn_unused_result));

/* Sign exactly these bytes (detached signature). */
void lk_sign(uint8_t sig[LK_SIGN_SIGLEN], const uint8_t *msg, size_t len, const uint8_t sk[LK_SIGN_SKLEN]);
/* 0 when sig is a valid signature of msg by pk, else -LK_ECRYPTO. */
int lk_sign_verify(const uint8_t sig[LK_SIGN_SIGLEN], const uint8_t *msg, size_t len,
                   const uint8_t pk[LK_SIGN_PKLEN]) __attribute__((warn_unused_result));
/*
 * Signatures already found valid, kept by the caller (the client's store):
 * lk_sign_verify asks known() first and tells note() of each new valid one,
 * keyed by h = BLAKE2b-256 of (public key, signature, message), which names the
 * check's whole input. Set per thread; NULL (the default) checks every time.
 */
struct lk_sign_cache {
	int (*known)(void *arg, const uint8_t h[32]); /* 1 when h was found valid before */
	void (*note)(void *arg, const uint8_t h[32]);
	void *arg;
};
/* Use c (not copied; NULL for none) in this thread's lk_sign_verify; returns the previous one. */
const struct lk_sign_cache *lk_sign_cache_use(const struct lk_sign_cache *c);

/* The public key inside a secret key. */
void lk_sign_public(uint8_t pk[LK_SIGN_PKLEN], const uint8_t sk[LK_SIGN_SKLEN]);

#endif
