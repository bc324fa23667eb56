/* lk_rules: the SOP rules a device and the server both check, as pure functions over plain values. */
#ifndef LK_RULES_H
#define LK_RULES_H

#include <stddef.h>

/*
 * Each side reads the facts from its own storage (the device's SQLite store,
 * the server's PostgreSQL) and asks here, so a rule is written once. Strings
 * are borrowed; NULL counts as "". Device roles are the names of lk_role_name
 * ("puskesmas", "kecamatan", "dinkes", "admin"). A refusal is -LK_EINVAL with a
 * sentence for a person in err (no "lokmin:" prefix: the caller adds its own).
 */

/* ---------------------------------------------------------------- persons */

/* The roles of person.role (NULL-terminated): kapus, ktu, pj_program, notulis,
 * camat, staff, sector_rep. */
extern const char *const lk_person_roles[];
/* 1 when role is one of lk_person_roles. */
int lk_person_role_valid(const char *role);
/* The role of the head of an office, who signs its letters and minutes: the
 * Kapus of a puskesmas (puskesmas code given), else the Camat of a kecamatan. */
const char *lk_head_role(const char *puskesmas);
/* 1 when role heads an office (kapus or camat). */
int lk_role_is_head(const char *role);
/* May a device of device_role change an existing person's role from was to
 * now? Making someone Kapus or Camat, or ending it, is the district's. */
int lk_person_role_change(const char *device_role, const char *was, const char *now, char *err, size_t errlen);

/* ---------------------------------------------------------------- meetings */

/* Does a meeting in status still take what ("attendance", "material")? A
 * cancelled meeting takes nothing more. */
int lk_meeting_accepts(const char *status, const char *what, char *err, size_t errlen);
/*
 * May a meeting's status go from `from` to `to`, with status_reason `reason`?
 * Cancelled is final; a held meeting can only be held again (another date);
 * postponed and cancelled need their reason on record. from NULL (a new
 * meeting, or the status stays) checks the reason only.
 */
int lk_meeting_transition(const char *from, const char *to, const char *reason, char *err, size_t errlen);

/* ---------------------------------------------------------------- minutes */

/* May minutes with this signature be marked submitted to the district? Only
 * signed minutes are sent. why_unverified is the reason the signature does not
 * verify, or NULL when it does (or when the caller verifies it next). */
int lk_minutes_submit(const char *signature, const char *why_unverified, char *err, size_t errlen);
/* May a device of device_role review minutes minutes_id of meeting_id?
 * Only the district, and only minutes submitted to it (submitted != 0). */
int lk_review_allowed(const char *device_role, int submitted, const char *minutes_id, const char *meeting_id,
                      char *err, size_t errlen);

/* ---------------------------------------------------------------- follow-up */

/* May an RTL item's status go from `from` to `to`? Only a done item is verified. */
int lk_rtl_transition(const char *from, const char *to, char *err, size_t errlen);
/* Are records of entity (sector, commitment) kept by a device of device_role?
 * The camat's office keeps them (and the district); a puskesmas reads them. */
int lk_role_keeps(const char *device_role, const char *entity, char *err, size_t errlen);
/* May a device of device_role write the office profile of office (a
 * puskesmas code, or a kecamatan code for the camat's office)? Its own
 * office's devices and the district do (the tenant scope checks which
 * office is its own); a camat's office does not write a puskesmas's. */
int lk_office_profile_writer(const char *device_role, const char *office, char *err, size_t errlen);
/* May a commitment be made at meeting meeting_id of kind meeting_kind? Only at
 * the quarterly cross-sector lokmin. */
int lk_commitment_meeting(const char *meeting_kind, const char *meeting_id, char *err, size_t errlen);

#endif
