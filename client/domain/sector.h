/* sector: the sectors (instansi) of a kecamatan and their representatives, kept by the camat's office. */
#ifndef DOM_SECTOR_H
#define DOM_SECTOR_H

#include <stddef.h>

#include "dom.h"
#include "store.h"

/*
 * Sectors and commitments are the camat's office's (and the district's): 0
 * when the device of d keeps `what` ("sectors", "commitments"), else -LK_EPERM
 * with the reason (the decision is lk_role_keeps, the server's rule).
 */
int dom_camat_office_keeps(const struct dom *d, const char *what, struct dom_err *err);

struct dom_sector_add_in {
	const char *code, *name;
	const char *kind, *contact; /* NULL: not given (an existing sector keeps its own) */
	const char *kecamatan;      /* needed on a district device; NULL: the device's own */
};
/* Add a sector, or change the name (and the kind or contact given) of the one
 * with that code: its id, derived from the kecamatan and the code, into id. */
int dom_sector_add(struct dom *d, const struct dom_sector_add_in *in, char id[40], struct dom_err *err);

struct dom_sector_rep_in {
	const char *sector_id, *name;
	const char *title, *phone; /* NULL: "" */
};
/* Add a representative (a person with role sector_rep) of a sector: its id into id. */
int dom_sector_rep(struct dom *d, const struct dom_sector_rep_in *in, char id[40], struct dom_err *err);

/* One sector or one representative as lists show it. */
struct dom_sector_row {
	ProtobufCMessage *rec; /* the sector (or person) record */
	char handle[80];       /* the name other commands accept: the sector's code */
	int reps;              /* sectors: the number of representatives */
};
struct dom_sector_rows {
	struct dom_sector_row *v;
	size_t n;
};
void dom_sector_rows_free(struct dom_sector_rows *r);

/* Every sector on the device, by code, with its number of representatives. */
int dom_sector_list(struct dom *d, struct dom_sector_rows *out, struct dom_err *err);
/* The sector id (*sector, the caller frees with lk_record_free) and its representatives. */
int dom_sector_show(struct dom *d, const char *id, ProtobufCMessage **sector, struct dom_sector_rows *reps,
                    struct dom_err *err);

#endif
