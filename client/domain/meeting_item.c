/* meeting_item: the information, decisions, audit results and feedback recorded at a meeting. */
#include <stdlib.h>
#include <string.h>

#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "meeting.h"
#include "meeting_records.h"
#include "store.h"

int dom_meeting_item_add(struct dom *d, const struct dom_meeting_item_add_in *in, char id[40], struct dom_err *err)
{
	ProtobufCMessage *mt = NULL, *it;
	char why[300] = "";
	int rc;
	if (in->kind == NULL || in->text == NULL)
		return dom_fail(err, -LK_EINVAL,
		                _("meeting item needs --kind (information, decision, audit, feedback) and --text"));
	if (lk_store_get(d->st, lk_entity_find("meeting"), in->meeting_id, &mt) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no meeting %s on this device"), in->meeting_id);
	it = record_for_meeting("meeting_item", mt);
	if (it == NULL || lk_record_set(it, "kind", in->kind) || lk_record_set(it, "source", in->source ? in->source : "") ||
	    lk_record_set(it, "text", in->text))
		rc = dom_fail(err, -LK_ENOMEM, _("out of memory"));
	else if ((rc = lk_store_put(d->st, lk_entity_find("meeting_item"), it, NULL, 0, why, sizeof why)) != 0)
		dom_fail(err, rc, "%s", why[0] ? why : lk_strerror(rc));
	else
		lk_strlcpy(id, lk_record_id(it), 40);
	lk_record_free(it);
	lk_record_free(mt);
	return rc;
}

struct s_items {
	const char *meeting;
	struct dom_meeting_item *rows;
	size_t n, cap;
};

static void s_copy(const ProtobufCMessage *m, const char *field, char *out, size_t size)
{
	char *v = lk_record_get(m, field);
	lk_strlcpy(out, v ? v : "", size);
	free(v);
}

static int s_item_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_items *it = arg;
	char mid[40];
	(void)e;
	s_copy(m, "meeting_id", mid, sizeof mid);
	if (lk_record_deleted(m) || strcmp(mid, it->meeting))
		return 0;
	if (it->n == it->cap) {
		size_t cap = it->cap ? it->cap * 2 : 8;
		struct dom_meeting_item *nr = realloc(it->rows, cap * sizeof *nr);
		if (nr == NULL)
			return -LK_ENOMEM;
		it->rows = nr;
		it->cap = cap;
	}
	struct dom_meeting_item *r = &it->rows[it->n++];
	memset(r, 0, sizeof *r);
	lk_strlcpy(r->id, lk_record_id(m), sizeof r->id);
	s_copy(m, "kind", r->kind, sizeof r->kind);
	s_copy(m, "source", r->source, sizeof r->source);
	s_copy(m, "text", r->text, sizeof r->text);
	return 0;
}

int dom_meeting_items(struct dom *d, const char *meeting_id, struct dom_meeting_item **out, size_t *n,
                      struct dom_err *err)
{
	struct s_items it = {meeting_id, NULL, 0, 0};
	int rc = lk_store_list(d->st, lk_entity_find("meeting_item"), s_item_row, &it);
	*out = NULL;
	*n = 0;
	if (rc < 0) {
		free(it.rows);
		return dom_fail(err, rc, _("cannot read the items: %s"), lk_store_error(d->st));
	}
	*out = it.rows;
	*n = it.n;
	return 0;
}
