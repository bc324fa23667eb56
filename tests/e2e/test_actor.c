/* test_actor: the person at the keyboard (--as, LOKMIN_AS) travels with each change through a real lokmind. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_util.h"
#include "lkt.h"

static struct lkt_server s_srv;
static char s_a[400], s_b[400], s_c[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "a", s_a, sizeof s_a);
	lkt_home(&s_srv, "b", s_b, sizeof s_b);
	lkt_home(&s_srv, "c", s_c, sizeof s_c);
	cr_assert_eq(lkt_enroll(&s_srv, s_a, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_b, "puskesmas", "P3324010101"), 0);
	/* Another puskesmas of the same kecamatan. */
	cr_assert_eq(lkt_enroll(&s_srv, s_c, "puskesmas", "P3324010102"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(actor, .init = s_setup, .fini = s_teardown, .timeout = 240);

/* Run lokmin in home with the words (NULL-terminated) and extra environment
 * env (may be NULL); stdout in *out when out is not NULL, stderr in *err. */
static int s_run_env(const char *home, const char *env, char **out, char **err, ...)
{
	const char *argv[40] = {LOKMIN_BIN, "--home", home};
	const char *envp[2] = {env, NULL};
	int n = 3;
	va_list ap;
	va_start(ap, err);
	for (const char *w; n < 39 && (w = va_arg(ap, const char *)) != NULL;)
		argv[n++] = w;
	va_end(ap);
	argv[n] = NULL;
	return lkt_run(out, err, argv, env ? envp : NULL, 30000);
}

#define s_run(home, out, ...) s_run_env(home, NULL, out, NULL, __VA_ARGS__)

/* The first line of what the command printed (malloc'd); the command must succeed. */
static char *s_line(const char *home, const char *env, ...)
{
	const char *argv[40] = {LOKMIN_BIN, "--home", home};
	const char *envp[2] = {env, NULL};
	int n = 3;
	va_list ap;
	va_start(ap, env);
	for (const char *w; n < 39 && (w = va_arg(ap, const char *)) != NULL;)
		argv[n++] = w;
	va_end(ap);
	argv[n] = NULL;
	char *out = NULL, *err = NULL;
	int rc = lkt_run(&out, &err, argv, env ? envp : NULL, 30000);
	cr_assert_eq(rc, 0, "%s: exit %d: %s", argv[3], rc, err);
	free(err);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static void s_sync_ok(const char *home)
{
	char *err = NULL;
	int rc = s_run_env(home, NULL, NULL, &err, "sync", NULL);
	cr_assert_eq(rc, 0, "sync of %s: exit %d: %s", home, rc, err);
	free(err);
}

/* A server-side value: the first cell of the formatted SQL. */
static char *s_db(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *s_db(const char *fmt, ...)
{
	char sql[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return lkt_sql_value(&s_srv.db, sql);
}

Test(actor, change_made_as_a_person_reaches_the_other_device)
{
	/* The staff list reaches device A first: the person exists on the server. */
	char *sri = s_line(s_a, NULL, "staff", "add", "Sri Wahyuni", "--title", "Bidan Koordinator", "--role",
	                   "pj_program", NULL);
	s_sync_ok(s_a);

	/* A meeting planned by Sri on device A, by name, and an edit under LOKMIN_AS. */
	char *m = s_line(s_a, NULL, "--as", "Sri Wahyuni", "record", "put", "meeting", "kind=monthly", "year=2026",
	                 "period=3", "planned_date=2026-03-03", "status=planned", "title=Lokmin Maret", NULL);
	char *err = NULL;
	cr_assert_eq(s_run_env(s_a, "LOKMIN_AS=Sri", NULL, &err, "record", "put", "meeting", "--id", m,
	                       "place=Aula Puskesmas", NULL),
	             0, "%s", err);
	free(err);
	s_sync_ok(s_a);

	/* The server keeps the author per change and on the record. */
	char *logged = s_db("SELECT string_agg(DISTINCT actor_id::text, ',') FROM change_log WHERE record_id = '%s'", m);
	cr_assert_str_eq(logged, sri);
	char *kept = s_db("SELECT changed_by_person::text FROM meeting WHERE id = '%s'", m);
	cr_assert_str_eq(kept, sri);
	free(logged);
	free(kept);

	/* Device B pulls the change and shows who made it. */
	s_sync_ok(s_b);
	char *shown = s_line(s_b, NULL, "record", "show", "meeting", m, NULL);
	cr_assert(strstr(shown, "\"place\":\"Aula Puskesmas\"") != NULL, "%s", shown);
	char want[120];
	snprintf(want, sizeof want, "\"changed_by_id\":\"%s\",\"changed_by\":\"Sri Wahyuni\"}", sri);
	cr_assert(strstr(shown, want) != NULL, "%s", shown);
	free(shown);

	/* A change without --as says nothing about the person, on the server and on B. */
	cr_assert_eq(s_run(s_a, NULL, "record", "put", "meeting", "--id", m, "place=Balai Desa", NULL), 0);
	s_sync_ok(s_a);
	char *last = s_db("SELECT coalesce(changed_by_person::text, 'none') FROM meeting WHERE id = '%s'", m);
	cr_assert_str_eq(last, "none");
	free(last);
	s_sync_ok(s_b);
	shown = s_line(s_b, NULL, "record", "show", "meeting", m, NULL);
	cr_assert(strstr(shown, "changed_by") == NULL, "%s", shown);
	free(shown);
	free(m);
	free(sri);
}

Test(actor, a_new_device_learns_the_author_from_its_first_copy)
{
	char *sri = s_line(s_a, NULL, "staff", "add", "Sri Wahyuni", "--role", "pj_program", NULL);
	s_sync_ok(s_a);
	char *m = s_line(s_a, NULL, "--as", "Sri", "record", "put", "meeting", "kind=monthly", "year=2026", "period=4",
	                 "status=planned", NULL);
	s_sync_ok(s_a);
	/* Forget the log: B's first sync then reads a snapshot of the tables. */
	cr_assert_eq(lkt_sql(&s_srv.db, "UPDATE sync_counter SET pruned_through = last_seq"), 0);
	s_sync_ok(s_b);
	char *shown = s_line(s_b, NULL, "record", "show", "meeting", m, NULL);
	cr_assert(strstr(shown, "\"changed_by\":\"Sri Wahyuni\"") != NULL, "%s", shown);
	free(shown);
	free(m);
	free(sri);
}

/* The op is refused with UNKNOWN_ACTOR, lands in `lokmin failed`, and nothing reaches the server. */
static void s_refused(const char *actor)
{
	char *m = s_line(s_a, NULL, "--as", actor, "record", "put", "meeting", "kind=monthly", "year=2026", "period=5",
	                 "status=planned", NULL);
	s_run(s_a, NULL, "sync", NULL); /* exit status: the op failed */
	char *out = NULL;
	cr_assert_eq(s_run(s_a, &out, "failed", "--json", NULL), 0);
	cr_assert(strstr(out, "\"code\":32,\"error\":\"UNKNOWN_ACTOR\"") != NULL, "%s", out);
	cr_assert(strstr(out, "is not a person of this device's office") != NULL, "%s", out);
	free(out);
	char *n = s_db("SELECT count(*) FROM meeting WHERE id = '%s'", m);
	cr_assert_str_eq(n, "0");
	free(n);
	n = s_db("SELECT count(*) FROM change_log WHERE actor_id::text = '%s'", actor);
	cr_assert_str_eq(n, "0");
	free(n);
	free(m);
}

Test(actor, a_person_of_another_puskesmas_is_refused)
{
	/* Budi is staff of the other puskesmas: device A cannot see him, and
	 * the server refuses him as the author of A's change. */
	char *budi = s_line(s_c, NULL, "staff", "add", "Budi Santoso", "--role", "pj_program", NULL);
	s_sync_ok(s_c);
	s_refused(budi);
	free(budi);
}

Test(actor, an_unknown_person_id_is_refused)
{
	s_refused("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
}

Test(actor, a_name_that_is_no_one_on_the_staff_list_stops_the_command)
{
	char *out = NULL, *err = NULL;
	int rc = s_run_env(s_a, "LOKMIN_AS=Nobody Here", &out, &err, "record", "put", "meeting", "kind=monthly",
	                   "year=2026", "period=6", "status=planned", NULL);
	cr_assert_neq(rc, 0);
	cr_assert(strstr(err, "--as Nobody Here") != NULL, "%s", err);
	free(out);
	free(err);
	/* sync needs no one at the keyboard. */
	char *serr = NULL;
	cr_assert_eq(s_run_env(s_a, "LOKMIN_AS=Nobody Here", NULL, &serr, "sync", NULL), 0, "%s", serr);
	free(serr);
}
