/* tokens: one-time enrollment tokens: creation, hashing and the enrollment line. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lk_enroll.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "srv.h"

int token_hash_hex(const char *token, char out[65])
{
	uint8_t raw[16], h[32];
	if (lk_hex_decode(raw, sizeof raw, token) != 0)
		return -LK_ETOKEN;
	crypto_generichash(h, sizeof h, raw, sizeof raw, NULL, 0);
	sodium_memzero(raw, sizeof raw);
	lk_hex_encode(out, h, sizeof h);
	return 0;
}

static Lokmin__OrgKind s_kind_for_role(Lokmin__Role role)
{
	switch (role) {
	case LOKMIN__ROLE__ROLE_PUSKESMAS:
		return LOKMIN__ORG_KIND__ORG_PUSKESMAS;
	case LOKMIN__ROLE__ROLE_KECAMATAN:
		return LOKMIN__ORG_KIND__ORG_KECAMATAN;
	case LOKMIN__ROLE__ROLE_DINKES:
		return LOKMIN__ORG_KIND__ORG_KABUPATEN;
	default:
		return LOKMIN__ORG_KIND__ORG_UNSPECIFIED;
	}
}

int token_create(PGconn *pg, Lokmin__Role role, const char *scope_code, int64_t ttl_ms,
                 const char *created_by, const char *limit_kabupaten,
                 char token[LK_TOKEN_HEXLEN], int64_t *expires_ms, char *err, size_t errlen)
{
	Lokmin__OrgKind want = s_kind_for_role(role);
	uint8_t raw[16];
	char hash[65], idtext[LK_UUID_STRLEN], ttl[32];
	lk_uuid id;
	PGresult *r;
	int rc;

	if (want == LOKMIN__ORG_KIND__ORG_UNSPECIFIED) {
		snprintf(err, errlen, N_("tokens are for the roles puskesmas, kecamatan and dinkes"));
		return -LK_EINVAL;
	}
	const char *p1[1] = {scope_code};
	r = db_exec(pg, "region", 1, p1);
	if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = db_error(pg, r);
		snprintf(err, errlen, "cannot look up %s", scope_code);
		PQclear(r);
		return rc;
	}
	/* Seen from a district device, absent and elsewhere are one answer, so
	 * nothing can be learned about other kabupaten. */
	if (limit_kabupaten && (PQntuples(r) == 0 || strcmp(PQgetvalue(r, 0, 4), limit_kabupaten) != 0)) {
		snprintf(err, errlen, "%s is outside kabupaten %s or does not exist", scope_code, limit_kabupaten);
		PQclear(r);
		return -LK_ESCOPE;
	}
	if (PQntuples(r) == 0) {
		snprintf(err, errlen, "no region with code %s; add it with `lokmind org`", scope_code);
		PQclear(r);
		return -LK_ENOTFOUND;
	}
	if (atoi(PQgetvalue(r, 0, 0)) != (int)want) {
		snprintf(err, errlen, "a %s token needs a %s code, and %s is not one", lk_role_name(role),
		         want == LOKMIN__ORG_KIND__ORG_PUSKESMAS   ? "puskesmas"
		         : want == LOKMIN__ORG_KIND__ORG_KECAMATAN ? "kecamatan"
		                                                   : "kabupaten",
		         scope_code);
		PQclear(r);
		return -LK_EINVAL;
	}
	char kab[LK_CODE_LEN], kec[LK_CODE_LEN], pusk[LK_CODE_LEN];
	lk_strlcpy(kab, PQgetvalue(r, 0, 4), sizeof kab);
	lk_strlcpy(kec, PQgetvalue(r, 0, 5), sizeof kec);
	lk_strlcpy(pusk, PQgetvalue(r, 0, 6), sizeof pusk);
	PQclear(r);

	randombytes_buf(raw, sizeof raw);
	lk_hex_encode(token, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
	if ((rc = token_hash_hex(token, hash)) != 0)
		return rc;
	lk_uuid_v7(&id);
	snprintf(ttl, sizeof ttl, "%" PRId64, ttl_ms);
	const char *p[9] = {lk_uuid_format(&id, idtext), hash, lk_role_name(role), kab, kec, pusk,
	                    scope_code, created_by, ttl};
	r = db_exec(pg, "token_insert", 9, p);
	if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = db_error(pg, r);
		snprintf(err, errlen, "cannot store the token (ref %s)", db_error_ref());
		PQclear(r);
		sodium_memzero(token, LK_TOKEN_HEXLEN);
		return rc;
	}
	*expires_ms = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

int token_line(char *out, size_t size, const char *endpoint, const char *server_pub_z85,
               const char *token, Lokmin__Role role, const char *scope_code)
{
	return lk_enroll_line_format(out, size, endpoint, server_pub_z85, token, lk_role_name(role),
	                             scope_code);
}
