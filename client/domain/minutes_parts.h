/* minutes_parts: the parts of the Notulen's text that come from the meeting's records (agenda, problems, RTL...). */
#ifndef DOM_MINUTES_PARTS_H
#define DOM_MINUTES_PARTS_H

#include "doc_text.h"
#include "dom.h"
#include "minutes.h"

/* Field of the record id of entity (malloc'd), or NULL when absent. */
char *minutes_field_of(lk_store *st, const char *entity, const char *id, const char *field);
/* The place and the start time ("08:00") the meeting's newest invitation gives (malloc'd, NULL when none). */
char *minutes_invitation_place(struct dom *d, const ProtobufCMessage *mt);
char *minutes_invitation_start(struct dom *d, const ProtobufCMessage *mt);
/* The person of the meeting's office with role (the first by name), into id[40]; 0 or -LK_ENOTFOUND. */
int minutes_person_with_role(struct dom *d, const ProtobufCMessage *mt, const char *role, char id[40]);

/* Each adds its part to t; 0 or -LK_ENOMEM. */
int minutes_add_agenda(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t);
int minutes_add_problems(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t);
int minutes_add_decisions(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t);
int minutes_add_rtl(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t);
int minutes_add_commitments(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t);
int minutes_add_photos(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t);
int minutes_add_history(struct dom *d, const ProtobufCMessage *mt, const struct dom_minutes_meta *meta,
                        struct dom_doc_text *t);
/* The head of the office who signs (jabatan: the kop's unless empty; name, NIP), as known when compiled. */
int minutes_add_head(struct dom *d, const ProtobufCMessage *mt, const char *jabatan, struct dom_doc_text *t);

/* The cause category code of a "category: cause" line (manusia, metode, material, dana,
 * mesin_alat, lingkungan, or lain) and where the cause's text starts. */
const char *minutes_cause_category(const char *line, const char **rest);

#endif
