/* authz: role and scope rules; every request that names a record passes through here. */
#include <ctype.h>
#include <string.h>

#include "lk_error.h"
#include "srv.h"

static int s_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return s[n] == '\0';
}

Lokmin__OrgKind org_kind_of_code(const char *code)
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

static int s_eq(const char *a, const char *b)
{
	return a && b && *a && strcmp(a, b) == 0;
}

int authz_read(const struct lk_device *d, const char *kabupaten, const char *kecamatan,
               const char *puskesmas)
{
	if (d->revoked || !s_eq(d->kabupaten, kabupaten))
		return -LK_ESCOPE;
	switch (d->role) {
	case LOKMIN__ROLE__ROLE_DINKES:
	case LOKMIN__ROLE__ROLE_ADMIN:
		return 0;
	case LOKMIN__ROLE__ROLE_KECAMATAN:
		return s_eq(d->kecamatan, kecamatan) ? 0 : -LK_ESCOPE;
	case LOKMIN__ROLE__ROLE_PUSKESMAS:
		/* Its own records, and kecamatan-wide records (no puskesmas key) of its kecamatan. */
		if (!s_eq(d->kecamatan, kecamatan))
			return -LK_ESCOPE;
		if (puskesmas == NULL || *puskesmas == '\0')
			return 0;
		return s_eq(d->puskesmas, puskesmas) ? 0 : -LK_ESCOPE;
	default:
		return -LK_ESCOPE;
	}
}

int authz_write(const struct lk_device *d, const char *kabupaten, const char *kecamatan,
                const char *puskesmas)
{
	if (d->revoked || !s_eq(d->kabupaten, kabupaten))
		return -LK_ESCOPE;
	switch (d->role) {
	case LOKMIN__ROLE__ROLE_DINKES:
		return 0;
	case LOKMIN__ROLE__ROLE_KECAMATAN:
		return s_eq(d->kecamatan, kecamatan) ? 0 : -LK_ESCOPE;
	case LOKMIN__ROLE__ROLE_PUSKESMAS:
		return s_eq(d->kecamatan, kecamatan) && s_eq(d->puskesmas, puskesmas) ? 0 : -LK_ESCOPE;
	default:
		return -LK_ESCOPE;
	}
}
