/*
 * lkt_cli: running the real lokmin from Criterion tests, and reading its output.
 * Header-only (static inline) because it asserts with Criterion, which the
 * benchmarks that share lkt do not link.
 */
#ifndef LKT_CLI_H
#define LKT_CLI_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"

/* Run lokmin on home with words (NULL-terminated), LOKMIN_PASSPHRASE set to pass
 * when pass is not NULL; exit status, stdout and stderr (malloc'd) when asked. */
static inline int lkt_cli(const char *home, const char *pass, char **out, char **err, const char *const *words)
{
	const char *argv[48] = {LOKMIN_BIN, "--home", home};
	int n = 3;
	for (int i = 0; words[i] && n < 47; i++)
		argv[n++] = words[i];
	argv[n] = NULL;
	char env[160];
	snprintf(env, sizeof env, "LOKMIN_PASSPHRASE=%s", pass ? pass : "");
	const char *envp[] = {env, NULL};
	return lkt_run(out, err, argv, pass ? envp : NULL, 30000);
}

/* Run and require exit 0; stdout (malloc'd). */
static inline char *lkt_cli_ok(const char *home, const char *pass, const char *const *words)
{
	char *out = NULL, *err = NULL;
	int rc = lkt_cli(home, pass, &out, &err, words);
	cr_assert_eq(rc, 0, "lokmin %s %s: exit %d\n%s\n%s", words[0], words[1] ? words[1] : "", rc, out, err);
	free(err);
	return out;
}

/* Run and require exit status want with needle in stderr. */
static inline void lkt_cli_fail(const char *home, const char *pass, int want, const char *needle,
                                const char *const *words)
{
	char *out = NULL, *err = NULL;
	int rc = lkt_cli(home, pass, &out, &err, words);
	cr_assert_eq(rc, want, "lokmin %s: exit %d, not %d\n%s\n%s", words[0], rc, want, out, err);
	cr_assert(strstr(err, needle), "\"%s\" is missing from:\n%s", needle, err);
	free(out);
	free(err);
}

/* The id printed on the first line of out (malloc'd); frees out. */
static inline char *lkt_first_id(char *out)
{
	cr_assert(out && strlen(out) >= 36, "not an id: %s", out);
	char *id = strndup(out, 36);
	free(out);
	return id;
}

static inline void lkt_has(const char *text, const char *needle)
{
	cr_assert(strstr(text, needle), "\"%s\" is missing from:\n%s", needle, text);
}

static inline void lkt_lacks(const char *text, const char *needle)
{
	cr_assert_null(strstr(text, needle), "\"%s\" should not be in:\n%s", needle, text);
}

/* Occurrences of needle in text. */
static inline int lkt_count(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* The line of text holding needle (malloc'd), failing when there is none. */
static inline char *lkt_line_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	cr_assert_not_null(p, "\"%s\" is missing from:\n%s", needle, text);
	while (p > text && p[-1] != '\n')
		p--;
	return strndup(p, strcspn(p, "\n"));
}

/* The id of the first meeting whose listing holds key, in `lokmin --json meeting list` output (malloc'd). */
static inline char *lkt_meeting_with(const char *json, const char *key)
{
	const char *p = strstr(json, key);
	cr_assert_not_null(p, "no meeting with %s in %s", key, json);
	while (p > json && strncmp(p, "{\"id\":\"", 7) != 0)
		p--;
	return strndup(p + 7, 36);
}

/* The id of meeting number period in `lokmin --json meeting list` output (malloc'd). */
static inline char *lkt_meeting_of(const char *json, int period)
{
	char key[32];
	snprintf(key, sizeof key, "\"period\":%d,", period);
	return lkt_meeting_with(json, key);
}

/* The id of the quarterly meeting of quarter q (malloc'd): a camat's office lists its puskesmas' monthly
 * meetings too. */
static inline char *lkt_quarter_of(const char *json, int q)
{
	char key[48];
	snprintf(key, sizeof key, "\"kind\":\"quarterly\",\"period\":%d,", q);
	return lkt_meeting_with(json, key);
}

#define LKT_WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The CLI's handle ("2026-12") of the monthly meeting id of year on home, into out. */
static inline void lkt_meeting_handle(const char *home, const char *year, const char *id, char *out, size_t n)
{
	char *json = lkt_cli_ok(home, NULL, LKT_WORDS("--json", "meeting", "list", "--year", year));
	const char *p = strstr(json, id);
	cr_assert_not_null(p, "no meeting %s in %s", id, json);
	p = strstr(p, "\"period\":");
	cr_assert_not_null(p, "%s", json);
	snprintf(out, n, "%s-%02d", year, atoi(p + 9));
	free(json);
}

/* The district device of a test server (home "district", enrolled as dinkes of
 * kabupaten kab on first use), into out. */
static inline void lkt_district(struct lkt_server *srv, const char *kab, char *out, size_t size)
{
	char profile[600];
	lkt_home(srv, "district", out, size);
	snprintf(profile, sizeof profile, "%s/profile", out);
	FILE *f = fopen(profile, "r");
	if (f) {
		fclose(f);
		return;
	}
	cr_assert_eq(lkt_enroll(srv, out, "dinkes", kab), 0, "cannot enroll the district device");
}

/*
 * A signer's key that signs: `sign keygen` on home under pass, sync, and the
 * district confirms it from its own device (sync, `sign confirm`, sync); home
 * syncs again to learn it. The key id (malloc'd).
 */
static inline char *lkt_sign_confirmed(struct lkt_server *srv, const char *home, const char *pass, const char *person)
{
	char district[400], kab[8];
	char *id = lkt_first_id(lkt_cli_ok(home, pass, LKT_WORDS("sign", "keygen", person)));
	char *out = lkt_cli_ok(home, NULL, LKT_WORDS("sync"));
	cr_assert(strstr(out, " 0 rejected"), "the key did not reach the server: %s", out);
	free(out);
	/* The key's kabupaten: the home's profile says it. */
	char profile[600], line[200];
	snprintf(profile, sizeof profile, "%s/profile", home);
	FILE *f = fopen(profile, "r");
	cr_assert_not_null(f);
	kab[0] = '\0';
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "kabupaten = %7s", kab) == 1 || sscanf(line, "kabupaten=%7s", kab) == 1)
			break;
	fclose(f);
	cr_assert(kab[0], "no kabupaten in %s", profile);
	lkt_district(srv, kab, district, sizeof district);
	free(lkt_cli_ok(district, NULL, LKT_WORDS("sync")));
	free(lkt_cli_ok(district, NULL, LKT_WORDS("sign", "confirm", id)));
	out = lkt_cli_ok(district, NULL, LKT_WORDS("sync"));
	cr_assert(strstr(out, " 0 rejected"), "the confirmation was refused: %s", out);
	free(out);
	free(lkt_cli_ok(home, NULL, LKT_WORDS("sync")));
	return id;
}

#endif
