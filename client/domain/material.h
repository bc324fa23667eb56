/* material: programme holders' material for a meeting, and who handed it in on time, late or not at all. */
#ifndef DOM_MATERIAL_H
#define DOM_MATERIAL_H

#include <stddef.h>

#include "dom.h"

/* Material is due this many days before the meeting's planned date. */
#define DOM_MATERIAL_DAYS_BEFORE 3

struct dom_material_submit_in {
	const char *meeting_id;
	const char *programme; /* KIA, GIZI, klaster2 ... */
	const char *person_id; /* who hands it in; NULL or "": not said */
	const char *note;      /* NULL: none */
};

/* Record material handed in now for a meeting that still takes it (not
 * cancelled: lk_meeting_accepts); its id into id. */
int dom_material_submit(struct dom *d, const struct dom_material_submit_in *in, char id[40], struct dom_err *err);

/* One programme a holder of the meeting's office is expected to bring. */
struct dom_material_row {
	char programme[48];
	char holder[120];    /* the person's name */
	char holder_id[40];
	char material_id[40]; /* the material that counts for it, "" when missing */
	char submitted[16];  /* the office's day it was handed in, "" when missing */
	char state[16];      /* on time, late, missing */
};

struct dom_material_status {
	char deadline[16]; /* YYYY-MM-DD */
	int days_before;
	int on_time, late, missing;
	struct dom_material_row *rows;
	size_t n;
};

/*
 * Who is on time, late or missing for meeting_id: every programme a person of
 * the meeting's office holds is a material expected; the holder's own
 * material for it counts first, else anyone's. Free with dom_material_status_free.
 */
int dom_material_status(struct dom *d, const char *meeting_id, struct dom_material_status *out,
                        struct dom_err *err);
void dom_material_status_free(struct dom_material_status *s);

#endif
