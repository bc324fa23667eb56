/* cli: subcommand tables, help at any depth, nearest-word suggestions and exit statuses of lokmin. */
#ifndef LK_CLI_H
#define LK_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "client.h"

/* Exit statuses of every lokmin command (docs/user-guide.md, "Exit status"). */
enum {
	CLI_OK = 0,    /* done */
	CLI_FAIL = 1,  /* the operation failed: refused, not found, I/O, network */
	CLI_USAGE = 2, /* the words were wrong: unknown command or subcommand, bad or missing argument */
};

/* One subcommand: `lokmin COMMAND NAME ...`. A table ends with a NULL name. */
struct cli_sub {
	const char *name;
	const char *usage; /* after "lokmin COMMAND ", e.g. "plan --year Y [--day 3]" */
	const char *help;  /* one line */
};

/* command.sub_flags */
enum {
	CLI_SUB_REQUIRED = 0, /* the first word must be a subcommand (or an option) */
	CLI_SUB_OPTIONAL = 1, /* the command also runs without one: `lokmin failed`, `lokmin conflicts` */
};

/* What cli_route decided. */
enum {
	CLI_ROUTE_RUN = -1,  /* run the command with the profile (when it needs one) */
	CLI_ROUTE_HELP = -2, /* run the command without opening the profile: it prints its help */
};

/* The program's main (client/app/main.c) without the front-ends' choice: parse, route, run. */
int cli_main(int argc, char **argv);

/* `lokmin ui`'s entry (client/web), set by the program's main before cli_main: the cli
 * cannot include the web front-end, which sits beside it. NULL: this program has no web app. */
struct lk_engine;
typedef int (*cli_ui_fn)(struct lk_engine *e, int nwords, char **words);
extern cli_ui_fn cli_ui_entry;

/* 1 for "--help" and "-h". */
int cli_is_help_word(const char *w);
const struct command *cli_command_find(const char *name);
const struct cli_sub *cli_sub_find(const struct command *c, const char *name);
/* The name among names[0..n) nearest to word: the only one word is a prefix of, else the
 * first at the smallest edit distance (adjacent swaps count one) when that is at most 2;
 * NULL when none is near. */
const char *cli_nearest(const char *word, const char *const *names, size_t n);
/* Optimal string alignment distance between a and b (bounded: long words count as far). */
int cli_distance(const char *a, const char *b);
/* Decide what `lokmin WORDS...` (words[0] a known command) does before any profile is
 * opened: answers help for a subcommand (stdout, CLI_OK), a missing or unknown
 * subcommand (stderr, CLI_USAGE), or returns CLI_ROUTE_RUN / CLI_ROUTE_HELP. */
int cli_route(const struct command *c, int nwords, char **words);
/* The unknown command message with a suggestion, to stderr; returns CLI_USAGE. */
int cli_unknown_command(const char *word);
/* The usage line and the subcommands with their one-line help, to f. */
void cli_sub_list(const struct command *c, FILE *f);

#endif
