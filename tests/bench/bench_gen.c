/* bench_gen: the generator's machinery: a seeded random stream, records checked and written page by page, the catalogue, the device's home. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "bench_gen.h"
#include "lk_csv.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_keys.h"
#include "lk_util.h"
#include "srv.h"

/* ---------------------------------------------------------------- deterministic values */

/* xorshift64*: the same district on every run, so figures stay comparable. */
uint64_t bg_rand(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717ull;
}

/* A whole number in [lo, hi]. */
int bg_between(uint64_t *x, int lo, int hi)
{
	return lo + (int)(bg_rand(x) % (uint64_t)(hi - lo + 1));
}

/* 1 with probability pct percent. */
int bg_chance(uint64_t *x, int pct)
{
	return (int)(bg_rand(x) % 100) < pct;
}

/* Short-lived formatted values for the field lists below: a ring of buffers,
 * each valid until 32 more values have been formatted. */
const char *bg_f(const char *fmt, ...)
{
	static char ring[32][256];
	static unsigned next;
	char *b = ring[next++ % 32];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof ring[0], fmt, ap);
	va_end(ap);
	return b;
}

/* Days since the epoch of a date of g->year. */
int64_t bg_days(const struct bench_gen *g, int m, int d)
{
	struct lk_date x = {g->year, m, d};
	return lk_date_days(&x);
}

const char *bg_date(int64_t days)
{
	struct lk_date d;
	char out[LK_DATE_STRLEN];
	lk_date_from_days(days, &d);
	return bg_f("%s", lk_date_format(&d, out));
}

const char *bg_time(int64_t days, int hour, int minute)
{
	return bg_f("%sT%02d:%02d:00Z", bg_date(days), hour, minute);
}

const char *bg_hex(uint64_t *x, int digits)
{
	static const char hex[] = "0123456789abcdef";
	char b[130];
	for (int i = 0; i < digits && i < 128; i++)
		b[i] = hex[bg_rand(x) & 15];
	b[digits < 128 ? digits : 128] = '\0';
	return bg_f("%s", b);
}

/* ---------------------------------------------------------------- writing the store */

static lk_hlc s_clock = LK_HLC_INIT;

static size_t s_entity_index(const struct lk_entity *e)
{
	return (size_t)(e - lk_entities);
}

static int s_flush(struct bench_gen *g)
{
	char err[256];
	uint64_t t0;
	int rc;

	if (g->n == 0)
		return 0;
	t0 = bench_now_ns();
	rc = lk_store_apply_page(g->st, (const Lokmin__Change *const *)g->ptrs, g->n, g->seq, NULL, err, sizeof err);
	g->apply_ns += bench_now_ns() - t0;
	for (size_t i = 0; i < g->n; i++)
		free(g->page[i].record.data);
	g->n = 0;
	g->pages++;
	if (rc != 0) {
		fprintf(stderr, "lokmin-bench: cannot apply page %" PRIu64 ": %s\n", g->pages, err);
		g->failed = 1;
		return -1;
	}
	return 0;
}

/* A new record of entity with a fresh id, the tenant keys and the header of a
 * synced record (rev 1, an HLC); NULL (and g->failed) when it cannot be made. */
ProtobufCMessage *bg_new(struct bench_gen *g, const char *entity, const char *kec, const char *pusk)
{
	const struct lk_entity *e = lk_entity_find(entity);
	ProtobufCMessage *m = e ? lk_record_new(e) : NULL;
	char id[LK_UUID_STRLEN];
	lk_uuid u;

	if (m == NULL) {
		fprintf(stderr, "lokmin-bench: cannot make a %s record\n", entity);
		g->failed = 1;
		return NULL;
	}
	lk_uuid_v7(&u);
	if (lk_record_set(m, "id", lk_uuid_format(&u, id)) != 0 || lk_record_set(m, "rev", "1") != 0 ||
	    lk_record_set(m, "hlc", bg_f("%" PRIu64, lk_hlc_tick(&s_clock, lk_now_ms()))) != 0 ||
	    lk_record_set(m, "kabupaten", BENCH_GEN_KAB) != 0 || lk_record_set(m, "kecamatan", kec) != 0 ||
	    lk_record_set(m, "puskesmas", pusk) != 0) {
		fprintf(stderr, "lokmin-bench: cannot set the header of a %s record\n", entity);
		lk_record_free(m);
		g->failed = 1;
		return NULL;
	}
	return m;
}

/* Set fields from NULL-terminated name, value pairs. */
void bg_set(struct bench_gen *g, ProtobufCMessage *m, ...)
{
	va_list ap;
	const char *name, *value;

	if (m == NULL)
		return;
	va_start(ap, m);
	while ((name = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		if (lk_record_set(m, name, value) != 0) {
			fprintf(stderr, "lokmin-bench: cannot set %s to \"%.40s\"\n", name, value);
			g->failed = 1;
		}
	}
	va_end(ap);
}

/*
 * Give a record with a natural key its derived id, check it as every device
 * and lokmind would, and queue it as a pulled change; the page goes to the
 * store when full. Frees m. A record that fails the check is counted in
 * g->invalid and left out (0), so one run shows how many there are; -1 only
 * when the store or memory failed.
 */
int bg_emit(struct bench_gen *g, ProtobufCMessage *m)
{
	const struct lk_entity *e = NULL;
	char err[256], id[LK_UUID_STRLEN];

	if (m == NULL || g->failed) {
		lk_record_free(m);
		return -1;
	}
	for (size_t i = 0; i < lk_entities_count && e == NULL; i++)
		if (lk_entities[i].desc == m->descriptor)
			e = &lk_entities[i];
	if (e != NULL && lk_natural_id(e, m, id) == 0 && lk_record_set(m, "id", id) != 0)
		g->failed = 1;
	if (e == NULL || lk_record_validate(e, m, err, sizeof err) != 0) {
		/* Count them all, show the first few: one bad generator line repeats thousands of times. */
		if (g->invalid++ < 5)
			fprintf(stderr, "lokmin-bench: invalid %s record: %s\n", e ? e->name : "unknown", e ? err : "");
		lk_record_free(m);
		return 0;
	}
	Lokmin__Change *c = &g->page[g->n];
	lokmin__change__init(c);
	c->seq = ++g->seq;
	c->entity = (char *)e->name;
	if (lk_record_encode(m, &c->record.data, &c->record.len) != 0) {
		fprintf(stderr, "lokmin-bench: out of memory encoding a %s record\n", e->name);
		lk_record_free(m);
		g->failed = 1;
		return -1;
	}
	lk_record_free(m);
	g->ptrs[g->n++] = c;
	g->count[s_entity_index(e)]++;
	g->total++;
	return g->n == BENCH_GEN_PAGE ? s_flush(g) : 0;
}

/* Emit m and return its id (copied into id; derived first when m has a
 * natural key) for records that refer to it. */
int bg_emit_id(struct bench_gen *g, ProtobufCMessage *m, char id[LK_UUID_STRLEN])
{
	const struct lk_entity *e = NULL;

	if (m == NULL)
		return -1;
	for (size_t i = 0; i < lk_entities_count && e == NULL; i++)
		if (lk_entities[i].desc == m->descriptor)
			e = &lk_entities[i];
	if (e == NULL || lk_natural_id(e, m, id) != 0)
		lk_strlcpy(id, lk_record_id(m), LK_UUID_STRLEN);
	return bg_emit(g, m);
}

/* ---------------------------------------------------------------- the catalogue */

#define S_CAT_FIELDS 11

/* Read the catalogue lokmind embeds: every indicator for the store, and an
 * even spread of BENCH_GEN_INDICATORS of them (every programme) for the records. */
static int s_catalogue(struct bench_gen *g)
{
	char *save = NULL;
	int lineno = 0;

	if (lk_embedded_catalogue_count == 0 || (g->cat_text = strdup(lk_embedded_catalogue[0].text)) == NULL) {
		fprintf(stderr, "lokmin-bench: no indicator catalogue built in\n");
		return -1;
	}
	for (char *line = strtok_r(g->cat_text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[S_CAT_FIELDS + 1];
		if (lineno++ == 0 || *lk_trim(line) == '\0')
			continue;
		int nf = lk_csv_split(line, f, S_CAT_FIELDS + 1);
		if (nf == S_CAT_FIELDS - 1)
			f[nf++] = "cumulative";
		if (nf != S_CAT_FIELDS) {
			fprintf(stderr, "lokmin-bench: catalogue line %d: %d fields, not %d\n", lineno, nf, S_CAT_FIELDS);
			return -1;
		}
		Lokmin__Indicator *nv = realloc(g->cat, (g->ncat + 1) * sizeof *nv);
		if (nv == NULL)
			return -1;
		g->cat = nv;
		Lokmin__Indicator *x = &g->cat[g->ncat++];
		lokmin__indicator__init(x);
		x->programme_code = f[0];
		x->programme_name = f[1];
		x->ilp_cluster = atoi(f[3]);
		x->code = f[4];
		x->name = f[5];
		x->unit = f[6];
		x->numerator = f[7];
		x->denominator = strcmp(f[8], "-") ? f[8] : "";
		x->default_annual_target = strtod(f[9], NULL);
		x->accrual = f[10];
	}
	if (g->ncat < BENCH_GEN_INDICATORS) {
		fprintf(stderr, "lokmin-bench: the catalogue has %zu indicators, fewer than %d\n", g->ncat, BENCH_GEN_INDICATORS);
		return -1;
	}
	for (size_t i = 0; i < BENCH_GEN_INDICATORS; i++) {
		const Lokmin__Indicator *x = &g->cat[i * g->ncat / BENCH_GEN_INDICATORS];
		struct bg_ind *d = &g->ind[g->nind++];
		lk_strlcpy(d->code, x->code, sizeof d->code);
		lk_strlcpy(d->programme, x->programme_code, sizeof d->programme);
		d->percent = !strcmp(x->unit, "persen");
		d->point = !strcmp(x->accrual, "point");
		d->target = x->default_annual_target;
	}
	return 0;
}

/* The catalogue and the list of puskesmas, as a sync leaves them on a dinkes device. */
static int s_store_meta(struct bench_gen *g, int npusk)
{
	Lokmin__CatalogueReply rep = LOKMIN__CATALOGUE_REPLY__INIT;
	Lokmin__Indicator **ptrs = calloc(g->ncat, sizeof *ptrs);
	char *org = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if (ptrs == NULL)
		return -1;
	for (size_t i = 0; i < g->ncat; i++)
		ptrs[i] = &g->cat[i];
	rep.digest = "lokmin-bench";
	rep.indicators = ptrs;
	rep.n_indicators = g->ncat;
	rc = lk_store_catalogue_put(g->st, &rep);
	free(ptrs);
	if (rc != 0) {
		fprintf(stderr, "lokmin-bench: cannot store the catalogue: %s\n", lk_store_error(g->st));
		return -1;
	}
	if ((f = open_memstream(&org, &len)) == NULL)
		return -1;
	for (int p = 0; p < npusk; p++)
		fprintf(f, "P" BENCH_GEN_KAB "%02d01%02d\t" BENCH_GEN_KAB "%02d\tPuskesmas %02d-%d\n", p / 2 + 1, p % 2 + 1, p / 2 + 1,
		        p / 2 + 1, p % 2 + 1);
	fclose(f);
	rc = lk_store_set_meta(g->st, "org_puskesmas", org);
	free(org);
	if (rc != 0) {
		fprintf(stderr, "lokmin-bench: cannot store the list of puskesmas: %s\n", lk_store_error(g->st));
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- the device */

int bench_gen_device(const char *home, const char *name, const char *role, const char *scope, const char *kec,
                     const char *pusk)
{
	lk_curve_pair dev, srv;
	struct profile p;
	lk_uuid u;
	int rc;

	if (lk_curve_generate(&dev) != 0 || lk_curve_generate(&srv) != 0) {
		fprintf(stderr, "lokmin-bench: cannot generate keys\n");
		return -1;
	}
	rc = lk_curve_save(&dev, home, "device", 1);
	lk_curve_wipe(&dev);
	lk_curve_wipe(&srv);
	if (rc != 0) {
		fprintf(stderr, "lokmin-bench: cannot write %s/device.key: %s\n", home, lk_strerror(rc));
		return -1;
	}
	memset(&p, 0, sizeof p);
	lk_strlcpy(p.endpoint, "tcp://127.0.0.1:9", sizeof p.endpoint);
	lk_strlcpy(p.server_key, srv.public_z85, sizeof p.server_key);
	lk_uuid_v7(&u);
	lk_uuid_format(&u, p.device_id);
	lk_strlcpy(p.device_name, name, sizeof p.device_name);
	lk_strlcpy(p.role, role, sizeof p.role);
	lk_strlcpy(p.scope, scope, sizeof p.scope);
	lk_strlcpy(p.kabupaten, BENCH_GEN_KAB, sizeof p.kabupaten);
	lk_strlcpy(p.kecamatan, kec ? kec : "", sizeof p.kecamatan);
	lk_strlcpy(p.puskesmas, pusk ? pusk : "", sizeof p.puskesmas);
	if ((rc = profile_save(home, &p)) != 0) {
		fprintf(stderr, "lokmin-bench: cannot write %s/profile: %s\n", home, lk_strerror(rc));
		return -1;
	}
	return 0;
}

void bench_gen_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[1024];
	struct stat sb;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			bench_gen_remove(path);
		else if (unlink(path) != 0)
			fprintf(stderr, "lokmin-bench: cannot remove %s: %s\n", path, strerror(errno));
	}
	closedir(d);
	if (rmdir(dir) != 0)
		fprintf(stderr, "lokmin-bench: cannot remove %s: %s\n", dir, strerror(errno));
}

double bench_gen_store_mb(const char *home)
{
	static const char *const files[] = {"store.db", "store.db-wal"};
	char path[1100];
	struct stat sb;
	double mb = 0;

	for (size_t i = 0; i < LK_ARRAY_LEN(files); i++) {
		snprintf(path, sizeof path, "%s/%s", home, files[i]);
		if (stat(path, &sb) == 0)
			mb += (double)sb.st_size / 1e6;
	}
	return mb;
}

/* ---------------------------------------------------------------- a store from start to end */

struct bench_gen *bench_gen_open(const char *home, int npusk)
{
	char err[512];
	struct bench_gen *g = calloc(1, sizeof *g);

	if (g == NULL) {
		fprintf(stderr, "lokmin-bench: out of memory\n");
		return NULL;
	}
	if (s_catalogue(g) != 0)
		goto fail;
	if ((g->st = lk_store_open(home, err, sizeof err)) == NULL) {
		fprintf(stderr, "lokmin-bench: %s\n", err);
		goto fail;
	}
	if (s_store_meta(g, npusk) != 0)
		goto fail;
	return g;
fail:
	bench_gen_close(g);
	return NULL;
}

/* Each entity table holds exactly the records written. */
static int s_count_row(const char *const *row, int ncol, void *arg)
{
	(void)ncol;
	*(uint64_t *)arg = strtoull(row[0], NULL, 10);
	return 0;
}

static int s_verify(struct bench_gen *g)
{
	for (size_t i = 0; i < lk_entities_count; i++) {
		char sql[128];
		uint64_t n = 0;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", lk_entities[i].table);
		if (lk_store_query(g->st, sql, NULL, 0, s_count_row, &n) != 0 || n != g->count[i]) {
			fprintf(stderr, "lokmin-bench: %s holds %" PRIu64 " rows, %" PRIu64 " were written: %s\n",
			        lk_entities[i].table, n, g->count[i], lk_store_error(g->st));
			return -1;
		}
	}
	return 0;
}

int bench_gen_finish(struct bench_gen *g, uint64_t t0_ns)
{
	if (g->failed || s_flush(g) != 0)
		return -1;
	double secs = (double)(bench_now_ns() - t0_ns) / 1e9;
	if (g->invalid) {
		fprintf(stderr, "lokmin-bench: %" PRIu64 " records failed lk_record_validate; the store is not usable\n",
		        g->invalid);
		return -1;
	}
	printf("built %" PRIu64 " records in %.2f s (lk_store_apply_page %.2f s in %" PRIu64
	       " pages, generating and validating %.2f s); invalid records: 0\n",
	       g->total, secs, (double)g->apply_ns / 1e9, g->pages, secs - (double)g->apply_ns / 1e9);
	printf(" ");
	for (size_t i = 0; i < lk_entities_count; i++)
		if (g->count[i])
			printf(" %s %" PRIu64, lk_entities[i].name, g->count[i]);
	printf("\n");
	return s_verify(g);
}

uint64_t bench_gen_total(const struct bench_gen *g)
{
	return g->total;
}

void bench_gen_close(struct bench_gen *g)
{
	if (g == NULL)
		return;
	lk_store_close(&g->st);
	for (size_t i = 0; i < g->n; i++)
		free(g->page[i].record.data);
	free(g->cat);
	free(g->cat_text);
	free(g);
}

int bench_gen_district(const char *home, int npusk, int year0, int nyears)
{
	uint64_t t0 = bench_now_ns();
	struct bench_gen *g = bench_gen_open(home, npusk);
	int rc = g ? 0 : -1;

	for (int k = 0; rc == 0 && k < (npusk + 1) / 2; k++)
		rc = bench_gen_kecamatan(g, k, year0, nyears);
	for (int p = 0; rc == 0 && p < npusk; p++) {
		if (bench_interrupted) {
			fprintf(stderr, "lokmin-bench: interrupted\n");
			rc = -1;
		} else
			rc = bench_gen_puskesmas(g, p, year0, nyears);
	}
	if (rc == 0)
		rc = bench_gen_finish(g, t0);
	bench_gen_close(g);
	return rc;
}
