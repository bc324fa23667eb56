/* conflicts: settling a conflict the server found, by keeping one version or an edited text. */
#ifndef LK_CONFLICTS_H
#define LK_CONFLICTS_H

#include "dom.h"

struct dom_conflict_resolve_in {
	const char *id;    /* the conflict record */
	const char *keep;  /* "server" or "other"; NULL when value is given */
	const char *value; /* an edited text, or NULL */
};

/* What was settled: the record's entity and field, and how ("kept the server's version"). */
struct dom_conflict_resolve_out {
	char entity[32];
	char field[64];
	char resolution[200];
};

/*
 * Put the chosen value into the record and mark the conflict settled, in one
 * transaction (both sync as changes): a conflict is never settled without its
 * value, nor the value left unsettled. 0 with out filled, or negative with err.
 */
int dom_conflict_resolve(struct dom *d, const struct dom_conflict_resolve_in *in, struct dom_conflict_resolve_out *out,
                         struct dom_err *err);

#endif
