/* lk_util: small helpers shared by both programs: time, hex, files, durations, strings. */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lk_error.h"
#include "lk_util.h"

uint64_t lk_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t lk_mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int lk_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *lk_hex_encode(char *out, const uint8_t *in, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 0x0f];
	}
	out[2 * n] = '\0';
	return out;
}

int lk_hex_decode(uint8_t *out, size_t n, const char *hex)
{
	if (hex == NULL || strlen(hex) != 2 * n)
		return -LK_EINVAL;
	for (size_t i = 0; i < n; i++) {
		int hi = lk_hexval(hex[2 * i]), lo = lk_hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -LK_EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

size_t lk_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);
	if (size) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

/* Number followed by an optional unit from the table; multiplies into *out. */
static int s_parse_units(const char *s, int64_t *out, const char *const *units,
                         const int64_t *mult, int64_t plain)
{
	char *end;
	long long v;

	/* Digits first: strtoll would also take blanks and a sign. */
	if (s == NULL || *s < '0' || *s > '9')
		return -LK_EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || v < 0)
		return -LK_EINVAL;
	while (*end == ' ')
		end++;
	if (*end == '\0') {
		/* A plain number is in the default unit: it may overflow as well. */
		if (v > INT64_MAX / plain)
			return -LK_EINVAL;
		*out = (int64_t)v * plain;
		return 0;
	}
	for (int i = 0; units[i]; i++) {
		if (strcasecmp(end, units[i]) == 0) {
			if (v > INT64_MAX / mult[i])
				return -LK_EINVAL;
			*out = (int64_t)v * mult[i];
			return 0;
		}
	}
	return -LK_EINVAL;
}

int lk_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (s == NULL || *s == '\0')
		return -LK_EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -LK_EINVAL;
		unsigned d = (unsigned)(*s - '0');
		if (d > max || v > (max - d) / 10) /* d > max first: max - d would wrap */
			return -LK_EINVAL;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int lk_parse_arg(const char *s)
{
	uint64_t v;
	return lk_parse_uint(s, INT32_MAX, &v) == 0 ? (int)v : -1;
}

int lk_parse_real(const char *s, double *out)
{
	char *end;
	if (s == NULL || *s == '\0')
		return -LK_EINVAL;
	for (const char *c = s; *c; c++)
		if (!((*c >= '0' && *c <= '9') || *c == '.' || *c == 'e' || *c == 'E' || *c == '+' || *c == '-'))
			return -LK_EINVAL;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v) || (v != 0 && fabs(v) < DBL_MIN) || (v == 0 && signbit(v)))
		return -LK_EINVAL;
	*out = v;
	return 0;
}

int lk_parse_duration_ms(const char *s, int64_t *out)
{
	static const char *const units[] = {"ms", "s", "m", "h", "d", NULL};
	static const int64_t mult[] = {1, 1000, 60000, 3600000, 86400000};
	return s_parse_units(s, out, units, mult, 1000);
}

int lk_parse_size(const char *s, int64_t *out)
{
	static const char *const units[] = {"b", "k", "kb", "kib", "m", "mb", "mib", "g", "gb", "gib", NULL};
	static const int64_t mult[] = {1, 1024, 1024, 1024, 1 << 20, 1 << 20, 1 << 20,
	                               1 << 30, 1 << 30, 1 << 30};
	return s_parse_units(s, out, units, mult, 1);
}

int lk_read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (f == NULL)
		return errno == ENOENT ? -LK_ENOTFOUND : -LK_EIO;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			size_t ncap = cap ? cap * 2 : 8192;
			char *nb = realloc(buf, ncap);
			if (nb == NULL)
				goto fail;
			buf = nb;
			cap = ncap;
		}
		size_t r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
fail:
	free(buf);
	fclose(f);
	return -LK_EIO;
}

int lk_write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	char tmp[4096];
	int fd;

	if (snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof tmp)
		return -LK_EINVAL;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -LK_EIO;
	if (fchmod(fd, mode) != 0)
		goto fail;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, (const char *)data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	close(fd);
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return -LK_EIO;
	}
	return 0;
fail:
	close(fd);
	unlink(tmp);
	return -LK_EIO;
}

int lk_mkdirs(const char *path, mode_t mode)
{
	char buf[4096];
	if (lk_strlcpy(buf, path, sizeof buf) >= sizeof buf)
		return -LK_EINVAL;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) != 0 && errno != EEXIST)
			return -LK_EIO;
		*p = '/';
	}
	if (mkdir(buf, mode) != 0 && errno != EEXIST)
		return -LK_EIO;
	return 0;
}

char *lk_format_time_ms(char out[24], int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%d %H:%M:%S", &tm);
	return out;
}

char *lk_trim(char *s)
{
	char *e;
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

char *lk_put_u64(char *out, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*out++ = tmp[--n];
	*out = '\0';
	return out;
}

char *lk_put_i64(char *out, int64_t v)
{
	if (v >= 0)
		return lk_put_u64(out, (uint64_t)v);
	*out++ = '-';
	return lk_put_u64(out, (uint64_t)(-(v + 1)) + 1);
}
