/* lkt: test support: private databases, a real lokmind process and real lokmin runs. */
#ifndef LKT_H
#define LKT_H

#include <stddef.h>
#include <sys/types.h>

/* A database of its own for one test, inside the PostgreSQL named by LOKMIN_TEST_PG. */
struct lkt_db {
	char name[64];
	char conninfo[1024];
};

/* Create an empty database; 0 or -1 (reason on stderr, e.g. LOKMIN_TEST_PG unset). */
int lkt_db_create(struct lkt_db *db);
void lkt_db_drop(struct lkt_db *db);
/* Run SQL; 0 or -1. */
int lkt_sql(const struct lkt_db *db, const char *sql);
/* First cell of the first row as a malloc'd string (caller frees), NULL on error or no row. */
char *lkt_sql_value(const struct lkt_db *db, const char *sql);
/* The first value of sql's first row as a number, or LLONG_MIN when there is none (reason on stderr). */
long long lkt_sql_num(const struct lkt_db *db, const char *sql);

/* Run argv (argv[0] a path) with extra environment "NAME=value" entries
 * (NULL-terminated, may be NULL) and stdin from /dev/null. Captures stdout
 * and stderr into malloc'd strings when out/err are non-NULL. Kills the
 * child after timeout_ms. Returns the exit status, 128+signal, or -1. */
int lkt_run(char **out, char **err, const char *const *argv, const char *const *env, int timeout_ms);

/* The text poppler's pdftotext reads from pdf (malloc'd, caller frees): of page
 * (1-based), or of every page when 0; layout keeps each line's columns where
 * they stand (-layout). When pdftotext fails it says so and aborts the test. */
char *lkt_pdf_text(const char *pdf, int page, int layout);

/* A lokmind with its own database, key folder and loopback port. */
struct lkt_server {
	struct lkt_db db;
	char dir[256];      /* temporary folder: keys, log, client homes */
	char keydir[300];
	char log[300];
	char endpoint[64];  /* tcp://127.0.0.1:PORT */
	int port;
	int workers;
	pid_t pid;
	char env[12][1100];
	const char *envp[13];
	int nenv; /* entries of env in use */
};

/* Create database and folder, keygen, migrate, load the catalogue and the
 * test regions: kabupaten 3324 (kecamatan 332401 with puskesmas P3324010101
 * and P3324010102, kecamatan 332402 with P3324020101) and kabupaten 3325
 * (kecamatan 332501, puskesmas P3325010101). Does not start it. 0 or -1. */
int lkt_server_init(struct lkt_server *s, int workers);
/* t: a second lokmind of s (its database, key and folder) on a port and a log ("lokmind-NAME.log") of its
 * own; not started. Stop it with lkt_server_stop; lkt_server_fini of s drops what they share. */
void lkt_server_twin(const struct lkt_server *s, struct lkt_server *t, const char *name);
/* Initialise and start a (lkt_server_init with workers), then its twin b ("b"), and make both an admin twin
 * that is never started, whose enrollment lines name a and b. 0 or -1. lkt_server_pair_fini undoes it. */
int lkt_server_pair(struct lkt_server *a, struct lkt_server *b, struct lkt_server *both, int workers);
void lkt_server_pair_fini(struct lkt_server *a, struct lkt_server *b);
/* Add NAME=value to the environment lokmind starts with (or replace NAME's entry). 0, or -1 when full. */
int lkt_server_setenv(struct lkt_server *s, const char *name_value);
/* Start `lokmind serve` and wait until it listens (up to 10 s). 0 or -1. */
int lkt_server_start(struct lkt_server *s);
/* Send sig, wait for exit up to timeout_ms; returns the exit status, 128+signal, or -1. */
int lkt_server_stop(struct lkt_server *s, int sig, int timeout_ms);
/* Stop if running, drop the database and remove the folder. */
void lkt_server_fini(struct lkt_server *s);
/* Run a lokmind admin command against this server's database (argv after the program name, NULL-terminated). */
int lkt_lokmind(struct lkt_server *s, char **out, char **err, const char *const *args);
/* Issue a token line (malloc'd, caller frees) for role/scope with ttl (e.g. "72h"), or NULL. */
char *lkt_token(struct lkt_server *s, const char *role, const char *scope, const char *ttl);
/* Make a client home under the server folder (name = folder name) and return its path in out. */
void lkt_home(struct lkt_server *s, const char *name, char *out, size_t size);
/* Run lokmin with --home home and args (NULL-terminated). */
int lkt_lokmin(const char *home, char **out, char **err, const char *const *args);
/* Issue a token and enroll a client home for role/scope; 0 or -1. */
int lkt_enroll(struct lkt_server *s, const char *home, const char *role, const char *scope);
/* Device id from a client home's profile into out[37]; 0 or -1. */
int lkt_device_id(const char *home, char out[37]);
/* A free loopback TCP port. */
int lkt_free_port(void);
/* Count occurrences of needle in the server log. */
int lkt_log_count(struct lkt_server *s, const char *needle);
/* Wait up to timeout_ms until needle occurs at least n times (the log is
 * written asynchronously); returns the final count. */
int lkt_log_wait(struct lkt_server *s, const char *needle, int n, int timeout_ms);

#endif

/* ---------------------------------------------------------------- raw sockets */

#include "lk_keys.h"
#include "lk_wire.h"

/* A CURVE DEALER connected to the server, authenticating with kp (a fresh,
 * unregistered key when kp is NULL). Linger 0. NULL on failure. */
void *lkt_dealer(void *zctx, struct lkt_server *s, const lk_curve_pair *kp);
/* Encode and send a request (version and id as given). 0 or -1. */
int lkt_send(void *sock, const Lokmin__Request *r);
/* Wait up to timeout_ms for one reply frame and decode it; 0, or -1 on timeout/undecodable. */
int lkt_recv(void *sock, int timeout_ms, Lokmin__Reply **rep);
/* Keys of an enrolled client home. 0 or -1. */
int lkt_home_keys(const char *home, lk_curve_pair *kp);
