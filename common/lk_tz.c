/* lk_tz: time zones read from the system tz database (TZif files), and conversions between UTC and local time. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lk_error.h"
#include "lk_tz.h"

/* The format is RFC 8536. A zone file is a few hundred bytes; anything far
 * larger is not one. */
#define S_MAX_FILE (1u << 20)
#define S_MAX_TRANS 100000u
#define S_MAX_TYPES 256u

/* Civil days lk_date handles: 1900-01-01 and 2201-01-01, as days since the epoch. */
#define S_DAY_MIN (-25567)
#define S_DAY_END 84371

struct s_type {
	int32_t off;
	char abbr[LK_TZ_ABBRLEN];
};

struct lk_tz {
	char name[LK_TZ_NAMELEN];
	uint32_t ntrans, ntypes;
	int64_t *trans;      /* ascending instants at which types[idx[i]] starts */
	uint8_t *idx;
	struct s_type *types;
	int has_rule;        /* the footer: the type in force after the last transition */
	struct s_type rule;
};

/* A cursor over the file's bytes; every read checks the length first. */
struct s_rd {
	const uint8_t *p;
	size_t n, pos;
};

static const uint8_t *s_take(struct s_rd *r, size_t len)
{
	if (len > r->n - r->pos)
		return NULL;
	const uint8_t *at = r->p + r->pos;
	r->pos += len;
	return at;
}

static uint32_t s_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t s_be64(const uint8_t *p)
{
	return (int64_t)((uint64_t)s_be32(p) << 32 | s_be32(p + 4));
}

struct s_hdr {
	int version;
	uint32_t isut, isstd, leap, time, type, chars;
};

static int s_header(struct s_rd *r, struct s_hdr *h)
{
	const uint8_t *p = s_take(r, 44);
	if (p == NULL || memcmp(p, "TZif", 4) != 0)
		return -LK_EINVAL;
	h->version = p[4] == 0 ? 1 : p[4] - '0';
	if (h->version < 1 || h->version > 4)
		return -LK_EINVAL;
	h->isut = s_be32(p + 20);
	h->isstd = s_be32(p + 24);
	h->leap = s_be32(p + 28);
	h->time = s_be32(p + 32);
	h->type = s_be32(p + 36);
	h->chars = s_be32(p + 40);
	/* Leap-second records mean a "right/" zone, whose instants are not POSIX seconds. */
	if (h->type < 1 || h->type > S_MAX_TYPES || h->chars < 1 || h->chars > 4096 || h->time > S_MAX_TRANS ||
	    h->leap != 0 || (h->isstd != 0 && h->isstd != h->type) || (h->isut != 0 && h->isut != h->type))
		return -LK_EINVAL;
	return 0;
}

/* The data block after a header, with times of tsize bytes (4 in version 1, 8 after). */
static int s_block(struct s_rd *r, const struct s_hdr *h, size_t tsize, struct lk_tz *z)
{
	const uint8_t *times = s_take(r, (size_t)h->time * tsize);
	const uint8_t *idx = s_take(r, h->time);
	const uint8_t *types = s_take(r, (size_t)h->type * 6);
	const uint8_t *chars = s_take(r, h->chars);
	if (times == NULL || idx == NULL || types == NULL || chars == NULL ||
	    s_take(r, (size_t)h->isstd + h->isut) == NULL)
		return -LK_EINVAL;
	z->trans = calloc(h->time ? h->time : 1, sizeof *z->trans);
	z->idx = calloc(h->time ? h->time : 1, 1);
	z->types = calloc(h->type, sizeof *z->types);
	if (z->trans == NULL || z->idx == NULL || z->types == NULL)
		return -LK_ENOMEM;
	for (uint32_t i = 0; i < h->time; i++) {
		z->trans[i] = tsize == 8 ? s_be64(times + 8 * i) : (int32_t)s_be32(times + 4 * i);
		z->idx[i] = idx[i];
		if (idx[i] >= h->type || (i > 0 && z->trans[i] <= z->trans[i - 1]))
			return -LK_EINVAL;
	}
	for (uint32_t i = 0; i < h->type; i++) {
		const uint8_t *t = types + 6 * i;
		int32_t off = (int32_t)s_be32(t);
		size_t at = t[5];
		/* RFC 8536 bounds offsets to less than 26 hours either way. */
		if (off <= -93600 || off >= 93600 || at >= h->chars)
			return -LK_EINVAL;
		size_t len = strnlen((const char *)chars + at, h->chars - at);
		if (at + len >= h->chars || len >= LK_TZ_ABBRLEN)
			return -LK_EINVAL;
		z->types[i].off = off;
		memcpy(z->types[i].abbr, chars + at, len);
	}
	z->ntrans = h->time;
	z->ntypes = h->type;
	return 0;
}

/* A POSIX TZ offset "[+-]hh[:mm[:ss]]" at *s into seconds west of UTC (POSIX's sign). */
static int s_rule_offset(const char **s, int32_t *west)
{
	const char *p = *s;
	int sign = 1, part[3] = {0, 0, 0};
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	for (int k = 0; k < 3; k++) {
		if (k > 0 && *p != ':')
			break;
		if (k > 0)
			p++;
		if (*p < '0' || *p > '9')
			return -LK_EINVAL;
		int v = 0, nd = 0;
		while (*p >= '0' && *p <= '9' && nd < 3) {
			v = v * 10 + (*p++ - '0');
			nd++;
		}
		part[k] = v;
	}
	if (part[0] > 24 || part[1] > 59 || part[2] > 59)
		return -LK_EINVAL;
	*west = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	*s = p;
	return 0;
}

/* The footer: "WIB-7", "<+0545>-5:45". A rule naming a daylight-saving zone
 * after the standard one is refused, since this reader does not evaluate DST
 * rules (see lk_tz.h). An empty footer leaves has_rule 0. */
static int s_footer(const char *s, size_t n, struct lk_tz *z)
{
	char buf[64];
	if (n == 0)
		return 0;
	if (n >= sizeof buf)
		return -LK_EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	const char *p = buf, *name, *end;
	if (*p == '<') {
		name = ++p;
		while (*p && *p != '>')
			p++;
		if (*p != '>')
			return -LK_EINVAL;
		end = p++;
	} else {
		name = p;
		while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			p++;
		end = p;
	}
	int32_t west;
	if (end - name < 3 || end - name >= LK_TZ_ABBRLEN || s_rule_offset(&p, &west) != 0)
		return -LK_EINVAL;
	if (*p != '\0')
		return -LK_EINVAL; /* a DST part follows */
	memcpy(z->rule.abbr, name, (size_t)(end - name));
	z->rule.abbr[end - name] = '\0';
	z->rule.off = -west;
	z->has_rule = 1;
	return 0;
}

static int s_parse(const uint8_t *data, size_t len, struct lk_tz *z)
{
	struct s_rd r = {data, len, 0};
	struct s_hdr h;
	int rc = s_header(&r, &h);
	if (rc != 0)
		return rc;
	if (h.version == 1)
		return s_block(&r, &h, 4, z);
	/* Version 2 and later repeat the data with 64-bit times, then the footer. */
	size_t v1 = (size_t)h.time * 5 + (size_t)h.type * 6 + h.chars + (size_t)h.isstd + h.isut;
	if (s_take(&r, v1) == NULL)
		return -LK_EINVAL;
	if ((rc = s_header(&r, &h)) != 0 || (rc = s_block(&r, &h, 8, z)) != 0)
		return rc;
	const uint8_t *nl = s_take(&r, 1);
	if (nl == NULL || *nl != '\n')
		return -LK_EINVAL;
	const char *foot = (const char *)data + r.pos;
	const char *close = memchr(foot, '\n', len - r.pos);
	if (close == NULL)
		return -LK_EINVAL;
	return s_footer(foot, (size_t)(close - foot), z);
}

int lk_tz_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n >= LK_TZ_NAMELEN || name[0] == '/' || strstr(name, "..") != NULL)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
		      c == '_' || c == '+' || c == '-'))
			return 0;
	}
	return 1;
}

/* Read a regular file of at most S_MAX_FILE bytes. */
static int s_read(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (f == NULL)
		return errno == ENOENT || errno == ENOTDIR ? -LK_ENOTFOUND : -LK_EIO;
	if (fstat(fileno(f), &st) != 0) {
		fclose(f);
		return -LK_EIO;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)S_MAX_FILE) {
		fclose(f);
		return S_ISDIR(st.st_mode) ? -LK_ENOTFOUND : -LK_EINVAL;
	}
	uint8_t *buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		fclose(f);
		return -LK_ENOMEM;
	}
	size_t n = fread(buf, 1, (size_t)st.st_size, f);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return -LK_EIO;
	}
	*out = buf;
	*len = n;
	return 0;
}

int lk_tz_parse(const char *name, const void *data, size_t len, struct lk_tz **out)
{
	*out = NULL;
	struct lk_tz *z = calloc(1, sizeof *z);
	if (z == NULL)
		return -LK_ENOMEM;
	snprintf(z->name, sizeof z->name, "%s", name ? name : "");
	int rc = s_parse(data, len, z);
	if (rc != 0) {
		lk_tz_free(&z);
		return rc;
	}
	*out = z;
	return 0;
}

int lk_tz_load(const char *name, struct lk_tz **out)
{
	*out = NULL;
	if (!lk_tz_name_valid(name))
		return -LK_EINVAL;
	/* TZDIR is glibc's own override of the database folder. */
	const char *dir = getenv("TZDIR");
	char path[4096];
	if (dir == NULL || dir[0] == '\0')
		dir = "/usr/share/zoneinfo";
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
		return -LK_EINVAL;
	uint8_t *data;
	size_t len;
	int rc = s_read(path, &data, &len);
	if (rc != 0)
		return rc;
	rc = lk_tz_parse(name, data, len, out);
	free(data);
	return rc;
}

void lk_tz_free(struct lk_tz **tz)
{
	if (tz == NULL || *tz == NULL)
		return;
	free((*tz)->trans);
	free((*tz)->idx);
	free((*tz)->types);
	free(*tz);
	*tz = NULL;
}

const char *lk_tz_name(const struct lk_tz *tz)
{
	return tz->name;
}

static const struct s_type *s_type_at(const struct lk_tz *z, int64_t utc)
{
	if (z->ntrans == 0)
		return z->has_rule ? &z->rule : &z->types[0];
	if (utc < z->trans[0])
		return &z->types[0]; /* RFC 8536: type 0 before the first transition */
	if (utc >= z->trans[z->ntrans - 1] && z->has_rule)
		return &z->rule;
	uint32_t lo = 0, hi = z->ntrans - 1; /* the last transition at or before utc */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo + 1) / 2;
		if (z->trans[mid] <= utc)
			lo = mid;
		else
			hi = mid - 1;
	}
	return &z->types[z->idx[lo]];
}

int32_t lk_tz_offset(const struct lk_tz *tz, int64_t utc, const char **abbr)
{
	const struct s_type *t = s_type_at(tz, utc);
	if (abbr)
		*abbr = t->abbr;
	return t->off;
}

static int64_t s_floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int lk_tz_local(const struct lk_tz *tz, int64_t utc, struct lk_local *out)
{
	/* Bounded first, so that adding the offset cannot overflow. */
	if (utc < (int64_t)S_DAY_MIN * 86400 - 100000 || utc > (int64_t)S_DAY_END * 86400 + 100000)
		return -LK_EINVAL;
	const struct s_type *t = s_type_at(tz, utc);
	int64_t local = utc + t->off;
	int64_t days = s_floordiv(local, 86400), secs = local - days * 86400;
	if (days < S_DAY_MIN || days >= S_DAY_END)
		return -LK_EINVAL;
	lk_date_from_days(days, &out->date);
	out->hour = (int)(secs / 3600);
	out->min = (int)(secs / 60 % 60);
	out->sec = (int)(secs % 60);
	out->utcoff = t->off;
	memcpy(out->abbr, t->abbr, sizeof out->abbr);
	return 0;
}

int lk_tz_utc(const struct lk_tz *tz, const struct lk_date *d, int h, int m, int s, int64_t *utc)
{
	if (d->y < 1900 || d->y > 2200 || d->d < 1 || d->d > lk_days_in_month(d->y, d->m) || h < 0 || h > 23 ||
	    m < 0 || m > 59 || s < 0 || s > 59)
		return -LK_EINVAL;
	int64_t naive = lk_date_days(d) * 86400 + h * 3600 + m * 60 + s;
	/* Try every offset the zone ever uses: a candidate is right when the zone
	 * is at that offset at the instant it gives. Exact, and a zone has few
	 * types, so this costs a few binary searches. */
	int found = 0;
	int64_t best = 0;
	for (uint32_t i = 0; i <= tz->ntypes; i++) {
		const struct s_type *t = i < tz->ntypes ? &tz->types[i] : tz->has_rule ? &tz->rule : NULL;
		if (t == NULL)
			continue;
		int64_t cand = naive - t->off;
		if (lk_tz_offset(tz, cand, NULL) == t->off && (!found || cand < best)) {
			best = cand;
			found = 1;
		}
	}
	if (!found)
		return -LK_EINVAL;
	*utc = best;
	return 0;
}

int lk_utc_parse(const char *s, int64_t *utc)
{
	struct lk_date d;
	int secs;
	if (lk_time_parse(s, &d, &secs) != 0)
		return -LK_EINVAL;
	*utc = lk_date_days(&d) * 86400 + secs;
	return 0;
}

char *lk_utc_format(int64_t utc, char out[LK_UTC_STRLEN])
{
	int64_t days = s_floordiv(utc, 86400), secs = utc - days * 86400;
	struct lk_date d;
	out[0] = '\0';
	if (days < S_DAY_MIN || days >= S_DAY_END)
		return out;
	lk_date_from_days(days, &d);
	snprintf(out, LK_UTC_STRLEN, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)d.y % 10000u, (unsigned)d.m % 100u,
	         (unsigned)d.d % 100u, (unsigned)(secs / 3600) % 100u, (unsigned)(secs / 60 % 60),
	         (unsigned)(secs % 60));
	return out;
}
