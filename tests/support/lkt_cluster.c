/* lkt_cluster: a throwaway PostgreSQL cluster of one test's own, for tests that stop or restart the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lkt.h"
#include "lkt_cluster.h"

#define PG_BIN "/usr/lib/postgresql/15/bin"

/* Run a shell command as the postgres user when we are root (PostgreSQL refuses to run as root). */
static int s_as_pg(const char *cmd)
{
	char line[2048];
	if (geteuid() == 0)
		snprintf(line, sizeof line, "runuser -u postgres -- sh -c '%s'", cmd);
	else
		snprintf(line, sizeof line, "%s", cmd);
	return system(line);
}

int lkt_cluster_ctl(struct lkt_cluster *c, const char *action)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, PG_BIN "/pg_ctl -D %s/data -l %s/server.log -w -t 60 %s >/dev/null", c->dir, c->dir,
	         action);
	return s_as_pg(cmd) == 0 ? 0 : -1;
}

int lkt_cluster_start(struct lkt_cluster *c)
{
	char cmd[1024], conninfo[512];
	memset(c, 0, sizeof *c);
	snprintf(c->dir, sizeof c->dir, "/tmp/lkt-cluster.XXXXXX");
	if (mkdtemp(c->dir) == NULL) {
		perror("lkt_cluster: mkdtemp");
		c->dir[0] = '\0';
		return -1;
	}
	if (geteuid() == 0) {
		snprintf(cmd, sizeof cmd, "chown postgres %s", c->dir);
		if (system(cmd) != 0)
			return -1;
	}
	c->port = lkt_free_port();
	snprintf(cmd, sizeof cmd, PG_BIN "/initdb -D %s/data -A trust -U postgres -E UTF8 --locale=C.UTF-8 >%s/initdb.log 2>&1",
	         c->dir, c->dir);
	if (s_as_pg(cmd) != 0) {
		fprintf(stderr, "lkt_cluster: initdb failed (%s/initdb.log)\n", c->dir);
		return -1;
	}
	/* In its configuration file, so that a plain "start" after a stop finds the same socket. */
	snprintf(cmd, sizeof cmd, "%s/data/postgresql.conf", c->dir);
	FILE *f = fopen(cmd, "a");
	if (f == NULL) {
		perror(cmd);
		return -1;
	}
	fprintf(f, "port = %d\nunix_socket_directories = '%s'\nlisten_addresses = ''\nmax_connections = 100\nfsync = off\n",
	        c->port, c->dir);
	fclose(f);
	if (lkt_cluster_ctl(c, "start") != 0) {
		fprintf(stderr, "lkt_cluster: PostgreSQL did not start (%s/server.log)\n", c->dir);
		return -1;
	}
	snprintf(conninfo, sizeof conninfo, "host=%s port=%d user=postgres dbname=postgres", c->dir, c->port);
	setenv("LOKMIN_TEST_PG", conninfo, 1);
	return 0;
}

void lkt_cluster_fini(struct lkt_cluster *c)
{
	char cmd[512];
	if (c->dir[0] == '\0')
		return;
	lkt_cluster_ctl(c, "-m immediate stop");
	if (getenv("LKT_KEEP") == NULL) {
		snprintf(cmd, sizeof cmd, "rm -rf %s", c->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "lkt_cluster: cannot remove %s\n", c->dir);
	}
	c->dir[0] = '\0';
}
