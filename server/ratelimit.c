/* ratelimit: token buckets per source address and overall, for requests anyone may send (Enroll). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "srv.h"

#define SLOTS 4096 /* sources remembered; the least recently seen gives way */
#define PROBE 8

struct bucket {
	char source[64];
	double tokens;
	uint64_t last_ms;
};

struct ratelimit {
	pthread_mutex_t lock;
	double rate, burst, grate, gburst;
	struct bucket global;
	struct bucket slots[SLOTS];
};

struct ratelimit *ratelimit_new(double rate, double burst, double global_rate, double global_burst)
{
	struct ratelimit *rl = calloc(1, sizeof *rl);
	if (rl == NULL)
		return NULL;
	pthread_mutex_init(&rl->lock, NULL);
	rl->rate = rate;
	rl->burst = burst;
	rl->grate = global_rate;
	rl->gburst = global_burst;
	rl->global.tokens = global_burst;
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

static void s_refill(struct bucket *b, double rate, double burst, uint64_t now_ms)
{
	if (now_ms > b->last_ms) {
		b->tokens += (double)(now_ms - b->last_ms) * rate / 1000.0;
		if (b->tokens > burst)
			b->tokens = burst;
	}
	b->last_ms = now_ms;
}

static struct bucket *s_find(struct ratelimit *rl, const char *source, uint64_t now_ms)
{
	uint32_t h = 2166136261u; /* FNV-1a: spreads addresses over the slots */
	for (const char *c = source; *c; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	struct bucket *oldest = NULL;
	for (int i = 0; i < PROBE; i++) {
		struct bucket *b = &rl->slots[(h + (uint32_t)i) % SLOTS];
		if (b->source[0] && strcmp(b->source, source) == 0)
			return b;
		if (oldest == NULL || b->last_ms < oldest->last_ms)
			oldest = b;
	}
	memset(oldest, 0, sizeof *oldest);
	strncpy(oldest->source, source, sizeof oldest->source - 1);
	oldest->tokens = rl->burst;
	oldest->last_ms = now_ms;
	return oldest;
}

int ratelimit_take(struct ratelimit *rl, const char *source, uint64_t now_ms)
{
	int rc = 0;
	if (rl == NULL)
		return 0;
	pthread_mutex_lock(&rl->lock);
	struct bucket *b = s_find(rl, source && *source ? source : "-", now_ms);
	s_refill(b, rl->rate, rl->burst, now_ms);
	s_refill(&rl->global, rl->grate, rl->gburst, now_ms);
	/* A refused attempt costs nothing: the source is slowed, not locked out. */
	if (b->tokens < 1 || rl->global.tokens < 1) {
		rc = -LK_ERATELIMIT;
	} else {
		b->tokens -= 1;
		rl->global.tokens -= 1;
	}
	pthread_mutex_unlock(&rl->lock);
	return rc;
}
