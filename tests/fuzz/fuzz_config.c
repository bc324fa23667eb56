/* fuzz_config: a config file's text (names, durations, sizes, flags) for lokmind's and lokmin's option tables. */
#include <unistd.h>

#include "client.h"
#include "fuzz.h"
#include "srv.h"

static char s_path[256];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(s_path, sizeof s_path, "%s/lokmin.conf", fz_tmpdir("config"));
	return 0;
}

static int s_load(const struct lk_opt *t, size_t n, void *cfg, const char *text, size_t len, char *err)
{
	FILE *f = fopen(s_path, "wb");
	FZ_CHECK(f && fwrite(text, 1, len, f) == len && fclose(f) == 0, "cannot write %s", s_path);
	return lk_config_load_file(t, n, cfg, s_path, err);
}

/* Dump after loading, load the dump, dump again: the two dumps must be the same text. */
static void s_round_trip(const struct lk_opt *t, size_t n, void *cfg, void *cfg2)
{
	char *d1 = NULL, *d2 = NULL, err[LK_OPT_ERRLEN];
	size_t l1 = 0, l2 = 0;
	FILE *f = open_memstream(&d1, &l1);
	lk_config_dump(t, n, cfg, f);
	fclose(f);
	lk_config_defaults(t, n, cfg2);
	int rc = s_load(t, n, cfg2, d1, l1, err);
	FZ_CHECK(rc == 0, "a dump does not load: %s", err);
	f = open_memstream(&d2, &l2);
	lk_config_dump(t, n, cfg2, f);
	fclose(f);
	FZ_CHECK(l1 == l2 && memcmp(d1, d2, l1) == 0, "dump, load, dump differs:\n%s\n---\n%s", d1, d2);
	free(d1);
	free(d2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char err[LK_OPT_ERRLEN] = "";
	int server = data[0] & 1;
	const struct lk_opt *t = server ? srv_options : cli_options_table;
	size_t n = server ? srv_options_count : cli_options_count;
	struct srv_config sc, sc2;
	struct cli_options cc, cc2;
	void *cfg = server ? (void *)&sc : (void *)&cc, *cfg2 = server ? (void *)&sc2 : (void *)&cc2;
	lk_config_defaults(t, n, cfg);

	/* One "name=value" straight into lk_config_set (as a flag or variable would be).
	 * No round trip then: a file cannot hold a value with blanks at its ends. */
	if (data[0] & 2) {
		char *text = fz_text(data + 1, size - 1), *eq = strchr(text, '=');
		if (eq) {
			*eq = '\0';
			if (lk_config_set(t, n, cfg, text, eq + 1, err) != 0)
				FZ_CHECK(err[0] != '\0', "a refused value gave no reason");
		}
		free(text);
		return 0;
	}
	if (s_load(t, n, cfg, (const char *)data + 1, size - 1, err) != 0) {
		FZ_CHECK(err[0] != '\0', "a refused file gave no reason");
		return 0;
	}
	s_round_trip(t, n, cfg, cfg2);
	return 0;
}
