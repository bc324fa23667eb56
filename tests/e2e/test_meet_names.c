/* test_meet_names: staff and attendance driven by names and handles (a name part, a NIP, "2031-02#2"), never an id. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"
#include "lkt_cli.h"

static struct lkt_server s_srv;
static char s_a[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 1), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "a", s_a, sizeof s_a);
	cr_assert_eq(lkt_enroll(&s_srv, s_a, "puskesmas", "P3324010101"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(meet_names, .init = s_setup, .fini = s_teardown, .timeout = 240);

static void s_staff(void)
{
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "Ratna Dewi", "--title", "Kepala Puskesmas", "--role",
	                                     "kapus", "--nip", "197901012005012001")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "Siti Rahma", "--title", "Nutrisionis", "--role", "staff")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "Siti Aminah", "--title", "Sanitarian", "--role", "staff")));
}

Test(meet_names, staff_changed_by_name_and_nip)
{
	s_staff();
	/* By a part of the name, and by the NIP's first digits. */
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "--id", "rahma", "--phone", "0812-1111-2222")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "--id", "197901", "--title", "Kapus Gunungpati")));
	/* "siti" is two people: refused with both named, nothing changed. */
	char *out = NULL, *err = NULL;
	int rc = lkt_cli(s_a, NULL, &out, &err, LKT_WORDS("staff", "add", "--id", "siti", "--phone", "0"));
	cr_assert_eq(rc, 2, "exit %d\n%s\n%s", rc, out, err);
	lkt_has(err, "Siti Rahma");
	lkt_has(err, "Siti Aminah");
	cr_assert_str_eq(out, "");
	free(out);
	free(err);
	lkt_cli_fail(s_a, NULL, 2, "nobody", LKT_WORDS("staff", "add", "--id", "nobody", "--phone", "0"));
	/* Who heads the office is the district's word: the device refuses it as the server would. */
	lkt_cli_fail(s_a, NULL, 1, "only the district makes a person Kapus or Camat",
	             LKT_WORDS("staff", "add", "--id", "ratna", "--role", "staff"));

	/* The list shows each person's handle; the JSON carries it as its last field. */
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "list"));
	lkt_has(out, "HANDLE");
	char *line = lkt_line_of(out, "Siti Rahma");
	cr_assert(!strncmp(line, "rahma ", 6) && strstr(line, "Nutrisionis"), "%s", line);
	free(line);
	line = lkt_line_of(out, "Ratna Dewi");
	cr_assert(!strncmp(line, "dewi ", 5) && strstr(line, "Kapus Gunungpati") && strstr(line, "kapus"), "%s", line);
	free(line);
	cr_assert_eq(lkt_count(out, "Siti"), 2, "%s", out);
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "staff", "list"));
	line = lkt_line_of(out, "\"name\":\"Siti Rahma\"");
	lkt_has(line, "\"phone\":\"0812-1111-2222\"");
	lkt_has(line, "\"title\":\"Nutrisionis\"");
	cr_assert(strstr(line, ",\"handle\":\"rahma\"}"), "%s", line);
	free(line);
	line = lkt_line_of(out, "\"name\":\"Siti Aminah\"");
	lkt_has(line, "\"phone\":\"\"");
	free(line);
	free(out);
}

Test(meet_names, attendance_rows_by_handle_and_walk_ins_by_name)
{
	s_staff();
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "plan", "--year", "2031")));
	char *out = lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "invite", "2031-02"));
	lkt_has(out, "3 invited");
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "invite", "2031-03"));
	lkt_has(out, "3 invited");
	free(out);

	/* A row of the list by its handle. */
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "list", "2031-02"));
	char *line = lkt_line_of(out, "Siti Rahma");
	cr_assert(!strncmp(line, "2031-02#", 8), "%s", line);
	char row[16];
	snprintf(row, sizeof row, "%.*s", (int)strcspn(line, " "), line);
	free(line);
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "checkin", "2031-02", row));
	lkt_has(out, "checked in at ");
	lkt_lacks(out, "walk-in");
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "list", "2031-02"));
	line = lkt_line_of(out, "Siti Rahma");
	cr_assert(strstr(line, "  yes      yes  "), "invited and present: %s", line);
	free(line);
	lkt_has(out, "3 invited, 1 present, 0 walk-ins");
	free(out);
	/* A row of another meeting is not this one's; a row that does not exist is not a name. */
	lkt_cli_fail(s_a, NULL, 1, "is not on this meeting's list", LKT_WORDS("attend", "checkin", "2031-02", "2031-03#1"));
	lkt_cli_fail(s_a, NULL, 2, "no attendance row #9", LKT_WORDS("attend", "checkin", "2031-02", "2031-02#9"));

	/* A walk-in by name, checked in twice, is one row. */
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "checkin", "2031-02", "--name", "Kepala Desa Krajankulon", "--role",
	                                     "Kades"));
	lkt_has(out, "(walk-in)");
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "checkin", "2031-02", "--name", "kepala desa krajankulon"));
	lkt_has(out, "(walk-in)");
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "list", "2031-02"));
	cr_assert_eq(lkt_count(out, "Kepala Desa Krajankulon"), 1, "%s", out);
	lkt_has(out, "3 invited, 2 present, 1 walk-ins");
	line = lkt_line_of(out, "Kepala Desa Krajankulon");
	cr_assert(!strncmp(line, "2031-02#4 ", 10) && strstr(line, "Kades"), "%s", line);
	free(line);
	free(out);
	/* The walk-in's row has its handle too, and the JSON carries it last. */
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "attend", "list", "2031-02"));
	line = lkt_line_of(out, "Kepala Desa Krajankulon");
	cr_assert(strstr(line, ",\"handle\":\"2031-02#4\"}"), "%s", line);
	free(line);
	free(out);
	/* Nothing for a cancelled meeting, by row handle either. */
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "cancel", "2031-03", "--reason", "Banjir")));
	lkt_cli_fail(s_a, NULL, 1, "attendance for a cancelled meeting is refused",
	             LKT_WORDS("attend", "checkin", "2031-03", "2031-03#1"));
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "list", "2031-03"));
	lkt_has(out, "3 invited, 0 present, 0 walk-ins");
	free(out);
}
