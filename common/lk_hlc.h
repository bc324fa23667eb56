/* lk_hlc: hybrid logical clock timestamps that order changes across devices. */
#ifndef LK_HLC_H
#define LK_HLC_H

#include <pthread.h>
#include <stdint.h>

/* An HLC timestamp: physical milliseconds in the upper 48 bits, a logical
 * counter in the lower 16. Compares as a plain integer. */
typedef uint64_t lk_hlc_ts;

typedef struct {
	pthread_mutex_t lock;
	lk_hlc_ts last;
} lk_hlc;

#define LK_HLC_INIT {PTHREAD_MUTEX_INITIALIZER, 0}

static inline uint64_t lk_hlc_physical(lk_hlc_ts t) { return t >> 16; }
static inline uint16_t lk_hlc_logical(lk_hlc_ts t) { return (uint16_t)(t & 0xffff); }
static inline lk_hlc_ts lk_hlc_make(uint64_t ms, uint16_t logical)
{
	return (ms << 16) | logical;
}

/*
 * How far ahead of the receiver's own wall clock a timestamp may be: 5 minutes.
 * The server refuses ops beyond it and clients never adopt a remote clock
 * beyond it (docs/protocol.md, "Timestamps"). Wider than ordinary clock skew,
 * far narrower than what one hostile timestamp would need to win every merge
 * or to push a clock out of range of the database.
 */
#define LK_HLC_MAX_AHEAD_MS (5 * 60 * 1000)

/* 1 when t is at most LK_HLC_MAX_AHEAD_MS ahead of wall_ms. */
int lk_hlc_acceptable(lk_hlc_ts t, uint64_t wall_ms);

/* Timestamp for a local event, given the wall clock in ms (pass lk_now_ms()). */
lk_hlc_ts lk_hlc_tick(lk_hlc *c, uint64_t wall_ms);
/* Merge a timestamp received from a peer; returns the new local timestamp.
 * A remote timestamp that is not lk_hlc_acceptable is ignored (a tick). */
lk_hlc_ts lk_hlc_recv(lk_hlc *c, lk_hlc_ts remote, uint64_t wall_ms);

#endif
