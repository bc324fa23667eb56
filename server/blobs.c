/* blobs: attachment content: per-device chunked uploads kept only once verified, upload quotas, scoped downloads. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_log.h"
#include "lk_util.h"
#include "records.h"
#include "srv.h"

#define CHUNK_MIN 1024
#define CHUNK_MAX (1024 * 1024)

static int s_valid_hash(const char *h)
{
	uint8_t raw[32];
	return lk_hex_decode(raw, sizeof raw, h) == 0 && strspn(h, "0123456789abcdef") == 64;
}

static uint32_t s_nchunks(int64_t size, uint32_t chunk)
{
	return size == 0 ? 1 : (uint32_t)((size + chunk - 1) / chunk);
}

static size_t s_chunk_len(int64_t size, uint32_t chunk, uint32_t index)
{
	int64_t rest = size - (int64_t)index * chunk;
	return rest < (int64_t)chunk ? (size_t)(rest > 0 ? rest : 0) : chunk;
}

static int s_ok(const PGresult *res, ExecStatusType want)
{
	return res != NULL && PQresultStatus(res) == want;
}

/* Run a statement whose rows are not needed; 0 or an error code. */
static int s_run(struct req *r, const char *stmt, int n, const char *const *p)
{
	PGresult *res = db_exec(r->pg, stmt, n, p);
	int rc = s_ok(res, PGRES_COMMAND_OK) || s_ok(res, PGRES_TUPLES_OK) ? 0 : db_error(r->pg, res);
	PQclear(res);
	return rc;
}

/* The content's size and chunk size when this device may read it (one row), else no row. Caller clears. */
static PGresult *s_readable(struct req *r, const char *hash)
{
	const char *p[5] = {r->dev.kabupaten, r->dev.kecamatan, r->dev.puskesmas, lk_role_name(r->dev.role), hash};
	return db_exec(r->pg, "blob_readable", 5, p);
}

/* Read this device's chunks in order and compare their BLAKE2b-256 with the name. 1 = match. */
static int s_verify(struct req *r, const char *hash, uint32_t n)
{
	crypto_generichash_state st;
	uint8_t out[32];
	char hex[65], idx[16];
	crypto_generichash_init(&st, NULL, 0, sizeof out);
	for (uint32_t i = 0; i < n; i++) {
		snprintf(idx, sizeof idx, "%u", i);
		const char *p[3] = {r->dev.id, hash, idx};
		PGresult *res = db_exec_bin(r->pg, "blob_upload_chunk_get", 3, p, NULL, NULL, 1);
		if (!s_ok(res, PGRES_TUPLES_OK) || PQntuples(res) != 1) {
			PQclear(res);
			return 0;
		}
		crypto_generichash_update(&st, (const uint8_t *)PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
		PQclear(res);
	}
	crypto_generichash_final(&st, out, sizeof out);
	return strcmp(lk_hex_encode(hex, out, sizeof out), hash) == 0;
}

static int s_fail(struct req *r, PGresult *res, int rc)
{
	if (rc == 0)
		rc = db_error(r->pg, res);
	PQclear(res);
	db_command(r->pg, "ROLLBACK");
	return rc;
}

/* Refuse a new upload that would take the device's unfinished uploads past blob_pending_max. */
static int s_pending_quota(struct req *r, int64_t size)
{
	const char *p[1] = {r->dev.id};
	PGresult *res = db_exec(r->pg, "blob_pending", 1, p);
	if (!s_ok(res, PGRES_TUPLES_OK) || PQntuples(res) != 1) {
		int rc = db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	int64_t pending = strtoll(PQgetvalue(res, 0, 0), NULL, 10), max = r->srv->cfg->blob_pending_max;
	PQclear(res);
	if (pending + size <= max)
		return 0;
	snprintf(r->msg, sizeof r->msg,
	         "this device has %" PRId64 " bytes of unfinished uploads; with %" PRId64
	         " more it would pass the limit of %" PRId64 " bytes",
	         pending, size, max);
	return -LK_EQUOTA;
}

/*
 * Find this device's upload of the content, or open one. A device that now declares another
 * size or chunk size starts its own upload again; nobody else's upload is looked at, so a wrong
 * registration elsewhere changes nothing here. Opening removes uploads left untouched too long.
 */
static int s_open(struct req *r, const char *hash, int64_t size, uint32_t chunk)
{
	char stext[24], ctext[16], ttl[24];
	const char *p[4] = {r->dev.id, hash, stext, ctext};
	int rc;
	snprintf(stext, sizeof stext, "%" PRId64, size);
	snprintf(ctext, sizeof ctext, "%u", chunk);
	for (int opened = 0;; opened = 1) {
		PGresult *res = db_exec(r->pg, "blob_upload_get", 2, p);
		if (!s_ok(res, PGRES_TUPLES_OK)) {
			rc = db_error(r->pg, res);
			PQclear(res);
			return rc;
		}
		int found = PQntuples(res) == 1;
		int same = found && !strcmp(PQgetvalue(res, 0, 0), stext) && !strcmp(PQgetvalue(res, 0, 1), ctext);
		PQclear(res);
		if (same)
			return 0;
		if (opened) {
			/* Another request of this device opened it at the same moment with other figures. */
			snprintf(r->msg, sizeof r->msg, N_("this device is uploading this content with another size"));
			return -LK_ECONFLICT;
		}
		if (found && (rc = s_run(r, "blob_upload_drop", 2, p)) != 0)
			return rc;
		snprintf(ttl, sizeof ttl, "%" PRId64, r->srv->cfg->blob_upload_ttl);
		const char *pt[1] = {ttl};
		if ((rc = s_run(r, "blob_cleanup", 1, pt)) != 0 || (rc = s_pending_quota(r, size)) != 0 ||
		    (rc = s_run(r, "blob_upload_new", 4, p)) != 0)
			return rc;
	}
}

/* Store one chunk of this device's upload, counted against its daily quota. */
static int s_store_chunk(struct req *r, const Lokmin__BlobPutRequest *in)
{
	char idx[16], len[24], max[24];
	snprintf(idx, sizeof idx, "%u", in->index);
	/* An empty chunk still needs a non-NULL value, or libpq sends SQL NULL. */
	const char *p[4] = {r->dev.id, in->hash, idx, in->data.data ? (const char *)in->data.data : ""};
	int lens[4] = {0, 0, 0, (int)in->data.len}, fmts[4] = {0, 0, 0, 1};
	PGresult *res = db_exec_bin(r->pg, "blob_chunk_put", 4, p, lens, fmts, 0);
	int rc;
	if (!s_ok(res, PGRES_TUPLES_OK)) {
		rc = db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	int stored = PQntuples(res) == 1;
	PQclear(res);
	if (!stored || in->data.len == 0)
		return 0; /* a chunk sent again is kept as it was and not counted twice */
	snprintf(len, sizeof len, "%zu", in->data.len);
	snprintf(max, sizeof max, "%" PRId64, r->srv->cfg->blob_daily_max);
	const char *pu[3] = {r->dev.id, len, max};
	res = db_exec(r->pg, "blob_usage_add", 3, pu);
	if (!s_ok(res, PGRES_TUPLES_OK)) {
		rc = db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	int within = PQntuples(res) == 1;
	PQclear(res);
	if (!within) {
		snprintf(r->msg, sizeof r->msg,
		         "this device has used its daily upload quota of %" PRId64 " bytes; the rest can be sent tomorrow (UTC)",
		         r->srv->cfg->blob_daily_max);
		return -LK_EQUOTA;
	}
	return s_run(r, "blob_upload_touch", 2, p);
}

/* The device's verified upload becomes content its office owns; the first office's chunks are kept. */
static int s_commit(struct req *r, const Lokmin__BlobPutRequest *in)
{
	char size[24], chunk[16];
	snprintf(size, sizeof size, "%" PRId64, in->size);
	snprintf(chunk, sizeof chunk, "%u", in->chunk_size);
	const char *pc[4] = {in->hash, size, chunk, r->dev.id};
	const char *pd[2] = {r->dev.id, in->hash};
	PGresult *res = db_exec(r->pg, "blob_content_new", 4, pc);
	int rc;
	if (!s_ok(res, PGRES_TUPLES_OK)) {
		rc = db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	int first = PQntuples(res) == 1;
	PQclear(res);
	if (first && (rc = s_run(r, "blob_promote", 2, pd)) != 0)
		return rc;
	if ((rc = s_run(r, "blob_upload_drop", 2, pd)) != 0)
		return rc;
	const char *po[7] = {in->hash,         r->dev.id,         lk_role_name(r->dev.role), r->dev.kabupaten,
	                     r->dev.kecamatan, r->dev.puskesmas, size};
	return s_run(r, "blob_owner_add", 7, po);
}

/* The chunks this device's upload still lacks, into out (req-owned); *got counts those present. */
static int s_missing(struct req *r, const char *hash, uint32_t n, Lokmin__BlobPutReply *out, uint32_t *got,
                     int want_list)
{
	const char *p[2] = {r->dev.id, hash};
	PGresult *res = db_exec(r->pg, "blob_upload_chunks", 2, p);
	if (!s_ok(res, PGRES_TUPLES_OK)) {
		int rc = db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	uint8_t *have = calloc(n, 1);
	if (have == NULL || (want_list && (out->missing = req_alloc(r, n * sizeof *out->missing)) == NULL)) {
		free(have);
		PQclear(res);
		return -LK_ENOMEM;
	}
	*got = 0;
	for (int i = 0; i < PQntuples(res); i++) {
		uint32_t k = (uint32_t)strtoul(PQgetvalue(res, i, 0), NULL, 10);
		if (k < n && !have[k]) {
			have[k] = 1;
			(*got)++;
		}
	}
	PQclear(res);
	for (uint32_t i = 0; want_list && i < n; i++)
		if (!have[i])
			out->missing[out->n_missing++] = i;
	free(have);
	return 0;
}

int h_blob_put(struct req *r)
{
	const Lokmin__BlobPutRequest *in = r->in->blob_put;
	PGresult *res;
	int rc;

	if (!s_valid_hash(in->hash)) {
		snprintf(r->msg, sizeof r->msg, N_("hash must be 64 lower-case hex digits"));
		return -LK_EINVAL;
	}
	if (in->size < 0 || in->size > r->srv->cfg->max_attachment) {
		snprintf(r->msg, sizeof r->msg, "attachment of %" PRId64 " bytes is over the limit of %" PRId64 " bytes",
		         in->size, r->srv->cfg->max_attachment);
		return -LK_ETOOBIG;
	}
	if (in->chunk_size < CHUNK_MIN || in->chunk_size > CHUNK_MAX) {
		snprintf(r->msg, sizeof r->msg, "chunk size must be %d..%d bytes", CHUNK_MIN, CHUNK_MAX);
		return -LK_EINVAL;
	}
	uint32_t n = s_nchunks(in->size, in->chunk_size), got = 0;
	if (in->data.len > 0 && (in->index >= n || in->data.len != s_chunk_len(in->size, in->chunk_size, in->index))) {
		snprintf(r->msg, sizeof r->msg, "chunk %u of %u has the wrong length (%zu bytes)", in->index, n,
		         in->data.len);
		return -LK_EINVAL;
	}
	Lokmin__BlobPutReply *out = req_alloc(r, sizeof *out);
	if (out == NULL)
		return -LK_ENOMEM;
	lokmin__blob_put_reply__init(out);
	if ((rc = db_command(r->pg, "BEGIN")) != 0)
		return rc;

	/* "Complete" means exactly "this device may download it", which blob_get tells it anyway:
	 * content of other offices is answered as if it did not exist. */
	res = s_readable(r, in->hash);
	if (!s_ok(res, PGRES_TUPLES_OK))
		return s_fail(r, res, 0);
	int complete = PQntuples(res) == 1;
	PQclear(res);
	if (complete) {
		const char *pd[2] = {r->dev.id, in->hash};
		if ((rc = s_run(r, "blob_upload_drop", 2, pd)) != 0)
			return s_fail(r, NULL, rc);
	} else {
		if ((rc = s_open(r, in->hash, in->size, in->chunk_size)) != 0)
			return s_fail(r, NULL, rc);
		/* Empty content has nothing to send: its one chunk is empty. */
		Lokmin__BlobPutRequest empty = *in;
		empty.index = 0;
		if (in->size == 0 && (rc = s_store_chunk(r, &empty)) != 0)
			return s_fail(r, NULL, rc);
		if (in->data.len > 0 && (rc = s_store_chunk(r, in)) != 0)
			return s_fail(r, NULL, rc);
		if ((rc = s_missing(r, in->hash, n, out, &got, in->data.len == 0)) != 0)
			return s_fail(r, NULL, rc);
	}
	if (!complete && got == n) {
		if (!s_verify(r, in->hash, n)) {
			const char *pd[2] = {r->dev.id, in->hash};
			if ((rc = s_run(r, "blob_upload_drop", 2, pd)) != 0 || (rc = db_command(r->pg, "COMMIT")) != 0)
				return s_fail(r, NULL, rc);
			snprintf(r->msg, sizeof r->msg, N_("the content does not match its hash; upload it again"));
			return -LK_EINVAL;
		}
		if ((rc = s_commit(r, in)) != 0)
			return s_fail(r, NULL, rc);
		complete = 1;
		out->n_missing = 0;
	}
	out->complete = complete;
	if ((rc = db_command(r->pg, "COMMIT")) != 0)
		return s_fail(r, NULL, rc);
	r->out->body_case = LOKMIN__REPLY__BODY_BLOB_PUT;
	r->out->blob_put = out;
	return 0;
}

int h_blob_get(struct req *r)
{
	const Lokmin__BlobGetRequest *in = r->in->blob_get;
	char idx[16];
	PGresult *res;

	if (!s_valid_hash(in->hash)) {
		snprintf(r->msg, sizeof r->msg, N_("hash must be 64 lower-case hex digits"));
		return -LK_EINVAL;
	}
	res = s_readable(r, in->hash);
	if (!s_ok(res, PGRES_TUPLES_OK)) {
		int rc = db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	/* Content that exists but is not readable gets the very reply of content that does not exist. */
	if (PQntuples(res) == 0) {
		PQclear(res);
		snprintf(r->msg, sizeof r->msg, "no attachment content %.16s... in this device's scope", in->hash);
		return -LK_ENOTFOUND;
	}
	int64_t size = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	uint32_t chunk = (uint32_t)atoi(PQgetvalue(res, 0, 1));
	PQclear(res);
	if (in->chunk_size && in->chunk_size != chunk) {
		snprintf(r->msg, sizeof r->msg, "this content is stored in chunks of %u bytes", chunk);
		return -LK_EINVAL;
	}
	if (in->index >= s_nchunks(size, chunk)) {
		snprintf(r->msg, sizeof r->msg, "chunk %u does not exist", in->index);
		return -LK_EINVAL;
	}
	snprintf(idx, sizeof idx, "%u", in->index);
	const char *p2[2] = {in->hash, idx};
	res = db_exec_bin(r->pg, "blob_chunk_get", 2, p2, NULL, NULL, 1);
	if (!s_ok(res, PGRES_TUPLES_OK) || PQntuples(res) != 1) {
		int rc = s_ok(res, PGRES_TUPLES_OK) ? -LK_EINTERNAL : db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	Lokmin__BlobGetReply *out = req_alloc(r, sizeof *out);
	uint8_t *data = req_alloc(r, (size_t)PQgetlength(res, 0, 0) + 1);
	if (out == NULL || data == NULL) {
		PQclear(res);
		return -LK_ENOMEM;
	}
	lokmin__blob_get_reply__init(out);
	memcpy(data, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
	out->size = size;
	out->data.data = data;
	out->data.len = (size_t)PQgetlength(res, 0, 0);
	PQclear(res);
	r->out->body_case = LOKMIN__REPLY__BODY_BLOB_GET;
	r->out->blob_get = out;
	return 0;
}
