/* lk_wire: encode and decode the protobuf Request/Reply envelopes with size checks. */
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_wire.h"

Lokmin__Request *lk_request_decode(const uint8_t *buf, size_t len)
{
	if (buf == NULL || len == 0 || len > LK_MAX_MSG_HARD)
		return NULL;
	return lokmin__request__unpack(NULL, len, buf);
}

void lk_request_free(Lokmin__Request *r)
{
	if (r)
		lokmin__request__free_unpacked(r, NULL);
}

int lk_request_encode(const Lokmin__Request *r, uint8_t **out, size_t *len)
{
	size_t n = lokmin__request__get_packed_size(r);
	uint8_t *buf = malloc(n ? n : 1);
	if (buf == NULL)
		return -LK_ENOMEM;
	*len = lokmin__request__pack(r, buf);
	*out = buf;
	return 0;
}

Lokmin__Reply *lk_reply_decode(const uint8_t *buf, size_t len)
{
	if (buf == NULL || len > LK_MAX_MSG_HARD)
		return NULL;
	/* An all-default Reply encodes to zero bytes; protobuf-c accepts that. */
	return lokmin__reply__unpack(NULL, len, buf ? buf : (const uint8_t *)"");
}

void lk_reply_free(Lokmin__Reply *r)
{
	if (r)
		lokmin__reply__free_unpacked(r, NULL);
}

int lk_reply_encode(const Lokmin__Reply *r, uint8_t **out, size_t *len)
{
	size_t n = lokmin__reply__get_packed_size(r);
	uint8_t *buf = malloc(n ? n : 1);
	if (buf == NULL)
		return -LK_ENOMEM;
	*len = lokmin__reply__pack(r, buf);
	*out = buf;
	return 0;
}

int lk_reply_encode_error(uint64_t id, int code, const char *message, uint8_t **out, size_t *len)
{
	Lokmin__Reply rep = LOKMIN__REPLY__INIT;
	if (code < 0)
		code = -code;
	rep.version = LK_PROTOCOL_VERSION;
	rep.id = id;
	rep.status = (uint32_t)code;
	rep.error_name = (char *)lk_error_name(code);
	rep.message = (char *)(message ? message : lk_strerror(code));
	return lk_reply_encode(&rep, out, len);
}

static int s_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64 && *p < end; shift += 7) {
		uint8_t b = *(*p)++;
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

int lk_wire_peek_id(const uint8_t *buf, size_t len, uint64_t *id)
{
	const uint8_t *p = buf, *end = buf + len;
	uint64_t key, v;
	int found = 0;
	/* Read to the end: protobuf keeps the last of repeated occurrences, and
	 * the id answered here must be the one the decoder would see. */
	while (p < end) {
		if (s_varint(&p, end, &key) != 0)
			return found ? 0 : -1;
		switch (key & 7) {
		case 0:
			if (s_varint(&p, end, &v) != 0)
				return found ? 0 : -1;
			if (key >> 3 == 2) {
				*id = v;
				found = 1;
			}
			break;
		case 1:
			if ((size_t)(end - p) < 8)
				return found ? 0 : -1;
			p += 8;
			break;
		case 2:
			if (s_varint(&p, end, &v) != 0 || v > (uint64_t)(end - p))
				return found ? 0 : -1;
			p += v;
			break;
		case 5:
			if ((size_t)(end - p) < 4)
				return found ? 0 : -1;
			p += 4;
			break;
		default:
			return found ? 0 : -1;
		}
	}
	return found ? 0 : -1;
}

const char *lk_request_type(const Lokmin__Request *r)
{
	if (r == NULL)
		return "invalid";
	switch (r->body_case) {
	case LOKMIN__REQUEST__BODY_PING:
		return "ping";
	case LOKMIN__REQUEST__BODY_ENROLL:
		return "enroll";
	case LOKMIN__REQUEST__BODY_WHOAMI:
		return "whoami";
	case LOKMIN__REQUEST__BODY_ORG_SHOW:
		return "org_show";
	case LOKMIN__REQUEST__BODY_TOKEN_ISSUE:
		return "token_issue";
	case LOKMIN__REQUEST__BODY_PUSH:
		return "push";
	case LOKMIN__REQUEST__BODY_PULL:
		return "pull";
	case LOKMIN__REQUEST__BODY_BLOB_PUT:
		return "blob_put";
	case LOKMIN__REQUEST__BODY_BLOB_GET:
		return "blob_get";
	case LOKMIN__REQUEST__BODY_CATALOGUE:
		return "catalogue";
	default:
		return "none";
	}
}

static const char *s_roles[] = {
	[LOKMIN__ROLE__ROLE_UNSPECIFIED] = "unspecified", [LOKMIN__ROLE__ROLE_PUSKESMAS] = "puskesmas",
	[LOKMIN__ROLE__ROLE_KECAMATAN] = "kecamatan",     [LOKMIN__ROLE__ROLE_DINKES] = "dinkes",
	[LOKMIN__ROLE__ROLE_ADMIN] = "admin",
};

const char *lk_role_name(Lokmin__Role role)
{
	if ((unsigned)role >= sizeof s_roles / sizeof s_roles[0])
		return "unspecified";
	return s_roles[role];
}

Lokmin__Role lk_role_parse(const char *s)
{
	for (unsigned i = 1; s && i < sizeof s_roles / sizeof s_roles[0]; i++)
		if (strcmp(s, s_roles[i]) == 0)
			return (Lokmin__Role)i;
	return LOKMIN__ROLE__ROLE_UNSPECIFIED;
}
