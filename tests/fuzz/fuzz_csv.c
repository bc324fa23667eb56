/* fuzz_csv: one CSV record split by lk_csv_split, and written back by lk_csv_write to the same fields. */
#include "fuzz.h"
#include "lk_csv.h"
#include "lk_error.h"

#define MAXF 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fz_text(data, size), *fields[MAXF], *again[MAXF];
	size_t len = strlen(line);
	int n = lk_csv_split(line, fields, MAXF);
	FZ_CHECK(n == -LK_EINVAL || (n >= 1 && n <= MAXF), "field count %d", n);
	for (int i = 0; i < n; i++)
		FZ_CHECK(fields[i] >= line && fields[i] + strlen(fields[i]) <= line + len, "field %d outside", i);
	/* Fewer than MAXF fields: the record was read whole, so writing it back
	 * and splitting again gives the same fields. */
	if (n > 0 && n < MAXF) {
		char *buf = NULL;
		size_t blen = 0;
		FILE *f = open_memstream(&buf, &blen);
		for (int i = 0; i < n; i++) {
			if (i)
				fputc(',', f);
			lk_csv_write(f, fields[i]);
		}
		fclose(f);
		int m = lk_csv_split(buf, again, MAXF);
		FZ_CHECK(m == n, "%d fields, %d after writing them back", n, m);
		for (int i = 0; i < n; i++)
			FZ_CHECK(strcmp(fields[i], again[i]) == 0, "field %d: \"%.80s\" became \"%.80s\"", i, fields[i],
			         again[i]);
		free(buf);
	}
	free(line);
	return 0;
}
