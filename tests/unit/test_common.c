/* test_common: unit tests of the shared library: errors, ids, clocks, parsing, config, enrollment lines. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lk_config.h"
#include "lk_csv.h"
#include "lk_enroll.h"
#include "lk_error.h"
#include "lk_hlc.h"
#include "lk_keys.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "lkt.h"

Test(error, table_round_trips)
{
	for (int c = 0; c < LK_ERROR_MAX; c++) {
		const char *name = lk_error_name(c);
		cr_assert_str_neq(name, "UNKNOWN", "code %d has no name", c);
		cr_assert_eq(lk_error_from_name(name), c);
		cr_assert_eq(lk_strerror(-c), lk_strerror(c));
	}
	cr_assert_str_eq(lk_error_name(-LK_EPERM), "PERMISSION_DENIED");
	cr_assert_str_eq(lk_error_name(9999), "UNKNOWN");
	cr_assert_eq(lk_error_from_name("NO_SUCH"), -1);
}

Test(uuid, v7_layout_order_and_text)
{
	lk_uuid a, b, p;
	char s[LK_UUID_STRLEN];
	uint64_t before = lk_now_ms();
	lk_uuid_v7(&a);
	for (int i = 0; i < 10000; i++) {
		lk_uuid_v7(&b);
		cr_assert(memcmp(a.b, b.b, LK_UUID_LEN) < 0, "ids must sort in creation order");
		a = b;
	}
	cr_assert_eq(a.b[6] >> 4, 7, "version 7");
	cr_assert_eq(a.b[8] >> 6, 2, "RFC variant");
	cr_assert(lk_uuid_time_ms(&a) >= before && lk_uuid_time_ms(&a) <= lk_now_ms() + 10);
	lk_uuid_format(&a, s);
	cr_assert_eq(strlen(s), 36);
	cr_assert_eq(lk_uuid_parse(&p, s), 0);
	cr_assert_eq(memcmp(p.b, a.b, LK_UUID_LEN), 0);
	cr_assert_eq(lk_uuid_parse(&p, "not-a-uuid"), -LK_EINVAL);
	cr_assert_eq(lk_uuid_parse(&p, "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4g5h"), -LK_EINVAL);
}

Test(hlc, monotonic_and_merges_remote)
{
	lk_hlc c = LK_HLC_INIT;
	lk_hlc_ts t1 = lk_hlc_tick(&c, 1000);
	lk_hlc_ts t2 = lk_hlc_tick(&c, 1000); /* same wall time: logical counter moves */
	lk_hlc_ts t3 = lk_hlc_tick(&c, 900);  /* wall clock went back: still increases */
	cr_assert(t1 < t2 && t2 < t3);
	cr_assert_eq(lk_hlc_physical(t1), 1000);
	cr_assert_eq(lk_hlc_logical(t2), 1);
	lk_hlc_ts remote = lk_hlc_make(5000, 7);
	lk_hlc_ts t4 = lk_hlc_recv(&c, remote, 1200);
	cr_assert(t4 > remote, "a received timestamp is passed");
	cr_assert(lk_hlc_tick(&c, 1300) > t4);
	cr_assert_eq(lk_hlc_physical(lk_hlc_tick(&c, 9000)), 9000, "wall clock ahead wins");
}

/* Parameters are copied into a re-executed test process, so they hold no pointers. */
struct dur_case {
	char text[16];
	int64_t ms;
	int rc;
};

ParameterizedTestParameters(util, durations)
{
	static struct dur_case cases[] = {
		{"90", 90000, 0},    {"90s", 90000, 0}, {"30m", 1800000, 0}, {"72h", 259200000, 0},
		{"7d", 604800000, 0}, {"250ms", 250, 0}, {"", 0, -LK_EINVAL}, {"x", 0, -LK_EINVAL},
		{"5y", 0, -LK_EINVAL}, {"-5s", 0, -LK_EINVAL},
	};
	return cr_make_param_array(struct dur_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct dur_case *c, util, durations)
{
	int64_t v = -1;
	cr_assert_eq(lk_parse_duration_ms(c->text, &v), c->rc, "%s", c->text);
	if (c->rc == 0)
		cr_assert_eq(v, c->ms, "%s", c->text);
}

/* A plain number is seconds: one too large for milliseconds is refused, not wrapped. */
Test(util, duration_overflow)
{
	int64_t v = -1;
	cr_assert_eq(lk_parse_duration_ms("9223372036854775807", &v), -LK_EINVAL);
	cr_assert_eq(lk_parse_duration_ms("9223372036854775", &v), 0);
	cr_assert_eq(v, 9223372036854775000LL);
}

Test(util, sizes_hex_trim)
{
	int64_t v;
	uint8_t b[4];
	char h[9], t[] = "  a b \n";
	cr_assert_eq(lk_parse_size("20M", &v), 0);
	cr_assert_eq(v, 20 << 20);
	cr_assert_eq(lk_parse_size("512KiB", &v), 0);
	cr_assert_eq(v, 512 << 10);
	cr_assert_eq(lk_parse_size("12Q", &v), -LK_EINVAL);
	cr_assert_eq(lk_hex_decode(b, 4, "deadBEEF"), 0);
	cr_assert_str_eq(lk_hex_encode(h, b, 4), "deadbeef");
	cr_assert_eq(lk_hex_decode(b, 4, "deadbee"), -LK_EINVAL);
	cr_assert_eq(lk_hex_decode(b, 4, "deadbeeg"), -LK_EINVAL);
	cr_assert_str_eq(lk_trim(t), "a b");
}

Test(csv, quoting)
{
	char line[] = "a,\"b,c\",\"d \"\"e\"\"\",,f\r\n";
	char bad[] = "a,\"open";
	char *f[8];
	cr_assert_eq(lk_csv_split(line, f, 8), 5);
	cr_assert_str_eq(f[0], "a");
	cr_assert_str_eq(f[1], "b,c");
	cr_assert_str_eq(f[2], "d \"e\"");
	cr_assert_str_eq(f[3], "");
	cr_assert_str_eq(f[4], "f");
	cr_assert_eq(lk_csv_split(bad, f, 8), -LK_EINVAL);
}

struct cfg {
	char name[16];
	int64_t n;
	int64_t on;
	int64_t ttl;
};

static const struct lk_opt s_table[] = {
	{"name", LK_OPT_STR, offsetof(struct cfg, name), 16, "x", 0, 0, "a name"},
	{"n_items", LK_OPT_INT, offsetof(struct cfg, n), 0, "4", 1, 10, "a count"},
	{"on", LK_OPT_BOOL, offsetof(struct cfg, on), 0, "false", 0, 1, "a switch"},
	{"ttl", LK_OPT_DURATION, offsetof(struct cfg, ttl), 0, "1h", 1000, 86400000, "a duration"},
};

Test(config, precedence_file_env_flags)
{
	struct cfg c;
	char err[LK_OPT_ERRLEN], path[] = "/tmp/lkt-config-XXXXXX";
	int fd = mkstemp(path);
	const char *text = "# comment\n  # indented comment\nname = from#file\nn_items = 7\nttl = 30m\n";
	cr_assert(write(fd, text, strlen(text)) > 0);
	close(fd);

	lk_config_defaults(s_table, 4, &c);
	cr_assert_str_eq(c.name, "x");
	cr_assert_eq(c.n, 4);
	cr_assert_eq(c.ttl, 3600000);
	cr_assert_eq(lk_config_load_file(s_table, 4, &c, path, err), 0, "%s", err);
	cr_assert_str_eq(c.name, "from#file", "a # inside a value is kept");
	cr_assert_eq(c.ttl, 1800000);
	setenv("LOKMIN_N_ITEMS", "9", 1);
	cr_assert_eq(lk_config_load_env(s_table, 4, &c, err), 0, "%s", err);
	cr_assert_eq(c.n, 9);
	unsetenv("LOKMIN_N_ITEMS");
	char *argv[] = {"p", "--n-items", "2", "--on", "--name=flag", "rest"};
	int used = 0;
	for (int i = 1; i < 6; i++)
		if (lk_config_flag(s_table, 4, &c, 6, argv, &i, err) == 1)
			used++;
	cr_assert_eq(used, 3);
	cr_assert_eq(c.n, 2);
	cr_assert_eq(c.on, 1);
	cr_assert_str_eq(c.name, "flag");
	unlink(path);
}

Test(config, bad_values_name_the_option)
{
	struct cfg c;
	char err[LK_OPT_ERRLEN];
	lk_config_defaults(s_table, 4, &c);
	cr_assert_eq(lk_config_set(s_table, 4, &c, "n_items", "11", err), -LK_EINVAL);
	cr_assert(strstr(err, "n_items") && strstr(err, "outside"), "%s", err);
	cr_assert_eq(lk_config_set(s_table, 4, &c, "n-items", "abc", err), -LK_EINVAL);
	cr_assert_eq(lk_config_set(s_table, 4, &c, "name", "a name far too long for it", err), -LK_EINVAL);
	cr_assert_eq(lk_config_set(s_table, 4, &c, "nope", "1", err), -LK_ENOTFOUND);
	cr_assert_eq(c.n, 4, "a refused value changes nothing");
}

Test(keys, files_are_private_and_round_trip)
{
	lk_curve_pair kp, back;
	char dir[] = "/tmp/lkt-keys-XXXXXX", path[64];
	struct stat st;
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(lk_curve_generate(&kp), 0);
	cr_assert_eq(lk_curve_save(&kp, dir, "device", 0), 0);
	cr_assert_eq(lk_curve_save(&kp, dir, "device", 0), -LK_EEXIST, "no silent overwrite");
	snprintf(path, sizeof path, "%s/device.key", dir);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	cr_assert_eq(lk_curve_load(&back, dir, "device"), 0);
	cr_assert_str_eq(back.public_z85, kp.public_z85);
	cr_assert_str_eq(back.secret_z85, kp.secret_z85);
	chmod(path, 0644);
	cr_assert_eq(lk_curve_load(&back, dir, "device"), -LK_ECONFIG, "a readable secret key is refused");
	char hex[LK_HEX_KEYLEN], z[LK_Z85_KEYLEN];
	cr_assert_eq(lk_z85_to_hex(hex, kp.public_z85), 0);
	cr_assert_eq(lk_hex_to_z85(z, hex), 0);
	cr_assert_str_eq(z, kp.public_z85);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

Test(enroll_line, format_parse_round_trip)
{
	lk_curve_pair kp;
	struct lk_enroll_line el;
	char line[512], err[256];
	cr_assert_eq(lk_curve_generate(&kp), 0);
	cr_assert_eq(lk_enroll_line_format(line, sizeof line, "tcp://10.1.2.3:7400", kp.public_z85,
	                                   "00112233445566778899aabbccddeeff", "puskesmas", "P3324010101"),
	             0);
	cr_assert_eq(lk_enroll_line_parse(line, &el, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(el.endpoint, "tcp://10.1.2.3:7400");
	cr_assert_str_eq(el.server_key_z85, kp.public_z85);
	cr_assert_str_eq(el.token, "00112233445566778899aabbccddeeff");
	cr_assert_str_eq(el.role, "puskesmas");
	cr_assert_str_eq(el.scope, "P3324010101");
}

Test(enroll_line, several_endpoints_round_trip)
{
	lk_curve_pair kp;
	struct lk_enroll_line el;
	char line[512], err[256];
	cr_assert_eq(lk_curve_generate(&kp), 0);
	cr_assert_eq(lk_enroll_line_format(line, sizeof line, "tcp://a.example:7400,tcp://10.1.2.4:7401", kp.public_z85,
	                                   "00112233445566778899aabbccddeeff", "dinkes", "3324"),
	             0);
	cr_assert(strncmp(line, "lokmin://a.example:7400,10.1.2.4:7401?key=", 42) == 0, "%s", line);
	cr_assert_eq(lk_enroll_line_parse(line, &el, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(el.endpoint, "tcp://a.example:7400,tcp://10.1.2.4:7401");
	cr_assert_str_eq(el.server_key_z85, kp.public_z85);
}

struct bad_line {
	char text[200];
};

#define Z "0000000000000000000000000000000000000000000000000000000000000000"

ParameterizedTestParameters(enroll_line, refused)
{
	static struct bad_line bad[] = {
		{"http://x:1?key=00"},
		{"lokmin://host?key=" Z "&token=00112233445566778899aabbccddeeff&role=dinkes&scope=3324"},
		{"lokmin://host:7400?token=00112233445566778899aabbccddeeff&role=dinkes&scope=3324"},
		{"lokmin://host:7400?key=" Z "&token=0011&role=dinkes&scope=3324"},
		{"lokmin://host:7400?key=" Z "&token=00112233445566778899aabbccddeeff&role=mayor&scope=3324"},
		{"lokmin://host:7400?key=" Z "&token=00112233445566778899aabbccddeeff&role=dinkes"},
		{"lokmin://host:7400?key=" "00zz" "&token=00112233445566778899aabbccddeeff&role=dinkes&scope=3324"},
		{"lokmin://host:7400,?key=" Z "&token=00112233445566778899aabbccddeeff&role=dinkes&scope=3324"},
		{"lokmin://host:7400,other?key=" Z "&token=00112233445566778899aabbccddeeff&role=dinkes&scope=3324"},
		{"lokmin://a:1,b:2,c:3,d:4,e:5?key=" Z "&token=00112233445566778899aabbccddeeff&role=dinkes&scope=3324"},
	};
	return cr_make_param_array(struct bad_line, bad, sizeof bad / sizeof bad[0]);
}

ParameterizedTest(struct bad_line *line, enroll_line, refused)
{
	struct lk_enroll_line el;
	char err[256] = "";
	cr_assert_eq(lk_enroll_line_parse(line->text, &el, err, sizeof err), -LK_EINVAL, "%s", line->text);
	cr_assert(strlen(err) > 10, "a reason is given");
}

/* Numbers wider than their type are refused, never wrapped (18446744073709552 s was 384 ms). */
Test(config, overflow_and_lax_numbers_refused)
{
	struct cfg c;
	char err[LK_OPT_ERRLEN];
	int64_t v;
	lk_config_defaults(s_table, 4, &c);
	cr_assert_eq(lk_parse_duration_ms("18446744073709552", &v), -LK_EINVAL);
	cr_assert_eq(lk_parse_duration_ms("9223372036854775808ms", &v), -LK_EINVAL);
	cr_assert_eq(lk_parse_duration_ms("9223372036854776d", &v), -LK_EINVAL);
	cr_assert_eq(lk_parse_duration_ms(" 5s", &v), -LK_EINVAL);
	cr_assert_eq(lk_parse_duration_ms("+5s", &v), -LK_EINVAL);
	cr_assert_eq(lk_parse_size("18446744073709551617", &v), -LK_EINVAL);
	cr_assert_eq(lk_config_set(s_table, 4, &c, "ttl", "18446744073709552", err), -LK_EINVAL);
	cr_assert(strstr(err, "ttl"), "%s", err);
	cr_assert_eq(lk_config_set(s_table, 4, &c, "n_items", "4294967297", err), -LK_EINVAL);
	cr_assert_eq(lk_config_set(s_table, 4, &c, "n_items", " 5", err), -LK_EINVAL);
	cr_assert_eq(lk_config_set(s_table, 4, &c, "n_items", "+5", err), -LK_EINVAL);
	cr_assert_eq(lk_config_set(s_table, 4, &c, "n_items", "99999999999999999999", err), -LK_EINVAL);
	cr_assert_eq(c.n, 4);
	cr_assert_eq(c.ttl, 3600000);
}

Test(util, strict_numbers)
{
	uint64_t u;
	double d;
	cr_assert_eq(lk_parse_uint("12", 12, &u), 0);
	cr_assert_eq(u, 12);
	cr_assert_eq(lk_parse_uint("13", 12, &u), -LK_EINVAL);
	cr_assert_eq(lk_parse_uint("3-", 12, &u), -LK_EINVAL);
	cr_assert_eq(lk_parse_uint("2026\xff", 9999, &u), -LK_EINVAL);
	cr_assert_eq(lk_parse_uint("18446744073709551616", UINT64_MAX, &u), -LK_EINVAL);
	cr_assert_eq(lk_parse_uint("18446744073709551615", UINT64_MAX, &u), 0);
	cr_assert_eq(lk_parse_arg("4294967297"), -1, "4294967297 is not January");
	cr_assert_eq(lk_parse_arg("-1"), -1);
	cr_assert_eq(lk_parse_arg(" 1"), -1);
	cr_assert_eq(lk_parse_arg("2026"), 2026);
	cr_assert_eq(lk_parse_real("2.5e3", &d), 0);
	cr_assert_eq(d, 2500);
	static const char *const bad[] = {"nan", "inf", "-Infinity", "5e-321", "1e400", "0x10", " 1", "1 ", "", "-0"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(lk_parse_real(bad[i], &d), -LK_EINVAL, "\"%s\" accepted", bad[i]);
}

/* A bound below 9: a single digit above it is refused too. */
Test(util, parse_uint_small_bound)
{
	uint64_t u = 99;
	cr_assert_eq(lk_parse_uint("2", 0, &u), -LK_EINVAL);
	cr_assert_eq(lk_parse_uint("2", 1, &u), -LK_EINVAL);
	cr_assert_eq(lk_parse_uint("0", 0, &u), 0);
	cr_assert_eq(u, 0);
	cr_assert_eq(lk_parse_uint("1", 1, &u), 0);
	cr_assert_eq(u, 1);
	cr_assert_eq(lk_parse_uint("10", 9, &u), -LK_EINVAL);
}

Test(uuid, canonical_form_only)
{
	cr_assert(lk_uuid_canonical("01a20422-f687-7002-a92c-a851f11ac843"));
	cr_assert_not(lk_uuid_canonical("01A20422-F687-7002-A92C-A851F11AC843"));
	cr_assert_not(lk_uuid_canonical("00000000-0000-0000-0000-000000000000"));
	cr_assert_not(lk_uuid_canonical("01a20422f6877002a92ca851f11ac843"));
	cr_assert_not(lk_uuid_canonical("01a20422-f687-7002-a92c-a851f11ac84"));
}

/* A remote clock more than LK_HLC_MAX_AHEAD_MS ahead is never adopted. */
Test(hlc, remote_clock_bounded)
{
	lk_hlc c = LK_HLC_INIT;
	uint64_t wall = 1700000000000ull;
	lk_hlc_ts t = lk_hlc_recv(&c, UINT64_C(0x7fffffffffffffff), wall);
	cr_assert_eq(lk_hlc_physical(t), wall, "2^63-1 ignored");
	t = lk_hlc_recv(&c, lk_hlc_make(wall + 3600000, 0), wall);
	cr_assert_lt(lk_hlc_physical(t), wall + LK_HLC_MAX_AHEAD_MS);
	t = lk_hlc_recv(&c, lk_hlc_make(wall + 60000, 3), wall);
	cr_assert_gt(t, lk_hlc_make(wall + 60000, 3), "a minute ahead is adopted");
	cr_assert(lk_hlc_acceptable(lk_hlc_make(wall + LK_HLC_MAX_AHEAD_MS, 0), wall));
	cr_assert_not(lk_hlc_acceptable(lk_hlc_make(wall + LK_HLC_MAX_AHEAD_MS + 1, 0), wall));
}

/* The daemon itself refuses an overflowing duration instead of running with 384 ms. */
Test(config, lokmind_refuses_overflowing_duration)
{
	char *out = NULL, *err = NULL;
	const char *argv[] = {LOKMIND_BIN, "config", NULL};
	const char *bad[] = {"LOKMIN_SHUTDOWN_GRACE=18446744073709552", NULL};
	int rc = lkt_run(&out, &err, argv, bad, 10000);
	cr_assert_neq(rc, 0, "accepted: %s", out);
	cr_assert(strstr(err, "shutdown_grace"), "%s", err);
	cr_assert_null(strstr(out, "384"), "%s", out);
	free(out);
	free(err);
	const char *big[] = {"LOKMIN_ENROLL_RATE=4294967297", NULL};
	rc = lkt_run(&out, &err, argv, big, 10000);
	cr_assert_neq(rc, 0, "accepted: %s", out);
	cr_assert(strstr(err, "enroll_rate"), "%s", err);
	free(out);
	free(err);
	const char *good[] = {"LOKMIN_SHUTDOWN_GRACE=2m", NULL};
	cr_assert_eq(lkt_run(&out, &err, argv, good, 10000), 0, "%s", err);
	cr_assert(strstr(out, "shutdown_grace"), "%s", out);
	free(out);
	free(err);
}
