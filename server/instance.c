/* instance: this lokmind's row in lokmind_instance, kept fresh every few seconds, and its metrics over HTTP. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "instance.h"
#include "lk_log.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "metrics.h"
#include "srv.h"

struct instance {
	struct srv *srv;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop;
	char id[LK_UUID_STRLEN];
	char host[256];
	long long started;
	struct MHD_Daemon *http;
};

/* Write the row (and drop rows of instances gone for a day); 0, or -1 when the database did not take it. */
static int s_beat(struct instance *in, PGconn *pg)
{
	int64_t conns, queued;
	uint64_t requests;
	char pid[16], started[24], c[24], q[24], n[24];
	PGresult *r = PQexec(pg, "SELECT pg_is_in_recovery()");
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
	int recovery = ok && PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	metrics_database(ok, recovery);
	if (!ok)
		return -1;
	if (recovery)
		return 0; /* a standby takes no writes; the row waits for a primary */
	metrics_gauges(&conns, &queued, &requests);
	snprintf(pid, sizeof pid, "%d", (int)getpid());
	snprintf(started, sizeof started, "%lld", in->started);
	snprintf(c, sizeof c, "%lld", (long long)conns);
	snprintf(q, sizeof q, "%lld", (long long)queued);
	snprintf(n, sizeof n, "%llu", (unsigned long long)requests);
	const char *p[9] = {in->id, in->host, pid, in->srv->cfg->bind, LOKMIN_VERSION, started, c, q, n};
	r = PQexecParams(pg,
	                 "WITH gone AS (DELETE FROM lokmind_instance WHERE seen_at < now() - interval '1 day') "
	                 "INSERT INTO lokmind_instance (id, host, pid, bind, version, started_at, seen_at, connections, "
	                 "queue_depth, requests) VALUES ($1::uuid, $2, $3::int, $4, $5, to_timestamp($6::bigint), now(), "
	                 "$7::int, $8::int, $9::bigint) ON CONFLICT (id) DO UPDATE SET seen_at = now(), "
	                 "connections = EXCLUDED.connections, queue_depth = EXCLUDED.queue_depth, "
	                 "requests = EXCLUDED.requests",
	                 9, NULL, p, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		log_warnx("instance: cannot write this lokmind's row: %s", PQresultErrorMessage(r));
	PQclear(r);
	return ok ? 0 : -1;
}

static void *s_run(void *arg)
{
	struct instance *in = arg;
	PGconn *pg = NULL;
	char err[512];

	pthread_mutex_lock(&in->lock);
	while (!in->stop) {
		pthread_mutex_unlock(&in->lock);
		if (pg == NULL && (pg = db_connect(in->srv->cfg->db, err, sizeof err)) == NULL)
			metrics_database(0, 0);
		if (pg && s_beat(in, pg) != 0) {
			PQfinish(pg); /* a new connection next time: the database may be another one now */
			pg = NULL;
		}
		pthread_mutex_lock(&in->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += INSTANCE_BEAT_MS / 1000;
		while (!in->stop && pthread_cond_timedwait(&in->wake, &in->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&in->lock);
	/* Only on a connection that works now: a stop must not wait for a database that is away. */
	if (pg) {
		const char *p[1] = {in->id};
		PQclear(PQexecParams(pg, "DELETE FROM lokmind_instance WHERE id = $1::uuid", 1, NULL, p, NULL, NULL, 0));
		PQfinish(pg);
	}
	return NULL;
}

/* GET /metrics (or /): the metrics as text; anything else 404. */
static enum MHD_Result s_http(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **state)
{
	(void)cls;
	(void)version;
	(void)upload;
	(void)upload_size;
	(void)state;
	char *body = NULL;
	size_t len = 0;
	unsigned status = MHD_HTTP_OK;
	FILE *f = open_memstream(&body, &len);
	if (f == NULL)
		return MHD_NO;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		status = MHD_HTTP_METHOD_NOT_ALLOWED;
		fputs("only GET\n", f);
	} else if (strcmp(url, "/metrics") != 0 && strcmp(url, "/") != 0) {
		status = MHD_HTTP_NOT_FOUND;
		fputs("the metrics are at /metrics\n", f);
	} else {
		metrics_write(f);
	}
	fclose(f);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Listen on metrics_bind, "ADDRESS:PORT" (IPv4); NULL with a logged reason. */
static struct MHD_Daemon *s_http_start(const char *bind)
{
	char addr[64];
	const char *colon = strrchr(bind, ':');
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	int port = colon ? atoi(colon + 1) : 0;
	size_t alen = colon ? (size_t)(colon - bind) : 0;
	if (port <= 0 || port > 65535 || alen == 0 || alen >= sizeof addr) {
		log_error("metrics_bind \"%s\" is not ADDRESS:PORT", bind);
		return NULL;
	}
	memcpy(addr, bind, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
		log_error("metrics_bind \"%s\": %s is not an IPv4 address", bind, addr);
		return NULL;
	}
	sa.sin_port = htons((uint16_t)port);
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, s_http, NULL,
	                                        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	                                        MHD_OPTION_CONNECTION_LIMIT, (unsigned)16,
	                                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
	if (d == NULL)
		log_error("cannot serve the metrics on %s", bind);
	else
		log_info("metrics on http://%s/metrics", bind);
	return d;
}

struct instance *instance_start(struct srv *s)
{
	struct instance *in = calloc(1, sizeof *in);
	if (in == NULL)
		return NULL;
	in->srv = s;
	lk_uuid u;
	lk_uuid_v7(&u);
	lk_uuid_format(&u, in->id);
	if (gethostname(in->host, sizeof in->host - 1) != 0)
		lk_strlcpy(in->host, "?", sizeof in->host);
	in->started = (long long)metrics_started();
	pthread_mutex_init(&in->lock, NULL);
	pthread_cond_init(&in->wake, NULL);
	if (s->cfg->metrics_bind[0] && (in->http = s_http_start(s->cfg->metrics_bind)) == NULL)
		goto fail;
	if (pthread_create(&in->thread, NULL, s_run, in) != 0) {
		log_error("cannot start the instance thread");
		goto fail;
	}
	return in;
fail:
	if (in->http)
		MHD_stop_daemon(in->http);
	pthread_mutex_destroy(&in->lock);
	pthread_cond_destroy(&in->wake);
	free(in);
	return NULL;
}

void instance_stop(struct instance **ip)
{
	struct instance *in = *ip;
	if (in == NULL)
		return;
	pthread_mutex_lock(&in->lock);
	in->stop = 1;
	pthread_cond_signal(&in->wake);
	pthread_mutex_unlock(&in->lock);
	pthread_join(in->thread, NULL);
	if (in->http)
		MHD_stop_daemon(in->http);
	pthread_mutex_destroy(&in->lock);
	pthread_cond_destroy(&in->wake);
	free(in);
	*ip = NULL;
}
