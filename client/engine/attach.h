/* attach: attachment content on the client: local copies, resumable uploads and downloads. */
#ifndef LK_ATTACH_H
#define LK_ATTACH_H

#include <stdint.h>

#include "engine.h"
#include "lk_uuid.h"
#include "store.h"

#define LK_ATTACH_CHUNK (64 * 1024)
#define LK_ATTACH_WINDOW 2 /* chunks in flight: keeps a slow link busy, and little is lost to a cut */

struct attach_stats {
	int64_t chunks_up, chunks_down;
	int64_t bytes_up, bytes_down;
	int64_t files_up;
};

/* An attachment whose content the server refused (too large, quota used up):
 * skipped so that it does not hold back every other change. */
struct lk_attach_skip {
	const char *record_id;
	const char *filename; /* "" when the record has none */
	int quota;            /* the device's upload quota is used up */
	const char *error;
};
typedef void (*lk_attach_skip_fn)(const struct lk_attach_skip *sk, void *arg);

/* How far the upload of one file has come: after each chunk the server took. */
struct lk_attach_upload {
	const char *filename; /* "" when the record has none */
	int64_t done, total;  /* bytes the server holds, of the file's size */
};
typedef void (*lk_attach_progress_fn)(const struct lk_attach_upload *up, void *arg);

#define LK_ATTACH_HASH_LEN 64 /* hex digits of a content hash */

/* The file on this device that holds the content with this hash, HOME/blobs/HASH,
 * into out (whether or not it is there). 0, or -LK_EINVAL with out "" when hash is
 * not LK_ATTACH_HASH_LEN hex digits (so no path leaves the folder) or the path
 * does not fit in size. */
int lk_attach_blob_path(const char *home, const char *hash, char *out, size_t size);

/* Upload the content of every attachment record whose content this device
 * holds and the server has not confirmed yet; only missing chunks are sent.
 * Refused files go to skip (may be NULL) and the walk goes on; progress (may
 * be NULL) hears of each chunk the server took. Both get arg. 0 or negative
 * with the reason in err. */
int attach_upload_pending(struct lk_engine *e, lk_store *st, int64_t timeout_ms, struct attach_stats *n,
                          lk_attach_skip_fn skip, lk_attach_progress_fn progress, void *arg, char *err,
                          size_t errlen);

/* What `lokmin attach` adds: file's content attached to record owner of entity. */
struct lk_attach_req {
	const char *entity, *owner, *file;
	const char *caption; /* NULL: none */
	const char *mime;    /* NULL: from the file name */
	int64_t max_size;    /* bytes */
};

/* Keep a copy of the file in HOME/blobs and write the attachment record (with
 * the owner's tenant keys) into st; the next sync uploads it. 0 with the new
 * record's id, or negative with lk_engine_error() set ("" for a field the
 * record refused). */
int lk_attach_add(struct lk_engine *e, lk_store *st, const struct lk_attach_req *r, char id[LK_UUID_STRLEN]);

/* Download attachment id's content into HOME/blobs unless it is there
 * (resuming a partial copy) and copy it to out when not NULL; path gets
 * where the content now is. 0, or negative with lk_engine_error() set ("" when
 * there is nothing to add to the failure). */
int lk_attach_fetch(struct lk_engine *e, lk_store *st, const char *id, const char *out, char *path, size_t pathlen);

#endif
