/* status: `lokmind status`: the database's role and replication, and the lokmind instances serving it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instance.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "srv.h"

#define S_STR2(x) #x
#define S_STR(x) S_STR2(x)

/* A query's result, or NULL with the reason printed. */
static PGresult *s_query(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, _("lokmind: status: %s"), PQresultErrorMessage(r));
		PQclear(r);
		return NULL;
	}
	return r;
}

/* The database: role, version, and for a standby how far behind it is. */
static const char s_db_sql[] =
	"SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END, current_setting('server_version'), "
	"coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::numeric(12,3)::text, ''), "
	"current_setting('synchronous_commit'), current_setting('synchronous_standby_names')";

/* The standbys a primary streams to. */
static const char s_repl_sql[] =
	"SELECT application_name, coalesce(client_addr::text, 'local'), state, sync_state, "
	"coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint::text, ''), "
	"coalesce((extract(epoch FROM write_lag) * 1000)::numeric(12,3)::text, ''), "
	"coalesce((extract(epoch FROM flush_lag) * 1000)::numeric(12,3)::text, ''), "
	"coalesce((extract(epoch FROM replay_lag) * 1000)::numeric(12,3)::text, '') "
	"FROM pg_stat_replication ORDER BY application_name";

/* The instances, the ones seen lately first. */
static const char s_inst_sql[] =
	"SELECT host, pid::text, bind, version, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), "
	"extract(epoch FROM now() - seen_at)::int::text, connections::text, queue_depth::text, requests::text, "
	"(seen_at > now() - make_interval(secs => " S_STR(INSTANCE_GONE_S) "))::int::text "
	"FROM lokmind_instance ORDER BY seen_at > now() - make_interval(secs => " S_STR(INSTANCE_GONE_S) ") DESC, "
	"host, pid";

static void s_json_field(FILE *f, const char *key, const char *value, int number, int first)
{
	fprintf(f, "%s\"%s\":", first ? "" : ",", key);
	if (number)
		fputs(value[0] ? value : "null", f);
	else
		lk_json_string(f, value);
}

static void s_json(const PGresult *db, const PGresult *repl, const PGresult *inst)
{
	printf("{\"database\":{");
	s_json_field(stdout, "role", PQgetvalue(db, 0, 0), 0, 1);
	s_json_field(stdout, "version", PQgetvalue(db, 0, 1), 0, 0);
	s_json_field(stdout, "replay_delay_s", PQgetvalue(db, 0, 2), 1, 0);
	s_json_field(stdout, "synchronous_commit", PQgetvalue(db, 0, 3), 0, 0);
	s_json_field(stdout, "synchronous_standby_names", PQgetvalue(db, 0, 4), 0, 0);
	printf("},\"standbys\":[");
	static const char *const rk[] = {"name", "address", "state", "sync", "behind_bytes", "write_lag_ms",
	                                 "flush_lag_ms", "replay_lag_ms"};
	for (int i = 0; repl && i < PQntuples(repl); i++) {
		printf("%s{", i ? "," : "");
		for (int c = 0; c < 8; c++)
			s_json_field(stdout, rk[c], PQgetvalue(repl, i, c), c >= 4, c == 0);
		printf("}");
	}
	printf("],\"instances\":[");
	static const char *const ik[] = {"host",        "pid",      "bind",        "version",  "started_utc",
	                                 "seen_s_ago", "connections", "queue_depth", "requests", "up"};
	for (int i = 0; i < PQntuples(inst); i++) {
		printf("%s{", i ? "," : "");
		for (int c = 0; c < 10; c++)
			s_json_field(stdout, ik[c], c == 9 ? (PQgetvalue(inst, i, c)[0] == '1' ? "true" : "false")
			                                   : PQgetvalue(inst, i, c),
			             c == 1 || c >= 5, c == 0);
		printf("}");
	}
	printf("]}\n");
}

static void s_text(const PGresult *db, const PGresult *repl, const PGresult *inst)
{
	const char *role = PQgetvalue(db, 0, 0);
	if (!strcmp(role, "primary"))
		printf(_("database: primary, PostgreSQL %s; synchronous_commit = %s, synchronous_standby_names = '%s'\n"),
		       PQgetvalue(db, 0, 1), PQgetvalue(db, 0, 3), PQgetvalue(db, 0, 4));
	else
		printf(_("database: standby (read-only), PostgreSQL %s; last transaction replayed %s s ago\n"),
		       PQgetvalue(db, 0, 1), PQgetvalue(db, 0, 2)[0] ? PQgetvalue(db, 0, 2) : "?");
	if (repl && PQntuples(repl) == 0)
		printf(_("standbys: none (an acknowledged change is on this server alone)\n"));
	for (int i = 0; repl && i < PQntuples(repl); i++)
		printf(_("standby %s (%s): %s, %s; %s bytes behind; lag: write %s ms, flush %s ms, replay %s ms\n"),
		       PQgetvalue(repl, i, 0), PQgetvalue(repl, i, 1), PQgetvalue(repl, i, 2), PQgetvalue(repl, i, 3),
		       PQgetvalue(repl, i, 4)[0] ? PQgetvalue(repl, i, 4) : "?",
		       PQgetvalue(repl, i, 5)[0] ? PQgetvalue(repl, i, 5) : "0",
		       PQgetvalue(repl, i, 6)[0] ? PQgetvalue(repl, i, 6) : "0",
		       PQgetvalue(repl, i, 7)[0] ? PQgetvalue(repl, i, 7) : "0");
	int up = 0;
	for (int i = 0; i < PQntuples(inst); i++)
		up += PQgetvalue(inst, i, 9)[0] == '1';
	printf(_("lokmind instances: %d up\n"), up);
	for (int i = 0; i < PQntuples(inst); i++) {
		if (PQgetvalue(inst, i, 9)[0] == '1')
			printf(_("  %s pid %s, %s, version %s, up since %s UTC, seen %s s ago: %s connections, %s queued, "
			         "%s requests\n"),
			       PQgetvalue(inst, i, 0), PQgetvalue(inst, i, 1), PQgetvalue(inst, i, 2), PQgetvalue(inst, i, 3),
			       PQgetvalue(inst, i, 4), PQgetvalue(inst, i, 5), PQgetvalue(inst, i, 6), PQgetvalue(inst, i, 7),
			       PQgetvalue(inst, i, 8));
		else
			printf(_("  %s pid %s, %s: gone, last seen %s s ago (killed, or its host is down)\n"),
			       PQgetvalue(inst, i, 0), PQgetvalue(inst, i, 1), PQgetvalue(inst, i, 2), PQgetvalue(inst, i, 5));
	}
}

int admin_status(const struct srv_config *cfg, int argc, char **argv)
{
	int json = argc == 1 && !strcmp(argv[0], "--json");
	if (argc > json) {
		fprintf(stderr, _("usage: lokmind status [--json]\n"
		                  "The database's role and standbys, and the lokmind instances serving it.\n"));
		return 2;
	}
	char err[1024];
	PGconn *pg = db_connect(cfg->db, err, sizeof err);
	if (pg == NULL) {
		fprintf(stderr, "lokmind: %s\n", err);
		return 1;
	}
	PGresult *db = s_query(pg, s_db_sql), *inst = db ? s_query(pg, s_inst_sql) : NULL;
	PGresult *repl = db && !strcmp(PQgetvalue(db, 0, 0), "primary") ? s_query(pg, s_repl_sql) : NULL;
	int rc = db && inst ? 0 : 1;
	if (rc == 0 && json)
		s_json(db, repl, inst);
	else if (rc == 0)
		s_text(db, repl, inst);
	PQclear(db);
	PQclear(repl);
	PQclear(inst);
	PQfinish(pg);
	return rc;
}
