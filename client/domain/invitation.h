/* invitation: the Surat Undangan of a meeting, drafted from the agenda and the office's addressees. */
#ifndef DOM_INVITATION_H
#define DOM_INVITATION_H

#include <stddef.h>

#include "dom.h"

#define DOM_INVITATION_LIST_MAX 64 /* recipients or tembusan given */

struct dom_invitation_draft_in {
	const char *meeting_id;
	const char *number;    /* the letter's number ("" when none yet) */
	const char *place;     /* NULL: the meeting's place, else "Aula <unit>" */
	const char *time_text; /* NULL: "08.00 WIB s.d. selesai" in the office's zone */
	const char *sifat;     /* NULL: "Biasa" */
	const char *lampiran;  /* NULL: "-", or "1 (satu) lembar" when the recipients go to a Lampiran page */
	const char *hal;       /* NULL: "Undangan Lokakarya Mini Bulanan" / "... Triwulanan" */
	const char *const *to; /* recipients (Yth.); NULL or none: the defaults */
	size_t nto;
	const char *const *tembusan; /* copies; NULL or none: the defaults */
	size_t ntembusan;
};
struct dom_invitation_draft_out {
	char id[40]; /* the new invitation */
};

/* More recipients than this go to a Lampiran page ("Yth. Bapak/Ibu/Saudara (daftar terlampir)"). */
#define DOM_INVITATION_YTH_INLINE 6

/*
 * Draft a new invitation for the meeting, dated the office's today, its text
 * the letter the head signs byte for byte: a doc_text "undangan" (see
 * docs/documents.md for its keys) holding the kop lines, nomor, sifat,
 * lampiran, hal, the place-date line, the recipients (yth), the opening, the
 * day, time, place and agenda (acara), the closing and the tembusan.
 * Defaults: a monthly meeting goes to the puskesmas staff (programme holders),
 * a quarterly one to the puskesmas of the kecamatan and every sector.
 * 0 or negative with err.
 */
int dom_invitation_draft(struct dom *d, const struct dom_invitation_draft_in *in, struct dom_invitation_draft_out *out,
                         struct dom_err *err);

#endif
