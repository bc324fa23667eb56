/* attach: attachment content on the client: local copies, resumable uploads and downloads. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "attach.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"

int lk_attach_blob_path(const char *home, const char *hash, char *out, size_t size)
{
	size_t n = hash ? strlen(hash) : 0;
	int fits;
	if (size > 0)
		out[0] = '\0';
	if (n != LK_ATTACH_HASH_LEN || home == NULL)
		return -LK_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (lk_hexval((unsigned char)hash[i]) < 0)
			return -LK_EINVAL;
	fits = snprintf(out, size, "%s/blobs/%s", home, hash);
	if (fits < 0 || (size_t)fits >= size) {
		if (size > 0)
			out[0] = '\0';
		return -LK_EINVAL;
	}
	return 0;
}

/* Content lives in HOME/blobs/<hash>; HOME/blobs/<hash>.sent marks content the
 * server has confirmed whole, so it is never offered again. 0, or -LK_EINVAL
 * with out "" (see lk_attach_blob_path). */
static int s_path(char *out, size_t size, const char *home, const char *hash, const char *suffix)
{
	if (lk_attach_blob_path(home, hash, out, size) != 0)
		return -LK_EINVAL;
	size_t used = strlen(out);
	if (lk_strlcpy(out + used, suffix, size - used) >= size - used) {
		out[0] = '\0';
		return -LK_EINVAL;
	}
	return 0;
}

static int s_hash_file(const char *path, char hex[65], int64_t *size)
{
	crypto_generichash_state st;
	uint8_t buf[65536], out[32];
	int64_t total = 0;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -LK_ENOTFOUND;
	crypto_generichash_init(&st, NULL, 0, sizeof out);
	for (size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;) {
		crypto_generichash_update(&st, buf, n);
		total += (int64_t)n;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return -LK_EIO;
	crypto_generichash_final(&st, out, sizeof out);
	lk_hex_encode(hex, out, sizeof out);
	*size = total;
	return 0;
}

static int s_copy(const char *from, const char *to)
{
	char *data = NULL;
	size_t len = 0;
	int rc = lk_read_file(from, &data, &len);
	if (rc == 0)
		rc = lk_write_file(to, data, len, 0600);
	free(data);
	return rc;
}

static const char *s_mime(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot == NULL)
		return "application/octet-stream";
	if (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg"))
		return "image/jpeg";
	if (!strcasecmp(dot, ".png"))
		return "image/png";
	if (!strcasecmp(dot, ".pdf"))
		return "application/pdf";
	return "application/octet-stream";
}

/* ---------------------------------------------------------------- upload */

struct up {
	struct lk_engine *e;
	lk_store *st;
	int64_t timeout;
	struct attach_stats *n;
	lk_attach_skip_fn skip;
	lk_attach_progress_fn progress;
	void *arg;
	char *err;
	size_t errlen;
	int rc;
	struct lk_attach_upload now; /* the file being sent */
	char fname[256];
};

static int s_call(struct up *u, Lokmin__Request *req, Lokmin__Reply **rep)
{
	int rc = lk_conn_call(u->e->conn, req, u->timeout, rep);
	if (rc != 0)
		snprintf(u->err, u->errlen, "%s", lk_conn_error(u->e->conn));
	return rc;
}

/* Ask which chunks the server still needs. */
static int s_missing(struct up *u, const char *hash, int64_t size, uint32_t **missing, size_t *n, int *complete)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__BlobPutRequest bp = LOKMIN__BLOB_PUT_REQUEST__INIT;
	Lokmin__Reply *rep = NULL;
	bp.hash = (char *)hash;
	bp.size = size;
	bp.chunk_size = LK_ATTACH_CHUNK;
	req.body_case = LOKMIN__REQUEST__BODY_BLOB_PUT;
	req.blob_put = &bp;
	int rc = s_call(u, &req, &rep);
	if (rc == 0 && rep->body_case == LOKMIN__REPLY__BODY_BLOB_PUT) {
		*complete = rep->blob_put->complete;
		*n = rep->blob_put->n_missing;
		*missing = malloc((*n ? *n : 1) * sizeof **missing);
		if (*missing == NULL)
			rc = -LK_ENOMEM;
		else if (*n)
			memcpy(*missing, rep->blob_put->missing, *n * sizeof **missing);
	}
	lk_reply_free(rep);
	return rc;
}

/* Send the missing chunks, LK_ATTACH_WINDOW at a time. */
static int s_send_chunks(struct up *u, const char *hash, const uint8_t *data, int64_t size, const uint32_t *missing,
                         size_t n, int *complete)
{
	uint64_t ids[LK_ATTACH_WINDOW];
	size_t lens[LK_ATTACH_WINDOW];
	size_t next = 0, inflight = 0;
	int rc = 0;
	/* What the server holds already: all but the missing chunks. */
	u->now.total = size;
	u->now.done = size;
	for (size_t i = 0; i < n; i++) {
		int64_t off = (int64_t)missing[i] * LK_ATTACH_CHUNK;
		u->now.done -= size - off < LK_ATTACH_CHUNK ? size - off : LK_ATTACH_CHUNK;
	}
	while ((next < n || inflight > 0) && rc == 0) {
		while (next < n && inflight < LK_ATTACH_WINDOW) {
			Lokmin__Request req = LOKMIN__REQUEST__INIT;
			Lokmin__BlobPutRequest bp = LOKMIN__BLOB_PUT_REQUEST__INIT;
			uint32_t idx = missing[next++];
			int64_t off = (int64_t)idx * LK_ATTACH_CHUNK;
			size_t len = (size_t)(size - off < LK_ATTACH_CHUNK ? size - off : LK_ATTACH_CHUNK);
			bp.hash = (char *)hash;
			bp.size = size;
			bp.chunk_size = LK_ATTACH_CHUNK;
			bp.index = idx;
			bp.data.data = (uint8_t *)data + off;
			bp.data.len = len;
			req.body_case = LOKMIN__REQUEST__BODY_BLOB_PUT;
			req.blob_put = &bp;
			if ((rc = lk_conn_send(u->e->conn, &req)) != 0) {
				snprintf(u->err, u->errlen, "%s", lk_conn_error(u->e->conn));
				return rc;
			}
			lens[inflight] = len;
			ids[inflight++] = req.id;
			u->n->bytes_up += (int64_t)len;
		}
		Lokmin__Reply *rep = NULL;
		if ((rc = lk_conn_recv(u->e->conn, u->timeout, &rep)) != 0) {
			snprintf(u->err, u->errlen, "%s", lk_conn_error(u->e->conn));
			return rc;
		}
		size_t k;
		for (k = 0; k < inflight && ids[k] != rep->id; k++)
			;
		if (k < inflight) {
			size_t got = lens[k];
			ids[k] = ids[inflight - 1];
			lens[k] = lens[inflight - 1];
			inflight--;
			if (rep->status == 0 && u->progress) {
				u->now.done += (int64_t)got;
				u->progress(&u->now, u->arg);
			}
			if (rep->status != 0) {
				snprintf(u->err, u->errlen, "%s: %s", rep->error_name, lk_i18n_reason(rep->message));
				rc = -(int)rep->status;
			} else {
				u->n->chunks_up++;
				if (rep->body_case == LOKMIN__REPLY__BODY_BLOB_PUT && rep->blob_put->complete)
					*complete = 1;
			}
		}
		lk_reply_free(rep);
	}
	return rc;
}

/* The file name of attachment m, for the progress of its upload. */
static void s_upload_name(struct up *u, const ProtobufCMessage *m)
{
	char *name = lk_record_get(m, "filename");
	lk_strlcpy(u->fname, name ? name : "", sizeof u->fname);
	free(name);
	u->now.filename = u->fname;
}

static int s_upload_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct up *u = arg;
	char path[1200], mark[1200], *hash = lk_record_get(m, "hash");
	uint8_t *data = NULL;
	uint32_t *missing = NULL;
	size_t len = 0, n = 0;
	int complete = 0, rc = 0;
	(void)e;

	s_path(path, sizeof path, u->e->home, hash, "");
	s_path(mark, sizeof mark, u->e->home, hash, ".sent");
	if (lk_record_deleted(m) || access(path, R_OK) != 0 || access(mark, F_OK) == 0)
		goto out; /* not ours to send, or already sent */
	if ((rc = lk_read_file(path, (char **)&data, &len)) != 0) {
		snprintf(u->err, u->errlen, _("cannot read %s"), path);
		goto out;
	}
	if ((rc = s_missing(u, hash, (int64_t)len, &missing, &n, &complete)) != 0)
		goto out;
	s_upload_name(u, m);
	if (!complete && (rc = s_send_chunks(u, hash, data, (int64_t)len, missing, n, &complete)) != 0)
		goto out;
	if (!complete) {
		/* Every chunk is there but the server did not say so: ask once more. */
		free(missing);
		missing = NULL;
		if ((rc = s_missing(u, hash, (int64_t)len, &missing, &n, &complete)) != 0)
			goto out;
	}
	if (complete) {
		u->n->files_up++;
		rc = lk_write_file(mark, "", 0, 0600);
	} else {
		snprintf(u->err, u->errlen, _("the server did not accept the content of %.16s..."), hash);
		rc = -LK_EIO;
	}
out:
	/* A file the server refuses (too large for it, say) must not hold back
	 * every other change: say so and carry on. Link trouble stops the walk. */
	if (rc != 0 && rc != -LK_EUNREACH && rc != -LK_ETIMEDOUT && rc != -LK_EIO && rc != -LK_EUNAVAIL &&
	    rc != -LK_ESHUTDOWN && rc != -LK_EBUSY) {
		char *fname = lk_record_get(m, "filename");
		struct lk_attach_skip sk = {lk_record_id(m), fname ? fname : "", rc == -LK_EQUOTA, u->err};
		if (u->skip)
			u->skip(&sk, u->arg);
		free(fname);
		rc = 0;
	}
	free(hash);
	free(data);
	free(missing);
	u->rc = rc;
	return rc; /* non-zero stops the walk */
}

int attach_upload_pending(struct lk_engine *e, lk_store *st, int64_t timeout_ms, struct attach_stats *n,
                          lk_attach_skip_fn skip, lk_attach_progress_fn progress, void *arg, char *err,
                          size_t errlen)
{
	struct up u = {e, st, timeout_ms, n, skip, progress, arg, err, errlen, 0, {"", 0, 0}, ""};
	int rc = lk_store_list(st, lk_entity_find("attachment"), s_upload_row, &u);
	return rc < 0 ? rc : u.rc;
}

/* ---------------------------------------------------------------- add and fetch */

int lk_attach_add(struct lk_engine *e, lk_store *st, const struct lk_attach_req *r, char id[LK_UUID_STRLEN])
{
	char hash[65], dir[1100], dest[1200], err[300], sizetext[24];
	int64_t size;
	int rc;
	const struct lk_entity *oe = lk_entity_find(r->entity);
	ProtobufCMessage *ownrec = NULL;
	if (oe == NULL || lk_store_get(st, oe, r->owner, &ownrec) != 0) {
		snprintf(e->err, sizeof e->err, _("no %s record %s on this device"), r->entity, r->owner);
		return -LK_ENOTFOUND;
	}
	if ((rc = s_hash_file(r->file, hash, &size)) != 0) {
		snprintf(e->err, sizeof e->err, _("cannot read %s: %s"), r->file, strerror(errno));
		lk_record_free(ownrec);
		return rc;
	}
	if (size > r->max_size) {
		snprintf(e->err, sizeof e->err,
		         _("%s is %.1f MiB; attachments are limited to %.0f MiB (scan at a lower resolution)"), r->file,
		         (double)size / 1048576, (double)r->max_size / 1048576);
		lk_record_free(ownrec);
		return -LK_ETOOBIG;
	}
	snprintf(dir, sizeof dir, "%s/blobs", e->home);
	s_path(dest, sizeof dest, e->home, hash, "");
	if (lk_mkdirs(dir, 0700) != 0 || (access(dest, F_OK) != 0 && s_copy(r->file, dest) != 0)) {
		snprintf(e->err, sizeof e->err, _("cannot keep a copy of %s in %s"), r->file, dir);
		lk_record_free(ownrec);
		return -LK_EIO;
	}
	/* The attachment record carries the owner's tenant keys. */
	const struct lk_entity *ae = lk_entity_find("attachment");
	ProtobufCMessage *a = lk_record_new(ae);
	const char *kab, *kec, *pusk, *base = strrchr(r->file, '/') ? strrchr(r->file, '/') + 1 : r->file;
	lk_uuid u;
	lk_uuid_v7(&u);
	lk_record_keys(ownrec, &kab, &kec, &pusk);
	snprintf(sizetext, sizeof sizetext, "%" PRId64, size);
	rc = lk_record_set(a, "id", lk_uuid_format(&u, id)) || lk_record_set(a, "kabupaten", kab) ||
	     lk_record_set(a, "kecamatan", kec) || lk_record_set(a, "puskesmas", pusk) ||
	     lk_record_set(a, "owner_entity", r->entity) || lk_record_set(a, "owner_id", r->owner) ||
	     lk_record_set(a, "hash", hash) || lk_record_set(a, "size", sizetext) ||
	     lk_record_set(a, "mime", r->mime ? r->mime : s_mime(base)) || lk_record_set(a, "filename", base) ||
	     lk_record_set(a, "caption", r->caption ? r->caption : "");
	e->err[0] = '\0';
	if (rc == 0 && (rc = lk_store_put(st, ae, a, NULL, 0, err, sizeof err)) != 0)
		lk_strlcpy(e->err, err, sizeof e->err);
	else if (rc != 0)
		rc = -LK_EINVAL; /* silent, as before: a field the record refuses */
	lk_record_free(a);
	lk_record_free(ownrec);
	return rc;
}

int lk_attach_fetch(struct lk_engine *e, lk_store *st, const char *id, const char *out, char *path, size_t pathlen)
{
	ProtobufCMessage *a = NULL;
	char hash[65], have[65], part[1200], dir[1100], *h;
	int64_t size = 0, got = 0;
	int rc;

	e->err[0] = '\0';
	if (lk_store_get(st, lk_entity_find("attachment"), id, &a) != 0) {
		snprintf(e->err, sizeof e->err, _("no attachment %s on this device (run `lokmin sync`?)"), id);
		return -LK_ENOTFOUND;
	}
	h = lk_record_get(a, "hash");
	lk_strlcpy(hash, h, sizeof hash);
	free(h);
	lk_record_free(a);
	snprintf(dir, sizeof dir, "%s/blobs", e->home);
	if (s_path(path, pathlen, e->home, hash, "") != 0 || s_path(part, sizeof part, e->home, hash, ".part") != 0) {
		snprintf(e->err, sizeof e->err, _("attachment %s has no valid content hash"), id);
		return -LK_EINVAL;
	}
	if (access(path, R_OK) != 0) {
		if (lk_mkdirs(dir, 0700) != 0)
			return -LK_EIO;
		if ((rc = lk_engine_connect(e)) != 0)
			return rc;
		int fd = open(part, O_WRONLY | O_CREAT | O_APPEND, 0600);
		struct stat sb;
		if (fd < 0 || fstat(fd, &sb) != 0) {
			snprintf(e->err, sizeof e->err, _("cannot write %s"), part);
			return -LK_EIO;
		}
		/* Resume after the whole chunks already here. */
		got = sb.st_size - sb.st_size % LK_ATTACH_CHUNK;
		if (ftruncate(fd, got) != 0) {
			close(fd);
			return -LK_EIO;
		}
		for (uint32_t idx = (uint32_t)(got / LK_ATTACH_CHUNK);; idx++) {
			Lokmin__Request req = LOKMIN__REQUEST__INIT;
			Lokmin__BlobGetRequest bg = LOKMIN__BLOB_GET_REQUEST__INIT;
			Lokmin__Reply *rep = NULL;
			bg.hash = hash;
			bg.index = idx;
			bg.chunk_size = LK_ATTACH_CHUNK;
			req.body_case = LOKMIN__REQUEST__BODY_BLOB_GET;
			req.blob_get = &bg;
			if ((rc = lk_engine_call(e, &req, &rep)) != 0) {
				char why[sizeof e->err - 128];
				lk_strlcpy(why, e->err, sizeof why);
				snprintf(e->err, sizeof e->err, _("attachment get: %s%s"), why,
				         rc == -LK_EUNREACH || rc == -LK_ETIMEDOUT
				                 ? "\n       work stored on this device is kept; try again when the link is back"
				                 : "");
				lk_reply_free(rep);
				close(fd);
				return rc;
			}
			size = rep->blob_get->size;
			if (write(fd, rep->blob_get->data.data, rep->blob_get->data.len) != (ssize_t)rep->blob_get->data.len) {
				lk_reply_free(rep);
				close(fd);
				return -LK_EIO;
			}
			got += (int64_t)rep->blob_get->data.len;
			lk_reply_free(rep);
			if (got >= size)
				break;
		}
		close(fd);
		if (s_hash_file(part, have, &size) != 0 || strcmp(have, hash) != 0) {
			unlink(part);
			snprintf(e->err, sizeof e->err, _("the downloaded content does not match its hash; try again"));
			return -LK_EIO;
		}
		if (rename(part, path) != 0)
			return -LK_EIO;
	}
	if (out && s_copy(path, out) != 0) {
		snprintf(e->err, sizeof e->err, _("cannot write %s"), out);
		return -LK_EIO;
	}
	if (out)
		lk_strlcpy(path, out, pathlen);
	return 0;
}
