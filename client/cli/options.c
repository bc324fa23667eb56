/* options: the lokmin options table (--home, --timeout, --json ...) and JSON string output for the commands. */
#include <stddef.h>
#include <stdio.h>

#include "client.h"
#include "lk_i18n.h"
#include "lk_util.h"

#define OO(f) offsetof(struct cli_options, f)
#define OS(f) sizeof(((struct cli_options *)0)->f)

const struct lk_opt cli_options_table[] = {
	{"home", LK_OPT_STR, OO(home), OS(home), "", 0, 0,
	 N_("profile folder (default $XDG_DATA_HOME/lokmin)")},
	{"timeout", LK_OPT_DURATION, OO(timeout), 0, "5s", 100, 3600000,
	 N_("how long to wait for lokmind before giving up")},
	{"json", LK_OPT_BOOL, OO(json), 0, "false", 0, 1, N_("print JSON")},
	{"as", LK_OPT_STR, OO(as), OS(as), "", 0, 0,
	 N_("who is at the keyboard, before the command: a name from `lokmin staff list`; every change made is recorded "
	    "as theirs")},
	{"max_attachment", LK_OPT_SIZE, OO(max_attachment), 0, "20M", 0, 1LL << 30,
	 N_("largest file `lokmin attach` accepts (the server has its own limit)")},
	{"grade_green", LK_OPT_INT, OO(grade_green), 0, "100", 1, 1000,
	 N_("coverage of the target to date (percent) at or above which an indicator is green")},
	{"grade_yellow", LK_OPT_INT, OO(grade_yellow), 0, "80", 0, 1000,
	 N_("coverage of the target to date (percent) at or above which an indicator is yellow")},
};
const size_t cli_options_count = LK_ARRAY_LEN(cli_options_table);

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}
