/* lk_hlc: hybrid logical clock timestamps that order changes across devices. */
#include "lk_hlc.h"

static lk_hlc_ts s_advance(lk_hlc_ts last, lk_hlc_ts floor_ts)
{
	lk_hlc_ts m = last > floor_ts ? last : floor_ts;
	/* Counter overflow moves into the next millisecond: order is what matters. */
	return m + 1;
}

lk_hlc_ts lk_hlc_tick(lk_hlc *c, uint64_t wall_ms)
{
	lk_hlc_ts wall = lk_hlc_make(wall_ms, 0), t;
	pthread_mutex_lock(&c->lock);
	t = wall > c->last ? wall : s_advance(c->last, 0);
	c->last = t;
	pthread_mutex_unlock(&c->lock);
	return t;
}

int lk_hlc_acceptable(lk_hlc_ts t, uint64_t wall_ms)
{
	return lk_hlc_physical(t) <= wall_ms + LK_HLC_MAX_AHEAD_MS;
}

lk_hlc_ts lk_hlc_recv(lk_hlc *c, lk_hlc_ts remote, uint64_t wall_ms)
{
	if (!lk_hlc_acceptable(remote, wall_ms))
		remote = 0; /* never adopt a clock from the future: it would stick */
	lk_hlc_ts wall = lk_hlc_make(wall_ms, 0), t;
	pthread_mutex_lock(&c->lock);
	if (wall > c->last && wall > remote)
		t = wall;
	else
		t = s_advance(c->last, remote);
	c->last = t;
	pthread_mutex_unlock(&c->lock);
	return t;
}
