/* clock: now (real or fixed), the office's zone and its date, and timestamps shown in that zone. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_zone.h"
#include "store.h"

int64_t dom_now(const struct dom *d)
{
	if (d != NULL && d->now > 0)
		return d->now;
	return (int64_t)(lk_now_ms() / 1000u);
}

char *dom_now_utc(const struct dom *d, char out[24])
{
	char buf[LK_UTC_STRLEN];
	lk_strlcpy(out, lk_utc_format(dom_now(d), buf), 24);
	return out;
}

/* The zone the office's own profile records (kop surat: `lokmin office set
 * --time-zone`), as one of the three zone constants; NULL when it records none. */
static const char *s_profile_zone(const struct dom *d, const char *code)
{
	static const char *const zones[] = {LK_ZONE_WIB, LK_ZONE_WITA, LK_ZONE_WIT};
	char id[37];
	ProtobufCMessage *m = NULL;
	const char *found = NULL;
	if (d->st == NULL || lk_office_profile_id(code, id) != 0 ||
	    lk_store_get(d->st, lk_entity_find("office_profile"), id, &m) != 0)
		return NULL;
	char *tz = lk_record_deleted(m) ? NULL : lk_record_get(m, "time_zone");
	const char *name = NULL;
	/* The entity admits only the three zones (by name or abbreviation); anything else is ignored. */
	if (tz != NULL && tz[0] && lk_zone_for_office(code, tz, &name) == 0)
		for (size_t i = 0; i < LK_ARRAY_LEN(zones); i++)
			if (!strcmp(name, zones[i]))
				found = zones[i];
	free(tz);
	lk_record_free(m);
	return found;
}

int dom_zone_name(const struct dom *d, const char **name, struct dom_err *err)
{
	const struct dom_office *o = &d->office;
	const char *code = o->puskesmas[0] ? o->puskesmas : o->kecamatan[0] ? o->kecamatan : o->kabupaten;
	const char *override = o->puskesmas[0] || o->kecamatan[0] ? s_profile_zone(d, code) : NULL;
	int rc = lk_zone_for_office(code, override, name);
	if (rc != 0)
		return dom_fail(err, rc, _("no time zone for office '%s': its code names no province of Indonesia"),
		                code);
	return 0;
}

/* Zones loaded so far: Indonesia has three, so a few slots are plenty. They
 * live until exit (still reachable, not leaked) because callers borrow them. */
#define S_ZONES 8
static struct lk_tz *s_zones[S_ZONES];
static pthread_mutex_t s_zones_lock = PTHREAD_MUTEX_INITIALIZER;

int dom_zone(const struct dom *d, const struct lk_tz **tz, struct dom_err *err)
{
	const char *name;
	int rc = dom_zone_name(d, &name, err);
	if (rc != 0)
		return rc;
	pthread_mutex_lock(&s_zones_lock);
	size_t i = 0;
	while (i < S_ZONES && s_zones[i] && strcmp(lk_tz_name(s_zones[i]), name) != 0)
		i++;
	if (i == S_ZONES)
		rc = -LK_ENOMEM;
	else if (s_zones[i] == NULL)
		rc = lk_tz_load(name, &s_zones[i]);
	if (rc == 0)
		*tz = s_zones[i];
	pthread_mutex_unlock(&s_zones_lock);
	if (rc != 0)
		return dom_fail(err, rc, _("cannot load the time zone %s (%s): is the tzdata package installed?"), name,
		                lk_strerror(rc));
	return 0;
}

int dom_zone_sql_shift(const struct dom *d, char out[32], struct dom_err *err)
{
	const struct lk_tz *tz;
	int rc = dom_zone(d, &tz, err);
	if (rc == 0)
		snprintf(out, 32, "%+ld seconds", (long)lk_tz_offset(tz, dom_now(d), NULL));
	return rc;
}

int dom_today(const struct dom *d, struct lk_date *out, struct dom_err *err)
{
	const struct lk_tz *tz;
	int rc = dom_zone(d, &tz, err);
	if (rc == 0 && (rc = lk_zone_date(tz, dom_now(d), out)) != 0)
		return dom_fail(err, rc, _("the clock's date is out of range"));
	return rc;
}

char *dom_today_text(const struct dom *d, char out[LK_DATE_STRLEN])
{
	struct lk_date t;
	if (dom_today(d, &t, NULL) != 0)
		lk_date_from_days(dom_now(d) / 86400, &t);
	return lk_date_format(&t, out);
}

int dom_local(const struct dom *d, const char *utc_text, struct lk_local *out)
{
	const struct lk_tz *tz;
	int64_t t;
	int rc;
	if (utc_text == NULL || lk_utc_parse(utc_text, &t) != 0)
		return -LK_EINVAL;
	if ((rc = dom_zone(d, &tz, NULL)) != 0)
		return rc;
	return lk_tz_local(tz, t, out);
}

int dom_date_of(const struct dom *d, const char *utc_text, char out[LK_DATE_STRLEN])
{
	struct lk_local l;
	int rc = dom_local(d, utc_text, &l);
	out[0] = '\0';
	if (rc == 0)
		lk_date_format(&l.date, out);
	return rc;
}

char *dom_when_text(const struct dom *d, const char *utc_text, int with_date, enum lk_lang lang, char *out,
                    size_t size)
{
	struct lk_local l;
	char date[LK_FMT_LEN], time[LK_FMT_LEN];
	int (*fmt)(char *, size_t, const struct lk_date *, enum lk_lang) =
		with_date == DOM_WHEN_SHORT ? lk_fmt_date_short : lk_fmt_date;
	if (dom_local(d, utc_text, &l) != 0 || lk_fmt_time(time, sizeof time, l.hour, l.min, l.abbr, lang) != 0 ||
	    (with_date && fmt(date, sizeof date, &l.date, lang) != 0)) {
		lk_strlcpy(out, utc_text && utc_text[0] ? utc_text : "-", size);
		return out;
	}
	if (with_date)
		snprintf(out, size, "%s %s", date, time);
	else
		lk_strlcpy(out, time, size);
	return out;
}
