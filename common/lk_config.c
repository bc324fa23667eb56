/* lk_config: one table per program drives defaults, config file, environment, flags and dumps. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lk_config.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"

static const struct lk_opt *s_find(const struct lk_opt *t, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		const char *a = t[i].name;
		size_t k = 0;
		if (strlen(a) != len)
			continue;
		for (; k < len; k++) {
			char c = name[k] == '-' ? '_' : name[k];
			if (c != a[k])
				break;
		}
		if (k == len)
			return &t[i];
	}
	return NULL;
}

static int s_apply(const struct lk_opt *o, void *cfg, const char *value, char err[LK_OPT_ERRLEN])
{
	char *base = (char *)cfg + o->offset;
	int64_t v = 0;
	int rc = 0;

	switch (o->type) {
	case LK_OPT_STR:
		if (strlen(value) >= o->size) {
			snprintf(err, LK_OPT_ERRLEN, _("%s: value longer than %zu characters"), o->name,
			         o->size - 1);
			return -LK_EINVAL;
		}
		lk_strlcpy(base, value, o->size);
		return 0;
	case LK_OPT_BOOL:
		if (!strcmp(value, "1") || !strcasecmp(value, "true") || !strcasecmp(value, "yes") ||
		    !strcasecmp(value, "on"))
			v = 1;
		else if (!strcmp(value, "0") || !strcasecmp(value, "false") ||
		         !strcasecmp(value, "no") || !strcasecmp(value, "off"))
			v = 0;
		else
			rc = -LK_EINVAL;
		break;
	case LK_OPT_INT: {
		char *end;
		errno = 0;
		long long x = strtoll(value, &end, 10);
		const char *d = value[0] == '-' ? value + 1 : value;
		/* Digits only: no blank or '+' in front, no overflow (errno), no tail. */
		if (errno || end == value || *end != '\0' || *d < '0' || *d > '9')
			rc = -LK_EINVAL;
		v = x;
		break;
	}
	case LK_OPT_DURATION:
		rc = lk_parse_duration_ms(value, &v);
		break;
	case LK_OPT_SIZE:
		rc = lk_parse_size(value, &v);
		break;
	}
	if (rc != 0) {
		snprintf(err, LK_OPT_ERRLEN, _("%s: cannot parse \"%s\""), o->name, value);
		return -LK_EINVAL;
	}
	if (o->type != LK_OPT_BOOL && (v < o->min || v > o->max)) {
		snprintf(err, LK_OPT_ERRLEN, _("%s: %s is outside %lld..%lld"), o->name, value,
		         (long long)o->min, (long long)o->max);
		return -LK_EINVAL;
	}
	memcpy(base, &v, sizeof v);
	return 0;
}

void lk_config_defaults(const struct lk_opt *t, size_t n, void *cfg)
{
	char err[LK_OPT_ERRLEN];
	for (size_t i = 0; i < n; i++)
		if (s_apply(&t[i], cfg, t[i].def, err) != 0)
			abort(); /* a bad default is a programming error */
}

int lk_config_set(const struct lk_opt *t, size_t n, void *cfg, const char *name, const char *value,
                  char err[LK_OPT_ERRLEN])
{
	const struct lk_opt *o = s_find(t, n, name, strlen(name));
	if (o == NULL) {
		snprintf(err, LK_OPT_ERRLEN, _("unknown option \"%s\""), name);
		return -LK_ENOTFOUND;
	}
	return s_apply(o, cfg, value, err);
}

int lk_config_load_file(const struct lk_opt *t, size_t n, void *cfg, const char *path,
                        char err[LK_OPT_ERRLEN])
{
	char *buf, *line, *save = NULL;
	int rc, lineno = 0;

	if ((rc = lk_read_file(path, &buf, NULL)) != 0) {
		snprintf(err, LK_OPT_ERRLEN, _("%s: cannot read: %s"), path, lk_strerror(rc));
		return rc;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq, *k, *v, sub[LK_OPT_ERRLEN];
		lineno++;
		/* Only whole-line comments: values such as Z85 keys may contain '#'. */
		k = lk_trim(line);
		if (*k == '\0' || *k == '#')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			snprintf(err, LK_OPT_ERRLEN, _("%s:%d: expected name = value"), path, lineno);
			rc = -LK_EINVAL;
			break;
		}
		*eq = '\0';
		k = lk_trim(k);
		v = lk_trim(eq + 1);
		if ((rc = lk_config_set(t, n, cfg, k, v, sub)) != 0) {
			snprintf(err, LK_OPT_ERRLEN, "%.80s:%d: %.160s", path, lineno, sub);
			break;
		}
	}
	free(buf);
	return rc;
}

int lk_config_load_env(const struct lk_opt *t, size_t n, void *cfg, char err[LK_OPT_ERRLEN])
{
	for (size_t i = 0; i < n; i++) {
		char var[128] = "LOKMIN_";
		size_t k = strlen(var);
		for (const char *p = t[i].name; *p && k < sizeof var - 1; p++)
			var[k++] = (char)toupper((unsigned char)*p);
		var[k] = '\0';
		const char *v = getenv(var);
		if (v == NULL)
			continue;
		char sub[LK_OPT_ERRLEN];
		int rc = s_apply(&t[i], cfg, v, sub);
		if (rc != 0) {
			snprintf(err, LK_OPT_ERRLEN, "%.64s: %.180s", var, sub);
			return rc;
		}
	}
	return 0;
}

int lk_config_flag(const struct lk_opt *t, size_t n, void *cfg, int argc, char **argv, int *i,
                   char err[LK_OPT_ERRLEN])
{
	const char *a = argv[*i], *eq, *value;
	const struct lk_opt *o;
	size_t len;

	if (strncmp(a, "--", 2) != 0)
		return 0;
	a += 2;
	eq = strchr(a, '=');
	len = eq ? (size_t)(eq - a) : strlen(a);
	if ((o = s_find(t, n, a, len)) == NULL)
		return 0;
	if (eq) {
		value = eq + 1;
	} else if (o->type == LK_OPT_BOOL) {
		value = "true"; /* a bare boolean flag switches it on */
	} else if (*i + 1 < argc) {
		value = argv[++*i];
	} else {
		snprintf(err, LK_OPT_ERRLEN, _("--%s needs a value"), a);
		return -LK_EINVAL;
	}
	int rc = s_apply(o, cfg, value, err);
	return rc == 0 ? 1 : rc;
}

static void s_value(const struct lk_opt *o, const void *cfg, char *out, size_t size)
{
	const char *base = (const char *)cfg + o->offset;
	int64_t v;
	if (o->type == LK_OPT_STR) {
		lk_strlcpy(out, base, size);
		return;
	}
	memcpy(&v, base, sizeof v);
	if (o->type == LK_OPT_DURATION && v % 1000 == 0)
		snprintf(out, size, "%" PRId64 "s", v / 1000);
	else if (o->type == LK_OPT_DURATION)
		snprintf(out, size, "%" PRId64 "ms", v);
	else if (o->type == LK_OPT_BOOL)
		snprintf(out, size, "%s", v ? "true" : "false");
	else
		snprintf(out, size, "%" PRId64, v);
}

void lk_config_dump(const struct lk_opt *t, size_t n, const void *cfg, FILE *out)
{
	for (size_t i = 0; i < n; i++) {
		char v[1024];
		s_value(&t[i], cfg, v, sizeof v);
		fprintf(out, "# %s\n%s = %s\n", t[i].help, t[i].name, v);
	}
}

void lk_config_usage(const struct lk_opt *t, size_t n, FILE *out)
{
	for (size_t i = 0; i < n; i++) {
		char flag[64];
		size_t k = 0;
		for (const char *p = t[i].name; *p && k < sizeof flag - 1; p++)
			flag[k++] = *p == '_' ? '-' : *p;
		flag[k] = '\0';
		fprintf(out, _("  --%-22s %s (default: %s)\n"), flag, _(t[i].help),
		        *t[i].def ? t[i].def : _("none"));
	}
}
