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

	/* The worker never re-encodes a request: protobuf-c keeps unknown fields and
	 * writes a field number 0 it accepted in a long varint as one it refuses. */
	(void)lokmin__request__get_packed_size(r);
	lk_request_free(r);
	return 0;
}
