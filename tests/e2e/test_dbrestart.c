/* test_dbrestart: PostgreSQL restarts under syncing clients cost no client more than one retried request. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conn.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lkt.h"
#include "lkt_cluster.h"
#include "lkt_dev.h"

#define NCLIENTS 4
#define MAXOPS 20000

/* A throwaway cluster of this test's own: the shared one must never restart under other tests. */
static struct lkt_cluster s_pg;
static struct lkt_server s_srv;
/* lkt_tick's clock is one for the whole file. */
static pthread_mutex_t s_tick_lock = PTHREAD_MUTEX_INITIALIZER;
/* While set, clients send nothing: lokmind's connections sit idle through the restart, as at night. */
static atomic_int s_pause;

static void s_setup(void)
{
	/* lkt builds the server's database in the cluster LOKMIN_TEST_PG names: this process's own. */
	cr_assert_eq(lkt_cluster_start(&s_pg), 0);
	cr_assert_eq(lkt_server_init(&s_srv, 4), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
	lkt_cluster_fini(&s_pg);
}

TestSuite(dbrestart, .init = s_setup, .fini = s_teardown, .timeout = 240);

static int64_t s_wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One syncing client: pushes one new meeting at a time and, like lokmin, retries the same op on UNAVAILABLE. */
struct client {
	struct lkt_dev d;
	pthread_t th;
	atomic_int stop;
	atomic_int idle; /* waiting while s_pause is set, with no request in flight */
	int acked;       /* ops whose push came back with a result */
	int applied;     /* of those, APPLIED */
	int duplicate;   /* of those, DUPLICATE (a retry whose first attempt had committed) */
	int unavailable; /* UNAVAILABLE replies */
	int other;       /* anything else: a failure */
	int64_t ok_ms[MAXOPS]; /* wall time of each successful push */
	char err[256];
};

static void *s_client(void *arg)
{
	struct client *c = arg;
	int64_t pushes = 0;
	while (!atomic_load(&c->stop) && c->acked < MAXOPS) {
		if (atomic_load(&s_pause)) {
			atomic_store(&c->idle, 1);
			usleep(5 * 1000);
			continue;
		}
		atomic_store(&c->idle, 0);
		struct lkt_op o;
		Lokmin__Op *ops[1];
		ProtobufCMessage *m = lkt_record(&c->d, "meeting");
		char title[64];
		snprintf(title, sizeof title, "Lokmin %" PRId64, pushes++);
		if (lk_record_set(m, "kind", "monthly") || lk_record_set(m, "year", "2026") ||
		    lk_record_set(m, "period", "3") || lk_record_set(m, "planned_date", "2026-03-03") ||
		    lk_record_set(m, "status", "planned") || lk_record_set(m, "title", title)) {
			snprintf(c->err, sizeof c->err, "cannot build a meeting");
			c->other++;
			lk_record_free(m);
			break;
		}
		pthread_mutex_lock(&s_tick_lock);
		lkt_op(&o, m, 0, NULL);
		pthread_mutex_unlock(&s_tick_lock);
		ops[0] = &o.op;
		for (;;) {
			Lokmin__Request req = LOKMIN__REQUEST__INIT;
			Lokmin__PushRequest pr = LOKMIN__PUSH_REQUEST__INIT;
			Lokmin__Reply *rep = NULL;
			pr.ops = ops;
			pr.n_ops = 1;
			req.body_case = LOKMIN__REQUEST__BODY_PUSH;
			req.push = &pr;
			int rc = lk_conn_call(c->d.c, &req, 20000, &rep);
			if (rc == -LK_EUNAVAIL && rep) {
				c->unavailable++;
				lk_reply_free(rep);
				usleep(100 * 1000);
				continue;
			}
			if (rc != 0) {
				snprintf(c->err, sizeof c->err, "push: %s", lk_conn_error(c->d.c));
				lk_reply_free(rep);
				c->other++;
				break;
			}
			if (rep->body_case == LOKMIN__REPLY__BODY_PUSH && rep->push->n_results == 1) {
				c->ok_ms[c->acked++] = s_wall_ms();
				if (rep->push->results[0]->status == LOKMIN__OP_STATUS__OP_APPLIED)
					c->applied++;
				else if (rep->push->results[0]->status == LOKMIN__OP_STATUS__OP_DUPLICATE)
					c->duplicate++;
				else
					c->other++;
				lk_reply_free(rep);
				break;
			}
			snprintf(c->err, sizeof c->err, "push: %s %s", rep->error_name, rep->message ? rep->message : "");
			c->other++;
			lk_reply_free(rep);
			break;
		}
		free(o.buf);
		lk_record_free(m);
		if (c->other)
			break;
	}
	return NULL;
}

/* Lines "status=UNAVAILABLE" in lokmind's log stamped at or after since_ms. */
static int s_unavailable_since(int64_t since_ms)
{
	FILE *f = fopen(s_srv.log, "r");
	char line[4096];
	int n = 0;
	cr_assert_not_null(f);
	while (fgets(line, sizeof line, f)) {
		struct tm tm;
		memset(&tm, 0, sizeof tm);
		char *rest = strptime(line, "%Y-%m-%dT%H:%M:%S", &tm);
		if (rest == NULL || *rest != '.' || strstr(line, "status=UNAVAILABLE") == NULL)
			continue;
		int64_t ms = (int64_t)timegm(&tm) * 1000 + strtol(rest + 1, NULL, 10);
		if (ms >= since_ms)
			n++;
	}
	fclose(f);
	return n;
}

/* The first successful push of any client at or after t, in ms after t (-1 when none). */
static int64_t s_first_ok_after(struct client *cs, int64_t t)
{
	int64_t best = -1;
	for (int i = 0; i < NCLIENTS; i++)
		for (int k = 0; k < cs[i].acked; k++)
			if (cs[i].ok_ms[k] >= t && (best < 0 || cs[i].ok_ms[k] - t < best))
				best = cs[i].ok_ms[k] - t;
	return best;
}

static int s_count(const char *sql)
{
	char *v = lkt_sql_value(&s_srv.db, sql);
	cr_assert_not_null(v, "%s", sql);
	int n = atoi(v);
	free(v);
	return n;
}

Test(dbrestart, restarts_cost_no_failed_request)
{
	static struct client cs[NCLIENTS];
	/* Idle through the first two restarts (every connection is stale when clients come back), busy through
	 * the third (requests in flight while PostgreSQL is down). */
	const char *modes[3] = {"fast", "immediate", "fast"};
	const int busy[3] = {0, 0, 1};
	const char *scopes[NCLIENTS] = {"P3324010101", "P3324010102", "P3324020101", "P3325010101"};
	int64_t down[3], back[3];

	for (int i = 0; i < NCLIENTS; i++) {
		char name[16];
		snprintf(name, sizeof name, "pkm%d", i);
		lkt_dev(&s_srv, &cs[i].d, name, "puskesmas", scopes[i]);
	}
	for (int i = 0; i < NCLIENTS; i++)
		cr_assert_eq(pthread_create(&cs[i].th, NULL, s_client, &cs[i]), 0);

	for (int k = 0; k < 3; k++) {
		char action[64];
		int before = 0;
		usleep(1500 * 1000);
		for (int i = 0; i < NCLIENTS; i++)
			before += cs[i].acked;
		snprintf(action, sizeof action, "-m %s restart", modes[k]);
		if (!busy[k]) {
			atomic_store(&s_pause, 1);
			for (int i = 0; i < NCLIENTS; i++)
				while (!atomic_load(&cs[i].idle))
					usleep(5 * 1000);
		}
		down[k] = s_wall_ms();
		cr_assert_eq(lkt_cluster_ctl(&s_pg, action), 0, "pg_ctl %s failed", action);
		back[k] = s_wall_ms();
		atomic_store(&s_pause, 0);
		printf("dbrestart: restart %d (-m %s): %d pushes acknowledged before it\n", k + 1, modes[k], before);
	}
	usleep(2000 * 1000);
	for (int i = 0; i < NCLIENTS; i++)
		atomic_store(&cs[i].stop, 1);
	for (int i = 0; i < NCLIENTS; i++)
		pthread_join(cs[i].th, NULL);

	for (int i = 0; i < NCLIENTS; i++)
		cr_assert_eq(cs[i].other, 0, "client %d: %s", i, cs[i].err);
	/* lokmind writes its log asynchronously. */
	lkt_log_wait(&s_srv, "status=", 1, 1000);
	usleep(300 * 1000);
	for (int k = 0; k < 3; k++) {
		/* From the database being back to the next restart. */
		int64_t first = s_first_ok_after(cs, back[k]);
		int late = s_unavailable_since(back[k]) - (k < 2 ? s_unavailable_since(down[k + 1]) : 0);
		printf("dbrestart: restart %d (-m %s, clients %s): UNAVAILABLE after the database was back: %d; "
		       "first successful push %" PRId64 " ms after it\n",
		       k + 1, modes[k], busy[k] ? "busy" : "idle", late, first);
		/* At most the requests already in flight when PostgreSQL came back, one per client; none when
		 * the clients were idle through the restart. */
		cr_assert_leq(late, busy[k] ? NCLIENTS : 0,
		              "restart %d: %d UNAVAILABLE replies after the database was back", k + 1, late);
		cr_assert_geq(first, 0, "restart %d: no push succeeded afterwards", k + 1);
		cr_assert_lt(first, 2000, "restart %d: first push %" PRId64 " ms after the database was back", k + 1,
		             first);
	}
	printf("dbrestart: lokmind retried %d requests on a fresh connection\n",
	       lkt_log_count(&s_srv, "reconnecting to run it again"));

	for (int i = 0; i < NCLIENTS; i++) {
		struct client *c = &cs[i];
		char id[37], sql[256];
		cr_assert_eq(c->other, 0, "client %d: %s", i, c->err);
		cr_assert_eq(lkt_device_id(c->d.home, id), 0);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM meeting WHERE puskesmas_code = '%s'", scopes[i]);
		int rows = s_count(sql);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM applied_op WHERE device_id = '%s' AND result >= 0", id);
		int applied = s_count(sql);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM change_log WHERE device_id = '%s'", id);
		int logged = s_count(sql);
		printf("dbrestart: client %d: %d ops acknowledged (%d applied, %d duplicate), %d UNAVAILABLE; "
		       "database: %d meetings, %d applied_op, %d change_log\n",
		       i, c->acked, c->applied, c->duplicate, c->unavailable, rows, applied, logged);
		/* Every acknowledged op is in the database exactly once, and nothing else is. */
		cr_assert_eq(c->acked, c->applied + c->duplicate);
		cr_assert_eq(rows, c->acked, "client %d: %d meetings for %d ops", i, rows, c->acked);
		cr_assert_eq(applied, c->acked, "client %d: %d applied ops for %d acknowledged", i, applied, c->acked);
		cr_assert_eq(logged, c->acked, "client %d: %d change_log rows for %d ops", i, logged, c->acked);
		cr_assert_gt(c->acked, 0);
	}
}
