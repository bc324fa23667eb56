/* report_about: what people read about a report: the day judged, the region by name, when it was made and when the device last synced. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "region.h"
#include "reports.h"

void report_people_text(struct dom *d, struct report_args *a, const char *ms)
{
	enum lk_lang lang = lk_lang_from_env();
	struct lk_date day;
	if (lk_date_parse(a->as_of, &day) != 0 || lk_fmt_date(a->as_of_text, sizeof a->as_of_text, &day, lang) != 0)
		lk_strlcpy(a->as_of_text, a->as_of, sizeof a->as_of_text);
	char kab[200] = "", name[200];
	const struct lk_tz *tz = NULL;
	dom_region_names(d, kab, sizeof kab, NULL, 0, NULL, 0);
	if (kab[0] && strncasecmp(kab, "Kabupaten ", 10) && strncasecmp(kab, "Kota ", 5))
		snprintf(a->place, sizeof a->place, _("Kabupaten %s"), kab);
	else
		lk_strlcpy(a->place, kab[0] ? kab : d->office.kabupaten, sizeof a->place);
	const char *only[2] = {a->kecamatan, a->puskesmas};
	for (int i = 0; i < 2; i++)
		if (only[i][0]) {
			size_t n = strlen(a->place);
			if (region_name(d->st, only[i], name, sizeof name) != 0)
				lk_strlcpy(name, only[i], sizeof name);
			/* A kecamatan's cached name may lack the word. */
			int bare = i == 0 && strncasecmp(name, "Kecamatan ", 10);
			snprintf(a->place + n, sizeof a->place - n, "; %s%s", bare ? _("Kecamatan ") : "", name);
		}
	a->made[0] = a->synced_text[0] = '\0';
	if (dom_zone(d, &tz, NULL) != 0 ||
	    lk_fmt_at(a->made, sizeof a->made, tz, dom_now(d), LK_FMT_WEEKDAY | LK_FMT_TIME, lang) != 0)
		lk_strlcpy(a->made, "", sizeof a->made);
	if (tz && ms &&
	    lk_fmt_at(a->synced_text, sizeof a->synced_text, tz, strtoll(ms, NULL, 10) / 1000, LK_FMT_DATE | LK_FMT_TIME, lang) != 0)
		a->synced_text[0] = '\0';
}
