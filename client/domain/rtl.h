/* rtl: follow-up actions (RTL) agreed at a meeting: owner, date, progress with evidence, the head's verification. */
#ifndef DOM_RTL_H
#define DOM_RTL_H

#include <stddef.h>
#include <stdint.h>

#include "dom.h"
#include "meeting.h"
#include "store.h"

/* Every field is optional (NULL) but the meeting; the entity says which are required. */
struct dom_rtl_add_in {
	const char *meeting_id;
	const char *activity, *objective, *target_group, *place, *due, *resources, *indicator;
	const char *owner_person_id, *owner_sector_id;
	const char *owner_puskesmas; /* only at the kecamatan's quarterly meeting */
};
int dom_rtl_add(struct dom *d, const struct dom_rtl_add_in *in, char id[40], struct dom_err *err);

/* What the Notulen's RTL table shows, changed after the item was added: each
 * non-NULL field is written (activity, objective, target group, place, due
 * date, resources, success indicator). Refused once the item is verified. */
struct dom_rtl_set_in {
	const char *rtl_id;
	const char *activity, *objective, *target_group, *place, *due, *resources, *indicator;
};
int dom_rtl_set(struct dom *d, const struct dom_rtl_set_in *in, struct dom_err *err);

struct dom_rtl_update_in {
	const char *rtl_id;
	const char *status; /* open, in_progress, done, dropped; NULL: unchanged (verified: see dom_rtl_verify) */
	const char *note;   /* evidence, appended to the running record; NULL: none */
	const char *date;   /* the day it happened; NULL: today */
};
/* Whether person_id may report progress on rtl_id (dom_rtl_update, evidence): the item's person in
 * charge or the K.TU. 0, or -LK_EPERM (-LK_ENOTFOUND) with the reason in err. */
int dom_rtl_may_update(struct dom *d, const char *rtl_id, const char *person_id, struct dom_err *err);

/* Progress on an item: a new status, a note of evidence, or both. */
int dom_rtl_update(struct dom *d, const struct dom_rtl_update_in *in, struct dom_err *err);

/*
 * The head's verification of a done item, in two steps around opening the key
 * (the front-end asks for the passphrase): dom_rtl_may_verify says whether
 * person_id may verify rtl_id now (only a done item: lk_rtl_transition; only
 * the head of the item's office, lk_head_role, or a deputy with a delegation
 * in force), and with key_id given whether that key is of the right capacity.
 * dom_rtl_verify checks it all again, signs the statement with sk (the opened
 * key key_id) and writes the item verified, once the signature holds by the
 * store's keys and delegations as the server will judge it (lk_signer_verify).
 */
struct dom_rtl_verify_in {
	const char *rtl_id;
	const char *person_id; /* NULL: "say who verifies" */
	const char *note;      /* NULL: none */
	const char *date;      /* the day for the note; NULL: today */
	const char *key_id;    /* NULL in the first step */
	const uint8_t *sk;     /* dom_rtl_verify only: the opened secret key (64 bytes) */
};
struct dom_rtl_verifier {
	char name[200]; /* the verifier's name, for messages */
	int deputy;     /* signs as a deputy (a delegation is in force) */
};
int dom_rtl_may_verify(struct dom *d, const struct dom_rtl_verify_in *in, struct dom_rtl_verifier *out,
                       struct dom_err *err);
int dom_rtl_verify(struct dom *d, const struct dom_rtl_verify_in *in, struct dom_err *err);

/* The columns of a meeting's follow-up board. */
enum dom_rtl_col { DOM_RTL_OVERDUE, DOM_RTL_OPEN, DOM_RTL_DONE, DOM_RTL_VERIFIED, DOM_RTL_NCOLS };

struct dom_rtl_row {
	ProtobufCMessage *rec;
	char handle[80];  /* "2026-12#2"; "" on a board (dom_rtl_board) */
	int open;         /* open or in progress */
	int overdue;      /* open and past its date */
	long age;         /* days overdue */
	int col;          /* its column on a board (enum dom_rtl_col), -1 when on none (dropped) */
};
struct dom_rtl_rows {
	struct dom_rtl_row *v;
	size_t n;
	int aged[3]; /* overdue 1-30 days, 31-90, over 90 */
};
void dom_rtl_rows_free(struct dom_rtl_rows *r);
/* Every item by id, only the open ones (open_only) or only the overdue ones
 * (overdue_only) as of as_of (YYYY-MM-DD; NULL: today). */
int dom_rtl_list(struct dom *d, int open_only, int overdue_only, const char *as_of, struct dom_rtl_rows *out,
                 struct dom_err *err);

/*
 * The follow-up board of meeting mt as of today, by id: the meeting's own items, and every item still open
 * that the meeting's office holds (for a puskesmas' meeting its own and its kecamatan's items without a
 * puskesmas, for the camat's office's meeting the whole kecamatan's), wherever this device is; items other
 * meetings closed stay on their own boards, and dropped items are on none. Each row has its column. 0 or
 * negative with err.
 */
int dom_rtl_board(struct dom *d, const struct dom_meeting *mt, struct dom_rtl_rows *out, struct dom_err *err);

/* A follow-up's status word (open, in_progress, done, verified, dropped) as people read it, in the
 * message language; an unknown word as it is. */
const char *dom_rtl_status_text(const char *status);

#endif
