/* fuzz_seeds: write valid protobuf inputs (requests, replies, records, pushes, pages) as fuzz seeds. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lk_entity.h"
#include "lk_wire.h"

static const char *s_dir;
static const char *const s_targets[] = {"request", "reply", "record", "push", "pull", "meta", "csv",
                                        "capaian", "date", "config", "enroll", "json", "uuid"};

static void s_write(const char *target, int n, uint8_t prefix, int with_prefix, const uint8_t *buf, size_t len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s/gen%03d", s_dir, target, n);
	FILE *f = fopen(path, "wb");
	if (f == NULL || (with_prefix && fputc(prefix, f) == EOF) || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* A record of e whose every field holds a plausible value of its kind. */
static ProtobufCMessage *s_record(const struct lk_entity *e)
{
	ProtobufCMessage *m = lk_record_new(e);
	char id[37];
	int bad = lk_record_set(m, "kabupaten", "3201") || lk_record_set(m, "kecamatan", "320101") ||
	          lk_record_set(m, "puskesmas", "P3201010001") || lk_record_set(m, "hlc", "1234567") ||
	          lk_record_set(m, "id", "0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6071");
	for (size_t i = 0; i < e->nfields; i++) {
		const struct lk_field *f = &e->fields[i];
		static const char *by_kind[] = {"teks", "catatan panjang", "1", "1", "2.5", "2024-03-05",
		                                "2024-03-05T08:00:00Z", "0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6072", "abcdef"};
		const char *v = f->choices ? f->choices[0] : by_kind[f->kind];
		if (!strcmp(f->name, "year"))
			v = "2024";
		bad = bad || lk_record_set(m, f->name, v);
	}
	if (bad || (lk_natural_id(e, m, id) == 0 && lk_record_set(m, "id", id) != 0)) {
		fprintf(stderr, "cannot make a %s record\n", e->name);
		exit(1);
	}
	return m;
}

static void s_request(int n, Lokmin__Request *r, uint64_t id)
{
	uint8_t *buf;
	size_t len;
	r->version = LK_PROTOCOL_VERSION;
	r->id = id;
	if (lk_request_encode(r, &buf, &len) != 0)
		exit(1);
	s_write("request", n, 0, 0, buf, len);
	free(buf);
}

static void s_reply(int n, Lokmin__Reply *r)
{
	uint8_t *buf;
	size_t len;
	r->version = LK_PROTOCOL_VERSION;
	r->id = 42;
	if (lk_reply_encode(r, &buf, &len) != 0)
		exit(1);
	s_write("reply", n, 0, 0, buf, len);
	free(buf);
}

int main(int argc, char **argv)
{
	char path[1024];
	if (argc != 2)
		return 2;
	s_dir = argv[1];
	mkdir(s_dir, 0755);
	for (size_t i = 0; i < sizeof s_targets / sizeof *s_targets; i++) {
		snprintf(path, sizeof path, "%s/%s", s_dir, s_targets[i]);
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return 1;
	}
	Lokmin__Change *chg[LK_MAX_ENTITIES], chgv[LK_MAX_ENTITIES];
	uint8_t *recbuf[LK_MAX_ENTITIES];
	for (size_t i = 0; i < lk_entities_count; i++) {
		const struct lk_entity *e = &lk_entities[i];
		ProtobufCMessage *m = s_record(e);
		size_t len;
		if (lk_record_encode(m, &recbuf[i], &len) != 0)
			return 1;
		s_write("record", (int)i, (uint8_t)i, 1, recbuf[i], len);
		s_write("json", (int)i, (uint8_t)i, 1, recbuf[i], len);
		/* A push of one op naming every field, as a puskesmas device (prefix 0). */
		Lokmin__Op op = LOKMIN__OP__INIT, *ops[1] = {&op};
		Lokmin__PushRequest pr = LOKMIN__PUSH_REQUEST__INIT;
		char *fields[64];
		for (size_t k = 0; k < e->nfields; k++)
			fields[k] = (char *)e->fields[k].name;
		op.op_id = "0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6099";
		op.entity = (char *)e->name;
		op.record_id = (char *)lk_record_id(m);
		op.hlc = 1234567;
		op.fields = fields;
		op.n_fields = e->nfields;
		op.record.data = recbuf[i];
		op.record.len = len;
		pr.ops = ops;
		pr.n_ops = 1;
		uint8_t pbuf[65536];
		size_t plen = lokmin__push_request__pack(&pr, pbuf);
		s_write("push", (int)i, (uint8_t)i, 1, pbuf, plen);
		lokmin__change__init(&chgv[i]);
		chgv[i].seq = i + 1;
		chgv[i].entity = (char *)e->name;
		chgv[i].record.data = recbuf[i];
		chgv[i].record.len = len;
		chg[i] = &chgv[i];
		lk_record_free(m);
	}
	/* Pull pages: every entity in one log page, then the same as a snapshot page. */
	Lokmin__PullReply pull = LOKMIN__PULL_REPLY__INIT;
	Lokmin__SnapshotState snap = LOKMIN__SNAPSHOT_STATE__INIT;
	static uint8_t big[1 << 20];
	pull.changes = chg;
	pull.n_changes = lk_entities_count;
	pull.cursor = lk_entities_count;
	s_write("pull", 0, 0, 0, big, lokmin__pull_reply__pack(&pull, big));
	snap.head = 9;
	snap.entity_index = 3;
	snap.after_id = "0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6071";
	pull.snapshot = &snap;
	pull.more = 1;
	s_write("pull", 1, 0, 0, big, lokmin__pull_reply__pack(&pull, big));

	/* Requests of every kind. */
	Lokmin__Request rq = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	ping.payload.data = (uint8_t *)"hello";
	ping.payload.len = 5;
	rq.body_case = LOKMIN__REQUEST__BODY_PING;
	rq.ping = &ping;
	s_request(0, &rq, 7);
	Lokmin__EnrollRequest en = LOKMIN__ENROLL_REQUEST__INIT;
	en.token = "0123456789abcdef0123456789abcdef";
	en.expect_role = LOKMIN__ROLE__ROLE_PUSKESMAS;
	en.device_name = "laptop";
	rq.body_case = LOKMIN__REQUEST__BODY_ENROLL;
	rq.enroll = &en;
	s_request(1, &rq, 1ull << 40);
	Lokmin__PullRequest pq = LOKMIN__PULL_REQUEST__INIT;
	pq.cursor = 12;
	pq.limit = 500;
	pq.snapshot = &snap;
	rq.body_case = LOKMIN__REQUEST__BODY_PULL;
	rq.pull = &pq;
	s_request(2, &rq, 3);
	Lokmin__OrgShowRequest os = LOKMIN__ORG_SHOW_REQUEST__INIT;
	os.code = "320101";
	rq.body_case = LOKMIN__REQUEST__BODY_ORG_SHOW;
	rq.org_show = &os;
	s_request(3, &rq, 0);

	/* Replies: an error, a pong, a page, push results and a catalogue. */
	Lokmin__Reply rp = LOKMIN__REPLY__INIT;
	uint8_t *buf;
	size_t len;
	if (lk_reply_encode_error(9, 5, "bad", &buf, &len) != 0)
		return 1;
	s_write("reply", 0, 0, 0, buf, len);
	free(buf);
	Lokmin__PingReply pong = LOKMIN__PING_REPLY__INIT;
	rp.body_case = LOKMIN__REPLY__BODY_PING;
	rp.ping = &pong;
	s_reply(1, &rp);
	rp.body_case = LOKMIN__REPLY__BODY_PULL;
	rp.pull = &pull;
	s_reply(2, &rp);
	Lokmin__OpResult res = LOKMIN__OP_RESULT__INIT, *resp[1] = {&res};
	Lokmin__PushReply push = LOKMIN__PUSH_REPLY__INIT;
	res.op_id = "0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6099";
	res.rev = 2;
	push.results = resp;
	push.n_results = 1;
	rp.body_case = LOKMIN__REPLY__BODY_PUSH;
	rp.push = &push;
	s_reply(3, &rp);
	Lokmin__Indicator ind = LOKMIN__INDICATOR__INIT, *inds[1] = {&ind};
	Lokmin__CatalogueReply cat = LOKMIN__CATALOGUE_REPLY__INIT;
	ind.code = "KIA-K1";
	ind.unit = "persen";
	ind.default_annual_target = 95;
	cat.digest = "abc";
	cat.indicators = inds;
	cat.n_indicators = 1;
	rp.body_case = LOKMIN__REPLY__BODY_CATALOGUE;
	rp.catalogue = &cat;
	s_reply(4, &rp);
	for (size_t i = 0; i < lk_entities_count; i++)
		free(recbuf[i]);
	return 0;
}
