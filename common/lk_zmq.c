/* lk_zmq: explicit ZeroMQ socket limits and small frame helpers shared by client and server. */
#include "lk_error.h"
#include "lk_zmq.h"

int lk_zmq_set_int(void *sock, int opt, int64_t v)
{
	int rc;
	if (opt == ZMQ_MAXMSGSIZE) {
		rc = zmq_setsockopt(sock, opt, &v, sizeof v);
	} else {
		int iv = (int)v;
		rc = zmq_setsockopt(sock, opt, &iv, sizeof iv);
	}
	return rc == 0 ? 0 : -LK_ECONFIG;
}

int lk_zmq_apply_limits(void *sock, const struct lk_sock_limits *l)
{
	const struct {
		int opt;
		int64_t v;
	} opts[] = {
		{ZMQ_MAXMSGSIZE, l->max_msg_size},
		{ZMQ_HANDSHAKE_IVL, l->handshake_ivl_ms},
		{ZMQ_HEARTBEAT_IVL, l->heartbeat_ivl_ms},
		{ZMQ_HEARTBEAT_TIMEOUT, l->heartbeat_timeout_ms},
		{ZMQ_HEARTBEAT_TTL, l->heartbeat_ttl_ms},
		{ZMQ_SNDHWM, l->sndhwm},
		{ZMQ_RCVHWM, l->rcvhwm},
		{ZMQ_RECONNECT_IVL, l->reconnect_ivl_ms},
		{ZMQ_RECONNECT_IVL_MAX, l->reconnect_ivl_max_ms},
		{ZMQ_LINGER, l->linger_ms},
	};
	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
		if (lk_zmq_set_int(sock, opts[i].opt, opts[i].v) != 0)
			return -LK_ECONFIG;
	return 0;
}

int lk_zmq_send(void *sock, const void *buf, size_t len, int more, int flags)
{
	return zmq_send(sock, buf, len, flags | (more ? ZMQ_SNDMORE : 0));
}

int lk_zmq_drain(void *sock)
{
	int more = 0, n = 0;
	size_t sz = sizeof more;
	for (;;) {
		if (zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &sz) != 0 || !more)
			return n;
		zmq_msg_t m;
		zmq_msg_init(&m);
		zmq_msg_recv(&m, sock, 0);
		zmq_msg_close(&m);
		n++;
	}
}
