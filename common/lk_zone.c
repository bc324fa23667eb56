/* lk_zone: an office's time zone (WIB, WITA or WIT) from its region code or an explicit name, and its "today". */
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_zone.h"

/*
 * Provinces by the first two digits of a region code, and their zone
 * (Keppres 41/1987 set the three zones; the provinces split since keep their
 * parent's). Kemendagri and BPS number the provinces alike except in Papua,
 * where the six provinces have different numbers in the two lists (91-96 and
 * 91, 92, 94-97); all of them are WIT, so 91-97 are all listed.
 *
 * Kalimantan Barat and Tengah are WIB (tz calls their zone Asia/Pontianak,
 * the same as Asia/Jakarta since 1988); Kalimantan Selatan, Timur and Utara,
 * Bali, the Nusa Tenggaras and all of Sulawesi are WITA.
 */
static const struct {
	char code[3];
	const char *zone;
} s_provinces[] = {
	{"11", LK_ZONE_WIB},  /* Aceh */
	{"12", LK_ZONE_WIB},  /* Sumatera Utara */
	{"13", LK_ZONE_WIB},  /* Sumatera Barat */
	{"14", LK_ZONE_WIB},  /* Riau */
	{"15", LK_ZONE_WIB},  /* Jambi */
	{"16", LK_ZONE_WIB},  /* Sumatera Selatan */
	{"17", LK_ZONE_WIB},  /* Bengkulu */
	{"18", LK_ZONE_WIB},  /* Lampung */
	{"19", LK_ZONE_WIB},  /* Kepulauan Bangka Belitung */
	{"21", LK_ZONE_WIB},  /* Kepulauan Riau */
	{"31", LK_ZONE_WIB},  /* DKI Jakarta */
	{"32", LK_ZONE_WIB},  /* Jawa Barat */
	{"33", LK_ZONE_WIB},  /* Jawa Tengah */
	{"34", LK_ZONE_WIB},  /* DI Yogyakarta */
	{"35", LK_ZONE_WIB},  /* Jawa Timur */
	{"36", LK_ZONE_WIB},  /* Banten */
	{"51", LK_ZONE_WITA}, /* Bali */
	{"52", LK_ZONE_WITA}, /* Nusa Tenggara Barat */
	{"53", LK_ZONE_WITA}, /* Nusa Tenggara Timur */
	{"61", LK_ZONE_WIB},  /* Kalimantan Barat */
	{"62", LK_ZONE_WIB},  /* Kalimantan Tengah */
	{"63", LK_ZONE_WITA}, /* Kalimantan Selatan */
	{"64", LK_ZONE_WITA}, /* Kalimantan Timur */
	{"65", LK_ZONE_WITA}, /* Kalimantan Utara */
	{"71", LK_ZONE_WITA}, /* Sulawesi Utara */
	{"72", LK_ZONE_WITA}, /* Sulawesi Tengah */
	{"73", LK_ZONE_WITA}, /* Sulawesi Selatan */
	{"74", LK_ZONE_WITA}, /* Sulawesi Tenggara */
	{"75", LK_ZONE_WITA}, /* Gorontalo */
	{"76", LK_ZONE_WITA}, /* Sulawesi Barat */
	{"81", LK_ZONE_WIT},  /* Maluku */
	{"82", LK_ZONE_WIT},  /* Maluku Utara */
	{"91", LK_ZONE_WIT},  /* Papua (Kemendagri) / Papua Barat (BPS) */
	{"92", LK_ZONE_WIT},  /* Papua Barat (Kemendagri) / Papua Barat Daya (BPS) */
	{"93", LK_ZONE_WIT},  /* Papua Selatan (Kemendagri) */
	{"94", LK_ZONE_WIT},  /* Papua Tengah (Kemendagri) / Papua (BPS) */
	{"95", LK_ZONE_WIT},  /* Papua Pegunungan (Kemendagri) / Papua Selatan (BPS) */
	{"96", LK_ZONE_WIT},  /* Papua Barat Daya (Kemendagri) / Papua Tengah (BPS) */
	{"97", LK_ZONE_WIT},  /* Papua Pegunungan (BPS) */
};

int lk_zone_for_region(const char *code, const char **name)
{
	if (code == NULL)
		return -LK_EINVAL;
	if (code[0] == 'P') /* a puskesmas: P and its desa-length code */
		code++;
	size_t n = strlen(code);
	if (n < 2 || n > 10 || strspn(code, "0123456789") != n)
		return -LK_EINVAL;
	for (size_t i = 0; i < LK_ARRAY_LEN(s_provinces); i++)
		if (memcmp(code, s_provinces[i].code, 2) == 0) {
			*name = s_provinces[i].zone;
			return 0;
		}
	return -LK_ENOTFOUND;
}

int lk_zone_for_office(const char *code, const char *override, const char **name)
{
	if (override == NULL || override[0] == '\0')
		return lk_zone_for_region(code, name);
	if (strcmp(override, "WIB") == 0)
		*name = LK_ZONE_WIB;
	else if (strcmp(override, "WITA") == 0)
		*name = LK_ZONE_WITA;
	else if (strcmp(override, "WIT") == 0)
		*name = LK_ZONE_WIT;
	else if (lk_tz_name_valid(override))
		*name = override;
	else
		return -LK_EINVAL;
	return 0;
}

int lk_zone_load(const char *code, const char *override, struct lk_tz **out)
{
	const char *name;
	*out = NULL;
	int rc = lk_zone_for_office(code, override, &name);
	return rc != 0 ? rc : lk_tz_load(name, out);
}

int lk_zone_date(const struct lk_tz *tz, int64_t utc, struct lk_date *out)
{
	struct lk_local l;
	int rc = lk_tz_local(tz, utc, &l);
	if (rc == 0)
		*out = l.date;
	return rc;
}

int lk_zone_today(const struct lk_tz *tz, struct lk_date *out)
{
	return lk_zone_date(tz, (int64_t)(lk_now_ms() / 1000u), out);
}

const char *lk_zone_long_name(const char *abbr)
{
	if (abbr == NULL)
		return NULL;
	/* TRANSLATORS: the official names of WIB, WITA and WIT. */
	if (strcmp(abbr, "WIB") == 0)
		return _("Western Indonesia Time");
	if (strcmp(abbr, "WITA") == 0)
		return _("Central Indonesia Time");
	if (strcmp(abbr, "WIT") == 0)
		return _("Eastern Indonesia Time");
	return NULL;
}
