/* lk_zone: an office's time zone (WIB, WITA or WIT) from its region code or an explicit name, and its "today". */
#ifndef LK_ZONE_H
#define LK_ZONE_H

#include <stdint.h>

#include "lk_date.h"
#include "lk_tz.h"

#define LK_ZONE_WIB "Asia/Jakarta"   /* UTC+7 */
#define LK_ZONE_WITA "Asia/Makassar" /* UTC+8 */
#define LK_ZONE_WIT "Asia/Jayapura"  /* UTC+9 */

/*
 * The tz database name for a region code: its first two digits are the
 * province. Any code of the kinds lk_org_kind_of_code knows works (kabupaten
 * "3201", kecamatan, desa, puskesmas "P3201010101"), and a bare province
 * "32". *name is static. 0, -LK_EINVAL (not a code) or -LK_ENOTFOUND (no
 * such province).
 */
int lk_zone_for_region(const char *code, const char **name) __attribute__((warn_unused_result));
/*
 * The zone of an office: override when it is not NULL or "" (a tz name such
 * as "Asia/Makassar", or "WIB", "WITA", "WIT"), else the zone of its region
 * code. *name is static or borrowed from override. 0 or as
 * lk_zone_for_region; -LK_EINVAL for an override that is not a zone name.
 */
int lk_zone_for_office(const char *code, const char *override, const char **name)
	__attribute__((warn_unused_result));
/* lk_zone_for_office, then lk_tz_load of that zone into *out (caller frees with lk_tz_free). */
int lk_zone_load(const char *code, const char *override, struct lk_tz **out) __attribute__((warn_unused_result));

/* The office's date at instant utc: the civil date in tz. 0 or -LK_EINVAL. */
int lk_zone_date(const struct lk_tz *tz, int64_t utc, struct lk_date *out) __attribute__((warn_unused_result));
/* The office's date now (the wall clock). 0 or -LK_EINVAL. */
int lk_zone_today(const struct lk_tz *tz, struct lk_date *out) __attribute__((warn_unused_result));

/* The long name of WIB, WITA or WIT ("Western Indonesia Time"), translated
 * to the message language (lk_i18n_init); NULL for any other abbreviation. */
const char *lk_zone_long_name(const char *abbr);

#endif
