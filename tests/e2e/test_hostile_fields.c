/* test_hostile_fields: hostile values in every field of every entity are refused or stored canonically, and new devices still bootstrap. */
#include "hostile.h"

static struct lkt_server s_srv;

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(hostile_fields, .init = s_setup, .fini = s_teardown, .timeout = 600);

static char s_meeting_id[LK_UUID_STRLEN];

/* A plausible value for field f, so that a record is valid apart from the hostile field. */
static const char *s_plain(const struct lkt_dev *d, const struct lk_field *f)
{
	static const struct {
		const char *name, *value;
	} named[] = {
		{"code", "KORAMIL"},    {"indicator_code", "SPM_01_BUMIL"}, {"desa", ""},   {"root_causes", "man: staff"},
		{"owner_entity", "meeting"}, {"programme", "KIA"},       {"month", "3"},  {"period", "3"},
		{"year", "2026"},       {"revision", "1"},                  {"size", "10"}, {"hash", "ab"},
		{"letter_number_pattern", "440/{seq}/{romawi}/{yyyy}"},
	};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (!strcmp(f->name, named[i].name))
			return strcmp(f->name, "hash") ? named[i].value
			                               : "abababababababababababababababababababababababababababababababab";
	if (!strcmp(f->name, "owner_puskesmas"))
		return d->pusk;
	if (f->choices)
		return f->choices[0];
	switch (f->kind) {
	case LK_F_TEXT:
	case LK_F_NARRATIVE:
		return "teks";
	case LK_F_INT:
		return "3";
	case LK_F_REAL:
		return "1";
	case LK_F_BOOL:
		return "0";
	case LK_F_DATE:
		return "2026-03-03";
	case LK_F_TIME:
		return "2026-03-03T08:00:00Z";
	case LK_F_UUID:
		return (f->flags & LK_FF_REQUIRED) ? s_meeting_id : "";
	default:
		return "";
	}
}

static ProtobufCMessage *s_base(const struct lkt_dev *d, const struct lk_entity *e, const char *skip)
{
	ProtobufCMessage *m = lkt_record(d, e->name);
	char id[LK_UUID_STRLEN];
	for (size_t i = 0; i < e->nfields; i++)
		if (skip == NULL || strcmp(e->fields[i].name, skip))
			cr_assert_eq(lk_record_set(m, e->fields[i].name, s_plain(d, &e->fields[i])), 0, "%s.%s", e->name,
			             e->fields[i].name);
	/* Unsigned minutes are not submitted (a server rule): leave them a draft, so the hostile value is judged. */
	if (!strcmp(e->name, "minutes"))
		cr_assert_eq(lk_record_set(m, "submitted_at", ""), 0);
	if (lk_natural_id(e, m, id) == 0)
		cr_assert_eq(lk_record_set(m, "id", id), 0);
	return m;
}

/* One hostile encoding of a field: raw bytes after the key, and what must happen. */
struct hval {
	const char *what;
	uint8_t bytes[32];
	size_t len;
	int must_refuse;
};

static size_t s_varint(uint8_t *out, uint64_t v)
{
	size_t n = 0;
	do {
		out[n] = (uint8_t)(v & 0x7f);
		v >>= 7;
		if (v)
			out[n] |= 0x80;
		n++;
	} while (v);
	return n;
}

/* Push rec with field fd spliced in as wire type wt and the given payload. */
static struct hres s_push_field(struct lkt_dev *d, const ProtobufCMessage *rec, const ProtobufCFieldDescriptor *fd,
                                int wt, const uint8_t *payload, size_t plen)
{
	size_t n = 0;
	uint8_t *extra = malloc(plen + 32);
	n += s_varint(extra, ((uint64_t)fd->id << 3) | (uint64_t)wt);
	if (wt == 2)
		n += s_varint(extra + n, plen);
	memcpy(extra + n, payload, plen);
	n += plen;
	struct hres r = h_push_rec(d, rec, extra, n, 0);
	free(extra);
	return r;
}

static int s_applied, s_refused;

static void s_expect(struct hres r, int must_refuse, const char *entity, const char *field, const char *what)
{
	cr_assert(r.valid_utf8, "%s.%s %s: reply not UTF-8", entity, field, what);
	cr_assert_neq(r.error, LK_EINTERNAL, "%s.%s %s: %s", entity, field, what, r.message);
	if (r.status == LOKMIN__OP_STATUS__OP_APPLIED)
		s_applied++;
	else
		s_refused++;
	if (must_refuse)
		cr_assert_eq(r.status, LOKMIN__OP_STATUS__OP_REJECTED, "%s.%s %s was accepted", entity, field, what);
}

static void s_string_attacks(struct lkt_dev *d, const struct lk_entity *e, const struct lk_field *f,
                             const ProtobufCFieldDescriptor *fd)
{
	int max = f->maxlen ? f->maxlen : f->kind == LK_F_NARRATIVE ? 20000 : 500;
	char *longer = malloc((size_t)max + 2);
	memset(longer, 'a', (size_t)max + 1);
	longer[max + 1] = '\0';
	const struct {
		const char *what, *v;
		size_t len;
		int refuse;
	} cases[] = {
		{"too long", longer, (size_t)max + 1, 1},
		{"NUL inside", "ab\0cd", 5, 1},
		{"invalid UTF-8", "ab\xff", 3, 1},
		{"overlong UTF-8", "\xc0\xaf", 2, 1},
		{"surrogate", "\xed\xa0\x80", 3, 1},
		{"cut UTF-8", "ab\xe2\x82", 4, 1},
		{"upper-case uuid", "01A20422-F687-7002-A92C-A851F11AC843", 36, f->kind == LK_F_UUID},
		{"nil uuid", "00000000-0000-0000-0000-000000000000", 36, f->kind == LK_F_UUID},
		{"lax date", "2023- 4-29", 10, f->kind == LK_F_DATE || f->kind == LK_F_UUID || f->kind == LK_F_TIME},
		{"signed date", "2024-03-+3", 10, f->kind == LK_F_DATE},
		{"no such day", "2024-02-30", 10, f->kind == LK_F_DATE},
		{"lax time", "2026-03-03T08:0:000Z", 20, f->kind == LK_F_TIME},
		{"leap second", "2026-03-03T08:00:60Z", 20, f->kind == LK_F_TIME},
		{"not a choice", "HELD", 4, f->choices != NULL},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		ProtobufCMessage *m = s_base(d, e, f->name);
		s_expect(s_push_field(d, m, fd, 2, (const uint8_t *)cases[k].v, cases[k].len), cases[k].refuse, e->name,
		         f->name, cases[k].what);
		lk_record_free(m);
	}
	free(longer);
}

static void s_number_attacks(struct lkt_dev *d, const struct lk_entity *e, const struct lk_field *f,
                             const ProtobufCFieldDescriptor *fd)
{
	uint8_t b[16];
	if (fd->type == PROTOBUF_C_TYPE_DOUBLE) {
		static const uint64_t bits[] = {0x7ff8000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
		                                0x00000000000003e9ull, 0x000000003e9a2c00ull, 0x7fefffffffffffffull,
		                                0xbff0000000000000ull, 0x8000000000000000ull};
		static const int refuse[] = {1, 1, 1, 1, 1, 0, 0, 0};
		for (size_t k = 0; k < sizeof bits / sizeof bits[0]; k++) {
			ProtobufCMessage *m = s_base(d, e, f->name);
			for (int i = 0; i < 8; i++)
				b[i] = (uint8_t)(bits[k] >> (8 * i));
			char what[40];
			snprintf(what, sizeof what, "double %016llx", (unsigned long long)bits[k]);
			s_expect(s_push_field(d, m, fd, 1, b, 8), refuse[k], e->name, f->name, what);
			lk_record_free(m);
		}
		return;
	}
	static const uint64_t vals[] = {UINT64_MAX, UINT64_C(0x7fffffffffffffff), UINT64_C(0x8000000000000000),
	                                UINT64_C(4294967297), 2, UINT64_C(2147483648)};
	for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++) {
		ProtobufCMessage *m = s_base(d, e, f->name);
		char what[40];
		snprintf(what, sizeof what, "varint %llu", (unsigned long long)vals[k]);
		s_expect(s_push_field(d, m, fd, 0, b, s_varint(b, vals[k])), 0, e->name, f->name, what);
		lk_record_free(m);
	}
	/* The wrong wire type for the field. */
	ProtobufCMessage *m = s_base(d, e, f->name);
	s_expect(s_push_field(d, m, fd, 2, (const uint8_t *)"12", 2), 1, e->name, f->name, "as a string");
	lk_record_free(m);
}

Test(hostile_fields, every_field_of_every_entity)
{
	struct lkt_dev d;
	lkt_dev(&s_srv, &d, "pkm", "puskesmas", "P3324010101");
	ProtobufCMessage *meeting = s_base(&d, lk_entity_find("meeting"), NULL);
	lk_strlcpy(s_meeting_id, lk_record_id(meeting), sizeof s_meeting_id);
	cr_assert_eq(h_push_rec(&d, meeting, NULL, 0, 0).status, LOKMIN__OP_STATUS__OP_APPLIED);
	lk_record_free(meeting);
	int bases = 0;
	for (size_t i = 0; i < lk_entities_count; i++) {
		const struct lk_entity *e = &lk_entities[i];
		ProtobufCMessage *m = s_base(&d, e, NULL);
		struct hres r = h_push_rec(&d, m, NULL, 0, 0);
		cr_assert(r.valid_utf8);
		bases += r.status == LOKMIN__OP_STATUS__OP_APPLIED;
		lk_record_free(m);
		for (size_t k = 0; k < e->nfields; k++) {
			const struct lk_field *f = &e->fields[k];
			const ProtobufCFieldDescriptor *fd = protobuf_c_message_descriptor_get_field_by_name(e->desc, f->name);
			cr_assert_not_null(fd);
			if (fd->type == PROTOBUF_C_TYPE_STRING)
				s_string_attacks(&d, e, f, fd);
			else
				s_number_attacks(&d, e, f, fd);
		}
	}
	cr_log_info("%d of %zu plain records applied; hostile values: %d applied canonically, %d refused", bases,
	            lk_entities_count, s_applied, s_refused);
	cr_assert_geq(bases, 8, "the plain records are mostly valid, so each hostile value is what is judged");
	cr_assert_gt(s_refused, 500);
	/* Everything stored is in the strict canonical form a client accepts... */
	cr_assert_gt(h_pull_all_strict(&d), bases);
	/* ...and new devices of every level bootstrap from it. */
	h_new_device_syncs(&s_srv, "pkm-new", "puskesmas", "P3324010101");
	h_new_device_syncs(&s_srv, "kec-new", "kecamatan", "332401");
	h_new_device_syncs(&s_srv, "dinkes-new", "dinkes", "3324");
	lk_conn_destroy(&d.c);
}
