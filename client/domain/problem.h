/* problem: problems found at a meeting, with their gap, fishbone root causes and USG priority. */
#ifndef DOM_PROBLEM_H
#define DOM_PROBLEM_H

#include <stddef.h>

#include "dom.h"
#include "store.h"

struct dom_problem_add_in {
	const char *meeting_id;
	const char *description;
	const char *indicator, *gap, *recommendation; /* NULL: none */
	const char *const *causes; /* fishbone lines, "category: cause" (man, method, material, ...) */
	size_t ncauses;
	int usg;                   /* 1 when the three scores below are given */
	int urgency, seriousness, growth;
	int cross_sector;          /* flagged for the quarterly (cross-sector) lokmin */
};
/* Record a problem; one named by its indicator without a gap takes the gap
 * from the achievement entered up to the month before the meeting. Its id into id. */
int dom_problem_add(struct dom *d, const struct dom_problem_add_in *in, char id[40], struct dom_err *err);

struct dom_problem_row {
	ProtobufCMessage *rec;
	char handle[80];  /* "2026-12#2" */
	int score;        /* U + S + G */
	int cross_sector;
};
struct dom_problem_rows {
	struct dom_problem_row *v;
	size_t n;
};
void dom_problem_rows_free(struct dom_problem_rows *r);
/* The problems of meeting_id, or with meeting_id NULL every problem flagged for
 * the cross-sector lokmin; highest priority first, equal ones in the order entered. */
int dom_problem_list(struct dom *d, const char *meeting_id, struct dom_problem_rows *out, struct dom_err *err);

/* The months a quarterly meeting of year and quarter reviews (the quarter before it): their year and first
 * and last month. */
void dom_quarter_reviewed(int year, int quarter, int *from_year, int *from_month, int *to_month);
/* The problems the puskesmas flagged for the cross-sector lokmin in the monthly meetings of the quarter the
 * quarterly meeting_id reviews (its agenda's), highest priority first; 0 or a negative code in err. */
int dom_problem_flagged_for(struct dom *d, const char *meeting_id, struct dom_problem_rows *out,
                            struct dom_err *err);

#endif
