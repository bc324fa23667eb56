/* meeting_records: helpers for writing meeting records (domain/meeting_records.c). */
#ifndef LK_MEETING_RECORDS_H
#define LK_MEETING_RECORDS_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

struct dom;

/* A new record of `entity` for a meeting: a new id, the meeting's tenant keys
 * and meeting_id set. NULL on failure. Free with lk_record_free. */
ProtobufCMessage *record_for_meeting(const char *entity, const ProtobufCMessage *meeting);
/* Keep an item's closed_on in step with its new status (done, dropped, verified:
 * the day given, or the office's today; open again: cleared), adding
 * "closed_on" to fields when it changes. 0 or negative. */
int set_closed_on(const struct dom *d, ProtobufCMessage *r, const char *status, const char *date, const char **fields,
                  size_t *nf);
/* Add "DATE: [BYLINE; ]NOTE" (date NULL: the office's today) as a new line of
 * r's status_note, the running record of progress and evidence. 0 or negative. */
int append_note(const struct dom *d, ProtobufCMessage *r, const char *date, const char *byline, const char *note);

#endif
