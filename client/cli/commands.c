/* commands: the table of lokmin commands, their usage lines and help. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "lk_date.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lk_uuid.h"

const struct command cli_commands[] = {
	{"enroll", cmd_enroll, "enroll LINE [--name NAME] [--role ROLE] [--force]",
	 "Register this device with lokmind using a one-time enrollment line.\n"
	 "The line comes from `lokmind token issue` or, for district staff, `lokmin token issue`.",
	 0},
	{"whoami", cmd_whoami, "whoami", "Show this device's role and scope, the server version and the server time.", 1},
	{"ping", cmd_ping, "ping [--count N]", "Measure the round trip to lokmind.", 1},
	{"org", cmd_org, "org show [CODE]", "Show a region in this device's scope and what it contains.", 1},
	{"token", cmd_token, "token issue --role ROLE --scope CODE [--ttl 72h]",
	 "District devices only: issue an enrollment line for a device of this kabupaten.\n"
	 "The device may be a puskesmas, a kecamatan (camat's office) or the district itself.",
	 1},
	{"record", cmd_record, "record put|get|list|delete ENTITY ...",
	 "Create, change, show and delete records in this device's store (works offline).", 1},
	{"export", cmd_export, "export", "Write every record in this device's store as JSON lines, in a stable order.", 1},
	{"status", cmd_status, "status [--json]",
	 "Show ops waiting, sent and rejected, records held back, open conflicts, the pull cursor and the last sync.",
	 1},
	{"failed", cmd_failed, "failed [--json] | failed discard OP-ID",
	 "List changes the server rejected (when, which record, the error and why), then records from\n"
	 "the server this device could not apply and holds back (when, which record, its revision and why).",
	 1},
	{"sync", cmd_sync, "sync [--batch N] [--inflight K] [--page N] [--retries N]",
	 "Send this device's changes to lokmind and fetch everyone else's.\n"
	 "Retries with backoff when the link drops, and keeps what it could not send.",
	 1},
	{"conflicts", cmd_conflicts, "conflicts [--all] | conflicts resolve ID --keep server|other | --value TEXT",
	 "List the conflicting changes the server found, and settle an open one.", 1},
	{"staff", cmd_staff, "staff add NAME [--title T] [--role R] [--programmes P] | staff list",
	 "The people of this office, their titles and the programmes or ILP clusters they hold.", 1},
	{"meeting", cmd_meeting, "meeting plan|list|postpone|cancel|held|history|item|items|agenda ...",
	 "Plan a year of lokmin meetings and see their schedule (works offline).", 1},
	{"material", cmd_material, "material submit MEETING-ID --programme P | material status MEETING-ID",
	 "Programme holders' material for a meeting, due 3 days before it.", 1},
	{"attend", cmd_attend, "attend invite|checkin|list MEETING-ID ...",
	 "Invite the staff to a meeting, check people in (walk-ins too) and show the attendance list.", 1},
	{"problem", cmd_problem, "problem add|list|flagged ...",
	 "Problems found at a meeting: gap, root causes (fishbone), USG priority, cross-sector flag.", 1},
	{"rtl", cmd_rtl, "rtl add|update|verify|list|overdue ...",
	 "Follow-up actions (RTL): owner, date, progress with evidence, verification, overdue items.", 1},
	{"invite", cmd_invite, "invite draft|sign|show ...",
	 "The Surat Undangan: drafted with the agenda, signed by the Kapus and sealed.", 1},
	{"minutes", cmd_minutes, "minutes compile|sign|submit|show|history ...",
	 "The Notulen: compiled from the records, signed by the Kapus, sealed, revised, submitted.", 1},
	{"sector", cmd_sector, "sector add|list|rep|show ...",
	 "The sectors (instansi) of the kecamatan and their representatives, for the quarterly lokmin.", 1},
	{"commitment", cmd_commitment, "commitment add|update|list ...",
	 "What each sector commits to at the quarterly lokmin, and its follow-up.", 1},
	{"todo", cmd_todo, "todo [--as-of DATE] [--days N] [--json]", "What needs doing here: material missing, documents unsigned or not submitted, overdue RTL.", 1},
	{"report", cmd_report, "report compliance|followup|coverage|evidence|all ... [--year Y] [--csv|--json|--html] [--out FILE]",
	 "The district's view from this device's store: compliance, follow-up, coverage, accreditation evidence.", 1},
	{"capaian", cmd_capaian, "capaian template|import|set|target|list|gaps|indicators ...",
	 "Monthly achievement per indicator (and desa): CSV import, targets, coverage, gaps and grades.", 1},
	{"print", cmd_print, "print undangan|hadir|notulen MEETING-ID [--out FILE]",
	 "Print-ready Surat Undangan, Daftar Hadir or Notulen (HTML with print CSS), with the signature status.", 1},
	{"sign", cmd_sign, "sign keygen|check|rotate|export|import|list|confirm|revoke|delegate ...",
	 "The Ed25519 signing key of a person who signs (Kapus, Camat), under a passphrase.", 1},
	{"attach", cmd_attach, "attach ENTITY RECORD-ID FILE [--caption TEXT]",
	 "Attach a photo or scanned document to a record; sent by the next sync.", 1},
	{"attachment", cmd_attachment, "attachment list [OWNER-ID] | attachment get ID [--out FILE]",
	 "List attachments, or fetch one's content from lokmind on demand.", 1},
};
const size_t cli_commands_count = LK_ARRAY_LEN(cli_commands);

static const struct command *s_find(const char *name)
{
	for (size_t i = 0; i < cli_commands_count; i++)
		if (!strcmp(cli_commands[i].name, name))
			return &cli_commands[i];
	return NULL;
}

int cmd_usage(const char *name)
{
	const struct command *c = s_find(name);
	if (c)
		fprintf(stderr, "usage: lokmin %s\n", c->usage);
	return 2;
}

int cmd_is_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

void cmd_help(const char *name)
{
	const struct command *c = s_find(name);
	if (c)
		printf("usage: lokmin %s\n\n%s\n", c->usage, c->help);
}

int camat_office_keeps(const struct session *s, const char *what)
{
	if (!strcmp(s->prof.role, "kecamatan") || !strcmp(s->prof.role, "dinkes"))
		return 1;
	fprintf(stderr, "lokmin: %s are kept by the camat's office (a kecamatan or dinkes device); this %s device "
	                "reads them after `lokmin sync`\n", what, s->prof.role);
	return 0;
}
