/* metrics: lokmind's counters and gauges, kept with atomics by every thread, written as Prometheus text. */
#ifndef LK_METRICS_H
#define LK_METRICS_H

#include <stdint.h>
#include <stdio.h>

/* One request of type (lk_request_type) answered, ok or not, in us microseconds. */
void metrics_request(const char *type, int ok, uint64_t us);
/* The broker's gauges: client connections open, requests waiting for a worker, requests at the workers. */
void metrics_broker(int64_t connections, int64_t queued, int64_t in_flight);
/* The database as the status thread last saw it: reachable, and in recovery (a standby). */
void metrics_database(int up, int in_recovery);
/* Now as the daemon's start; returns it (seconds since the epoch). */
int64_t metrics_started(void);
/* The current gauges, for the instance's row (lokmind status). */
void metrics_gauges(int64_t *connections, int64_t *queued, uint64_t *requests);
/* Every metric in the Prometheus text format (version 0.0.4). */
void metrics_write(FILE *f);

#endif
