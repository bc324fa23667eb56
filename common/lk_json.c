/* lk_json: canonical one-line JSON for synced records, identical on client and server. */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lk_error.h"
#include "lk_json.h"

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when p does not start one.
 * Overlong forms, surrogates and code points past U+10FFFF are invalid. */
static size_t s_utf8_len(const unsigned char *p)
{
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

void lk_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	fputc('"', f);
	while (*p) {
		size_t n = s_utf8_len(p);
		if (n == 0) {
			fputs("\\ufffd", f);
			p++;
			continue;
		}
		if (n > 1) {
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
		p++;
	}
	fputc('"', f);
}

static void s_double(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.17g", v);
	else
		fputs("null", f);
}

int lk_record_json(FILE *f, const struct lk_entity *e, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	if (d != e->desc)
		return -LK_EINVAL;
	fputs("{\"entity\":", f);
	lk_json_string(f, e->name);
	/* protoc-c lists a message's fields in field-number order, the same on both sides. */
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *fd = &d->fields[i];
		const char *p = (const char *)m + fd->offset;
		if (fd->label == PROTOBUF_C_LABEL_REPEATED)
			continue; /* records have no repeated fields; never guess a format for one */
		fputc(',', f);
		lk_json_string(f, fd->name);
		fputc(':', f);
		switch (fd->type) {
		case PROTOBUF_C_TYPE_STRING:
			lk_json_string(f, *(char *const *)p);
			break;
		case PROTOBUF_C_TYPE_BOOL:
			fputs(*(const protobuf_c_boolean *)p ? "true" : "false", f);
			break;
		case PROTOBUF_C_TYPE_INT32:
		case PROTOBUF_C_TYPE_SINT32:
		case PROTOBUF_C_TYPE_SFIXED32:
		case PROTOBUF_C_TYPE_ENUM:
			fprintf(f, "%" PRId32, *(const int32_t *)p);
			break;
		case PROTOBUF_C_TYPE_UINT32:
		case PROTOBUF_C_TYPE_FIXED32:
			fprintf(f, "%" PRIu32, *(const uint32_t *)p);
			break;
		case PROTOBUF_C_TYPE_INT64:
		case PROTOBUF_C_TYPE_SINT64:
		case PROTOBUF_C_TYPE_SFIXED64:
			fprintf(f, "%" PRId64, *(const int64_t *)p);
			break;
		case PROTOBUF_C_TYPE_UINT64:
		case PROTOBUF_C_TYPE_FIXED64:
			fprintf(f, "%" PRIu64, *(const uint64_t *)p);
			break;
		case PROTOBUF_C_TYPE_DOUBLE:
			s_double(f, *(const double *)p);
			break;
		case PROTOBUF_C_TYPE_FLOAT:
			s_double(f, *(const float *)p);
			break;
		default:
			fputs("null", f); /* bytes and nested messages do not occur in records */
		}
	}
	fputs("}\n", f);
	return ferror(f) ? -LK_EIO : 0;
}
