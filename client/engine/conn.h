/* conn: the client's CURVE DEALER connection to lokmind, with request ids and timeouts. */
#ifndef LK_CONN_H
#define LK_CONN_H

#include <stdint.h>

#include "lk_keys.h"
#include "lk_zmq.h"
#include "lk_wire.h"

typedef struct lk_conn lk_conn;

/* The socket limits every client connection uses. */
extern const struct lk_sock_limits lk_conn_limits;

/* Open a connection to endpoint (tcp://host:port) authenticating with kp and
 * expecting the server key server_pub_z85. Connecting happens in the
 * background; failures surface in lk_conn_recv. NULL on a bad argument, with
 * a reason in err. */
lk_conn *lk_conn_new(const char *endpoint, const char *server_pub_z85, const lk_curve_pair *kp,
                     char *err, size_t errlen);
/* Close at once (linger 0); safe on NULL and twice. */
void lk_conn_destroy(lk_conn **self);

/* Send a request. A zero req->id is replaced by the next id; req->version is
 * set. Several requests may be in flight. 0, -LK_EBUSY (the send queue is
 * full: receive replies first), -LK_EIO or -LK_ENOMEM. */
int lk_conn_send(lk_conn *self, Lokmin__Request *req);
/* Wait up to timeout_ms for the next reply (any id); *rep is the caller's.
 * Returns 0, or -LK_ETIMEDOUT, -LK_EUNREACH (never connected, down for 5 s,
 * or at once when a request still waiting went out on a connection that has
 * since dropped) or -LK_EAUTHFAIL (the server refused our key), with
 * lk_conn_error() set. On failure every request in flight counts as given up. */
int lk_conn_recv(lk_conn *self, int64_t timeout_ms, Lokmin__Reply **rep);
/* Send and wait for the reply to this request; replies to other requests that
 * arrive meanwhile are discarded, so do not mix with pipelined lk_conn_send on
 * one connection. On a server error the reply's
 * status is returned negated, lk_conn_error() holds its message and *rep is
 * still given. */
int lk_conn_call(lk_conn *self, Lokmin__Request *req, int64_t timeout_ms, Lokmin__Reply **rep);
/* Detail of the last failure; never NULL. */
const char *lk_conn_error(const lk_conn *self);
/* The endpoint this connection dials. */
const char *lk_conn_endpoint(const lk_conn *self);
/* The raw DEALER socket (for benchmarks and tests). */
void *lk_conn_socket(lk_conn *self);

#endif
