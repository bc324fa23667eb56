/* lk_util: small helpers shared by both programs: time, hex, files, durations, strings. */
#ifndef LK_UTIL_H
#define LK_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define LK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Wall clock in milliseconds since the epoch. */
uint64_t lk_now_ms(void);
/* Monotonic clock in microseconds. */
uint64_t lk_mono_us(void);

/* Value of one hex digit, or -1. */
int lk_hexval(int c);
/* Hex-encode n bytes into out (2n+1 bytes). Returns out. */
char *lk_hex_encode(char *out, const uint8_t *in, size_t n);
/* Decode exactly n bytes from a 2n-character hex string; 0 or -LK_EINVAL. */
int lk_hex_decode(uint8_t *out, size_t n, const char *hex) __attribute__((warn_unused_result));
/* Write v in decimal at out (room for 21 bytes), NUL-terminated; returns the
 * end (the NUL). For the hot paths that would otherwise call printf per number. */
char *lk_put_u64(char *out, uint64_t v);
/* The same for a signed value (room for 21 bytes). */
char *lk_put_i64(char *out, int64_t v);

/* Copy with truncation; always NUL-terminates; returns strlen(src). */
size_t lk_strlcpy(char *dst, const char *src, size_t size);

/* Parse a duration such as "90s", "30m", "72h", "7d" or plain seconds into
 * milliseconds; 0 or -LK_EINVAL. */
int lk_parse_duration_ms(const char *s, int64_t *out) __attribute__((warn_unused_result));
/* Parse a size such as "20M", "512K", "4MiB" or plain bytes; 0 or -LK_EINVAL. */
int lk_parse_size(const char *s, int64_t *out) __attribute__((warn_unused_result));

/* Parse a whole number written as plain decimal digits (no sign, no blank, no
 * trailing text) that is at most max; 0 or -LK_EINVAL (also on overflow). */
int lk_parse_uint(const char *s, uint64_t max, uint64_t *out) __attribute__((warn_unused_result));
/* A command-line count or year: plain digits up to INT_MAX, else -1 (so a
 * caller's range check refuses it; "4294967297" is not 1). */
int lk_parse_arg(const char *s);
/* Parse a finite number in plain decimal notation ("12", "-0.5", "1e3"; no
 * NaN, infinity, hex or blanks) that reads back as itself: subnormal values
 * (0 < |x| < DBL_MIN) are refused, and so is -0 (stored, it would come back
 * as 0). 0 or -LK_EINVAL. */
int lk_parse_real(const char *s, double *out) __attribute__((warn_unused_result));

/* Read a whole file; *out is NUL-terminated, caller frees. 0 or -LK_EIO / -LK_ENOTFOUND. */
int lk_read_file(const char *path, char **out, size_t *len) __attribute__((warn_unused_result));
/* Write a file atomically (temporary file, fsync, rename) with the given mode. */
int lk_write_file(const char *path, const void *data, size_t len, mode_t mode)
	__attribute__((warn_unused_result));
/* mkdir -p with the given mode for created directories; 0 or -LK_EIO. */
int lk_mkdirs(const char *path, mode_t mode) __attribute__((warn_unused_result));

/* Format milliseconds since the epoch as "YYYY-MM-DD HH:MM:SS" UTC into out[24]. */
char *lk_format_time_ms(char out[24], int64_t ms);

/* Remove leading and trailing whitespace in place; returns s. */
char *lk_trim(char *s);

#endif
