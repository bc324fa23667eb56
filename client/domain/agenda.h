/* agenda: the agenda of a meeting, built from the records: open RTL, problems, information, items due. */
#ifndef LK_AGENDA_H
#define LK_AGENDA_H

#include <stdio.h>

#include "store.h"

/* Write the numbered agenda (in Bahasa Indonesia) of meeting to out: every RTL
 * item of the office still open, the previous meeting's problems, the
 * information and audit items recorded, and what the calendar asks for in
 * that month. 0 or negative. */
int agenda_write(lk_store *st, const ProtobufCMessage *meeting, FILE *out);

#endif
