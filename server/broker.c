/* broker: lokmind's main thread: the CURVE ROUTER front end, the worker queue and signals. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lk_error.h"
#include "lk_fault.h"
#include "lk_log.h"
#include "lk_util.h"
#include "instance.h"
#include "metrics.h"
#include "srv.h"

#define MAX_WORKERS 256
/* Requests up to this size are offered to worker_answer_here first (a ping is about 25 bytes). */
#define S_INLINE_MAX 96

/* A request waiting for a free worker. */
struct job {
	zmq_msg_t client;
	char user[LK_HEX_KEYLEN];
	char peer[64];
	zmq_msg_t payload;
};

struct broker {
	struct srv *srv;
	void *front, *back;
	void *mon;        /* the front socket's events: connections accepted and closed */
	int64_t conns;    /* client connections open */
	struct worker *workers[MAX_WORKERS];
	int nworkers;
	int load[MAX_WORKERS]; /* requests handed to each worker and not yet answered */
	int ready;             /* workers that announced themselves */
	int busy;              /* all requests handed out */
	struct job *queue; /* ring buffer */
	size_t qcap, qhead, qlen;
};

static int s_sigpipe[2] = {-1, -1};

static void s_on_signal(int sig)
{
	int e = errno;
	char c = (char)sig;
	if (write(s_sigpipe[1], &c, 1) < 0) {
		/* nothing to do: the pipe is full, a signal is already pending */
	}
	errno = e;
}

static int s_signals(void)
{
	struct sigaction sa;
	if (pipe(s_sigpipe) != 0)
		return -LK_EIO;
	for (int i = 0; i < 2; i++)
		fcntl(s_sigpipe[i], F_SETFL, O_NONBLOCK | fcntl(s_sigpipe[i], F_GETFL));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = s_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* The least loaded worker that can take one more request, or -1. A worker may
 * hold up to worker_depth requests, so under pipelined load it never waits
 * for the broker between two requests. */
static int s_pick(const struct broker *b)
{
	int best = -1;
	for (int i = 0; i < b->ready; i++)
		if (b->load[i] < b->srv->cfg->worker_depth && (best < 0 || b->load[i] < b->load[best]))
			best = i;
	return best;
}

/* Send [worker][client][user][peer][payload] to worker w; takes ownership of the job's messages. */
static void s_dispatch(struct broker *b, struct job *j, int w)
{
	char wid[16];
	snprintf(wid, sizeof wid, "w%03d", w);
	zmq_send(b->back, wid, strlen(wid), ZMQ_SNDMORE);
	zmq_msg_send(&j->client, b->back, ZMQ_SNDMORE);
	zmq_send(b->back, j->user, strlen(j->user), ZMQ_SNDMORE);
	zmq_send(b->back, j->peer, strlen(j->peer), ZMQ_SNDMORE);
	zmq_msg_send(&j->payload, b->back, 0);
	b->load[w]++;
	b->busy++;
}

/* Refuse a request in the broker itself, under the request's own id when it can be read. */
static void s_reply_error(struct broker *b, zmq_msg_t *client, zmq_msg_t *payload, int code, const char *why)
{
	uint8_t *buf;
	size_t len;
	uint64_t id = 0;
	lk_wire_peek_id(zmq_msg_data(payload), zmq_msg_size(payload), &id);
	log_info("req device=- type=refused id=%llu status=%s %s", (unsigned long long)id, lk_error_name(code), why);
	if (lk_reply_encode_error(id, code, NULL, &buf, &len) != 0)
		return;
	if (zmq_msg_send(client, b->front, ZMQ_SNDMORE | ZMQ_DONTWAIT) >= 0)
		zmq_send(b->front, buf, len, ZMQ_DONTWAIT);
	free(buf);
}

/* Read one client message: [routing id][payload]; anything else is refused here,
 * and so is everything once the daemon is stopping. */
static int s_front_in(struct broker *b, int stopping)
{
	struct job j;
	int frames = 0;

	zmq_msg_init(&j.client);
	if (zmq_msg_recv(&j.client, b->front, ZMQ_DONTWAIT) < 0) {
		zmq_msg_close(&j.client);
		return 0;
	}
	zmq_msg_init(&j.payload);
	if (zmq_msg_more(&j.client) && zmq_msg_recv(&j.payload, b->front, 0) >= 0)
		frames = 1;
	if (frames == 1 && zmq_msg_more(&j.payload))
		frames += lk_zmq_drain(b->front);
	if (frames != 1) {
		s_reply_error(b, &j.client, &j.payload, LK_EFRAMES, "");
		goto drop;
	}
	if (stopping) {
		s_reply_error(b, &j.client, &j.payload, LK_ESHUTDOWN, "");
		goto drop;
	}
	/* Identity comes from the ZAP handler's User-Id, never from the payload. */
	const char *user = zmq_msg_gets(&j.payload, "User-Id");
	lk_strlcpy(j.user, user ? user : "", sizeof j.user);
	/* The source address, for limits on requests anyone may send. */
	const char *peer = zmq_msg_gets(&j.payload, "Peer-Address");
	lk_strlcpy(j.peer, peer ? peer : "", sizeof j.peer);
	/* A ping needs no database: answered here, it skips two hand-overs between
	 * threads. Only small requests are looked at, so others are decoded once. */
	uint8_t *buf;
	size_t len;
	if (zmq_msg_size(&j.payload) <= S_INLINE_MAX &&
	    worker_answer_here(b->srv, j.user, j.peer, zmq_msg_data(&j.payload), zmq_msg_size(&j.payload), &buf,
	                       &len) == 0) {
		if (zmq_msg_send(&j.client, b->front, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
		    zmq_send(b->front, buf, len, ZMQ_DONTWAIT) < 0)
			log_debug("reply not delivered: %s", zmq_strerror(errno));
		free(buf);
		goto drop;
	}
	int w = s_pick(b);
	if (w >= 0) {
		s_dispatch(b, &j, w);
		zmq_msg_close(&j.client);
		zmq_msg_close(&j.payload);
		return 1;
	}
	if (b->qlen == b->qcap) {
		s_reply_error(b, &j.client, &j.payload, LK_EBUSY, "(queue full)");
		goto drop;
	}
	b->queue[(b->qhead + b->qlen++) % b->qcap] = j; /* moves the messages */
	return 1;
drop:
	zmq_msg_close(&j.client);
	zmq_msg_close(&j.payload);
	return 1;
}

/* A worker frame: [worker]["READY"] or [worker][client][reply]. */
static int s_back_in(struct broker *b)
{
	char wid[8];
	zmq_msg_t client, reply;
	int n = zmq_recv(b->back, wid, sizeof wid - 1, ZMQ_DONTWAIT), w;
	if (n < 0)
		return 0;
	wid[n] = '\0';
	w = atoi(wid + 1);
	zmq_msg_init(&client);
	zmq_msg_recv(&client, b->back, 0);
	if (zmq_msg_more(&client)) {
		zmq_msg_init(&reply);
		zmq_msg_recv(&reply, b->back, 0);
		b->busy--;
		b->load[w]--;
		/* ROUTER_MANDATORY: a vanished client gives EHOSTUNREACH instead of a silent drop. */
		if (zmq_msg_send(&client, b->front, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
		    zmq_msg_send(&reply, b->front, ZMQ_DONTWAIT) < 0) {
			if (errno == EAGAIN)
				log_warnx("reply dropped: the client's queue is full");
			else
				log_debug("reply not delivered: %s", zmq_strerror(errno));
		}
		zmq_msg_close(&reply);
	} else {
		b->ready++; /* workers start in order, so ids 0..ready-1 are the ready ones */
	}
	zmq_msg_close(&client);
	while (b->qlen > 0 && (w = s_pick(b)) >= 0) {
		struct job *j = &b->queue[b->qhead];
		b->qhead = (b->qhead + 1) % b->qcap;
		b->qlen--;
		s_dispatch(b, j, w);
		zmq_msg_close(&j->client);
		zmq_msg_close(&j->payload);
	}
	return 1;
}

static int s_front_open(struct broker *b)
{
	const struct srv_config *cfg = b->srv->cfg;
	struct lk_sock_limits lim;
	int one = 1;

	b->front = zmq_socket(b->srv->zctx, ZMQ_ROUTER);
	srv_config_limits(cfg, &lim);
	if (lk_zmq_apply_limits(b->front, &lim) != 0 ||
	    zmq_setsockopt(b->front, ZMQ_CURVE_SERVER, &one, sizeof one) != 0 ||
	    zmq_setsockopt(b->front, ZMQ_CURVE_SECRETKEY, b->srv->keys.secret_z85, 40) != 0 ||
	    zmq_setsockopt(b->front, ZMQ_ZAP_DOMAIN, LK_ZAP_DOMAIN, strlen(LK_ZAP_DOMAIN)) != 0 ||
	    lk_zmq_set_int(b->front, ZMQ_ZAP_ENFORCE_DOMAIN, 1) != 0 ||
	    lk_zmq_set_int(b->front, ZMQ_ROUTER_MANDATORY, 1) != 0) {
		log_warnx("%s: socket options: %s", __func__, zmq_strerror(errno));
		return -LK_ECONFIG;
	}
	if (zmq_bind(b->front, cfg->bind) != 0) {
		log_warnx("cannot listen on %s: %s", cfg->bind, zmq_strerror(errno));
		return -LK_ECONFIG;
	}
	/* Connections counted for lokmind status and the metrics. */
	if (zmq_socket_monitor(b->front, "inproc://lokmind-front-monitor", ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED) !=
	        0 ||
	    (b->mon = zmq_socket(b->srv->zctx, ZMQ_PAIR)) == NULL ||
	    zmq_connect(b->mon, "inproc://lokmind-front-monitor") != 0) {
		log_warnx("%s: monitor: %s", __func__, zmq_strerror(errno));
		return -LK_EINTERNAL;
	}
	return 0;
}

/* Count the front socket's connection events. */
static void s_mon_in(struct broker *b)
{
	for (int i = 0; i < 1000; i++) {
		zmq_msg_t ev, addr;
		zmq_msg_init(&ev);
		if (zmq_msg_recv(&ev, b->mon, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&ev);
			return;
		}
		if (zmq_msg_size(&ev) >= 2) {
			const uint8_t *d = zmq_msg_data(&ev);
			uint16_t event = (uint16_t)(d[0] | d[1] << 8);
			if (event == ZMQ_EVENT_ACCEPTED)
				b->conns++;
			else if (event == ZMQ_EVENT_DISCONNECTED && b->conns > 0)
				b->conns--;
		}
		int more = zmq_msg_more(&ev);
		zmq_msg_close(&ev);
		if (more) {
			zmq_msg_init(&addr);
			zmq_msg_recv(&addr, b->mon, 0);
			zmq_msg_close(&addr);
		}
	}
}

static int s_back_open(struct broker *b)
{
	b->back = zmq_socket(b->srv->zctx, ZMQ_ROUTER);
	if (lk_zmq_set_int(b->back, ZMQ_SNDHWM, 0) != 0 || lk_zmq_set_int(b->back, ZMQ_RCVHWM, 0) != 0 ||
	    lk_zmq_set_int(b->back, ZMQ_LINGER, 0) != 0 || lk_zmq_set_int(b->back, ZMQ_ROUTER_MANDATORY, 1) != 0 ||
	    zmq_bind(b->back, LK_WORKERS_ENDPOINT) != 0) {
		log_warnx("%s: %s", __func__, zmq_strerror(errno));
		return -LK_ECONFIG;
	}
	for (int i = 0; i < b->srv->cfg->workers; i++) {
		if ((b->workers[i] = worker_start(b->srv, i)) == NULL)
			return -LK_EUNAVAIL;
		b->nworkers++;
	}
	/* Each worker announces itself before it is given work. */
	while (b->ready < b->nworkers) {
		zmq_pollitem_t it = {b->back, 0, ZMQ_POLLIN, 0};
		if (zmq_poll(&it, 1, 10000) <= 0) {
			log_warnx("workers did not start");
			return -LK_EINTERNAL;
		}
		s_back_in(b);
	}
	return 0;
}

static void s_workers_stop(struct broker *b)
{
	for (int i = 0; i < b->nworkers; i++) {
		char wid[16];
		snprintf(wid, sizeof wid, "w%03d", i);
		zmq_send(b->back, wid, strlen(wid), ZMQ_SNDMORE);
		zmq_send(b->back, "", 0, 0);
	}
	for (int i = 0; i < b->nworkers; i++)
		worker_join(&b->workers[i]);
}

static void s_loop(struct broker *b)
{
	int stopping = 0;
	uint64_t deadline = 0;

	for (;;) {
		zmq_pollitem_t items[4] = {
			{b->back, 0, ZMQ_POLLIN, 0},
			{NULL, s_sigpipe[0], ZMQ_POLLIN, 0},
			{b->front, 0, ZMQ_POLLIN, 0},
			{b->mon, 0, ZMQ_POLLIN, 0},
		};
		if (stopping && b->busy == 0 && b->qlen == 0)
			break;
		if (b->srv->zap_dead) {
			/* Without the ZAP handler no connection can be admitted: stop
			 * rather than run deaf (a supervisor restarts the daemon). */
			log_error("the ZAP handler (authentication) thread has ended; lokmind stops with status 1");
			b->srv->zap_failed = 1;
			break;
		}
		if (stopping && lk_mono_us() / 1000 > deadline) {
			log_warnx("shutdown grace expired with %d requests in flight", b->busy);
			break;
		}
		/* Log records are buffered; write them out before waiting. */
		fflush(stderr);
		metrics_broker(b->conns, (int64_t)b->qlen, b->busy);
		int rc = zmq_poll(items, 4, stopping ? 50 : 500);
		if (rc < 0 && errno != EINTR) {
			log_warnx("zmq_poll: %s", zmq_strerror(errno));
			break;
		}
		if (items[1].revents & ZMQ_POLLIN) {
			char c;
			while (read(s_sigpipe[0], &c, 1) == 1)
				;
			if (!stopping) {
				/* Stop taking requests (new ones get SHUTTING_DOWN, so a client
				 * can go elsewhere at once); finish those already taken. */
				stopping = 1;
				deadline = lk_mono_us() / 1000 + (uint64_t)b->srv->cfg->shutdown_grace;
				log_info("shutting down: %d in flight, %zu queued", b->busy, b->qlen);
			}
		}
		/* Drain each side until it is empty (bounded, so neither starves the other). */
		for (int i = 0; i < 1000 && (items[0].revents & ZMQ_POLLIN) && s_back_in(b); i++)
			;
		for (int i = 0; i < 1000 && (items[2].revents & ZMQ_POLLIN) && s_front_in(b, stopping); i++)
			;
		if (items[3].revents & ZMQ_POLLIN)
			s_mon_in(b);
	}
}

int srv_serve(const struct srv_config *cfg)
{
	struct srv s;
	struct broker b;
	char err[512];
	PGconn *pg;
	int rc, status = 1;

	memset(&s, 0, sizeof s);
	memset(&b, 0, sizeof b);
	s.cfg = cfg;
	b.srv = &s;
	if ((rc = lk_curve_load(&s.keys, cfg->key_dir, "server")) != 0) {
		log_error("cannot load the server key from %s/server.key: %s%s", cfg->key_dir,
		          lk_strerror(rc), rc == -LK_ECONFIG ? " (file must be mode 0600)" : "; run `lokmind keygen`");
		return 1;
	}
	if ((pg = db_connect(cfg->db, err, sizeof err)) == NULL) {
		log_error("%s", err);
		return 1;
	}
	rc = db_schema_check(pg, err, sizeof err);
	PQfinish(pg);
	if (rc != 0) {
		log_error("%s", err);
		return 1;
	}
	if (s_signals() != 0)
		return 1;
	/* One write per request would cost more than a ping; the loop flushes
	 * before every wait, so a record is never held back while idle. */
	static char logbuf[1 << 16];
	setvbuf(stderr, logbuf, _IOFBF, sizeof logbuf);
	b.qcap = (size_t)cfg->queue_max;
	b.queue = calloc(b.qcap, sizeof *b.queue);
	s.devices = devcache_new();
	s.zctx = zmq_ctx_new();
	s.enroll_limit = ratelimit_new((double)cfg->enroll_rate, (double)cfg->enroll_burst,
	                               (double)cfg->enroll_rate_global, 2.0 * (double)cfg->enroll_rate_global);
	if (b.queue == NULL || s.devices == NULL || s.zctx == NULL || s.enroll_limit == NULL)
		goto out;
	/* The ZAP handler must be bound before the CURVE socket, or libzmq would
	 * admit every key; ZAP_ENFORCE_DOMAIN makes a missing handler fail closed. */
	if (lk_fault_spec())
		log_warnx("fault injection is on (LOKMIN_FAULT=%.100s): a testing aid, never for production", lk_fault_spec());
	if (zap_start(&s) != 0)
		goto out;
	if (s_back_open(&b) != 0 || s_front_open(&b) != 0)
		goto stop;
	if ((s.instance = instance_start(&s)) == NULL)
		goto stop;
	log_info("lokmind %s listening on %s with %d workers (schema %d)", LOKMIN_VERSION, cfg->bind,
	         b.nworkers, db_schema_expected());
	s_loop(&b);
	status = s.zap_failed ? 1 : 0;
stop:
	instance_stop(&s.instance);
	if (b.mon)
		zmq_close(b.mon);
	if (b.front)
		zmq_close(b.front); /* linger flushes the last replies */
	s_workers_stop(&b);
	if (b.back)
		zmq_close(b.back);
	zap_stop(&s);
out:
	while (b.qlen > 0) {
		zmq_msg_close(&b.queue[b.qhead].client);
		zmq_msg_close(&b.queue[b.qhead].payload);
		b.qhead = (b.qhead + 1) % b.qcap;
		b.qlen--;
	}
	free(b.queue);
	if (s.zctx)
		zmq_ctx_term(s.zctx);
	devcache_destroy(&s.devices);
	ratelimit_free(s.enroll_limit);
	lk_curve_wipe(&s.keys);
	log_info("lokmind stopped");
	fflush(stderr);
	setvbuf(stderr, NULL, _IONBF, 0);
	return status;
}
