/* capaian_table: a year's achievement as one table of figures, for the XLSX and CSV exports and the web page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capaian.h"
#include "capaian_table.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "region.h"
#include "store.h"

static const char *const s_cols[] = {N_("Indicator"), N_("Indicator name"), N_("Year"),  N_("Month"),
                                     N_("Desa"),      N_("Numerator"),      N_("Denominator"), N_("Note"),
                                     N_("Achievement (%)"), N_("Desa name"), NULL};

struct fill {
	struct rtable *t;
	const struct cat *c;
	const struct dom_desa_names *desa; /* names by code, read once for every row */
};

static int s_row(const char *const *r, int ncol, void *arg)
{
	struct fill *f = arg;
	(void)ncol;
	long i = rtable_row(f->t);
	if (i < 0)
		return -LK_ENOMEM;
	const struct ind *ind = cap_find(f->c, r[0]);
	double num = strtod(r[4], NULL), den = strtod(r[5], NULL);
	rtable_set(f->t, i, CAPT_IND, "%s", r[0]);
	rtable_set(f->t, i, CAPT_NAME, "%s", ind ? ind->name : "");
	rtable_set(f->t, i, CAPT_YEAR, "%s", r[1]);
	rtable_show(f->t, i, CAPT_YEAR, "%s", r[1]); /* a figure, read without a thousands mark */
	rtable_int(f->t, i, CAPT_MONTH, strtol(r[2], NULL, 10));
	rtable_set(f->t, i, CAPT_DESA, "%s", r[3]);
	const char *desa = dom_desa_names_find(f->desa, r[3]);
	if (desa)
		rtable_set(f->t, i, CAPT_DESA_NAME, "%s", desa);
	/* The figures as entered: whole numbers stay whole, fractions keep two decimals. */
	if (num == (double)(long long)num)
		rtable_int(f->t, i, CAPT_NUM, (long)num);
	else
		rtable_number(f->t, i, CAPT_NUM, num, 2, "");
	if (den == (double)(long long)den)
		rtable_int(f->t, i, CAPT_DEN, (long)den);
	else
		rtable_number(f->t, i, CAPT_DEN, den, 2, "");
	rtable_set(f->t, i, CAPT_NOTE, "%s", r[6]);
	if (den > 0)
		rtable_number(f->t, i, CAPT_PCT, 100 * num / den, 1, "%");
	return f->t->failed ? -LK_ENOMEM : 0;
}

int dom_capaian_table(struct dom *d, int year, struct rtable **out, struct dom_err *err)
{
	struct cat c = {NULL, 0};
	char title[120], ys[8];
	*out = NULL;
	if (cap_catalogue(d->st, &c) != 0)
		c.n = 0; /* names are left empty; the figures are still there */
	snprintf(title, sizeof title, _("Achievement %d"), year);
	struct rtable *t = rtable_new(title, s_cols);
	if (t == NULL) {
		free(c.v);
		return dom_fail(err, -LK_ENOMEM, _("out of memory"));
	}
	snprintf(ys, sizeof ys, "%d", year);
	const char *p[2] = {d->office.puskesmas, ys};
	struct dom_desa_names names;
	if (dom_desa_names_load(d->st, &names) != 0)
		names.n = 0; /* the codes stay; the names column is left empty */
	struct fill f = {t, &c, &names};
	int rc = lk_store_query(d->st,
	                        "SELECT indicator_code, year, month, COALESCE(desa, ''), numerator,"
	                        " COALESCE(denominator, 0), COALESCE(note, '') FROM achievement"
	                        " WHERE deleted = 0 AND (?1 = '' OR puskesmas_code = ?1) AND year = ?2"
	                        " ORDER BY indicator_code, month, desa, puskesmas_code",
	                        p, 2, s_row, &f);
	free(c.v);
	dom_desa_names_free(&names);
	if (rc != 0) {
		rtable_free(t);
		return dom_fail(err, rc < 0 ? rc : -LK_EIO, _("cannot read achievement: %s"),
		                rc == -LK_ENOMEM ? lk_strerror(rc) : lk_store_error(d->st));
	}
	*out = t;
	return 0;
}
