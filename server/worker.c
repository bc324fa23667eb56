/* worker: one thread with its own PostgreSQL connection; decodes, authorises, handles, replies. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_log.h"
#include "lk_utf8.h"
#include "lk_util.h"
#include "metrics.h"
#include "srv.h"

struct worker {
	struct srv *srv;
	int n;
	pthread_t thread;
	PGconn *pg;
	void *sock;
};

void *req_alloc(struct req *r, size_t size)
{
	if (r->nallocs == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		void **na = realloc(r->allocs, cap * sizeof *na);
		if (na == NULL)
			return NULL;
		r->allocs = na;
		r->cap = cap;
	}
	void *p = calloc(1, size ? size : 1);
	if (p)
		r->allocs[r->nallocs++] = p;
	return p;
}

char *req_strdup(struct req *r, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = req_alloc(r, n);
	if (p)
		memcpy(p, s, n);
	return p;
}

/* Reconnect when the connection is known bad, or when force says a statement just lost it
 * (PQstatus reports CONNECTION_OK until a statement fails, so it alone is not enough). */
static int s_reconnect(struct worker *w, int force)
{
	if (!force && PQstatus(w->pg) == CONNECTION_OK)
		return 0;
	PQreset(w->pg);
	if (PQstatus(w->pg) != CONNECTION_OK || db_prepare_all(w->pg) != 0)
		return -LK_EUNAVAIL;
	log_info("worker %d: database connection restored", w->n);
	return 0;
}

/* Run the handler; when the database connection broke under it before anything could have been committed
 * (docs/architecture.md, "Database connection loss"), reconnect and run it once more, so a database restart
 * costs a client no failed request. */
static int s_run(struct worker *w, struct req *r, const struct handler *h)
{
	int rc, force = 0;
	for (int attempt = 0;; attempt++) {
		if ((rc = s_reconnect(w, force)) != 0)
			return rc;
		if (attempt == 0 && r->known && devcache_touch(w->srv->devices, r->pk, lk_now_ms())) {
			const char *p[1] = {r->dev.id};
			PQclear(db_exec(w->pg, "device_seen", 1, p));
		}
		/* After device_seen, which is harmless to repeat. */
		db_attempt_begin();
		rc = h->fn(r);
		if (rc == 0 || attempt > 0 || !db_attempt_retryable(w->pg))
			break;
		log_info("worker %d: database connection lost during %s; reconnecting to run it again", w->n,
		         lk_request_type(r->in));
		/* Nothing of the first attempt reaches the reply. */
		lokmin__reply__init(r->out);
		r->msg[0] = '\0';
		db_error_ref_clear();
		force = 1;
	}
	/* A handler interrupted by a lost connection is reported as such. */
	if (rc == -LK_EINTERNAL && PQstatus(w->pg) != CONNECTION_OK)
		rc = -LK_EUNAVAIL;
	return rc;
}

/* s_dispatch's answer when the request needs a worker's database. */
#define NEEDS_WORKER 1

/* Identify the caller from the ZAP User-Id and run the handler; w NULL: in the
 * broker's thread, where only a handler that needs no database runs. */
static int s_dispatch(struct srv *srv, struct worker *w, struct req *r, const char *user)
{
	const struct handler *h;

	/* No User-Id means the connection did not pass our ZAP handler: fail closed. */
	if (lk_hex_decode(r->pk, sizeof r->pk, user) != 0)
		return -LK_EUNAUTH;
	if (devcache_lookup(srv->devices, r->pk, &r->dev) == 0)
		r->found = 1;
	if (r->in->version != LK_PROTOCOL_VERSION) {
		snprintf(r->msg, sizeof r->msg, "protocol version %u is not supported; this server speaks %d",
		         r->in->version, LK_PROTOCOL_VERSION);
		return -LK_EVERSION;
	}
	if (r->found && r->dev.revoked)
		return -LK_EREVOKED;
	r->known = r->found;
	h = handler_find((int)r->in->body_case);
	if (h == NULL) {
		snprintf(r->msg, sizeof r->msg, N_("empty or unknown request type"));
		return -LK_EBADREQ;
	}
	if (!r->known && !h->open)
		return -LK_EUNAUTH;
	if (w != NULL)
		return s_run(w, r, h);
	/* Here: no database, and none due either (a device's last_seen_at is written by a worker). */
	if (!h->nodb || (r->known && devcache_seen_due(srv->devices, r->pk, lk_now_ms())))
		return NEEDS_WORKER;
	return h->fn(r);
}

/* The request's log line, "req device=... type=... id=N status=NAME us=N",
 * put together by hand: it is written for every request, pings included. */
static void s_log_request(const char *device, const char *type, uint64_t id, const char *status, uint64_t us)
{
	char line[512], *p = line;
	const char *parts[] = {"req device=", device, " type=", type, " id="};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		size_t n = strnlen(parts[i], 64);
		memcpy(p, parts[i], n);
		p += n;
	}
	p = lk_put_u64(p, id);
	memcpy(p, " status=", 8);
	p += 8;
	size_t n = strnlen(status, 40);
	memcpy(p, status, n);
	p += n;
	memcpy(p, " us=", 4);
	p = lk_put_u64(p + 4, us);
	log_info_text(line, (size_t)(p - line));
}

/* Decode, dispatch and encode one request; NEEDS_WORKER (nothing logged, no
 * reply) when w is NULL and the request needs a database, else 0 with the
 * encoded reply in *buf (the caller frees it; NULL when it could not be made). */
static int s_serve(struct srv *srv, struct worker *w, const char *user, const char *peer, const void *data,
                   size_t size, uint8_t **buf, size_t *len)
{
	uint64_t t0 = lk_mono_us();
	Lokmin__Reply out = LOKMIN__REPLY__INIT;
	struct req r;
	int rc;

	*buf = NULL;
	*len = 0;
	memset(&r, 0, sizeof r);
	r.srv = srv;
	r.pg = w ? w->pg : NULL;
	r.out = &out;
	lk_strlcpy(r.peer, peer, sizeof r.peer);
	db_error_ref_clear();
	r.in = lk_request_decode(data, size);
	if (r.in == NULL) {
		rc = -LK_EBADREQ;
		snprintf(r.msg, sizeof r.msg, "the request is not a valid lokmin.Request (%zu bytes)", size);
	} else {
		rc = s_dispatch(srv, w, &r, user);
	}
	if (rc == NEEDS_WORKER)
		goto done;

	out.version = LK_PROTOCOL_VERSION;
	out.id = r.in ? r.in->id : 0;
	if (rc != 0) {
		/* An error carries no body. */
		out.body_case = LOKMIN__REPLY__BODY__NOT_SET;
		out.status = (uint32_t)-rc;
		out.error_name = (char *)lk_error_name(rc);
		if (r.msg[0] == '\0' && (rc == -LK_EINTERNAL || rc == -LK_EUNAVAIL) && strcmp(db_error_ref(), "none"))
			snprintf(r.msg, sizeof r.msg, "%s (ref %s)", lk_strerror(rc), db_error_ref());
		out.message = r.msg[0] ? r.msg : (char *)lk_strerror(rc);
	}
	/* Messages may quote client bytes: a reply is always valid UTF-8. */
	if (out.message && out.message == r.msg)
		lk_utf8_fix(r.msg);
	if (lk_reply_encode(&out, buf, len) != 0) {
		*buf = NULL;
		*len = 0;
	}
	uint64_t us = lk_mono_us() - t0;
	const char *type = lk_request_type(r.in);
	s_log_request(r.found ? r.dev.id : (user[0] ? "unenrolled" : "-"), type, r.in ? r.in->id : 0, lk_error_name(rc),
	              us);
	metrics_request(type, rc == 0, us);
	rc = 0;
done:
	for (size_t i = 0; i < r.nallocs; i++)
		free(r.allocs[i]);
	free(r.allocs);
	lk_request_free((Lokmin__Request *)r.in);
	return rc;
}

int worker_answer_here(struct srv *s, const char *user, const char *peer, const void *data, size_t size,
                       uint8_t **reply, size_t *len)
{
	return s_serve(s, NULL, user, peer, data, size, reply, len);
}

static void s_handle(struct worker *w, zmq_msg_t *client, const char *user, const char *peer, zmq_msg_t *payload)
{
	uint8_t *buf;
	size_t len;
	s_serve(w->srv, w, user, peer, zmq_msg_data(payload), zmq_msg_size(payload), &buf, &len);
	/* Logged before the reply leaves, so the broker flushes it with the reply. */
	zmq_send(w->sock, zmq_msg_data(client), zmq_msg_size(client), ZMQ_SNDMORE);
	zmq_send(w->sock, buf, len, 0);
	free(buf);
}

static void *s_main(void *arg)
{
	struct worker *w = arg;
	zmq_send(w->sock, "READY", 5, 0);
	for (;;) {
		zmq_msg_t client, user, peer, payload;
		char userid[LK_HEX_KEYLEN] = "", peeraddr[64] = "";
		zmq_msg_init(&client);
		zmq_msg_init(&user);
		zmq_msg_init(&peer);
		zmq_msg_init(&payload);
		if (zmq_msg_recv(&client, w->sock, 0) < 0) {
			zmq_msg_close(&client);
			if (errno == EINTR)
				continue;
			break;
		}
		if (!zmq_msg_more(&client)) {
			/* A lone frame from the broker means stop. */
			zmq_msg_close(&client);
			break;
		}
		zmq_msg_recv(&user, w->sock, 0);
		zmq_msg_recv(&peer, w->sock, 0);
		zmq_msg_recv(&payload, w->sock, 0);
		if (zmq_msg_size(&user) < sizeof userid)
			memcpy(userid, zmq_msg_data(&user), zmq_msg_size(&user));
		if (zmq_msg_size(&peer) < sizeof peeraddr)
			memcpy(peeraddr, zmq_msg_data(&peer), zmq_msg_size(&peer));
		s_handle(w, &client, userid, peeraddr, &payload);
		zmq_msg_close(&client);
		zmq_msg_close(&user);
		zmq_msg_close(&peer);
		zmq_msg_close(&payload);
	}
	return NULL;
}

struct worker *worker_start(struct srv *s, int n)
{
	char err[512], id[16];
	struct worker *w = calloc(1, sizeof *w);
	if (w == NULL)
		return NULL;
	w->srv = s;
	w->n = n;
	w->pg = db_connect(s->cfg->db, err, sizeof err);
	if (w->pg == NULL) {
		log_warnx("worker %d: %s", n, err);
		goto fail;
	}
	if (db_prepare_all(w->pg) != 0)
		goto fail;
	w->sock = zmq_socket(s->zctx, ZMQ_DEALER);
	snprintf(id, sizeof id, "w%03d", n);
	zmq_setsockopt(w->sock, ZMQ_ROUTING_ID, id, strlen(id));
	if (lk_zmq_set_int(w->sock, ZMQ_LINGER, 0) != 0 ||
	    lk_zmq_set_int(w->sock, ZMQ_SNDHWM, 0) != 0 || lk_zmq_set_int(w->sock, ZMQ_RCVHWM, 0) != 0 ||
	    zmq_connect(w->sock, LK_WORKERS_ENDPOINT) != 0) {
		log_warnx("worker %d: cannot connect to the broker: %s", n, zmq_strerror(errno));
		goto fail;
	}
	if (pthread_create(&w->thread, NULL, s_main, w) != 0)
		goto fail;
	return w;
fail:
	if (w->sock)
		zmq_close(w->sock);
	PQfinish(w->pg);
	free(w);
	return NULL;
}

void worker_join(struct worker **pw)
{
	struct worker *w = *pw;
	if (w == NULL)
		return;
	pthread_join(w->thread, NULL);
	zmq_close(w->sock);
	PQfinish(w->pg);
	free(w);
	*pw = NULL;
}
