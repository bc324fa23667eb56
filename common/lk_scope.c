/* lk_scope: which tenant keys a device may read and write, by its role and office, and region kinds by code. */
#include <ctype.h>
#include <string.h>

#include "lk_error.h"
#include "lk_scope.h"

static int s_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return s[n] == '\0';
}

Lokmin__OrgKind lk_org_kind_of_code(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n == 4 && s_digits(code, 4))
		return LOKMIN__ORG_KIND__ORG_KABUPATEN;
	if (n == 6 && s_digits(code, 6))
		return LOKMIN__ORG_KIND__ORG_KECAMATAN;
	if (n == 11 && code[0] == 'P' && s_digits(code + 1, 10))
		return LOKMIN__ORG_KIND__ORG_PUSKESMAS;
	if (n == 10 && s_digits(code, 10))
		return LOKMIN__ORG_KIND__ORG_DESA;
	return LOKMIN__ORG_KIND__ORG_UNSPECIFIED;
}

/* Both set and equal: an empty office code never matches, so a device without one reaches nothing. */
static int s_eq(const char *a, const char *b)
{
	return a && b && *a && strcmp(a, b) == 0;
}

static int s_role(const struct lk_device_scope *s, const char *name)
{
	return s->role && strcmp(s->role, name) == 0;
}

int lk_scope_read(const struct lk_device_scope *s, const char *kabupaten, const char *kecamatan, const char *puskesmas)
{
	if (s->revoked || !s_eq(s->kabupaten, kabupaten))
		return -LK_ESCOPE;
	if (s_role(s, "dinkes") || s_role(s, "admin"))
		return 0;
	if (s_role(s, "kecamatan"))
		return s_eq(s->kecamatan, kecamatan) ? 0 : -LK_ESCOPE;
	if (s_role(s, "puskesmas")) {
		/* Its own records, and kecamatan-wide records (no puskesmas key) of its kecamatan. */
		if (!s_eq(s->kecamatan, kecamatan))
			return -LK_ESCOPE;
		if (puskesmas == NULL || *puskesmas == '\0')
			return 0;
		return s_eq(s->puskesmas, puskesmas) ? 0 : -LK_ESCOPE;
	}
	return -LK_ESCOPE;
}

int lk_scope_write(const struct lk_device_scope *s, const char *kabupaten, const char *kecamatan, const char *puskesmas)
{
	if (s->revoked || !s_eq(s->kabupaten, kabupaten))
		return -LK_ESCOPE;
	if (s_role(s, "dinkes"))
		return 0;
	if (s_role(s, "kecamatan"))
		return s_eq(s->kecamatan, kecamatan) ? 0 : -LK_ESCOPE;
	if (s_role(s, "puskesmas"))
		return s_eq(s->kecamatan, kecamatan) && s_eq(s->puskesmas, puskesmas) ? 0 : -LK_ESCOPE;
	return -LK_ESCOPE;
}
