/* metrics: lokmind's counters and gauges, kept with atomics by every thread, written as Prometheus text. */
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "metrics.h"

/* The request types lk_request_type names; anything else counts as "other". */
static const char *const s_types[] = {"ping",     "enroll",   "whoami",   "org_show",  "token_issue", "push",
                                      "pull",     "blob_put", "blob_get", "catalogue", "invalid",     "none",
                                      "other"};
#define NTYPES (sizeof s_types / sizeof s_types[0])

static _Atomic uint64_t s_requests[NTYPES], s_failures[NTYPES], s_us[NTYPES];
static _Atomic int64_t s_connections, s_queued, s_in_flight;
static _Atomic int s_db_up, s_db_recovery;
static _Atomic int64_t s_started;

static size_t s_type(const char *type)
{
	for (size_t i = 0; i + 1 < NTYPES; i++)
		if (strcmp(type, s_types[i]) == 0)
			return i;
	return NTYPES - 1;
}

void metrics_request(const char *type, int ok, uint64_t us)
{
	size_t i = s_type(type ? type : "other");
	atomic_fetch_add_explicit(&s_requests[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s_us[i], us, memory_order_relaxed);
	if (!ok)
		atomic_fetch_add_explicit(&s_failures[i], 1, memory_order_relaxed);
}

void metrics_broker(int64_t connections, int64_t queued, int64_t in_flight)
{
	atomic_store_explicit(&s_connections, connections, memory_order_relaxed);
	atomic_store_explicit(&s_queued, queued, memory_order_relaxed);
	atomic_store_explicit(&s_in_flight, in_flight, memory_order_relaxed);
}

void metrics_database(int up, int in_recovery)
{
	atomic_store(&s_db_up, up);
	atomic_store(&s_db_recovery, in_recovery);
}

int64_t metrics_started(void)
{
	int64_t now = (int64_t)time(NULL);
	atomic_store(&s_started, now);
	return now;
}

void metrics_gauges(int64_t *connections, int64_t *queued, uint64_t *requests)
{
	uint64_t n = 0;
	for (size_t i = 0; i < NTYPES; i++)
		n += atomic_load_explicit(&s_requests[i], memory_order_relaxed);
	*connections = atomic_load(&s_connections);
	*queued = atomic_load(&s_queued);
	*requests = n;
}

void metrics_write(FILE *f)
{
	fprintf(f, "# HELP lokmind_build_info The running lokmind.\n# TYPE lokmind_build_info gauge\n"
	           "lokmind_build_info{version=\"%s\"} 1\n",
	        LOKMIN_VERSION);
	const struct {
		const char *name, *help;
		long long v;
	} gauges[] = {
		{"lokmind_start_time_seconds", "When this lokmind started, in seconds since the epoch.",
		 (long long)atomic_load(&s_started)},
		{"lokmind_connections", "Client connections open.", (long long)atomic_load(&s_connections)},
		{"lokmind_queue_depth", "Requests waiting for a free worker.", (long long)atomic_load(&s_queued)},
		{"lokmind_requests_in_flight", "Requests handed to the workers and not answered yet.",
		 (long long)atomic_load(&s_in_flight)},
		{"lokmind_database_up", "Whether the database answered the last check (every 5 s).", atomic_load(&s_db_up)},
		{"lokmind_database_in_recovery", "Whether the database reached is a standby.", atomic_load(&s_db_recovery)},
	};
	for (size_t k = 0; k < sizeof gauges / sizeof gauges[0]; k++)
		fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n", gauges[k].name, gauges[k].help, gauges[k].name,
		        gauges[k].name, gauges[k].v);
	static const struct {
		const char *name, *help;
		_Atomic uint64_t *v;
		int seconds;
	} series[] = {
		{"lokmind_requests_total", "Requests answered, by type.", s_requests, 0},
		{"lokmind_request_failures_total", "Requests answered with an error, by type.", s_failures, 0},
		{"lokmind_request_seconds_total", "Time spent answering requests, by type.", s_us, 1},
	};
	for (size_t k = 0; k < sizeof series / sizeof series[0]; k++) {
		fprintf(f, "# HELP %s %s\n# TYPE %s counter\n", series[k].name, series[k].help, series[k].name);
		for (size_t i = 0; i < NTYPES; i++) {
			uint64_t v = atomic_load_explicit(&series[k].v[i], memory_order_relaxed);
			if (series[k].seconds)
				fprintf(f, "%s{type=\"%s\"} %.6f\n", series[k].name, s_types[i], (double)v / 1e6);
			else
				fprintf(f, "%s{type=\"%s\"} %llu\n", series[k].name, s_types[i], (unsigned long long)v);
		}
	}
}
