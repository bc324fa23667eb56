/* lk_enroll: the one-line enrollment string that carries endpoint, server key, token, role and scope. */
#ifndef LK_ENROLL_H
#define LK_ENROLL_H

#include <stddef.h>

#include "lk_keys.h"

/* Endpoints one line may name: lokmind instances that share one database and one key. */
#define LK_ENROLL_MAX_ENDPOINTS 4

/* A parsed enrollment line. */
struct lk_enroll_line {
	char endpoint[256]; /* "tcp://HOST:PORT", or several joined by ',' */
	char server_key_z85[LK_Z85_KEYLEN];
	char token[40];
	char role[16];
	char scope[16];
};

/* Write "lokmin://HOST:PORT?key=HEX&token=HEX&role=ROLE&scope=CODE" for the
 * tcp:// endpoint, or "lokmin://HOST:PORT,HOST2:PORT2?..." for a list of them
 * joined by ','; 0 or -LK_EINVAL. */
int lk_enroll_line_format(char *out, size_t size, const char *endpoint, const char *server_pub_z85,
                          const char *token, const char *role, const char *scope);
/* Parse such a line; 0 or -LK_EINVAL with the reason in err. */
int lk_enroll_line_parse(const char *line, struct lk_enroll_line *out, char *err, size_t errlen);

#endif
