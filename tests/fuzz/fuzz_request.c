/* fuzz_request: the server's request decode path: the broker's id peek and the worker's full decode must agree. */
#include <inttypes.h>

#include "fuzz.h"
#include "lk_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t peeked = 0;
	int peek_rc = lk_wire_peek_id(data, size, &peeked);
	Lokmin__Request *r = lk_request_decode(data, size);
	if (r == NULL)
		return 0;
	/* The broker answers a refused request under the peeked id; the worker
	 * under the decoded one. Protobuf keeps the last occurrence of a field. */
	if (peek_rc == 0)
		FZ_CHECK(peeked == r->id, "peek gave id %" PRIu64 ", decode gave %" PRIu64, peeked, r->id);
	else
		FZ_CHECK(r->id == 0, "peek found no id, decode gave %" PRIu64, r->id);
	(void)lk_request_type(r);

	/* What decodes re-encodes to bytes that decode to the same request. */
	uint8_t *buf;
	size_t len;
	FZ_CHECK(lk_request_encode(r, &buf, &len) == 0, "encode failed");
	Lokmin__Request *again = len ? lk_request_decode(buf, len) : NULL;
	if (len) {
		FZ_CHECK(again != NULL, "a decoded request does not decode after re-encoding (%zu bytes)", len);
		FZ_CHECK(again->id == r->id && again->version == r->version && again->body_case == r->body_case,
		         "re-encoded request differs");
		uint64_t id2 = 0;
		FZ_CHECK(lk_wire_peek_id(buf, len, &id2) == 0 ? id2 == r->id : r->id == 0,
		         "peek of the re-encoded request gave %" PRIu64 ", want %" PRIu64, id2, r->id);
	}
	lk_request_free(again);
	free(buf);
	lk_request_free(r);
	return 0;
}
