/* pull: the pull handler of the sync engine: a page of the change log, or of a snapshot, in the device's scope. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "records.h"
#include "srv.h"

#define PULL_DEFAULT 500
#define PULL_MAX 5000
/* A page stops growing past this many record bytes, so it stays far below the
 * client's 4 MiB message limit even when records carry long minutes. */
#define PULL_BYTES (1024 * 1024)
#define NIL_UUID "00000000-0000-0000-0000-000000000000"

static const char *s_role(const struct lk_device *d)
{
	return lk_role_name(d->role);
}

static int s_add_change(struct req *r, Lokmin__PullReply *out, size_t cap, uint64_t seq, const char *entity,
                        const uint8_t *data, size_t len, const char *actor)
{
	if (out->n_changes == cap)
		return -LK_EINTERNAL;
	Lokmin__Change *c = req_alloc(r, sizeof *c);
	uint8_t *copy = req_alloc(r, len);
	char *ent = req_strdup(r, entity), *who = req_strdup(r, actor ? actor : "");
	if (c == NULL || copy == NULL || ent == NULL || who == NULL)
		return -LK_ENOMEM;
	lokmin__change__init(c);
	c->actor_id = who;
	memcpy(copy, data, len);
	c->seq = seq;
	c->entity = ent;
	c->record.data = copy;
	c->record.len = len;
	out->changes[out->n_changes++] = c;
	return 0;
}

static int s_snapshot(struct req *r, const Lokmin__PullRequest *in, Lokmin__PullReply *out, uint32_t limit,
                      uint64_t head)
{
	Lokmin__SnapshotState *st = req_alloc(r, sizeof *st);
	char after[LK_UUID_STRLEN] = NIL_UUID, lim[16];
	if (st == NULL)
		return -LK_ENOMEM;
	lokmin__snapshot_state__init(st);
	/* A state past the first row continues; an empty one starts (head may be 0
	 * when the kabupaten's log is still empty). */
	if (in->snapshot->head > 0 || in->snapshot->entity_index > 0 || in->snapshot->after_id[0]) {
		st->head = in->snapshot->head;
		st->entity_index = in->snapshot->entity_index;
		if (in->snapshot->after_id[0])
			lk_strlcpy(after, in->snapshot->after_id, sizeof after);
	} else {
		st->head = head; /* everything up to here is in the tables we are about to read */
	}
	size_t bytes = 0;
	int full = 0;
	while (!full && out->n_changes < limit && st->entity_index < lk_entities_count) {
		const struct lk_entity *e = &lk_entities[st->entity_index];
		char name[64];
		uint32_t want = limit - (uint32_t)out->n_changes;
		int pusk = r->dev.role == LOKMIN__ROLE__ROLE_PUSKESMAS;
		snprintf(name, sizeof name, pusk ? "%s_snap_pusk" : "%s_snap", e->name);
		snprintf(lim, sizeof lim, "%u", want);
		const char *p[6] = {r->dev.kabupaten, r->dev.kecamatan, r->dev.puskesmas, s_role(&r->dev), after, lim};
		const char *pp[5] = {r->dev.kabupaten, r->dev.kecamatan, r->dev.puskesmas, after, lim};
		PGresult *res = pusk ? db_exec(r->pg, name, 5, pp) : db_exec(r->pg, name, 6, p);
		if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
			int rc = db_error(r->pg, res);
			PQclear(res);
			return rc;
		}
		int rows = PQntuples(res), used = 0;
		for (int i = 0; i < rows && !full; i++) {
			ProtobufCMessage *m = records_from_row(e, res, i, 0);
			uint8_t *buf;
			size_t len;
			int rc = m ? lk_record_encode(m, &buf, &len) : -LK_EINTERNAL;
			lk_record_free(m);
			if (rc == 0 && out->n_changes > 0 && bytes + len > PULL_BYTES) {
				full = 1; /* the rest of this entity comes with the next page */
				free(buf);
				break;
			}
			if (rc == 0) {
				rc = s_add_change(r, out, limit, 0, e->name, buf, len, PQgetvalue(res, i, records_ncols(e)));
				bytes += len;
				used++;
				free(buf);
			}
			if (rc != 0) {
				PQclear(res);
				return rc;
			}
		}
		if (full) {
			if (used > 0)
				lk_strlcpy(after, PQgetvalue(res, used - 1, 0), sizeof after);
		} else if ((uint32_t)rows < want) {
			st->entity_index++;
			lk_strlcpy(after, NIL_UUID, sizeof after);
		} else {
			lk_strlcpy(after, PQgetvalue(res, rows - 1, 0), sizeof after);
		}
		PQclear(res);
	}
	out->more = 1;
	if (st->entity_index >= lk_entities_count) {
		out->cursor = st->head; /* done: continue from the log */
	} else {
		st->after_id = req_strdup(r, strcmp(after, NIL_UUID) ? after : "");
		if (st->after_id == NULL)
			return -LK_ENOMEM;
		out->snapshot = st;
	}
	return 0;
}

int h_pull(struct req *r)
{
	const Lokmin__PullRequest *in = r->in->pull;
	uint32_t limit = in->limit ? in->limit : PULL_DEFAULT;
	char cursor[24], lim[16];
	PGresult *res;
	int rc;

	if (limit > PULL_MAX)
		limit = PULL_MAX;
	Lokmin__PullReply *out = req_alloc(r, sizeof *out);
	if (out == NULL || (out->changes = NULL, 0))
		return -LK_ENOMEM;
	lokmin__pull_reply__init(out);
	out->changes = req_alloc(r, limit * sizeof *out->changes);
	if (out->changes == NULL)
		return -LK_ENOMEM;
	r->out->body_case = LOKMIN__REPLY__BODY_PULL;
	r->out->pull = out;

	/* One snapshot of the database for the whole page. */
	if ((rc = db_command(r->pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")) != 0)
		return rc;
	const char *pk[1] = {r->dev.kabupaten};
	res = db_exec(r->pg, "counter_get", 1, pk);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		rc = res && PQresultStatus(res) == PGRES_TUPLES_OK ? -LK_EINTERNAL : db_error(r->pg, res);
		PQclear(res);
		goto done;
	}
	uint64_t head = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	uint64_t pruned = strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);

	if (in->snapshot) {
		rc = s_snapshot(r, in, out, limit, head);
		goto done;
	}
	if (in->cursor < pruned || in->cursor > head) {
		/* Older than the retained log, or ahead of it (restored database). */
		out->resync = 1;
		out->cursor = 0;
		goto done;
	}
	snprintf(cursor, sizeof cursor, "%" PRIu64, in->cursor);
	snprintf(lim, sizeof lim, "%u", limit);
	const char *p[6] = {r->dev.kabupaten, r->dev.kecamatan, r->dev.puskesmas, s_role(&r->dev), cursor, lim};
	res = db_exec(r->pg, "log_pull", 6, p);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = db_error(r->pg, res);
		PQclear(res);
		goto done;
	}
	out->cursor = in->cursor;
	size_t bytes = 0;
	int full = 0;
	for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
		const char *hex = PQgetvalue(res, i, 2);
		size_t len = strlen(hex) / 2;
		if (out->n_changes > 0 && bytes + len > PULL_BYTES) {
			full = 1; /* the cursor stops at the last change sent */
			break;
		}
		bytes += len;
		uint8_t *buf = malloc(len ? len : 1);
		if (buf == NULL || lk_hex_decode(buf, len, hex) != 0)
			rc = -LK_EINTERNAL;
		else
			rc = s_add_change(r, out, limit, strtoull(PQgetvalue(res, i, 0), NULL, 10), PQgetvalue(res, i, 1),
			                  buf, len, PQgetvalue(res, i, 3));
		free(buf);
		out->cursor = strtoull(PQgetvalue(res, i, 0), NULL, 10);
	}
	out->more = full || (uint32_t)PQntuples(res) == limit;
	PQclear(res);
done:
	db_command(r->pg, rc == 0 ? "COMMIT" : "ROLLBACK");
	return rc;
}
