/* fuzz_seal: lk_seal_parse on any bytes; what parses is a well-formed seal that rebuilds to the same fields. */
#include "fuzz.h"
#include "lk_seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lk_seal s;
	char why[200], text[LK_SEAL_MAX + 8];
	if (lk_seal_parse((const char *)data, size, &s, why, sizeof why) != 0) {
		FZ_CHECK(s.entity[0] == 0 && s.id[0] == 0 && s.sig[0] == 0, "a refused seal left fields set");
		FZ_CHECK(why[0] != 0, "refused without a reason");
		return 0;
	}
	/* Strict: the fields put back together are exactly the input. */
	int w = snprintf(text, sizeof text, "LKM1|%s|%s|%s|%s|%s", s.entity, s.id, s.sha256, s.key_id, s.sig);
	FZ_CHECK(w > 0 && (size_t)w == size && memcmp(text, data, size) == 0, "\"%.*s\" parsed but rebuilds as \"%s\"",
	         (int)size, (const char *)data, text);
	FZ_CHECK(strlen(s.sha256) == 64 && strlen(s.sig) == 128, "hex of wrong length accepted");
	return 0;
}
