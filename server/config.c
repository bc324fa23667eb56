/* config: lokmind's configuration table; file, environment and flags all go through it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "srv.h"

#define O(field) offsetof(struct srv_config, field)
#define S(field) sizeof(((struct srv_config *)0)->field)

const struct lk_opt srv_options[] = {
	{"db", LK_OPT_STR, O(db), S(db), "dbname=lokmin", 0, 0,
	 N_("libpq connection string of the lokmin database")},
	{"bind", LK_OPT_STR, O(bind), S(bind), "tcp://*:7400", 0, 0, N_("endpoint lokmind listens on")},
	{"public_endpoint", LK_OPT_STR, O(public_endpoint), S(public_endpoint), "tcp://127.0.0.1:7400", 0,
	 0, N_("endpoint clients dial, written into enrollment lines")},
	{"key_dir", LK_OPT_STR, O(key_dir), S(key_dir), "/var/lib/lokmind", 0, 0,
	 N_("folder of the server CURVE key pair (server.key, server.pub)")},
	{"log_level", LK_OPT_STR, O(log_level), S(log_level), "info", 0, 0,
	 N_("error, warn, info or debug")},
	{"workers", LK_OPT_INT, O(workers), 0, "4", 1, 256,
	 N_("worker threads, each with its own PostgreSQL connection")},
	{"worker_depth", LK_OPT_INT, O(worker_depth), 0, "4", 1, 64,
	 N_("requests handed to one worker at a time (more keeps workers busy under pipelined load)")},
	{"queue_max", LK_OPT_INT, O(queue_max), 0, "20000", 16, 1000000,
	 N_("requests queued while all workers are busy; beyond this clients get BUSY")},
	{"max_msg_size", LK_OPT_SIZE, O(max_msg_size), 0, "4M", 1024, LK_MAX_MSG_HARD,
	 N_("largest message a client may send; larger ones drop the connection")},
	{"handshake_ivl", LK_OPT_DURATION, O(handshake_ivl), 0, "10s", 100, 600000,
	 N_("time a new connection has to finish the CURVE handshake")},
	{"heartbeat_ivl", LK_OPT_DURATION, O(heartbeat_ivl), 0, "15s", 100, 3600000,
	 N_("interval of ZMTP heartbeats on idle connections")},
	{"heartbeat_timeout", LK_OPT_DURATION, O(heartbeat_timeout), 0, "60s", 100, 3600000,
	 N_("a connection silent this long is closed")},
	{"hwm", LK_OPT_INT, O(hwm), 0, "10000", 10, 10000000, N_("send and receive high-water marks")},
	{"token_ttl", LK_OPT_DURATION, O(token_ttl), 0, "72h", 60000, 90LL * 86400000,
	 N_("default lifetime of an enrollment token")},
	{"device_refresh", LK_OPT_DURATION, O(device_refresh), 0, "60s", 1000, 86400000,
	 N_("full reload of the device table, besides change notifications")},
	{"max_attachment", LK_OPT_SIZE, O(max_attachment), 0, "20M", 0, 1LL << 30,
	 N_("largest attachment (photo, scanned document) a client may upload")},
	{"blob_pending_max", LK_OPT_SIZE, O(blob_pending_max), 0, "64M", 0, 1LL << 40,
	 N_("bytes of unfinished attachment uploads one device may have open (declared sizes)")},
	{"blob_daily_max", LK_OPT_SIZE, O(blob_daily_max), 0, "512M", 0, 1LL << 40,
	 N_("bytes of attachment chunks one device may send per day (UTC)")},
	{"blob_upload_ttl", LK_OPT_DURATION, O(blob_upload_ttl), 0, "7d", 60000, 365LL * 86400000,
	 N_("unfinished attachment uploads untouched this long are removed")},
	{"enroll_rate", LK_OPT_INT, O(enroll_rate), 0, "5", 1, 1000000,
	 N_("Enroll requests per second allowed from one source address (token guesses are throttled)")},
	{"enroll_burst", LK_OPT_INT, O(enroll_burst), 0, "10", 1, 1000000,
	 N_("Enroll requests one source address may send at once before enroll_rate applies")},
	{"enroll_rate_global", LK_OPT_INT, O(enroll_rate_global), 0, "50", 1, 1000000,
	 N_("Enroll requests per second from all sources together (burst: twice this)")},
	{"shutdown_grace", LK_OPT_DURATION, O(shutdown_grace), 0, "30s", 0, 3600000,
	 N_("on SIGTERM, how long in-flight requests may take to finish")},
	{"metrics_bind", LK_OPT_STR, O(metrics_bind), S(metrics_bind), "", 0, 0,
	 N_("ADDRESS:PORT (IPv4) where Prometheus metrics are served over HTTP, e.g. 127.0.0.1:9464; empty: off")},
};
const size_t srv_options_count = sizeof srv_options / sizeof srv_options[0];

int srv_config_load(struct srv_config *cfg, int argc, char **argv, int first, int *rest, int *nrest)
{
	char err[LK_OPT_ERRLEN];
	const char *file = getenv("LOKMIN_CONFIG");
	int rc;

	*nrest = 0;
	lk_config_defaults(srv_options, srv_options_count, cfg);
	/* -c may stand before or after the command word. */
	for (int i = 1; i < argc; i++)
		if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) && i + 1 < argc)
			file = argv[i + 1];
	if (file && (rc = lk_config_load_file(srv_options, srv_options_count, cfg, file, err)) != 0)
		goto fail;
	if ((rc = lk_config_load_env(srv_options, srv_options_count, cfg, err)) != 0)
		goto fail;
	for (int i = first; i < argc; i++) {
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) {
			i++;
			continue;
		}
		rc = lk_config_flag(srv_options, srv_options_count, cfg, argc, argv, &i, err);
		if (rc < 0)
			goto fail;
		if (rc == 0)
			rest[(*nrest)++] = i;
	}
	if (lk_log_level_parse(cfg->log_level) < 0) {
		snprintf(err, sizeof err, _("log_level: \"%s\" is not error, warn, info or debug"),
		         cfg->log_level);
		goto fail;
	}
	return 0;
fail:
	fprintf(stderr, _("lokmind: configuration: %s\n"), err);
	return -LK_ECONFIG;
}

void srv_config_limits(const struct srv_config *cfg, struct lk_sock_limits *out)
{
	out->max_msg_size = cfg->max_msg_size;
	out->handshake_ivl_ms = cfg->handshake_ivl;
	out->heartbeat_ivl_ms = cfg->heartbeat_ivl;
	out->heartbeat_timeout_ms = cfg->heartbeat_timeout;
	out->heartbeat_ttl_ms = cfg->heartbeat_timeout;
	out->sndhwm = cfg->hwm;
	out->rcvhwm = cfg->hwm;
	out->reconnect_ivl_ms = 100;
	out->reconnect_ivl_max_ms = 5000;
	out->linger_ms = 2000;
}
