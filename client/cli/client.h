/* client: types shared by the lokmin modules: options, profile, command table. */
#ifndef LK_CLIENT_H
#define LK_CLIENT_H

#include <stdint.h>
#include <stdio.h>

#include "capaian_gap.h"
#include "conn.h"
#include "engine.h"
#include "lk_config.h"
#include "lk_enroll.h"
#include "lk_keys.h"
#include "meeting_records.h"
#include "orgcache.h"

/* ---------------------------------------------------------------- options */

struct cli_options {
	char home[1024];
	int64_t timeout;
	int64_t json;
	int64_t max_attachment;
	int64_t grade_green;  /* percent of the target to date: green at or above */
	int64_t grade_yellow; /* yellow at or above, red below */
	char as[256];         /* who is at the keyboard: a staff name (--as, LOKMIN_AS) */
};
extern const struct lk_opt cli_options_table[];
extern const size_t cli_options_count;

/* ---------------------------------------------------------------- session */

/* Everything a command needs: options, profile, keys and (once opened) the connection. */
struct session {
	struct cli_options opt;
	/* Commands not yet moved to the engine API still say s->home, s->prof, s->keys,
	 * s->conn and s->store: the anonymous struct repeats the engine's first members. */
	union {
		struct lk_engine eng;
		struct {
			char home[1024];
			struct profile prof;
			lk_curve_pair keys;
			lk_conn *conn;
			struct lk_store *store; /* the offline store, opened by session_store() */
		};
	};
};

/* Load the profile and keys; prints why not and returns non-zero when the
 * device is not enrolled. */
int session_open(struct session *s);
/* Connect to the server of the profile (lazily, once). */
int session_connect(struct session *s);
void session_close(struct session *s);
/* Send one request and wait; on failure prints "lokmin: <what>: <why>" and
 * returns the negative code. */
int session_call(struct session *s, const char *what, Lokmin__Request *req, Lokmin__Reply **rep);

/* ---------------------------------------------------------------- commands */

struct cli_sub;

struct command {
	const char *name;
	int (*fn)(struct session *s, int argc, char **argv);
	const char *usage;
	const char *help;
	int needs_profile;
	/* The subcommands (cli.h), NULL-name terminated, or NULL for a command without. */
	const struct cli_sub *subs;
	int sub_flags; /* CLI_SUB_* (cli.h) */
};
extern const struct command cli_commands[];
extern const size_t cli_commands_count;

/* Print the command's usage line to stderr; returns 2 (the usage exit status). */
int cmd_usage(const char *name);
/* 1 when the command's first word (after its name) is --help or -h. */
int cmd_is_help(int argc, char **argv);
/* Print the command's usage and help text to stdout. */
void cmd_help(const char *name);

int cmd_enroll(struct session *s, int argc, char **argv);
int cmd_whoami(struct session *s, int argc, char **argv);
int cmd_ping(struct session *s, int argc, char **argv);
int cmd_org(struct session *s, int argc, char **argv);
int cmd_token(struct session *s, int argc, char **argv);
int cmd_record(struct session *s, int argc, char **argv);
int cmd_export(struct session *s, int argc, char **argv);
int cmd_status(struct session *s, int argc, char **argv);
int cmd_failed(struct session *s, int argc, char **argv);
int cmd_sync(struct session *s, int argc, char **argv);
int cmd_conflicts(struct session *s, int argc, char **argv);
int cmd_attach(struct session *s, int argc, char **argv);
int cmd_attachment(struct session *s, int argc, char **argv);
/* Download attachment id's content (resuming) and copy it to out when not NULL;
 * prints the path, or why not. Exit status. */
int attach_fetch(struct session *s, struct lk_store *st, const char *id, const char *out);
int cmd_meeting(struct session *s, int argc, char **argv);
int cmd_staff(struct session *s, int argc, char **argv);
int cmd_material(struct session *s, int argc, char **argv);
int cmd_attend(struct session *s, int argc, char **argv);
int cmd_rtl(struct session *s, int argc, char **argv);
int cmd_problem(struct session *s, int argc, char **argv);
int cmd_sign(struct session *s, int argc, char **argv);
int cmd_invite(struct session *s, int argc, char **argv);
int cmd_minutes(struct session *s, int argc, char **argv);
int cmd_capaian(struct session *s, int argc, char **argv);
int cmd_sector(struct session *s, int argc, char **argv);
int cmd_office(struct session *s, int argc, char **argv);
int cmd_report(struct session *s, int argc, char **argv);
int cmd_todo(struct session *s, int argc, char **argv);
int cmd_ui(struct session *s, int argc, char **argv);
int cmd_commitment(struct session *s, int argc, char **argv);
int cmd_print(struct session *s, int argc, char **argv);
int cmd_verify(struct session *s, int argc, char **argv);
/* Write one printed document (undangan, hadir, notulen) of a meeting to out; exit status. */
int print_document(const struct dom *d, const char *kind, const char *meeting, const char *out);
/* The Notulen of meeting as an HTML page into out (stdout when NULL); exit status (print_notulen.c). */
int print_notulen_html(const struct dom *d, const char *meeting, const char *out);
/* The newest minutes of meeting mt laid out in doc (rd_notulen); 0 or negative with err. */
struct rd_doc;
struct dom_err;
int print_notulen_layout(struct dom *d, const ProtobufCMessage *mt, struct rd_doc *doc, struct dom_err *err);
/* The Notulen's canonical text (doc_text "notulen") as plain text for a person (notulen_text.c). */
struct dom_doc_text;
void notulen_readable(FILE *f, const struct dom_doc_text *t);
/* `lokmin invite|minutes sign DOC --as PERSON` and `... show DOC` (command "invite" or
 * "minutes"): resolve the document by its meeting and the person, then sign (the
 * passphrase asked only once the person may sign) or show. Exit status. */
int doc_command(struct session *s, struct lk_store *st, const char *command, int argc, char **argv);
/* The signing passphrase (LOKMIN_PASSPHRASE, the terminal without echo, or a
 * line of stdin); malloc'd, the caller wipes and frees. NULL when none. */
char *sign_passphrase(const char *prompt);
struct signer_keyrec;
/* The key person (called name in messages) signs with on this device now: the
 * newest current key whose file is here. 0 with *out filled (release with
 * signer_key_release), or 1 after saying why (waiting for the district's
 * confirmation, revoked, no key here). */
int sign_pick(const struct session *s, struct lk_store *st, const char *person, const char *name,
              struct signer_keyrec *out);
/* Ask for the passphrase, then open kr's sealed file with it, checking it holds
 * kr's key; 0, -LK_ENOTFOUND or -LK_ECRYPTO. The caller wipes sk. */
int sign_open(const struct session *s, const struct signer_keyrec *kr, uint8_t sk[64]);
/* `lokmin sign list|confirm|revoke|delegate` (cmd_sign_admin.c). */
int sign_admin(struct session *s, struct lk_store *st, int argc, char **argv);

/* The offline store of s->home, opened on first use; prints why and returns
 * NULL when it cannot be opened. Owned by the session. */
struct lk_store *session_store(struct session *s);
/* Close the store (safe when not open). */
void session_store_close(struct session *s);

/* Print a JSON string literal (quotes included) to f. */
void json_string(FILE *f, const char *s);

#endif
