/*
 * test_cli: the conventions every lokmin command keeps, on a device that is not
 * enrolled (no server needed): --help at any depth answers on stdout with 0 and
 * opens nothing, a misspelt command or subcommand gets the nearest word and 2, a
 * missing subcommand gets the usage on stderr and 2.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lkt.h"

static char s_dir[256], s_home[300];

static void s_setup(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(s_dir, sizeof s_dir, "%s/lokmin-cli-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	cr_assert_not_null(mkdtemp(s_dir));
	/* The home folder does not exist: lokmin must not need (or make) it to explain itself. */
	snprintf(s_home, sizeof s_home, "%s/home", s_dir);
}

static void s_teardown(void)
{
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(cli, .init = s_setup, .fini = s_teardown);

/* Run lokmin on the fresh home; out and err are always set (caller frees). */
static int s_run(char **out, char **err, const char *const *args)
{
	*out = *err = NULL;
	int rc = lkt_lokmin(s_home, out, err, args);
	cr_assert_not_null(*out);
	cr_assert_not_null(*err);
	return rc;
}

/* 1 when the temporary folder holds nothing but what the test made. */
static int s_untouched(void)
{
	DIR *d = opendir(s_dir);
	struct dirent *e;
	int n = 0;
	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n == 0;
}

static void s_help_ok(const char *const *args, const char *needle)
{
	char *out, *err;
	int rc = s_run(&out, &err, args);
	cr_assert_eq(rc, 0, "`lokmin %s %s --help` exits %d: %s", args[0], args[1], rc, err);
	cr_assert_str_eq(err, "", "`lokmin %s ...` help wrote to stderr: %s", args[0], err);
	cr_assert(strstr(out, needle), "`lokmin %s ...` help lacks \"%s\":\n%s", args[0], needle, out);
	cr_assert(strstr(out, "usage: lokmin "), "%s", out);
	free(out);
	free(err);
}

Test(cli, every_command_answers_help_without_a_profile)
{
	char needle[64];
	cr_assert_geq(cli_commands_count, 28);
	for (size_t i = 0; i < cli_commands_count; i++) {
		const char *name = cli_commands[i].name;
		snprintf(needle, sizeof needle, "lokmin %s", name);
		s_help_ok((const char *const[]){name, "--help", NULL}, needle);
		s_help_ok((const char *const[]){name, "-h", NULL}, needle);
	}
	cr_assert(s_untouched(), "help made files in the home folder");
}

Test(cli, every_subcommand_answers_help_without_a_profile)
{
	char needle[128];
	int n = 0;
	for (size_t i = 0; i < cli_commands_count; i++) {
		const struct command *c = &cli_commands[i];
		for (const struct cli_sub *u = c->subs; u && u->name; u++, n++) {
			snprintf(needle, sizeof needle, "usage: lokmin %s %s", c->name, u->name);
			s_help_ok((const char *const[]){c->name, u->name, "--help", NULL}, needle);
			cr_assert(strlen(u->help) > 10 && !strchr(u->help, '\n'), "%s %s: one line of help", c->name, u->name);
		}
	}
	/* meeting 9, rtl 5, sign 9, report 5, ...: the table covers the commands' words. */
	cr_assert_geq(n, 70, "%d subcommands in the table", n);
	s_help_ok((const char *const[]){"meeting", "plan", "-h", NULL}, "usage: lokmin meeting plan --year Y");
	s_help_ok((const char *const[]){"help", "sign", "keygen", NULL}, "usage: lokmin sign keygen PERSON [--deputy]");
	s_help_ok((const char *const[]){"--json", "report", "compliance", "--help", NULL},
	          "usage: lokmin report compliance [--year Y]");
	cr_assert(s_untouched(), "help made files in the home folder");
}

Test(cli, top_level_help)
{
	const char *const forms[][2] = {{"--help", NULL}, {"-h", NULL}, {"help", NULL}};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		char *out, *err;
		cr_assert_eq(s_run(&out, &err, forms[i]), 0);
		cr_assert_str_eq(err, "");
		cr_assert(strstr(out, "  meeting "), "%s", out);
		cr_assert(strstr(out, "Exit status: 0 done, 1 the operation failed, 2 the command was not understood."), "%s",
		          out);
		free(out);
		free(err);
	}
	char *out, *err;
	cr_assert_eq(s_run(&out, &err, (const char *const[]){NULL}), 2, "no command is a usage error");
	cr_assert_str_eq(out, "");
	cr_assert(strstr(err, "usage: lokmin "), "%s", err);
	free(out);
	free(err);
}

static void s_usage_error(const char *const *args, const char *needle)
{
	char *out, *err;
	int rc = s_run(&out, &err, args);
	cr_assert_eq(rc, 2, "`lokmin %s ...` exits %d: %s", args[0], rc, err);
	cr_assert_str_eq(out, "", "`lokmin %s ...` wrote to stdout: %s", args[0], out);
	cr_assert(strstr(err, needle), "`lokmin %s ...` stderr lacks \"%s\":\n%s", args[0], needle, err);
	free(out);
	free(err);
}

Test(cli, misspelt_command_gets_the_nearest)
{
	s_usage_error((const char *const[]){"meetng", NULL}, "lokmin: unknown command \"meetng\"; did you mean \"meeting\"?");
	s_usage_error((const char *const[]){"meetnig", "list", NULL}, "did you mean \"meeting\"?");
	s_usage_error((const char *const[]){"minute", "show", "X", NULL}, "did you mean \"minutes\"?");
	s_usage_error((const char *const[]){"capa", NULL}, "did you mean \"capaian\"?");
	s_usage_error((const char *const[]){"Report", NULL}, "did you mean \"report\"?");
	s_usage_error((const char *const[]){"laporan", NULL}, "lokmin: unknown command \"laporan\"\n");
	char *out, *err;
	cr_assert_eq(s_run(&out, &err, (const char *const[]){"laporan", NULL}), 2);
	cr_assert_null(strstr(err, "did you mean"), "no word is near \"laporan\": %s", err);
	free(out);
	free(err);
	cr_assert(s_untouched());
}

Test(cli, misspelt_subcommand_gets_the_nearest_and_the_list)
{
	s_usage_error((const char *const[]){"meeting", "paln", "--year", "2030", NULL},
	              "lokmin: unknown meeting subcommand \"paln\"; did you mean \"plan\"?\n"
	              "meeting subcommands: plan, list, postpone, cancel, held, history, item, items, agenda\n");
	s_usage_error((const char *const[]){"sign", "keygn", "P", NULL}, "did you mean \"keygen\"?");
	s_usage_error((const char *const[]){"report", "complience", NULL}, "did you mean \"compliance\"?");
	s_usage_error((const char *const[]){"rtl", "overd", NULL}, "did you mean \"overdue\"?");
	s_usage_error((const char *const[]){"conflicts", "resolv", "X", NULL}, "did you mean \"resolve\"?");
	s_usage_error((const char *const[]){"print", "rapat", "X", NULL}, "print subcommands: undangan, hadir, notulen\n");
	char *out, *err;
	cr_assert_eq(s_run(&out, &err, (const char *const[]){"print", "rapat", "X", NULL}), 2);
	cr_assert_null(strstr(err, "did you mean"), "no word is near \"rapat\": %s", err);
	free(out);
	free(err);
	cr_assert(s_untouched());
}

Test(cli, missing_subcommand_is_a_usage_error)
{
	char needle[160];
	int n = 0;
	for (size_t i = 0; i < cli_commands_count; i++) {
		const struct command *c = &cli_commands[i];
		if (c->subs == NULL || (c->sub_flags & CLI_SUB_OPTIONAL))
			continue;
		snprintf(needle, sizeof needle, "lokmin: %s needs a subcommand\nusage: lokmin %s\n", c->name, c->usage);
		s_usage_error((const char *const[]){c->name, NULL}, needle);
		snprintf(needle, sizeof needle, "\n  %s ", c->subs[0].name);
		s_usage_error((const char *const[]){c->name, NULL}, needle);
		n++;
	}
	cr_assert_geq(n, 18, "%d commands need a subcommand", n);
	cr_assert(s_untouched());
}

Test(cli, help_as_a_value_is_not_help)
{
	/* Here --help is the activity's text: the command runs, and needs the profile. */
	char *out, *err;
	cr_assert_eq(s_run(&out, &err, (const char *const[]){"rtl", "add", "M", "--activity", "--help", NULL}), 1);
	cr_assert_null(strstr(out, "usage:"), "%s", out);
	cr_assert(strstr(err, "lokmin: "), "%s", err);
	free(out);
	free(err);
}

Test(cli, failures_exit_one)
{
	char *out, *err;
	/* Understood, but this device is not enrolled. */
	cr_assert_eq(s_run(&out, &err, (const char *const[]){"meeting", "list", NULL}), 1);
	cr_assert_str_eq(out, "");
	cr_assert(strstr(err, "lokmin: "), "%s", err);
	free(out);
	free(err);
	cr_assert_eq(s_run(&out, &err, (const char *const[]){"--timeout", "soon", "whoami", NULL}), 2,
	             "a bad global option is a usage error");
	free(out);
	free(err);
}

Test(cli, nearest_word)
{
	const char *const names[] = {"item", "items", "list", "plan", "postpone"};
	cr_assert_eq(cli_distance("meetng", "meeting"), 1);
	cr_assert_eq(cli_distance("meetnig", "meeting"), 1, "a swap counts one");
	cr_assert_eq(cli_distance("", "abc"), 3);
	cr_assert_eq(cli_distance("abc", "abc"), 0);
	cr_assert_str_eq(cli_nearest("pla", names, 5), "plan", "a unique prefix");
	cr_assert_str_eq(cli_nearest("ite", names, 5), "item", "two prefixes: the nearer");
	cr_assert_str_eq(cli_nearest("lsit", names, 5), "list");
	cr_assert_str_eq(cli_nearest("postpnoe", names, 5), "postpone");
	cr_assert_null(cli_nearest("agenda", names, 5));
	cr_assert_null(cli_nearest("", names, 5));
	char longword[100];
	memset(longword, 'x', sizeof longword - 1);
	longword[sizeof longword - 1] = '\0';
	cr_assert_null(cli_nearest(longword, names, 5));
}
