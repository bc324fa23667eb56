/* lk_entity: the table of synced entities and generic access to their records by field name. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lk_date.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_signer.h"
#include "lk_utf8.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "lk_zone.h"
#include "lokmin.pb-c.h"

/* ---------------------------------------------------------------- the table */

static const char *const s_meeting_kinds[] = {"monthly", "quarterly", NULL};
static const char *const s_meeting_status[] = {"planned", "held", "postponed", "cancelled", "missed", NULL};
static const char *const s_rtl_status[] = {"open", "in_progress", "done", "verified", "dropped", NULL};
static const char *const s_conflict_kinds[] = {"scalar", "narrative", NULL};
static const char *const s_winners[] = {"server", "client", "none", NULL};

static const struct lk_field s_sector[] = {
	{"code", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 32, NULL},
	{"name", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 200, NULL},
	{"kind", LK_F_TEXT, LK_MERGE_LWW, 0, 40, NULL},
	{"contact", LK_F_TEXT, LK_MERGE_LWW, 0, 300, NULL},
};

static const struct lk_field s_person[] = {
	{"sector_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"name", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 200, NULL},
	{"title", LK_F_TEXT, LK_MERGE_LWW, 0, 200, NULL},
	{"role", LK_F_TEXT, LK_MERGE_LWW, 0, 40, NULL},
	{"nip", LK_F_TEXT, LK_MERGE_LWW, 0, 40, NULL},
	{"phone", LK_F_TEXT, LK_MERGE_LWW, 0, 40, NULL},
	{"sign_pk", LK_F_HEX, LK_MERGE_LWW, 0, 64, NULL},
	{"programmes", LK_F_TEXT, LK_MERGE_LWW, 0, 500, NULL},
	{"pangkat", LK_F_TEXT, LK_MERGE_LWW, 0, 80, NULL},
};

static const char *const s_key_capacity[] = {"head", "deputy", NULL};
static const char *const s_key_status[] = {"pending", "active", "revoked", NULL};
static const char *const s_delegation_kinds[] = {"plt", "plh", "an", NULL};

static const struct lk_field s_signer_key[] = {
	{"person_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"public_key", LK_F_HEX, LK_MERGE_FIXED, LK_FF_REQUIRED, 64, NULL},
	{"capacity", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, s_key_capacity},
	{"created_at", LK_F_TIME, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"device_name", LK_F_TEXT, LK_MERGE_FIXED, 0, 200, NULL},
	{"endorsed_by", LK_F_UUID, LK_MERGE_FIXED, 0, 0, NULL},
	{"endorsement", LK_F_HEX, LK_MERGE_FIXED, 0, 128, NULL},
	{"replaces", LK_F_BOOL, LK_MERGE_FIXED, 0, 0, NULL},
	{"status", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 0, s_key_status},
	{"confirmed_at", LK_F_TIME, LK_MERGE_LWW, 0, 0, NULL},
	{"revoked_at", LK_F_TIME, LK_MERGE_LWW, 0, 0, NULL},
	{"status_note", LK_F_TEXT, LK_MERGE_LWW, 0, 1000, NULL},
};

static const struct lk_field s_delegation[] = {
	{"person_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"kind", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, s_delegation_kinds},
	{"valid_from", LK_F_DATE, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"valid_until", LK_F_DATE, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"granted_by_key", LK_F_UUID, LK_MERGE_FIXED, 0, 0, NULL},
	{"grant_signature", LK_F_HEX, LK_MERGE_FIXED, 0, 128, NULL},
	{"granted_at", LK_F_TIME, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"note", LK_F_TEXT, LK_MERGE_FIXED, 0, 500, NULL},
};

static const struct lk_field s_meeting[] = {
	{"kind", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, s_meeting_kinds},
	{"year", LK_F_INT, LK_MERGE_FIXED, 0, 0, NULL},
	{"period", LK_F_INT, LK_MERGE_FIXED, 0, 0, NULL},
	{"planned_date", LK_F_DATE, LK_MERGE_LWW, 0, 0, NULL},
	{"held_date", LK_F_DATE, LK_MERGE_LWW, 0, 0, NULL},
	{"status", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 0, s_meeting_status},
	{"title", LK_F_TEXT, LK_MERGE_LWW, 0, 300, NULL},
	{"place", LK_F_TEXT, LK_MERGE_LWW, 0, 300, NULL},
	{"status_reason", LK_F_TEXT, LK_MERGE_LWW, 0, 1000, NULL},
	{"team_building", LK_F_BOOL, LK_MERGE_LWW, 0, 0, NULL},
	{"notes", LK_F_NARRATIVE, LK_MERGE_KEEP_BOTH, 0, 0, NULL},
};

static const char *const s_event_actions[] = {"postponed", "cancelled", "held", "rescheduled", NULL};

static const struct lk_field s_meeting_event[] = {
	{"meeting_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"action", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, s_event_actions},
	{"from_date", LK_F_DATE, LK_MERGE_FIXED, 0, 0, NULL},
	{"to_date", LK_F_DATE, LK_MERGE_FIXED, 0, 0, NULL},
	{"reason", LK_F_TEXT, LK_MERGE_LWW, 0, 1000, NULL},
	{"at", LK_F_TIME, LK_MERGE_FIXED, 0, 0, NULL},
};

static const struct lk_field s_material[] = {
	{"meeting_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"person_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"programme", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 40, NULL},
	{"submitted_at", LK_F_TIME, LK_MERGE_LWW, LK_FF_REQUIRED, 0, NULL},
	{"note", LK_F_NARRATIVE, LK_MERGE_KEEP_BOTH, 0, 0, NULL},
};

static const struct lk_field s_problem[] = {
	{"meeting_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"indicator_code", LK_F_TEXT, LK_MERGE_LWW, 0, 24, NULL},
	{"gap", LK_F_TEXT, LK_MERGE_LWW, 0, 300, NULL},
	{"description", LK_F_NARRATIVE, LK_MERGE_KEEP_BOTH, LK_FF_REQUIRED, 0, NULL},
	{"root_causes", LK_F_NARRATIVE, LK_MERGE_KEEP_BOTH, 0, 0, NULL},
	{"urgency", LK_F_INT, LK_MERGE_LWW, 0, 0, NULL},
	{"seriousness", LK_F_INT, LK_MERGE_LWW, 0, 0, NULL},
	{"growth", LK_F_INT, LK_MERGE_LWW, 0, 0, NULL},
	{"recommendation", LK_F_NARRATIVE, LK_MERGE_KEEP_BOTH, 0, 0, NULL},
	{"cross_sector", LK_F_BOOL, LK_MERGE_LWW, 0, 0, NULL},
};

static const char *const s_item_kinds[] = {"information", "decision", "audit", "feedback", NULL};

static const struct lk_field s_meeting_item[] = {
	{"meeting_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"kind", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 0, s_item_kinds},
	{"source", LK_F_TEXT, LK_MERGE_LWW, 0, 200, NULL},
	{"text", LK_F_NARRATIVE, LK_MERGE_KEEP_BOTH, LK_FF_REQUIRED, 0, NULL},
};

static const struct lk_field s_invitation[] = {
	{"meeting_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"number", LK_F_TEXT, LK_MERGE_LWW, 0, 100, NULL},
	{"issued_date", LK_F_DATE, LK_MERGE_LWW, 0, 0, NULL},
	{"document", LK_F_NARRATIVE, LK_MERGE_LWW, LK_FF_REQUIRED, 0, NULL},
	{"signer_person_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"signature", LK_F_HEX, LK_MERGE_LWW, 0, 128, NULL},
	{"signed_at", LK_F_TIME, LK_MERGE_LWW, 0, 0, NULL},
	{"signer_key_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
};

static const struct lk_field s_minutes[] = {
	{"meeting_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"revision", LK_F_INT, LK_MERGE_FIXED, 0, 0, NULL},
	{"supersedes_id", LK_F_UUID, LK_MERGE_FIXED, 0, 0, NULL},
	{"change_note", LK_F_TEXT, LK_MERGE_LWW, 0, 2000, NULL},
	{"effective_date", LK_F_DATE, LK_MERGE_LWW, 0, 0, NULL},
	{"document", LK_F_NARRATIVE, LK_MERGE_KEEP_BOTH, LK_FF_REQUIRED, 0, NULL},
	{"signer_person_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"signature", LK_F_HEX, LK_MERGE_LWW, 0, 128, NULL},
	{"signed_at", LK_F_TIME, LK_MERGE_LWW, 0, 0, NULL},
	{"submitted_at", LK_F_TIME, LK_MERGE_LWW, 0, 0, NULL},
	{"signer_key_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"chair_person_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"notulis_person_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"start_time", LK_F_TEXT, LK_MERGE_LWW, 0, 5, NULL},
	{"end_time", LK_F_TEXT, LK_MERGE_LWW, 0, 5, NULL},
};

static const struct lk_field s_attendance[] = {
	{"meeting_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"person_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"name", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 200, NULL},
	{"role", LK_F_TEXT, LK_MERGE_LWW, 0, 200, NULL},
	{"sector_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"invited", LK_F_BOOL, LK_MERGE_LWW, 0, 0, NULL},
	{"present", LK_F_BOOL, LK_MERGE_LWW, 0, 0, NULL},
	{"checked_in_at", LK_F_TIME, LK_MERGE_LWW, 0, 0, NULL},
	{"walk_in", LK_F_BOOL, LK_MERGE_LWW, 0, 0, NULL},
};

static const struct lk_field s_rtl[] = {
	{"meeting_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"activity", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 1000, NULL},
	{"objective", LK_F_TEXT, LK_MERGE_LWW, 0, 1000, NULL},
	{"target_group", LK_F_TEXT, LK_MERGE_LWW, 0, 300, NULL},
	{"place", LK_F_TEXT, LK_MERGE_LWW, 0, 300, NULL},
	{"due_date", LK_F_DATE, LK_MERGE_LWW, LK_FF_REQUIRED, 0, NULL},
	{"owner_person_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"owner_sector_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"resources", LK_F_TEXT, LK_MERGE_LWW, 0, 1000, NULL},
	{"success_indicator", LK_F_TEXT, LK_MERGE_LWW, 0, 1000, NULL},
	{"status", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 0, s_rtl_status},
	{"status_note", LK_F_NARRATIVE, LK_MERGE_KEEP_BOTH, 0, 0, NULL},
	{"owner_puskesmas", LK_F_TEXT, LK_MERGE_LWW, 0, 11, NULL},
	{"closed_on", LK_F_DATE, LK_MERGE_LWW, 0, 0, NULL},
	{"verified_by", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"verified_key_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"verified_at", LK_F_TIME, LK_MERGE_LWW, 0, 0, NULL},
	{"verification_sig", LK_F_HEX, LK_MERGE_LWW, 0, 128, NULL},
};

static const char *const s_commitment_status[] = {"open", "in_progress", "done", "dropped", NULL};

static const struct lk_field s_commitment[] = {
	{"meeting_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"sector_id", LK_F_UUID, LK_MERGE_LWW, LK_FF_REQUIRED, 0, NULL},
	{"problem_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"support", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 2000, NULL},
	{"period_start", LK_F_DATE, LK_MERGE_LWW, 0, 0, NULL},
	{"period_end", LK_F_DATE, LK_MERGE_LWW, 0, 0, NULL},
	{"contact", LK_F_TEXT, LK_MERGE_LWW, 0, 300, NULL},
	{"status", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 0, s_commitment_status},
	{"status_note", LK_F_NARRATIVE, LK_MERGE_KEEP_BOTH, 0, 0, NULL},
	{"closed_on", LK_F_DATE, LK_MERGE_LWW, 0, 0, NULL},
};

static const struct lk_field s_attachment[] = {
	{"owner_entity", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 40, NULL},
	{"owner_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"hash", LK_F_HEX, LK_MERGE_FIXED, LK_FF_REQUIRED, 64, NULL},
	{"size", LK_F_INT, LK_MERGE_FIXED, 0, 0, NULL},
	{"mime", LK_F_TEXT, LK_MERGE_FIXED, 0, 100, NULL},
	{"filename", LK_F_TEXT, LK_MERGE_LWW, 0, 255, NULL},
	{"caption", LK_F_TEXT, LK_MERGE_LWW, 0, 1000, NULL},
};

static const char *const s_zones[] = {LK_ZONE_WIB, LK_ZONE_WITA, LK_ZONE_WIT, NULL};

static const struct lk_field s_office_profile[] = {
	{"pemerintah", LK_F_TEXT, LK_MERGE_LWW, 0, 200, NULL},
	{"dinas", LK_F_TEXT, LK_MERGE_LWW, 0, 200, NULL},
	{"unit_name", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 200, NULL},
	{"address", LK_F_TEXT, LK_MERGE_LWW, 0, 300, NULL},
	{"phone", LK_F_TEXT, LK_MERGE_LWW, 0, 60, NULL},
	{"email", LK_F_TEXT, LK_MERGE_LWW, 0, 200, NULL},
	{"website", LK_F_TEXT, LK_MERGE_LWW, 0, 200, NULL},
	{"logo_attachment_id", LK_F_UUID, LK_MERGE_LWW, 0, 0, NULL},
	{"place", LK_F_TEXT, LK_MERGE_LWW, 0, 100, NULL},
	{"letter_number_pattern", LK_F_TEXT, LK_MERGE_LWW, 0, 100, NULL},
	{"time_zone", LK_F_TEXT, LK_MERGE_LWW, 0, 40, s_zones},
};

static const struct lk_field s_conflict[] = {
	{"record_entity", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 40, NULL},
	{"record_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"field", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 64, NULL},
	{"kind", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, s_conflict_kinds},
	{"server_value", LK_F_NARRATIVE, LK_MERGE_FIXED, 0, 0, NULL},
	{"client_value", LK_F_NARRATIVE, LK_MERGE_FIXED, 0, 0, NULL},
	{"winner", LK_F_TEXT, LK_MERGE_LWW, 0, 0, s_winners},
	{"device_id", LK_F_UUID, LK_MERGE_FIXED, 0, 0, NULL},
	{"resolved", LK_F_BOOL, LK_MERGE_LWW, 0, 0, NULL},
	{"resolution", LK_F_TEXT, LK_MERGE_LWW, 0, 1000, NULL},
};

static const struct lk_field s_achievement[] = {
	{"indicator_code", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 24, NULL},
	{"year", LK_F_INT, LK_MERGE_FIXED, 0, 0, NULL},
	{"month", LK_F_INT, LK_MERGE_FIXED, 0, 0, NULL},
	{"desa", LK_F_TEXT, LK_MERGE_FIXED, 0, 10, NULL},
	{"numerator", LK_F_REAL, LK_MERGE_LWW, 0, 0, NULL},
	{"denominator", LK_F_REAL, LK_MERGE_LWW, 0, 0, NULL},
	{"note", LK_F_TEXT, LK_MERGE_LWW, 0, 1000, NULL},
};

static const struct lk_field s_target[] = {
	{"indicator_code", LK_F_TEXT, LK_MERGE_FIXED, LK_FF_REQUIRED, 24, NULL},
	{"year", LK_F_INT, LK_MERGE_FIXED, 0, 0, NULL},
	{"annual_target", LK_F_REAL, LK_MERGE_LWW, 0, 0, NULL},
	{"sasaran", LK_F_REAL, LK_MERGE_LWW, 0, 0, NULL},
};

static const char *const s_review_status[] = {"acknowledged", "needs_revision", NULL};

static const struct lk_field s_minutes_review[] = {
	{"minutes_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"meeting_id", LK_F_UUID, LK_MERGE_FIXED, LK_FF_REQUIRED, 0, NULL},
	{"status", LK_F_TEXT, LK_MERGE_LWW, LK_FF_REQUIRED, 0, s_review_status},
	{"feedback", LK_F_NARRATIVE, LK_MERGE_KEEP_BOTH, 0, 0, NULL},
	{"reviewer", LK_F_TEXT, LK_MERGE_LWW, 0, 200, NULL},
	{"reviewed_at", LK_F_TIME, LK_MERGE_LWW, LK_FF_REQUIRED, 0, NULL},
};

#define ENTITY(n, tbl, msg, scope, f, srv) {n, tbl, &msg, scope, f, LK_ARRAY_LEN(f), srv}

/* Order matters: snapshots walk entities in this order, so referenced records come first. */
const struct lk_entity lk_entities[] = {
	ENTITY("sector", "sector", lokmin__sector__descriptor, LK_SCOPE_KECAMATAN, s_sector, 0),
	ENTITY("person", "person", lokmin__person__descriptor, LK_SCOPE_KABUPATEN, s_person, 0),
	ENTITY("signer_key", "signer_key", lokmin__signer_key__descriptor, LK_SCOPE_KECAMATAN, s_signer_key, 0),
	ENTITY("delegation", "delegation", lokmin__delegation__descriptor, LK_SCOPE_KECAMATAN, s_delegation, 0),
	ENTITY("meeting", "meeting", lokmin__meeting__descriptor, LK_SCOPE_KECAMATAN, s_meeting, 0),
	ENTITY("meeting_event", "meeting_event", lokmin__meeting_event__descriptor, LK_SCOPE_KECAMATAN, s_meeting_event, 0),
	ENTITY("material", "material", lokmin__material__descriptor, LK_SCOPE_KECAMATAN, s_material, 0),
	ENTITY("problem", "problem", lokmin__problem__descriptor, LK_SCOPE_KECAMATAN, s_problem, 0),
	ENTITY("meeting_item", "meeting_item", lokmin__meeting_item__descriptor, LK_SCOPE_KECAMATAN, s_meeting_item, 0),
	ENTITY("invitation", "invitation", lokmin__invitation__descriptor, LK_SCOPE_KECAMATAN, s_invitation, 0),
	ENTITY("minutes", "minutes", lokmin__minutes__descriptor, LK_SCOPE_KECAMATAN, s_minutes, 0),
	ENTITY("minutes_review", "minutes_review", lokmin__minutes_review__descriptor, LK_SCOPE_KECAMATAN,
	       s_minutes_review, 0),
	ENTITY("attendance", "attendance", lokmin__attendance__descriptor, LK_SCOPE_KECAMATAN, s_attendance, 0),
	ENTITY("rtl", "rtl_item", lokmin__rtl_item__descriptor, LK_SCOPE_KECAMATAN, s_rtl, 0),
	ENTITY("commitment", "commitment", lokmin__commitment__descriptor, LK_SCOPE_KECAMATAN, s_commitment, 0),
	ENTITY("target", "indicator_target", lokmin__target__descriptor, LK_SCOPE_PUSKESMAS, s_target, 0),
	ENTITY("achievement", "achievement", lokmin__achievement__descriptor, LK_SCOPE_PUSKESMAS, s_achievement, 0),
	ENTITY("attachment", "attachment", lokmin__attachment_ref__descriptor, LK_SCOPE_KECAMATAN, s_attachment, 0),
	ENTITY("conflict", "sync_conflict", lokmin__conflict__descriptor, LK_SCOPE_KABUPATEN, s_conflict, 1),
	/* Last, so the snapshot positions of the entities before it stay what they were. */
	ENTITY("office_profile", "office_profile", lokmin__office_profile__descriptor, LK_SCOPE_KECAMATAN,
	       s_office_profile, 0),
};
const size_t lk_entities_count = LK_ARRAY_LEN(lk_entities);
_Static_assert(LK_ARRAY_LEN(lk_entities) <= LK_MAX_ENTITIES, "raise LK_MAX_ENTITIES");

static const char *const s_header[] = {"id", "rev", "hlc", "deleted", "kabupaten", "kecamatan", "puskesmas"};

const struct lk_entity *lk_entity_find(const char *name)
{
	for (size_t i = 0; name && i < lk_entities_count; i++)
		if (strcmp(lk_entities[i].name, name) == 0)
			return &lk_entities[i];
	return NULL;
}

const struct lk_field *lk_entity_field(const struct lk_entity *e, const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return &e->fields[i];
	return NULL;
}

int lk_is_header_field(const char *name)
{
	for (size_t i = 0; i < LK_ARRAY_LEN(s_header); i++)
		if (strcmp(s_header[i], name) == 0)
			return 1;
	return 0;
}

const char *lk_column_name(const char *field)
{
	if (!strcmp(field, "kabupaten"))
		return "kabupaten_code";
	if (!strcmp(field, "kecamatan"))
		return "kecamatan_code";
	if (!strcmp(field, "puskesmas"))
		return "puskesmas_code";
	return field;
}

/* ---------------------------------------------------------------- records */

ProtobufCMessage *lk_record_new(const struct lk_entity *e)
{
	ProtobufCMessage *m = calloc(1, e->desc->sizeof_message);
	if (m)
		e->desc->message_init(m);
	return m;
}

void lk_record_free(ProtobufCMessage *m)
{
	if (m)
		protobuf_c_message_free_unpacked(m, NULL);
}

ProtobufCMessage *lk_record_decode(const struct lk_entity *e, const uint8_t *buf, size_t len)
{
	return protobuf_c_message_unpack(e->desc, NULL, len, buf ? buf : (const uint8_t *)"");
}

int lk_record_encode(const ProtobufCMessage *m, uint8_t **buf, size_t *len)
{
	size_t n = protobuf_c_message_get_packed_size(m);
	uint8_t *b = malloc(n ? n : 1);
	if (b == NULL)
		return -LK_ENOMEM;
	*len = protobuf_c_message_pack(m, b);
	*buf = b;
	return 0;
}

ProtobufCMessage *lk_record_copy(const struct lk_entity *e, const ProtobufCMessage *m)
{
	uint8_t *buf;
	size_t len;
	if (lk_record_encode(m, &buf, &len) != 0)
		return NULL;
	ProtobufCMessage *c = lk_record_decode(e, buf, len);
	free(buf);
	return c;
}

/* Field lookups by name come in the millions during a sync, nearly always with
 * the same few name constants: each thread remembers its recent answers by the
 * descriptor's and the name's addresses, and searches all names only otherwise. */
#define S_FD_SLOTS 512
static _Thread_local struct {
	const ProtobufCMessageDescriptor *desc;
	const char *name;
	const ProtobufCFieldDescriptor *fd;
} s_fd_seen[S_FD_SLOTS];

static const ProtobufCFieldDescriptor *s_fd(const ProtobufCMessage *m, const char *field)
{
	uintptr_t h = ((uintptr_t)m->descriptor >> 4) ^ ((uintptr_t)field >> 3) ^ ((uintptr_t)field >> 12);
	size_t k = (size_t)(h % S_FD_SLOTS);
	/* The text is compared too: a name may be built in a buffer that held another one before. */
	if (s_fd_seen[k].desc == m->descriptor && s_fd_seen[k].name == field && strcmp(s_fd_seen[k].fd->name, field) == 0)
		return s_fd_seen[k].fd;
	const ProtobufCFieldDescriptor *fd = protobuf_c_message_descriptor_get_field_by_name(m->descriptor, field);
	if (fd != NULL) {
		s_fd_seen[k].desc = m->descriptor;
		s_fd_seen[k].name = field;
		s_fd_seen[k].fd = fd;
	}
	return fd;
}

const char *lk_record_peek(const ProtobufCMessage *m, const char *field, char *buf, size_t size)
{
	const ProtobufCFieldDescriptor *fd = s_fd(m, field);
	const char *p;

	if (fd == NULL)
		return NULL;
	p = (const char *)m + fd->offset;
	switch (fd->type) {
	case PROTOBUF_C_TYPE_STRING:
		return *(char *const *)p ? *(char *const *)p : "";
	case PROTOBUF_C_TYPE_INT32:
		if (size < 24)
			return NULL;
		lk_put_i64(buf, *(const int32_t *)p);
		break;
	case PROTOBUF_C_TYPE_INT64:
		if (size < 24)
			return NULL;
		lk_put_i64(buf, *(const int64_t *)p);
		break;
	case PROTOBUF_C_TYPE_UINT64:
		if (size < 24)
			return NULL;
		lk_put_u64(buf, *(const uint64_t *)p);
		break;
	case PROTOBUF_C_TYPE_BOOL:
		snprintf(buf, size, "%d", *(const protobuf_c_boolean *)p ? 1 : 0);
		break;
	case PROTOBUF_C_TYPE_DOUBLE:
		snprintf(buf, size, "%.17g", *(const double *)p);
		break;
	default:
		return NULL;
	}
	return buf;
}

char *lk_record_get(const ProtobufCMessage *m, const char *field)
{
	char buf[64];
	const char *v = lk_record_peek(m, field, buf, sizeof buf);
	return v ? strdup(v) : NULL;
}

static int s_parse_bool(const char *t, protobuf_c_boolean *out)
{
	if (!strcmp(t, "1") || !strcasecmp(t, "t") || !strcasecmp(t, "true") || !strcasecmp(t, "yes"))
		*out = 1;
	else if (!strcmp(t, "0") || !strcasecmp(t, "f") || !strcasecmp(t, "false") || !strcasecmp(t, "no") || !*t)
		*out = 0;
	else
		return -LK_EINVAL;
	return 0;
}

int lk_record_set(ProtobufCMessage *m, const char *field, const char *text)
{
	const ProtobufCFieldDescriptor *fd = s_fd(m, field);
	char *p, *end;

	if (fd == NULL)
		return -LK_ENOTFOUND;
	if (text == NULL)
		text = "";
	p = (char *)m + fd->offset;
	errno = 0;
	switch (fd->type) {
	case PROTOBUF_C_TYPE_STRING: {
		char **sp = (char **)p, *copy = strdup(text);
		if (copy == NULL)
			return -LK_ENOMEM;
		/* Defaults point at protobuf-c's shared empty string; everything else is ours. */
		if (*sp && *sp != (char *)fd->default_value)
			free(*sp);
		*sp = copy;
		return 0;
	}
	case PROTOBUF_C_TYPE_INT32: {
		long long v = *text ? strtoll(text, &end, 10) : 0;
		if (errno || (*text && *end) || v < INT32_MIN || v > INT32_MAX)
			return -LK_EINVAL;
		*(int32_t *)p = (int32_t)v;
		return 0;
	}
	case PROTOBUF_C_TYPE_INT64: {
		long long v = *text ? strtoll(text, &end, 10) : 0;
		if (errno || (*text && *end))
			return -LK_EINVAL;
		*(int64_t *)p = v;
		return 0;
	}
	case PROTOBUF_C_TYPE_UINT64: {
		unsigned long long v = *text ? strtoull(text, &end, 10) : 0;
		if (errno || (*text && *end) || *text == '-')
			return -LK_EINVAL;
		*(uint64_t *)p = v;
		return 0;
	}
	case PROTOBUF_C_TYPE_BOOL:
		return s_parse_bool(text, (protobuf_c_boolean *)p);
	case PROTOBUF_C_TYPE_DOUBLE: {
		double v = *text ? strtod(text, &end) : 0;
		if (errno || (*text && *end))
			return -LK_EINVAL;
		*(double *)p = v;
		return 0;
	}
	default:
		return -LK_EINVAL;
	}
}

int lk_record_copy_field(ProtobufCMessage *dst, const ProtobufCMessage *src, const char *field)
{
	char *v = lk_record_get(src, field);
	if (v == NULL)
		return -LK_ENOTFOUND;
	int rc = lk_record_set(dst, field, v);
	free(v);
	return rc;
}

int lk_record_field_equal(const ProtobufCMessage *a, const ProtobufCMessage *b, const char *field)
{
	char *x = lk_record_get(a, field), *y = lk_record_get(b, field);
	int eq = x && y && strcmp(x, y) == 0;
	free(x);
	free(y);
	return eq;
}

/* Header fields sit at fixed positions in every record message (fields 1-7). */
static const void *s_header_ptr(const ProtobufCMessage *m, const char *field)
{
	const ProtobufCFieldDescriptor *fd = s_fd(m, field);
	return fd ? (const char *)m + fd->offset : NULL;
}

const char *lk_record_id(const ProtobufCMessage *m)
{
	const char *const *p = s_header_ptr(m, "id");
	return p && *p ? *p : "";
}

int64_t lk_record_rev(const ProtobufCMessage *m)
{
	const int64_t *p = s_header_ptr(m, "rev");
	return p ? *p : 0;
}

uint64_t lk_record_hlc(const ProtobufCMessage *m)
{
	const uint64_t *p = s_header_ptr(m, "hlc");
	return p ? *p : 0;
}

int lk_record_deleted(const ProtobufCMessage *m)
{
	const protobuf_c_boolean *p = s_header_ptr(m, "deleted");
	return p ? *p != 0 : 0;
}

void lk_record_keys(const ProtobufCMessage *m, const char **kab, const char **kec, const char **pusk)
{
	const char *const *a = s_header_ptr(m, "kabupaten"), *const *b = s_header_ptr(m, "kecamatan"),
	                  *const *c = s_header_ptr(m, "puskesmas");
	*kab = a && *a ? *a : "";
	*kec = b && *b ? *b : "";
	*pusk = c && *c ? *c : "";
}

/* ---------------------------------------------------------------- validation */

static int s_all(const char *s, int (*pred)(int))
{
	for (; *s; s++)
		if (!pred((unsigned char)*s))
			return 0;
	return 1;
}

/* Lower case only: the database CHECKs and every comparison of keys and
 * hashes use the one written form lk_hex_encode produces. */
static int s_lower_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static int s_valid_date(const char *s)
{
	struct lk_date d;
	return lk_date_parse(s, &d) == 0;
}

static int s_valid_time(const char *s)
{
	struct lk_date d;
	return lk_time_parse(s, &d, NULL) == 0;
}

/* An integer in its one written form: optional '-', digits, no leading zero,
 * and no "-0" (stored, it would read back as "0"). */
static int s_valid_int(const char *s)
{
	const char *d = *s == '-' ? s + 1 : s;
	return *d && s_all(d, isdigit) && (d[0] != '0' || (d[1] == '\0' && d == s)) && strlen(d) <= 19;
}

/* A finite number that reads back as itself: plain decimal notation, no NaN
 * or infinity, and no subnormal (strtod flags those with ERANGE, so they
 * cannot come back from the database or a copy). Zero is fine. */
/* A real as lk_record_get prints it. -0 is let through: protobuf-c does not
 * encode it, so the record's canonical form (and any copy) carries 0. */
static int s_valid_real(const char *s)
{
	double v;
	return lk_parse_real(s, &v) == 0 || strcmp(s, "-0") == 0;
}

int lk_field_check(const struct lk_field *f, const char *v, char *err, size_t errlen)
{
	int max = f->maxlen ? f->maxlen : f->kind == LK_F_NARRATIVE ? 20000 : 500;

	if (*v == '\0') {
		if (f->flags & LK_FF_REQUIRED) {
			snprintf(err, errlen, S_("%s is required"), f->name);
			return -LK_EINVAL;
		}
		return 0;
	}
	if ((int)strlen(v) > max) {
		snprintf(err, errlen, S_("%s is longer than %d bytes"), f->name, max);
		return -LK_EINVAL;
	}
	if (!lk_utf8_valid(v, strlen(v))) {
		snprintf(err, errlen, S_("%s is not valid UTF-8 text"), f->name);
		return -LK_EINVAL;
	}
	int ok = 1;
	switch (f->kind) {
	case LK_F_INT:
		ok = s_valid_int(v);
		break;
	case LK_F_REAL:
		ok = s_valid_real(v);
		break;
	case LK_F_DATE:
		ok = s_valid_date(v);
		break;
	case LK_F_TIME:
		ok = s_valid_time(v);
		break;
	case LK_F_UUID:
		ok = lk_uuid_canonical(v);
		break;
	case LK_F_HEX:
		/* Keys, hashes and signatures have one length each (maxlen); the
		 * database CHECKs hold the same, so nothing reaches them to be refused. */
		if ((int)strlen(v) != max || !s_all(v, s_lower_hex)) {
			snprintf(err, errlen, S_("%s: \"%.40s\" is not %d lower-case hexadecimal digits"), f->name, v, max);
			return -LK_EINVAL;
		}
		break;
	default:
		break;
	}
	if (!ok) {
		static const char *what[] = {[LK_F_INT] = N_("a whole number"),
		                             [LK_F_REAL] = N_("a finite number (plain decimal, not subnormal)"),
		                             [LK_F_DATE] = N_("a date (YYYY-MM-DD)"),
		                             [LK_F_TIME] = N_("a UTC time (YYYY-MM-DDTHH:MM:SSZ)"),
		                             [LK_F_UUID] = N_("a record id (a lower-case UUID)")};
		snprintf(err, errlen, S_("%s: \"%.40s\" is not %s"), f->name, v, S_(what[f->kind]));
		return -LK_EINVAL;
	}
	if (f->choices) {
		for (int i = 0; f->choices[i]; i++)
			if (!strcmp(f->choices[i], v))
				return 0;
		snprintf(err, errlen, S_("%s: \"%.40s\" is not one of the allowed values"), f->name, v);
		return -LK_EINVAL;
	}
	return 0;
}

static int s_digits(const char *s, size_t n)
{
	return strlen(s) == n && s_all(s, isdigit);
}

/* Rules across fields of one record, checked on both sides with the field checks. */
static int s_rtl_owner(const ProtobufCMessage *m, char *err, size_t errlen)
{
	char *p = lk_record_get(m, "owner_person_id"), *sct = lk_record_get(m, "owner_sector_id"),
	     *pk = lk_record_get(m, "owner_puskesmas");
	const char *kab, *kec, *pusk;
	lk_record_keys(m, &kab, &kec, &pusk);
	int ok = (p && *p) || (sct && *sct) || (pk && *pk), rc = 0;
	if (!ok) {
		snprintf(err, errlen, S_("an RTL item needs an owner (a person, a sector or a puskesmas)"));
		rc = -LK_EINVAL;
	} else if (pk && *pk && strcmp(pk, pusk) != 0) {
		snprintf(err, errlen, S_("an RTL item owned by puskesmas %s must carry its tenant key (not \"%s\")"), pk, pusk);
		rc = -LK_EINVAL;
	}
	free(p);
	free(sct);
	free(pk);
	return rc;
}

/* USG scores are 1-5 (0 while not scored); root causes name a fishbone category. */
static int s_problem_check(const ProtobufCMessage *m, char *err, size_t errlen)
{
	static const char *const usg[] = {"urgency", "seriousness", "growth"};
	static const char *const cats[] = {"man", "method", "material", "money", "machine", "environment"};
	for (int i = 0; i < 3; i++) {
		char *v = lk_record_get(m, usg[i]);
		int n = atoi(v);
		free(v);
		if (n < 0 || n > 5) {
			snprintf(err, errlen, S_("%s must be scored 1-5 (0 = not scored)"), usg[i]);
			return -LK_EINVAL;
		}
	}
	char *causes = lk_record_get(m, "root_causes"), *save = NULL;
	int rc = 0;
	for (char *line = strtok_r(causes, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');
		int ok = 0;
		for (size_t k = 0; colon && k < LK_ARRAY_LEN(cats); k++)
			ok |= (size_t)(colon - line) == strlen(cats[k]) && !strncmp(line, cats[k], strlen(cats[k]));
		if (!ok) {
			snprintf(err, errlen, S_("root cause \"%.40s\" must start with man:, method:, material:, money:, "
			                      "machine: or environment:"), line);
			rc = -LK_EINVAL;
		}
	}
	free(causes);
	return rc;
}

/* A signature comes with its signer and time, and is a whole Ed25519 signature. */
static int s_signed_check(const ProtobufCMessage *m, char *err, size_t errlen)
{
	char *sig = lk_record_get(m, "signature"), *who = lk_record_get(m, "signer_person_id"),
	     *at = lk_record_get(m, "signed_at");
	int rc = 0;
	if (sig[0] && (strlen(sig) != 128 || !who[0] || !at[0])) {
		snprintf(err, errlen, S_("a signature needs 128 hex digits, its signer and its time"));
		rc = -LK_EINVAL;
	}
	free(sig);
	free(who);
	free(at);
	return rc;
}

/* "" or a time of day "HH:MM" (00:00-23:59). */
static int s_hhmm_ok(const char *t)
{
	return !t[0] || (strlen(t) == 5 && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' && t[2] == ':' &&
	                 t[3] >= '0' && t[3] <= '5' && t[4] >= '0' && t[4] <= '9' && (t[0] < '2' || t[1] <= '3'));
}

/* Minutes: signed as any document; the meeting's start and end are times of day. */
static int s_minutes_check(const ProtobufCMessage *m, char *err, size_t errlen)
{
	int rc = s_signed_check(m, err, errlen);
	const char *names[2] = {"start_time", "end_time"};
	for (int i = 0; i < 2 && rc == 0; i++) {
		char *t = lk_record_get(m, names[i]);
		if (!s_hhmm_ok(t ? t : "")) {
			snprintf(err, errlen, "%s: \"%.8s\" is not a time of day (HH:MM)", names[i], t ? t : "");
			rc = -LK_EINVAL;
		}
		free(t);
	}
	return rc;
}

static long s_int(const ProtobufCMessage *m, const char *field)
{
	char buf[64];
	const char *v = lk_record_peek(m, field, buf, sizeof buf);
	return v ? strtol(v, NULL, 10) : 0;
}

static double s_real(const ProtobufCMessage *m, const char *field)
{
	char *v = lk_record_get(m, field);
	double n = v ? strtod(v, NULL) : 0;
	free(v);
	return n;
}

/* A meeting's period fits its kind, and its dates fall inside its year. */
static int s_meeting_check(const ProtobufCMessage *m, char *err, size_t errlen)
{
	static const char *const dates[] = {"planned_date", "held_date"};
	char kb[64];
	const char *kind = lk_record_peek(m, "kind", kb, sizeof kb);
	long year = s_int(m, "year"), period = s_int(m, "period"), last = strcmp(kind, "quarterly") ? 12 : 4;
	int rc = 0;
	if (year < 2000 || year > 2100) {
		snprintf(err, errlen, S_("meeting year %ld is outside 2000-2100"), year);
		rc = -LK_EINVAL;
	} else if (period < 1 || period > last) {
		snprintf(err, errlen, S_("a %s meeting's period must be 1-%ld, not %ld"), kind, last, period);
		rc = -LK_EINVAL;
	}
	for (size_t i = 0; rc == 0 && i < LK_ARRAY_LEN(dates); i++) {
		char db[64];
		const char *d = lk_record_peek(m, dates[i], db, sizeof db);
		if (d[0] && strtol(d, NULL, 10) != year) {
			snprintf(err, errlen, S_("%s %s is outside the meeting's year %ld"), dates[i], d, year);
			rc = -LK_EINVAL;
		}
	}
	return rc;
}

int lk_natural_id(const struct lk_entity *e, const ProtobufCMessage *m, char out[LK_UUID_STRLEN])
{
	char key[128], *ind, *desa;
	const char *kab, *kec, *pusk;
	lk_uuid u;
	if (strcmp(e->name, "achievement") && strcmp(e->name, "target") && strcmp(e->name, "sector") &&
	    strcmp(e->name, "office_profile"))
		return -LK_ENOTFOUND;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (!strcmp(e->name, "office_profile")) {
		/* The office is the puskesmas when the record names one, else the camat's office. */
		lk_office_profile_id(*pusk ? pusk : kec, out);
		return 0;
	}
	if (!strcmp(e->name, "sector")) {
		char *code = lk_record_get(m, "code");
		snprintf(key, sizeof key, "sector|%s|%s", kec, code ? code : "");
		free(code);
		lk_uuid_derive(&u, key);
		lk_uuid_format(&u, out);
		return 0;
	}
	ind = lk_record_get(m, "indicator_code");
	desa = lk_entity_field(e, "desa") ? lk_record_get(m, "desa") : strdup("");
	if (!strcmp(e->name, "achievement"))
		snprintf(key, sizeof key, "achievement|%s|%s|%ld|%ld|%s", pusk, ind, s_int(m, "year"), s_int(m, "month"),
		         desa ? desa : "");
	else
		snprintf(key, sizeof key, "target|%s|%s|%ld", pusk, ind, s_int(m, "year"));
	free(ind);
	free(desa);
	lk_uuid_derive(&u, key);
	lk_uuid_format(&u, out);
	return 0;
}

int lk_office_profile_id(const char *office, char out[LK_UUID_STRLEN])
{
	char key[64];
	lk_uuid u;
	snprintf(key, sizeof key, "office_profile|%s", office ? office : "");
	lk_uuid_derive(&u, key);
	lk_uuid_format(&u, out);
	return 0;
}

/* One record per natural key: the id is derived from it. */
static int s_natural_id(const ProtobufCMessage *m, const char *entity, char *err, size_t errlen)
{
	char want[LK_UUID_STRLEN];
	if (lk_natural_id(lk_entity_find(entity), m, want) == 0 && strcmp(want, lk_record_id(m)) != 0) {
		snprintf(err, errlen, S_("%s id must be %s, derived from its puskesmas, indicator and period"), entity, want);
		return -LK_EINVAL;
	}
	return 0;
}

/* Achievement values that make sense: a month of a year, no negatives, no more served than the sasaran. */
static int s_achievement_check(const ProtobufCMessage *m, char *err, size_t errlen)
{
	long year = s_int(m, "year"), month = s_int(m, "month");
	double num = s_real(m, "numerator"), den = s_real(m, "denominator");
	const char *kab, *kec, *pusk;
	char *desa = lk_record_get(m, "desa");
	int rc = -LK_EINVAL;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (year < 2000 || year > 2100)
		snprintf(err, errlen, S_("year %ld is outside 2000-2100"), year);
	else if (month < 1 || month > 12)
		snprintf(err, errlen, S_("month %ld is outside 1-12"), month);
	else if (num < 0 || den < 0)
		snprintf(err, errlen, S_("negative values make no sense (numerator %g, denominator %g)"), num, den);
	else if (den > 0 && num > den)
		snprintf(err, errlen, S_("numerator %g is above denominator %g"), num, den);
	else if (desa[0] && (!s_digits(desa, 10) || strncmp(desa, kec, 6)))
		snprintf(err, errlen, S_("desa \"%s\" is not a desa code of kecamatan %s"), desa, kec);
	else
		rc = s_natural_id(m, "achievement", err, errlen);
	free(desa);
	return rc;
}

/* A sector's code is short capitals (KORAMIL, POLSEK), and its id derives from it. */
static int s_sector_check(const ProtobufCMessage *m, char *err, size_t errlen)
{
	char *code = lk_record_get(m, "code");
	int ok = code[0] != '\0';
	for (const char *c = code; *c; c++)
		ok &= (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_';
	if (!ok)
		snprintf(err, errlen, S_("sector code \"%s\" must be capital letters, digits or _ (e.g. KORAMIL)"), code);
	free(code);
	return ok ? s_natural_id(m, "sector", err, errlen) : -LK_EINVAL;
}

static int s_target_check(const ProtobufCMessage *m, char *err, size_t errlen)
{
	long year = s_int(m, "year");
	if (year < 2000 || year > 2100) {
		snprintf(err, errlen, S_("year %ld is outside 2000-2100"), year);
		return -LK_EINVAL;
	}
	if (s_real(m, "annual_target") < 0 || s_real(m, "sasaran") < 0) {
		snprintf(err, errlen, S_("a target and its sasaran cannot be negative"));
		return -LK_EINVAL;
	}
	return s_natural_id(m, "target", err, errlen);
}

int lk_letter_pattern_check(const char *pattern, char *err, size_t errlen)
{
	static const char *const known[] = {"{seq}", "{romawi}", "{mm}", "{yyyy}"};
	int seqs = 0;
	for (const char *p = pattern; *p;) {
		if (*p == '}') {
			snprintf(err, errlen, S_("letter_number_pattern \"%.60s\": a } without its {"), pattern);
			return -LK_EINVAL;
		}
		if (*p != '{') {
			p++;
			continue;
		}
		size_t k = 0;
		while (k < LK_ARRAY_LEN(known) && strncmp(p, known[k], strlen(known[k])))
			k++;
		if (k == LK_ARRAY_LEN(known)) {
			snprintf(err, errlen, S_("letter_number_pattern \"%.60s\": unknown placeholder at \"%.12s\" "
			                      "(known: {seq}, {romawi}, {mm}, {yyyy})"), pattern, p);
			return -LK_EINVAL;
		}
		seqs += k == 0;
		p += strlen(known[k]);
	}
	if (*pattern && seqs != 1) {
		snprintf(err, errlen, S_("letter_number_pattern \"%.60s\" must hold {seq} exactly once (e.g. "
		                      "440/{seq}/{romawi}/{yyyy})"), pattern);
		return -LK_EINVAL;
	}
	return 0;
}

/* An office profile: its id derives from the office, its pattern and zone are usable. */
static int s_office_profile_check(const ProtobufCMessage *m, char *err, size_t errlen)
{
	char *pat = lk_record_get(m, "letter_number_pattern"), *tz = lk_record_get(m, "time_zone"), want[LK_UUID_STRLEN];
	const char *kab, *kec, *pusk, *zone;
	int rc = lk_letter_pattern_check(pat, err, errlen);
	lk_record_keys(m, &kab, &kec, &pusk);
	if (rc == 0 && *tz && lk_zone_for_office(*pusk ? pusk : kec, tz, &zone) != 0) {
		snprintf(err, errlen, S_("time_zone \"%.40s\" is not Asia/Jakarta, Asia/Makassar or Asia/Jayapura"), tz);
		rc = -LK_EINVAL;
	}
	if (rc == 0 && (lk_natural_id(lk_entity_find("office_profile"), m, want), strcmp(want, lk_record_id(m)))) {
		snprintf(err, errlen, S_("office_profile id must be %s, derived from the office %s"), want, *pusk ? pusk : kec);
		rc = -LK_EINVAL;
	}
	free(pat);
	free(tz);
	return rc;
}

static const struct {
	const char *entity;
	int (*check)(const ProtobufCMessage *m, char *err, size_t errlen);
} s_record_rules[] = {
	{"office_profile", s_office_profile_check},
	{"meeting", s_meeting_check},
	{"achievement", s_achievement_check},
	{"target", s_target_check},
	{"sector", s_sector_check},
	{"invitation", s_signed_check},
	{"minutes", s_minutes_check},
	{"rtl", s_rtl_owner},
	{"problem", s_problem_check},
};

int lk_record_sealed_field(const struct lk_entity *e, const ProtobufCMessage *cur, const char *field)
{
	const char *mark = !strcmp(e->name, "rtl") ? "verification_sig" : "signature";
	if (lk_entity_field(e, mark) == NULL)
		return 0;
	char *sig = lk_record_get(cur, mark);
	int sealed = sig && sig[0];
	free(sig);
	if (!sealed)
		return 0;
	/* A verified RTL item still takes progress notes; what the signature covers stays. */
	if (!strcmp(e->name, "rtl"))
		return strcmp(field, "status_note") != 0;
	/* Sending signed minutes to the district is the one later step: once. */
	if (!strcmp(field, "submitted_at") && lk_entity_field(e, "submitted_at")) {
		char *sub = lk_record_get(cur, "submitted_at");
		int once = sub && sub[0] == '\0';
		free(sub);
		return !once;
	}
	return 1;
}

int lk_record_validate(const struct lk_entity *e, const ProtobufCMessage *m, char *err, size_t errlen)
{
	const char *kab, *kec, *pusk;
	int rc;

	if (m->descriptor != e->desc) {
		snprintf(err, errlen, S_("not a %s record"), e->name);
		return -LK_EINVAL;
	}
	if (!lk_uuid_canonical(lk_record_id(m))) {
		snprintf(err, errlen, S_("record id \"%.40s\" is not a UUID (lower case, not nil)"), lk_record_id(m));
		return -LK_EINVAL;
	}
	lk_record_keys(m, &kab, &kec, &pusk);
	/* Tenant keys: present down to the entity's scope, and nested in each other. */
	int ok = s_digits(kab, 4) && (*kec == '\0' || (s_digits(kec, 6) && !strncmp(kec, kab, 4))) &&
	         (*pusk == '\0' || (strlen(pusk) == 11 && pusk[0] == 'P' && *kec && !strncmp(pusk + 1, kec, 6))) &&
	         (e->scope < LK_SCOPE_KECAMATAN || *kec) && (e->scope < LK_SCOPE_PUSKESMAS || *pusk);
	if (!ok) {
		snprintf(err, errlen, S_("tenant keys \"%s/%s/%s\" do not fit a %s record"), kab, kec, pusk, e->name);
		return -LK_EINVAL;
	}
	for (size_t i = 0; i < e->nfields; i++) {
		char buf[64];
		const char *v = lk_record_peek(m, e->fields[i].name, buf, sizeof buf);
		if (v == NULL) {
			snprintf(err, errlen, S_("%s has no field %s"), e->name, e->fields[i].name);
			return -LK_EINVAL;
		}
		if ((rc = lk_field_check(&e->fields[i], v, err, errlen)) != 0)
			return rc;
	}
	for (size_t i = 0; i < LK_ARRAY_LEN(s_record_rules); i++)
		if (!strcmp(s_record_rules[i].entity, e->name) && (rc = s_record_rules[i].check(m, err, errlen)) != 0)
			return rc;
	return lk_signer_record_check(e, m, err, errlen);
}
