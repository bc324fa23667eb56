/* lk_utf8: checking and repairing UTF-8 text that crosses a trust boundary. */
#ifndef LK_UTF8_H
#define LK_UTF8_H

#include <stddef.h>

/* Length of the well-formed UTF-8 sequence at s (at most n bytes available):
 * 1-4, or 0 when the bytes there are not one (overlong, surrogate, beyond
 * U+10FFFF, cut short). A NUL byte counts as a sequence of 1. */
size_t lk_utf8_seq(const unsigned char *s, size_t n);
/* 1 when s[0..n) is well-formed UTF-8 without NUL bytes. */
int lk_utf8_valid(const char *s, size_t n);
/* Repair NUL-terminated s in place so it is valid UTF-8: a sequence cut short
 * at the very end is dropped, every other bad byte becomes '?'. Returns s. */
char *lk_utf8_fix(char *s);
/* The largest byte count <= max that does not end inside a UTF-8 sequence of
 * s: for "%.*s" when a message quotes at most max bytes of client text. */
int lk_utf8_clip(const char *s, int max);

#endif
