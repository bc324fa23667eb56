/* lokmin: the command line of the client program at puskesmas, camat's office and district office. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "client.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_log.h"
#include "lk_util.h"
#include "names.h"

static void s_usage(FILE *f)
{
	fprintf(f, _("usage: lokmin [--home DIR] [--timeout 5s] [--json] COMMAND [args]\n\nCommands:\n"));
	for (size_t i = 0; i < cli_commands_count; i++) {
		const char *h = _(cli_commands[i].help), *nl = strchr(h, '\n');
		fprintf(f, "  %-11s %.*s\n", cli_commands[i].name, (int)(nl ? nl - h : (long)strlen(h)), h);
	}
	fprintf(f, _("\nOptions (also LOKMIN_<NAME> in the environment, e.g. LOKMIN_HOME):\n"));
	lk_config_usage(cli_options_table, cli_options_count, f);
	fprintf(f, _("\n`lokmin COMMAND --help` explains one command, `lokmin COMMAND SUBCOMMAND --help` one subcommand.\n"
	             "Exit status: 0 done, 1 the operation failed, 2 the command was not understood.\n"));
}

int cli_main(int argc, char **argv)
{
	static struct session s;
	static char help_word[] = "--help";
	char err[LK_OPT_ERRLEN];
	char *words[128];
	int nwords = 0, rc;

	lk_i18n_init(NULL); /* before anything is said: the user's language */
	lk_log_init("lokmin", LK_LOG_WARN);
	lk_config_defaults(cli_options_table, cli_options_count, &s.opt);
	if (lk_config_load_env(cli_options_table, cli_options_count, &s.opt, err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		return 2;
	}
	/* Global options may stand anywhere; the rest are the command's words. */
	for (int i = 1; i < argc; i++) {
		/* After the command word --as is the command's own (`minutes sign 2026-03
		 * --as ratna` names the signer); before it, who is at the keyboard. */
		if (nwords > 0 && (!strcmp(argv[i], "--as") || !strncmp(argv[i], "--as=", 5))) {
			if (nwords < (int)LK_ARRAY_LEN(words))
				words[nwords++] = argv[i];
			continue;
		}
		rc = lk_config_flag(cli_options_table, cli_options_count, &s.opt, argc, argv, &i, err);
		if (rc < 0) {
			fprintf(stderr, "lokmin: %s\n", err);
			return 2;
		}
		if (rc == 0 && nwords < (int)LK_ARRAY_LEN(words))
			words[nwords++] = argv[i];
	}
	/* `lokmin help meeting plan` is `lokmin meeting plan --help`. */
	if (nwords > 1 && !strcmp(words[0], "help")) {
		memmove(words, words + 1, (size_t)(nwords - 1) * sizeof *words);
		words[nwords - 1] = help_word;
	}
	if (nwords == 0 || cli_is_help_word(words[0]) || !strcmp(words[0], "help")) {
		s_usage(nwords == 0 ? stderr : stdout);
		return nwords == 0 ? CLI_USAGE : CLI_OK;
	}
	if (!strcmp(words[0], "--version") || !strcmp(words[0], "version")) {
		printf("lokmin %s\n", LOKMIN_VERSION);
		return CLI_OK;
	}
	const struct command *c = cli_command_find(words[0]);
	if (c == NULL)
		return cli_unknown_command(words[0]);
	/* Help, and a missing or misspelt subcommand, are answered before the profile is read:
	 * they work on a device that is not enrolled yet. */
	rc = cli_route(c, nwords, words);
	if (rc >= 0)
		return rc;
	profile_home(s.opt.home, s.home, sizeof s.home);
	if (c->needs_profile && rc != CLI_ROUTE_HELP && session_open(&s) != 0)
		return CLI_FAIL;
	/* Who is at the keyboard; `sync` queues no change of its own and must work
	 * before the staff list has arrived. */
	if (c->needs_profile && rc != CLI_ROUTE_HELP && strcmp(c->name, "sync") != 0 && (rc = cli_actor(&s)) != 0) {
		session_close(&s);
		return rc == CLI_USAGE ? CLI_USAGE : CLI_FAIL;
	}
	rc = c->fn(&s, nwords, words);
	session_close(&s);
	/* Only 0, 1 and 2 leave lokmin, whatever a command returned. */
	return rc == CLI_OK || rc == CLI_USAGE ? rc : CLI_FAIL;
}
