/* commitment: what each sector commits to at the quarterly lokmin, and its follow-up. */
#ifndef DOM_COMMITMENT_H
#define DOM_COMMITMENT_H

#include <stddef.h>

#include "dom.h"
#include "store.h"

struct dom_commitment_add_in {
	const char *meeting_id, *sector_id, *support;
	const char *problem_id;  /* the flagged problem it answers; NULL: kecamatan-wide */
	const char *from, *to;   /* NULL: from the meeting's day to the end of the third month after it */
	const char *contact;     /* NULL: "" */
};
/* Record a sector's support agreed at a quarterly meeting (only there:
 * lk_commitment_meeting, the server's rule): its id into id. */
int dom_commitment_add(struct dom *d, const struct dom_commitment_add_in *in, char id[40], struct dom_err *err);

/* 0 when status is one a commitment takes (open, in_progress, done, dropped); -LK_EINVAL otherwise. */
int dom_commitment_status_valid(const char *status, struct dom_err *err);

struct dom_commitment_update_in {
	const char *commitment_id;
	const char *status; /* NULL: unchanged */
	const char *note;   /* NULL: none; appended, dated today, to the running record */
	const char *date;   /* the day it was closed; NULL: today */
};
int dom_commitment_update(struct dom *d, const struct dom_commitment_update_in *in, struct dom_err *err);

struct dom_commitment_row {
	ProtobufCMessage *rec;
	char handle[80];       /* "2026-Q1#2" */
	char sector_name[200]; /* the sector's name, or its id when this device does not hold it */
};
struct dom_commitment_rows {
	struct dom_commitment_row *v;
	size_t n;
};
void dom_commitment_rows_free(struct dom_commitment_rows *r);
/* The commitments of meeting_id (NULL: all), only the open or in-progress ones when open_only, by id. */
int dom_commitment_list(struct dom *d, const char *meeting_id, int open_only, struct dom_commitment_rows *out,
                        struct dom_err *err);

#endif
