/* lk_log: one-line log records to stderr, with level, timestamp and errno text. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lk_log.h"

static const char *s_prog = "lokmin";
static int s_level = LK_LOG_INFO;

void lk_log_init(const char *progname, int level)
{
	s_prog = progname;
	s_level = level;
}

void lk_log_set_level(int level)
{
	s_level = level;
}

int lk_log_level(void)
{
	return s_level;
}

int lk_log_level_parse(const char *s)
{
	static const char *names[] = {"error", "warn", "info", "debug"};
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* "YYYY-MM-DDTHH:MM:SS.mmmZ" of now into ts (at least 25 bytes); the part up
 * to the seconds is formatted once per second and thread. */
static size_t s_stamp(char *ts)
{
	static _Thread_local time_t last = -1;
	static _Thread_local char head[32];
	static _Thread_local size_t hlen;
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	if (now.tv_sec != last) {
		struct tm tm;
		gmtime_r(&now.tv_sec, &tm);
		hlen = strftime(head, sizeof head, "%Y-%m-%dT%H:%M:%S", &tm);
		last = now.tv_sec;
	}
	long ms = now.tv_nsec / 1000000;
	memcpy(ts, head, hlen);
	ts[hlen] = '.';
	ts[hlen + 1] = (char)('0' + ms / 100);
	ts[hlen + 2] = (char)('0' + ms / 10 % 10);
	ts[hlen + 3] = (char)('0' + ms % 10);
	ts[hlen + 4] = 'Z';
	ts[hlen + 5] = '\0';
	return hlen + 5;
}

static void s_vlog(int level, const char *tag, int errnum, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static void s_vlog(int level, const char *tag, int errnum, const char *fmt, va_list ap)
{
	char msg[2048];
	char ts[40];

	if (level > s_level)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	s_stamp(ts);
	/* One fprintf per record: stdio locks the stream, so lines never interleave. */
	if (errnum)
		fprintf(stderr, "%s %s %s: %s: %s\n", ts, s_prog, tag, msg, strerror(errnum));
	else
		fprintf(stderr, "%s %s %s: %s\n", ts, s_prog, tag, msg);
}

void log_info_text(const char *msg, size_t len)
{
	char line[1024];
	size_t n, plen = strlen(s_prog);

	if (LK_LOG_INFO > s_level)
		return;
	n = s_stamp(line);
	if (n + 1 + plen + 7 + len + 1 > sizeof line) {
		log_info("%.*s", (int)len, msg);
		return;
	}
	line[n++] = ' ';
	memcpy(line + n, s_prog, plen);
	n += plen;
	memcpy(line + n, " info: ", 7);
	n += 7;
	memcpy(line + n, msg, len);
	n += len;
	line[n++] = '\n';
	/* One fwrite per record: stdio locks the stream, so lines never interleave. */
	fwrite(line, 1, n, stderr);
}

#define LK_LOG_FN(fn, level, tag, with_errno)                                                      \
	void fn(const char *fmt, ...)                                                              \
	{                                                                                          \
		int e = errno;                                                                     \
		va_list ap;                                                                        \
		va_start(ap, fmt);                                                                 \
		s_vlog(level, tag, (with_errno) ? e : 0, fmt, ap);                                \
		va_end(ap);                                                                        \
		errno = e;                                                                         \
	}

LK_LOG_FN(log_debug, LK_LOG_DEBUG, "debug", 0)
LK_LOG_FN(log_info, LK_LOG_INFO, "info", 0)
LK_LOG_FN(log_warn, LK_LOG_WARN, "warn", 1)
LK_LOG_FN(log_warnx, LK_LOG_WARN, "warn", 0)
LK_LOG_FN(log_error, LK_LOG_ERROR, "error", 0)

void fatal(const char *fmt, ...)
{
	int e = errno;
	va_list ap;
	va_start(ap, fmt);
	s_vlog(LK_LOG_ERROR, "fatal", e, fmt, ap);
	va_end(ap);
	exit(1);
}

void fatalx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	s_vlog(LK_LOG_ERROR, "fatal", 0, fmt, ap);
	va_end(ap);
	exit(1);
}
