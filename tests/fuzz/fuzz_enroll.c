/* fuzz_enroll: the enrollment line (lokmin://HOST:PORT?key=...&token=...) parser and its format round trip. */
#include "fuzz.h"
#include "lk_enroll.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fz_text(data, size), err[256] = "", out[1024];
	struct lk_enroll_line a, b;
	if (lk_enroll_line_parse(line, &a, err, sizeof err) != 0) {
		FZ_CHECK(err[0] != '\0', "a refused line gave no reason");
		free(line);
		return 0;
	}
	FZ_CHECK(strncmp(a.endpoint, "tcp://", 6) == 0, "endpoint \"%s\"", a.endpoint);
	FZ_CHECK(strlen(a.server_key_z85) == 40, "server key \"%s\"", a.server_key_z85);
	/* A parsed line formats back to a line that parses to the same values. */
	int rc = lk_enroll_line_format(out, sizeof out, a.endpoint, a.server_key_z85, a.token, a.role, a.scope);
	FZ_CHECK(rc == 0, "a parsed line does not format (%d)", rc);
	rc = lk_enroll_line_parse(out, &b, err, sizeof err);
	FZ_CHECK(rc == 0, "\"%s\" does not parse again: %s", out, err);
	FZ_CHECK(!strcmp(a.endpoint, b.endpoint) && !strcmp(a.server_key_z85, b.server_key_z85) &&
	             !strcmp(a.token, b.token) && !strcmp(a.role, b.role) && !strcmp(a.scope, b.scope),
	         "\"%s\" parsed to other values", out);
	free(line);
	return 0;
}
