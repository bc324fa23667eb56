/* commands: the table of lokmin commands, their usage lines and help. */
#include "client.h"
#include "lk_util.h"

const struct command cli_commands[] = {
	{"enroll", cmd_enroll, "enroll LINE [--name NAME] [--role ROLE] [--force]",
	 "Create this device's keys and register them with lokmind using the one-time\n"
	 "enrollment line from `lokmind token issue` or `lokmin token issue`.",
	 0},
	{"whoami", cmd_whoami, "whoami", "Show this device's role and scope, the server version and the server time.", 1},
	{"ping", cmd_ping, "ping [--count N]", "Measure the round trip to lokmind.", 1},
	{"org", cmd_org, "org show [CODE]", "Show a region in this device's scope and what it contains.", 1},
	{"token", cmd_token, "token issue --role ROLE --scope CODE [--ttl 72h]",
	 "District devices only: issue an enrollment line for a puskesmas, kecamatan or\n"
	 "district device inside this kabupaten.",
	 1},
};
const size_t cli_commands_count = LK_ARRAY_LEN(cli_commands);
