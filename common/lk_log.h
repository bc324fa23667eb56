/* lk_log: one-line log records to stderr, with level, timestamp and errno text. */
#ifndef LK_LOG_H
#define LK_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum lk_log_level { LK_LOG_ERROR = 0, LK_LOG_WARN = 1, LK_LOG_INFO = 2, LK_LOG_DEBUG = 3 };

void lk_log_init(const char *progname, int level);
void lk_log_set_level(int level);
int lk_log_level(void);
/* Parse "error", "warn", "info", "debug"; returns -1 if unknown. */
int lk_log_level_parse(const char *s);

void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An info record whose text the caller has formatted already (len bytes, no
 * newline): the same line as log_info("%s", msg) without printf's cost. */
void log_info_text(const char *msg, size_t len);
/* log_warn appends ": strerror(errno)"; log_warnx does not. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
