/* cmd_invite: `lokmin invite`: draft the Surat Undangan from the agenda, sign it as the Kapus, show it. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "invitation.h"
#include "names.h"

static int s_draft(struct session *s, lk_store *st, int argc, char **argv)
{
	struct dom_invitation_draft_in in = {.number = ""};
	struct dom_invitation_draft_out out;
	struct dom_err err;
	struct dom d;
	char mid[40];
	int rc;
	if (argc < 3)
		return cmd_usage("invite");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--number") && i + 1 < argc)
			in.number = argv[++i];
		else if (!strcmp(argv[i], "--place") && i + 1 < argc)
			in.place = argv[++i];
		else if (!strcmp(argv[i], "--time") && i + 1 < argc)
			in.time_text = argv[++i];
		else
			return cmd_usage("invite");
	}
	if ((rc = cli_resolve(s, st, DOM_MEETING, argv[2], mid, sizeof mid)) != 0)
		return rc;
	in.meeting_id = mid;
	cli_dom(s, &d);
	if ((rc = dom_invitation_draft(&d, &in, &out, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	printf("%s\n", out.id);
	return 0;
}

int cmd_invite(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 3 && !cmd_is_help(argc, argv))
		return cmd_usage("invite");
	if (cmd_is_help(argc, argv)) {
		cmd_help("invite");
		printf("\n  draft MEETING [--number N] [--place P] [--time T]   the letter, with the agenda\n"
		       "  sign INVITATION --as PERSON    the Kapus signs (passphrase); the letter is sealed\n"
		       "  show INVITATION               the letter and whether its signature verifies\n"
		       "\nMEETING is the period as `meeting list` shows it (2026-12, 2026-Q1) or an id;\n"
		       "INVITATION the meeting's period (its newest letter) or the letter's id;\n"
		       "PERSON a part of the name, the NIP or an id.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "draft"))
		return s_draft(s, st, argc, argv);
	return doc_command(s, st, "invite", argc, argv);
}
