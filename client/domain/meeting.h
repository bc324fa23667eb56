/* meeting: a year's schedule of lokmin, each meeting's status and history, and the items recorded at it. */
#ifndef DOM_MEETING_H
#define DOM_MEETING_H

#include <stddef.h>
#include <stdio.h>

#include "dom.h"
#include "lk_date.h"

/*
 * Lists come back as arrays the caller frees with free() (they own no
 * pointers). A refusal fills err with the sentence the command prints.
 */

/* One meeting as the schedule shows it. */
struct dom_meeting {
	char id[40];
	char kabupaten[16], kecamatan[16], puskesmas[16];
	char kind[16];     /* monthly, quarterly */
	int year, period;  /* period: the month (monthly) or quarter (quarterly) */
	char planned[16];  /* planned_date, YYYY-MM-DD */
	char held[16];     /* held_date, "" until held */
	char status[16];   /* planned, postponed, cancelled, held */
	char state[16];    /* as the schedule shows it: held, postponed, cancelled, missed or upcoming */
	char title[200];
	char reason[200];  /* status_reason */
	int team_building; /* the first meeting of the year */
};

/* ---------------------------------------------------------------- schedule */

struct dom_meeting_plan_in {
	const char *kind;      /* monthly, quarterly; NULL: a camat's office plans quarterly, a puskesmas monthly */
	int year;              /* 2000-2100 */
	int day;               /* the day of the month, 1-31 */
	int month_in_quarter;  /* quarterly: 1-3 */
	const struct lk_date *holidays;
	size_t nholidays;
};

/* Is in a plan the domain can make? 0, or -LK_EINVAL with the ranges in err. */
int dom_meeting_plan_check(const struct dom *d, const struct dom_meeting_plan_in *in, struct dom_err *err);

/*
 * Plan the year's meetings of the office (12 monthly or 4 quarterly), each on
 * in->day moved off weekends and holidays, the first one the team-building
 * lokmin, as one transaction. Refused (-LK_EEXIST) when meetings of that kind
 * and year are already on the device. *out (n rows, in period order) is the
 * caller's to free.
 */
int dom_meeting_plan(struct dom *d, const struct dom_meeting_plan_in *in, struct dom_meeting **out, size_t *n,
                     struct dom_err *err);

/* Every meeting of year (0: every year) on the device, by kind then planned
 * date, with its state as of today (YYYY-MM-DD; NULL: the real today). */
int dom_meeting_list(struct dom *d, int year, const char *today, struct dom_meeting **out, size_t *n,
                     struct dom_err *err);
/* The same, but on a camat's office's device only its own meetings, not those
 * of the puskesmas it holds for the agenda (the schedule it plans and runs). */
int dom_meeting_list_own(struct dom *d, int year, const char *today, struct dom_meeting **out, size_t *n,
                         struct dom_err *err);

/* The meeting at hand on today (YYYY-MM-DD; NULL: the real today): the latest of the office's own meetings
 * (a camat's office: its quarterly ones, not its puskesmas') that is not cancelled on or before today (its held date, else its planned one), else the next one.
 * 0, or -LK_ENOTFOUND when the device has no meeting. */
int dom_meeting_current(struct dom *d, const char *today, struct dom_meeting *out, struct dom_err *err);

/* The meeting id. 0 or -LK_ENOTFOUND. */
int dom_meeting_get(struct dom *d, const char *id, struct dom_meeting *out, struct dom_err *err);

/* ---------------------------------------------------------------- status */

struct dom_meeting_change_in {
	const char *meeting_id;
	const char *to;     /* postponed, cancelled, held */
	const char *date;   /* postponed: the new date (within the meeting's year); held: the day (NULL or "": today) */
	const char *reason; /* postponed and cancelled need one */
};

/*
 * Move a meeting's status as the SOP allows (lk_meeting_transition, the rule
 * the server applies) and record the step in its history, both in one
 * transaction. *after (may be NULL) is the meeting as it now is. -LK_EINVAL
 * with the reason when refused.
 */
int dom_meeting_change(struct dom *d, const struct dom_meeting_change_in *in, struct dom_meeting *after,
                       struct dom_err *err);

/* One step of a meeting's history (meeting_event). */
struct dom_meeting_event {
	char id[40];
	char at[24];
	char action[16];
	char from[16], to[16];
	char reason[200];
};

/* The history of meeting_id, in the order it was recorded. */
int dom_meeting_history(struct dom *d, const char *meeting_id, struct dom_meeting_event **out, size_t *n,
                        struct dom_err *err);

/* Write the agenda of meeting_id (agenda_write) to f. */
int dom_meeting_agenda(struct dom *d, const char *meeting_id, FILE *f, struct dom_err *err);

/* ---------------------------------------------------------------- items */

struct dom_meeting_item_add_in {
	const char *meeting_id;
	const char *kind;   /* information, decision, audit, feedback */
	const char *text;
	const char *source; /* NULL: none */
};

/* Record an information, decision, audit or feedback item at a meeting; its id into id. */
int dom_meeting_item_add(struct dom *d, const struct dom_meeting_item_add_in *in, char id[40], struct dom_err *err);

struct dom_meeting_item {
	char id[40];
	char kind[16];
	char source[120];
	char text[2000];
};

/* The items recorded at meeting_id. */
int dom_meeting_items(struct dom *d, const char *meeting_id, struct dom_meeting_item **out, size_t *n,
                      struct dom_err *err);

#endif
