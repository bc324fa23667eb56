/* cmd_sector: `lokmin sector`. */
#include <stdio.h>

#include "client.h"

int cmd_sector(struct session *s, int argc, char **argv)
{
	(void)s;
	(void)argc;
	(void)argv;
	fprintf(stderr, "lokmin: sector is not available in this build\n");
	return 2;
}
