/* evidence: a puskesmas' year month by month (what became of each lokmin, which documents and photos
 * the device holds), the months that were due, and the files of its accreditation evidence. */
#ifndef DOM_EVIDENCE_H
#define DOM_EVIDENCE_H

#include <stddef.h>

#include "store.h"

/* What became of a month's lokmin, judged on a day. */
enum ev_state {
	EV_NOT_DUE,        /* planned later, or the month has not begun */
	EV_HELD,           /* held */
	EV_HELD_POSTPONED, /* held after being postponed */
	EV_POSTPONED,      /* postponed to a day still ahead */
	EV_MISSED,         /* planned, the day passed, not held */
	EV_CANCELLED,      /* cancelled: not due */
	EV_NO_PLAN,        /* the month began and no lokmin was planned for it */
};

struct ev_month {
	int period;                 /* 1-12 */
	enum ev_state state;
	int due;                    /* counts among the meetings that were due */
	char id[40];                /* the meeting ("" when none) */
	char planned[16], held[16]; /* YYYY-MM-DD or "" */
	int invitation, attendance, minutes, photos; /* records on the device: invitations, people present,
	                                               * minutes, photos */
};

/* The word for a state (an English msgid). */
const char *ev_state_word(enum ev_state s);

/*
 * The due rule, the one the grids and the accreditation summary share: what became of a period's lokmin as
 * judged on as_of (YYYY-MM-DD). A meeting (its status, planned and held days, whether it was ever postponed)
 * is cancelled, held, missed once its planned day has passed, else postponed or not yet due; a period with no
 * meeting (status NULL) is without a plan once it has begun (start, its first day, on or before as_of).
 */
enum ev_state ev_judge(const char *status, const char *planned, const char *held, int postponed, const char *start,
                       const char *as_of);
/* 1 when a period in state s counts among the meetings that were due. */
int ev_due(enum ev_state s);
/* The order in which a period's meetings are listed, the first judged (SQL over meeting m). */
#define EV_MEETING_ORDER "m.period, m.planned_date, m.id"

/* The 12 months of pusk's monthly lokmin in year as judged on as_of (YYYY-MM-DD) into out.
 * The number of months that were due, or a negative code when the store could not be read. */
int ev_months(lk_store *st, const char *pusk, int year, const char *as_of, struct ev_month out[12]);

/* A file of the evidence: a photo or other attachment of a held meeting, or the proof of an RTL item done. */
struct ev_file {
	char id[40];         /* the attachment record */
	char hash[72];       /* its content's hash: the blob's name */
	char filename[200];  /* as uploaded */
	char caption[200];
	char mime[64];
	int period;          /* the meeting's month */
	char rtl[200];       /* the RTL item's activity ("" for a meeting's own file) */
};

/* Every evidence file of pusk's year (meetings held, RTL items done or verified), by month; *out is the
 * caller's to free. 0 or a negative code. */
int ev_files(lk_store *st, const char *pusk, int year, struct ev_file **out, size_t *n);

#endif
