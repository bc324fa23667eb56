/* lk_wire: encode and decode the protobuf Request/Reply envelopes with size checks. */
#ifndef LK_WIRE_H
#define LK_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "lokmin.pb-c.h"

#define LK_PROTOCOL_VERSION 1
/* Default bound for one message; both sides enforce it in ZeroMQ (MAXMSGSIZE). */
#define LK_MAX_MSG_DEFAULT (4 * 1024 * 1024)
/* The largest max_msg_size a server may be configured with; the codec refuses more. */
#define LK_MAX_MSG_HARD (64 * 1024 * 1024)

/* Decode a request; NULL when the bytes are not a valid Request. Free with lk_request_free. */
Lokmin__Request *lk_request_decode(const uint8_t *buf, size_t len);
void lk_request_free(Lokmin__Request *r);
/* Encode into a malloc'd buffer the caller frees; 0 or -LK_ENOMEM. */
int lk_request_encode(const Lokmin__Request *r, uint8_t **out, size_t *len)
	__attribute__((warn_unused_result));

Lokmin__Reply *lk_reply_decode(const uint8_t *buf, size_t len);
void lk_reply_free(Lokmin__Reply *r);
int lk_reply_encode(const Lokmin__Reply *r, uint8_t **out, size_t *len)
	__attribute__((warn_unused_result));

/* Encode an error reply for request id with code (positive or negated) and an
 * optional detail message (NULL = the table's default). */
int lk_reply_encode_error(uint64_t id, int code, const char *message, uint8_t **out, size_t *len)
	__attribute__((warn_unused_result));

/* Find the id (field 2) in encoded Request bytes without decoding the rest,
 * so even a refused request can be answered under its own id; when field 2
 * repeats, the last one counts, as in protobuf decoding. 0 or -1. */
int lk_wire_peek_id(const uint8_t *buf, size_t len, uint64_t *id);

/* Short name of the request's body ("ping", "enroll", ...) or "none"; static storage. */
const char *lk_request_type(const Lokmin__Request *r);

/* Role names as used on the command line and in the database. */
const char *lk_role_name(Lokmin__Role role);
/* Parse "puskesmas", "kecamatan", "dinkes", "admin"; ROLE_UNSPECIFIED if unknown. */
Lokmin__Role lk_role_parse(const char *s);

#endif
