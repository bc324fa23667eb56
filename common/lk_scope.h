/* lk_scope: which tenant keys a device may read and write, by its role and office, and region kinds by code. */
#ifndef LK_SCOPE_H
#define LK_SCOPE_H

#include "lokmin.pb-c.h"

/* A device's place: its role name (lk_role_name) and office codes ("" when
 * none), and whether it has been revoked. Strings are borrowed. */
struct lk_device_scope {
	const char *role;
	const char *kabupaten, *kecamatan, *puskesmas;
	int revoked;
};

/* Region kind from the shape of its code: 4 digits kabupaten, 6 kecamatan,
 * P and 10 digits puskesmas, 10 digits desa; else ORG_UNSPECIFIED. */
Lokmin__OrgKind lk_org_kind_of_code(const char *code);
/* May the device write a record with these tenant keys? A puskesmas device
 * only its own puskesmas's records, a kecamatan device its kecamatan's, a
 * district its kabupaten's. 0 or -LK_ESCOPE. */
int lk_scope_write(const struct lk_device_scope *s, const char *kabupaten, const char *kecamatan,
                   const char *puskesmas);
/* May the device read a record with these tenant keys? As for writing, and a
 * puskesmas also reads its kecamatan's records that name no puskesmas; admin
 * devices read the kabupaten. 0 or -LK_ESCOPE. */
int lk_scope_read(const struct lk_device_scope *s, const char *kabupaten, const char *kecamatan,
                  const char *puskesmas);

#endif
