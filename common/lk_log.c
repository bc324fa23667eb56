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

static void s_vlog(int level, const char *tag, int errnum, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static void s_vlog(int level, const char *tag, int errnum, const char *fmt, va_list ap)
{
	char msg[2048];
	char ts[40];
	struct timespec now;
	struct tm tm;

	if (level > s_level)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
	/* One fprintf per record: stdio locks the stream, so lines never interleave. */
	if (errnum)
		fprintf(stderr, "%s.%03ldZ %s %s: %s: %s\n", ts, now.tv_nsec / 1000000, s_prog, tag,
		        msg, strerror(errnum));
	else
		fprintf(stderr, "%s.%03ldZ %s %s: %s\n", ts, now.tv_nsec / 1000000, s_prog, tag, msg);
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
