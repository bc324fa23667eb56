/* store_actor: who made each record's last change, as the device knows it (its own edits, then pulls). */
#include <sqlite3.h>

#include "lk_error.h"
#include "lk_util.h"
#include "store_priv.h"

/* One statement with text parameters; a row's first column into out. 0,
 * -LK_ENOTFOUND (no row, for a query) or negative. */
static int s_run(lk_store *s, const char *sql, const char *a, const char *b, const char *c, char *out,
                 size_t size)
{
	sqlite3_stmt *st = lk_store__prepared(s, sql);
	int rc;
	if (st == NULL)
		return -LK_EIO;
	const char *v[3] = {a, b, c};
	for (int i = 0; i < 3 && v[i]; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		lk_strlcpy(out, t ? (const char *)t : "", size);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = out ? -LK_ENOTFOUND : 0;
	} else {
		rc = lk_store__fail(s, rc, "record_actor");
	}
	lk_store__unprepared(s, st);
	return rc;
}

int lk_store__actor_note(lk_store *s, const char *entity, const char *id, const char *actor)
{
	if (actor == NULL || actor[0] == '\0')
		return s_run(s, "DELETE FROM record_actor WHERE entity = ?1 AND record_id = ?2", entity, id, NULL, NULL, 0);
	return s_run(s,
	             "INSERT INTO record_actor (entity, record_id, actor) VALUES (?1, ?2, ?3) "
	             "ON CONFLICT (entity, record_id) DO UPDATE SET actor = excluded.actor",
	             entity, id, actor, NULL, 0);
}

int lk_store_record_actor(lk_store *s, const struct lk_entity *e, const char *id, char *out, size_t size)
{
	if (size)
		out[0] = '\0';
	int rc = s_run(s, "SELECT actor FROM record_actor WHERE entity = ?1 AND record_id = ?2", e->name, id, NULL, out,
	               size);
	return rc == -LK_ENOTFOUND ? 0 : rc;
}
