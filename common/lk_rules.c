/* lk_rules: the SOP rules a device and the server both check, as pure functions over plain values. */
#include <stdio.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_rules.h"

static const char *s_nz(const char *s)
{
	return s ? s : "";
}

static int s_is(const char *a, const char *b)
{
	return strcmp(s_nz(a), b) == 0;
}

/* Say why in err and refuse. */
#define REFUSE(...) (snprintf(err, errlen, __VA_ARGS__), -LK_EINVAL)

/* ---------------------------------------------------------------- persons */

const char *const lk_person_roles[] = {"kapus", "ktu", "pj_program", "notulis", "camat", "staff", "sector_rep", NULL};

int lk_person_role_valid(const char *role)
{
	for (size_t i = 0; lk_person_roles[i]; i++)
		if (s_is(role, lk_person_roles[i]))
			return 1;
	return 0;
}

const char *lk_head_role(const char *puskesmas)
{
	return s_nz(puskesmas)[0] ? "kapus" : "camat";
}

int lk_role_is_head(const char *role)
{
	return s_is(role, "kapus") || s_is(role, "camat");
}

int lk_person_role_change(const char *device_role, const char *was, const char *now, char *err, size_t errlen)
{
	/* The head signs for the office: who holds that role is the district's word. */
	if (s_is(device_role, "dinkes") || s_is(was, s_nz(now)) || (!lk_role_is_head(was) && !lk_role_is_head(now)))
		return 0;
	return REFUSE(S_("person.role: only the district makes a person Kapus or Camat, or ends it (\"%s\" to \"%s\")"),
	              s_nz(was), s_nz(now));
}

/* ---------------------------------------------------------------- meetings */

int lk_meeting_accepts(const char *status, const char *what, char *err, size_t errlen)
{
	if (s_is(status, "cancelled"))
		return REFUSE(S_("%s for a cancelled meeting"), s_nz(what));
	return 0;
}

/* The status as the end of a sentence "it cannot be ...". */
static const char *s_become(const char *to)
{
	if (s_is(to, "planned"))
		return S_("planned again");
	if (s_is(to, "missed"))
		return S_("marked missed");
	if (s_is(to, "held"))
		return S_("held");
	if (s_is(to, "postponed"))
		return S_("postponed");
	if (s_is(to, "cancelled"))
		return S_("cancelled");
	return s_nz(to);
}

int lk_meeting_transition(const char *from, const char *to, const char *reason, char *err, size_t errlen)
{
	if (from && s_is(from, "cancelled"))
		return REFUSE(S_("this meeting is cancelled; it cannot be %s: a cancelled meeting stays cancelled"),
		              s_become(to));
	if (from && s_is(from, "held") && !s_is(to, "held"))
		return REFUSE(S_("this meeting is held; it cannot be %s: a held meeting can only be held again (with its date)"),
		              s_become(to));
	/* The report to the district says why a meeting did not take place on its day. */
	if ((s_is(to, "postponed") || s_is(to, "cancelled")) && !s_nz(reason)[0])
		return REFUSE(S_("a %s meeting needs its reason on record"), s_become(to));
	return 0;
}

/* ---------------------------------------------------------------- minutes */

int lk_minutes_submit(const char *signature, const char *why_unverified, char *err, size_t errlen)
{
	if (!s_nz(signature)[0])
		return REFUSE(S_("only signed minutes are sent to the district; sign them first"));
	if (why_unverified)
		return REFUSE(S_("only signed minutes are sent to the district; this signature does not verify: %s"),
		              why_unverified);
	return 0;
}

int lk_review_allowed(const char *device_role, int submitted, const char *minutes_id, const char *meeting_id,
                      char *err, size_t errlen)
{
	if (!s_is(device_role, "dinkes"))
		return REFUSE(S_("only the district health office reviews minutes"));
	if (!submitted)
		return REFUSE(S_("minutes %s of meeting %s have not been submitted to the district"), s_nz(minutes_id),
		              s_nz(meeting_id));
	return 0;
}

/* ---------------------------------------------------------------- follow-up */

int lk_rtl_transition(const char *from, const char *to, char *err, size_t errlen)
{
	/* The head vouches for work that was done, not for work planned. */
	if (s_is(to, "verified") && !s_is(from, "done") && !s_is(from, "verified"))
		return REFUSE(S_("only a done RTL item can be verified (this one is %s)"), s_nz(from)[0] ? from : S_("new"));
	return 0;
}

int lk_role_keeps(const char *device_role, const char *entity, char *err, size_t errlen)
{
	if (s_is(device_role, "kecamatan") || s_is(device_role, "dinkes"))
		return 0;
	return REFUSE(S_("%s records are kept by the camat's office; a puskesmas reads them but cannot change them"),
	              s_nz(entity)[0] ? entity : "these");
}

int lk_office_profile_writer(const char *device_role, const char *office, char *err, size_t errlen)
{
	int pusk_office = office && office[0] == 'P';
	if (s_is(device_role, "dinkes") || (s_is(device_role, "puskesmas") && pusk_office) ||
	    (s_is(device_role, "kecamatan") && !pusk_office))
		return 0;
	return REFUSE(S_("the office profile of %s is written by that office's own devices or the district, not by a %s "
	              "device"), s_nz(office), s_nz(device_role));
}

int lk_commitment_meeting(const char *meeting_kind, const char *meeting_id, char *err, size_t errlen)
{
	if (s_is(meeting_kind, "quarterly"))
		return 0;
	return REFUSE(S_("meeting %s is a %s lokmin; commitments are made at the quarterly cross-sector lokmin"),
	              s_nz(meeting_id), s_nz(meeting_kind));
}
