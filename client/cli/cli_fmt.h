/* cli_fmt: dates, times and numbers as the cli shows them to people, in the message language and the office's zone. */
#ifndef LK_CLI_FMT_H
#define LK_CLI_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "lk_lang.h"

struct dom;

/* Room for any cli_* text below, with its NUL. */
#define CLI_FMT_LEN 96

/* The language of what the cli shows, from the locale variables. */
enum lk_lang cli_lang(void);

/* An ISO date ("2026-12-03") as people read it in the message language
 * ("3 Desember 2026", "3 December 2026"); other text as it is. Returns out. */
const char *cli_date(const char *iso, char *out, size_t size);
/* The same in a table's column: "3 Des 2026", "3 Dec 2026"; "-" when empty,
 * other text as it is. Returns out. */
const char *cli_day(const char *iso, char *out, size_t size);
/* Stored timestamp utc in the office's zone for a person: "3 Des 2026 07.30 WIT"
 * ("3 Dec 2026 07:30 WIT"), "07.30 WIT" without the date; other text as it is,
 * "-" when empty. Returns out. */
const char *cli_when(const struct dom *d, const char *utc, int with_date, char *out, size_t size);
/* An instant in milliseconds since the epoch (the engine's clock) the same way, with
 * the date; "2026-12-03 00:30:00 UTC" when the office's zone cannot be loaded. Returns out. */
const char *cli_when_ms(const struct dom *d, int64_t ms, char *out, size_t size);

/* A count with thousands grouped: "1.234" / "1,234". Returns out. */
const char *cli_int(int64_t v, char *out, size_t size);
/* A figure with decimals digits after the decimal mark: "58,4" / "58.4". Returns out. */
const char *cli_num(double v, int decimals, char *out, size_t size);
/* A figure with as few decimals as it needs, at most three: "120", "12,5" / "12.5". Returns out. */
const char *cli_fig(double v, char *out, size_t size);
/* A month of a year: "Desember 2026" / "December 2026". Returns out. */
const char *cli_month(int year, int month, char *out, size_t size);

#endif
