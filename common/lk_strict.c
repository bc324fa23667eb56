/* lk_strict: the one gate for record bytes from elsewhere: strict wire form, valid values, canonical re-encoding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_strict.h"
#include "lk_utf8.h"

#define MAX_DEPTH 8

static int s_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 70 && *p < end; shift += 7) {
		uint8_t b = *(*p)++;
		if (shift == 63 && b > 1)
			return -1; /* more than 64 bits */
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

/* Step over one field value of wire type wt; 0 or -1. */
static int s_skip(const uint8_t **p, const uint8_t *end, unsigned wt)
{
	uint64_t v;
	switch (wt) {
	case 0:
		return s_varint(p, end, &v);
	case 1:
	case 5:
		if ((size_t)(end - *p) < (wt == 1 ? 8u : 4u))
			return -1;
		*p += wt == 1 ? 8 : 4;
		return 0;
	case 2:
		if (s_varint(p, end, &v) != 0 || v > (uint64_t)(end - *p))
			return -1;
		*p += v;
		return 0;
	default:
		return -1; /* groups (3, 4) are not used by lokmin */
	}
}

/* Wire type a field of this type is encoded with. */
static int s_wire_type(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return 1;
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_FLOAT:
		return 5;
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_BYTES:
	case PROTOBUF_C_TYPE_MESSAGE:
		return 2;
	default:
		return 0;
	}
}

static int s_check(const ProtobufCMessageDescriptor *d, const uint8_t *buf, size_t len, int flags, int depth,
                   char *err, size_t errlen)
{
	/* An empty record may come as a NULL pointer: no offset is applied to it. */
	const uint8_t *p = buf, *end = len ? buf + len : buf;
	unsigned char seen[256] = {0}; /* singular fields met so far, by descriptor index */

	if (depth > MAX_DEPTH) {
		snprintf(err, errlen, "%s: nested too deeply", d->short_name);
		return -LK_EINVAL;
	}
	while (p < end) {
		uint64_t key, v;
		if (s_varint(&p, end, &key) != 0 || key > UINT32_MAX) {
			snprintf(err, errlen, "%s: malformed field key", d->short_name);
			return -LK_EINVAL;
		}
		unsigned num = (unsigned)(key >> 3), wt = (unsigned)(key & 7);
		const ProtobufCFieldDescriptor *fd = num ? protobuf_c_message_descriptor_get_field(d, num) : NULL;
		if (fd == NULL && (num == 0 || !(flags & LK_STRICT_UNKNOWN_OK))) {
			snprintf(err, errlen, "%s: unknown field %u", d->short_name, num);
			return -LK_EINVAL;
		}
		if (fd == NULL) {
			if (s_skip(&p, end, wt) != 0)
				goto truncated;
			continue;
		}
		int want = s_wire_type(fd->type);
		int packed = fd->label == PROTOBUF_C_LABEL_REPEATED && want != 2 && wt == 2;
		if ((int)wt != want && !packed) {
			snprintf(err, errlen, "%s.%s: wire type %u where %d is declared", d->short_name, fd->name, wt, want);
			return -LK_EINVAL;
		}
		size_t idx = (size_t)(fd - d->fields);
		if (fd->label != PROTOBUF_C_LABEL_REPEATED) {
			if (idx < sizeof seen && seen[idx]) {
				snprintf(err, errlen, "%s.%s: appears twice", d->short_name, fd->name);
				return -LK_EINVAL;
			}
			if (idx < sizeof seen)
				seen[idx] = 1;
		}
		switch (wt) {
		case 0:
			if (s_varint(&p, end, &v) != 0)
				goto truncated;
			break;
		case 1:
		case 5:
			if ((size_t)(end - p) < (wt == 1 ? 8u : 4u))
				goto truncated;
			p += wt == 1 ? 8 : 4;
			break;
		case 2:
			if (s_varint(&p, end, &v) != 0 || v > (uint64_t)(end - p))
				goto truncated;
			if (fd->type == PROTOBUF_C_TYPE_STRING && !lk_utf8_valid((const char *)p, (size_t)v)) {
				snprintf(err, errlen, "%s.%s: not valid UTF-8 text (or holds a NUL byte)", d->short_name,
				         fd->name);
				return -LK_EINVAL;
			}
			if (fd->type == PROTOBUF_C_TYPE_MESSAGE &&
			    s_check(fd->descriptor, p, (size_t)v, flags, depth + 1, err, errlen) != 0)
				return -LK_EINVAL;
			p += v;
			break;
		default:
			goto truncated;
		}
	}
	return 0;
truncated:
	snprintf(err, errlen, "%s: truncated or malformed field", d->short_name);
	return -LK_EINVAL;
}

int lk_wire_strict(const ProtobufCMessageDescriptor *d, const uint8_t *buf, size_t len, int flags, char *err,
                   size_t errlen)
{
	if (len > 0 && buf == NULL) {
		snprintf(err, errlen, "no bytes");
		return -LK_EINVAL;
	}
	return s_check(d, buf, len, flags, 0, err, errlen);
}

int lk_record_roundtrips(const struct lk_entity *e, const ProtobufCMessage *m, char *err, size_t errlen)
{
	ProtobufCMessage *fresh = lk_record_new(e);
	int ok = fresh != NULL;
	if (!ok)
		snprintf(err, errlen, "out of memory");
	for (unsigned i = 0; ok && i < e->desc->n_fields; i++) {
		const ProtobufCFieldDescriptor *fd = &e->desc->fields[i];
		/* Strings are copied, integers and booleans printed in decimal and read
		 * back with the same range: those read back as themselves by
		 * construction, and a push has many of them. */
		if (fd->type == PROTOBUF_C_TYPE_STRING || fd->type == PROTOBUF_C_TYPE_INT32 ||
		    fd->type == PROTOBUF_C_TYPE_INT64 || fd->type == PROTOBUF_C_TYPE_UINT64 ||
		    fd->type == PROTOBUF_C_TYPE_BOOL)
			continue;
		char *a = lk_record_get(m, fd->name), *b = NULL;
		if (a == NULL)
			continue; /* a kind lk_record_get does not handle is never a record field */
		ok = lk_record_set(fresh, fd->name, a) == 0 && (b = lk_record_get(fresh, fd->name)) != NULL &&
		     strcmp(a, b) == 0;
		if (ok && fd->type == PROTOBUF_C_TYPE_DOUBLE)
			ok = memcmp((const char *)m + fd->offset, (const char *)fresh + fd->offset, sizeof(double)) == 0;
		if (!ok)
			snprintf(err, errlen, "%s: \"%.40s\" does not read back as itself", fd->name, a);
		free(a);
		free(b);
	}
	lk_record_free(fresh);
	return ok;
}

int lk_record_accept(const struct lk_entity *e, const uint8_t *buf, size_t len, int flags, ProtobufCMessage **out,
                     char *err, size_t errlen)
{
	ProtobufCMessage *m = NULL, *canon = NULL;
	uint8_t *enc = NULL, *enc2 = NULL;
	size_t n = 0, n2 = 0;
	int rc = -LK_EINVAL;

	*out = NULL;
	if (errlen)
		err[0] = '\0';
	if (lk_wire_strict(e->desc, buf, len, flags, err, errlen) != 0)
		return -LK_EINVAL;
	if ((m = lk_record_decode(e, buf, len)) == NULL) {
		snprintf(err, errlen, "not a valid %s record", e->name);
		goto out;
	}
	if (lk_record_validate(e, m, err, errlen) != 0 || !lk_record_roundtrips(e, m, err, errlen))
		goto out;
	/* The canonical form: what protobuf-c writes for the decoded values; it
	 * must decode to a record that encodes to the very same bytes. When those
	 * are the bytes received, m is that record already (decoding is a function
	 * of the bytes), checked above: the usual case, with nothing more to do. */
	if (lk_record_encode(m, &enc, &n) != 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (n == len && memcmp(enc, buf, len) == 0) {
		*out = m;
		m = NULL;
		rc = 0;
		goto out;
	}
	if ((canon = lk_record_decode(e, enc, n)) == NULL ||
	    lk_record_encode(canon, &enc2, &n2) != 0 || n != n2 || memcmp(enc, enc2, n) != 0) {
		snprintf(err, errlen, "the %s record has no stable encoding", e->name);
		goto out;
	}
	if (lk_record_validate(e, canon, err, errlen) != 0)
		goto out;
	*out = canon;
	canon = NULL;
	rc = 0;
out:
	free(enc);
	free(enc2);
	lk_record_free(m);
	lk_record_free(canon);
	return rc;
}
