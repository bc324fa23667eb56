/* sync: one synchronisation of the device's store with lokmind, reported through events, never printed. */
#ifndef LK_SYNC_H
#define LK_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "attach.h"
#include "engine.h"
#include "store.h"

/* Push requests on the wire at once, at most. */
#define LK_SYNC_INFLIGHT_MAX 64

struct lk_sync_opts {
	size_t batch;    /* ops per push request (at most 2000) */
	int inflight;    /* push requests in flight (at most LK_SYNC_INFLIGHT_MAX) */
	uint32_t page;   /* records per pull page */
	int retries;     /* attempts after the first */
	int64_t timeout; /* per request, once the server has answered once (before: the engine's) */
};

/* The defaults of `lokmin sync`. */
void lk_sync_opts_default(struct lk_sync_opts *o);

struct lk_sync_stats {
	int64_t pushed, applied, duplicate, conflict, rejected;
	int64_t pulled;
	int64_t unheld; /* held-back records applied by a retry */
	int64_t bytes_out, bytes_in;
	struct attach_stats att;
	int answered; /* the server has answered at least once */
	uint64_t t0;  /* lk_mono_us() at the start */
	struct lk_store_status after; /* the store once the sync is over */
};

enum lk_sync_event_kind {
	LK_SYNC_PROGRESS,   /* after each push reply and pull page; final once at the end */
	LK_SYNC_RETRY,      /* an attempt failed on the link; the next one comes after delay_ms */
	LK_SYNC_FILE_SKIPPED, /* an attachment's content the server refused; the sync goes on */
	LK_SYNC_ORG_STALE,  /* the names of the offices could not be refreshed */
	LK_SYNC_CATALOGUE_STALE, /* the indicator catalogue could not be refreshed */
	LK_SYNC_UPLOAD,     /* a chunk of an attachment's content reached the server */
};

struct lk_sync_event {
	enum lk_sync_event_kind kind;
	const struct lk_sync_stats *n;
	int final;                 /* PROGRESS: the last one */
	const char *error;         /* RETRY, FILE_SKIPPED, *_STALE: why */
	int delay_ms, attempt, retries; /* RETRY */
	const struct lk_attach_skip *skip; /* FILE_SKIPPED */
	const struct lk_attach_upload *upload; /* UPLOAD */
};

typedef void (*lk_sync_event_fn)(const struct lk_sync_event *ev, void *arg);

/* Upload pending attachment content, push the outbox and pull changes,
 * retrying link failures with backoff; then refresh the office names and the
 * catalogue and record the time (or the error) in the store. 0, or negative
 * with lk_engine_error() set; n->after is filled either way. */
int lk_sync_run(struct lk_engine *e, const struct lk_sync_opts *opts, lk_sync_event_fn fn, void *arg,
                struct lk_sync_stats *n);

#endif
