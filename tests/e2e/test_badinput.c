/* test_badinput: malformed input gets an error reply or a disconnect, and lokmind keeps serving others. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zmq.h>

#include "lk_error.h"
#include "lk_util.h"
#include "lkt.h"

static struct lkt_server s_srv;
static char s_home[400];
static void *s_ctx;

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "good", s_home, sizeof s_home);
	cr_assert_eq(lkt_enroll(&s_srv, s_home, "puskesmas", "P3324010101"), 0);
	s_ctx = zmq_ctx_new();
}

static void s_teardown(void)
{
	zmq_ctx_term(s_ctx);
	lkt_server_fini(&s_srv);
}

TestSuite(badinput, .init = s_setup, .fini = s_teardown, .timeout = 120);

/* A ping from a separate, well-behaved client process must still succeed. */
static void s_other_client_pings(void)
{
	char *out = NULL, *err = NULL;
	const char *ping[] = {"ping", NULL};
	uint64_t t0 = lk_mono_us();
	cr_assert_eq(lkt_lokmin(s_home, &out, &err, ping), 0, "ping after bad input failed: %s", err);
	cr_assert(lk_mono_us() - t0 < 3000000, "ping took too long");
	free(out);
	free(err);
}

/* An enrolled raw socket, so bad input is judged past authentication. */
static void *s_enrolled_dealer(void)
{
	lk_curve_pair kp;
	cr_assert_eq(lkt_home_keys(s_home, &kp), 0);
	void *d = lkt_dealer(s_ctx, &s_srv, &kp);
	cr_assert_not_null(d);
	return d;
}

static Lokmin__Reply *s_send_raw(void *d, const void *buf, size_t len)
{
	Lokmin__Reply *rep = NULL;
	cr_assert(zmq_send(d, buf, len, 0) >= 0);
	cr_assert_eq(lkt_recv(d, 5000, &rep), 0, "no reply to %zu bad bytes", len);
	return rep;
}

Test(badinput, empty_frame)
{
	void *d = s_enrolled_dealer();
	Lokmin__Reply *rep = s_send_raw(d, "", 0);
	cr_assert_eq(rep->status, LK_EBADREQ);
	cr_assert_eq(rep->id, 0);
	cr_assert_str_eq(rep->error_name, "BAD_REQUEST");
	lk_reply_free(rep);
	zmq_close(d);
	s_other_client_pings();
}

Test(badinput, random_bytes)
{
	void *d = s_enrolled_dealer();
	uint8_t junk[4096];
	for (int i = 0; i < 200; i++) {
		size_t n = 1 + randombytes_uniform(sizeof junk);
		randombytes_buf(junk, n);
		Lokmin__Reply *rep = s_send_raw(d, junk, n);
		/* Random bytes are never a valid request of a known type from version 1. */
		cr_assert_neq(rep->status, 0, "random bytes were accepted");
		lk_reply_free(rep);
	}
	zmq_close(d);
	s_other_client_pings();
}

Test(badinput, truncated_protobuf)
{
	void *d = s_enrolled_dealer();
	Lokmin__Request r = LOKMIN__REQUEST__INIT;
	Lokmin__OrgShowRequest os = LOKMIN__ORG_SHOW_REQUEST__INIT;
	uint8_t *buf;
	size_t len;
	os.code = "P3324010101";
	r.version = LK_PROTOCOL_VERSION;
	r.id = 77;
	r.body_case = LOKMIN__REQUEST__BODY_ORG_SHOW;
	r.org_show = &os;
	cr_assert_eq(lk_request_encode(&r, &buf, &len), 0);
	Lokmin__Reply *rep = s_send_raw(d, buf, len - 3);
	cr_assert_eq(rep->status, LK_EBADREQ, "%s", rep->error_name);
	lk_reply_free(rep);
	rep = s_send_raw(d, buf, len);
	cr_assert_eq(rep->status, 0, "the whole request still works: %s", rep->message);
	cr_assert_eq(rep->id, 77);
	lk_reply_free(rep);
	free(buf);
	zmq_close(d);
	s_other_client_pings();
}

Test(badinput, oversized_protobuf_field)
{
	void *d = s_enrolled_dealer();
	/* Within the socket limit, but a length prefix that claims 1 GiB. */
	uint8_t bad[64] = {0x08, 0x01, 0x10, 0x05, 0x52, 0x80, 0x80, 0x80, 0x80, 0x04};
	Lokmin__Reply *rep = s_send_raw(d, bad, sizeof bad);
	cr_assert_eq(rep->status, LK_EBADREQ);
	lk_reply_free(rep);
	zmq_close(d);
	s_other_client_pings();
}

Test(badinput, message_over_the_size_limit_disconnects)
{
	void *d = s_enrolled_dealer();
	size_t n = LK_MAX_MSG_DEFAULT + 1024;
	uint8_t *big = calloc(1, n);
	Lokmin__Reply *rep = NULL;
	cr_assert(zmq_send(d, big, n, 0) >= 0);
	free(big);
	cr_assert_eq(lkt_recv(d, 1500, &rep), -1, "an oversized message gets no reply: the peer is dropped");
	zmq_close(d);
	s_other_client_pings();
}

Test(badinput, too_many_frames)
{
	void *d = s_enrolled_dealer();
	Lokmin__Reply *rep = NULL;
	/* A valid request followed by extra frames: refused, under its own id. */
	Lokmin__Request r = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	uint8_t *buf;
	size_t len;
	r.version = LK_PROTOCOL_VERSION;
	r.id = 55;
	r.body_case = LOKMIN__REQUEST__BODY_PING;
	r.ping = &ping;
	cr_assert_eq(lk_request_encode(&r, &buf, &len), 0);
	zmq_send(d, buf, len, ZMQ_SNDMORE);
	zmq_send(d, "b", 1, ZMQ_SNDMORE);
	zmq_send(d, "c", 1, 0);
	free(buf);
	cr_assert_eq(lkt_recv(d, 5000, &rep), 0);
	cr_assert_eq(rep->status, LK_EFRAMES);
	cr_assert_str_eq(rep->error_name, "TOO_MANY_FRAMES");
	cr_assert_eq(rep->id, 55);
	lk_reply_free(rep);
	/* Many frames at once, too. */
	for (int i = 0; i < 500; i++)
		zmq_send(d, "x", 1, ZMQ_SNDMORE);
	zmq_send(d, "x", 1, 0);
	cr_assert_eq(lkt_recv(d, 5000, &rep), 0);
	cr_assert_eq(rep->status, LK_EFRAMES);
	lk_reply_free(rep);
	zmq_close(d);
	s_other_client_pings();
}

Test(badinput, unknown_protocol_version)
{
	void *d = s_enrolled_dealer();
	Lokmin__Request r = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	Lokmin__Reply *rep = NULL;
	r.version = 99;
	r.id = 5;
	r.body_case = LOKMIN__REQUEST__BODY_PING;
	r.ping = &ping;
	cr_assert_eq(lkt_send(d, &r), 0);
	cr_assert_eq(lkt_recv(d, 5000, &rep), 0);
	cr_assert_eq(rep->status, LK_EVERSION);
	cr_assert_eq(rep->id, 5);
	cr_assert_eq(rep->version, LK_PROTOCOL_VERSION, "the reply says which version the server speaks");
	cr_assert(strstr(rep->message, "99"), "%s", rep->message);
	lk_reply_free(rep);
	/* A request with no body at all. */
	r.version = LK_PROTOCOL_VERSION;
	r.body_case = LOKMIN__REQUEST__BODY__NOT_SET;
	cr_assert_eq(lkt_send(d, &r), 0);
	cr_assert_eq(lkt_recv(d, 5000, &rep), 0);
	cr_assert_eq(rep->status, LK_EBADREQ);
	lk_reply_free(rep);
	zmq_close(d);
	s_other_client_pings();
}

Test(badinput, silent_tcp_connections_do_not_delay_others)
{
	int fds[50];
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)s_srv.port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < 50; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		cr_assert_eq(connect(fds[i], (struct sockaddr *)&a, sizeof a), 0);
		if (i % 2)
			cr_assert(write(fds[i], "\xff\x00\x00", 3) == 3); /* a greeting that never finishes */
	}
	for (int i = 0; i < 3; i++)
		s_other_client_pings();
	for (int i = 0; i < 50; i++)
		close(fds[i]);
	s_other_client_pings();
}

Test(badinput, garbage_from_an_unenrolled_key)
{
	void *d = lkt_dealer(s_ctx, &s_srv, NULL);
	uint8_t junk[256];
	randombytes_buf(junk, sizeof junk);
	Lokmin__Reply *rep = s_send_raw(d, junk, sizeof junk);
	cr_assert_neq(rep->status, 0);
	lk_reply_free(rep);
	zmq_close(d);
	s_other_client_pings();
}
