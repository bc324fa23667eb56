/* lk_keys: CURVE key pairs for ZeroMQ and their files (mode 0600). */
#ifndef LK_KEYS_H
#define LK_KEYS_H

#include <stdint.h>

#define LK_CURVE_KEYLEN 32
#define LK_Z85_KEYLEN 41 /* 40 characters and the NUL */
#define LK_HEX_KEYLEN 65 /* 64 characters and the NUL */

typedef struct {
	char public_z85[LK_Z85_KEYLEN];
	char secret_z85[LK_Z85_KEYLEN];
} lk_curve_pair;

/* Generate a new pair; 0 or -LK_ECRYPTO. */
int lk_curve_generate(lk_curve_pair *out) __attribute__((warn_unused_result));
/* Write DIR/NAME.key (secret) and DIR/NAME.pub (public), both mode 0600;
 * refuses to overwrite an existing key unless force. 0, -LK_EEXIST or -LK_EIO. */
int lk_curve_save(const lk_curve_pair *kp, const char *dir, const char *name, int force)
	__attribute__((warn_unused_result));
/* Load DIR/NAME.key and DIR/NAME.pub; 0, -LK_ENOTFOUND or -LK_EINVAL.
 * Also refuses a secret key file readable by group or others (-LK_ECONFIG). */
int lk_curve_load(lk_curve_pair *out, const char *dir, const char *name)
	__attribute__((warn_unused_result));
/* Wipe the secret part. */
void lk_curve_wipe(lk_curve_pair *kp);

/* Conversions between the 40-char Z85 text, raw 32 bytes and 64-char hex. */
int lk_z85_to_bin(uint8_t out[LK_CURVE_KEYLEN], const char *z85) __attribute__((warn_unused_result));
void lk_bin_to_z85(char out[LK_Z85_KEYLEN], const uint8_t in[LK_CURVE_KEYLEN]);
int lk_z85_to_hex(char out[LK_HEX_KEYLEN], const char *z85) __attribute__((warn_unused_result));
int lk_hex_to_z85(char out[LK_Z85_KEYLEN], const char *hex) __attribute__((warn_unused_result));

#endif
