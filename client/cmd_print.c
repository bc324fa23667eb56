/* cmd_print: `lokmin print`: print-ready documents of a meeting. */
#include <stdio.h>

#include "client.h"

int cmd_print(struct session *s, int argc, char **argv)
{
	(void)s;
	(void)argc;
	(void)argv;
	fprintf(stderr, "lokmin: print is not available in this build\n");
	return 2;
}
