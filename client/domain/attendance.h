/* attendance: a meeting's invitees, who checked in (walk-ins too), and the attendance list by sector. */
#ifndef DOM_ATTENDANCE_H
#define DOM_ATTENDANCE_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

#include "dom.h"

/*
 * Invite everyone on the staff list of the meeting's office (for a quarterly
 * meeting: the kecamatan's people and each puskesmas' Kapus) not invited yet,
 * as one transaction; how many into *added. A cancelled meeting takes no
 * attendance (lk_meeting_accepts).
 */
int dom_attend_invite(struct dom *d, const char *meeting_id, int *added, struct dom_err *err);

/* Who arrived: exactly one of person_id, attendance_id and name. */
struct dom_attend_checkin_in {
	const char *meeting_id;
	const char *person_id;     /* someone on the staff list (a walk-in when not invited) */
	const char *attendance_id; /* a row of the meeting's list */
	const char *name;          /* someone not on the staff list: a walk-in, or the row of that name already */
	const char *role;          /* with name: what they are (Kades ...) */
	const char *sector_id;     /* with name: the sector a walk-in represents (NULL: none) */
};

struct dom_attend_checkin_out {
	char id[40];  /* the attendance row */
	char at[24];  /* checked_in_at */
	int walk_in;  /* the row is a walk-in's (not invited) */
};

/* Record that someone arrived at a meeting that is not cancelled. */
int dom_attend_checkin(struct dom *d, const struct dom_attend_checkin_in *in, struct dom_attend_checkin_out *out,
                       struct dom_err *err);

/* One row of the attendance list; rec is the record itself, for renderers that write it whole. */
struct dom_attendance {
	char id[40];
	char person_id[40];
	char name[160];
	char role[260];
	char sector[128]; /* the sector's name, "-" for none */
	char checked_in_at[24];
	int invited, present, walk_in;
	ProtobufCMessage *rec;
};

/* One instansi's people: name is a sector's, or "-" for the office's own people. */
struct dom_attend_sector {
	char name[128];
	int invited, present, came; /* came: the invited who are present; present - came walked in */
};

struct dom_attend_list {
	struct dom_attendance *rows;
	size_t n;
	int invited, present, walk_ins;
	struct dom_attend_sector sectors[64]; /* each instansi's counts, in order of its first row */
	size_t nsectors;
};

/* The attendance list of meeting_id, in id order. Free with dom_attend_list_free. */
int dom_attend_list(struct dom *d, const char *meeting_id, struct dom_attend_list *out, struct dom_err *err);
void dom_attend_list_free(struct dom_attend_list *l);

#endif
