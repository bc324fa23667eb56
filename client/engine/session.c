/* session: per-command state: profile, device keys and the connection to lokmind. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_util.h"

int session_open(struct session *s)
{
	int rc = profile_load(s->home, &s->prof);
	if (rc == -LK_ENOTFOUND) {
		fprintf(stderr, "lokmin: this device is not enrolled (no profile in %s);\n"
		                "       run `lokmin enroll LINE` with the line from your district or administrator\n",
		        s->home);
		return rc;
	}
	if (rc != 0) {
		fprintf(stderr, "lokmin: %s/profile is damaged; enroll again with --force\n", s->home);
		return rc;
	}
	if ((rc = lk_curve_load(&s->keys, s->home, "device")) != 0) {
		fprintf(stderr, "lokmin: cannot load this device's key from %s/device.key: %s%s\n", s->home,
		        lk_strerror(rc), rc == -LK_ECONFIG ? " (the file must be mode 0600)" : "");
		return rc;
	}
	return 0;
}

int session_connect(struct session *s)
{
	char err[512];
	if (s->conn)
		return 0;
	s->conn = lk_conn_new(s->prof.endpoint, s->prof.server_key, &s->keys, err, sizeof err);
	if (s->conn == NULL) {
		fprintf(stderr, "lokmin: %s\n", err);
		return -LK_EUNREACH;
	}
	return 0;
}

void session_close(struct session *s)
{
	session_store_close(s);
	lk_conn_destroy(&s->conn);
	lk_curve_wipe(&s->keys);
}

int session_call(struct session *s, const char *what, Lokmin__Request *req, Lokmin__Reply **rep)
{
	int rc;
	*rep = NULL;
	if ((rc = session_connect(s)) != 0)
		return rc;
	rc = lk_conn_call(s->conn, req, s->opt.timeout, rep);
	if (rc != 0) {
		fprintf(stderr, "lokmin: %s: %s\n", what, lk_conn_error(s->conn));
		if (rc == -LK_EUNREACH || rc == -LK_ETIMEDOUT)
			fprintf(stderr, "       work stored on this device is kept; try again when the link is back\n");
	}
	return rc;
}
