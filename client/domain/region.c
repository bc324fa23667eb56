/* region: names of regions (kabupaten, kecamatan, puskesmas, desa) read from the organisation cache for people to read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "orgcache.h"
#include "region.h"

struct s_find {
	const char *code;
	char *out;
	size_t n;
};

static int s_find(const char *code, const char *kecamatan, const char *name, void *arg)
{
	struct s_find *f = arg;
	(void)kecamatan;
	if (strcmp(code, f->code) || name[0] == '\0')
		return 0;
	lk_strlcpy(f->out, name, f->n);
	return 1; /* found: stop */
}

int region_name(lk_store *st, const char *code, char *out, size_t n)
{
	if (n == 0)
		return -LK_EINVAL;
	out[0] = '\0';
	if (code == NULL || code[0] == '\0')
		return -LK_ENOTFOUND;
	size_t len = strlen(code);
	if (code[0] == 'P' || code[0] == 'p') {
		struct s_find f = {code, out, n};
		org_puskesmas(st, s_find, &f);
	} else if (len == 6) {
		struct s_find f = {code, out, n};
		org_kecamatan(st, s_find, &f);
	} else if (len == 4) {
		char kab[200];
		/* The cache holds the device's own kabupaten only. */
		if (org_kabupaten(st, kab, sizeof kab) == 0 && org_kabupaten_code(st, code))
			lk_strlcpy(out, kab, n);
	}
	return out[0] ? 0 : -LK_ENOTFOUND;
}

int region_puskesmas_name(lk_store *st, const char *code, char *out, size_t n)
{
	char name[200] = "";
	struct s_find f = {code, name, sizeof name};
	if (n == 0)
		return -LK_EINVAL;
	out[0] = '\0';
	if (code == NULL || code[0] == '\0')
		return -LK_ENOTFOUND;
	org_puskesmas(st, s_find, &f);
	if (name[0] == '\0')
		return -LK_ENOTFOUND;
	snprintf(out, n, strncasecmp(name, "Puskesmas", 9) ? "Puskesmas %s" : "%s", name);
	return 0;
}

char *region_kecamatan_label(const char *name, const char *code, char *out, size_t n)
{
	if (name && name[0] && strncasecmp(name, "Kecamatan ", 10) != 0)
		snprintf(out, n, _("Kecamatan %s"), name);
	else
		lk_strlcpy(out, name && name[0] ? name : code ? code : "", n);
	return out;
}

char *region_office_name(lk_store *st, const char *code, char *out, size_t n)
{
	char name[200];
	if ((code[0] == 'P' || code[0] == 'p') && region_puskesmas_name(st, code, out, n) == 0)
		return out;
	if (code[0] != 'P' && code[0] != 'p' && region_name(st, code, name, sizeof name) == 0)
		return region_kecamatan_label(name, code, out, n);
	lk_strlcpy(out, code, n);
	return out;
}

struct s_kec_list {
	const char *kecamatan;
	struct dom_puskesmas *v;
	size_t n;
};

static int s_kec_pusk(const char *code, const char *kecamatan, const char *name, void *arg)
{
	struct s_kec_list *l = arg;
	if (strcmp(kecamatan, l->kecamatan) || name[0] == '\0')
		return 0;
	struct dom_puskesmas *nv = realloc(l->v, (l->n + 1) * sizeof *nv);
	if (nv == NULL)
		return -LK_ENOMEM;
	l->v = nv;
	struct dom_puskesmas *p = &l->v[l->n++];
	lk_strlcpy(p->code, code, sizeof p->code);
	snprintf(p->name, sizeof p->name, strncasecmp(name, "Puskesmas", 9) ? "Puskesmas %s" : "%s", name);
	return 0;
}

static int s_pusk_cmp(const void *a, const void *b)
{
	const struct dom_puskesmas *x = a, *y = b;
	int c = strcoll(x->name, y->name);
	return c ? c : strcmp(x->code, y->code);
}

int dom_kecamatan_puskesmas(struct dom *d, struct dom_puskesmas **out, size_t *n)
{
	struct s_kec_list l = {d->office.kecamatan, NULL, 0};
	*out = NULL;
	*n = 0;
	if (strcmp(d->office.role, "kecamatan") || d->office.kecamatan[0] == '\0')
		return 0;
	int rc = org_puskesmas(d->st, s_kec_pusk, &l);
	if (rc != 0) {
		free(l.v);
		return rc;
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, s_pusk_cmp);
	*out = l.v;
	*n = l.n;
	return 0;
}

int dom_region_names(struct dom *d, char *kabupaten, size_t kab_len, char *kecamatan, size_t kec_len,
                     char *puskesmas, size_t pusk_len)
{
	char *outs[3] = {kabupaten, kecamatan, puskesmas};
	size_t lens[3] = {kab_len, kec_len, pusk_len};
	const char *codes[3] = {d->office.kabupaten, d->office.kecamatan, d->office.puskesmas};
	int missing = 0;
	for (int i = 0; i < 3; i++) {
		if (outs[i] == NULL || lens[i] == 0)
			continue;
		outs[i][0] = '\0';
		if (codes[i][0] && region_name(d->st, codes[i], outs[i], lens[i]) != 0)
			missing = 1;
	}
	return missing ? -LK_ENOTFOUND : 0;
}

int region_desa_name(lk_store *st, const char *code, char *out, size_t n)
{
	struct s_find f = {code, out, n};
	if (n == 0)
		return -LK_EINVAL;
	out[0] = '\0';
	if (code == NULL || code[0] == '\0')
		return -LK_ENOTFOUND;
	org_desa(st, s_find, &f);
	return out[0] ? 0 : -LK_ENOTFOUND;
}

struct s_desa_list {
	struct dom_desa *v;
	size_t n, cap;
};

static int s_desa_add(const char *code, const char *kecamatan, const char *name, void *arg)
{
	struct s_desa_list *l = arg;
	(void)kecamatan;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct dom_desa *v = realloc(l->v, cap * sizeof *v);
		if (v == NULL)
			return -LK_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	lk_strlcpy(l->v[l->n].code, code, sizeof l->v[l->n].code);
	lk_strlcpy(l->v[l->n].name, name[0] ? name : code, sizeof l->v[l->n].name);
	l->n++;
	return 0;
}

static int s_desa_cmp(const void *a, const void *b)
{
	const struct dom_desa *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);
	return c ? c : strcmp(x->code, y->code);
}

int dom_desa_list(struct dom *d, struct dom_desa **out, size_t *n)
{
	struct s_desa_list l = {NULL, 0, 0};
	*out = NULL;
	*n = 0;
	int rc = org_desa(d->st, s_desa_add, &l);
	if (rc != 0) {
		free(l.v);
		return rc;
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, s_desa_cmp);
	*out = l.v;
	*n = l.n;
	return 0;
}

static int s_code_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dom_desa *)a)->code, ((const struct dom_desa *)b)->code);
}

int dom_desa_names_load(lk_store *st, struct dom_desa_names *t)
{
	struct s_desa_list l = {NULL, 0, 0};
	t->v = NULL;
	t->n = 0;
	int rc = org_desa(st, s_desa_add, &l);
	if (rc != 0) {
		free(l.v);
		return rc;
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, s_code_cmp);
	t->v = l.v;
	t->n = l.n;
	return 0;
}

const char *dom_desa_names_find(const struct dom_desa_names *t, const char *code)
{
	struct dom_desa key;
	if (code == NULL || code[0] == '\0' || t->n == 0 || strlen(code) >= sizeof key.code)
		return NULL;
	lk_strlcpy(key.code, code, sizeof key.code);
	const struct dom_desa *hit = bsearch(&key, t->v, t->n, sizeof *t->v, s_code_cmp);
	return hit ? hit->name : NULL;
}

void dom_desa_names_free(struct dom_desa_names *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
