/* test_enroll: enrollment, tokens, unknown keys, revocation and scope, with real lokmind and lokmin processes. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "lk_error.h"
#include "lk_util.h"
#include "lkt.h"

static struct lkt_server s_srv;

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(enroll, .init = s_setup, .fini = s_teardown, .timeout = 120);

static char *s_count(const char *sql)
{
	return lkt_sql_value(&s_srv.db, sql);
}

Test(enroll, works_and_whoami_reports_role_scope_server)
{
	char home[400], *out = NULL, *err = NULL, id[37];
	lkt_home(&s_srv, "pkm", home, sizeof home);
	char *line = lkt_token(&s_srv, "puskesmas", "P3324010101", NULL);
	cr_assert_not_null(line);
	const char *en[] = {"enroll", line, "--name", "ruang TU", NULL};
	cr_assert_eq(lkt_lokmin(home, &out, &err, en), 0, "%s", err);
	cr_assert(strstr(out, "enrolled as puskesmas P3324010101"), "%s", out);
	free(out);
	free(err);
	free(line);
	cr_assert_eq(lkt_device_id(home, id), 0);

	const char *who[] = {"whoami", "--json", NULL};
	cr_assert_eq(lkt_lokmin(home, &out, &err, who), 0, "%s", err);
	cr_assert(strstr(out, "\"role\":\"puskesmas\""), "%s", out);
	cr_assert(strstr(out, "\"scope\":\"P3324010101\""), "%s", out);
	cr_assert(strstr(out, "\"scope_name\":\"Puskesmas Kaliwungu\""), "%s", out);
	cr_assert(strstr(out, "\"device_name\":\"ruang TU\""), "%s", out);
	cr_assert(strstr(out, "\"server_version\":\"" LOKMIN_VERSION "\""), "%s", out);
	cr_assert(strstr(out, id), "whoami names this device: %s", out);
	char *t = strstr(out, "\"server_time_ms\":");
	cr_assert_not_null(t);
	long long server_ms = atoll(t + 17);
	cr_assert(llabs(server_ms - (long long)lk_now_ms()) < 5000, "server time is now");
	free(out);
	free(err);

	const char *ping[] = {"ping", "--count", "3", NULL};
	cr_assert_eq(lkt_lokmin(home, &out, &err, ping), 0, "%s", err);
	cr_assert(strstr(out, "3 sent, 3 answered"), "%s", out);
	free(out);
	free(err);

	/* Keys are private files. */
	char path[500];
	struct stat st;
	snprintf(path, sizeof path, "%s/device.key", home);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	snprintf(path, sizeof path, "%s/profile", home);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);

	const char *list[] = {"device", "list", "--csv", NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, &out, NULL, list), 0);
	cr_assert(strstr(out, id) && strstr(out, "puskesmas,P3324010101,active"), "%s", out);
	free(out);
}

Test(enroll, token_used_twice_is_refused)
{
	char a[400], b[400], *err = NULL;
	lkt_home(&s_srv, "a", a, sizeof a);
	lkt_home(&s_srv, "b", b, sizeof b);
	char *line = lkt_token(&s_srv, "puskesmas", "P3324010101", NULL);
	const char *en[] = {"enroll", line, NULL};
	cr_assert_eq(lkt_lokmin(a, NULL, NULL, en), 0);
	cr_assert_eq(lkt_lokmin(b, NULL, &err, en), 1);
	cr_assert(strstr(err, "TOKEN_USED"), "%s", err);
	free(err);
	free(line);
	char *n = s_count("SELECT count(*) FROM device");
	cr_assert_str_eq(n, "1", "the refused client is not registered");
	free(n);
}

Test(enroll, expired_token_is_refused)
{
	char home[400], *err = NULL;
	lkt_home(&s_srv, "late", home, sizeof home);
	char *line = lkt_token(&s_srv, "kecamatan", "332401", "1m");
	cr_assert_not_null(line);
	cr_assert_eq(lkt_sql(&s_srv.db, "UPDATE enrollment_token SET expires_at = now() - interval '1 second'"), 0);
	const char *en[] = {"enroll", line, NULL};
	cr_assert_eq(lkt_lokmin(home, NULL, &err, en), 1);
	cr_assert(strstr(err, "TOKEN_EXPIRED"), "%s", err);
	free(err);
	free(line);
	char *n = s_count("SELECT count(*) FROM device");
	cr_assert_str_eq(n, "0");
	free(n);
}

Test(enroll, token_of_another_role_is_refused_and_stays_unused)
{
	char home[400], *err = NULL, edited[600];
	lkt_home(&s_srv, "wrong", home, sizeof home);
	char *line = lkt_token(&s_srv, "dinkes", "3324", NULL);
	cr_assert_not_null(line);
	/* The operator expects a puskesmas device, but the token is a district one. */
	const char *en1[] = {"enroll", line, "--role", "puskesmas", NULL};
	cr_assert_eq(lkt_lokmin(home, NULL, &err, en1), 1);
	cr_assert(strstr(err, "ROLE_MISMATCH"), "%s", err);
	free(err);
	/* A line edited to claim another role and scope is refused the same way. */
	char *q = strstr(line, "&role=");
	snprintf(edited, sizeof edited, "%.*s&role=puskesmas&scope=P3324010101", (int)(q - line), line);
	const char *en2[] = {"enroll", edited, NULL};
	cr_assert_eq(lkt_lokmin(home, NULL, &err, en2), 1);
	cr_assert(strstr(err, "ROLE_MISMATCH"), "%s", err);
	free(err);
	char *n = s_count("SELECT count(*) FROM device");
	cr_assert_str_eq(n, "0", "nothing registered");
	free(n);
	n = s_count("SELECT count(*) FROM enrollment_token WHERE used_at IS NULL");
	cr_assert_str_eq(n, "1", "the refused attempts did not consume the token");
	free(n);
	/* The right use of the token still works. */
	const char *en3[] = {"enroll", line, NULL};
	cr_assert_eq(lkt_lokmin(home, NULL, NULL, en3), 0);
	free(line);
	/* A refused re-enrollment (--force) leaves the working one intact. */
	line = lkt_token(&s_srv, "puskesmas", "P3324010101", NULL);
	const char *en4[] = {"enroll", line, "--force", "--role", "kecamatan", NULL};
	cr_assert_eq(lkt_lokmin(home, NULL, &err, en4), 1);
	cr_assert(strstr(err, "ROLE_MISMATCH"), "%s", err);
	free(err);
	free(line);
	char *out = NULL;
	const char *who[] = {"--json", "whoami", NULL};
	cr_assert_eq(lkt_lokmin(home, &out, &err, who), 0, "%s", err);
	cr_assert(strstr(out, "\"role\":\"dinkes\""), "%s", out);
	free(out);
	free(err);
}

Test(enroll, unknown_key_may_only_enroll)
{
	void *ctx = zmq_ctx_new();
	void *d = lkt_dealer(ctx, &s_srv, NULL);
	Lokmin__Reply *rep;
	cr_assert_not_null(d);

	Lokmin__Request r = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	Lokmin__WhoAmIRequest who = LOKMIN__WHO_AM_IREQUEST__INIT;
	Lokmin__OrgShowRequest os = LOKMIN__ORG_SHOW_REQUEST__INIT;
	Lokmin__TokenIssueRequest ti = LOKMIN__TOKEN_ISSUE_REQUEST__INIT;
	Lokmin__EnrollRequest en = LOKMIN__ENROLL_REQUEST__INIT;
	os.code = "P3324010101";
	ti.role = LOKMIN__ROLE__ROLE_PUSKESMAS;
	ti.scope_code = "P3324010101";
	r.version = LK_PROTOCOL_VERSION;
	struct {
		int body;
		void *msg;
	} tries[] = {
		{LOKMIN__REQUEST__BODY_PING, &ping},
		{LOKMIN__REQUEST__BODY_WHOAMI, &who},
		{LOKMIN__REQUEST__BODY_ORG_SHOW, &os},
		{LOKMIN__REQUEST__BODY_TOKEN_ISSUE, &ti},
	};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		r.id = 100 + i;
		r.body_case = (Lokmin__Request__BodyCase)tries[i].body;
		r.ping = tries[i].msg; /* the oneof shares one pointer */
		cr_assert_eq(lkt_send(d, &r), 0);
		cr_assert_eq(lkt_recv(d, 5000, &rep), 0, "request %zu got no reply", i);
		cr_assert_eq(rep->id, 100 + i);
		cr_assert_eq(rep->status, LK_EUNAUTH, "request %zu: %s", i, rep->error_name);
		cr_assert_str_eq(rep->error_name, "NOT_ENROLLED");
		cr_assert_eq(rep->body_case, LOKMIN__REPLY__BODY__NOT_SET);
		lk_reply_free(rep);
	}
	/* Enroll itself is reachable: a wrong token is judged on its merits. */
	en.token = "00112233445566778899aabbccddeeff";
	r.id = 200;
	r.body_case = LOKMIN__REQUEST__BODY_ENROLL;
	r.enroll = &en;
	cr_assert_eq(lkt_send(d, &r), 0);
	cr_assert_eq(lkt_recv(d, 5000, &rep), 0);
	cr_assert_str_eq(rep->error_name, "TOKEN_INVALID");
	lk_reply_free(rep);
	zmq_close(d);
	zmq_ctx_term(ctx);
	cr_assert_eq(lkt_log_wait(&s_srv, "status=NOT_ENROLLED", 4, 3000), 4, "one log line per request");
}

Test(enroll, revoked_device_is_refused_at_its_next_request)
{
	char home[400], id[37], *out = NULL, *err = NULL;
	lk_curve_pair kp;
	Lokmin__Reply *rep;
	lkt_home(&s_srv, "rev", home, sizeof home);
	cr_assert_eq(lkt_enroll(&s_srv, home, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_device_id(home, id), 0);
	cr_assert_eq(lkt_home_keys(home, &kp), 0);

	/* A connection that stays open across the revocation. */
	void *ctx = zmq_ctx_new();
	void *d = lkt_dealer(ctx, &s_srv, &kp);
	Lokmin__Request r = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	r.version = LK_PROTOCOL_VERSION;
	r.id = 1;
	r.body_case = LOKMIN__REQUEST__BODY_PING;
	r.ping = &ping;
	cr_assert_eq(lkt_send(d, &r), 0);
	cr_assert_eq(lkt_recv(d, 5000, &rep), 0);
	cr_assert_eq(rep->status, 0);
	lk_reply_free(rep);

	const char *revoke[] = {"device", "revoke", id, NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, NULL, NULL, revoke), 0);
	uint64_t revoked_at = lk_mono_us();
	uint64_t refused_after = 0;
	for (int i = 2; i < 200; i++) {
		r.id = (uint64_t)i;
		cr_assert_eq(lkt_send(d, &r), 0);
		cr_assert_eq(lkt_recv(d, 5000, &rep), 0);
		if (rep->status == LK_EREVOKED) {
			refused_after = lk_mono_us() - revoked_at;
			cr_assert_str_eq(rep->error_name, "DEVICE_REVOKED");
			lk_reply_free(rep);
			break;
		}
		lk_reply_free(rep);
		usleep(5000);
	}
	cr_assert(refused_after > 0, "never refused");
	char logged[128];
	snprintf(logged, sizeof logged, "device=%s type=ping", id);
	cr_assert_eq(lkt_log_wait(&s_srv, "status=DEVICE_REVOKED", 1, 3000), 1);
	cr_assert(lkt_log_wait(&s_srv, logged, 2, 3000) >= 2, "the log names the revoked device");
	cr_assert(refused_after < 1000000, "refused %llu us after the revocation", (unsigned long long)refused_after);
	cr_log_info("revocation took effect after %llu us", (unsigned long long)refused_after);
	zmq_close(d);
	zmq_ctx_term(ctx);

	/* A new connection is refused at the handshake, with a clear message. */
	const char *who[] = {"whoami", NULL};
	cr_assert_eq(lkt_lokmin(home, &out, &err, who), 1);
	cr_assert(strstr(err, "refused this device's key"), "%s", err);
	free(out);
	free(err);
}

Test(enroll, device_of_one_puskesmas_never_acts_for_another)
{
	char a[400], kec[400], dk[400], *out = NULL, *err = NULL;
	lkt_home(&s_srv, "A", a, sizeof a);
	lkt_home(&s_srv, "kec", kec, sizeof kec);
	lkt_home(&s_srv, "dinkes", dk, sizeof dk);
	cr_assert_eq(lkt_enroll(&s_srv, a, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, kec, "kecamatan", "332401"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, dk, "dinkes", "3324"), 0);

	struct {
		const char *home;
		const char *code;
		int ok;
	} cases[] = {
		{a, "P3324010101", 1},  {a, "P3324010102", 0}, {a, "P3324020101", 0}, {a, "P3325010101", 0},
		{a, "3324", 1},         {a, "332402", 0},      {kec, "P3324010101", 1}, {kec, "P3324010102", 1},
		{kec, "P3324020101", 0}, {kec, "3324", 1},     {dk, "P3324020101", 1}, {dk, "P3325010101", 0},
		{dk, "3325", 0},        {dk, "3324", 1},       {a, "3325", 0},        {kec, "3325", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *show[] = {"org", "show", cases[i].code, NULL};
		int rc = lkt_lokmin(cases[i].home, &out, &err, show);
		if (cases[i].ok) {
			cr_assert_eq(rc, 0, "case %zu %s: %s", i, cases[i].code, err);
			cr_assert(strstr(out, cases[i].code), "%s", out);
		} else {
			cr_assert_eq(rc, 1, "case %zu: %s must be refused", i, cases[i].code);
			cr_assert(strstr(err, "OUT_OF_SCOPE"), "case %zu: %s", i, err);
		}
		free(out);
		free(err);
	}
	/* Its own kabupaten: a puskesmas and a camat's office read its name (their
	 * letterheads print it), and nothing under it. */
	const char *kab[] = {"--json", "org", "show", "3324", NULL};
	const char *homes[] = {a, kec};
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(lkt_lokmin(homes[i], &out, NULL, kab), 0);
		cr_assert(strstr(out, "Kendal"), "%s", out);
		cr_assert_null(strstr(out, "332401"), "no kecamatan under it: %s", out);
		cr_assert_null(strstr(out, "P3324"), "no puskesmas under it: %s", out);
		free(out);
	}
	/* Showing its own kecamatan, a puskesmas sees itself but not its neighbour. */
	const char *own[] = {"--json", "org", "show", "332401", NULL};
	cr_assert_eq(lkt_lokmin(a, &out, NULL, own), 0);
	cr_assert(strstr(out, "P3324010101") && !strstr(out, "P3324010102"), "%s", out);
	free(out);
	/* Tokens: only a district device, and only inside its kabupaten. */
	const char *tok_a[] = {"token", "issue", "--role", "puskesmas", "--scope", "P3324010102", NULL};
	cr_assert_eq(lkt_lokmin(a, NULL, &err, tok_a), 1);
	cr_assert(strstr(err, "PERMISSION_DENIED"), "%s", err);
	free(err);
	/* Another kabupaten's region, a region that does not exist, and a code of the
	 * wrong kind elsewhere all get the same answer: nothing leaks. */
	const char *probes[][2] = {{"puskesmas", "P3325010101"}, {"puskesmas", "P3325019999"}, {"puskesmas", "3325"}};
	for (int i = 0; i < 3; i++) {
		const char *tok_out[] = {"token", "issue", "--role", probes[i][0], "--scope", probes[i][1], NULL};
		char want[128];
		cr_assert_eq(lkt_lokmin(dk, NULL, &err, tok_out), 1);
		snprintf(want, sizeof want, "OUT_OF_SCOPE: %s is outside kabupaten 3324 or does not exist", probes[i][1]);
		cr_assert(strstr(err, want), "probe %d: %s", i, err);
		free(err);
	}
	const char *tok_in[] = {"token", "issue", "--role", "puskesmas", "--scope", "P3324010102", NULL};
	cr_assert_eq(lkt_lokmin(dk, &out, &err, tok_in), 0, "%s", err);
	free(err);
	/* The district's line enrolls a device of that puskesmas, and only that one. */
	char b[400];
	lkt_home(&s_srv, "B", b, sizeof b);
	out[strcspn(out, "\n")] = '\0';
	const char *en[] = {"enroll", out, NULL};
	cr_assert_eq(lkt_lokmin(b, NULL, NULL, en), 0);
	free(out);
	const char *who[] = {"--json", "whoami", NULL};
	cr_assert_eq(lkt_lokmin(b, &out, NULL, who), 0);
	cr_assert(strstr(out, "\"scope\":\"P3324010102\""), "%s", out);
	free(out);
}
