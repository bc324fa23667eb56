/* invitation: the Surat Undangan of a meeting, drafted from the agenda and the office's addressees. */
#ifndef DOM_INVITATION_H
#define DOM_INVITATION_H

#include "dom.h"

struct dom_invitation_draft_in {
	const char *meeting_id;
	const char *number;    /* the letter's number ("" when none yet) */
	const char *place;     /* NULL: "Aula Puskesmas" */
	const char *time_text; /* NULL: "08.00 WIB s.d. selesai" */
};
struct dom_invitation_draft_out {
	char id[40]; /* the new invitation */
};

/* Draft a new invitation for the meeting, dated today, its text the letter
 * the head signs byte for byte. 0 or negative with err. */
int dom_invitation_draft(struct dom *d, const struct dom_invitation_draft_in *in, struct dom_invitation_draft_out *out,
                         struct dom_err *err);

#endif
