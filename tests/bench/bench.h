/* bench: what the lokmin-bench subcommands share: the command table, a private lokmind, clocks and latency figures. */
#ifndef LK_BENCH_H
#define LK_BENCH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "store.h"
#include "lk_uuid.h"
#include "lkt.h"

/* Exit codes: figures that miss an aim are not failures, only real errors are. */
#define BENCH_OK 0
#define BENCH_FAIL 1
#define BENCH_USAGE 2

/* How long any single reply may take before the run counts as failed. */
#define BENCH_REPLY_TIMEOUT_MS 10000

/* One subcommand: argv[0] is the subcommand's name. */
struct bench_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

int bench_ping(int argc, char **argv);
int bench_push(int argc, char **argv);
int bench_pull(int argc, char **argv);
int bench_clients(int argc, char **argv);
int bench_report(int argc, char **argv);
int bench_peer(int argc, char **argv);
int bench_ui(int argc, char **argv);

/* Set by SIGINT/SIGTERM; loops check it so the database and folder still get removed. */
extern volatile sig_atomic_t bench_interrupted;

/* Monotonic clock in nanoseconds. */
uint64_t bench_now_ns(void);
/* CPU seconds this process has used, all threads. */
double bench_self_cpu_s(void);
/* CPU seconds (user + system) process pid has used so far, 0 when unknown. */
double bench_proc_cpu_s(int pid);
/* CPU seconds used so far by every process called "postgres" on this machine. */
double bench_postgres_cpu_s(void);

/* Parse a whole decimal number within [min, max] given to option opt; 0 or -1 with a message. */
int bench_parse_count(const char *opt, const char *arg, uint64_t min, uint64_t max, uint64_t *out);

/* One option of a mode: `--name VALUE` (a count within min..max, or text), or a `--name` flag. */
enum bench_opt_kind { BENCH_OPT_COUNT, BENCH_OPT_TEXT, BENCH_OPT_FLAG };
struct bench_opt {
	const char *name;
	enum bench_opt_kind kind;
	void *dst;     /* uint64_t *, const char **, or int * (a flag sets it to value) */
	uint64_t min, max;
	int value;     /* for a flag */
};
/* Parse argv (defaults already set in the destinations) by opts, with --help
 * printing usage to stdout. 0, -1 after --help, or BENCH_USAGE. */
int bench_parse_opts(int argc, char **argv, const char *mode, const struct bench_opt *opts, size_t n,
                     void (*usage)(FILE *out));

/* Figures of one measured run. */
struct bench_figures {
	uint64_t n;
	double rate;   /* round trips per second over the whole run */
	double p50_us;
	double p99_us;
};

/* Summarise n latencies (sorted in place) measured over elapsed_ns. */
void bench_figures_compute(struct bench_figures *f, uint64_t *lat_ns, uint64_t n, uint64_t elapsed_ns);

/* A lokmind of our own with its own database and folder. */
struct bench_site {
	struct lkt_server srv;
	int inited;
};

/* Point lkt at pg (NULL = keep LOKMIN_TEST_PG), then init and start lokmind
 * with the given workers. 0 or -1; call bench_site_down either way. */
int bench_site_up(struct bench_site *b, const char *pg, int workers);
/* Enroll a client home called name for role/scope and open a connection with
 * its key; the first ping is answered before it returns. 0 or -1. */
int bench_site_client(struct bench_site *b, const char *name, const char *role, const char *scope, lk_conn **out);
/* Stop lokmind (SIGTERM, it must exit 0 when ok is set), print the end of its
 * log when something failed, then remove database and folder. Returns 0 or -1. */
int bench_site_down(struct bench_site *b, int ok);

/* ---------------------------------------------------------------- meeting ops (bench_push.c) */

/* lokmind's limit on ops per push request. */
#define BENCH_PUSH_MAX_OPS 2000

/* One new meeting record, already encoded, as the op that creates it. */
struct bench_op {
	char op_id[LK_UUID_STRLEN];
	char record_id[LK_UUID_STRLEN];
	uint64_t hlc;
	uint8_t *record; /* the encoded Meeting */
	size_t len;
};

/* The fields a new meeting's op names. */
extern const char *const bench_meeting_fields[];
extern const size_t bench_meeting_nfields;

/* Kabupaten and kecamatan codes of a puskesmas code (P3324010101: 3324, 332401). */
void bench_puskesmas_keys(const char *pusk, char kab[8], char kec[8]);
/* Fill op with a valid new meeting of puskesmas pusk whose title and period
 * come from counter. 0, or -1 with a message; free op->record either way. */
int bench_meeting_op(struct bench_op *op, const char *pusk, uint64_t counter);
/* Point wire[0..n) (and ptrs at them) at ops[0..n) for a PushRequest; nothing is copied. */
void bench_wire_ops(const struct bench_op *ops, size_t n, Lokmin__Op *wire, Lokmin__Op **ptrs);
/* 0 when results answer ops[0..n) one by one, each APPLIED at rev 1; -1 with a message. */
int bench_check_results(const Lokmin__PushReply *rep, const struct bench_op *ops, size_t n);
/* Push ops[0..n) over c, batch ops per request with up to inflight requests
 * outstanding, until every op is acknowledged APPLIED. *elapsed_ns runs from
 * the first send to the last acknowledgement; lat_ns (NULL or one slot per
 * request) gets each request's round trip. 0 or -1 with a message. */
int bench_push_ops(lk_conn *c, const struct bench_op *ops, uint64_t n, uint64_t batch, uint64_t inflight,
                   uint64_t *elapsed_ns, uint64_t *lat_ns, uint64_t *wire_bytes);
void bench_ops_free(struct bench_op *ops, uint64_t n);
/* CHECKPOINT before a timed phase, so it does not pay for writing out the
 * dirty buffers an earlier phase left behind. A refusal is only noted. */
void bench_checkpoint(struct bench_site *b);

/* ---------------------------------------------------------------- a new device's bootstrap (bench_pull.c) */

/* ZMTP framing and CURVE box of one message (frame header, MESSAGE command,
 * nonce, flags and MAC), added to the protobuf bytes for bytes on the wire. */
#define BENCH_CURVE_FRAMING 42

/* What the bootstrap saw and spent. */
struct bench_boot {
	uint64_t pages;        /* pull replies, the log pull included */
	uint64_t snap_pages;   /* replies while the snapshot ran */
	uint64_t changes;      /* changes received */
	uint64_t meetings;     /* of them, meetings */
	uint64_t reply_bytes;  /* encoded replies */
	uint64_t record_bytes; /* encoded records alone */
	uint64_t request_bytes;
	uint64_t wait_ns;      /* request sent until its reply was decoded */
	uint64_t apply_ns;     /* inside lk_store_apply_pulled */
	double apply_cpu_s;    /* CPU this process used there */
	uint64_t elapsed_ns;
};
/* Bootstrap store st over c as `lokmin sync` does on a store that never
 * synced: a snapshot from head 0, then log pulls from the snapshot's head
 * until nothing more is owed, each next page asked for before the one just
 * received is applied. 0 or -1. */
int bench_bootstrap(lk_conn *c, lk_store *st, uint32_t page, struct bench_boot *b);
/* Enroll a new puskesmas device `name` of site for puskesmas pusk, open its
 * store and bootstrap it (bench_bootstrap); the connection and the store are
 * the caller's to free, also on failure. 0 or -1. */
int bench_new_reader(struct bench_site *site, const char *name, const char *pusk, uint32_t page, lk_conn **c,
                     lk_store **st, struct bench_boot *b);

#endif
