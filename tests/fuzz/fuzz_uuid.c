/* fuzz_uuid: lk_uuid_parse on any text; what parses formats back to the same text, lower-cased. */
#include <ctype.h>

#include "fuzz.h"
#include "lk_uuid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_text(data, size), out[LK_UUID_STRLEN];
	lk_uuid u, v;
	if (lk_uuid_parse(&u, text) == 0) {
		lk_uuid_format(&u, out);
		FZ_CHECK(strlen(text) == 36, "parsed %zu characters", strlen(text));
		for (int i = 0; i < 36; i++)
			FZ_CHECK(out[i] == tolower((unsigned char)text[i]), "\"%s\" formats as \"%s\"", text, out);
		FZ_CHECK(lk_uuid_parse(&v, out) == 0 && memcmp(&u, &v, sizeof u) == 0, "\"%s\" does not parse back", out);
	}
	free(text);
	return 0;
}
