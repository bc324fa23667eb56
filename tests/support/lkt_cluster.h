/* lkt_cluster: a throwaway PostgreSQL cluster of one test's own, for tests that stop or restart the database. */
#ifndef LKT_CLUSTER_H
#define LKT_CLUSTER_H

struct lkt_cluster {
	char dir[256]; /* data, log and socket live here */
	int port;
};

/* initdb and start a cluster in a new temporary folder (as postgres when we are root), and point
 * LOKMIN_TEST_PG at it so lkt_server_init builds its database there. 0 or -1 (reason on stderr). */
int lkt_cluster_start(struct lkt_cluster *c);
/* Run `pg_ctl ACTION` on it (e.g. "-m immediate stop", "start", "-m fast restart"), waiting for it to finish. */
int lkt_cluster_ctl(struct lkt_cluster *c, const char *action);
/* Stop it at once and remove its folder. */
void lkt_cluster_fini(struct lkt_cluster *c);

#endif
