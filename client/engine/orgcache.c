/*
 * orgcache: the puskesmas of this device's scope, with names, kept in the store
 * so the district's and the camat's reports list every puskesmas, also those
 * that recorded nothing (a missing schedule is the first thing to see), and the
 * names of its kecamatan, so people may name an office instead of typing its code,
 * and on a puskesmas device the desa of its working area, chosen by name.
 * Refreshed at the end of each sync; read offline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_util.h"
#include "orgcache.h"
#include "store.h"

#define META_ORG "org_puskesmas"         /* lines "CODE\tKECAMATAN\tNAME" */
#define META_ORG_KEC "org_kecamatan"     /* lines "CODE\tNAME" */
#define META_ORG_KAB "org_kabupaten"     /* "CODE\tNAME": the device's own kabupaten */
#define META_ORG_DESA "org_desa"        /* lines "CODE\tNAME": the desa of the device's own puskesmas */
#define META_ORG_AT "org_puskesmas_ms"    /* when it was fetched */
#define ORG_REFRESH_MS (24 * 3600 * 1000LL) /* regions change rarely; a district's list costs a request per kecamatan */

/* A name as one line of the cache: tabs and line breaks (never in a real name) become blanks, in a static buffer. */
static const char *s_line(const char *name)
{
	static char b[256];
	lk_strlcpy(b, name ? name : "", sizeof b);
	for (char *p = b; *p; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	return b;
}

/* The children of code (caller frees the reply), or NULL. */
static Lokmin__Reply *s_children(struct lk_engine *e, const char *code)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__OrgShowRequest os = LOKMIN__ORG_SHOW_REQUEST__INIT;
	Lokmin__Reply *rep = NULL;
	os.code = (char *)code;
	req.body_case = LOKMIN__REQUEST__BODY_ORG_SHOW;
	req.org_show = &os;
	if (lk_engine_call(e, &req, &rep) != 0 || rep->body_case != LOKMIN__REPLY__BODY_ORG_SHOW) {
		lk_reply_free(rep);
		return NULL;
	}
	return rep;
}

/* Append the puskesmas under kecamatan kec to f and, when fk is not NULL, the kecamatan's name to fk.
 * 0 or negative. */
static int s_kecamatan(struct lk_engine *e, const char *kec, FILE *f, FILE *fk)
{
	Lokmin__Reply *rep = s_children(e, kec);
	if (rep == NULL)
		return -LK_EIO;
	if (fk && rep->org_show->unit)
		fprintf(fk, "%s\t%s\n", kec, rep->org_show->unit->name);
	for (size_t i = 0; i < rep->org_show->n_children; i++) {
		const Lokmin__OrgUnit *u = rep->org_show->children[i];
		if (u->kind == LOKMIN__ORG_KIND__ORG_PUSKESMAS)
			fprintf(f, "%s\t%s\t%s\n", u->code, kec, u->name);
	}
	lk_reply_free(rep);
	return 0;
}

int org_fetch(struct lk_engine *e)
{
	char *text = NULL, *kecs = NULL, *desas = NULL, *at = NULL, now[24];
	size_t len = 0, klen = 0, dlen = 0;
	int rc = 0;
	lk_store *st = lk_engine_store(e);
	if (st == NULL)
		return -LK_EIO;
	int pusk = strcmp(e->prof.role, "dinkes") && strcmp(e->prof.role, "kecamatan");
	if (lk_store_get_meta(st, META_ORG_AT, &at) == 0) {
		int fresh = (int64_t)lk_now_ms() - strtoll(at, NULL, 10) < ORG_REFRESH_MS;
		free(at);
		/* A cache made before desa were kept is refreshed at once on a puskesmas device. */
		char *d = NULL;
		if (fresh && pusk && lk_store_get_meta(st, META_ORG_DESA, &d) != 0)
			fresh = 0;
		free(d);
		if (fresh)
			return 0;
	}
	if (lk_engine_connect(e) != 0)
		return -LK_EIO;
	FILE *f = open_memstream(&text, &len), *fk = open_memstream(&kecs, &klen), *fd = open_memstream(&desas, &dlen);
	if (f == NULL || fk == NULL || fd == NULL) {
		if (f)
			fclose(f);
		if (fk)
			fclose(fk);
		if (fd)
			fclose(fd);
		free(text);
		free(kecs);
		free(desas);
		return -LK_ENOMEM;
	}
	char kab[300] = "";
	if (!strcmp(e->prof.role, "dinkes")) {
		Lokmin__Reply *rep = s_children(e, e->prof.kabupaten);
		rc = rep ? 0 : -LK_EIO;
		if (rep && rep->org_show->unit)
			snprintf(kab, sizeof kab, "%s\t%s", e->prof.kabupaten, rep->org_show->unit->name);
		for (size_t i = 0; rep && rc == 0 && i < rep->org_show->n_children; i++)
			if (rep->org_show->children[i]->kind == LOKMIN__ORG_KIND__ORG_KECAMATAN) {
				const Lokmin__OrgUnit *k = rep->org_show->children[i];
				fprintf(fk, "%s\t%s\n", k->code, k->name);
				rc = s_kecamatan(e, k->code, f, NULL);
			}
		lk_reply_free(rep);
	} else if (!strcmp(e->prof.role, "kecamatan")) {
		rc = s_kecamatan(e, e->prof.kecamatan, f, fk);
	} else {
		rc = 0;
	}
	if (rc == 0 && pusk) {
		Lokmin__Reply *rep = s_children(e, e->prof.puskesmas);
		rc = rep ? 0 : -LK_EIO;
		if (rep)
			fprintf(f, "%s\t%s\t%s\n", e->prof.puskesmas, e->prof.kecamatan, rep->org_show->unit->name);
		/* Its desa, so people choose a desa by name. */
		for (size_t i = 0; rep && i < rep->org_show->n_children; i++) {
			const Lokmin__OrgUnit *u = rep->org_show->children[i];
			if (u->kind == LOKMIN__ORG_KIND__ORG_DESA && u->code && u->code[0] && !strpbrk(u->code, "\t\n"))
				fprintf(fd, "%s\t%s\n", u->code, s_line(u->name));
		}
		lk_reply_free(rep);
		/* Its kecamatan's name only (the place in its letters' dates); a
		 * puskesmas reads its kecamatan's unit, not its neighbours. */
		Lokmin__Reply *k = rc == 0 ? s_children(e, e->prof.kecamatan) : NULL;
		if (k && k->org_show->unit)
			fprintf(fk, "%s\t%s\n", e->prof.kecamatan, k->org_show->unit->name);
		lk_reply_free(k);
	}
	if (rc == 0 && kab[0] == '\0' && e->prof.kabupaten[0]) {
		/* An office's own kabupaten shows its name (for letterheads and
		 * headings), not its kecamatan or puskesmas; an older lokmind refuses
		 * it, which leaves the name unknown rather than failing the refresh. */
		Lokmin__Reply *rep = s_children(e, e->prof.kabupaten);
		if (rep && rep->org_show->unit)
			snprintf(kab, sizeof kab, "%s\t%s", e->prof.kabupaten, rep->org_show->unit->name);
		lk_reply_free(rep);
	}
	fclose(f);
	fclose(fk);
	fclose(fd);
	snprintf(now, sizeof now, "%lld", (long long)lk_now_ms());
	if (rc == 0 && (rc = lk_store_set_meta(st, META_ORG, text)) == 0 &&
	    (rc = lk_store_set_meta(st, META_ORG_KEC, kecs)) == 0 && (rc = lk_store_set_meta(st, META_ORG_KAB, kab)) == 0 &&
	    (!pusk || (rc = lk_store_set_meta(st, META_ORG_DESA, desas ? desas : "")) == 0))
		rc = lk_store_set_meta(st, META_ORG_AT, now);
	free(text);
	free(kecs);
	free(desas);
	return rc;
}

/* Each "CODE\tNAME" line of the meta key to fn (a line without both is passed over); 0 or fn's first non-zero. */
static int s_code_names(lk_store *st, const char *key, org_fn fn, void *arg)
{
	char *text = NULL, *save = NULL;
	int rc = 0;
	if (lk_store_get_meta(st, key, &text) != 0)
		return 0;
	for (char *line = strtok_r(text, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
		char *name = strchr(line, '\t');
		if (name == NULL || name == line)
			continue;
		*name++ = '\0';
		rc = fn(line, "", name, arg);
	}
	free(text);
	return rc;
}

int org_kecamatan(lk_store *st, org_fn fn, void *arg)
{
	return s_code_names(st, META_ORG_KEC, fn, arg);
}

int org_desa(lk_store *st, org_fn fn, void *arg)
{
	return s_code_names(st, META_ORG_DESA, fn, arg);
}

int org_puskesmas(lk_store *st, org_fn fn, void *arg)
{
	char *text = NULL, *save = NULL;
	int rc = 0;
	if (lk_store_get_meta(st, META_ORG, &text) != 0)
		return 0;
	for (char *line = strtok_r(text, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
		char *kec = strchr(line, '\t'), *name = kec ? strchr(kec + 1, '\t') : NULL;
		if (name == NULL)
			continue;
		*kec++ = '\0';
		*name++ = '\0';
		rc = fn(line, kec, name, arg);
	}
	free(text);
	return rc;
}

int org_kabupaten_code(lk_store *st, const char *code)
{
	char *text = NULL;
	if (lk_store_get_meta(st, META_ORG_KAB, &text) != 0)
		return 0;
	size_t n = strlen(code);
	int same = n && !strncmp(text, code, n) && text[n] == '\t';
	free(text);
	return same;
}

int org_kabupaten(lk_store *st, char *name, size_t n)
{
	char *text = NULL;
	name[0] = '\0';
	if (lk_store_get_meta(st, META_ORG_KAB, &text) != 0)
		return -LK_ENOTFOUND;
	char *tab = strchr(text, '\t');
	if (tab && tab[1])
		lk_strlcpy(name, tab + 1, n);
	free(text);
	return name[0] ? 0 : -LK_ENOTFOUND;
}
