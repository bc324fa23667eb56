/* lk_enroll: the one-line enrollment string that carries endpoint, server key, token, role and scope. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_enroll.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_wire.h"

int lk_enroll_line_format(char *out, size_t size, const char *endpoint, const char *server_pub_z85,
                          const char *token, const char *role, const char *scope)
{
	char keyhex[LK_HEX_KEYLEN], hostports[256] = "";
	size_t hl = 0;
	/* Each endpoint of the list without its tcp://, joined by ','. */
	for (const char *e = endpoint; *e;) {
		size_t len = strcspn(e, ",");
		if (strncmp(e, "tcp://", 6) == 0 && len > 6) {
			e += 6;
			len -= 6;
		}
		if (len == 0 || hl + len + 2 > sizeof hostports)
			return -LK_EINVAL;
		if (hl)
			hostports[hl++] = ',';
		memcpy(hostports + hl, e, len);
		hostports[hl += len] = '\0';
		e += len;
		if (*e == ',')
			e++;
	}
	if (hl == 0 || lk_z85_to_hex(keyhex, server_pub_z85) != 0)
		return -LK_EINVAL;
	int n = snprintf(out, size, "lokmin://%s?key=%s&token=%s&role=%s&scope=%s", hostports, keyhex,
	                 token, role, scope);
	return (n < 0 || (size_t)n >= size) ? -LK_EINVAL : 0;
}

/* Value of query parameter name in q ("a=1&b=2"), copied into out; 0 or -1. */
static int s_param(const char *q, const char *name, char *out, size_t size)
{
	size_t n = strlen(name);
	for (const char *p = q; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			const char *v = p + n + 1, *e = strchr(v, '&');
			size_t len = e ? (size_t)(e - v) : strlen(v);
			if (len == 0 || len >= size)
				return -1;
			memcpy(out, v, len);
			out[len] = '\0';
			return 0;
		}
	}
	return -1;
}

int lk_enroll_line_parse(const char *line, struct lk_enroll_line *out, char *err, size_t errlen)
{
	static const char prefix[] = "lokmin://";
	char hostport[200], keyhex[80];
	const char *q;

	memset(out, 0, sizeof *out);
	if (strncmp(line, prefix, sizeof prefix - 1) != 0 || (q = strchr(line, '?')) == NULL) {
		snprintf(err, errlen, S_("an enrollment line starts with lokmin://HOST:PORT?key=..."));
		return -LK_EINVAL;
	}
	size_t hl = (size_t)(q - line) - (sizeof prefix - 1);
	if (hl == 0 || hl >= sizeof hostport || memchr(line + sizeof prefix - 1, '/', hl)) {
		snprintf(err, errlen, S_("bad HOST:PORT in the enrollment line"));
		return -LK_EINVAL;
	}
	memcpy(hostport, line + sizeof prefix - 1, hl);
	hostport[hl] = '\0';
	/* HOST:PORT, or several joined by ',' (lokmind instances sharing one database and key). */
	size_t el = 0, count = 0;
	for (char *h = hostport, *next; h; h = next) {
		if ((next = strchr(h, ',')) != NULL)
			*next++ = '\0';
		if (*h == '\0' || strrchr(h, ':') == NULL || atoi(strrchr(h, ':') + 1) <= 0) {
			snprintf(err, errlen, S_("the enrollment line has no port after the host"));
			return -LK_EINVAL;
		}
		int n = snprintf(out->endpoint + el, sizeof out->endpoint - el, "%stcp://%s", el ? "," : "", h);
		if (n < 0 || (size_t)n >= sizeof out->endpoint - el || ++count > LK_ENROLL_MAX_ENDPOINTS) {
			snprintf(err, errlen, S_("bad HOST:PORT in the enrollment line"));
			return -LK_EINVAL;
		}
		el += (size_t)n;
	}
	q++;
	if (s_param(q, "key", keyhex, sizeof keyhex) != 0 || lk_hex_to_z85(out->server_key_z85, keyhex) != 0) {
		snprintf(err, errlen, S_("the enrollment line has no valid server key (key=64 hex digits)"));
		return -LK_EINVAL;
	}
	uint8_t tok[16];
	if (s_param(q, "token", out->token, sizeof out->token) != 0 ||
	    lk_hex_decode(tok, sizeof tok, out->token) != 0) {
		snprintf(err, errlen, S_("the enrollment line has no valid token (token=32 hex digits)"));
		return -LK_EINVAL;
	}
	if (s_param(q, "role", out->role, sizeof out->role) != 0 ||
	    lk_role_parse(out->role) == LOKMIN__ROLE__ROLE_UNSPECIFIED) {
		snprintf(err, errlen, S_("the enrollment line has no valid role"));
		return -LK_EINVAL;
	}
	if (s_param(q, "scope", out->scope, sizeof out->scope) != 0) {
		snprintf(err, errlen, S_("the enrollment line has no scope"));
		return -LK_EINVAL;
	}
	return 0;
}
