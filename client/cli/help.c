/* help: routes help, missing and misspelt subcommands of lokmin before any profile is opened. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "lk_i18n.h"
#include "lk_util.h"

/* Words longer than this are not typos of a command name. */
#define CLI_WORD_MAX 32

int cli_is_help_word(const char *w)
{
	return !strcmp(w, "--help") || !strcmp(w, "-h");
}

const struct command *cli_command_find(const char *name)
{
	for (size_t i = 0; i < cli_commands_count; i++)
		if (!strcmp(cli_commands[i].name, name))
			return &cli_commands[i];
	return NULL;
}

const struct cli_sub *cli_sub_find(const struct command *c, const char *name)
{
	for (const struct cli_sub *u = c->subs; u && u->name; u++)
		if (!strcmp(u->name, name))
			return u;
	return NULL;
}

static int s_min3(int a, int b, int c)
{
	int m = a < b ? a : b;
	return m < c ? m : c;
}

int cli_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int d[CLI_WORD_MAX + 1][CLI_WORD_MAX + 1];

	if (la > CLI_WORD_MAX || lb > CLI_WORD_MAX)
		return CLI_WORD_MAX;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			d[i][j] = s_min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			/* "meetnig": two letters swapped is one slip of the fingers, not two. */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	}
	return d[la][lb];
}

const char *cli_nearest(const char *word, const char *const *names, size_t n)
{
	const char *prefixed = NULL, *best = NULL;
	size_t len = strlen(word), nprefixed = 0;
	int bestd = 3;

	for (size_t i = 0; i < n && len > 0; i++) {
		if (!strncmp(names[i], word, len)) {
			prefixed = names[i];
			nprefixed++;
		}
	}
	if (nprefixed == 1)
		return prefixed;
	for (size_t i = 0; i < n; i++) {
		int d = cli_distance(word, names[i]);
		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

int cli_unknown_command(const char *word)
{
	const char *names[64] = {NULL};
	size_t n = 0;
	for (size_t i = 0; i < cli_commands_count && n < LK_ARRAY_LEN(names); i++)
		names[n++] = cli_commands[i].name;
	const char *near = cli_nearest(word, names, n);
	if (near)
		fprintf(stderr, _("lokmin: unknown command \"%s\"; did you mean \"%s\"?\n"), word, near);
	else
		fprintf(stderr, _("lokmin: unknown command \"%s\"\n"), word);
	fprintf(stderr, _("`lokmin --help` lists the commands.\n"));
	return CLI_USAGE;
}

void cli_sub_list(const struct command *c, FILE *f)
{
	int width = 0;
	fprintf(f, _("usage: lokmin %s\n\nSubcommands:\n"), _(c->usage));
	for (const struct cli_sub *u = c->subs; u && u->name; u++)
		if ((int)strlen(u->name) > width)
			width = (int)strlen(u->name);
	for (const struct cli_sub *u = c->subs; u && u->name; u++)
		fprintf(f, "  %-*s  %s\n", width, u->name, _(u->help));
	fprintf(f, _("\n`lokmin %s SUBCOMMAND --help` explains one.\n"), c->name);
}

static int s_unknown_sub(const struct command *c, const char *word)
{
	const char *names[32] = {NULL};
	size_t n = 0;
	for (const struct cli_sub *u = c->subs; u && u->name && n < LK_ARRAY_LEN(names); u++)
		names[n++] = u->name;
	const char *near = cli_nearest(word, names, n);
	fprintf(stderr, _("lokmin: unknown %s subcommand \"%s\""), c->name, word);
	if (near)
		fprintf(stderr, _("; did you mean \"%s\"?"), near);
	fprintf(stderr, _("\n%s subcommands:"), c->name);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s %s", i ? "," : "", names[i]);
	fprintf(stderr, _("\n`lokmin %s --help` explains them.\n"), c->name);
	return CLI_USAGE;
}

int cli_route(const struct command *c, int nwords, char **words)
{
	if (nwords > 1 && cli_is_help_word(words[1]))
		return CLI_ROUTE_HELP;
	if (c->subs == NULL)
		return CLI_ROUTE_RUN;
	if (nwords < 2) {
		if (c->sub_flags & CLI_SUB_OPTIONAL)
			return CLI_ROUTE_RUN;
		fprintf(stderr, _("lokmin: %s needs a subcommand\n"), c->name);
		cli_sub_list(c, stderr);
		return CLI_USAGE;
	}
	/* An option first (`lokmin print --out F notulen ID`): the command parses it. */
	if (words[1][0] == '-')
		return CLI_ROUTE_RUN;
	const struct cli_sub *u = cli_sub_find(c, words[1]);
	if (u == NULL)
		return s_unknown_sub(c, words[1]);
	if (nwords > 2 && cli_is_help_word(words[2])) {
		printf(_("usage: lokmin %s %s\n\n%s\n"), c->name, _(u->usage), _(u->help));
		return CLI_OK;
	}
	return CLI_ROUTE_RUN;
}
