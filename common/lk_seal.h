/* lk_seal: the text a signed document's QR code holds (LKM1|entity|id|sha256|key|signature): built and parsed strictly. */
#ifndef LK_SEAL_H
#define LK_SEAL_H

#include <stddef.h>
#include <stdint.h>

/*
 * The payload, byte for byte (docs/protocol.md, "The seal of a signed document"):
 *
 *   LKM1|<entity>|<record id>|<sha256>|<signer_key_id>|<signature>
 *
 * entity is "invitation" or "minutes"; the ids are canonical (lk_uuid_canonical:
 * 36 lower-case characters); sha256 is 64 lower-case hex digits of the SHA-256
 * of the document's exact bytes; signature is 128 lower-case hex digits (the
 * Ed25519 signature over those bytes, as the record holds it). Nothing else:
 * no spaces, no line end, no other field count. At most 283 bytes, which fits
 * a QR code of version 12 at error correction M.
 */
#define LK_SEAL_MAGIC "LKM1"
#define LK_SEAL_MAX 284 /* the longest payload ("minutes") and its NUL */

struct lk_seal {
	char entity[16];
	char id[37];
	char sha256[65];
	char key_id[37];
	char sig[129];
};

/* SHA-256 of len bytes as 64 lower-case hex digits into out; returns out. */
char *lk_seal_sha256_hex(char out[65], const uint8_t *bytes, size_t len);

/*
 * The payload of a document into out (LK_SEAL_MAX bytes): entity, id, the
 * document's bytes (hashed here), key_id and the signature's hex as stored.
 * 0, or -LK_EINVAL when a field is not as the format asks (an unsigned
 * document, an id that is not canonical, upper-case hex).
 */
int lk_seal_build(char out[LK_SEAL_MAX], const char *entity, const char *id, const uint8_t *doc, size_t len,
                  const char *key_id, const char *sig_hex);

/*
 * Parse exactly len bytes of text into s. 0, or -LK_EINVAL with why (when
 * given) naming the first field that is not as the format asks; s is zeroed
 * then.
 */
int lk_seal_parse(const char *text, size_t len, struct lk_seal *s, char *why, size_t n);

#endif
