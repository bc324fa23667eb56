/* bench_gen: deterministic years of lokmin records for a district's offices, written into a device's store as a pull would. */
#ifndef LK_BENCH_GEN_H
#define LK_BENCH_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"
#include "lk_entity.h"
#include "lk_hlc.h"
#include "lk_sign.h"
#include "lk_uuid.h"
#include "store.h"

#define BENCH_GEN_KAB "3324"
#define BENCH_GEN_PAGE 1000          /* changes per lk_store_apply_page, one transaction each */
#define BENCH_GEN_MAX_PUSKESMAS 198  /* two per kecamatan, kecamatan codes up to 99 */
#define BENCH_GEN_STAFF 20           /* people of a puskesmas */
#define BENCH_GEN_INDICATORS 30      /* indicators each puskesmas reports */

/* ---------------------------------------------------------------- what a bench calls */

struct bench_gen;

/* Read the built-in catalogue, open home's store and put the catalogue and
 * the list of npusk puskesmas (P3324KK01NN: two per kecamatan) in it, as a
 * sync would. NULL with a message. */
struct bench_gen *bench_gen_open(const char *home, int npusk);
/* Kecamatan ki (0-based, code 3324 ki+1): its sectors and their people, then
 * the four quarterly lokmin with commitments of each year from year0 on. */
int bench_gen_kecamatan(struct bench_gen *g, int ki, int year0, int nyears);
/* Puskesmas pi (0-based; kecamatan pi/2): its staff (kapus, ktu, 12 pj_program,
 * a notulis, staff), then for each year from year0 on 12 monthly lokmin with
 * their papers, and achievement of every indicator in each desa for every month. */
int bench_gen_puskesmas(struct bench_gen *g, int pi, int year0, int nyears);
/* Write the last page, refuse a store with invalid records, print what was
 * built since t0_ns (bench_now_ns) with the count of each entity, and check
 * each table holds exactly what was written. 0 or -1 with a message. */
int bench_gen_finish(struct bench_gen *g, uint64_t t0_ns);
/* Records written so far. */
uint64_t bench_gen_total(const struct bench_gen *g);
/* Close the store and free g (NULL is fine). */
void bench_gen_close(struct bench_gen *g);
/* A whole district into home's store: every kecamatan and each of npusk puskesmas for nyears from year0,
 * finished and checked (bench_gen_finish). 0 or -1 with a message. */
int bench_gen_district(const char *home, int npusk, int year0, int nyears);

/* Profile and keys of an enrolled device of role (dinkes, puskesmas...) whose
 * scope is the office scope (kabupaten code, or a puskesmas code under
 * kecamatan kec); its lokmind is never contacted. 0 or -1 with a message. */
int bench_gen_device(const char *home, const char *name, const char *role, const char *scope, const char *kec,
                     const char *pusk);
/* Remove dir and everything below it. */
void bench_gen_remove(const char *dir);
/* The size of home's store on disk in MB, its write-ahead log included. */
double bench_gen_store_mb(const char *home);

/* ---------------------------------------------------------------- inside the generator */

/* An indicator the puskesmas report, from the catalogue lokmind ships. */
struct bg_ind {
	char code[32], programme[32];
	int percent, point;
	double target;
};

struct bench_gen {
	lk_store *st;
	uint64_t rng;
	int year;   /* the year being written */
	Lokmin__Change page[BENCH_GEN_PAGE];
	Lokmin__Change *ptrs[BENCH_GEN_PAGE];
	size_t n;
	uint64_t seq;
	uint64_t count[LK_MAX_ENTITIES];
	uint64_t total, invalid, pages;
	uint64_t apply_ns;
	int failed;
	struct bg_ind ind[BENCH_GEN_INDICATORS];
	size_t nind;
	Lokmin__Indicator *cat;  /* the whole catalogue, for the store */
	size_t ncat;
	char *cat_text;
	/* The signers' keys, made on first use: reports verify every signature. */
	struct bg_signer {
		char person[LK_UUID_STRLEN], key[LK_UUID_STRLEN];
		uint8_t sk[LK_SIGN_SKLEN];
	} signers[BENCH_GEN_MAX_PUSKESMAS + 100];
	size_t nsigners;
};

uint64_t bg_rand(uint64_t *x);
/* A whole number in [lo, hi]. */
int bg_between(uint64_t *x, int lo, int hi);
/* 1 with probability pct percent. */
int bg_chance(uint64_t *x, int pct);
/* Short-lived formatted text: a ring of buffers, each valid until 32 more have been formatted. */
const char *bg_f(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Days since the epoch of a date of g->year. */
int64_t bg_days(const struct bench_gen *g, int m, int d);
const char *bg_date(int64_t days);
const char *bg_time(int64_t days, int hour, int minute);
const char *bg_hex(uint64_t *x, int digits);
/* A new record of entity with a fresh id, the tenant keys and the header of a synced record. */
ProtobufCMessage *bg_new(struct bench_gen *g, const char *entity, const char *kec, const char *pusk);
/* Set fields from NULL-terminated name, value pairs. */
void bg_set(struct bench_gen *g, ProtobufCMessage *m, ...);
/* Check m as lokmind would and queue it as a pulled change; frees m. */
int bg_emit(struct bench_gen *g, ProtobufCMessage *m);
/* bg_emit, and m's id (derived when it has a natural key) into id. */
int bg_emit_id(struct bench_gen *g, ProtobufCMessage *m, char id[LK_UUID_STRLEN]);

#endif
