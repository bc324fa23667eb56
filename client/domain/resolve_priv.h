/* resolve_priv: what resolve.c (ids, meetings, items, documents), resolve_names.c and resolve_match.c share. */
#ifndef DOM_RESOLVE_PRIV_H
#define DOM_RESOLVE_PRIV_H

#include "resolve.h"

struct rs_ctx {
	lk_store *st;
	const struct dom_office *o;
};

/* Matches collected for one text: how many, and the first DOM_CAND_MAX of them. */
struct rs_pick {
	int n;
	struct dom_ref ref[DOM_CAND_MAX];
	char label[DOM_CAND_MAX][96];
};

/* The word messages use for kind ("meeting", "action item"), or its plural. */
const char *rs_noun(enum dom_kind kind, int plural);
/* resolve_match.c: collecting matches and failing. */
void rs_add(struct rs_pick *p, const char *entity, const char *id, const char *handle, const char *label);
/* One match: out filled, 0. None: -LK_ENOTFOUND. Several: -LK_EINVAL with the candidates. */
int rs_finish(const struct rs_pick *p, enum dom_kind kind, const char *text, struct dom_ref *out,
              struct dom_err *err);
/* Set err (code and message); returns code. */
int rs_fail(struct dom_err *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A store read failed with rc: err says so; returns rc. */
int rs_store_fail(lk_store *st, struct dom_err *err, int rc);
/* dom_resolve without the search for the shortest handle: out->handle is the kind's plain one. */
int rs_resolve(const struct rs_ctx *c, enum dom_kind kind, const char *text, struct dom_ref *out,
               struct dom_err *err);
/* 1 when text is exactly 8 hex digits. */
int rs_is_suffix(const char *text);
/* Records of entity, not deleted, whose id ends in the 8 hex digits of text, into p. 0 or negative. */
int rs_suffix(const struct rs_ctx *c, const char *entity, const char *text, struct rs_pick *p);
/* The last 8 hex digits of id, into out[16]. */
void rs_suffix_of(const char *id, char out[16]);
/* 1 when the record id of kind resolves back from handle. */
int rs_roundtrip(const struct rs_ctx *c, enum dom_kind kind, const char *handle, const char *id);

/* resolve_names.c: each returns 0 (out filled) or negative with err set. */
int rs_person(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err);
int rs_sector(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err);
int rs_puskesmas(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err);
int rs_kecamatan(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err);
int rs_indicator(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err);
int rs_desa(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err);
/* The shortest handle of a person or sector record id; 0 or negative. */
int rs_person_handle(const struct rs_ctx *c, const char *id, char *out, size_t size);
int rs_sector_handle(const struct rs_ctx *c, const char *id, char *out, size_t size);

#endif
