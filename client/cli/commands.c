/* commands: the table of lokmin commands, their usage lines and help. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "client.h"
#include "lk_date.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lk_uuid.h"

/* The subcommands of each command: what `lokmin COMMAND SUB --help` shows, and the words a
 * misspelt subcommand is compared with. Each command's own help explains them together. */
static const struct cli_sub s_org[] = {
	{"show", "show [CODE]", "Show a region in this device's scope (default: this device's own) and what it contains."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_token[] = {
	{"issue", "issue --role ROLE --scope CODE [--ttl 72h]",
	 "District devices only: issue an enrollment line for a device of this kabupaten."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_record[] = {
	{"put", "put ENTITY [--id ID] field=value ...", "Create a record (prints the new id) or change one."},
	{"get", "get ENTITY ID", "Show one record as a JSON line (ID: the id, its last 8 hex digits, or a handle)."},
	{"show", "show ENTITY ID", "The same as get."},
	{"list", "list ENTITY [--all]", "List the records of an entity as JSON lines, by id; --all includes deleted ones."},
	{"delete", "delete ENTITY ID", "Mark a record deleted (sent as a tombstone by the next sync)."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_failed[] = {
	{"discard", "discard OP", "Forget a change the server refused (a record it never accepted is removed with it)."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_conflicts[] = {
	{"resolve", "resolve CONFLICT --keep server|other | --value TEXT", "Settle an open conflict: keep one version or write a new value."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_staff[] = {
	{"add", "add NAME [--title T] [--role R] [--programmes P] [--nip N] [--pangkat P] [--phone P] | add --id PERSON [NAME] ...",
	 "Add a person to this office's staff list, or change someone already listed (--id)."},
	{"set", "set PERSON [--name N] [--title T] [--role R] [--programmes P] [--nip N] [--pangkat P] [--phone P]",
	 "Change the fields given of someone already listed (pangkat/golongan: \"Pembina (IV/a)\")."},
	{"list", "list", "List the staff of this office with their titles, roles and programmes."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_meeting[] = {
	{"plan", "plan --year Y [--day 3] [--kind monthly|quarterly] [--month-in-quarter 1] [--holidays FILE]",
	 "Plan the year's meetings on that day of the month, moved off weekends and holidays."},
	{"list", "list [--year Y]", "The schedule: held, postponed, cancelled, missed, upcoming."},
	{"postpone", "postpone MEETING --to DATE --reason TEXT", "Move a meeting to another day, with the reason."},
	{"cancel", "cancel MEETING --reason TEXT", "Cancel a meeting, with the reason."},
	{"held", "held MEETING [--date DATE]", "Record that the meeting took place (default today)."},
	{"history", "history MEETING", "Every postponement, cancellation and holding of a meeting, with reasons."},
	{"item", "item MEETING --kind information|decision|audit|feedback --text T [--source S]",
	 "Record information, a decision, an audit result or feedback given at the meeting."},
	{"items", "items MEETING", "The information, decisions and audit results recorded for a meeting."},
	{"agenda", "agenda MEETING", "The agenda, built from open RTL, problems and the calendar."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_material[] = {
	{"submit", "submit MEETING --programme P [--person PERSON] [--note TEXT]",
	 "Record a programme holder's material for a meeting."},
	{"status", "status MEETING", "Who brought material on time, late, or not yet."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_attend[] = {
	{"invite", "invite MEETING", "Invite everyone on this office's staff list to the meeting."},
	{"checkin", "checkin MEETING PERSON | checkin MEETING --name NAME [--role R]",
	 "Record that someone arrived (a walk-in when not invited)."},
	{"list", "list MEETING", "The attendance list of a meeting."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_problem[] = {
	{"add", "add MEETING --description TEXT [--indicator CODE] [--gap TEXT] [--usg U,S,G] [--cause \"method: ...\"]... "
	        "[--recommendation TEXT] [--cross-sector]",
	 "Record a problem found at a meeting, with its root causes and USG priority."},
	{"list", "list MEETING", "The problems of a meeting by priority (U+S+G, highest first), each with its handle."},
	{"flagged", "flagged", "Every problem flagged for the cross-sector (quarterly) lokmin."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_rtl[] = {
	{"add", "add MEETING --activity A --owner PERSON|--owner-sector SECTOR|--owner-puskesmas CODE --due DATE "
	        "[--objective T] [--target-group T] [--place T] [--resources T] [--indicator T]",
	 "Record a follow-up action (RTL) agreed at a meeting."},
	{"set",
	 "set RTL [--activity A] [--objective|--tujuan T] [--target-group|--sasaran T] [--place|--tempat T] [--due DATE] "
	 "[--resources T] [--indicator|--indikator T]",
	 "Change what the Notulen's RTL table shows of a follow-up action."},
	{"update", "update RTL [--status open|in_progress|done|dropped] [--note EVIDENCE] [--date DAY]",
	 "Record progress on a follow-up action (2026-03#2, as lists show it), with evidence."},
	{"verify", "verify RTL --as KAPUS [--note TEXT]", "The Kapus confirms a done item (the passphrase is asked)."},
	{"list", "list [--open] [--as-of DATE]", "Every follow-up action, or the open ones."},
	{"overdue", "overdue [--as-of DATE]", "Open follow-up actions past their date, with their age."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_invite[] = {
	{"draft",
	 "draft MEETING [--number N] [--sifat S] [--lampiran L] [--hal H] [--to NAME]... [--tembusan NAME]... "
	 "[--place P] [--time T]",
	 "Draft the Surat Undangan, with the agenda, the recipients and the copies."},
	{"sign", "sign INVITATION --as PERSON", "The Kapus signs the letter (passphrase); it is sealed."},
	{"show", "show INVITATION", "Show the letter, readable, and whether its signature verifies."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_minutes[] = {
	{"compile",
	 "compile MEETING [--start HH.MM] [--end HH.MM] [--chair PERSON] [--notulis PERSON] [--decision TEXT]... "
	 "[--reason WHAT-CHANGED] [--effective DATE]",
	 "Compile the Notulen from the meeting's records; after signing, a change is a new revision."},
	{"sign", "sign MINUTES --as KAPUS", "The Kapus signs the minutes (passphrase); they are sealed."},
	{"submit", "submit MINUTES", "Send signed minutes to the district."},
	{"show", "show MINUTES", "Show the Notulen and whether its signature verifies."},
	{"history", "history MEETING", "Every revision with its change note, and the district's reviews."},
	{"review", "review MINUTES --ack|--needs-revision [--feedback TEXT] [--reviewer NAME]",
	 "District devices: acknowledge submitted minutes or ask for a revision."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_sector[] = {
	{"add", "add CODE NAME [--kind K] [--contact TEXT] [--kecamatan CODE]",
	 "Add a sector of the kecamatan (e.g. KORAMIL, POLSEK, KUA), or change one with the same CODE."},
	{"list", "list", "Every sector, by code, with its number of representatives."},
	{"rep", "rep SECTOR NAME [--title T] [--phone P]", "Add a representative of a sector (SECTOR: its code)."},
	{"show", "show SECTOR", "Show a sector and its representatives."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_office[] = {
	{"show", "show [--puskesmas P | --kecamatan K] [--json]", "The office's letterhead (kop surat), its defaults until set."},
	{"set", "set --FIELD VALUE ... [--logo FILE]", "Set letterhead fields, the place in dates, the letter-number pattern, the time zone or the logo."},
	{"number", "number [--date YYYY-MM-DD]", "The number the office's next letter gets."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_commitment[] = {
	{"add", "add MEETING --sector SECTOR --support TEXT [--problem PROBLEM] [--from DATE] [--to DATE] "
	        "[--contact TEXT]",
	 "Record a sector's support agreed at a quarterly lokmin."},
	{"update", "update COMMITMENT [--status open|in_progress|done|dropped] [--note EVIDENCE] [--date DAY]",
	 "Record progress on a commitment, with evidence."},
	{"list", "list [MEETING] [--open]", "Every commitment, or those still open or in progress, each with its handle."},
	{NULL, NULL, NULL},
};
#define REPORT_OPTS " [--year Y] [--as-of DATE] [--submit-days N] [--csv|--json|--html] [--out FILE]"
static const struct cli_sub s_report[] = {
	{"compliance", "compliance" REPORT_OPTS, "Meetings held on schedule, postponed or missed, and the SOP's documents."},
	{"followup", "followup" REPORT_OPTS, "RTL and commitments: open, overdue, done on time or late."},
	{"coverage", "coverage" REPORT_OPTS, "Achievement per indicator and puskesmas against the target."},
	{"evidence", "evidence" REPORT_OPTS " [--bundle DIR]", "Accreditation 1.6.2 evidence per puskesmas, and the gaps."},
	{"all", "all" REPORT_OPTS, "Every report in one output."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_capaian[] = {
	{"template", "template [--month YYYY-MM] [--out FILE]", "A CSV with every indicator of the catalogue, to fill in."},
	{"import", "import FILE|-", "Import a filled CSV; one bad row and nothing is written."},
	{"set", "set INDICATOR YYYY-MM NUMERATOR [--denominator SASARAN] [--desa CODE] [--note T]",
	 "Enter one month's achievement of an indicator."},
	{"target", "target INDICATOR YEAR ANNUAL [--sasaran N]", "Set the year's target and sasaran of an indicator."},
	{"list", "list YYYY-MM", "What was entered for a month."},
	{"gaps", "gaps YYYY-MM [--desa CODE] [--green P] [--yellow P] [--all]",
	 "Cumulative coverage, gap and grade of each indicator up to that month."},
	{"indicators", "indicators", "The indicator catalogue on this device."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_print[] = {
	{"undangan", "undangan MEETING [-o FILE]", "The newest Surat Undangan of the meeting, as A4 PDF (or .html)."},
	{"hadir", "hadir MEETING [-o FILE]", "The Daftar Hadir, with room to sign and spare rows, as A4 PDF (or .html)."},
	{"notulen", "notulen MEETING [--out FILE]", "The newest Notulen, its change history and the district's review."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_sign[] = {
	{"keygen", "keygen PERSON [--deputy]", "Make the person's signing key on this device, under a passphrase."},
	{"check", "check PERSON", "Check that the passphrase opens the person's key on this device."},
	{"rotate", "rotate PERSON", "Make a new key, endorsed by the current one, which stops signing."},
	{"export", "export PERSON FILE", "Write a sealed key to FILE, to carry it to another device of the signer."},
	{"import", "import FILE", "Read a sealed key written by `lokmin sign export`."},
	{"list", "list", "Every signing key in scope: person, office, fingerprint, status."},
	{"confirm", "confirm KEY|PERSON", "District devices: confirm a pending key after comparing its fingerprint."},
	{"revoke", "revoke KEY|PERSON [--note TEXT]", "District devices: a key signs no more (a lost laptop)."},
	{"delegate", "delegate PERSON --kind plt|plh|an --from DATE --until DATE [--as HEAD] [--note TEXT]",
	 "Let a deputy sign for the head on those days."},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_attachment[] = {
	{"list", "list [RECORD]", "List the attachments, or those of one record."},
	{"get", "get ATTACHMENT [--out FILE]", "Fetch an attachment's content from lokmind (resuming a partial download)."},
	{NULL, NULL, NULL},
};

const struct command cli_commands[] = {
	{"enroll", cmd_enroll, "enroll LINE [--name NAME] [--role ROLE] [--force]",
	 "Register this device with lokmind using a one-time enrollment line.\n"
	 "The line comes from `lokmind token issue` or, for district staff, `lokmin token issue`.",
	 0, NULL, 0},
	{"whoami", cmd_whoami, "whoami", "Show this device's role and scope, the server version and the server time.", 1, NULL, 0},
	{"ping", cmd_ping, "ping [--count N]", "Measure the round trip to lokmind.", 1, NULL, 0},
	{"org", cmd_org, "org show [CODE]", "Show a region in this device's scope and what it contains.", 1, s_org, CLI_SUB_REQUIRED},

	{"token", cmd_token, "token issue --role ROLE --scope CODE [--ttl 72h]",
	 "District devices only: issue an enrollment line for a device of this kabupaten.\n"
	 "The device may be a puskesmas, a kecamatan (camat's office) or the district itself.",
	 1, s_token, CLI_SUB_REQUIRED},

	{"record", cmd_record, "record put|get|list|delete ENTITY ...",
	 "Create, change, show and delete records in this device's store (works offline).", 1, s_record, CLI_SUB_REQUIRED},

	{"export", cmd_export, "export", "Write every record in this device's store as JSON lines, in a stable order.", 1, NULL, 0},
	{"status", cmd_status, "status [--json]",
	 "Show ops waiting, sent and rejected, records held back, open conflicts, the pull cursor and the last sync.",
	 1, NULL, 0},
	{"failed", cmd_failed, "failed [--json] | failed discard OP",
	 "List changes the server rejected (when, which record, the error and why), then records from\n"
	 "the server this device could not apply and holds back (when, which record, its revision and why).",
	 1, s_failed, CLI_SUB_OPTIONAL},

	{"sync", cmd_sync, "sync [--batch N] [--inflight K] [--page N] [--retries N]",
	 "Send this device's changes to lokmind and fetch everyone else's.\n"
	 "Retries with backoff when the link drops, and keeps what it could not send.",
	 1, NULL, 0},
	{"conflicts", cmd_conflicts, "conflicts [--all] | conflicts resolve CONFLICT --keep server|other | --value TEXT",
	 "List the conflicting changes the server found, and settle an open one.", 1, s_conflicts, CLI_SUB_OPTIONAL},

	{"staff", cmd_staff, "staff add NAME [--title T] [--role R] [--programmes P] [--pangkat P] | staff set PERSON ... | staff list",
	 "The people of this office, their titles and the programmes or ILP clusters they hold.", 1, s_staff, CLI_SUB_REQUIRED},

	{"meeting", cmd_meeting, "meeting plan|list|postpone|cancel|held|history|item|items|agenda ...",
	 "Plan a year of lokmin meetings and see their schedule (works offline).", 1, s_meeting, CLI_SUB_REQUIRED},

	{"material", cmd_material, "material submit MEETING --programme P | material status MEETING",
	 "Programme holders' material for a meeting, due 3 days before it.", 1, s_material, CLI_SUB_REQUIRED},

	{"attend", cmd_attend, "attend invite|checkin|list MEETING ...",
	 "Invite the staff to a meeting, check people in (walk-ins too) and show the attendance list.", 1, s_attend, CLI_SUB_REQUIRED},

	{"problem", cmd_problem, "problem add|list|flagged ...",
	 "Problems found at a meeting: gap, root causes (fishbone), USG priority, cross-sector flag.", 1, s_problem, CLI_SUB_REQUIRED},

	{"rtl", cmd_rtl, "rtl add|set|update|verify|list|overdue ...",
	 "Follow-up actions (RTL): owner, date, progress with evidence, verification, overdue items.", 1, s_rtl, CLI_SUB_REQUIRED},

	{"invite", cmd_invite, "invite draft|sign|show ...",
	 "The Surat Undangan: drafted with the agenda, signed by the Kapus and sealed.", 1, s_invite, CLI_SUB_REQUIRED},

	{"minutes", cmd_minutes, "minutes compile|sign|submit|show|history ...",
	 "The Notulen: compiled from the records, signed by the Kapus, sealed, revised, submitted.", 1, s_minutes, CLI_SUB_REQUIRED},

	{"sector", cmd_sector, "sector add|list|rep|show ...",
	 "The sectors (instansi) of the kecamatan and their representatives, for the quarterly lokmin.", 1, s_sector, CLI_SUB_REQUIRED},

	{"office", cmd_office, "office show|set|number ...",
	 "The office's letterhead (kop surat), letter numbers and time zone; kept by the office and the district.", 1, s_office, CLI_SUB_REQUIRED},

	{"commitment", cmd_commitment, "commitment add|update|list ...",
	 "What each sector commits to at the quarterly lokmin, and its follow-up.", 1, s_commitment, CLI_SUB_REQUIRED},

	{"todo", cmd_todo, "todo [--as-of DATE] [--days N] [--json]", "What needs doing here: material missing, documents unsigned or not submitted, overdue RTL.", 1, NULL, 0},
	{"report", cmd_report, "report compliance|followup|coverage|evidence|all ... [--year Y] [--csv|--json|--html] [--out FILE]",
	 "The district's view from this device's store: compliance, follow-up, coverage, accreditation evidence.", 1, s_report, CLI_SUB_REQUIRED},

	{"capaian", cmd_capaian, "capaian template|import|set|target|list|gaps|indicators ...",
	 "Monthly achievement per indicator (and desa): CSV import, targets, coverage, gaps and grades.", 1, s_capaian, CLI_SUB_REQUIRED},

	{"print", cmd_print, "print undangan|hadir|notulen MEETING [--out FILE]",
	 "Print-ready Surat Undangan, Daftar Hadir or Notulen (HTML with print CSS), with the signature status.", 1, s_print, CLI_SUB_REQUIRED},

	{"verify", cmd_verify, "verify PAYLOAD|- [--json] | verify invite|minutes MEETING [--payload] [--json]",
	 "Check a signed document offline: the text of its QR code (PAYLOAD, or - to read it from stdin),\n"
	 "or a meeting's Surat Undangan or Notulen. Says whether the signature holds with the signer's\n"
	 "registered key and what the document is. Exit 0 valid, 1 not valid, 2 usage.",
	 1, NULL, 0},

	{"sign", cmd_sign, "sign keygen|check|rotate|export|import|list|confirm|revoke|delegate ...",
	 "The Ed25519 signing key of a person who signs (Kapus, Camat), under a passphrase.", 1, s_sign, CLI_SUB_REQUIRED},

	{"attach", cmd_attach, "attach ENTITY RECORD FILE [--caption TEXT]",
	 "Attach a photo or scanned document to a record; sent by the next sync.", 1, NULL, 0},
	{"attachment", cmd_attachment, "attachment list [RECORD] | attachment get ID [--out FILE]",
	 "List attachments, or fetch one's content from lokmind on demand.", 1, s_attachment, CLI_SUB_REQUIRED},
};
const size_t cli_commands_count = LK_ARRAY_LEN(cli_commands);

int cmd_usage(const char *name)
{
	const struct command *c = cli_command_find(name);
	if (c)
		fprintf(stderr, "usage: lokmin %s\n", c->usage);
	return 2;
}

int cmd_is_help(int argc, char **argv)
{
	/* Only the first word: later ones may be values (`rtl add M --activity --help`). */
	return argc > 1 && cli_is_help_word(argv[1]);
}

void cmd_help(const char *name)
{
	const struct command *c = cli_command_find(name);
	if (c)
		printf("usage: lokmin %s\n\n%s\n", c->usage, c->help);
}
