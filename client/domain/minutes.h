/* minutes: the Notulen of a meeting: compiled from the records, revised after sealing, submitted, reviewed. */
#ifndef DOM_MINUTES_H
#define DOM_MINUTES_H

#include <stdio.h>

#include "dom.h"
#include "signer.h"
#include "store.h"

/* The facts of the meeting a Notulen states, besides what the records hold. */
struct dom_minutes_meta {
	int revision;
	const char *note;            /* what changed (revision > 1) */
	const char *effective;       /* YYYY-MM-DD the revision holds from */
	const char *chair_id;        /* person who chaired the meeting ("" none) */
	const char *notulis_id;      /* person who took the minutes ("" none) */
	const char *start, *end;     /* HH:MM office time; end "" = until done ("selesai") */
};

/* The Notulen's canonical text (doc_text "notulen", see docs/documents.md;
 * malloc'd, NULL when out of memory) of meeting mt (minutes_text.c). */
char *dom_minutes_text(struct dom *d, const ProtobufCMessage *mt, const struct dom_minutes_meta *meta);

struct dom_minutes_compile_in {
	const char *meeting_id;
	const char *reason;    /* what changed: needed once the current revision is sealed */
	const char *effective; /* YYYY-MM-DD a new revision holds from; NULL: today */
	const char *chair_id;  /* person ids; NULL: the previous revision's, else the office head */
	const char *notulis_id; /* NULL: the previous revision's, else a notulis, else the K.TU */
	const char *start, *end; /* HH:MM or HH.MM; NULL: the previous revision's, else the invitation's time / "" */
	const char *const *decisions; /* recorded as decision items of the meeting first */
	size_t ndecisions;
};
struct dom_minutes_compile_out {
	char id[40];
	int revision;
};
/* Compile the minutes again: a draft is rewritten, a sealed revision is
 * followed by a new one (which needs reason). 0 or negative with err. */
int dom_minutes_compile(struct dom *d, const struct dom_minutes_compile_in *in, struct dom_minutes_compile_out *out,
                        struct dom_err *err);

/* Mark signed minutes submitted to the district (at: the time written);
 * refused (-LK_EPERM) while unsigned or when the signature does not verify. */
int dom_minutes_submit(struct dom *d, const char *minutes_id, char at[24], struct dom_err *err);

/* 0 on a district device, which reviews minutes; else -LK_EPERM with err. */
int dom_minutes_may_review(const struct dom *d, struct dom_err *err);
struct dom_minutes_review_in {
	const char *minutes_id;
	const char *status; /* acknowledged or needs_revision */
	const char *feedback;
	const char *reviewer;
};
/* The district's review of submitted minutes; id: the review written. */
int dom_minutes_review(struct dom *d, const struct dom_minutes_review_in *in, char id[40], struct dom_err *err);

/* One revision of a meeting's minutes, for a list. */
struct dom_minutes_rev {
	const char *id;
	int revision;
	enum signer_state state;
	int has_signature; /* a signature is present (verified or not) */
	const char *submitted_at, *effective_date, *change_note;
};
/* One district review of a meeting's minutes. */
struct dom_minutes_review_row {
	const char *minutes_id, *status, *feedback, *reviewer, *reviewed_at;
};
/* Every revision of the meeting's minutes (store order), then every review.
 * Either callback may be NULL; a negative return stops. 0 or negative. */
int dom_minutes_history(struct dom *d, const char *meeting_id,
                        int (*rev_fn)(const struct dom_minutes_rev *r, void *arg),
                        int (*review_fn)(const struct dom_minutes_review_row *r, void *arg), void *arg,
                        struct dom_err *err);

#endif
