/* srv: types shared by the lokmind modules: configuration, device cache, request context. */
#ifndef LK_SRV_H
#define LK_SRV_H

#include <stddef.h>
#include <pthread.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "lk_config.h"
#include "lk_entity.h"
#include "lk_log.h"
#include "lk_keys.h"
#include "lk_wire.h"
#include "lk_zmq.h"

/* ---------------------------------------------------------------- config */

struct srv_config {
	char db[1024];
	char bind[256];
	char public_endpoint[256];
	char key_dir[1024];
	char log_level[16];
	int64_t workers;
	int64_t worker_depth;
	int64_t queue_max;
	int64_t max_msg_size;
	int64_t handshake_ivl;
	int64_t heartbeat_ivl;
	int64_t heartbeat_timeout;
	int64_t hwm;
	int64_t token_ttl;
	int64_t device_refresh;
	int64_t shutdown_grace;
	int64_t max_attachment;
	int64_t blob_pending_max;
	int64_t blob_daily_max;
	int64_t blob_upload_ttl;
	int64_t enroll_rate;
	int64_t enroll_burst;
	int64_t enroll_rate_global;
	char metrics_bind[64];
};

extern const struct lk_opt srv_options[];
extern const size_t srv_options_count;

/* Load defaults, then the file named by --config/-c or LOKMIN_CONFIG, then the
 * environment, then the flags in argv[first..]. Flags that are not options stay
 * for the caller: their indexes are written to rest[] (count in *nrest).
 * Returns 0 or -LK_ECONFIG after printing the reason. */
int srv_config_load(struct srv_config *cfg, int argc, char **argv, int first, int *rest, int *nrest);
/* Socket limits for the front-end ROUTER from the configuration. */
void srv_config_limits(const struct srv_config *cfg, struct lk_sock_limits *out);

/* ---------------------------------------------------------------- device cache */

#define LK_CODE_LEN 16

/* What lokmind knows about an enrolled device; identity of every request. */
struct lk_device {
	uint8_t pk[LK_CURVE_KEYLEN];
	char id[37];
	Lokmin__Role role;
	char kabupaten[LK_CODE_LEN];
	char kecamatan[LK_CODE_LEN];
	char puskesmas[LK_CODE_LEN];
	char scope_code[LK_CODE_LEN];
	char name[128];
	int revoked;
	int64_t enrolled_ms;
	uint64_t seen_written_ms; /* when last_seen_at was last written (cache only) */
};

struct devcache;

/* New empty cache; NULL on allocation failure. */
struct devcache *devcache_new(void);
void devcache_destroy(struct devcache **self);
/* Copy the entry for pk into *out; 0 or -LK_ENOTFOUND. */
int devcache_lookup(struct devcache *self, const uint8_t pk[LK_CURVE_KEYLEN], struct lk_device *out);
/* Insert or replace one entry; 0 or -LK_ENOMEM. */
int devcache_put(struct devcache *self, const struct lk_device *d);
void devcache_remove(struct devcache *self, const uint8_t pk[LK_CURVE_KEYLEN]);
/* Replace the whole table with devs[0..n). */
int devcache_replace(struct devcache *self, const struct lk_device *devs, size_t n);
size_t devcache_count(struct devcache *self);
/* Record a request from pk at now_ms; returns 1 when last_seen_at is due to be
 * written to the database (at most once a minute per device). */
int devcache_touch(struct devcache *self, const uint8_t pk[LK_CURVE_KEYLEN], uint64_t now_ms);
/* 1 when devcache_touch would say the device's last_seen_at is due now; changes nothing. */
int devcache_seen_due(struct devcache *self, const uint8_t pk[LK_CURVE_KEYLEN], uint64_t now_ms);

/* ---------------------------------------------------------------- database */

/* Connect with the libpq connection string; NULL with a message in err. */
PGconn *db_connect(const char *conninfo, char *err, size_t errlen);
/* Prepare every statement workers use; 0 or -LK_EUNAVAIL. */
int db_prepare_all(PGconn *pg);
/* Execute a prepared statement with text parameters (NULL = SQL NULL).
 * Returns the result (caller PQclear's) or NULL if the connection failed. */
PGresult *db_exec(PGconn *pg, const char *stmt, int nparams, const char *const *params);
/* Register sql (taken over) as statement name, planned for its values on every
 * run instead of prepared; db_exec finds it by name. 0 or -LK_ENOMEM. */
int db_plan_each(const char *name, char *sql);
/* As db_exec, with binary parameters where formats[i] is 1 (lengths[i] bytes)
 * and binary results when binary_result is 1. */
PGresult *db_exec_bin(PGconn *pg, const char *stmt, int nparams, const char *const *params, const int *lengths,
                      const int *formats, int binary_result);
/* Work to run on this thread's connection before its next statement: NULL when
 * done, else a failed result that db_exec returns in place of the statement's. */
typedef PGresult *(*db_deferred_fn)(PGconn *pg, void *arg);
/* Defer fn(pg, arg) until the next db_exec, db_exec_bin or db_command of this
 * thread (a ROLLBACK drops it instead); fn = NULL cancels. It runs once. */
void db_defer(db_deferred_fn fn, void *arg);
/* Run a command (BEGIN, COMMIT, ROLLBACK ...); 0 or -LK_EUNAVAIL. */
int db_command(PGconn *pg, const char *sql);
/* 1 when res (NULL for none) failed because the connection was lost: the connection is bad, no result,
 * or SQLSTATE class 08 or 57P01..57P03 (the server shut down or is starting). */
int db_conn_error(PGconn *pg, const PGresult *res);
/* Start watching this thread's statements for one attempt at a request. */
void db_attempt_begin(void);
/* 1 when the attempt since db_attempt_begin may run again: the connection broke, and no COMMIT was sent
 * and no write committed on its own (so the server rolled everything back). */
int db_attempt_retryable(PGconn *pg);
/* Map a failed result to an error code: unique violation -> -LK_EEXIST,
 * check/foreign key violation -> -LK_EINVAL, lost connection -> -LK_EUNAVAIL,
 * anything else -> -LK_EINTERNAL. */
int db_error(PGconn *pg, const PGresult *res);
/* db_error also logs PostgreSQL's message under a fresh correlation id; this
 * is the thread's last one ("none" after db_error_ref_clear), for a client
 * message that may name the reference but never the database's text. */
const char *db_error_ref(void);
void db_error_ref_clear(void);
/* Load every device row into devs (caller frees); 0 or negative. */
int db_load_devices(PGconn *pg, struct lk_device **devs, size_t *n);
/* Load one device by public key; 0, -LK_ENOTFOUND or negative. */
int db_load_device(PGconn *pg, const uint8_t pk[LK_CURVE_KEYLEN], struct lk_device *out);

/* The schema version this lokmind expects (highest embedded migration). */
int db_schema_expected(void);
/* Current version of the database; 0 when never migrated; negative on error. */
int db_schema_current(PGconn *pg);
/* Apply pending migrations, each in its own transaction; reports what it did
 * through *from / *to. Refuses a database newer than this lokmind (-LK_ESCHEMA). */
int db_migrate(PGconn *pg, int *from, int *to, char *err, size_t errlen);
/* 0 when the database schema is exactly the expected version, else -LK_ESCHEMA
 * with an explanation in err. */
int db_schema_check(PGconn *pg, char *err, size_t errlen);

/* Embedded copies of sql/ (generated at build time). */
struct lk_embedded {
	const char *name;
	const char *text;
};
extern const struct lk_embedded lk_embedded_sql[];
extern const size_t lk_embedded_sql_count;
extern const struct lk_embedded lk_embedded_catalogue[];
extern const size_t lk_embedded_catalogue_count;

/* ---------------------------------------------------------------- tokens */

#define LK_TOKEN_HEXLEN 33

/* Create an enrollment token for role inside the region scope_code. Checks the
 * region exists and fits the role (a puskesmas token needs a puskesmas code...).
 * When limit_kabupaten is non-NULL the region must lie inside it. Writes the
 * token text and its expiry. 0, -LK_EINVAL, -LK_ENOTFOUND, -LK_ESCOPE or -LK_EUNAVAIL. */
int token_create(PGconn *pg, Lokmin__Role role, const char *scope_code, int64_t ttl_ms,
                 const char *created_by, const char *limit_kabupaten,
                 char token[LK_TOKEN_HEXLEN], int64_t *expires_ms, char *err, size_t errlen);
/* BLAKE2b-256 of the token's 16 bytes as 64 hex characters; 0 or -LK_ETOKEN. */
int token_hash_hex(const char *token, char out[65]);
/* The line an operator passes to `lokmin enroll`. */
int token_line(char *out, size_t size, const char *endpoint, const char *server_pub_z85,
               const char *token, Lokmin__Role role, const char *scope_code);

/* ---------------------------------------------------------------- authz */

/* A device's scope, decided by lk_scope (region kinds by code: lk_org_kind_of_code).
 * May device d write a record with these tenant keys? A puskesmas device only its
 * own puskesmas's records, a kecamatan device its kecamatan's, a district its
 * kabupaten's. 0 or -LK_ESCOPE. */
int authz_write(const struct lk_device *d, const char *kabupaten, const char *kecamatan, const char *puskesmas);
/* May device d read a record with these tenant keys? 0 or -LK_ESCOPE. */
int authz_read(const struct lk_device *d, const char *kabupaten, const char *kecamatan,
               const char *puskesmas);

/* ---------------------------------------------------------------- server */

/* Run the daemon until SIGTERM/SIGINT; returns the process exit status. */
int srv_serve(const struct srv_config *cfg);

#endif

/* ---------------------------------------------------------------- rate limits */

/* Token buckets: rate per second and burst per source (peer address), and the
 * same overall. NULL on allocation failure. */
struct ratelimit *ratelimit_new(double rate, double burst, double global_rate, double global_burst);
void ratelimit_free(struct ratelimit *rl);
/* Take one token for source at now_ms; 0, or -LK_ERATELIMIT when the source or
 * everyone together is over the limit. Thread-safe. */
int ratelimit_take(struct ratelimit *rl, const char *source, uint64_t now_ms);

/* ---------------------------------------------------------------- runtime */

/* The running daemon: shared by the broker (main thread), ZAP thread and workers. */
struct srv {
	const struct srv_config *cfg;
	void *zctx;
	struct devcache *devices;
	lk_curve_pair keys;
	void *zap_sock;
	PGconn *listen_pg;
	pthread_t zap_thread;
	volatile int zap_stop;
	volatile int zap_dead; /* the ZAP thread ended on its own: the daemon must stop */
	int zap_failed;        /* the broker stopped because of it (exit status 1) */
	struct ratelimit *enroll_limit;
	struct instance *instance; /* instance.c: the heartbeat row and the metrics endpoint */
};

/* Bind the ZAP endpoint, load the device table and start the ZAP thread.
 * Must run before any CURVE socket binds. 0 or negative (logged). */
int zap_start(struct srv *s);
void zap_stop(struct srv *s);

/* A worker thread: decodes, authorises, runs a handler, replies, logs. */
struct worker;
#define LK_WORKERS_ENDPOINT "inproc://lokmind-workers"
/* Start worker number n (connects PostgreSQL first); NULL with a logged reason. */
struct worker *worker_start(struct srv *s, int n);
/* Answer a request in the calling thread when it needs no database (a ping, or
 * a refusal before any handler): 0 with the encoded reply in *reply (the caller
 * frees it), logged as a worker logs it; 1 when a worker must take it. */
int worker_answer_here(struct srv *s, const char *user, const char *peer, const void *data, size_t size,
                       uint8_t **reply, size_t *len);
/* Join a worker after it was told to stop, and free it. */
void worker_join(struct worker **w);

/* One request being handled. Handlers fill `out` (its body) and return 0, or
 * return a negative LK_E* code with detail in msg. Memory for the reply comes
 * from req_alloc/req_strdup and is freed after the reply is sent. */
struct req {
	struct srv *srv;
	PGconn *pg;
	uint8_t pk[LK_CURVE_KEYLEN];
	int found; /* the key is in the device table (perhaps revoked) */
	int known; /* the key belongs to an enrolled, active device */
	struct lk_device dev;
	const Lokmin__Request *in;
	Lokmin__Reply *out;
	char msg[512];
	char peer[64]; /* the client's address as libzmq saw it ("Peer-Address"), or "" */
	void **allocs; /* freed after the reply is sent */
	size_t nallocs, cap;
};

void *req_alloc(struct req *r, size_t size);
char *req_strdup(struct req *r, const char *s);

typedef int (*handler_fn)(struct req *r);
struct handler {
	int body_case;
	const char *name;
	handler_fn fn;
	int open; /* allowed for keys that are not enrolled */
	int nodb; /* needs no database: the broker answers it itself (worker_answer_here) */
};
/* Sync handlers (sync.c). */
int h_push(struct req *r);
int h_pull(struct req *r);
/* The checks of one pushed op that need no database, exactly as the push
 * handler runs them (entity, clock against now_ms, decode, record id, field
 * names, authz_write, lk_record_accept): 0 with *e and *rec (the canonical
 * record; lk_record_free), or -1 with the refusal's LK_E* code (positive, as the
 * reply carries it) and message. */
int sync_op_check(const struct lk_device *dev, const Lokmin__Op *op, uint64_t now_ms, const struct lk_entity **e,
                  ProtobufCMessage **rec, int *code, char *msg, size_t msglen);
/* Attachment content (blobs.c). */
int h_blob_put(struct req *r);
int h_blob_get(struct req *r);

/* Domain rules for a pushed record (rules.c), after its field checks; cur is
 * the stored record (NULL for a new one), op the change and dev the device:
 * 0, -LK_EINVAL with the reason in err, or a database error. */
int rules_check(PGconn *pg, const struct lk_device *dev, const struct lk_entity *e, const ProtobufCMessage *rec,
                const ProtobufCMessage *cur, const Lokmin__Op *op, char *err, size_t errlen);
/* The signer-trust rules (signer.c), same contract: signing keys, delegations,
 * persons (sign_pk, signing roles), signed invitations and minutes, RTL verification. */
#define RULES_SIGNER_ARGS                                                                                    \
	PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,              \
	const struct lk_device *dev, char *err, size_t errlen
int rules_signer_key(RULES_SIGNER_ARGS);
int rules_delegation(RULES_SIGNER_ARGS);
int rules_person(RULES_SIGNER_ARGS);
int rules_signed_doc(RULES_SIGNER_ARGS);
int rules_rtl(RULES_SIGNER_ARGS);

/* The handler for a request body case, or NULL. */
const struct handler *handler_find(int body_case);

/* ---------------------------------------------------------------- admin */

/* `lokmind org|token|device|catalogue ...`: administration directly on the
 * database. args are the words after the program's global options. Returns
 * the process exit status (0 ok, 1 failure, 2 usage). */
int admin_org(const struct srv_config *cfg, int argc, char **argv);
int admin_token(const struct srv_config *cfg, int argc, char **argv);
int admin_device(const struct srv_config *cfg, int argc, char **argv);
int admin_catalogue(const struct srv_config *cfg, int argc, char **argv);
int admin_export(const struct srv_config *cfg, int argc, char **argv);
/* `lokmind status [--json]` (status.c). */
int admin_status(const struct srv_config *cfg, int argc, char **argv);
