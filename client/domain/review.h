/* review: the district's list of submitted minutes, those waiting for its review first, with names and verdicts. */
#ifndef LK_REVIEW_H
#define LK_REVIEW_H

#include <stddef.h>

#include "dom.h"

/* The newest submitted revision of one meeting's minutes and the district's newest review of it. */
struct dom_review_item {
	char minutes_id[40], meeting_id[40];
	char puskesmas[16], kecamatan[16]; /* codes; puskesmas "" for the kecamatan's quarterly meeting */
	char puskesmas_name[160];          /* "Puskesmas Kaliwungu"; "" for a quarterly meeting or not cached */
	char kecamatan_name[160];          /* "Kaliwungu"; "" while not cached */
	char title[200];                   /* the meeting's title */
	char day[16];                      /* the meeting's day (held, else planned), YYYY-MM-DD */
	int revision;
	char submitted_at[32];             /* UTC, as stored */
	char status[24];                   /* "" not reviewed yet, acknowledged or needs_revision */
	char *feedback;                    /* owned ("" when none) */
	char reviewer[200], reviewed_at[32];
};

/* Those not reviewed yet (newest submitted first), then those reviewed (newest review first). */
struct dom_reviews {
	struct dom_review_item *v;
	size_t n;
	size_t pending;       /* the first pending items of v are not reviewed yet */
	size_t reviewed_more; /* reviewed items left out past max_reviewed */
};

/*
 * The submitted minutes d holds, each meeting's newest submitted revision
 * once (a later submitted revision replaces an earlier one): every one not
 * reviewed yet, then at most max_reviewed of those reviewed. meeting_id
 * (NULL: all) keeps that meeting's only. 0 with out filled (free with
 * dom_reviews_free), or negative with err.
 */
int dom_review_list(struct dom *d, const char *meeting_id, size_t max_reviewed, struct dom_reviews *out,
                    struct dom_err *err);
void dom_reviews_free(struct dom_reviews *r);

#endif
