/* reports: the district's reports (`lokmin report ...`), each computed from the local store. */
#ifndef LK_REPORTS_H
#define LK_REPORTS_H

#include "client.h"
#include "lk_date.h"
#include "report.h"
#include "store.h"

struct report_args {
	int year;
	char as_of[LK_DATE_STRLEN]; /* what was due by this day */
	int submit_days;            /* minutes submitted within this many days count as in time */
	enum report_format fmt;
	const char *out;            /* file, or NULL for stdout */
	const char *bundle;         /* evidence: write the documents and photos into this folder */
	FILE *page;                 /* `report all`: write into this open page (no HTML head of its own) */
	char synced[32];            /* when this device last synced ("never"): how fresh the figures are */
};

/* A puskesmas of the scope. */
struct unit {
	char code[16], kecamatan[16], name[160];
};

struct units {
	struct unit *v;
	size_t n;
};

/* Every puskesmas of the scope (from the list lokmind sent, and from the records), by code. */
int report_units(lk_store *st, struct units *u);
struct unit *report_unit(struct units *u, const char *code);
/* Days from one date to another (0 when either is not a date). */
long report_days_between(const char *from, const char *to);
/* Write tables (and, for HTML, the charts draw makes) as the report; exit status. */
int report_emit(const struct report_args *a, struct rtable **tables, size_t n, const char *title, const char *subtitle,
                void (*draw)(FILE *f, void *arg), void *arg);

int report_compliance(struct session *s, lk_store *st, const struct report_args *a);
int report_followup(struct session *s, lk_store *st, const struct report_args *a);
int report_coverage(struct session *s, lk_store *st, const struct report_args *a);
int report_evidence(struct session *s, lk_store *st, const struct report_args *a);

#endif
