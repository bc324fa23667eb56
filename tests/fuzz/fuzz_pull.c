/* fuzz_pull: a pulled page (PullReply) applied to a copy of a client store, all or nothing and as sync does. */
#include <inttypes.h>
#include <sqlite3.h>
#include <unistd.h>

#include "fuzz.h"
#include "lk_strict.h"
#include "lk_util.h"
#include "store.h"

static char s_template[512], s_work[512];

/* Copy file a to b; 0 or -1. */
static int s_copy(const char *a, const char *b)
{
	FILE *in = fopen(a, "rb"), *out = fopen(b, "wb");
	char buf[65536];
	size_t n;
	int rc = in && out ? 0 : -1;
	while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
		rc = fwrite(buf, 1, n, out) == n ? 0 : -1;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		rc = -1;
	return rc;
}

/* A store with one local person whose name is still to be pushed, so pulls meet a pending op. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];
	const char *base = fz_tmpdir("pull");
	snprintf(s_template, sizeof s_template, "%s/template", base);
	snprintf(s_work, sizeof s_work, "%s/work", base);
	lk_store *st = lk_store_open(s_template, err, sizeof err);
	FZ_CHECK(st != NULL, "cannot open a store: %s", err);
	const struct lk_entity *e = lk_entity_find("person");
	ProtobufCMessage *m = lk_record_new(e);
	FZ_CHECK(lk_record_set(m, "id", "0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6071") == 0 &&
	             lk_record_set(m, "kabupaten", "3201") == 0 && lk_record_set(m, "name", "Siti") == 0,
	         "record");
	FZ_CHECK(lk_store_put(st, e, m, NULL, 0, err, sizeof err) == 0, "put: %s", err);
	lk_record_free(m);
	lk_store_close(&st);
	FZ_CHECK(lk_mkdirs(s_work, 0700) == 0, "cannot make %s", s_work);
	return 0;
}

static int s_integrity(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int ok = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	         sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
	         sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
}

/* A fresh copy of the template store in the work folder, opened; its path in dst. */
static lk_store *s_fresh(char *dst, size_t dstlen)
{
	char src[600], err[256];
	snprintf(src, sizeof src, "%s/store.db", s_template);
	snprintf(dst, dstlen, "%s/store.db-wal", s_work);
	unlink(dst);
	snprintf(dst, dstlen, "%s/store.db-shm", s_work);
	unlink(dst);
	snprintf(dst, dstlen, "%s/store.db", s_work);
	FZ_CHECK(s_copy(src, dst) == 0, "cannot copy the template store");
	lk_store *st = lk_store_open(s_work, err, sizeof err);
	FZ_CHECK(st != NULL, "cannot open the store: %s", err);
	return st;
}

/* Changes of known entities the pull gate refuses. */
static size_t s_refused(const Lokmin__PullReply *p)
{
	char err[256];
	size_t n = 0;
	for (size_t i = 0; i < p->n_changes; i++) {
		const struct lk_entity *e = lk_entity_find(p->changes[i]->entity);
		ProtobufCMessage *m = NULL;
		if (e && lk_record_accept(e, p->changes[i]->record.data, p->changes[i]->record.len, LK_STRICT_UNKNOWN_OK, &m,
		                          err, sizeof err) != 0)
			n++;
		lk_record_free(m);
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dst[600], err[256];
	Lokmin__PullReply *p = lokmin__pull_reply__unpack(NULL, size, data);
	if (p == NULL)
		return 0;
	/* A fresh copy of the template each time, so every run starts from the same store. */
	lk_store *st = s_fresh(dst, sizeof dst);

	uint64_t before = 0, after = 0, want = p->snapshot ? 0 : p->cursor;
	Lokmin__SnapshotState snap;
	FZ_CHECK(lk_store_cursor(st, &before, NULL) >= 0, "cursor");
	/* The all-or-nothing form: a resync answer forgets the cursor and applies
	 * nothing; any other page goes through lk_store_apply_page, whose every
	 * change passes lk_record_accept (the pull gate) before it is stored. */
	int rc = p->resync ? lk_store_reset_for_resync(st)
	                   : lk_store_apply_page(st, (const Lokmin__Change *const *)p->changes, p->n_changes, want,
	                                         p->snapshot, err, sizeof err);
	int active = lk_store_cursor(st, &after, &snap);
	FZ_CHECK(active >= 0, "cannot read the cursor after a page (rc %d)", rc);
	if (p->resync) {
		FZ_CHECK(rc == 0 && after == 0 && active == 0, "resync left cursor %" PRIu64 " (rc %d)", after, rc);
	} else if (rc != 0) {
		/* All or nothing: a refused page leaves the cursor where it was. */
		FZ_CHECK(after == before && active == 0, "refused page moved the cursor to %" PRIu64, after);
	} else {
		FZ_CHECK(after == want, "cursor %" PRIu64 ", page said %" PRIu64, after, want);
		FZ_CHECK(active == (p->snapshot != NULL), "snapshot state %d after a page with%s one", active,
		         p->snapshot ? "" : "out");
		if (p->snapshot)
			FZ_CHECK(snap.head == p->snapshot->head && snap.entity_index == p->snapshot->entity_index,
			         "snapshot position not kept");
		/* An applied page held only records the gate takes (unknown entities are parked). */
		for (size_t i = 0; i < p->n_changes; i++) {
			const struct lk_entity *e = lk_entity_find(p->changes[i]->entity);
			ProtobufCMessage *m = NULL;
			if (e == NULL)
				continue;
			FZ_CHECK(lk_record_accept(e, p->changes[i]->record.data, p->changes[i]->record.len,
			                          LK_STRICT_UNKNOWN_OK, &m, err, sizeof err) == 0,
			         "change %zu applied though the gate refuses it: %s", i, err);
			lk_record_free(m);
		}
	}
	struct lk_store_status stt;
	FZ_CHECK(lk_store_status(st, &stt) == 0, "status: %s", lk_store_error(st));
	FZ_CHECK(stt.pending_ops == 1, "the pending op is gone (%" PRId64 ")", stt.pending_ops);
	lk_store_close(&st);
	FZ_CHECK(s_integrity(dst), "PRAGMA integrity_check failed after a page (rc %d)", rc);

	/* As client/engine/sync.c s_pull: lk_store_apply_pulled holds back what the gate
	 * refuses; a healthy store has no other failure, so the page applies and
	 * the cursor moves on whatever the server sent. */
	if (!p->resync) {
		size_t held = 99, refused = s_refused(p);
		int strict = rc;
		st = s_fresh(dst, sizeof dst);
		rc = lk_store_apply_pulled(st, (const Lokmin__Change *const *)p->changes, p->n_changes, want, p->snapshot,
		                           &held, err, sizeof err);
		FZ_CHECK(rc == 0, "a page failed on a healthy store: %s", err);
		FZ_CHECK(held == refused, "%zu changes held back, the gate refuses %zu", held, refused);
		FZ_CHECK((strict == 0) == (held == 0), "all-or-nothing gave %d with %zu held back", strict, held);
		active = lk_store_cursor(st, &after, &snap);
		FZ_CHECK(active >= 0 && after == want, "cursor %" PRIu64 ", page said %" PRIu64, after, want);
		FZ_CHECK(active == (p->snapshot != NULL), "snapshot state %d after a page with%s one", active,
		         p->snapshot ? "" : "out");
		FZ_CHECK(lk_store_status(st, &stt) == 0, "status: %s", lk_store_error(st));
		FZ_CHECK(stt.pending_ops == 1, "the pending op is gone (%" PRId64 ")", stt.pending_ops);
		FZ_CHECK(stt.quarantined <= (int64_t)held && (held == 0) == (stt.quarantined == 0),
		         "%" PRId64 " in the quarantine after %zu held back", stt.quarantined, held);
		lk_store_close(&st);
		FZ_CHECK(s_integrity(dst), "PRAGMA integrity_check failed after a page held back %zu", held);
	}
	lokmin__pull_reply__free_unpacked(p, NULL);
	return 0;
}
