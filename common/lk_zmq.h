/* lk_zmq: explicit ZeroMQ socket limits and small frame helpers shared by client and server. */
#ifndef LK_ZMQ_H
#define LK_ZMQ_H

#include <stddef.h>
#include <stdint.h>

#include <zmq.h>

#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
/* Stable in libzmq since 4.3 but declared only in the draft section of zmq.h. */
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

#define LK_ZAP_DOMAIN "lokmin"

/* Every limit is set explicitly on every socket we create (DESIGN). */
struct lk_sock_limits {
	int64_t max_msg_size;
	int64_t handshake_ivl_ms;
	int64_t heartbeat_ivl_ms;
	int64_t heartbeat_timeout_ms;
	int64_t heartbeat_ttl_ms;
	int64_t sndhwm;
	int64_t rcvhwm;
	int64_t reconnect_ivl_ms;
	int64_t reconnect_ivl_max_ms;
	int64_t linger_ms;
};

/* Apply all limits; 0 or -LK_ECONFIG (errno from libzmq kept). */
int lk_zmq_apply_limits(void *sock, const struct lk_sock_limits *l) __attribute__((warn_unused_result));
int lk_zmq_set_int(void *sock, int opt, int64_t v) __attribute__((warn_unused_result));
/* Send a frame, with ZMQ_SNDMORE when more is set; returns zmq_send's result. */
int lk_zmq_send(void *sock, const void *buf, size_t len, int more, int flags);
/* Discard the remaining parts of a multipart message; returns how many were dropped. */
int lk_zmq_drain(void *sock);

#endif
