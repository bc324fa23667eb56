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
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"

/* The subcommands of each command: what `lokmin COMMAND SUB --help` shows, and the words a
 * misspelt subcommand is compared with. Each command's own help explains them together. */
static const struct cli_sub s_org[] = {
	{"show", N_("show [CODE]"), N_("Show a region in this device's scope (default: this device's own) and what it contains.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_token[] = {
	{"issue", N_("issue --role ROLE --scope CODE [--ttl 72h]"),
	 N_("District devices only: issue an enrollment line for a device of this kabupaten.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_record[] = {
	{"put", N_("put ENTITY [--id ID] field=value ..."), N_("Create a record (prints the new id) or change one.")},
	{"get", N_("get ENTITY ID"), N_("Show one record as a JSON line (ID: the id, its last 8 hex digits, or a handle).")},
	{"show", N_("show ENTITY ID"), N_("The same as get.")},
	{"list", N_("list ENTITY [--all]"), N_("List the records of an entity as JSON lines, by id; --all includes deleted ones.")},
	{"delete", N_("delete ENTITY ID"), N_("Mark a record deleted (sent as a tombstone by the next sync).")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_failed[] = {
	{"discard", N_("discard OP"), N_("Forget a change the server refused (a record it never accepted is removed with it).")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_conflicts[] = {
	{"resolve", N_("resolve CONFLICT --keep server|other | --value TEXT"), N_("Settle an open conflict: keep one version or write a new value.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_staff[] = {
	{"add", N_("add NAME [--title T] [--role R] [--programmes P] [--nip N] [--pangkat P] [--phone P] | add --id PERSON [NAME] ..."),
	 N_("Add a person to this office's staff list, or change someone already listed (--id).")},
	{"set", N_("set PERSON [--name N] [--title T] [--role R] [--programmes P] [--nip N] [--pangkat P] [--phone P]"),
	 N_("Change the fields given of someone already listed (pangkat/golongan: \"Pembina (IV/a)\").")},
	{"list", "list", N_("List the staff of this office with their titles, roles and programmes.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_meeting[] = {
	{"plan", N_("plan --year Y [--day 3] [--kind monthly|quarterly] [--month-in-quarter 1] [--holidays FILE]"),
	 N_("Plan the year's meetings on that day of the month, moved off weekends and holidays.")},
	{"list", N_("list [--year Y]"), N_("The schedule: held, postponed, cancelled, missed, upcoming.")},
	{"postpone", N_("postpone MEETING --to DATE --reason TEXT"), N_("Move a meeting to another day, with the reason.")},
	{"cancel", N_("cancel MEETING --reason TEXT"), N_("Cancel a meeting, with the reason.")},
	{"held", N_("held MEETING [--date DATE]"), N_("Record that the meeting took place (default today).")},
	{"history", N_("history MEETING"), N_("Every postponement, cancellation and holding of a meeting, with reasons.")},
	{"item", N_("item MEETING --kind information|decision|audit|feedback --text T [--source S]"),
	 N_("Record information, a decision, an audit result or feedback given at the meeting.")},
	{"items", N_("items MEETING"), N_("The information, decisions and audit results recorded for a meeting.")},
	{"agenda", N_("agenda MEETING"), N_("The agenda, built from open RTL, problems and the calendar.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_material[] = {
	{"submit", N_("submit MEETING --programme P [--person PERSON] [--note TEXT]"),
	 N_("Record a programme holder's material for a meeting.")},
	{"status", N_("status MEETING"), N_("Who brought material on time, late, or not yet.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_attend[] = {
	{"invite", N_("invite MEETING"), N_("Invite everyone on this office's staff list to the meeting.")},
	{"checkin", N_("checkin MEETING PERSON | checkin MEETING --name NAME [--role R]"),
	 N_("Record that someone arrived (a walk-in when not invited).")},
	{"list", N_("list MEETING"), N_("The attendance list of a meeting.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_problem[] = {
	{"add", N_("add MEETING --description TEXT [--indicator CODE] [--gap TEXT] [--usg U,S,G] [--cause \"method: ...\"]... "
	        "[--recommendation TEXT] [--cross-sector]"),
	 N_("Record a problem found at a meeting, with its root causes and USG priority.")},
	{"list", N_("list MEETING"), N_("The problems of a meeting by priority (U+S+G, highest first), each with its handle.")},
	{"flagged", "flagged", N_("Every problem flagged for the cross-sector (quarterly) lokmin.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_rtl[] = {
	{"add", N_("add MEETING --activity A --owner PERSON|--owner-sector SECTOR|--owner-puskesmas CODE --due DATE "
	        "[--objective T] [--target-group T] [--place T] [--resources T] [--indicator T]"),
	 N_("Record a follow-up action (RTL) agreed at a meeting.")},
	{"set",
	 N_("set RTL [--activity A] [--objective|--tujuan T] [--target-group|--sasaran T] [--place|--tempat T] [--due DATE] "
	 "[--resources T] [--indicator|--indikator T]"),
	 N_("Change what the Notulen's RTL table shows of a follow-up action.")},
	{"update", N_("update RTL [--status open|in_progress|done|dropped] [--note EVIDENCE] [--date DAY]"),
	 N_("Record progress on a follow-up action (2026-03#2, as lists show it), with evidence.")},
	{"verify", N_("verify RTL --as KAPUS [--note TEXT]"), N_("The Kapus confirms a done item (the passphrase is asked).")},
	{"list", N_("list [--open] [--as-of DATE]"), N_("Every follow-up action, or the open ones.")},
	{"overdue", N_("overdue [--as-of DATE]"), N_("Open follow-up actions past their date, with their age.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_invite[] = {
	{"draft",
	 N_("draft MEETING [--number N] [--sifat S] [--lampiran L] [--hal H] [--to NAME]... [--tembusan NAME]... "
	    "[--place P] [--time T]"),
	 N_("Draft the Surat Undangan, with the agenda, the recipients and the copies.")},
	{"sign", N_("sign INVITATION --as PERSON"), N_("The Kapus signs the letter (passphrase); it is sealed.")},
	{"show", N_("show INVITATION"), N_("Show the letter, readable, and whether its signature verifies.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_minutes[] = {
	{"compile",
	 N_("compile MEETING [--start HH.MM] [--end HH.MM] [--chair PERSON] [--notulis PERSON] [--decision TEXT]... "
	 "[--reason WHAT-CHANGED] [--effective DATE]"),
	 N_("Compile the Notulen from the meeting's records; after signing, a change is a new revision.")},
	{"sign", N_("sign MINUTES --as KAPUS"), N_("The Kapus signs the minutes (passphrase); they are sealed.")},
	{"submit", N_("submit MINUTES"), N_("Send signed minutes to the district.")},
	{"show", N_("show MINUTES"), N_("Show the Notulen and whether its signature verifies.")},
	{"history", N_("history MEETING"), N_("Every revision with its change note, and the district's reviews.")},
	{"review", N_("review MINUTES --ack|--needs-revision [--feedback TEXT] [--reviewer NAME]"),
	 N_("District devices: acknowledge submitted minutes or ask for a revision.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_sector[] = {
	{"add", N_("add CODE NAME [--kind K] [--contact TEXT] [--kecamatan CODE]"),
	 N_("Add a sector of the kecamatan (e.g. KORAMIL, POLSEK, KUA), or change one with the same CODE.")},
	{"list", "list", N_("Every sector, by code, with its number of representatives.")},
	{"rep", N_("rep SECTOR NAME [--title T] [--phone P]"), N_("Add a representative of a sector (SECTOR: its code).")},
	{"show", N_("show SECTOR"), N_("Show a sector and its representatives.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_office[] = {
	{"show", N_("show [--puskesmas P | --kecamatan K] [--json]"), N_("The office's letterhead (kop surat), its defaults until set.")},
	{"set", N_("set --FIELD VALUE ... [--logo FILE]"), N_("Set letterhead fields, the place in dates, the letter-number pattern, the time zone or the logo.")},
	{"number", N_("number [--date YYYY-MM-DD]"), N_("The number the office's next letter gets.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_commitment[] = {
	{"add", N_("add MEETING --sector SECTOR --support TEXT [--problem PROBLEM] [--from DATE] [--to DATE] "
	        "[--contact TEXT]"),
	 N_("Record a sector's support agreed at a quarterly lokmin.")},
	{"update", N_("update COMMITMENT [--status open|in_progress|done|dropped] [--note EVIDENCE] [--date DAY]"),
	 N_("Record progress on a commitment, with evidence.")},
	{"list", N_("list [MEETING] [--open]"), N_("Every commitment, or those still open or in progress, each with its handle.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_report[] = {
	{"compliance", N_("compliance [--year Y] [--as-of DATE] [--submit-days N] [--csv|--json|--html] [--out FILE]"), N_("Meetings held on schedule, postponed or missed, and the SOP's documents.")},
	{"followup", N_("followup [--year Y] [--as-of DATE] [--submit-days N] [--csv|--json|--html] [--out FILE]"), N_("RTL and commitments: open, overdue, done on time or late.")},
	{"coverage", N_("coverage [--year Y] [--as-of DATE] [--submit-days N] [--csv|--json|--html] [--out FILE]"), N_("Achievement per indicator and puskesmas against the target.")},
	{"evidence", N_("evidence [--year Y] [--as-of DATE] [--submit-days N] [--csv|--json|--html] [--out FILE] [--bundle DIR]"), N_("Accreditation 1.6.2 evidence per puskesmas, and the gaps.")},
	{"all", N_("all [--year Y] [--as-of DATE] [--submit-days N] [--csv|--json|--html] [--out FILE]"), N_("Every report in one output.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_capaian[] = {
	{"template", N_("template [--month YYYY-MM] [--out FILE]"), N_("A CSV with every indicator of the catalogue, to fill in.")},
	{"import", N_("import FILE|-"), N_("Import a filled CSV; one bad row and nothing is written.")},
	{"export", N_("export [--year Y] -o FILE.xlsx|FILE.csv"), N_("The year's achievement as an XLSX workbook, or a CSV to import again.")},
	{"set", N_("set INDICATOR YYYY-MM NUMERATOR [--denominator SASARAN] [--desa NAME|CODE] [--note T]"),
	 N_("Enter one month's achievement of an indicator.")},
	{"target", N_("target INDICATOR YEAR ANNUAL [--sasaran N]"), N_("Set the year's target and sasaran of an indicator.")},
	{"list", N_("list YYYY-MM"), N_("What was entered for a month.")},
	{"gaps", N_("gaps YYYY-MM [--desa NAME|CODE] [--green P] [--yellow P] [--all]"),
	 N_("Cumulative coverage, gap and grade of each indicator up to that month.")},
	{"indicators", "indicators", N_("The indicator catalogue on this device.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_print[] = {
	{"undangan", N_("undangan MEETING [-o FILE]"), N_("The newest Surat Undangan of the meeting, as A4 PDF (or .html).")},
	{"hadir", N_("hadir MEETING [-o FILE]"), N_("The Daftar Hadir, with room to sign and spare rows, as A4 PDF (or .html).")},
	{"notulen", N_("notulen MEETING [-o FILE]"), N_("The newest Notulen, its change history and the district's review, as A4 PDF (or .html).")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_sign[] = {
	{"keygen", N_("keygen PERSON [--deputy]"), N_("Make the person's signing key on this device, under a passphrase.")},
	{"check", N_("check PERSON"), N_("Check that the passphrase opens the person's key on this device.")},
	{"rotate", N_("rotate PERSON"), N_("Make a new key, endorsed by the current one, which stops signing.")},
	{"export", N_("export PERSON FILE"), N_("Write a sealed key to FILE, to carry it to another device of the signer.")},
	{"import", N_("import FILE"), N_("Read a sealed key written by `lokmin sign export`.")},
	{"list", "list", N_("Every signing key in scope: person, office, fingerprint, status.")},
	{"confirm", N_("confirm KEY|PERSON"), N_("District devices: confirm a pending key after comparing its fingerprint.")},
	{"revoke", N_("revoke KEY|PERSON [--note TEXT]"), N_("District devices: a key signs no more (a lost laptop).")},
	{"delegate", N_("delegate PERSON --kind plt|plh|an --from DATE --until DATE [--as HEAD] [--note TEXT]"),
	 N_("Let a deputy sign for the head on those days.")},
	{NULL, NULL, NULL},
};
static const struct cli_sub s_attachment[] = {
	{"list", N_("list [RECORD]"), N_("List the attachments, or those of one record.")},
	{"get", N_("get ATTACHMENT [--out FILE]"), N_("Fetch an attachment's content from lokmind (resuming a partial download).")},
	{NULL, NULL, NULL},
};

const struct command cli_commands[] = {
	{"enroll", cmd_enroll, N_("enroll LINE [--name NAME] [--role ROLE] [--force]"),
	 N_("Register this device with lokmind using a one-time enrollment line.\n"
	 "The line comes from `lokmind token issue` or, for district staff, `lokmin token issue`."),
	 0, NULL, 0},
	{"whoami", cmd_whoami, "whoami", N_("Show this device's role and scope, the server version and the server time."), 1, NULL, 0},
	{"ping", cmd_ping, N_("ping [--count N]"), N_("Measure the round trip to lokmind."), 1, NULL, 0},
	{"org", cmd_org, N_("org show [CODE]"), N_("Show a region in this device's scope and what it contains."), 1, s_org, CLI_SUB_REQUIRED},

	{"token", cmd_token, N_("token issue --role ROLE --scope CODE [--ttl 72h]"),
	 N_("District devices only: issue an enrollment line for a device of this kabupaten.\n"
	 "The device may be a puskesmas, a kecamatan (camat's office) or the district itself."),
	 1, s_token, CLI_SUB_REQUIRED},

	{"record", cmd_record, N_("record put|get|list|delete ENTITY ..."),
	 N_("Create, change, show and delete records in this device's store (works offline)."), 1, s_record, CLI_SUB_REQUIRED},

	{"export", cmd_export, "export", N_("Write every record in this device's store as JSON lines, in a stable order."), 1, NULL, 0},
	{"status", cmd_status, N_("status [--json]"),
	 N_("Show ops waiting, sent and rejected, records held back, open conflicts, the pull cursor and the last sync."),
	 1, NULL, 0},
	{"failed", cmd_failed, N_("failed [--json] | failed discard OP"),
	 N_("List changes the server rejected (when, which record, the error and why), then records from\n"
	 "the server this device could not apply and holds back (when, which record, its revision and why)."),
	 1, s_failed, CLI_SUB_OPTIONAL},

	{"sync", cmd_sync, N_("sync [--batch N] [--inflight K] [--page N] [--retries N]"),
	 N_("Send this device's changes to lokmind and fetch everyone else's.\n"
	 "Retries with backoff when the link drops, and keeps what it could not send."),
	 1, NULL, 0},
	{"conflicts", cmd_conflicts, N_("conflicts [--all] | conflicts resolve CONFLICT --keep server|other | --value TEXT"),
	 N_("List the conflicting changes the server found, and settle an open one."), 1, s_conflicts, CLI_SUB_OPTIONAL},

	{"staff", cmd_staff, N_("staff add NAME [--title T] [--role R] [--programmes P] [--pangkat P] | staff set PERSON ... | staff list"),
	 N_("The people of this office, their titles and the programmes or ILP clusters they hold."), 1, s_staff, CLI_SUB_REQUIRED},

	{"meeting", cmd_meeting, N_("meeting plan|list|postpone|cancel|held|history|item|items|agenda ..."),
	 N_("Plan a year of lokmin meetings and see their schedule (works offline)."), 1, s_meeting, CLI_SUB_REQUIRED},

	{"material", cmd_material, N_("material submit MEETING --programme P | material status MEETING"),
	 N_("Programme holders' material for a meeting, due 3 days before it."), 1, s_material, CLI_SUB_REQUIRED},

	{"attend", cmd_attend, N_("attend invite|checkin|list MEETING ..."),
	 N_("Invite the staff to a meeting, check people in (walk-ins too) and show the attendance list."), 1, s_attend, CLI_SUB_REQUIRED},

	{"problem", cmd_problem, N_("problem add|list|flagged ..."),
	 N_("Problems found at a meeting: gap, root causes (fishbone), USG priority, cross-sector flag."), 1, s_problem, CLI_SUB_REQUIRED},

	{"rtl", cmd_rtl, N_("rtl add|set|update|verify|list|overdue ..."),
	 N_("Follow-up actions (RTL): owner, date, progress with evidence, verification, overdue items."), 1, s_rtl, CLI_SUB_REQUIRED},

	{"invite", cmd_invite, N_("invite draft|sign|show ..."),
	 N_("The Surat Undangan: drafted with the agenda, signed by the Kapus and sealed."), 1, s_invite, CLI_SUB_REQUIRED},

	{"minutes", cmd_minutes, N_("minutes compile|sign|submit|show|history ..."),
	 N_("The Notulen: compiled from the records, signed by the Kapus, sealed, revised, submitted."), 1, s_minutes, CLI_SUB_REQUIRED},

	{"sector", cmd_sector, N_("sector add|list|rep|show ..."),
	 N_("The sectors (instansi) of the kecamatan and their representatives, for the quarterly lokmin."), 1, s_sector, CLI_SUB_REQUIRED},

	{"office", cmd_office, N_("office show|set|number ..."),
	 N_("The office's letterhead (kop surat), letter numbers and time zone; kept by the office and the district."), 1, s_office, CLI_SUB_REQUIRED},

	{"commitment", cmd_commitment, N_("commitment add|update|list ..."),
	 N_("What each sector commits to at the quarterly lokmin, and its follow-up."), 1, s_commitment, CLI_SUB_REQUIRED},

	{"todo", cmd_todo, N_("todo [--as-of DATE] [--days N] [--json]"), N_("What needs doing here: material missing, documents unsigned or not submitted, overdue RTL."), 1, NULL, 0},
	{"ui", cmd_ui, N_("ui [--listen ADDR:PORT] [--idle-timeout TIME] | ui --add-user LOGIN --person NAME [--lang id|en]"),
	 N_("Serve the web app to this office's browsers (default http://127.0.0.1:7480/), or add a user of it."),
	 1, NULL, 0},
	{"report", cmd_report, N_("report compliance|followup|coverage|evidence|all ... [--year Y] [--csv|--json|--html|--pdf] [-o FILE]"),
	 N_("The district's view from this device's store: compliance, follow-up, coverage, accreditation evidence."), 1, s_report, CLI_SUB_REQUIRED},

	{"capaian", cmd_capaian, N_("capaian template|import|export|set|target|list|gaps|indicators ..."),
	 N_("Monthly achievement per indicator (and desa): CSV import, targets, coverage, gaps and grades."), 1, s_capaian, CLI_SUB_REQUIRED},

	{"print", cmd_print, N_("print undangan|hadir|notulen MEETING [-o FILE]"),
	 N_("The Surat Undangan, Daftar Hadir or Notulen as A4 PDF ready to print (or .html), with the signature status."), 1, s_print, CLI_SUB_REQUIRED},

	{"verify", cmd_verify, N_("verify PAYLOAD|- [--json] | verify invite|minutes MEETING [--payload] [--json]"),
	 N_("Check a signed document offline: the text of its QR code (PAYLOAD, or - to read it from stdin),\n"
	 "or a meeting's Surat Undangan or Notulen. Says whether the signature holds with the signer's\n"
	 "registered key and what the document is. Exit 0 valid, 1 not valid, 2 usage."),
	 1, NULL, 0},

	{"sign", cmd_sign, N_("sign keygen|check|rotate|export|import|list|confirm|revoke|delegate ..."),
	 N_("The Ed25519 signing key of a person who signs (Kapus, Camat), under a passphrase."), 1, s_sign, CLI_SUB_REQUIRED},

	{"attach", cmd_attach, N_("attach ENTITY RECORD FILE [--caption TEXT]"),
	 N_("Attach a photo or scanned document to a record; sent by the next sync."), 1, NULL, 0},
	{"attachment", cmd_attachment, N_("attachment list [RECORD] | attachment get ID [--out FILE]"),
	 N_("List attachments, or fetch one's content from lokmind on demand."), 1, s_attachment, CLI_SUB_REQUIRED},
};
const size_t cli_commands_count = LK_ARRAY_LEN(cli_commands);

int cmd_usage(const char *name)
{
	const struct command *c = cli_command_find(name);
	if (c)
		fprintf(stderr, _("usage: lokmin %s\n"), _(c->usage));
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
		printf(_("usage: lokmin %s\n\n%s\n"), _(c->usage), _(c->help));
}
