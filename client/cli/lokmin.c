/* lokmin: the client program at puskesmas, camat's office and district office. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_log.h"
#include "lk_util.h"

static void s_usage(FILE *f)
{
	fprintf(f, "usage: lokmin [--home DIR] [--timeout 5s] [--json] COMMAND [args]\n\nCommands:\n");
	for (size_t i = 0; i < cli_commands_count; i++) {
		const char *h = cli_commands[i].help, *nl = strchr(h, '\n');
		fprintf(f, "  %-11s %.*s\n", cli_commands[i].name, (int)(nl ? nl - h : (long)strlen(h)), h);
	}
	fprintf(f, "\nOptions (also LOKMIN_<NAME> in the environment, e.g. LOKMIN_HOME):\n");
	lk_config_usage(cli_options_table, cli_options_count, f);
	fprintf(f, "\n`lokmin COMMAND --help` explains one command.\n");
}

int main(int argc, char **argv)
{
	static struct session s;
	char err[LK_OPT_ERRLEN];
	char *words[128];
	int nwords = 0, rc;

	lk_log_init("lokmin", LK_LOG_WARN);
	lk_config_defaults(cli_options_table, cli_options_count, &s.opt);
	if (lk_config_load_env(cli_options_table, cli_options_count, &s.opt, err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		return 2;
	}
	/* Global options may stand anywhere; the rest are the command's words. */
	for (int i = 1; i < argc; i++) {
		rc = lk_config_flag(cli_options_table, cli_options_count, &s.opt, argc, argv, &i, err);
		if (rc < 0) {
			fprintf(stderr, "lokmin: %s\n", err);
			return 2;
		}
		if (rc == 0 && nwords < (int)LK_ARRAY_LEN(words))
			words[nwords++] = argv[i];
	}
	if (nwords == 0 || !strcmp(words[0], "--help") || !strcmp(words[0], "-h") || !strcmp(words[0], "help")) {
		s_usage(nwords == 0 ? stderr : stdout);
		return nwords == 0 ? 2 : 0;
	}
	if (!strcmp(words[0], "--version") || !strcmp(words[0], "version")) {
		printf("lokmin %s\n", LOKMIN_VERSION);
		return 0;
	}
	profile_home(&s.opt, s.home, sizeof s.home);
	for (size_t i = 0; i < cli_commands_count; i++) {
		const struct command *c = &cli_commands[i];
		if (strcmp(c->name, words[0]) != 0)
			continue;
		int help = nwords > 1 && (!strcmp(words[1], "--help") || !strcmp(words[1], "-h"));
		if (c->needs_profile && !help && session_open(&s) != 0)
			return 1;
		rc = c->fn(&s, nwords, words);
		session_close(&s);
		return rc;
	}
	fprintf(stderr, "lokmin: unknown command \"%s\"\n", words[0]);
	s_usage(stderr);
	return 2;
}
