/* names: the cli's door to the resolver, so every command reads handles ("2026-12", a name) the same way. */
#ifndef LK_CLI_NAMES_H
#define LK_CLI_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "cli_fmt.h"
#include "client.h"
#include "lk_entity.h"
#include "lk_lang.h"
#include "resolve.h"

/* The office of the session's profile, as the resolver needs it. */
void cli_office(const struct session *s, struct dom_office *o);

/* The domain's context for the session: its store (opened on first use; NULL
 * when it cannot be), office, profile folder and device. */
void cli_dom(struct session *s, struct dom *d);
/* "Now" from LOKMIN_NOW ("2026-11-30T16:30:00Z", for tests and demos) in
 * seconds since the epoch, else 0 (the wall clock); cli_dom sets d->now from it. */
int64_t cli_now(void);
/* A stored machine word (a state, a status, a kind: "held", "in_progress",
 * "monthly") as a person reads it in the message language; other text as it is.
 * Stored values and --json keep the word itself. Static or w. */
const char *cli_word(const char *w);

/*
 * Resolve text as kind into id (at least 40 bytes). 0 when it named one
 * record; otherwise the reason and the candidates are printed to stderr and
 * the usage exit status (2) is returned, or 1 when the store cannot be read.
 */
int cli_resolve(const struct session *s, lk_store *st, enum dom_kind kind, const char *text, char *id, size_t size);

/* The short handle of the record id of kind into out ("-" when it has none); returns out. */
const char *cli_handle(const struct session *s, lk_store *st, enum dom_kind kind, const char *id, char *out,
                       size_t size);

/*
 * text as kind into id (40 bytes): a full id is taken as typed, so that the
 * domain says "no ... on this device" (exit 1) as it always did; any other
 * text goes through the resolver (a period, "2026-12#2", a name, a code).
 * 0, or the exit status after saying why.
 */
int cli_name(struct session *s, lk_store *st, enum dom_kind kind, const char *text, char id[40]);

/* When --as (or LOKMIN_AS) names someone, resolve the name to a person of this
 * device's office and make every change of this run carry that person. 0, or
 * the exit status after saying why. */
int cli_actor(struct session *s);

/* Print rec as its JSON line on stdout with "handle" added as the last field
 * (readers of the record's own fields find them where they were); 0 or negative. */
int cli_json_handle(const struct lk_entity *e, const ProtobufCMessage *rec, const char *handle);
/* The same with n key/value pairs kv[2i], kv[2i+1] added last; a pair whose value is NULL is left out. */
int cli_json_extra(const struct lk_entity *e, const ProtobufCMessage *rec, const char *const *kv, int n);

#endif
