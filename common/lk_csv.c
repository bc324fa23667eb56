/* lk_csv: split one CSV record (RFC 4180 quoting) into fields, in place. */
#include <stdio.h>
#include <string.h>

#include "lk_csv.h"
#include "lk_error.h"

int lk_csv_split(char *line, char **fields, int max)
{
	size_t len = strlen(line);
	char *r = line, *w = line;
	int n = 0;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	for (;;) {
		if (n == max)
			return n;
		fields[n++] = w;
		if (*r == '"') {
			r++;
			for (;;) {
				if (*r == '\0')
					return -LK_EINVAL;
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
			while (*r && *r != ',')
				*w++ = *r++;
		} else {
			while (*r && *r != ',')
				*w++ = *r++;
		}
		if (*r == '\0') {
			*w = '\0';
			return n;
		}
		r++; /* the comma */
		*w++ = '\0';
	}
}

void lk_csv_write(FILE *f, const char *v)
{
	if (strpbrk(v, ",\"\n\r") == NULL) {
		fputs(v, f);
		return;
	}
	fputc('"', f);
	for (; *v; v++) {
		if (*v == '"')
			fputc('"', f);
		fputc(*v, f);
	}
	fputc('"', f);
}
