/*
 * web_sync: the web app's background sync: a thread of its own with its own
 * engine handle (and so its own SQLite connection) on the same profile, which
 * syncs every every_ms (--sync-every) while lokmind answers, backs off (2 s doubling to
 * SYNC_BACKOFF_MAX_MS) while it does not, and syncs within a moment when a
 * page asks (web_sync_soon) after a change.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lk_log.h"
#include "lk_util.h"
#include "sync.h"
#include "web_priv.h"

#define SYNC_BACKOFF_MIN_MS 2000        /* the first wait after a failed attempt */
#define SYNC_BACKOFF_MAX_MS (60 * 1000) /* the longest */
#define SYNC_SOON_MS 1000               /* a change is sent this soon after a page asks */

struct web_sync {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop, soon;
	int64_t every_ms;
	struct web_sync_state state;
	struct lk_engine eng; /* the thread's own */
};

static void s_deadline(struct timespec *ts, int64_t ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += (time_t)(ms / 1000);
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* The sync's events: an upload's progress goes to the pages' bar. */
static void s_event(const struct lk_sync_event *ev, void *arg)
{
	struct web_sync *y = arg;
	if (ev->kind != LK_SYNC_UPLOAD)
		return;
	pthread_mutex_lock(&y->lock);
	lk_strlcpy(y->state.upload, ev->upload->filename, sizeof y->state.upload);
	y->state.upload_done = ev->upload->done;
	y->state.upload_total = ev->upload->total;
	pthread_mutex_unlock(&y->lock);
}

static void *s_run(void *arg)
{
	struct web_sync *y = arg;
	int64_t wait_ms = 0, backoff = SYNC_BACKOFF_MIN_MS;
	struct lk_sync_opts o;
	lk_sync_opts_default(&o);
	o.retries = 0; /* this loop waits and tries again itself */
	o.timeout = y->eng.timeout_ms;

	for (;;) {
		pthread_mutex_lock(&y->lock);
		if (wait_ms > 0 && !y->stop && !y->soon) {
			struct timespec ts;
			s_deadline(&ts, wait_ms);
			while (!y->stop && !y->soon && pthread_cond_timedwait(&y->wake, &y->lock, &ts) != ETIMEDOUT)
				;
		}
		if (y->stop) {
			pthread_mutex_unlock(&y->lock);
			break;
		}
		int soon = y->soon;
		y->soon = 0;
		y->state.running = 1;
		pthread_mutex_unlock(&y->lock);
		if (soon) {
			/* Let a burst of changes gather (and the page that asked be sent) first. */
			struct timespec pause = {0, SYNC_SOON_MS * 1000000L};
			nanosleep(&pause, NULL);
		}

		struct lk_sync_stats n;
		memset(&n, 0, sizeof n);
		int rc = lk_sync_run(&y->eng, &o, s_event, y, &n);
		pthread_mutex_lock(&y->lock);
		y->state.running = 0;
		y->state.upload[0] = '\0';
		y->state.upload_done = y->state.upload_total = 0;
		y->state.last_try_ms = (int64_t)lk_now_ms();
		y->state.online = rc == 0;
		if (rc == 0) {
			y->state.error[0] = '\0';
			wait_ms = y->every_ms;
			backoff = SYNC_BACKOFF_MIN_MS;
		} else {
			lk_strlcpy(y->state.error, lk_engine_error(&y->eng), sizeof y->state.error);
			wait_ms = backoff;
			backoff = backoff * 2 > SYNC_BACKOFF_MAX_MS ? SYNC_BACKOFF_MAX_MS : backoff * 2;
		}
		pthread_mutex_unlock(&y->lock);
		if (rc == 0)
			log_info("ui: synced: %lld pushed, %lld pulled, %lld rejected", (long long)n.pushed, (long long)n.pulled,
			         (long long)n.rejected);
		else
			log_info("ui: sync failed, next try in %lld s: %s", (long long)(wait_ms / 1000),
			         lk_engine_error(&y->eng));
	}
	return NULL;
}

struct web_sync *web_sync_start(const char *home, int64_t timeout_ms, int64_t every_ms)
{
	struct web_sync *y = calloc(1, sizeof *y);
	if (y == NULL)
		return NULL;
	y->every_ms = every_ms;
	lk_strlcpy(y->eng.home, home, sizeof y->eng.home);
	y->eng.timeout_ms = timeout_ms;
	if (lk_engine_open(&y->eng) != 0 || lk_engine_store(&y->eng) == NULL) {
		log_error("ui: background sync: %s", lk_engine_error(&y->eng));
		lk_engine_close(&y->eng);
		free(y);
		return NULL;
	}
	pthread_mutex_init(&y->lock, NULL);
	pthread_cond_init(&y->wake, NULL);
	if (pthread_create(&y->thread, NULL, s_run, y) != 0) {
		log_error("ui: cannot start the background sync");
		pthread_cond_destroy(&y->wake);
		pthread_mutex_destroy(&y->lock);
		lk_engine_close(&y->eng);
		free(y);
		return NULL;
	}
	return y;
}

void web_sync_soon(struct web_sync *y)
{
	if (y == NULL)
		return;
	pthread_mutex_lock(&y->lock);
	y->soon = 1;
	pthread_cond_signal(&y->wake);
	pthread_mutex_unlock(&y->lock);
}

void web_sync_get(struct web_sync *y, struct web_sync_state *out)
{
	memset(out, 0, sizeof *out);
	if (y == NULL)
		return;
	pthread_mutex_lock(&y->lock);
	*out = y->state;
	pthread_mutex_unlock(&y->lock);
}

void web_sync_stop(struct web_sync *y)
{
	if (y == NULL)
		return;
	pthread_mutex_lock(&y->lock);
	y->stop = 1;
	pthread_cond_signal(&y->wake);
	pthread_mutex_unlock(&y->lock);
	pthread_join(y->thread, NULL);
	pthread_cond_destroy(&y->wake);
	pthread_mutex_destroy(&y->lock);
	lk_engine_close(&y->eng);
	free(y);
}
