/* zap: the ZAP handler thread: admits CURVE keys and keeps the device cache current. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_fault.h"
#include "lk_log.h"
#include "lk_util.h"
#include "srv.h"

#define ZAP_ENDPOINT "inproc://zeromq.zap.01"

static int s_listen(struct srv *s)
{
	char err[512];
	struct lk_device *devs = NULL;
	size_t n = 0;
	int rc;

	if (s->listen_pg == NULL) {
		s->listen_pg = db_connect(s->cfg->db, err, sizeof err);
		if (s->listen_pg == NULL) {
			log_warnx("%s: %s", __func__, err);
			return -LK_EUNAVAIL;
		}
	}
	if ((rc = db_command(s->listen_pg, "LISTEN lokmin_device")) != 0) {
		log_warnx("%s: LISTEN: %s", __func__, PQerrorMessage(s->listen_pg));
		goto fail;
	}
	/* Load after LISTEN, so no change can fall between the two. */
	if ((rc = db_load_devices(s->listen_pg, &devs, &n)) != 0)
		goto fail;
	rc = devcache_replace(s->devices, devs, n);
	free(devs);
	log_debug("%s: %zu devices loaded", __func__, n);
	return rc;
fail:
	PQfinish(s->listen_pg);
	s->listen_pg = NULL;
	return rc ? rc : -LK_EUNAVAIL;
}

static void s_notifications(struct srv *s)
{
	PGnotify *n;
	if (!PQconsumeInput(s->listen_pg)) {
		log_warnx("%s: lost the notification connection: %s", __func__,
		          PQerrorMessage(s->listen_pg));
		PQfinish(s->listen_pg);
		s->listen_pg = NULL;
		return;
	}
	while ((n = PQnotifies(s->listen_pg)) != NULL) {
		uint8_t pk[LK_CURVE_KEYLEN];
		struct lk_device d;
		if (lk_hex_decode(pk, sizeof pk, n->extra) == 0) {
			int rc = db_load_device(s->listen_pg, pk, &d);
			if (rc == 0)
				devcache_put(s->devices, &d);
			else if (rc == -LK_ENOTFOUND)
				devcache_remove(s->devices, pk);
			log_debug("%s: device %.12s refreshed", __func__, n->extra);
		}
		PQfreemem(n);
	}
}

/* Answer one ZAP request (RFC 27). Status 200 admits the key; the User-Id is
 * the key in hex, the only identity the workers trust. */
static void s_zap_request(struct srv *s)
{
	char frames[8][256];
	size_t sizes[8];
	int nframes = 0, more = 1;
	size_t sz = sizeof more;

	while (more && nframes < 8) {
		int n = zmq_recv(s->zap_sock, frames[nframes], sizeof frames[nframes], 0);
		if (n < 0)
			return;
		sizes[nframes++] = (size_t)n < sizeof frames[0] ? (size_t)n : sizeof frames[0];
		zmq_getsockopt(s->zap_sock, ZMQ_RCVMORE, &more, &sz);
	}
	if (more)
		lk_zmq_drain(s->zap_sock);
	if (nframes < 6)
		return; /* not a ZAP request; REP needs a reply, but libzmq never sends these */

	const char *status = "400", *text = "refused";
	char user[LK_HEX_KEYLEN] = "";
	int ok_version = sizes[0] == 3 && memcmp(frames[0], "1.0", 3) == 0;
	int ok_domain = sizes[2] == strlen(LK_ZAP_DOMAIN) &&
	                memcmp(frames[2], LK_ZAP_DOMAIN, sizes[2]) == 0;
	int ok_mech = sizes[5] == 5 && memcmp(frames[5], "CURVE", 5) == 0;
	if (ok_version && ok_domain && ok_mech && nframes == 7 && sizes[6] == LK_CURVE_KEYLEN) {
		struct lk_device d;
		const uint8_t *pk = (const uint8_t *)frames[6];
		if (devcache_lookup(s->devices, pk, &d) == 0 && d.revoked) {
			text = "device revoked";
		} else {
			/* Enrolled, or unknown: an unknown key may only enroll, which the
			 * workers enforce per request. */
			status = "200";
			text = "OK";
			lk_hex_encode(user, pk, LK_CURVE_KEYLEN);
		}
	}
	lk_zmq_send(s->zap_sock, "1.0", 3, 1, 0);
	lk_zmq_send(s->zap_sock, frames[1], sizes[1], 1, 0);
	lk_zmq_send(s->zap_sock, status, 3, 1, 0);
	lk_zmq_send(s->zap_sock, text, strlen(text), 1, 0);
	lk_zmq_send(s->zap_sock, user, strlen(user), 1, 0);
	lk_zmq_send(s->zap_sock, "", 0, 0, 0);
}

static void *s_zap_main(void *arg)
{
	struct srv *s = arg;
	uint64_t last_reload = lk_now_ms(), last_retry = 0;

	while (!s->zap_stop) {
		zmq_pollitem_t items[2] = {{s->zap_sock, 0, ZMQ_POLLIN, 0}, {NULL, -1, ZMQ_POLLIN, 0}};
		int nitems = 1;
		if (s->listen_pg) {
			items[1].fd = PQsocket(s->listen_pg);
			nitems = 2;
		}
		int rc = zmq_poll(items, nitems, 200);
		if (rc < 0 && errno != EINTR) {
			log_error("ZAP handler: zmq_poll: %s", zmq_strerror(errno));
			break;
		}
		if (items[0].revents & ZMQ_POLLIN) {
			/* Testing aid: end here as a fault would, leaving the request unanswered. */
			if (lk_fault_hit("zap_exit_after"))
				break;
			s_zap_request(s);
		}
		if (nitems == 2 && (items[1].revents & ZMQ_POLLIN))
			s_notifications(s);

		uint64_t now = lk_now_ms();
		if (s->listen_pg == NULL && now - last_retry > 2000) {
			/* Reconnect; a full reload covers anything missed meanwhile. */
			last_retry = now;
			if (s_listen(s) == 0) {
				log_info("device notifications restored");
				last_reload = now;
			}
		} else if (s->listen_pg && now - last_reload > (uint64_t)s->cfg->device_refresh) {
			struct lk_device *devs;
			size_t n;
			if (db_load_devices(s->listen_pg, &devs, &n) == 0) {
				devcache_replace(s->devices, devs, n);
				free(devs);
			}
			last_reload = now;
		}
	}
	if (!s->zap_stop) {
		log_error("ZAP handler thread exits: no new connection can be admitted");
		s->zap_dead = 1;
	}
	return NULL;
}

int zap_start(struct srv *s)
{
	int rc;
	s->zap_sock = zmq_socket(s->zctx, ZMQ_REP);
	if (s->zap_sock == NULL || zmq_bind(s->zap_sock, ZAP_ENDPOINT) != 0) {
		log_warnx("%s: cannot bind %s: %s", __func__, ZAP_ENDPOINT, zmq_strerror(errno));
		return -LK_ECONFIG;
	}
	if ((rc = s_listen(s)) != 0)
		return rc;
	log_info("device table: %zu devices", devcache_count(s->devices));
	s->zap_stop = 0;
	if (pthread_create(&s->zap_thread, NULL, s_zap_main, s) != 0) {
		log_warn("%s: pthread_create", __func__);
		return -LK_EINTERNAL;
	}
	return 0;
}

void zap_stop(struct srv *s)
{
	s->zap_stop = 1;
	pthread_join(s->zap_thread, NULL);
	zmq_close(s->zap_sock);
	s->zap_sock = NULL;
	PQfinish(s->listen_pg);
	s->listen_pg = NULL;
}
