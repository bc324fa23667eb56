/* bench report: the district's `lokmin report` runs, timed on a dinkes device whose store holds a whole year of a kabupaten. */
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
#include "client.h"
#include "lk_csv.h"
#include "lk_date.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_hlc.h"
#include "lk_keys.h"
#include "lk_sign.h"
#include "lk_signer.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "srv.h"
#include "store.h"

#include <sodium.h>

#define S_KAB "3324"
#define S_YEAR 2026
#define S_AS_OF "2026-12-31"
#define S_PAGE 1000          /* changes per lk_store_apply_page, one transaction each */
#define S_MAX_PUSKESMAS 198  /* two per kecamatan, kecamatan codes up to 99 */
#define S_STAFF 20           /* people of a puskesmas */
#define S_INDICATORS 30      /* indicators each puskesmas reports */
#define S_AIM_MS 1000.0
#define S_RUN_TIMEOUT_MS 120000
#define S_MAX_REPORTS 32

/* ---------------------------------------------------------------- a deterministic year */

/* xorshift64*: the same district on every run, so figures stay comparable. */
static uint64_t s_rand(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717ull;
}

/* A whole number in [lo, hi]. */
static int s_between(uint64_t *x, int lo, int hi)
{
	return lo + (int)(s_rand(x) % (uint64_t)(hi - lo + 1));
}

/* 1 with probability pct percent. */
static int s_chance(uint64_t *x, int pct)
{
	return (int)(s_rand(x) % 100) < pct;
}

/* Short-lived formatted values for the field lists below: a ring of buffers,
 * each valid until 32 more values have been formatted. */
static const char *s_f(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *s_f(const char *fmt, ...)
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

/* Days since the epoch of a date of S_YEAR. */
static int64_t s_days(int m, int d)
{
	struct lk_date x = {S_YEAR, m, d};
	return lk_date_days(&x);
}

static const char *s_date(int64_t days)
{
	struct lk_date d;
	char out[LK_DATE_STRLEN];
	lk_date_from_days(days, &d);
	return s_f("%s", lk_date_format(&d, out));
}

static const char *s_time(int64_t days, int hour, int minute)
{
	return s_f("%sT%02d:%02d:00Z", s_date(days), hour, minute);
}

static const char *s_hex(uint64_t *x, int digits)
{
	static const char hex[] = "0123456789abcdef";
	char b[130];
	for (int i = 0; i < digits && i < 128; i++)
		b[i] = hex[s_rand(x) & 15];
	b[digits < 128 ? digits : 128] = '\0';
	return s_f("%s", b);
}

/* ---------------------------------------------------------------- writing the store */

static lk_hlc s_clock = LK_HLC_INIT;

/* The indicators the puskesmas report, from the catalogue lokmind ships. */
struct s_ind {
	char code[32], programme[32];
	int percent, point;
	double target;
};

struct s_gen {
	lk_store *st;
	uint64_t rng;
	Lokmin__Change page[S_PAGE];
	Lokmin__Change *ptrs[S_PAGE];
	size_t n;
	uint64_t seq;
	uint64_t count[LK_MAX_ENTITIES];
	uint64_t total, invalid, pages;
	uint64_t apply_ns;
	int failed;
	struct s_ind ind[S_INDICATORS];
	size_t nind;
	Lokmin__Indicator *cat;  /* the whole catalogue, for the store */
	size_t ncat;
	char *cat_text;
	/* The signers' keys, made on first use: reports verify every signature. */
	struct s_signer {
		char person[LK_UUID_STRLEN], key[LK_UUID_STRLEN];
		uint8_t sk[LK_SIGN_SKLEN];
	} signers[S_MAX_PUSKESMAS + 100];
	size_t nsigners;
};

static size_t s_entity_index(const struct lk_entity *e)
{
	return (size_t)(e - lk_entities);
}

static int s_flush(struct s_gen *g)
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
static ProtobufCMessage *s_new(struct s_gen *g, const char *entity, const char *kec, const char *pusk)
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
	    lk_record_set(m, "hlc", s_f("%" PRIu64, lk_hlc_tick(&s_clock, lk_now_ms()))) != 0 ||
	    lk_record_set(m, "kabupaten", S_KAB) != 0 || lk_record_set(m, "kecamatan", kec) != 0 ||
	    lk_record_set(m, "puskesmas", pusk) != 0) {
		fprintf(stderr, "lokmin-bench: cannot set the header of a %s record\n", entity);
		lk_record_free(m);
		g->failed = 1;
		return NULL;
	}
	return m;
}

/* Set fields from NULL-terminated name, value pairs. */
static void s_set(struct s_gen *g, ProtobufCMessage *m, ...)
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
static int s_emit(struct s_gen *g, ProtobufCMessage *m)
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
	return g->n == S_PAGE ? s_flush(g) : 0;
}

/* Emit m and return its id (copied into id; derived first when m has a
 * natural key) for records that refer to it. */
static int s_emit_id(struct s_gen *g, ProtobufCMessage *m, char id[LK_UUID_STRLEN])
{
	const struct lk_entity *e = NULL;

	if (m == NULL)
		return -1;
	for (size_t i = 0; i < lk_entities_count && e == NULL; i++)
		if (lk_entities[i].desc == m->descriptor)
			e = &lk_entities[i];
	if (e == NULL || lk_natural_id(e, m, id) != 0)
		lk_strlcpy(id, lk_record_id(m), LK_UUID_STRLEN);
	return s_emit(g, m);
}

/* ---------------------------------------------------------------- the catalogue */

#define S_CAT_FIELDS 11

/* Read the catalogue lokmind embeds: every indicator for the store, and an
 * even spread of S_INDICATORS of them (every programme) for the records. */
static int s_catalogue(struct s_gen *g)
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
	if (g->ncat < S_INDICATORS) {
		fprintf(stderr, "lokmin-bench: the catalogue has %zu indicators, fewer than %d\n", g->ncat, S_INDICATORS);
		return -1;
	}
	for (size_t i = 0; i < S_INDICATORS; i++) {
		const Lokmin__Indicator *x = &g->cat[i * g->ncat / S_INDICATORS];
		struct s_ind *d = &g->ind[g->nind++];
		lk_strlcpy(d->code, x->code, sizeof d->code);
		lk_strlcpy(d->programme, x->programme_code, sizeof d->programme);
		d->percent = !strcmp(x->unit, "persen");
		d->point = !strcmp(x->accrual, "point");
		d->target = x->default_annual_target;
	}
	return 0;
}

/* The catalogue and the list of puskesmas, as a sync leaves them on a dinkes device. */
static int s_store_meta(struct s_gen *g, int npusk)
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
		fprintf(f, "P" S_KAB "%02d01%02d\t" S_KAB "%02d\tPuskesmas %02d-%d\n", p / 2 + 1, p % 2 + 1, p / 2 + 1,
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

/* ---------------------------------------------------------------- a puskesmas's year */

static const char *const s_problem_texts[] = {
	"Cakupan di bawah target karena sasaran belum terdata lengkap",
	"Kunjungan rumah tertunda, tenaga terbatas",
	"Logistik terlambat dari dinas kesehatan",
	"Kader posyandu belum terlatih pencatatan",
	"Laporan desa masuk terlambat",
};

static const char *const s_activities[] = {
	"Sweeping sasaran bersama kader dan bidan desa",
	"Pelatihan ulang kader tentang pencatatan",
	"Koordinasi lintas program untuk kunjungan rumah",
	"Permintaan logistik tambahan ke dinas kesehatan",
	"Validasi data sasaran dengan pemerintah desa",
	"Penyuluhan di posyandu dan sekolah",
};

/* The people of one office: ids and what each holds. */
struct s_staff {
	char id[S_STAFF][LK_UUID_STRLEN];
	char name[S_STAFF][48];
	const char *prog[S_STAFF]; /* programme of a programme holder, else NULL */
	char sector[S_STAFF][LK_UUID_STRLEN]; /* a kecamatan's sectors (RTL owners, commitments) */
	size_t nsector;
};

static int s_people(struct s_gen *g, const char *kec, const char *pusk, int pi, struct s_staff *sf)
{
	static const char *const progs[] = {"SPM", "PROMKES", "KESLING", "KIA", "GIZI", "P2P", "PERKESMAS"};
	for (int i = 0; i < S_STAFF; i++) {
		const char *role = i == 0 ? "kapus" : i == 1 ? "ktu" : i < 14 ? "pj_program" : i == 14 ? "notulis" : "staff";
		sf->prog[i] = i >= 2 && i < 14 ? progs[(i - 2) % 7] : NULL;
		snprintf(sf->name[i], sizeof sf->name[i], "Pegawai %d-%02d", pi + 1, i + 1);
		ProtobufCMessage *m = s_new(g, "person", kec, pusk);
		s_set(g, m, "name", sf->name[i], "title", i == 0 ? "Kepala Puskesmas" : role, "role", role, "nip",
		      s_f("19%02d0101200%d0%05d", 70 + i, i % 10, pi * 100 + i), "phone", s_f("08%010d", pi * 100 + i),
		      "programmes", sf->prog[i] ? sf->prog[i] : "", NULL);
		if (s_emit_id(g, m, sf->id[i]) != 0)
			return -1;
	}
	return 0;
}

/* The signer's key, confirmed by the district: made (from the run's seed) on first use. */
static struct s_signer *s_signer_key(struct s_gen *g, const ProtobufCMessage *doc, const char *person)
{
	for (size_t i = 0; i < g->nsigners; i++)
		if (!strcmp(g->signers[i].person, person))
			return &g->signers[i];
	if (g->nsigners == sizeof g->signers / sizeof g->signers[0])
		return NULL;
	struct s_signer *k = &g->signers[g->nsigners];
	uint8_t seed[crypto_sign_SEEDBYTES], pk[LK_SIGN_PKLEN];
	char pkhex[65];
	const char *kab, *kec, *pusk;
	for (size_t i = 0; i < sizeof seed; i++)
		seed[i] = (uint8_t)s_rand(&g->rng);
	crypto_sign_seed_keypair(pk, k->sk, seed);
	lk_record_keys(doc, &kab, &kec, &pusk);
	ProtobufCMessage *m = s_new(g, "signer_key", kec, pusk);
	s_set(g, m, "person_id", person, "public_key", lk_hex_encode(pkhex, pk, sizeof pk), "capacity", "head",
	      "created_at", "2000-01-01T00:00:00Z", "device_name", "Laptop Kapus", "status", "active", "confirmed_at",
	      "2000-01-02T00:00:00Z", NULL);
	if (s_emit_id(g, m, k->key) != 0)
		return NULL;
	lk_strlcpy(k->person, person, sizeof k->person);
	g->nsigners++;
	return k;
}

/* A signed or unsigned document's seal fields: a real signature over its text. */
static void s_seal(struct s_gen *g, ProtobufCMessage *m, int signed_, const char *signer, int64_t day)
{
	struct s_signer *k = signed_ ? s_signer_key(g, m, signer) : NULL;
	uint8_t sig[LK_SIGN_SIGLEN];
	char hex[129];
	if (!signed_)
		return;
	if (k == NULL) {
		g->failed = 1;
		return;
	}
	char *doc = lk_record_get(m, "document");
	lk_sign(sig, (const uint8_t *)doc, strlen(doc), k->sk);
	free(doc);
	s_set(g, m, "signer_person_id", signer, "signature", lk_hex_encode(hex, sig, sizeof sig), "signed_at",
	      s_time(day, 9, 15), "signer_key_id", k->key, NULL);
}

/* An RTL item's verification, signed by the head over the RTL statement. */
static void s_verify_rtl(struct s_gen *g, ProtobufCMessage *m, const char *head, int64_t day)
{
	struct s_signer *k = s_signer_key(g, m, head);
	uint8_t sig[LK_SIGN_SIGLEN];
	char hex[129];
	if (k == NULL) {
		g->failed = 1;
		return;
	}
	s_set(g, m, "verified_by", head, "verified_key_id", k->key, "verified_at", s_time(day, 10, 0), NULL);
	char *st = lk_signer_rtl_statement(m);
	lk_sign(sig, (const uint8_t *)st, strlen(st), k->sk);
	free(st);
	s_set(g, m, "verification_sig", lk_hex_encode(hex, sig, sizeof sig), NULL);
}

static const char *s_document(const char *what, const char *office, int period, const char *day)
{
	return s_f("%s lokakarya mini %s periode %d tanggal %s.\n\nAgenda:\n1. Capaian program bulan lalu\n"
	           "2. Masalah dan penyebabnya\n3. Rencana tindak lanjut\n\nDemikian untuk menjadi perhatian.",
	           what, office, period, day);
}

/* Everything that hangs off a meeting that was held (or, missed, only its invitation). */
static int s_meeting_papers(struct s_gen *g, const char *kec, const char *pusk, const char *mid, int period,
                            int64_t planned, int64_t held, const struct s_staff *sf, int nattend)
{
	const char *office = pusk[0] ? pusk : kec;
	ProtobufCMessage *m = s_new(g, "invitation", kec, pusk);
	s_set(g, m, "meeting_id", mid, "number", s_f("440/%03d/%s/%d", period, office, S_YEAR), "issued_date",
	      s_date(planned - 7), "document", s_document("Undangan", office, period, s_date(planned)), NULL);
	s_seal(g, m, s_chance(&g->rng, 90), sf->id[0], planned - 7);
	if (s_emit(g, m) != 0)
		return -1;
	if (held < 0)
		return 0; /* missed: the invitation was all there was */

	for (int i = 0; i < nattend; i++) {
		int present = s_chance(&g->rng, 85);
		m = s_new(g, "attendance", kec, pusk);
		s_set(g, m, "meeting_id", mid, "person_id", sf->id[i], "name", sf->name[i], "role", "peserta", "invited", "1",
		      "present", present ? "1" : "0", "checked_in_at", present ? s_time(held, 1, s_between(&g->rng, 0, 59)) : "",
		      "sector_id", !pusk[0] && i > 0 ? sf->sector[i - 1] : "", NULL);
		if (s_emit(g, m) != 0)
			return -1;
	}
	int nmat = pusk[0] ? s_between(&g->rng, 4, 6) : 0;
	for (int i = 0; i < nmat; i++) {
		int who = 2 + (period + i * 3) % 12;
		m = s_new(g, "material", kec, pusk);
		s_set(g, m, "meeting_id", mid, "person_id", sf->id[who], "programme", sf->prog[who], "submitted_at",
		      s_time(planned - s_between(&g->rng, 1, 6), 2, 30), "note", "Capaian dan analisis masalah program",
		      NULL);
		if (s_emit(g, m) != 0)
			return -1;
	}
	m = s_new(g, "minutes", kec, pusk);
	s_set(g, m, "meeting_id", mid, "revision", "1", "effective_date", s_date(held), "document",
	      s_document("Notulen", office, period, s_date(held)), NULL);
	s_seal(g, m, s_chance(&g->rng, 85), sf->id[0], held + 1);
	if (s_chance(&g->rng, 90))
		s_set(g, m, "submitted_at", s_time(held + s_between(&g->rng, 1, 10), 3, 0), NULL);
	if (s_emit(g, m) != 0)
		return -1;

	int nprob = s_between(&g->rng, pusk[0] ? 3 : 2, pusk[0] ? 5 : 3);
	for (int i = 0; i < nprob; i++) {
		const struct s_ind *ind = &g->ind[s_rand(&g->rng) % g->nind];
		m = s_new(g, "problem", kec, pusk);
		s_set(g, m, "meeting_id", mid, "indicator_code", ind->code, "gap",
		      s_f("%d%% dari target %.0f%%", s_between(&g->rng, 40, 95), ind->target), "description",
		      s_problem_texts[s_rand(&g->rng) % LK_ARRAY_LEN(s_problem_texts)], "root_causes",
		      "man: tenaga kurang\nmethod: pencatatan manual\nenvironment: wilayah sulit dijangkau", "urgency",
		      s_f("%d", s_between(&g->rng, 1, 5)), "seriousness", s_f("%d", s_between(&g->rng, 1, 5)), "growth",
		      s_f("%d", s_between(&g->rng, 1, 5)), "recommendation", "Dibahas dalam RTL", "cross_sector",
		      pusk[0] ? (s_chance(&g->rng, 20) ? "1" : "0") : "1", NULL);
		if (s_emit(g, m) != 0)
			return -1;
	}

	int nrtl = pusk[0] ? s_between(&g->rng, 4, 6) : s_between(&g->rng, 2, 3);
	for (int i = 0; i < nrtl; i++) {
		int64_t due = held + s_between(&g->rng, 14, 75), end = s_days(12, 31), closed = -1;
		const char *status;
		int r = s_between(&g->rng, 0, 99);
		if (due < end) {
			/* Past due: most were done (some late), the rest still open. */
			status = r < 35 ? "done" : r < 65 ? "verified" : r < 80 ? "in_progress" : "open";
			if (r < 65)
				closed = due + s_between(&g->rng, -20, r < 10 ? 25 : 3);
		} else {
			status = r < 60 ? "open" : r < 85 ? "in_progress" : "done";
			if (r >= 85)
				closed = held + s_between(&g->rng, 3, 14);
		}
		if (closed >= 0 && closed <= held)
			closed = held + 1;
		if (closed > end)
			closed = end;
		m = s_new(g, "rtl", kec, pusk);
		s_set(g, m, "meeting_id", mid, "activity", s_activities[s_rand(&g->rng) % LK_ARRAY_LEN(s_activities)],
		      "objective", "Meningkatkan cakupan", "target_group", "Sasaran program", "place", "Wilayah kerja",
		      "due_date", s_date(due), "status", status, "closed_on", closed >= 0 ? s_date(closed) : "",
		      "success_indicator", "Cakupan naik bulan berikutnya", NULL);
		if (pusk[0])
			s_set(g, m, "owner_person_id", sf->id[2 + s_rand(&g->rng) % 12], NULL);
		else
			s_set(g, m, "owner_sector_id", sf->sector[s_rand(&g->rng) % sf->nsector], NULL);
		if (!strcmp(status, "verified"))
			s_verify_rtl(g, m, sf->id[0], closed >= 0 ? closed : due);
		if (s_emit(g, m) != 0)
			return -1;
	}

	for (int i = 0; i < 2; i++) {
		m = s_new(g, "attachment", kec, pusk);
		s_set(g, m, "owner_entity", "meeting", "owner_id", mid, "hash", s_hex(&g->rng, 64), "size",
		      s_f("%d", s_between(&g->rng, 150000, 900000)), "mime", "image/jpeg", "filename",
		      s_f("foto-%d.jpg", i + 1), "caption", i ? "Diskusi" : "Peserta lokmin", NULL);
		if (s_emit(g, m) != 0)
			return -1;
	}
	return 0;
}

/* One meeting: held on time, held late, postponed then held, or missed. */
static int s_meeting(struct s_gen *g, const char *kec, const char *pusk, int period, int64_t planned,
                     const struct s_staff *sf, int nattend, char mid[LK_UUID_STRLEN])
{
	int quarterly = pusk[0] == '\0', r = s_between(&g->rng, 0, 99);
	int missed = r < 8, postponed = !missed && r < 20, late = !missed && !postponed && r < 25;
	int64_t held = missed ? -1 : postponed ? planned + 7 : late ? planned + s_between(&g->rng, 1, 4) : planned;

	ProtobufCMessage *m = s_new(g, "meeting", kec, pusk);
	s_set(g, m, "kind", quarterly ? "quarterly" : "monthly", "year", s_f("%d", S_YEAR), "period",
	      s_f("%d", period), "planned_date", s_date(planned), "held_date", held >= 0 ? s_date(held) : "", "status",
	      missed ? "missed" : "held", "title",
	      s_f("Lokakarya mini %s %s %d", quarterly ? "lintas sektor triwulan" : "bulanan", pusk[0] ? pusk : kec,
	          period),
	      "place", quarterly ? "Aula kecamatan" : "Aula puskesmas", "status_reason", postponed ? "Bentrok kegiatan" : "",
	      "team_building", period % 3 == 0 ? "1" : "0", "notes", "", NULL);
	if (s_emit_id(g, m, mid) != 0)
		return -1;
	if (postponed) {
		m = s_new(g, "meeting_event", kec, pusk);
		s_set(g, m, "meeting_id", mid, "action", "postponed", "from_date", s_date(planned), "to_date",
		      s_date(held), "reason", "Bentrok kegiatan dinas", "at", s_time(planned - 2, 2, 0), NULL);
		if (s_emit(g, m) != 0)
			return -1;
	}
	return s_meeting_papers(g, kec, pusk, mid, period, planned, held, sf, nattend);
}

/* Desa of a puskesmas: 10 to 15, so the district's size is not a round figure. */
static int s_desa_count(int pi)
{
	return 10 + pi % 6;
}

/* Monthly achievement of every desa for every indicator, and the year's targets. */
static int s_achievement(struct s_gen *g, const char *kec, const char *pusk, int pi)
{
	int ndesa = s_desa_count(pi);
	for (size_t k = 0; k < g->nind; k++) {
		const struct s_ind *ind = &g->ind[k];
		double sasaran_all = 0;
		for (int d = 0; d < ndesa; d++) {
			char desa[40];
			snprintf(desa, sizeof desa, "%s%02d%02d", kec, pi % 2 + 1, d + 1);
			int sasaran = ind->percent ? s_between(&g->rng, 20, 240) : 0, sum = 0;
			sasaran_all += sasaran;
			for (int mo = 1; mo <= 12; mo++) {
				int num;
				if (!ind->percent)
					num = s_between(&g->rng, 0, 12);
				else if (ind->point)
					num = sasaran * s_between(&g->rng, 55, 100) / 100;
				else {
					/* A month's share, never taking the year past the sasaran. */
					num = sasaran * s_between(&g->rng, 40, 110) / 1200;
					if (sum + num > sasaran)
						num = sasaran - sum;
					sum += num;
				}
				ProtobufCMessage *m = s_new(g, "achievement", kec, pusk);
				s_set(g, m, "indicator_code", ind->code, "year", s_f("%d", S_YEAR), "month", s_f("%d", mo), "desa",
				      desa, "numerator", s_f("%d", num), "denominator", s_f("%d", sasaran), NULL);
				if (s_emit(g, m) != 0)
					return -1;
			}
		}
		ProtobufCMessage *m = s_new(g, "target", kec, pusk);
		s_set(g, m, "indicator_code", ind->code, "year", s_f("%d", S_YEAR), "annual_target",
		      s_f("%.0f", ind->target), "sasaran", s_f("%.0f", sasaran_all), NULL);
		if (s_emit(g, m) != 0)
			return -1;
	}
	return 0;
}

static int s_puskesmas(struct s_gen *g, int pi)
{
	char kec[16], pusk[32], mid[LK_UUID_STRLEN];
	struct s_staff sf;

	snprintf(kec, sizeof kec, S_KAB "%02d", pi / 2 + 1);
	snprintf(pusk, sizeof pusk, "P%s01%02d", kec, pi % 2 + 1);
	if (s_people(g, kec, pusk, pi, &sf) != 0)
		return -1;
	for (int p = 1; p <= 12; p++)
		if (s_meeting(g, kec, pusk, p, s_days(p, 3), &sf, 15, mid) != 0)
			return -1;
	return s_achievement(g, kec, pusk, pi);
}

/* ---------------------------------------------------------------- a kecamatan's quarterly lokmin */

static int s_kecamatan(struct s_gen *g, int ki)
{
	static const char *const codes[] = {"KORAMIL", "POLSEK", "KUA", "UPTD_PENDIDIKAN",
	                                    "TP_PKK",  "PLKB",   "BPD", "KARANG_TARUNA"};
	char kec[16], mid[LK_UUID_STRLEN];
	struct s_staff sf;
	size_t ns = LK_ARRAY_LEN(codes);

	snprintf(kec, sizeof kec, S_KAB "%02d", ki + 1);
	memset(&sf, 0, sizeof sf);
	for (size_t i = 0; i < ns; i++) {
		ProtobufCMessage *m = s_new(g, "sector", kec, "");
		s_set(g, m, "code", codes[i], "name", s_f("%s Kecamatan %s", codes[i], kec), "kind", "instansi", "contact",
		      s_f("08%010zu", (size_t)ki * 100 + i), NULL);
		if (s_emit_id(g, m, sf.sector[i]) != 0)
			return -1;
	}
	sf.nsector = ns;
	/* The camat first (signs), then one representative per sector. */
	for (size_t i = 0; i <= ns; i++) {
		ProtobufCMessage *m = s_new(g, "person", kec, "");
		snprintf(sf.name[i], sizeof sf.name[i], i ? "Wakil %s" : "Camat %s", i ? codes[i - 1] : kec);
		s_set(g, m, "name", sf.name[i], "role", i ? "sector_rep" : "camat", "title", i ? "Perwakilan" : "Camat",
		      "sector_id", i ? sf.sector[i - 1] : "", NULL);
		if (s_emit_id(g, m, sf.id[i]) != 0)
			return -1;
	}
	for (int q = 1; q <= 4; q++) {
		int64_t planned = s_days(3 * q - 1, 15);
		if (s_meeting(g, kec, "", q, planned, &sf, (int)ns + 1, mid) != 0)
			return -1;
		for (int i = 0, nc = s_between(&g->rng, 4, 6); i < nc; i++) {
			int r = s_between(&g->rng, 0, 99);
			const char *status = r < 40 ? "done" : r < 60 ? "in_progress" : r < 90 ? "open" : "dropped";
			int64_t end = planned + 90, last = s_days(12, 31), closed = planned + s_between(&g->rng, 20, 100);
			ProtobufCMessage *m = s_new(g, "commitment", kec, "");
			s_set(g, m, "meeting_id", mid, "sector_id", sf.sector[s_rand(&g->rng) % ns], "support",
			      "Menggerakkan sasaran ke posyandu dan mendukung kunjungan rumah", "period_start",
			      s_date(planned), "period_end", s_date(end < last ? end : last), "status", status, "closed_on",
			      r < 40 || r >= 90 ? s_date(closed < last ? closed : last) : "", NULL);
			if (s_emit(g, m) != 0)
				return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- the device */

/* Profile and keys of an enrolled dinkes device; its lokmind is never contacted. */
static int s_device(const char *home)
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
	lk_strlcpy(p.device_name, "dinkes-bench", sizeof p.device_name);
	lk_strlcpy(p.role, "dinkes", sizeof p.role);
	lk_strlcpy(p.scope, S_KAB, sizeof p.scope);
	lk_strlcpy(p.kabupaten, S_KAB, sizeof p.kabupaten);
	if ((rc = profile_save(home, &p)) != 0) {
		fprintf(stderr, "lokmin-bench: cannot write %s/profile: %s\n", home, lk_strerror(rc));
		return -1;
	}
	return 0;
}

/* Remove dir and everything below it. */
static void s_remove(const char *dir)
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
			s_remove(path);
		else if (unlink(path) != 0)
			fprintf(stderr, "lokmin-bench: cannot remove %s: %s\n", path, strerror(errno));
	}
	closedir(d);
	if (rmdir(dir) != 0)
		fprintf(stderr, "lokmin-bench: cannot remove %s: %s\n", dir, strerror(errno));
}

/* ---------------------------------------------------------------- running lokmin */

/* Run lokmin --home home with the words of args; 0 with its output in *out
 * (caller frees), or -1 with what it said. *ns gets the wall time. */
static int s_lokmin(const char *bin, const char *home, const char *const *args, char **out, uint64_t *ns)
{
	const char *argv[24] = {bin, "--home", home};
	char *o = NULL, *e = NULL;
	int n = 3, rc;

	for (int i = 0; args[i] && n < 23; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	uint64_t t0 = bench_now_ns();
	rc = lkt_run(&o, &e, argv, NULL, S_RUN_TIMEOUT_MS);
	if (ns)
		*ns = bench_now_ns() - t0;
	if (rc != 0) {
		fprintf(stderr, "lokmin-bench: lokmin");
		for (int i = 3; argv[i]; i++)
			fprintf(stderr, " %s", argv[i]);
		fprintf(stderr, " exited %d:\n%s%s", rc, e ? e : "", o ? o : "");
	}
	free(e);
	if (out && rc == 0)
		*out = o;
	else
		free(o);
	return rc == 0 ? 0 : -1;
}

/* The names listed under "title" in text, up to max, into names (malloc'd). */
static size_t s_section(char *text, const char *title, char **names, size_t max)
{
	char *save = NULL;
	size_t n = 0;
	int in = 0;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(line, title)) {
			in = 1;
			continue;
		}
		if (!in)
			continue;
		if (strncmp(line, "  ", 2) != 0 || line[2] == ' ')
			break; /* the section ends at the first line that is not an entry */
		char *name = line + 2, *end = strchr(name, ' ');
		if (end)
			*end = '\0';
		if (n < max && (names[n] = strdup(name)) != NULL)
			n++;
	}
	return n;
}

/* One measured command. */
struct s_job {
	char *name;     /* report name, or "todo" */
	int todo;
	double min_ms, median_ms;
	long out_bytes; /* of its CSV, -1 when not written */
};

static int s_cmp_ns(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int s_time_job(const char *bin, const char *home, struct s_job *j, uint64_t runs)
{
	const char *report[] = {"report", j->name, "--year", "2026", "--as-of", S_AS_OF, "--out", "/dev/null", NULL};
	const char *todo[] = {"todo", "--as-of", S_AS_OF, NULL};
	uint64_t lat[16];
	char csv[1100];
	struct stat sb;

	for (uint64_t r = 0; r < runs; r++) {
		if (bench_interrupted)
			return -1;
		if (s_lokmin(bin, home, j->todo ? todo : report, NULL, &lat[r]) != 0)
			return -1;
	}
	qsort(lat, runs, sizeof lat[0], s_cmp_ns);
	j->min_ms = (double)lat[0] / 1e6;
	j->median_ms = runs % 2 ? (double)lat[runs / 2] / 1e6 : (double)(lat[runs / 2 - 1] + lat[runs / 2]) / 2e6;
	j->out_bytes = -1;
	if (j->todo)
		return 0;
	/* Untimed: the report as CSV, to show it saw the district and not an empty store. */
	snprintf(csv, sizeof csv, "%s/%s.csv", home, j->name);
	const char *as_csv[] = {"report", j->name, "--year", "2026", "--as-of", S_AS_OF, "--csv", "--out", csv, NULL};
	if (s_lokmin(bin, home, as_csv, NULL, NULL) != 0)
		return -1;
	j->out_bytes = stat(csv, &sb) == 0 ? (long)sb.st_size : -1;
	return 0;
}

/* ---------------------------------------------------------------- command */

struct s_opts {
	uint64_t puskesmas;
	uint64_t runs;
	int keep;
	const char *lokmin;
};

static void s_usage(FILE *out)
{
	fprintf(out,
	        "usage: lokmin-bench report [--puskesmas N] [--runs R] [--keep] [--lokmin PATH]\n"
	        "\n"
	        "Needs no lokmind and no PostgreSQL. Makes the home of an enrolled dinkes device of\n"
	        "kabupaten " S_KAB " (profile and keys; its server is never contacted) and fills its\n"
	        "store as a pull does, pages of %d changes through lk_store_apply_page, with the\n"
	        "year %d of N puskesmas (two per kecamatan): staff, 12 monthly lokmin each with\n"
	        "attendance, material, invitation, minutes, problems, RTL and photos; monthly\n"
	        "achievement of %d indicators in each of 10-15 desa, and targets; per kecamatan its\n"
	        "sectors and 4 quarterly lokmin with commitments. Every record passes\n"
	        "lk_record_validate. Then runs `lokmin report NAME --year %d --as-of %s\n"
	        "--out /dev/null` for every report `lokmin report --help` lists (and `lokmin todo\n"
	        "--as-of %s` when lokmin has it), R times each, and prints min and median.\n"
	        "\n"
	        "  --puskesmas N  puskesmas in the district (default 40: about 200,000 records)\n"
	        "  --runs R       runs of each command (default 3)\n"
	        "  --keep         keep the device's home and print where it is\n"
	        "  --lokmin PATH  the lokmin program to time (default the one built with this)\n"
	        "\n"
	        "Exits 0 whether or not the aim (every median under %.0f ms) is met; 1 when a record\n"
	        "fails validation, the store refuses a page or lokmin fails; 2 on bad usage.\n",
	        S_PAGE, S_YEAR, S_INDICATORS, S_YEAR, S_AS_OF, S_AS_OF, S_AIM_MS);
}

static int s_parse(int argc, char **argv, struct s_opts *o)
{
	const struct bench_opt opts[] = {
		{"puskesmas", BENCH_OPT_COUNT, &o->puskesmas, 1, S_MAX_PUSKESMAS, 0},
		{"runs", BENCH_OPT_COUNT, &o->runs, 1, 15, 0},
		{"keep", BENCH_OPT_FLAG, &o->keep, 0, 0, 1},
		{"lokmin", BENCH_OPT_TEXT, &o->lokmin, 0, 0, 0},
	};
	o->puskesmas = 40;
	o->runs = 3;
	o->keep = 0;
	o->lokmin = LOKMIN_BIN;
	return bench_parse_opts(argc, argv, "report", opts, sizeof opts / sizeof opts[0], s_usage);
}

/* Build the store; 0 or -1. */
static int s_build(struct s_gen *g, const char *home, uint64_t npusk)
{
	char err[512];
	uint64_t t0 = bench_now_ns();

	if ((g->st = lk_store_open(home, err, sizeof err)) == NULL) {
		fprintf(stderr, "lokmin-bench: %s\n", err);
		return -1;
	}
	if (s_store_meta(g, (int)npusk) != 0)
		return -1;
	for (uint64_t k = 0; k < (npusk + 1) / 2 && !g->failed; k++) {
		g->rng = 0x9e3779b97f4a7c15ull ^ (k + 1) * 7919;
		if (s_kecamatan(g, (int)k) != 0)
			return -1;
	}
	for (uint64_t p = 0; p < npusk && !g->failed; p++) {
		if (bench_interrupted) {
			fprintf(stderr, "lokmin-bench: interrupted\n");
			return -1;
		}
		g->rng = 0x2545f4914f6cdd1dull ^ (p + 1) * 104729;
		if (s_puskesmas(g, (int)p) != 0)
			return -1;
	}
	if (g->failed || s_flush(g) != 0)
		return -1;
	double secs = (double)(bench_now_ns() - t0) / 1e9;
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
	return 0;
}

/* The size of the store on disk, its write-ahead log included. */
static double s_store_mb(const char *home)
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

/* Each entity table holds exactly the records written. 0 or -1. */
static int s_count_row(const char *const *row, int ncol, void *arg)
{
	(void)ncol;
	*(uint64_t *)arg = strtoull(row[0], NULL, 10);
	return 0;
}

static int s_verify(struct s_gen *g)
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

/* Find what to time: the reports lokmin lists, and todo when it has one. */
static size_t s_jobs(const char *bin, const char *home, struct s_job *jobs, size_t max)
{
	const char *report_help[] = {"report", "--help", NULL}, *help[] = {"--help", NULL};
	char *text = NULL, *names[S_MAX_REPORTS];
	size_t n = 0, nr;

	if (s_lokmin(bin, home, report_help, &text, NULL) != 0)
		return 0;
	nr = s_section(text, "Reports:", names, S_MAX_REPORTS);
	free(text);
	for (size_t i = 0; i < nr; i++) {
		if (n < max) {
			memset(&jobs[n], 0, sizeof jobs[n]);
			jobs[n++].name = names[i];
		} else {
			free(names[i]);
		}
	}
	text = NULL;
	if (s_lokmin(bin, home, help, &text, NULL) != 0)
		return n;
	nr = s_section(text, "Commands:", names, S_MAX_REPORTS);
	free(text);
	for (size_t i = 0; i < nr; i++) {
		if (!strcmp(names[i], "todo") && n < max) {
			memset(&jobs[n], 0, sizeof jobs[n]);
			jobs[n].todo = 1;
			jobs[n++].name = names[i];
		} else {
			free(names[i]);
		}
	}
	return n;
}

int bench_report(int argc, char **argv)
{
	struct s_opts o;
	struct s_gen *g = NULL;
	struct s_job jobs[S_MAX_REPORTS + 1];
	size_t njobs = 0;
	char home[512];
	const char *tmp = getenv("TMPDIR");
	double load;
	int ok = 0, rc, made = 0;

	if ((rc = s_parse(argc, argv, &o)) != 0)
		return rc < 0 ? BENCH_OK : rc;
	snprintf(home, sizeof home, "%s/lokmin-bench-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(home) == NULL) {
		fprintf(stderr, "lokmin-bench: cannot make a folder like %s: %s\n", home, strerror(errno));
		return BENCH_FAIL;
	}
	made = 1;
	printf("lokmin-bench report: the district reports on a dinkes device holding the year %d of kabupaten " S_KAB
	       ", %" PRIu64 " puskesmas in %" PRIu64 " kecamatan\n",
	       S_YEAR, o.puskesmas, (o.puskesmas + 1) / 2);
	printf("  lokmin: %s; %ld CPUs online\n", o.lokmin, sysconf(_SC_NPROCESSORS_ONLN));
	if (getloadavg(&load, 1) == 1)
		printf("  load average %.2f at the start\n", load);
	fflush(stdout);

	if ((g = calloc(1, sizeof *g)) == NULL) {
		fprintf(stderr, "lokmin-bench: out of memory\n");
		goto out;
	}
	if (s_device(home) != 0 || s_catalogue(g) != 0 || s_build(g, home, o.puskesmas) != 0 || s_verify(g) != 0)
		goto out;
	lk_store_close(&g->st);
	printf("  store.db %.1f MB\n", s_store_mb(home));
	fflush(stdout);

	njobs = s_jobs(o.lokmin, home, jobs, LK_ARRAY_LEN(jobs));
	if (njobs == 0) {
		fprintf(stderr, "lokmin-bench: `lokmin report --help` lists no reports\n");
		goto out;
	}
	printf("\nlokmin --home HOME report NAME --year %d --as-of %s --out /dev/null (todo: --as-of %s),\n"
	       "%" PRIu64 " run%s each, wall time of the whole process:\n",
	       S_YEAR, S_AS_OF, S_AS_OF, o.runs, o.runs == 1 ? "" : "s");
	int met = 1;
	for (size_t i = 0; i < njobs; i++) {
		if (s_time_job(o.lokmin, home, &jobs[i], o.runs) != 0)
			goto out;
		printf("  %-12s min %8.1f ms  median %8.1f ms", jobs[i].name, jobs[i].min_ms, jobs[i].median_ms);
		if (jobs[i].out_bytes >= 0)
			printf("  (as CSV: %ld bytes)", jobs[i].out_bytes);
		printf("%s\n", jobs[i].median_ms < S_AIM_MS ? "" : "  over the aim");
		fflush(stdout);
		met &= jobs[i].median_ms < S_AIM_MS;
	}
	printf("aim: under %.0f ms each: %s\n", S_AIM_MS, met ? "met" : "NOT met");
	ok = 1;
out:
	if (g) {
		lk_store_close(&g->st);
		for (size_t i = 0; i < g->n; i++)
			free(g->page[i].record.data);
		free(g->cat);
		free(g->cat_text);
		free(g);
	}
	for (size_t i = 0; i < njobs; i++)
		free(jobs[i].name);
	if (made && o.keep)
		printf("device home kept: %s\n", home);
	else if (made)
		s_remove(home);
	return ok ? BENCH_OK : BENCH_FAIL;
}
