/* cmd_commitment: `lokmin commitment`. */
#include <stdio.h>

#include "client.h"

int cmd_commitment(struct session *s, int argc, char **argv)
{
	(void)s;
	(void)argc;
	(void)argv;
	fprintf(stderr, "lokmin: commitment is not available in this build\n");
	return 2;
}
