/* session: per-command state: profile, device keys and the connection to lokmind. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_util.h"

#define OO(f) offsetof(struct cli_options, f)
#define OS(f) sizeof(((struct cli_options *)0)->f)

const struct lk_opt cli_options_table[] = {
	{"home", LK_OPT_STR, OO(home), OS(home), "", 0, 0,
	 "profile folder (default $XDG_DATA_HOME/lokmin)"},
	{"timeout", LK_OPT_DURATION, OO(timeout), 0, "5s", 100, 3600000,
	 "how long to wait for lokmind before giving up"},
	{"json", LK_OPT_BOOL, OO(json), 0, "false", 0, 1, "print JSON"},
	{"max_attachment", LK_OPT_SIZE, OO(max_attachment), 0, "20M", 0, 1LL << 30,
	 "largest file `lokmin attach` accepts (the server has its own limit)"},
	{"grade_green", LK_OPT_INT, OO(grade_green), 0, "100", 1, 1000,
	 "coverage of the target to date (percent) at or above which an indicator is green"},
	{"grade_yellow", LK_OPT_INT, OO(grade_yellow), 0, "80", 0, 1000,
	 "coverage of the target to date (percent) at or above which an indicator is yellow"},
};
const size_t cli_options_count = LK_ARRAY_LEN(cli_options_table);

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

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
