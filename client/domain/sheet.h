/* sheet: a CSV file as Excel or LibreOffice save it, read into rows of text cells and numbers read by its conventions. */
#ifndef SHEET_H
#define SHEET_H

#include <stddef.h>
#include <stdio.h>

#include "dom.h"

/* The decimal mark the file's own numbers show. */
enum sheet_decimal {
	SHEET_DEC_UNKNOWN,  /* no number with a fraction or thousands mark that tells */
	SHEET_DEC_POINT,    /* 12.5 and 1,234 */
	SHEET_DEC_COMMA,    /* 12,5 and 1.234 */
	SHEET_DEC_CONFLICT, /* both kinds seen */
};

struct sheet_row {
	int row;     /* its row number in the spreadsheet (the header is row 1) */
	int ncell;
	char **cell; /* UTF-8, never NULL */
};

struct sheet {
	char sep;                   /* ';' or ',' */
	enum sheet_decimal decimal;
	int point_row, comma_row;   /* a row that shows each kind of decimal mark (0: none) */
	struct sheet_row *rows;     /* rows[0] is the header; rows with only empty cells are left out */
	size_t nrows;
};

/* The most a sheet may hold, in bytes. */
#define SHEET_MAX_BYTES (32u << 20)

/*
 * Read buf[0..len) (a file called name, for messages): a UTF-8 BOM is dropped,
 * the separator is the one of ';' and ',' that the header line holds more of
 * outside quotes, lines end in CRLF, LF or CR, quoted cells may hold
 * separators, quotes ("") and line breaks. Bytes that are not UTF-8 (a file
 * saved as Windows-1252 or UTF-16) are refused with what to do. 0, or
 * -LK_EINVAL / -LK_ENOMEM with err.
 */
int sheet_parse(const char *buf, size_t len, const char *name, struct sheet *s, struct dom_err *err);
/* The same from an open file, read whole. */
int sheet_read(FILE *f, const char *name, struct sheet *s, struct dom_err *err);
void sheet_free(struct sheet *s);

/* Cell col of row r, "" when the row is shorter. */
const char *sheet_cell(const struct sheet *s, size_t r, int col);
/* The column of the header cell named name (spaces around it ignored, case ignored), or -1. */
int sheet_column(const struct sheet *s, const char *name);

/*
 * The number in cell col of row r (spaces around it ignored): plain digits,
 * an optional sign, a decimal mark and thousands marks read by the file's
 * conventions. "1.234" is 1234 in a file whose numbers use a decimal comma and
 * 1.234 in one that uses a decimal point; when the file does not tell, it is
 * refused, never guessed. 0; 1 when the cell is empty; with a sentence
 * naming the row and the column in why, -1 when it is not a number and -2
 * when it is one that cannot be read without a guess.
 */
int sheet_number(const struct sheet *s, size_t r, int col, double *v, char *why, size_t whylen);

#endif
