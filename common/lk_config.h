/* lk_config: one table per program drives defaults, config file, environment, flags and dumps. */
#ifndef LK_CONFIG_H
#define LK_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum lk_opt_type {
	LK_OPT_STR,      /* char[size] */
	LK_OPT_INT,      /* int64_t */
	LK_OPT_BOOL,     /* int64_t, 0 or 1 */
	LK_OPT_DURATION, /* int64_t milliseconds, written "30s", "72h" ... */
	LK_OPT_SIZE,     /* int64_t bytes, written "4M", "512K" ... */
};

/*
 * One option. NAME uses underscores; it is written NAME in the config file,
 * LOKMIN_NAME (upper case) in the environment and --name-with-dashes as a flag.
 */
struct lk_opt {
	const char *name;
	enum lk_opt_type type;
	size_t offset;
	size_t size; /* buffer size for LK_OPT_STR */
	const char *def;
	int64_t min, max;
	const char *help;
};

#define LK_OPT_ERRLEN 256

/* Set every option to its default. */
void lk_config_defaults(const struct lk_opt *t, size_t n, void *cfg);
/* Set one option from text, checking type and bounds; 0 or -LK_EINVAL / -LK_ENOTFOUND
 * with a message in err. `name` may use dashes or underscores. */
int lk_config_set(const struct lk_opt *t, size_t n, void *cfg, const char *name, const char *value,
                  char err[LK_OPT_ERRLEN]);
/* Read "name = value" lines; a line whose first non-blank character is '#' is a
 * comment (values may contain '#'). 0 or negative with err. */
int lk_config_load_file(const struct lk_opt *t, size_t n, void *cfg, const char *path,
                        char err[LK_OPT_ERRLEN]);
/* Apply LOKMIN_<NAME> variables that are set. */
int lk_config_load_env(const struct lk_opt *t, size_t n, void *cfg, char err[LK_OPT_ERRLEN]);
/* If argv[*i] is a flag of the table (--name value or --name=value), apply it,
 * advance *i past its value and return 1; return 0 if it is not a table flag,
 * negative on a bad value. */
int lk_config_flag(const struct lk_opt *t, size_t n, void *cfg, int argc, char **argv, int *i,
                   char err[LK_OPT_ERRLEN]);
/* Print every option as "name = value" with its help as a comment. */
void lk_config_dump(const struct lk_opt *t, size_t n, const void *cfg, FILE *out);
/* Print "  --flag VALUE   help (default)" lines for usage text. */
void lk_config_usage(const struct lk_opt *t, size_t n, FILE *out);

#endif
