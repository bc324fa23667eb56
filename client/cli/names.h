/* names: the cli's door to the resolver, so every command reads handles ("2026-12", a name) the same way. */
#ifndef LK_CLI_NAMES_H
#define LK_CLI_NAMES_H

#include <stddef.h>

#include "client.h"
#include "resolve.h"

/* The office of the session's profile, as the resolver needs it. */
void cli_office(const struct session *s, struct dom_office *o);

/* The domain's context for the session: its store (opened on first use; NULL
 * when it cannot be), office, profile folder and device. */
void cli_dom(struct session *s, struct dom *d);

/*
 * Resolve text as kind into id (at least 40 bytes). 0 when it named one
 * record; otherwise the reason and the candidates are printed to stderr and
 * the usage exit status (2) is returned, or 1 when the store cannot be read.
 */
int cli_resolve(const struct session *s, lk_store *st, enum dom_kind kind, const char *text, char *id, size_t size);

/* The short handle of the record id of kind into out ("-" when it has none); returns out. */
const char *cli_handle(const struct session *s, lk_store *st, enum dom_kind kind, const char *id, char *out,
                       size_t size);

#endif
