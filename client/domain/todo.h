/* todo: the office's to-do list (material, invitations, minutes, overdue follow-up), computed from the store. */
#ifndef LK_TODO_H
#define LK_TODO_H

#include <stddef.h>

#include "dom.h"
#include "lk_date.h"
#include "resolve.h"

#define TODO_DAYS 3          /* "soon": meetings within this many days */
#define TODO_INVITE_DAYS 14  /* a meeting this close needs its invitation drafted */
#define TODO_MATERIAL_DAYS 3 /* material is due this many days before the meeting */
#define TODO_STALE_DAYS 90   /* follow-up overdue longer than this is listed apart, not among today's work */

/* One thing to do. */
struct dom_todo {
	const char *kind;          /* static: meeting_soon_material_missing, invitation_unsigned, ... */
	char office[16];           /* the puskesmas, else the kecamatan */
	char kecamatan[16];        /* the kecamatan of the item's office */
	char date[LK_DATE_STRLEN]; /* the meeting's day, or the day it fell due */
	char *what;                /* owned: the sentence for a person */
	char id[40];               /* the record to act on */
	enum dom_kind id_kind;     /* what id is, for its short handle */
	char meeting[40];          /* the meeting the item is about ("" for a sector's commitment) */
	int stale;                 /* overdue follow-up more than TODO_STALE_DAYS days past its due day */
};

/* The list, by date, then kind, office and id; free with dom_todos_free. */
struct dom_todos {
	struct dom_todo *v;
	size_t n;
};

struct dom_todo_in {
	const char *as_of; /* judge as on this day (YYYY-MM-DD) */
	int days;          /* meetings within this many days count as soon (0-366) */
};

/*
 * The to-do list of d's office: a puskesmas device its own puskesmas' work,
 * a camat's office the kecamatan-wide work (quarterly meetings, sector RTL,
 * commitments), a district device everything it holds. 0 with out filled, or
 * negative with err.
 */
int dom_todo_list(struct dom *d, const struct dom_todo_in *in, struct dom_todos *out, struct dom_err *err);
void dom_todos_free(struct dom_todos *t);

/* The kinds of item, in the order they are listed on the same day. */
#define DOM_TODO_NKINDS 7
extern const char *const dom_todo_kinds[DOM_TODO_NKINDS];

/* How many items one office has of each kind (index as dom_todo_kinds). */
struct dom_todo_count {
	char office[16];    /* the puskesmas, else the kecamatan */
	char kecamatan[16]; /* the kecamatan of that office */
	int n[DOM_TODO_NKINDS];
	int stale;          /* of the rtl_overdue ones, how many are long overdue */
};

/* The counts of a list, one per office, in office code order; free with dom_todo_counts_free. */
struct dom_todo_counts {
	struct dom_todo_count *v;
	size_t n;
	int total[DOM_TODO_NKINDS]; /* over every office */
};

/* Count t's items by office and kind (a district's summary). 0 or -LK_ENOMEM. */
int dom_todo_count(const struct dom_todos *t, struct dom_todo_counts *out);
void dom_todo_counts_free(struct dom_todo_counts *c);

#endif
