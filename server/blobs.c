/* blobs: attachment content: chunked, resumable uploads verified by BLAKE2b, and scoped downloads. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lk_error.h"
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

/* Read every chunk in order and compare the BLAKE2b-256 with the name. 1 = match. */
static int s_verify(struct req *r, const char *hash, uint32_t n)
{
	crypto_generichash_state st;
	uint8_t out[32];
	char hex[65], idx[16];
	crypto_generichash_init(&st, NULL, 0, sizeof out);
	for (uint32_t i = 0; i < n; i++) {
		snprintf(idx, sizeof idx, "%u", i);
		const char *p[2] = {hash, idx};
		PGresult *res = db_exec_bin(r->pg, "blob_chunk_get", 2, p, NULL, NULL, 1);
		if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
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

int h_blob_put(struct req *r)
{
	const Lokmin__BlobPutRequest *in = r->in->blob_put;
	char size[24], chunk[16], idx[16];
	PGresult *res;
	int rc;

	if (!s_valid_hash(in->hash)) {
		snprintf(r->msg, sizeof r->msg, "hash must be 64 lower-case hex digits");
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
	uint32_t n = s_nchunks(in->size, in->chunk_size);
	snprintf(size, sizeof size, "%" PRId64, in->size);
	snprintf(chunk, sizeof chunk, "%u", in->chunk_size);
	if ((rc = db_command(r->pg, "BEGIN")) != 0)
		return rc;
	const char *p1[4] = {in->hash, size, chunk, r->dev.id};
	res = db_exec(r->pg, "blob_open", 4, p1);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK)
		return s_fail(r, res, 0);
	if (strcmp(PQgetvalue(res, 0, 0), size) || strcmp(PQgetvalue(res, 0, 1), chunk)) {
		snprintf(r->msg, sizeof r->msg, "an upload of this content is under way with size %s and chunk size %s",
		         PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
		return s_fail(r, res, -LK_ECONFLICT);
	}
	int complete = PQgetvalue(res, 0, 2)[0] == 't';
	PQclear(res);
	/* Empty content has nothing to send: it is whole as soon as its name is right. */
	if (!complete && in->size == 0) {
		uint8_t h[32];
		char hex[65];
		crypto_generichash(h, sizeof h, NULL, 0, NULL, 0);
		if (strcmp(lk_hex_encode(hex, h, sizeof h), in->hash) != 0) {
			snprintf(r->msg, sizeof r->msg, "empty content has another hash");
			return s_fail(r, NULL, -LK_EINVAL);
		}
		const char *pc[1] = {in->hash};
		res = db_exec(r->pg, "blob_complete", 1, pc);
		PQclear(res);
		complete = 1;
	}
	Lokmin__BlobPutReply *out = req_alloc(r, sizeof *out);
	if (out == NULL)
		return s_fail(r, NULL, -LK_ENOMEM);
	lokmin__blob_put_reply__init(out);
	r->out->body_case = LOKMIN__REPLY__BODY_BLOB_PUT;
	r->out->blob_put = out;

	if (!complete && in->data.len > 0) {
		if (in->index >= n || in->data.len != s_chunk_len(in->size, in->chunk_size, in->index)) {
			snprintf(r->msg, sizeof r->msg, "chunk %u of %u has the wrong length (%zu bytes)", in->index, n,
			         in->data.len);
			return s_fail(r, NULL, -LK_EINVAL);
		}
		snprintf(idx, sizeof idx, "%u", in->index);
		const char *p2[3] = {in->hash, idx, (const char *)in->data.data};
		int lens[3] = {0, 0, (int)in->data.len}, fmts[3] = {0, 0, 1};
		res = db_exec_bin(r->pg, "blob_chunk_put", 3, p2, lens, fmts, 0);
		if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
			return s_fail(r, res, 0);
		PQclear(res);
	}
	/* Which chunks are still missing. */
	const char *p3[1] = {in->hash};
	res = db_exec(r->pg, "blob_chunks", 1, p3);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK)
		return s_fail(r, res, 0);
	uint8_t *have = calloc(n, 1);
	if (have == NULL)
		return s_fail(r, res, -LK_ENOMEM);
	for (int i = 0; i < PQntuples(res); i++) {
		uint32_t k = (uint32_t)atoi(PQgetvalue(res, i, 0));
		if (k < n)
			have[k] = 1;
	}
	uint32_t got = (uint32_t)PQntuples(res);
	PQclear(res);
	if (!complete && got == n) {
		if (!s_verify(r, in->hash, n)) {
			free(have);
			res = db_exec(r->pg, "blob_drop", 1, p3);
			PQclear(res);
			db_command(r->pg, "COMMIT");
			snprintf(r->msg, sizeof r->msg, "the content does not match its hash; upload it again");
			return -LK_EINVAL;
		}
		res = db_exec(r->pg, "blob_complete", 1, p3);
		PQclear(res);
		complete = 1;
	}
	out->complete = complete;
	if (!complete && in->data.len == 0) {
		out->missing = req_alloc(r, n * sizeof *out->missing);
		for (uint32_t i = 0; out->missing && i < n; i++)
			if (!have[i])
				out->missing[out->n_missing++] = i;
	}
	free(have);
	if (!complete && in->data.len == 0 && out->missing == NULL)
		return s_fail(r, NULL, -LK_ENOMEM);
	return db_command(r->pg, "COMMIT");
}

int h_blob_get(struct req *r)
{
	const Lokmin__BlobGetRequest *in = r->in->blob_get;
	char idx[16];
	PGresult *res;

	if (!s_valid_hash(in->hash)) {
		snprintf(r->msg, sizeof r->msg, "hash must be 64 lower-case hex digits");
		return -LK_EINVAL;
	}
	/* Readable when an attachment in the device's scope refers to it. */
	const char *p1[5] = {r->dev.kabupaten, r->dev.kecamatan, r->dev.puskesmas, lk_role_name(r->dev.role), in->hash};
	res = db_exec(r->pg, "blob_readable", 5, p1);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		int rc = db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
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
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		int rc = res && PQresultStatus(res) == PGRES_TUPLES_OK ? -LK_EINTERNAL : db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	Lokmin__BlobGetReply *out = req_alloc(r, sizeof *out);
	uint8_t *data = req_alloc(r, (size_t)PQgetlength(res, 0, 0));
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
