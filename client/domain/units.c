/* units: the puskesmas and kecamatan a report covers, from the list lokmind sent and from the records, and days between dates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lk_date.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "orgcache.h"
#include "region.h"
#include "reports.h"
#include "store.h"

long report_days_between(const char *from, const char *to)
{
	struct lk_date a, b;
	if (lk_date_parse(from, &a) != 0 || lk_date_parse(to, &b) != 0)
		return 0;
	return (long)(lk_date_days(&b) - lk_date_days(&a));
}

static int s_add_unit(const char *code, const char *kec, const char *name, void *arg)
{
	struct units *u = arg;
	for (size_t i = 0; i < u->n; i++)
		if (!strcmp(u->v[i].code, code))
			return 0;
	struct unit *nv = realloc(u->v, (u->n + 1) * sizeof *nv);
	if (nv == NULL)
		return -LK_ENOMEM;
	u->v = nv;
	struct unit *x = &u->v[u->n++];
	memset(x, 0, sizeof *x);
	lk_strlcpy(x->code, code, sizeof x->code);
	lk_strlcpy(x->kecamatan, kec, sizeof x->kecamatan);
	lk_strlcpy(x->name, name, sizeof x->name);
	return 0;
}

static int s_unit_row(const char *const *row, int ncol, void *arg)
{
	(void)ncol;
	return s_add_unit(row[0], row[1], row[0], arg);
}

/* Each puskesmas code of the records with its first kecamatan code. Achievement, the largest table, is walked
 * one code at a time along its (puskesmas_code, kecamatan_code) index, not read whole. */
static const char s_seen_sql[] =
	"WITH RECURSIVE p(code) AS (SELECT (SELECT min(puskesmas_code) FROM achievement)"
	" UNION ALL SELECT (SELECT min(a.puskesmas_code) FROM achievement a WHERE a.puskesmas_code > p.code)"
	"   FROM p WHERE p.code IS NOT NULL)"
	" SELECT puskesmas_code, min(kecamatan_code) FROM ("
	"  SELECT puskesmas_code, kecamatan_code FROM meeting WHERE puskesmas_code <> ''"
	"  UNION ALL SELECT code, (SELECT min(a.kecamatan_code) FROM achievement a WHERE a.puskesmas_code = p.code)"
	"   FROM p WHERE p.code IS NOT NULL)"
	" GROUP BY puskesmas_code ORDER BY puskesmas_code";

static int s_unit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct unit *)a)->code, ((const struct unit *)b)->code);
}

/* Keep the units a asks for. */
static void s_only(struct units *u, const struct report_args *a)
{
	size_t k = 0;
	for (size_t i = 0; i < u->n; i++)
		if ((!a->puskesmas[0] || !strcmp(u->v[i].code, a->puskesmas)) &&
		    (!a->kecamatan[0] || !strcmp(u->v[i].kecamatan, a->kecamatan)))
			u->v[k++] = u->v[i];
	u->n = k;
}

int report_units(lk_store *st, const struct report_args *a, struct units *u)
{
	memset(u, 0, sizeof *u);
	int rc = org_puskesmas(st, s_add_unit, u);
	/* Puskesmas seen in records but not (yet) in the list from lokmind. */
	if (rc == 0)
		rc = lk_store_query(st, s_seen_sql, NULL, 0, s_unit_row, u);
	if (rc == 0 && a)
		s_only(u, a);
	if (rc == 0 && u->n > 1)
		qsort(u->v, u->n, sizeof *u->v, s_unit_cmp);
	return rc;
}

struct unit *report_unit(struct units *u, const char *code)
{
	for (size_t i = 0; i < u->n; i++)
		if (!strcmp(u->v[i].code, code))
			return &u->v[i];
	return NULL;
}

int report_kecamatan_name(lk_store *st, const char *code, char *out, size_t n)
{
	char name[160];
	int rc = region_name(st, code, name, sizeof name);
	if (rc != 0) {
		lk_strlcpy(out, code, n);
		return rc;
	}
	/* The cached name may lack the word. */
	if (strncasecmp(name, "Kecamatan ", 10))
		snprintf(out, n, _("Kecamatan %s"), name);
	else
		lk_strlcpy(out, name, n);
	return 0;
}

int report_kecamatans(lk_store *st, struct units *out)
{
	struct units u;
	memset(out, 0, sizeof *out);
	int rc = report_units(st, NULL, &u);
	/* u is sorted by puskesmas code, which starts with its kecamatan's: each kecamatan once. */
	for (size_t i = 0; rc == 0 && i < u.n; i++) {
		if (!u.v[i].kecamatan[0] || (i > 0 && !strcmp(u.v[i].kecamatan, u.v[i - 1].kecamatan)))
			continue;
		struct unit *nv = realloc(out->v, (out->n + 1) * sizeof *nv);
		if (nv == NULL) {
			rc = -LK_ENOMEM;
			break;
		}
		out->v = nv;
		struct unit *k = &out->v[out->n++];
		memset(k, 0, sizeof *k);
		lk_strlcpy(k->code, u.v[i].kecamatan, sizeof k->code);
		report_kecamatan_name(st, k->code, k->name, sizeof k->name);
	}
	free(u.v);
	if (rc != 0) {
		free(out->v);
		memset(out, 0, sizeof *out);
	}
	return rc;
}
