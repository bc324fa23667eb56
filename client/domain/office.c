/* office: the letterhead profile of a puskesmas or a camat's office, its letter numbers and its time zone. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_rules.h"
#include "lk_scope.h"
#include "lk_util.h"
#include "lk_zone.h"
#include "office.h"
#include "orgcache.h"
#include "region.h"

/* Classification 440 is health in the archive codes offices number their letters with. */
#define PATTERN_PUSKESMAS "440/{seq}/{romawi}/{yyyy}"
#define PATTERN_KECAMATAN "{seq}/{romawi}/{yyyy}"

void dom_office_profile_free(struct dom_office_profile *p)
{
	if (p) {
		lk_record_free(p->rec);
		p->rec = NULL;
	}
}

int dom_office_code(const struct dom *d, const char *office, char code[16], struct dom_err *err)
{
	const struct dom_office *o = &d->office;
	if (office == NULL || office[0] == '\0') {
		const char *own = !strcmp(o->role, "puskesmas") ? o->puskesmas : !strcmp(o->role, "kecamatan") ? o->kecamatan : "";
		if (own[0] == '\0')
			return dom_fail(err, -LK_EINVAL, _("a district device names the office: --puskesmas P or "
			                                 "--kecamatan K (a code or a part of its name)"));
		lk_strlcpy(code, own, 16);
		return 0;
	}
	Lokmin__OrgKind k = lk_org_kind_of_code(office);
	if (k != LOKMIN__ORG_KIND__ORG_PUSKESMAS && k != LOKMIN__ORG_KIND__ORG_KECAMATAN)
		return dom_fail(err, -LK_EINVAL, _("office \"%.40s\" is not a puskesmas or kecamatan code"), office);
	const char *kec = k == LOKMIN__ORG_KIND__ORG_PUSKESMAS ? office + 1 : office;
	int ok = !strncmp(kec, o->kabupaten, 4);
	if (!strcmp(o->role, "puskesmas"))
		ok = !strcmp(office, o->puskesmas) || !strcmp(office, o->kecamatan);
	else if (!strcmp(o->role, "kecamatan"))
		ok = !strncmp(kec, o->kecamatan, 6);
	if (!ok)
		return dom_fail(err, -LK_EPERM, _("office %s is outside this %s device's reach"), office, o->role);
	lk_strlcpy(code, office, 16);
	return 0;
}

/* ---------------------------------------------------------------- defaults from region names */


/* name without a leading word such as "Puskesmas " (any case), in capitals. */
static void s_upper_without(char *out, size_t n, const char *name, const char *const *prefixes)
{
	for (size_t i = 0; prefixes && prefixes[i]; i++)
		if (!strncasecmp(name, prefixes[i], strlen(prefixes[i]))) {
			name += strlen(prefixes[i]);
			break;
		}
	size_t k = 0;
	for (; name[k] && k + 1 < n; k++)
		out[k] = (char)toupper((unsigned char)name[k]);
	out[k] = '\0';
}

/* The pemerintah line another office of the kabupaten keeps (a puskesmas reads its camat's office's). */
struct s_pemerintah {
	const char *kab;
	char line[260];
};

static int s_pemerintah_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_pemerintah *w = arg;
	const char *kab, *kec, *pusk;
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	char *v = lk_record_get(m, "pemerintah");
	if (w->line[0] == '\0' && !lk_record_deleted(m) && !strcmp(kab, w->kab) && v && v[0])
		lk_strlcpy(w->line, v, sizeof w->line);
	free(v);
	return 0;
}

/* A record of defaults for office code (kind puskesmas or kecamatan). */
static int s_defaults(struct dom *d, struct dom_office_profile *p)
{
	static const char *const pusk_words[] = {"UPTD Puskesmas ", "Puskesmas ", NULL};
	static const char *const kec_words[] = {"Kecamatan ", NULL};
	int pusk = !strcmp(p->kind, "puskesmas");
	const char *kec = pusk ? p->office + 1 : p->office;
	char kab[8], keccode[8], unit[260] = "", pemerintah[260] = "", place[200] = "", up[200];
	char kecname[200], puskname[200] = "";
	snprintf(kab, sizeof kab, "%.4s", kec);
	snprintf(keccode, sizeof keccode, "%.6s", kec);
	region_name(d->st, keccode, kecname, sizeof kecname);
	if (pusk)
		region_name(d->st, p->office, puskname, sizeof puskname);
	if (kecname[0]) {
		/* The place in dates is the kecamatan's own name, as people write it. */
		const char *nm = strncasecmp(kecname, "Kecamatan ", 10) ? kecname : kecname + 10;
		lk_strlcpy(place, nm, sizeof place);
		s_upper_without(up, sizeof up, kecname, kec_words);
		if (!pusk)
			snprintf(unit, sizeof unit, "KECAMATAN %s", up);
	}
	if (pusk && puskname[0]) {
		s_upper_without(up, sizeof up, puskname, pusk_words);
		snprintf(unit, sizeof unit, "UPTD PUSKESMAS %s", up);
	}
	char kabname[200];
	if (org_kabupaten(d->st, kabname, sizeof kabname) == 0) {
		s_upper_without(up, sizeof up, kabname, NULL);
		int named = !strncasecmp(kabname, "Kabupaten ", 10) || !strncasecmp(kabname, "Kota ", 5);
		snprintf(pemerintah, sizeof pemerintah, "PEMERINTAH %s%s", named ? "" : "KABUPATEN ", up);
	}
	if (pemerintah[0] == '\0') {
		/* Only a district device may read the kabupaten's name: else what another office of it says. */
		struct s_pemerintah w = {kab, ""};
		if (lk_store_list(d->st, lk_entity_find("office_profile"), s_pemerintah_row, &w) >= 0)
			lk_strlcpy(pemerintah, w.line, sizeof pemerintah);
	}
	/* No cached name: the unit says what the office is, never a bare code. */
	if (unit[0] == '\0')
		lk_strlcpy(unit, pusk ? "UPTD PUSKESMAS" : "KECAMATAN", sizeof unit);
	ProtobufCMessage *m = lk_record_new(lk_entity_find("office_profile"));
	if (m == NULL || lk_record_set(m, "id", p->id) || lk_record_set(m, "kabupaten", kab) ||
	    lk_record_set(m, "kecamatan", keccode) || lk_record_set(m, "puskesmas", pusk ? p->office : "") ||
	    lk_record_set(m, "pemerintah", pemerintah) || lk_record_set(m, "dinas", pusk ? "DINAS KESEHATAN" : "") ||
	    lk_record_set(m, "unit_name", unit) || lk_record_set(m, "place", place) ||
	    lk_record_set(m, "letter_number_pattern", pusk ? PATTERN_PUSKESMAS : PATTERN_KECAMATAN)) {
		lk_record_free(m);
		return -LK_ENOMEM;
	}
	p->rec = m;
	return 0;
}

int dom_office_get(struct dom *d, const char *office, struct dom_office_profile *out, struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("office_profile");
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = dom_office_code(d, office, out->office, err)) != 0)
		return rc;
	lk_strlcpy(out->kind, out->office[0] == 'P' ? "puskesmas" : "kecamatan", sizeof out->kind);
	lk_office_profile_id(out->office, out->id);
	if (lk_store_get(d->st, e, out->id, &out->rec) == 0 && !lk_record_deleted(out->rec)) {
		out->stored = 1;
		return 0;
	}
	lk_record_free(out->rec);
	out->rec = NULL;
	if (s_defaults(d, out) != 0)
		return dom_fail(err, -LK_ENOMEM, _("cannot build the office profile"));
	return 0;
}

/* ---------------------------------------------------------------- setting */

/* value for field f as it is stored: zones by their tz name. */
static int s_value(const char *office, const char *f, const char *value, char *out, size_t n, struct dom_err *err)
{
	char why[300];
	const char *zone;
	if (!strcmp(f, "time_zone") && value[0]) {
		/* Indonesia keeps three zones; an override names one of them (or WIB, WITA, WIT). */
		if (lk_zone_for_office(office, value, &zone) != 0 ||
		    (strcmp(zone, LK_ZONE_WIB) && strcmp(zone, LK_ZONE_WITA) && strcmp(zone, LK_ZONE_WIT)))
			return dom_fail(err, -LK_EINVAL, _("time_zone \"%.40s\" is not a time zone: use Asia/Jakarta (WIB), "
			                                 "Asia/Makassar (WITA) or Asia/Jayapura (WIT), or \"\" to follow the "
			                                 "region"), value);
		value = zone;
	}
	if (!strcmp(f, "letter_number_pattern") && lk_letter_pattern_check(value, why, sizeof why) != 0)
		return dom_fail(err, -LK_EINVAL, "%s", why);
	lk_strlcpy(out, value, n);
	return 0;
}

int dom_office_set(struct dom *d, const char *office, const struct dom_office_field *f, size_t n,
                   struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("office_profile");
	struct dom_office_profile p;
	const char *names[16];
	char why[300], v[400];
	int rc;
	if (n == 0 || n > LK_ARRAY_LEN(names))
		return dom_fail(err, -LK_EINVAL, _("say what to set, e.g. --address TEXT"));
	if ((rc = dom_office_get(d, office, &p, err)) != 0)
		return rc;
	if (lk_office_profile_writer(d->office.role, p.office, why, sizeof why) != 0) {
		dom_office_profile_free(&p);
		return dom_fail(err, -LK_EPERM, "%s", why);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct lk_field *fd = lk_entity_field(e, f[i].name);
		if (fd == NULL)
			rc = dom_fail(err, -LK_EINVAL, _("an office profile has no field %s"), f[i].name);
		else if ((rc = s_value(p.office, f[i].name, f[i].value ? f[i].value : "", v, sizeof v, err)) == 0 &&
		         (rc = lk_field_check(fd, v, why, sizeof why)) != 0)
			rc = dom_fail(err, rc, "%s", why);
		else if (rc == 0 && lk_record_set(p.rec, f[i].name, v) != 0)
			rc = dom_fail(err, -LK_EINVAL, _("%s: \"%.40s\" cannot be set"), f[i].name, v);
		names[i] = f[i].name;
	}
	if (rc == 0) {
		/* A profile deleted before (`lokmin record delete`) comes back whole, with the defaults. */
		const char *all[24];
		size_t nall = 0;
		ProtobufCMessage *gone = NULL;
		if (!p.stored && lk_store_get(d->st, e, p.id, &gone) == 0) {
			for (size_t i = 0; i < e->nfields && nall + 1 < LK_ARRAY_LEN(all); i++)
				all[nall++] = e->fields[i].name;
			all[nall++] = "deleted";
		}
		lk_record_free(gone);
		const char *const *list = nall ? all : p.stored ? names : NULL;
		size_t nl = nall ? nall : p.stored ? n : 0;
		if ((rc = lk_store_put(d->st, e, p.rec, list, nl, why, sizeof why)) != 0)
			rc = dom_fail(err, rc, "%s", why);
	}
	dom_office_profile_free(&p);
	return rc;
}

/* ---------------------------------------------------------------- letter numbers */

static const char *const s_roman[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};

int dom_letter_number(const char *pattern, long seq, const struct lk_date *day, char *out, size_t n)
{
	char why[300];
	size_t k = 0;
	if (lk_letter_pattern_check(pattern, why, sizeof why) != 0 || day->m < 1 || day->m > 12 || seq < 1 || n == 0)
		return -LK_EINVAL;
	for (const char *p = pattern; *p;) {
		char piece[24] = "";
		size_t len = 1;
		if (!strncmp(p, "{seq}", 5))
			snprintf(piece, sizeof piece, "%ld", seq), len = 5;
		else if (!strncmp(p, "{romawi}", 8))
			snprintf(piece, sizeof piece, "%s", s_roman[day->m - 1]), len = 8;
		else if (!strncmp(p, "{mm}", 4))
			snprintf(piece, sizeof piece, "%02d", day->m), len = 4;
		else if (!strncmp(p, "{yyyy}", 6))
			snprintf(piece, sizeof piece, "%04d", day->y), len = 6;
		else
			piece[0] = *p, piece[1] = '\0';
		if (k + strlen(piece) >= n)
			return -LK_EINVAL;
		memcpy(out + k, piece, strlen(piece));
		k += strlen(piece);
		p += len;
	}
	out[k] = '\0';
	return 0;
}

/* How many leading characters of s are digits (at most max). */
static size_t s_ndigits(const char *s, size_t max)
{
	size_t k = 0;
	while (k < max && isdigit((unsigned char)s[k]))
		k++;
	return k;
}

long dom_letter_seq(const char *pattern, const char *number, int year)
{
	const char *p = pattern, *s = number;
	long seq = -1;
	while (*p) {
		if (!strncmp(p, "{seq}", 5)) {
			size_t k = s_ndigits(s, 9);
			if (k == 0)
				return -1;
			seq = strtol(s, NULL, 10);
			s += k, p += 5;
		} else if (!strncmp(p, "{romawi}", 8)) {
			/* The longest numeral that fits: VIII before VII before V. */
			size_t best = 0;
			for (size_t i = 0; i < LK_ARRAY_LEN(s_roman); i++)
				if (!strncmp(s, s_roman[i], strlen(s_roman[i])) && strlen(s_roman[i]) > best)
					best = strlen(s_roman[i]);
			if (best == 0)
				return -1;
			s += best, p += 8;
		} else if (!strncmp(p, "{mm}", 4)) {
			if (s_ndigits(s, 2) != 2)
				return -1;
			s += 2, p += 4;
		} else if (!strncmp(p, "{yyyy}", 6)) {
			if (s_ndigits(s, 4) != 4 || strtol(s, NULL, 10) != year)
				return -1;
			s += 4, p += 6;
		} else if (*p++ != *s++) {
			return -1;
		}
	}
	return *s == '\0' ? seq : -1;
}

struct s_numbers {
	const char *pattern, *office;
	int year;
	long max;
};

/* A letter of the office, of the year, whose number fits the pattern, raises the highest seq. */
static int s_number_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_numbers *w = arg;
	const char *kab, *kec, *pusk;
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (lk_record_deleted(m) || strcmp(w->office[0] == 'P' ? pusk : kec, w->office) ||
	    (w->office[0] != 'P' && pusk[0]))
		return 0;
	char *num = lk_record_get(m, "number"), *issued = lk_record_get(m, "issued_date");
	long seq = num && issued && (!issued[0] || atoi(issued) == w->year) ? dom_letter_seq(w->pattern, num, w->year)
	                                                                     : -1;
	if (seq > w->max)
		w->max = seq;
	free(num);
	free(issued);
	return 0;
}

int dom_office_next_number(struct dom *d, const char *office, const struct lk_date *day, char *out, size_t n,
                           long *seq, struct dom_err *err)
{
	struct dom_office_profile p;
	int rc = dom_office_get(d, office, &p, err);
	if (rc != 0)
		return rc;
	char *pattern = lk_record_get(p.rec, "letter_number_pattern");
	if (pattern && pattern[0] == '\0') {
		free(pattern);
		pattern = strdup(p.office[0] == 'P' ? PATTERN_PUSKESMAS : PATTERN_KECAMATAN);
	}
	struct s_numbers w = {pattern, p.office, day->y, 0};
	if (pattern == NULL)
		rc = dom_fail(err, -LK_ENOMEM, _("out of memory"));
	else if ((rc = lk_store_list(d->st, lk_entity_find("invitation"), s_number_row, &w)) < 0)
		rc = dom_fail(err, rc, _("cannot read the letters: %s"), lk_store_error(d->st));
	else if ((rc = dom_letter_number(pattern, w.max + 1, day, out, n)) != 0)
		rc = dom_fail(err, rc, _("letter_number_pattern \"%.60s\" does not make a number for %04d-%02d-%02d"), pattern,
		              day->y, day->m, day->d);
	if (rc == 0 && seq)
		*seq = w.max + 1;
	free(pattern);
	dom_office_profile_free(&p);
	return rc;
}

int dom_office_zone(struct dom *d, const char *office, char *zone, size_t n, struct dom_err *err)
{
	struct dom_office_profile p;
	const char *z;
	int rc = dom_office_get(d, office, &p, err);
	if (rc != 0)
		return rc;
	char *tz = lk_record_get(p.rec, "time_zone");
	if ((rc = lk_zone_for_office(p.office, tz, &z)) != 0)
		rc = dom_fail(err, rc, _("no time zone for office %s (time_zone \"%s\")"), p.office, tz ? tz : "");
	else
		lk_strlcpy(zone, z, n);
	free(tz);
	dom_office_profile_free(&p);
	return rc;
}
