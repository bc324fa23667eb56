/* followup_cli: what the follow-up commands (problem, rtl, sector, commitment) share: names typed, rows printed. */
#ifndef LK_CLI_FOLLOWUP_H
#define LK_CLI_FOLLOWUP_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

#include "client.h"
#include "lk_entity.h"
#include "resolve.h"

/*
 * text as kind into id (40 bytes): a full id is taken as typed, so that the
 * domain says "no ... on this device" (exit 1) as it always did; any other
 * text goes through the resolver (a period, "2026-12#2", a name, a code).
 * 0, or the exit status after saying why.
 */
int followup_name(struct session *s, lk_store *st, enum dom_kind kind, const char *text, char id[40]);

/* Print rec as its JSON line on stdout with "handle" added as the last field; 0 or negative. */
int followup_json(const struct lk_entity *e, const ProtobufCMessage *rec, const char *handle);

#endif
