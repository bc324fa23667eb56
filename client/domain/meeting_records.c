/* meeting_records: helpers for writing meeting records: a new record for a meeting, closing dates and progress notes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "lk_date.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "meeting_records.h"

ProtobufCMessage *record_for_meeting(const char *entity, const ProtobufCMessage *meeting)
{
	const struct lk_entity *e = lk_entity_find(entity);
	ProtobufCMessage *m = e ? lk_record_new(e) : NULL;
	const char *kab, *kec, *pusk;
	char id[LK_UUID_STRLEN];
	lk_uuid u;
	if (m == NULL)
		return NULL;
	lk_uuid_v7(&u);
	lk_record_keys(meeting, &kab, &kec, &pusk);
	if (lk_record_set(m, "id", lk_uuid_format(&u, id)) || lk_record_set(m, "kabupaten", kab) ||
	    lk_record_set(m, "kecamatan", kec) || lk_record_set(m, "puskesmas", pusk) ||
	    lk_record_set(m, "meeting_id", lk_record_id(meeting))) {
		lk_record_free(m);
		return NULL;
	}
	return m;
}

int set_closed_on(const struct dom *d, ProtobufCMessage *r, const char *status, const char *date, const char **fields,
                  size_t *nf)
{
	char today[16], *cur = lk_record_get(r, "closed_on");
	int closing = !strcmp(status, "done") || !strcmp(status, "dropped") || !strcmp(status, "verified");
	int rc = 0;
	if (date == NULL)
		date = dom_today_text(d, today);
	/* Verifying keeps the day the work was done; reopening clears it. */
	const char *want = !closing ? "" : cur[0] && !strcmp(status, "verified") ? cur : date;
	if (strcmp(cur, want) != 0) {
		rc = lk_record_set(r, "closed_on", want);
		fields[(*nf)++] = "closed_on";
	}
	free(cur);
	return rc;
}

int append_note(const struct dom *d, ProtobufCMessage *r, const char *date, const char *byline, const char *note)
{
	char today[16], *old = lk_record_get(r, "status_note");
	if (date == NULL)
		date = dom_today_text(d, today);
	char *text = malloc(strlen(old) + strlen(note) + strlen(byline) + 32);
	int rc = -LK_ENOMEM;
	if (text) {
		sprintf(text, "%s%s%s: %s%s%s", old, *old ? "\n" : "", date, byline, *byline && *note ? "; " : "", note);
		rc = lk_record_set(r, "status_note", text);
	}
	free(text);
	free(old);
	return rc;
}
