/* web_names: records, fields and people as a page names them (a meeting by its date, a person by name), never by id. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "lk_date.h"
#include "lk_entity.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "record_ops.h"
#include "resolve.h"
#include "store.h"
#include "web_priv.h"

const char *web_entity_word(const char *entity)
{
	static const struct {
		const char *entity, *word;
	} words[] = {
		{"meeting", N_("Meeting")},        {"person", N_("Person")},         {"rtl", N_("Action item")},
		{"problem", N_("Problem")},        {"minutes", N_("Minutes")},       {"invitation", N_("Invitation")},
		{"material", N_("Material")},      {"attendance", N_("Attendance")}, {"meeting_item", N_("Agenda item")},
		{"commitment", N_("Commitment")},  {"sector", N_("Sector")},         {"achievement", N_("Achievement")},
	};
	for (size_t i = 0; entity && i < LK_ARRAY_LEN(words); i++)
		if (!strcmp(words[i].entity, entity))
			return _(words[i].word);
	return entity ? entity : "";
}

const char *web_field_word(const char *field)
{
	static const struct {
		const char *field, *word;
	} words[] = {
		{"notes", N_("Notes")},       {"title", N_("Title")},        {"place", N_("Place")},
		{"planned_date", N_("Date")}, {"name", N_("Name")},          {"activity", N_("Activity")},
		{"status", N_("Status")},     {"due_date", N_("Due date")},  {"description", N_("Description")},
		{"phone", N_("Phone")},       {"role", N_("Role")},          {"programmes", N_("Programmes")},
		{"puskesmas", N_("Puskesmas")}, {"deleted", N_("Deleted")},  {"body", N_("Text")},
	};
	for (size_t i = 0; field && i < LK_ARRAY_LEN(words); i++)
		if (!strcmp(words[i].field, field))
			return _(words[i].word);
	return field ? field : "";
}

/* A meeting by its date, else by its month and year. */
static void s_meeting(const ProtobufCMessage *m, enum lk_lang lang, char *out, size_t n)
{
	char *date = lk_record_get(m, "planned_date"), *year = lk_record_get(m, "year"), *period = lk_record_get(m, "period"),
	     *kind = lk_record_get(m, "kind");
	char text[LK_FMT_LEN];
	struct lk_date d;
	if (date && lk_date_parse(date, &d) == 0 && lk_fmt_date(text, sizeof text, &d, lang) == 0)
		snprintf(out, n, _("Meeting of %s"), text);
	else if (kind && !strcmp(kind, "monthly") && period && year && atoi(period) >= 1 && atoi(period) <= 12)
		snprintf(out, n, _("Meeting of %s %s"), lk_fmt_month(atoi(period), lang), year);
	else
		snprintf(out, n, _("Meeting %s/%s"), period ? period : "", year ? year : "");
	free(date);
	free(year);
	free(period);
	free(kind);
}

void web_record_name(struct web_app *a, const char *entity, const char *id, enum lk_lang lang, char *out, size_t n)
{
	const struct lk_entity *e = lk_entity_find(entity);
	ProtobufCMessage *m = NULL;
	char handle[80];

	out[0] = '\0';
	if (e && a->d.st && lk_store_get(a->d.st, e, id, &m) == 0) {
		if (!strcmp(entity, "meeting")) {
			s_meeting(m, lang, out, n);
		} else {
			static const char *const fields[] = {"name", "title", "activity", "description"};
			for (size_t i = 0; i < LK_ARRAY_LEN(fields) && !out[0]; i++) {
				if (lk_entity_field(e, fields[i]) == NULL)
					continue;
				char *v = lk_record_get(m, fields[i]);
				if (v && v[0])
					snprintf(out, n, "%s: %s", web_entity_word(entity), v);
				free(v);
			}
		}
	}
	lk_record_free(m);
	if (out[0])
		return;
	if (a->d.st && dom_handle(a->d.st, &a->d.office, dom_record_kind(entity), id, handle, sizeof handle) == 0)
		snprintf(out, n, "%s %s", web_entity_word(entity), handle);
	else
		snprintf(out, n, _("%s (not on this device)"), web_entity_word(entity));
}

void web_person_name(struct web_app *a, const char *person_id, char *out, size_t n)
{
	ProtobufCMessage *m = NULL;
	out[0] = '\0';
	if (person_id && person_id[0] && a->d.st && lk_store_get(a->d.st, lk_entity_find("person"), person_id, &m) == 0) {
		char *v = lk_record_get(m, "name");
		if (v)
			lk_strlcpy(out, v, n);
		free(v);
	}
	lk_record_free(m);
}

void web_when_ms(struct web_app *a, int64_t ms, enum lk_lang lang, char *out, size_t n)
{
	const struct lk_tz *tz = NULL;
	if (ms <= 0 || dom_zone(&a->d, &tz, NULL) != 0 ||
	    lk_fmt_at(out, n, tz, ms / 1000, LK_FMT_DATE | LK_FMT_TIME, lang) != 0)
		lk_strlcpy(out, "", n);
}
