/* fuzz_meta: the per-field merge metadata text (field_meta column) as server/records.c meta_parse reads it. */
#include <inttypes.h>

#include "fuzz.h"
#include "records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_text(data, size);
	struct meta_set a = {0}, b = {0};
	if (meta_parse(&a, text) == 0) {
		/* What parses formats to text that parses to the same entries. */
		char *out = meta_format(&a);
		FZ_CHECK(out != NULL, "meta_format failed");
		int rc = meta_parse(&b, out);
		FZ_CHECK(rc == 0, "formatted metadata does not parse: \"%.200s\"", out);
		FZ_CHECK(a.n == b.n, "%zu entries, %zu after formatting \"%.200s\"", a.n, b.n, out);
		for (size_t i = 0; i < a.n; i++) {
			struct field_meta *x = &a.items[i], *y = meta_find(&b, x->field);
			FZ_CHECK(y != NULL, "entry \"%s\" lost in \"%.200s\"", x->field, out);
			FZ_CHECK(x->rev == y->rev && x->hlc == y->hlc && strcmp(x->device, y->device) == 0,
			         "entry \"%s\": %" PRId64 ",%" PRIu64 ",%s became %" PRId64 ",%" PRIu64 ",%s", x->field,
			         x->rev, x->hlc, x->device, y->rev, y->hlc, y->device);
			FZ_CHECK(meta_find(&a, x->field) == x, "duplicate entry \"%s\"", x->field);
		}
		free(out);
	}
	meta_free(&a);
	meta_free(&b);
	free(text);
	return 0;
}
