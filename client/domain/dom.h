/* dom: what every domain operation shares: the device's office, the store, and the error it fills. */
#ifndef DOM_H
#define DOM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct lk_entity;
struct lk_store;

/*
 * The office a device works for, as its profile says (struct profile's role,
 * kabupaten, kecamatan and puskesmas): role "puskesmas", "kecamatan" or
 * "dinkes", and its tenant codes ("" when the role has none). Names prefer
 * records of this office, and rules such as "sectors are the camat's
 * office's" read it.
 */
struct dom_office {
	char role[16];
	char kabupaten[16];
	char kecamatan[16];
	char puskesmas[16];
};

#define DOM_CAND_MAX 8

/*
 * Why an operation did not happen, for a person: every domain function that
 * can fail fills one (when given, else NULL is fine) and returns its code.
 */
struct dom_err {
	int code;                     /* -LK_ENOTFOUND, -LK_EINVAL, -LK_EPERM, -LK_ECONFLICT, other -LK_E* */
	char msg[600];                /* for a person: what was asked, why not, what to do instead */
	char cand[DOM_CAND_MAX][180]; /* choices, when the input named several records ("handle  name") */
	int ncand;
};

/*
 * One device's view for the domain: its store, its office, and what signing
 * needs. Front-ends fill it from the engine (struct lk_engine) and pass it to
 * every operation; the domain never opens files of its own beyond `home`'s
 * key files.
 */
struct dom {
	struct lk_store *st;
	struct dom_office office;
	const char *home;      /* the profile folder: signing keys live there */
	const char *device_id; /* this device, as enrolled */
	int64_t now;           /* seconds since the epoch to take as "now" (tests, demos); 0: the wall clock */
};

/* Set err (when not NULL) to code and the formatted message; returns code. */
int dom_fail(struct dom_err *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same with a va_list. */
int dom_vfail(struct dom_err *err, int code, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
/*
 * A reason the server sent (a refused write's message in `lokmin failed`, a
 * sync summary) in the user's language, for display only: stored and --json
 * values keep the wire text. Reasons that quote values stay as received.
 */
const char *dom_reason_text(const char *wire);
/* err's message, or the code's text when it has none; never NULL. */
const char *dom_msg(const struct dom_err *err, int code);

/*
 * Lists of records. A row type whose first member is the record
 * (ProtobufCMessage *rec) shares these: dom_row_add makes room for one more
 * row of size bytes in *v (n rows, capacity *cap, doubled as needed), zeroes
 * it and copies m into its first member; dom_rows_release frees the n rows'
 * records and the array. NULL / nothing on failure to allocate.
 */
void *dom_row_add(void **v, size_t n, size_t *cap, size_t size, const struct lk_entity *e, const void *m);
void dom_rows_release(void *v, size_t n, size_t size);

#endif
