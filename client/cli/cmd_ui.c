/* cmd_ui: `lokmin ui`: its help, then the web app's own entry (set by the program's main). */
#include <stdio.h>

#include "cli.h"
#include "client.h"
#include "lk_i18n.h"

cli_ui_fn cli_ui_entry;

int cmd_ui(struct session *s, int argc, char **argv)
{
	if (cmd_is_help(argc, argv)) {
		cmd_help("ui");
		printf(_("\nOptions:\n"
		         "  --listen ADDR:PORT      where to answer (default 127.0.0.1:7480); on another address than\n"
		         "                          loopback it serves HTTPS with a certificate made on this device\n"
		         "  --https                 HTTPS on loopback too\n"
		         "  --tls-cert FILE --tls-key FILE\n"
		         "                          the office's own certificate and key (PEM) instead\n"
		         "  --lan-plain-http        plain HTTP on the LAN, for a network the office trusts\n"
		         "  --sync-every DURATION   time between syncs while lokmind answers (default 60s)\n"
		         "  --idle-timeout DURATION a session unused this long is over; its person logs in again\n"
		         "                          (default 30m; 90s, 2h and 7d are read too)\n"
		         "  --add-user LOGIN        add a user of the web app for a person of the staff list:\n"
		         "    --person NAME         part of the name or the NIP\n"
		         "    --lang id|en          the user's language (default id)\n"
		         "                          The password is asked twice, or read from stdin when it is not a terminal.\n"
		         "Accounts and passwords stay on this device; they are never synced.\n"));
		return CLI_OK;
	}
	if (cli_ui_entry == NULL) {
		fprintf(stderr, _("lokmin: this program was built without the web app\n"));
		return CLI_FAIL;
	}
	s->eng.timeout_ms = s->opt.timeout;
	return cli_ui_entry(&s->eng, argc, argv);
}
