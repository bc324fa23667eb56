/* conn: the client's CURVE DEALER connection to lokmind, with request ids and timeouts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_zmq.h"

/* A request waiting for its reply: a drop of the connection it went out on loses it. */
struct pend {
	uint64_t id;
	uint64_t gen;
};

/* Endpoints one connection dials: lokmind instances sharing one database and key (lk_enroll.h). */
#define LK_CONN_MAX_EP 4

struct lk_conn {
	void *ctx;
	void *sock;
	void *mon;
	char endpoint[256]; /* as given: one tcp:// endpoint, or several joined by ',' */
	char ep[LK_CONN_MAX_EP][128];
	unsigned char ep_up[LK_CONN_MAX_EP]; /* handshaked and not dropped since */
	int nep, nup;
	uint64_t next_id;
	int connected;   /* TCP connected at least once */
	int handshaked;  /* CURVE handshake succeeded at least once */
	int auth_failed; /* the server refused our key */
	int up;          /* handshaked and not dropped since: messages may be on the wire */
	uint64_t gen;    /* connection generation: bumped when an up connection drops */
	struct pend *pend; /* requests sent and not answered yet, with their generation */
	size_t npend, cappend;
	uint64_t down_since; /* ms (monotonic) since the connection is down, 0 when up */
	char error[512];
};

static uint64_t s_instance;

/* How long a request may wait for a dropped connection to come back. */
#define LK_CONN_DOWN_MS 5000

const struct lk_sock_limits lk_conn_limits = {
	.max_msg_size = LK_MAX_MSG_DEFAULT,
	.handshake_ivl_ms = 10000,
	.heartbeat_ivl_ms = 10000,
	.heartbeat_timeout_ms = 30000,
	.heartbeat_ttl_ms = 30000,
	.sndhwm = 10000,
	.rcvhwm = 10000,
	.reconnect_ivl_ms = 100,
	.reconnect_ivl_max_ms = 5000,
	.linger_ms = 0,
};

lk_conn *lk_conn_new(const char *endpoint, const char *server_pub_z85, const lk_curve_pair *kp,
                     char *err, size_t errlen)
{
	char monep[64];
	lk_conn *self = calloc(1, sizeof *self);

	if (self == NULL) {
		snprintf(err, errlen, _("out of memory"));
		return NULL;
	}
	int bad = lk_strlcpy(self->endpoint, endpoint, sizeof self->endpoint) >= sizeof self->endpoint;
	for (const char *e = endpoint; !bad && *e;) {
		size_t len = strcspn(e, ",");
		if (self->nep == LK_CONN_MAX_EP || len >= sizeof self->ep[0] || len <= 6 || strncmp(e, "tcp://", 6) != 0)
			bad = 1;
		else
			memcpy(self->ep[self->nep++], e, len);
		e += len;
		if (*e == ',')
			e++;
	}
	if (bad || self->nep == 0) {
		snprintf(err, errlen, _("\"%s\" is not a tcp:// endpoint"), endpoint);
		free(self);
		return NULL;
	}
	self->next_id = 1;
	self->ctx = zmq_ctx_new();
	self->sock = zmq_socket(self->ctx, ZMQ_DEALER);
	if (self->sock == NULL || lk_zmq_apply_limits(self->sock, &lk_conn_limits) != 0 ||
	    zmq_setsockopt(self->sock, ZMQ_CURVE_SERVERKEY, server_pub_z85, 40) != 0 ||
	    zmq_setsockopt(self->sock, ZMQ_CURVE_PUBLICKEY, kp->public_z85, 40) != 0 ||
	    zmq_setsockopt(self->sock, ZMQ_CURVE_SECRETKEY, kp->secret_z85, 40) != 0) {
		snprintf(err, errlen, _("cannot set up the connection: %s"), zmq_strerror(errno));
		goto fail;
	}
	/* The monitor tells "unreachable" from "refused" from "slow". */
	snprintf(monep, sizeof monep, "inproc://lk-conn-mon-%llu",
	         (unsigned long long)__atomic_fetch_add(&s_instance, 1, __ATOMIC_RELAXED));
	if (zmq_socket_monitor(self->sock, monep,
	                       ZMQ_EVENT_CONNECTED | ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED |
	                           ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
	                           ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL) != 0 ||
	    (self->mon = zmq_socket(self->ctx, ZMQ_PAIR)) == NULL || zmq_connect(self->mon, monep) != 0) {
		snprintf(err, errlen, _("cannot monitor the connection: %s"), zmq_strerror(errno));
		goto fail;
	}
	/* With several instances a request goes only to one whose connection is up, each next request to the
	 * next of them: a dead instance holds nothing back, and one that comes back takes its share again.
	 * Alone, a request waits in the pipe for the connection to come (up to LK_CONN_DOWN_MS). */
	if (self->nep > 1 && lk_zmq_set_int(self->sock, ZMQ_IMMEDIATE, 1) != 0) {
		snprintf(err, errlen, _("cannot set up the connection: %s"), zmq_strerror(errno));
		goto fail;
	}
	for (int i = 0; i < self->nep; i++)
		if (zmq_connect(self->sock, self->ep[i]) != 0) {
			snprintf(err, errlen, _("cannot connect to %s: %s"), self->ep[i], zmq_strerror(errno));
			goto fail;
		}
	return self;
fail:
	lk_conn_destroy(&self);
	return NULL;
}

void lk_conn_destroy(lk_conn **pself)
{
	lk_conn *self = *pself;
	if (self == NULL)
		return;
	if (self->mon)
		zmq_close(self->mon);
	if (self->sock)
		zmq_close(self->sock);
	if (self->ctx)
		zmq_ctx_term(self->ctx);
	free(self->pend);
	free(self);
	*pself = NULL;
}

const char *lk_conn_error(const lk_conn *self)
{
	return self->error;
}

const char *lk_conn_endpoint(const lk_conn *self)
{
	return self->endpoint;
}

void *lk_conn_socket(lk_conn *self)
{
	return self->sock;
}

static void s_monitor_event(lk_conn *self);

/* Take every monitor event already queued, so the generation is current. */
static void s_monitor_drain(lk_conn *self)
{
	for (int i = 0; i < 256; i++) {
		zmq_pollitem_t it = {self->mon, 0, ZMQ_POLLIN, 0};
		if (zmq_poll(&it, 1, 0) <= 0)
			break;
		s_monitor_event(self);
	}
}

static int s_pend_add(lk_conn *self, uint64_t id)
{
	if (self->npend == self->cappend) {
		size_t cap = self->cappend ? self->cappend * 2 : 16;
		struct pend *p = realloc(self->pend, cap * sizeof *p);
		if (p == NULL)
			return -LK_ENOMEM;
		self->pend = p;
		self->cappend = cap;
	}
	self->pend[self->npend++] = (struct pend){id, self->gen};
	return 0;
}

/* The reply to id arrived; a reply with id 0 answers the oldest request. */
static void s_pend_done(lk_conn *self, uint64_t id)
{
	size_t i = 0;
	if (self->npend == 0)
		return;
	if (id != 0)
		for (i = 0; i < self->npend && self->pend[i].id != id; i++)
			;
	if (i == self->npend)
		return; /* a late reply to a request already given up */
	memmove(&self->pend[i], &self->pend[i + 1], (self->npend - i - 1) * sizeof *self->pend);
	self->npend--;
}

/* Whether a request still waiting went out on a connection that has since dropped. */
static int s_pend_lost(const lk_conn *self)
{
	for (size_t i = 0; i < self->npend; i++)
		if (self->pend[i].gen != self->gen)
			return 1;
	return 0;
}

int lk_conn_send(lk_conn *self, Lokmin__Request *req)
{
	uint8_t *buf;
	size_t len;
	int rc;

	/* A drop noticed before this send does not lose this request: it waits for
	 * the next connection (for at most LK_CONN_DOWN_MS, see lk_conn_recv). A
	 * drop noticed later bumps the generation and fails it at once, even if the
	 * drop happened just before the send: the message may have gone into the
	 * dying connection. */
	s_monitor_drain(self);
	if (req->id == 0)
		req->id = self->next_id++;
	req->version = LK_PROTOCOL_VERSION;
	if ((rc = lk_request_encode(req, &buf, &len)) != 0)
		return rc;
	/* DONTWAIT: with no connection yet, the message waits in the pipe up to the HWM.
	 * Right after a drop there is briefly no pipe at all: wait for one. */
	rc = zmq_send(self->sock, buf, len, ZMQ_DONTWAIT);
	if (rc < 0 && errno == EAGAIN) {
		zmq_pollitem_t it = {self->sock, 0, ZMQ_POLLOUT, 0};
		if (zmq_poll(&it, 1, LK_CONN_DOWN_MS) == 1)
			rc = zmq_send(self->sock, buf, len, ZMQ_DONTWAIT);
		if (rc < 0 && errno == EAGAIN) {
			free(buf);
			snprintf(self->error, sizeof self->error, _("lokmind at %s has been unreachable for %d s"),
			         self->endpoint, LK_CONN_DOWN_MS / 1000);
			return -LK_EUNREACH;
		}
	}
	free(buf);
	if (rc < 0) {
		snprintf(self->error, sizeof self->error, _("cannot queue the request: %s"), zmq_strerror(errno));
		return errno == EAGAIN ? -LK_EBUSY : -LK_EIO;
	}
	return s_pend_add(self, req->id);
}

static void s_monitor_event(lk_conn *self)
{
	uint8_t ev[6];
	char addr[256];
	if (zmq_recv(self->mon, ev, sizeof ev, ZMQ_DONTWAIT) < 0)
		return;
	int alen = zmq_recv(self->mon, addr, sizeof addr - 1, ZMQ_DONTWAIT);
	addr[alen > 0 ? (alen < (int)sizeof addr ? alen : (int)sizeof addr - 1) : 0] = '\0';
	uint16_t event = (uint16_t)(ev[0] | ev[1] << 8);
	/* The endpoint of the event: by its address, or the only one. */
	int i = self->nep == 1 ? 0 : -1;
	for (int k = 0; i < 0 && k < self->nep; k++)
		if (strcmp(self->ep[k], addr) == 0)
			i = k;
	if (event == ZMQ_EVENT_CONNECTED)
		self->connected = 1;
	else if (event == ZMQ_EVENT_DISCONNECTED) {
		/* Before the handshake no request left the socket's queue: they all
		 * wait for the next connection, so only an up connection's drop counts.
		 * Which requests went on it is not known: all those waiting are lost. */
		if (i >= 0 ? self->ep_up[i] : self->up)
			self->gen++;
		if (i >= 0 && self->ep_up[i]) {
			self->ep_up[i] = 0;
			self->nup--;
		}
		if (i < 0 || self->nup <= 0) {
			self->up = 0;
			self->nup = 0;
			memset(self->ep_up, 0, sizeof self->ep_up);
			if (self->down_since == 0)
				self->down_since = lk_mono_us() / 1000;
		}
	} else if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
		if (i >= 0 && !self->ep_up[i]) {
			self->ep_up[i] = 1;
			self->nup++;
		}
		self->handshaked = 1;
		self->up = 1;
		self->down_since = 0;
	}
	else if (event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
		self->auth_failed = 1;
	/* A wrong server key gives no event at all: the server cannot open our
	 * HELLO and just drops the connection; lk_conn_recv reports that case. */
}

/* Receive one reply frame; 0 with *rep set (NULL and an error text when it does
 * not decode), or -1 when nothing was there. */
static int s_take_reply(lk_conn *self, Lokmin__Reply **rep, int flags)
{
	zmq_msg_t m;
	zmq_msg_init(&m);
	if (zmq_msg_recv(&m, self->sock, flags) < 0) {
		zmq_msg_close(&m);
		return -1;
	}
	*rep = lk_reply_decode(zmq_msg_data(&m), zmq_msg_size(&m));
	zmq_msg_close(&m);
	lk_zmq_drain(self->sock);
	if (*rep == NULL)
		snprintf(self->error, sizeof self->error, _("undecodable reply from %s"), self->endpoint);
	else
		s_pend_done(self, (*rep)->id);
	return 0;
}

int lk_conn_recv(lk_conn *self, int64_t timeout_ms, Lokmin__Reply **rep)
{
	uint64_t deadline = lk_mono_us() / 1000 + (uint64_t)timeout_ms;
	int rc;

	for (;;) {
		/* A reply already waiting needs no poll (pipelined replies stay cheap),
		 * and one that arrived before the connection closed still counts. */
		if (s_take_reply(self, rep, ZMQ_DONTWAIT) == 0)
			return *rep ? 0 : -LK_EBADREQ;
		s_monitor_drain(self);
		if (s_take_reply(self, rep, ZMQ_DONTWAIT) == 0)
			return *rep ? 0 : -LK_EBADREQ;
		if (s_pend_lost(self)) {
			/* Requests on the dropped connection will never be answered. */
			snprintf(self->error, sizeof self->error, _("the connection to lokmind at %s was lost"), self->endpoint);
			rc = -LK_EUNREACH;
			goto fail;
		}
		if (self->down_since && lk_mono_us() / 1000 - self->down_since > LK_CONN_DOWN_MS) {
			snprintf(self->error, sizeof self->error, _("lokmind at %s has been unreachable for %d s"),
			         self->endpoint, LK_CONN_DOWN_MS / 1000);
			rc = -LK_EUNREACH;
			goto fail;
		}
		if (self->auth_failed && !self->handshaked) {
			snprintf(self->error, sizeof self->error,
			         _("lokmind at %s refused this device's key (the device may have been revoked)"),
			         self->endpoint);
			rc = -LK_EAUTHFAIL;
			goto fail;
		}
		zmq_pollitem_t items[2] = {{self->sock, 0, ZMQ_POLLIN, 0}, {self->mon, 0, ZMQ_POLLIN, 0}};
		uint64_t now = lk_mono_us() / 1000;
		if (now >= deadline)
			break;
		/* Wake up now and then to notice a connection that stays down. */
		long wait = (long)(deadline - now) < 250 ? (long)(deadline - now) : 250;
		if (zmq_poll(items, 2, wait) < 0 && errno != EINTR)
			break;
	}
	if (!self->connected) {
		snprintf(self->error, sizeof self->error,
		         _("cannot reach lokmind at %s within %.1f s (network down or server not running)"),
		         self->endpoint, (double)timeout_ms / 1000);
		rc = -LK_EUNREACH;
		goto fail;
	}
	if (!self->handshaked)
		snprintf(self->error, sizeof self->error,
		         _("lokmind at %s did not answer within %.1f s: the secure handshake never completed "
		         "(overloaded server, or a server key that no longer matches this profile)"),
		         self->endpoint, (double)timeout_ms / 1000);
	else
		snprintf(self->error, sizeof self->error, _("lokmind at %s did not answer within %.1f s"),
		         self->endpoint, (double)timeout_ms / 1000);
	rc = -LK_ETIMEDOUT;
fail:
	/* Every caller gives up on what it has in flight when a wait fails: a
	 * later reply to those requests is late, and a later drop must not fail
	 * the next request because of them. */
	self->npend = 0;
	return rc;
}

int lk_conn_call(lk_conn *self, Lokmin__Request *req, int64_t timeout_ms, Lokmin__Reply **rep)
{
	uint64_t deadline = lk_mono_us() / 1000 + (uint64_t)timeout_ms;
	int rc;

	*rep = NULL;
	if ((rc = lk_conn_send(self, req)) != 0)
		return rc;
	for (;;) {
		uint64_t now = lk_mono_us() / 1000;
		int64_t left = now < deadline ? (int64_t)(deadline - now) : 0;
		if ((rc = lk_conn_recv(self, left, rep)) != 0)
			return rc;
		if ((*rep)->id == req->id || (*rep)->id == 0)
			break;
		lk_reply_free(*rep); /* a late reply to an earlier request */
		*rep = NULL;
	}
	if ((*rep)->status != 0) {
		snprintf(self->error, sizeof self->error, "%s: %s", (*rep)->error_name, lk_i18n_reason((*rep)->message));
		return -(int)(*rep)->status;
	}
	return 0;
}
