/* reports: the district's reports (`lokmin report ...`), each computed from the local store. */
#ifndef LK_REPORTS_H
#define LK_REPORTS_H

#include <stdio.h>

#include "dom.h"
#include "lk_coverage.h"
#include "lk_date.h"
#include "lk_fmt.h"
#include "report.h"
#include "store.h"

struct report_args {
	int year;
	char as_of[LK_DATE_STRLEN]; /* what was due by this day */
	char as_of_text[64];        /* the same day for people ("31 Desember 2025") */
	int submit_days;            /* minutes submitted within this many days count as in time */
	enum report_format fmt;
	const char *out;            /* file, or NULL for stdout */
	const char *bundle;         /* evidence: write the documents and photos into this folder */
	FILE *page;                 /* `report all`: write into this open page (no HTML head of its own) */
	void *doc;                  /* `report all` as PDF: the front-end's document being built */
	char synced[32];            /* when this device last synced ("never"): how fresh the figures are */
	char place[400];            /* the region reported, by name ("Kabupaten Kendal; Puskesmas Kaliwungu") */
	char made[LK_FMT_LEN];      /* when the report was made, in the office's zone, for people */
	char synced_text[LK_FMT_LEN]; /* synced, for people: in the office's zone, "" when never */
	struct lk_grading grading;  /* coverage: the green and yellow thresholds */
	char puskesmas[16];         /* only this puskesmas ("" the whole scope) */
	char kecamatan[16];         /* only the puskesmas of this kecamatan ("" the whole scope) */
	/* What the front-end does for a report (front is its own state). */
	void *front;
	/* Write tables (and, for HTML, the charts draw makes) as the report; 0 or its exit status. */
	int (*emit)(const struct report_args *a, struct rtable **tables, size_t n, const char *title,
	            const char *subtitle, void (*draw)(FILE *f, void *arg), void *arg);
	/* Bring the content of attachment id onto this device; 0 when it is there now. */
	int (*fetch)(const struct report_args *a, const char *id);
	/* Write the printed document kind ("undangan", "hadir", "notulen") of meeting to path; 0 when written. */
	int (*document)(const struct report_args *a, const char *kind, const char *meeting, const char *path);
	/* Tell the person one line (a warning, or where the bundle went). */
	void (*say)(const struct report_args *a, const char *line);
};

/* A puskesmas of the scope. */
struct unit {
	char code[16], kecamatan[16], name[160];
};

struct units {
	struct unit *v;
	size_t n;
};

/* Every puskesmas of the scope (from the list lokmind sent, and from the records), by code;
 * only a's puskesmas or kecamatan when it names one (a may be NULL). */
int report_units(lk_store *st, const struct report_args *a, struct units *u);
struct unit *report_unit(struct units *u, const char *code);
/* A kecamatan as people name it, "Kecamatan Kaliwungu" (the word put before a cached name without it), into
 * out; 0, or -LK_ENOTFOUND with the code in out when its name is not cached. */
int report_kecamatan_name(lk_store *st, const char *code, char *out, size_t n);
/* Every kecamatan of the scope's puskesmas, once, in code order: code and name ("Kecamatan Kaliwungu") in
 * out (the caller frees out->v). 0 or a negative code. */
int report_kecamatans(lk_store *st, struct units *out);
/* What people read about the report, from a's year, as_of, kecamatan and puskesmas: as_of_text, place (the
 * kabupaten and the region reported, by name), made (now, in the office's zone) and synced_text (ms: the last
 * sync in ms since the epoch as stored, NULL: never). */
void report_people_text(struct dom *d, struct report_args *a, const char *ms);
/* Days from one date to another (0 when either is not a date). */
long report_days_between(const char *from, const char *to);
/*
 * The reports: each computes its tables from d's store and hands them to
 * a->emit. 0, a->emit's (or the bundle's) non-zero exit status after the
 * person was told why, or a negative code when the store could not be read.
 */
int report_compliance(struct dom *d, const struct report_args *a);
int report_followup(struct dom *d, const struct report_args *a);
int report_coverage(struct dom *d, const struct report_args *a);
int report_evidence(struct dom *d, const struct report_args *a);

#endif
