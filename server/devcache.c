/* devcache: the in-memory device table that the ZAP handler and the workers consult. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "srv.h"

/* Open addressing keyed by the CURVE public key; slots with used == 0 are free.
 * Removal uses backward-shift deletion, so no tombstones are needed. */
struct slot {
	int used;
	struct lk_device d;
};

struct devcache {
	pthread_mutex_t lock;
	struct slot *slots;
	size_t cap; /* power of two */
	size_t count;
};

static size_t s_hash(const uint8_t *pk)
{
	uint64_t h;
	memcpy(&h, pk, sizeof h); /* keys are uniformly random */
	return (size_t)h;
}

struct devcache *devcache_new(void)
{
	struct devcache *self = calloc(1, sizeof *self);
	if (self == NULL)
		return NULL;
	self->cap = 64;
	self->slots = calloc(self->cap, sizeof *self->slots);
	if (self->slots == NULL) {
		free(self);
		return NULL;
	}
	pthread_mutex_init(&self->lock, NULL);
	return self;
}

void devcache_destroy(struct devcache **pself)
{
	struct devcache *self = *pself;
	if (self == NULL)
		return;
	pthread_mutex_destroy(&self->lock);
	free(self->slots);
	free(self);
	*pself = NULL;
}

static struct slot *s_find(struct devcache *self, const uint8_t *pk)
{
	size_t mask = self->cap - 1;
	for (size_t i = s_hash(pk) & mask;; i = (i + 1) & mask) {
		if (!self->slots[i].used)
			return NULL;
		if (memcmp(self->slots[i].d.pk, pk, LK_CURVE_KEYLEN) == 0)
			return &self->slots[i];
	}
}

static void s_insert(struct slot *slots, size_t cap, const struct lk_device *d)
{
	size_t mask = cap - 1;
	for (size_t i = s_hash(d->pk) & mask;; i = (i + 1) & mask) {
		if (!slots[i].used || memcmp(slots[i].d.pk, d->pk, LK_CURVE_KEYLEN) == 0) {
			slots[i].used = 1;
			slots[i].d = *d;
			return;
		}
	}
}

static int s_grow(struct devcache *self, size_t need)
{
	size_t cap = self->cap;
	while (need * 2 > cap)
		cap *= 2;
	if (cap == self->cap)
		return 0;
	struct slot *ns = calloc(cap, sizeof *ns);
	if (ns == NULL)
		return -LK_ENOMEM;
	for (size_t i = 0; i < self->cap; i++)
		if (self->slots[i].used)
			s_insert(ns, cap, &self->slots[i].d);
	free(self->slots);
	self->slots = ns;
	self->cap = cap;
	return 0;
}

int devcache_lookup(struct devcache *self, const uint8_t pk[LK_CURVE_KEYLEN], struct lk_device *out)
{
	pthread_mutex_lock(&self->lock);
	struct slot *s = s_find(self, pk);
	if (s)
		*out = s->d;
	pthread_mutex_unlock(&self->lock);
	return s ? 0 : -LK_ENOTFOUND;
}

int devcache_put(struct devcache *self, const struct lk_device *d)
{
	int rc = 0;
	pthread_mutex_lock(&self->lock);
	struct slot *s = s_find(self, d->pk);
	if (s) {
		uint64_t seen = s->d.seen_written_ms;
		s->d = *d;
		s->d.seen_written_ms = seen;
	} else if ((rc = s_grow(self, self->count + 1)) == 0) {
		s_insert(self->slots, self->cap, d);
		self->count++;
	}
	pthread_mutex_unlock(&self->lock);
	return rc;
}

void devcache_remove(struct devcache *self, const uint8_t pk[LK_CURVE_KEYLEN])
{
	pthread_mutex_lock(&self->lock);
	struct slot *s = s_find(self, pk);
	if (s) {
		size_t mask = self->cap - 1, i = (size_t)(s - self->slots), j = i;
		s->used = 0;
		self->count--;
		/* Shift back any later entry whose probe chain crossed the hole. */
		for (;;) {
			j = (j + 1) & mask;
			if (!self->slots[j].used)
				break;
			size_t home = s_hash(self->slots[j].d.pk) & mask;
			int between = (i <= j) ? (i < home && home <= j) : (i < home || home <= j);
			if (between)
				continue;
			self->slots[i] = self->slots[j];
			self->slots[j].used = 0;
			i = j;
		}
	}
	pthread_mutex_unlock(&self->lock);
}

int devcache_replace(struct devcache *self, const struct lk_device *devs, size_t n)
{
	size_t cap = 64;
	while (n * 2 > cap)
		cap *= 2;
	struct slot *ns = calloc(cap, sizeof *ns);
	if (ns == NULL)
		return -LK_ENOMEM;
	for (size_t i = 0; i < n; i++)
		s_insert(ns, cap, &devs[i]);
	pthread_mutex_lock(&self->lock);
	/* Keep the last-seen bookkeeping of devices that stay. */
	for (size_t i = 0; i < cap; i++) {
		if (!ns[i].used)
			continue;
		struct slot *old = s_find(self, ns[i].d.pk);
		if (old)
			ns[i].d.seen_written_ms = old->d.seen_written_ms;
	}
	free(self->slots);
	self->slots = ns;
	self->cap = cap;
	self->count = n;
	pthread_mutex_unlock(&self->lock);
	return 0;
}

size_t devcache_count(struct devcache *self)
{
	pthread_mutex_lock(&self->lock);
	size_t n = self->count;
	pthread_mutex_unlock(&self->lock);
	return n;
}

int devcache_seen_due(struct devcache *self, const uint8_t pk[LK_CURVE_KEYLEN], uint64_t now_ms)
{
	pthread_mutex_lock(&self->lock);
	struct slot *s = s_find(self, pk);
	int due = s && now_ms - s->d.seen_written_ms >= 60000;
	pthread_mutex_unlock(&self->lock);
	return due;
}

int devcache_touch(struct devcache *self, const uint8_t pk[LK_CURVE_KEYLEN], uint64_t now_ms)
{
	int due = 0;
	pthread_mutex_lock(&self->lock);
	struct slot *s = s_find(self, pk);
	if (s && now_ms - s->d.seen_written_ms >= 60000) {
		s->d.seen_written_ms = now_ms;
		due = 1;
	}
	pthread_mutex_unlock(&self->lock);
	return due;
}
