/* fuzz_reply: the client's reply decode and what lk_conn_call and the sync engine read from a reply. */
#include <inttypes.h>

#include "fuzz.h"
#include "lk_wire.h"

/* What the client reads of each body: every string is dereferenced, every array walked. */
static size_t s_walk(const Lokmin__Reply *r)
{
	size_t n = strlen(r->error_name) + strlen(r->message);
	switch (r->body_case) {
	case LOKMIN__REPLY__BODY_PUSH:
		for (size_t i = 0; i < r->push->n_results; i++)
			n += strlen(r->push->results[i]->op_id) + strlen(r->push->results[i]->message);
		break;
	case LOKMIN__REPLY__BODY_PULL:
		for (size_t i = 0; i < r->pull->n_changes; i++)
			n += strlen(r->pull->changes[i]->entity) + r->pull->changes[i]->record.len;
		if (r->pull->snapshot)
			n += strlen(r->pull->snapshot->after_id);
		break;
	case LOKMIN__REPLY__BODY_WHOAMI:
		n += strlen(r->whoami->device_id) + strlen(r->whoami->scope_code) + strlen(r->whoami->scope_name);
		if (r->whoami->scope)
			n += strlen(r->whoami->scope->kabupaten) + strlen(r->whoami->scope->puskesmas);
		break;
	case LOKMIN__REPLY__BODY_ENROLL:
		n += strlen(r->enroll->device_id) + strlen(r->enroll->scope_code);
		break;
	case LOKMIN__REPLY__BODY_ORG_SHOW:
		if (r->org_show->unit)
			n += strlen(r->org_show->unit->code) + strlen(r->org_show->unit->name);
		for (size_t i = 0; i < r->org_show->n_children; i++)
			n += strlen(r->org_show->children[i]->code) + strlen(r->org_show->children[i]->parent_code);
		break;
	case LOKMIN__REPLY__BODY_CATALOGUE:
		for (size_t i = 0; i < r->catalogue->n_indicators; i++)
			n += strlen(r->catalogue->indicators[i]->code) + strlen(r->catalogue->indicators[i]->unit);
		break;
	case LOKMIN__REPLY__BODY_BLOB_GET:
		n += r->blob_get->data.len;
		break;
	default:
		break;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Lokmin__Reply *r = lk_reply_decode(data, size);
	if (r == NULL)
		return 0;
	char msg[512];
	/* lk_conn_call and the sync engine's s_recv on a refusal. */
	if (r->status != 0)
		snprintf(msg, sizeof msg, "%s: %s", r->error_name, r->message);
	FZ_CHECK(s_walk(r) < SIZE_MAX, "walk");
	/* The sync engine counts bytes in with the packed size (client/engine/sync.c s_recv). */
	(void)lokmin__reply__get_packed_size(r);

	lk_reply_free(r);
	return 0;
}
