/* test_blobs: attachment content against a real lokmind: who may read it, no existence oracle, uploads no one can block, quotas. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "lkt.h"
#include "lkt_cli.h"
#include "lkt_dev.h"

#define CHUNK 4096

static struct lkt_server s_srv;

static void s_start(void)
{
	cr_assert_eq(sodium_init() < 0, 0);
	cr_assert_eq(lkt_server_init(&s_srv, 4), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
}

/* Small quotas: 40 KiB of unfinished uploads and 64 KiB a day per device. */
static void s_start_quota(void)
{
	cr_assert_eq(sodium_init() < 0, 0);
	cr_assert_eq(lkt_server_init(&s_srv, 4), 0);
	snprintf(s_srv.env[6], sizeof s_srv.env[6], "LOKMIN_BLOB_PENDING_MAX=40K");
	snprintf(s_srv.env[7], sizeof s_srv.env[7], "LOKMIN_BLOB_DAILY_MAX=64K");
	s_srv.envp[6] = s_srv.env[6];
	s_srv.envp[7] = s_srv.env[7];
	s_srv.envp[8] = NULL;
	cr_assert_eq(lkt_server_start(&s_srv), 0);
}

static void s_stop(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(blobs, .init = s_start, .fini = s_stop, .timeout = 180);
TestSuite(blob_quota, .init = s_start_quota, .fini = s_stop, .timeout = 180);

static char *s_sql(const char *sql)
{
	char *v = lkt_sql_value(&s_srv.db, sql);
	cr_assert_not_null(v, "%s", sql);
	return v;
}

static void s_sql_is(const char *sql, const char *want)
{
	char *v = s_sql(sql);
	cr_assert_str_eq(v, want, "%s", sql);
	free(v);
}

/* Random content of len bytes (malloc'd) and its name. */
static uint8_t *s_content(size_t len, char hash[65])
{
	uint8_t *data = malloc(len ? len : 1), h[32];
	cr_assert_not_null(data);
	randombytes_buf(data, len);
	crypto_generichash(h, sizeof h, data, len, NULL, 0);
	lk_hex_encode(hash, h, sizeof h);
	return data;
}

/* One blob_put; the reply (caller frees) and the call's result in *rc. */
static Lokmin__Reply *s_put(struct lkt_dev *d, const char *hash, int64_t size, uint32_t index, const uint8_t *data,
                            size_t len, int *rc)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__BlobPutRequest bp = LOKMIN__BLOB_PUT_REQUEST__INIT;
	Lokmin__Reply *rep = NULL;
	bp.hash = (char *)hash;
	bp.size = size;
	bp.chunk_size = CHUNK;
	bp.index = index;
	bp.data.data = (uint8_t *)data;
	bp.data.len = len;
	req.body_case = LOKMIN__REQUEST__BODY_BLOB_PUT;
	req.blob_put = &bp;
	*rc = lk_conn_call(d->c, &req, 10000, &rep);
	cr_assert_not_null(rep, "blob_put: %s", lk_conn_error(d->c));
	return rep;
}

/* Chunk index of content (its bytes at index * CHUNK). */
static Lokmin__Reply *s_put_chunk(struct lkt_dev *d, const char *hash, const uint8_t *data, size_t len, uint32_t index,
                                  int *rc)
{
	size_t off = (size_t)index * CHUNK, n = len - off < CHUNK ? len - off : CHUNK;
	return s_put(d, hash, (int64_t)len, index, data + off, n, rc);
}

/* Upload the whole content the way lokmin does: ask, then send what is missing. Returns `complete`. */
static int s_upload(struct lkt_dev *d, const char *hash, const uint8_t *data, size_t len)
{
	int rc, complete;
	Lokmin__Reply *rep = s_put(d, hash, (int64_t)len, 0, NULL, 0, &rc);
	cr_assert_eq(rc, 0, "%s", rep->message);
	complete = rep->blob_put->complete;
	size_t n = rep->blob_put->n_missing;
	uint32_t *missing = malloc((n ? n : 1) * sizeof *missing);
	if (n > 0)
		memcpy(missing, rep->blob_put->missing, n * sizeof *missing);
	lk_reply_free(rep);
	for (size_t i = 0; i < n && !complete; i++) {
		rep = s_put_chunk(d, hash, data, len, missing[i], &rc);
		cr_assert_eq(rc, 0, "chunk %u: %s", missing[i], rep->message);
		complete = rep->blob_put->complete;
		lk_reply_free(rep);
	}
	free(missing);
	return complete;
}

static Lokmin__Reply *s_get(struct lkt_dev *d, const char *hash, uint32_t index, int *rc)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__BlobGetRequest bg = LOKMIN__BLOB_GET_REQUEST__INIT;
	Lokmin__Reply *rep = NULL;
	bg.hash = (char *)hash;
	bg.index = index;
	req.body_case = LOKMIN__REQUEST__BODY_BLOB_GET;
	req.blob_get = &bg;
	*rc = lk_conn_call(d->c, &req, 10000, &rep);
	cr_assert_not_null(rep, "blob_get: %s", lk_conn_error(d->c));
	return rep;
}

/* Download every chunk and compare with the expected content byte for byte. */
static void s_download_same(struct lkt_dev *d, const char *hash, const uint8_t *data, size_t len)
{
	size_t got = 0;
	for (uint32_t i = 0; got < len || (len == 0 && i == 0); i++) {
		int rc;
		Lokmin__Reply *rep = s_get(d, hash, i, &rc);
		cr_assert_eq(rc, 0, "%s: chunk %u: %s", d->home, i, rep->message);
		cr_assert_eq(rep->blob_get->size, (int64_t)len);
		cr_assert(got + rep->blob_get->data.len <= len);
		if (rep->blob_get->data.len > 0)
			cr_assert_eq(memcmp(rep->blob_get->data.data, data + got, rep->blob_get->data.len), 0);
		got += rep->blob_get->data.len;
		lk_reply_free(rep);
		if (len == 0)
			break;
	}
	cr_assert_eq(got, len);
}

/* The refusal a device gets for content it may not read; the same whether or not it exists. */
static void s_not_served(struct lkt_dev *d, const char *hash)
{
	char want[128];
	int rc;
	Lokmin__Reply *rep = s_get(d, hash, 0, &rc);
	cr_assert_eq(rc, -LK_ENOTFOUND, "%s read %.16s", d->home, hash);
	cr_assert_str_eq(rep->error_name, "NOT_FOUND");
	snprintf(want, sizeof want, "no attachment content %.16s... in this device's scope", hash);
	cr_assert_str_eq(rep->message, want);
	cr_assert_eq(rep->body_case, LOKMIN__REPLY__BODY__NOT_SET);
	lk_reply_free(rep);
}

/* Push an attachment record naming hash in the device's own scope; it must be applied. */
static void s_attach_record(struct lkt_dev *d, const char *hash, size_t size)
{
	ProtobufCMessage *a = lkt_record(d, "attachment");
	char owner[LK_UUID_STRLEN], sz[24];
	static const char *const fields[] = {"owner_entity", "owner_id", "hash", "size", "mime", "filename", NULL};
	snprintf(sz, sizeof sz, "%zu", size);
	cr_assert_eq(lk_record_set(a, "owner_entity", "meeting") || lk_record_set(a, "owner_id", lkt_new_id(owner)) ||
	                 lk_record_set(a, "hash", hash) || lk_record_set(a, "size", sz) ||
	                 lk_record_set(a, "mime", "image/jpeg") || lk_record_set(a, "filename", "foto.jpg"),
	             0);
	struct lkt_op o;
	lkt_op(&o, a, 0, fields);
	Lokmin__Op *ops[1] = {&o.op};
	Lokmin__Reply *rep = lkt_push(d, ops, 1, 10000);
	cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_APPLIED, "%s", rep->push->results[0]->message);
	lk_reply_free(rep);
	free(o.buf);
	lk_record_free(a);
}

/* Everything the blob tables hold, as one comparable line. */
static char *s_blob_state(void)
{
	return s_sql("SELECT (SELECT count(*) FROM blob) || '/' || (SELECT count(*) FROM blob_chunk) || '/' || "
	             "(SELECT coalesce(string_agg(hash || role || coalesce(puskesmas_code, '-'), ',' ORDER BY 1), '') "
	             "FROM blob_owner) || '/' || (SELECT count(*) FROM blob_upload) || '/' || "
	             "(SELECT coalesce(sum(bytes), 0) FROM blob_usage)");
}

Test(blobs, content_named_in_another_office_is_not_served)
{
	struct lkt_dev a1, a2, b, x, dk, cam, cam_b, dk_x;
	char hash[65], nohash[65];
	enum { LEN = 3 * CHUNK + 123 };
	lkt_dev(&s_srv, &a1, "a1", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &a2, "a2", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &b, "b", "puskesmas", "P3324020101");
	lkt_dev(&s_srv, &x, "x", "puskesmas", "P3325010101");
	lkt_dev(&s_srv, &dk, "dk", "dinkes", "3324");
	lkt_dev(&s_srv, &cam, "cam", "kecamatan", "332401");
	lkt_dev(&s_srv, &cam_b, "camb", "kecamatan", "332402");
	lkt_dev(&s_srv, &dk_x, "dkx", "dinkes", "3325");
	uint8_t *photo = s_content(LEN, hash), *other = s_content(100, nohash);
	free(other); /* nohash names content nobody uploaded */

	cr_assert(s_upload(&a1, hash, photo, LEN), "A's upload completes");
	s_attach_record(&a1, hash, LEN);
	/* Other offices name the same hash in attachment records of their own scope. */
	s_attach_record(&b, hash, LEN);
	s_attach_record(&x, hash, LEN);
	s_attach_record(&cam_b, hash, LEN);

	char *before = s_blob_state();
	struct lkt_dev *refused[] = {&b, &x, &cam_b, &dk_x};
	for (size_t i = 0; i < LK_ARRAY_LEN(refused); i++) {
		s_not_served(refused[i], hash);
		s_not_served(refused[i], nohash);
	}
	char *after = s_blob_state();
	cr_assert_str_eq(before, after, "asking changed nothing");
	free(before);
	free(after);

	/* A's own office, its kecamatan and its district read it, byte for byte. */
	s_download_same(&a1, hash, photo, LEN);
	s_download_same(&a2, hash, photo, LEN);
	s_download_same(&cam, hash, photo, LEN);
	s_download_same(&dk, hash, photo, LEN);

	/* Their blob_put says "complete" too: nothing they could not learn by reading it. */
	int rc;
	Lokmin__Reply *rep = s_put(&a2, hash, LEN, 0, NULL, 0, &rc);
	cr_assert_eq(rc, 0);
	cr_assert(rep->blob_put->complete);
	lk_reply_free(rep);
	s_sql_is("SELECT count(*) FROM blob_upload", "0");
	free(photo);
	struct lkt_dev *all[] = {&a1, &a2, &b, &x, &dk, &cam, &cam_b, &dk_x};
	for (size_t i = 0; i < LK_ARRAY_LEN(all); i++)
		lk_conn_destroy(&all[i]->c);
}

Test(blobs, content_shared_through_a_record_the_uploader_can_read)
{
	/* The kecamatan office uploads and names the content in a kecamatan-wide record: its puskesmas read it. */
	struct lkt_dev cam, p1, p3;
	char hash[65];
	enum { LEN = 2 * CHUNK };
	lkt_dev(&s_srv, &cam, "cam", "kecamatan", "332401");
	lkt_dev(&s_srv, &p1, "p1", "puskesmas", "P3324010102");
	lkt_dev(&s_srv, &p3, "p3", "puskesmas", "P3324020101");
	uint8_t *doc = s_content(LEN, hash);
	cr_assert(s_upload(&cam, hash, doc, LEN));
	s_not_served(&p1, hash); /* uploaded, but named nowhere p1 can see */
	s_attach_record(&cam, hash, LEN);
	s_download_same(&p1, hash, doc, LEN);
	s_not_served(&p3, hash); /* another kecamatan */
	/* Deleting the record takes the way back away. */
	cr_assert_eq(lkt_sql(&s_srv.db, "UPDATE attachment SET deleted = true"), 0);
	s_not_served(&p1, hash);
	s_download_same(&cam, hash, doc, LEN);
	free(doc);
	lk_conn_destroy(&cam.c);
	lk_conn_destroy(&p1.c);
	lk_conn_destroy(&p3.c);
}

static void s_same_reply(const Lokmin__Reply *x, const Lokmin__Reply *y)
{
	cr_assert_eq(x->status, y->status);
	cr_assert_str_eq(x->error_name, y->error_name);
	cr_assert_eq(x->body_case, y->body_case);
	if (x->body_case != LOKMIN__REPLY__BODY_BLOB_PUT)
		return;
	cr_assert_eq(x->blob_put->complete, y->blob_put->complete);
	cr_assert_eq(x->blob_put->n_missing, y->blob_put->n_missing);
	for (size_t i = 0; i < x->blob_put->n_missing; i++)
		cr_assert_eq(x->blob_put->missing[i], y->blob_put->missing[i]);
}

Test(blobs, blob_put_does_not_tell_whether_others_hold_the_content)
{
	struct lkt_dev a, b;
	char hash[65], rnd[65];
	enum { LEN = 5 * CHUNK + 7 };
	lkt_dev(&s_srv, &a, "a", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &b, "b", "puskesmas", "P3324020101");
	uint8_t *photo = s_content(LEN, hash), *junk = s_content(10, rnd);
	free(junk);
	cr_assert(s_upload(&a, hash, photo, LEN));
	s_attach_record(&a, hash, LEN);

	/* Right size, wrong size, and with a chunk: the answers for A's hash and a random one agree. */
	int64_t sizes[] = {LEN, LEN + 1, 1};
	for (size_t i = 0; i < LK_ARRAY_LEN(sizes); i++) {
		int rx, ry;
		Lokmin__Reply *x = s_put(&b, hash, sizes[i], 0, NULL, 0, &rx);
		Lokmin__Reply *y = s_put(&b, rnd, sizes[i], 0, NULL, 0, &ry);
		cr_assert_eq(rx, 0, "%s", x->message);
		cr_assert_eq(rx, ry);
		s_same_reply(x, y);
		cr_assert_not(x->blob_put->complete);
		cr_assert_eq(x->blob_put->n_missing, sizes[i] == 1 ? 1u : 6u);
		lk_reply_free(x);
		lk_reply_free(y);
	}
	uint8_t zero[CHUNK] = {0};
	int rx, ry;
	Lokmin__Reply *x = s_put(&b, hash, LEN, 1, zero, CHUNK, &rx);
	Lokmin__Reply *y = s_put(&b, rnd, LEN, 1, zero, CHUNK, &ry);
	cr_assert_eq(rx, 0);
	cr_assert_eq(ry, 0);
	s_same_reply(x, y);
	cr_assert_not(x->blob_put->complete);
	lk_reply_free(x);
	lk_reply_free(y);
	s_not_served(&b, hash);

	/* B really holds the content: it must send every byte, and then it is B's too. Its zero chunk
	 * would fail the hash: declaring another size first restarts its own upload. */
	lk_reply_free(s_put(&b, hash, 1, 0, NULL, 0, &rx));
	cr_assert(s_upload(&b, hash, photo, LEN));
	s_download_same(&b, hash, photo, LEN);
	s_sql_is("SELECT count(*) FROM blob_owner", "2");
	s_sql_is("SELECT string_agg(puskesmas_code, ',' ORDER BY 1) FROM blob_owner", "P3324010101,P3324020101");
	/* Stored once: B's verified chunks were dropped, A's are the content's. */
	char q[256];
	snprintf(q, sizeof q, "SELECT count(*) || '/' || sum(length(data)) FROM blob_chunk WHERE hash = '%s'", hash);
	char want[64];
	snprintf(want, sizeof want, "6/%d", LEN);
	s_sql_is(q, want);

	/* Empty content completes at once and reads back empty. */
	char empty[65];
	free(s_content(0, empty));
	cr_assert(s_upload(&a, empty, NULL, 0));
	s_download_same(&a, empty, NULL, 0);
	free(photo);
	lk_conn_destroy(&a.c);
	lk_conn_destroy(&b.c);
}

Test(blobs, wrong_registrations_never_block_the_real_upload)
{
	struct lkt_dev a1, a2, b;
	char hash[65];
	enum { LEN = 4 * CHUNK + 500 };
	lkt_dev(&s_srv, &a1, "a1", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &a2, "a2", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &b, "b", "puskesmas", "P3324020101");
	uint8_t *photo = s_content(LEN, hash);
	int rc;
	Lokmin__Reply *rep;

	/* B registers A's hash with a wrong size and sends bytes. */
	lk_reply_free(s_put(&b, hash, LEN + 9, 0, NULL, 0, &rc));
	cr_assert_eq(rc, 0);
	uint8_t junk[CHUNK];
	memset(junk, 0x5a, sizeof junk);
	lk_reply_free(s_put(&b, hash, LEN + 9, 0, junk, CHUNK, &rc));
	cr_assert_eq(rc, 0);
	/* A second device of A sends wrong bytes of the right size: refused at the last chunk, dropped. */
	uint8_t *fake = malloc(LEN);
	memcpy(fake, photo, LEN);
	fake[LEN - 1] ^= 1;
	for (uint32_t i = 0; i < 5; i++) {
		rep = s_put_chunk(&a2, hash, fake, LEN, i, &rc);
		cr_assert_eq(rc, i < 4 ? 0 : -LK_EINVAL, "chunk %u: %s", i, rep->message);
		if (i == 4)
			cr_assert(strstr(rep->message, "does not match its hash"), "%s", rep->message);
		lk_reply_free(rep);
	}
	s_sql_is("SELECT count(*) FROM blob", "0");
	/* A's first device already sent two real chunks; the others' attempts did not touch them. */
	lk_reply_free(s_put_chunk(&a1, hash, photo, LEN, 0, &rc));
	lk_reply_free(s_put_chunk(&a1, hash, photo, LEN, 3, &rc));
	cr_assert_eq(rc, 0);
	rep = s_put(&a1, hash, LEN, 0, NULL, 0, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_eq(rep->blob_put->n_missing, 3);
	cr_assert_eq(rep->blob_put->missing[0], 1);
	cr_assert_eq(rep->blob_put->missing[1], 2);
	cr_assert_eq(rep->blob_put->missing[2], 4);
	lk_reply_free(rep);
	cr_assert(s_upload(&a1, hash, photo, LEN), "the real upload completes");
	char q[200], want[64];
	snprintf(q, sizeof q, "SELECT size || '/' || complete FROM blob WHERE hash = '%s'", hash);
	snprintf(want, sizeof want, "%d/true", LEN);
	s_sql_is(q, want);
	s_download_same(&a2, hash, photo, LEN);
	/* B's own bad attempt is still its own business, until it goes stale. */
	s_sql_is("SELECT count(*) FROM blob_upload", "1");
	s_not_served(&b, hash);

	/* A device restarting its own upload with other figures starts afresh. */
	char h2[65];
	uint8_t *doc = s_content(2 * CHUNK, h2);
	lk_reply_free(s_put(&a2, h2, 3 * CHUNK, 0, junk, CHUNK, &rc));
	cr_assert_eq(rc, 0);
	cr_assert(s_upload(&a2, h2, doc, 2 * CHUNK));
	s_download_same(&a1, h2, doc, 2 * CHUNK);

	/* Uploads untouched for longer than blob_upload_ttl (7 days) go when the next one opens. */
	cr_assert_eq(lkt_sql(&s_srv.db, "UPDATE blob_upload SET updated_at = now() - interval '8 days'"), 0);
	char h3[65];
	free(s_content(100, h3));
	lk_reply_free(s_put(&a1, h3, 100, 0, NULL, 0, &rc));
	cr_assert_eq(rc, 0);
	s_sql_is("SELECT count(*) FROM blob_upload", "1");
	s_sql_is("SELECT count(*) FROM blob_chunk WHERE device_id IS NOT NULL", "0");
	free(photo);
	free(fake);
	free(doc);
	lk_conn_destroy(&a1.c);
	lk_conn_destroy(&a2.c);
	lk_conn_destroy(&b.c);
}

Test(blob_quota, a_device_over_its_quota_is_refused_and_others_are_not)
{
	struct lkt_dev q1, q2;
	char hx[65], hy[65];
	enum { LX = 10 * CHUNK, LY = 8 * CHUNK }; /* 40 KiB, 32 KiB */
	lkt_dev(&s_srv, &q1, "q1", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &q2, "q2", "puskesmas", "P3324010101");
	uint8_t *x = s_content(LX, hx), *y = s_content(LY, hy);
	int rc;
	Lokmin__Reply *rep;

	/* Unfinished uploads: 40 KiB open, 32 more would pass 40 KiB. */
	lk_reply_free(s_put(&q1, hx, LX, 0, NULL, 0, &rc));
	cr_assert_eq(rc, 0);
	rep = s_put(&q1, hy, LY, 0, NULL, 0, &rc);
	cr_assert_eq(rc, -LK_EQUOTA);
	cr_assert_str_eq(rep->error_name, "QUOTA_EXCEEDED");
	cr_assert(strstr(rep->message, "40960 bytes of unfinished uploads"), "%s", rep->message);
	lk_reply_free(rep);
	s_sql_is("SELECT count(*) FROM blob_upload", "1");
	lk_reply_free(s_put(&q2, hy, LY, 0, NULL, 0, &rc));
	cr_assert_eq(rc, 0, "another device is not affected");

	/* A day's bytes: 40 KiB of x, then y stops after 24 KiB (64 KiB in all). */
	cr_assert(s_upload(&q1, hx, x, LX));
	lk_reply_free(s_put(&q1, hy, LY, 0, NULL, 0, &rc));
	cr_assert_eq(rc, 0);
	for (uint32_t i = 0; i < 8; i++) {
		rep = s_put_chunk(&q1, hy, y, LY, i, &rc);
		cr_assert_eq(rc, i < 6 ? 0 : -LK_EQUOTA, "chunk %u: %s", i, rep->message);
		if (i >= 6) {
			cr_assert_str_eq(rep->error_name, "QUOTA_EXCEEDED");
			cr_assert(strstr(rep->message, "daily upload quota of 65536 bytes"), "%s", rep->message);
		}
		lk_reply_free(rep);
	}
	/* A chunk the server already holds is not counted again. */
	rep = s_put_chunk(&q1, hy, y, LY, 0, &rc);
	cr_assert_eq(rc, 0, "%s", rep->message);
	lk_reply_free(rep);
	char q[300], id[37];
	cr_assert_eq(lkt_device_id(q1.home, id), 0);
	snprintf(q, sizeof q,
	         "SELECT (SELECT bytes FROM blob_usage WHERE device_id = '%s') || '/' || "
	         "(SELECT count(*) FROM blob_chunk WHERE device_id = '%s')",
	         id, id);
	s_sql_is(q, "65536/6");
	/* The other device uploads the same content in full. */
	cr_assert(s_upload(&q2, hy, y, LY));
	s_download_same(&q1, hy, y, LY);
	free(x);
	free(y);
	lk_conn_destroy(&q1.c);
	lk_conn_destroy(&q2.c);
}

Test(blob_quota, lokmin_says_the_quota_is_used_up)
{
	char home[400], file[600];
	lkt_home(&s_srv, "h", home, sizeof home);
	cr_assert_eq(lkt_enroll(&s_srv, home, "puskesmas", "P3324010101"), 0);
	const char *put[] = {"record", "put", "meeting", "kind=monthly", "year=2026", "period=5", "status=held", NULL};
	char *m = lkt_first_id(lkt_cli_ok(home, NULL, put));
	snprintf(file, sizeof file, "%s/scan.pdf", home);
	FILE *f = fopen(file, "wb");
	for (int i = 0; i < 50 * 1024; i++)
		fputc(i * 31 & 0xff, f);
	fclose(f);
	const char *attach[] = {"attach", "meeting", m, file, NULL};
	free(lkt_cli_ok(home, NULL, attach));
	char *out = NULL, *err = NULL;
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_cli(home, NULL, &out, &err, sync), 0, "%s", err);
	cr_assert(strstr(err, "was not uploaded: the server's upload quota for this device is used up"), "%s", err);
	cr_assert(strstr(err, "QUOTA_EXCEEDED"), "%s", err);
	cr_assert(strstr(out, "uploaded 0 files"), "%s", out);
	s_sql_is("SELECT count(*) FROM attachment", "1");
	s_sql_is("SELECT count(*) FROM blob", "0");
	free(out);
	free(err);
	free(m);
}

Test(blobs, a_sync_on_a_terminal_shows_how_far_an_upload_has_come)
{
	char home[400], file[600], cmd[2000];
	lkt_home(&s_srv, "t", home, sizeof home);
	cr_assert_eq(lkt_enroll(&s_srv, home, "puskesmas", "P3324010101"), 0);
	const char *put[] = {"record", "put", "meeting", "kind=monthly", "year=2026", "period=6", "status=held", NULL};
	char *m = lkt_first_id(lkt_cli_ok(home, NULL, put));
	/* Several chunks, so the file is seen part of the way and then whole. */
	snprintf(file, sizeof file, "%s/foto-rtl.jpg", home);
	FILE *f = fopen(file, "wb");
	for (int i = 0; i < 3 * 1024 * 1024; i++)
		fputc((i * 131 + i / 7) & 0xff, f);
	fclose(f);
	const char *attach[] = {"attach", "meeting", m, file, NULL};
	free(lkt_cli_ok(home, NULL, attach));
	/* script(1) gives lokmin a terminal, where the progress line is shown. */
	snprintf(cmd, sizeof cmd, "'%s' --home '%s' sync", LOKMIN_BIN, home);
	const char *argv[] = {"/usr/bin/script", "-qefc", cmd, "/dev/null", NULL};
	char *out = NULL, *err = NULL;
	int rc = lkt_run(&out, &err, argv, NULL, 120000);
	cr_assert_eq(rc, 0, "%s\n%s", out, err);
	cr_assert(strstr(out, "uploading foto-rtl.jpg: 100%"), "%s", out);
	cr_assert(strstr(out, "uploaded 1 files"), "%s", out);
	free(out);
	free(err);
	free(m);
}
