/* cli_fmt: writes dates, times and numbers for a person through lk_fmt, so that every command shows them alike. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_fmt.h"
#include "clock.h"
#include "lk_date.h"
#include "lk_fmt.h"
#include "lk_util.h"

enum lk_lang cli_lang(void)
{
	return lk_lang_from_env();
}

const char *cli_date(const char *iso, char *out, size_t size)
{
	struct lk_date d;
	if (lk_date_parse(iso, &d) != 0 || lk_fmt_date(out, size, &d, cli_lang()) != 0)
		lk_strlcpy(out, iso, size);
	return out;
}

const char *cli_day(const char *iso, char *out, size_t size)
{
	struct lk_date d;
	if (iso == NULL || iso[0] == '\0')
		lk_strlcpy(out, "-", size);
	else if (lk_date_parse(iso, &d) != 0 || lk_fmt_date_short(out, size, &d, cli_lang()) != 0)
		lk_strlcpy(out, iso, size);
	return out;
}

const char *cli_when(const struct dom *d, const char *utc, int with_date, char *out, size_t size)
{
	return dom_when_text(d, utc, with_date ? DOM_WHEN_SHORT : DOM_WHEN_TIME, cli_lang(), out, size);
}

const char *cli_when_ms(const struct dom *d, int64_t ms, char *out, size_t size)
{
	struct lk_local l;
	char text[24], utc[32];
	lk_format_time_ms(text, ms);
	snprintf(utc, sizeof utc, "%.10sT%sZ", text, text + 11);
	if (strlen(text) != 19 || dom_local(d, utc, &l) != 0)
		snprintf(out, size, "%s UTC", text);
	else
		cli_when(d, utc, 1, out, size);
	return out;
}

const char *cli_int(int64_t v, char *out, size_t size)
{
	if (lk_fmt_int(out, size, v, cli_lang()) != 0)
		snprintf(out, size, "%lld", (long long)v);
	return out;
}

const char *cli_num(double v, int decimals, char *out, size_t size)
{
	if (lk_fmt_number(out, size, v, decimals, cli_lang()) != 0)
		snprintf(out, size, "%.*f", decimals, v);
	return out;
}

const char *cli_fig(double v, char *out, size_t size)
{
	int k = 0;
	for (double scaled = v; k < 3 && fabs(scaled - round(scaled)) > 1e-9 * fmax(1.0, fabs(scaled)); k++)
		scaled *= 10;
	return cli_num(v, k, out, size);
}

const char *cli_month(int year, int month, char *out, size_t size)
{
	const char *name = lk_fmt_month(month, cli_lang());
	if (name[0])
		snprintf(out, size, "%s %d", name, year);
	else
		snprintf(out, size, "%d-%02d", year, month);
	return out;
}
