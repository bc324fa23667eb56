/* hadir: the Daftar Hadir of a meeting: who was invited and who came, with room to sign and spare rows for walk-ins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "clock.h"
#include "doc_rows.h"
#include "doc_text.h"
#include "kop.h"
#include "letter.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_lang.h"
#include "lk_util.h"
#include "store.h"

/* Column widths (mm) of the 160 mm between the margins; the name takes what is left. */
static const double s_w[] = {8, 0, 28, 24, 30, 14, 26};
static const enum rd_align s_a[] = {RD_RIGHT, RD_LEFT, RD_LEFT, RD_LEFT, RD_LEFT, RD_CENTER, RD_LEFT};
#define NCOL 7
#define SIGN_MM 26.0
#define FONT_PT 9.0

static void s_get(const ProtobufCMessage *m, const char *field, char *out, size_t n)
{
	char *v = m ? lk_record_get(m, field) : NULL;
	lk_strlcpy(out, v ? v : "", n);
	free(v);
}

/* The signature cell of row no: "1." at the left, "2." from the middle, as paper forms alternate them. */
static void s_sign_cell(size_t no, char *out, size_t n)
{
	size_t k = (size_t)snprintf(out, n, "%s", "");
	if (no % 2 == 0) {
		/* En spaces (U+2002, half an em: FONT_PT / 2 points each) up to the cell's middle. */
		int spaces = (int)((SIGN_MM / 2 - 1.5) / (FONT_PT / 2 * 25.4 / 72));
		for (int i = 0; i < spaces && k + 4 < n; i++, k += 3)
			memcpy(out + k, "\xe2\x80\x82", 4);
	}
	snprintf(out + k, n - k, "%zu.", no);
}

/* One row: cells are plain text, escaped here. */
static int s_row(struct rd_table *t, const char *const *plain)
{
	char *c[NCOL] = {0};
	int rc = 0;
	for (size_t i = 0; i < NCOL && rc == 0; i++)
		if ((c[i] = rd_markup_escape(plain[i] ? plain[i] : "")) == NULL)
			rc = -LK_ENOMEM;
	if (rc == 0)
		rc = rd_table_row(t, (const char *const *)c);
	for (size_t i = 0; i < NCOL; i++)
		free(c[i]);
	return rc;
}

/* Where the meeting is held: its place, else the newest invitation's. */
static void s_tempat(struct dom *d, const ProtobufCMessage *mt, char *out, size_t n)
{
	s_get(mt, "place", out, n);
	if (out[0])
		return;
	struct dom_rows r = {.field = "meeting_id", .value = lk_record_id(mt)};
	if (dom_rows_load(d, "invitation", &r, NULL) == 0) {
		const ProtobufCMessage *inv = dom_rows_newest(&r, "issued_date", 0);
		char *text = inv ? lk_record_get(inv, "document") : NULL;
		struct dom_doc_text t;
		dom_doc_text_init(&t, "undangan");
		if (text && dom_doc_text_parse(text, &t) == 0)
			lk_strlcpy(out, dom_doc_text_or(&t, "tempat", ""), n);
		dom_doc_text_free(&t);
		free(text);
		dom_rows_free(&r);
	}
	if (out[0] == '\0')
		lk_strlcpy(out, "-", n);
}

int rl_hadir(struct dom *d, const ProtobufCMessage *mt, struct rd_doc *doc, struct dom_err *err)
{
	const char *kab, *kec, *pusk;
	lk_record_keys(mt, &kab, &kec, &pusk);
	const char *office = pusk[0] ? pusk : kec;
	struct rl_kop k;
	struct dom_kop names;
	struct dom_attend_list l;
	int rc;
	if ((rc = rl_kop_of_office(d, office, &k, err)) != 0 || (rc = dom_kop(d, office, &names, err)) != 0)
		return rc;
	if ((rc = dom_attend_list(d, lk_record_id(mt), &l, err)) != 0)
		return rc;
	char title[300], heldd[LK_DATE_STRLEN], planned[LK_DATE_STRLEN], day[LK_FMT_LEN], tempat[300], buf[400];
	struct lk_date dt;
	s_get(mt, "title", title, sizeof title);
	s_get(mt, "held_date", heldd, sizeof heldd);
	s_get(mt, "planned_date", planned, sizeof planned);
	const char *when = heldd[0] ? heldd : planned;
	if (lk_date_parse(when, &dt) != 0 || lk_fmt_date_long(day, sizeof day, &dt, lk_lang_from_env()) != 0)
		lk_strlcpy(day, when[0] ? when : "-", sizeof day);
	s_tempat(d, mt, tempat, sizeof tempat);
	rd_doc_set_title(doc, _("Attendance List"));
	rd_doc_set_footer(doc, _("Page {page} of {pages}"), 0);
	rc = rl_kop_add(doc, &k);
	snprintf(buf, sizeof buf, "<b>%s</b>", _("ATTENDANCE LIST"));
	if (rc == 0)
		rc = rd_para(doc, buf, &(struct rd_para_style){.align = RD_CENTER, .size_pt = 14, .space_after_mm = 1});
	char *e = rd_markup_escape(title[0] ? title : _("Mini workshop"));
	if (rc == 0)
		rc = e ? rd_para(doc, e, &(struct rd_para_style){.align = RD_CENTER, .space_after_mm = 4}) : -LK_ENOMEM;
	free(e);
	if (rc == 0) {
		char *v[3] = {rd_markup_escape(day), rd_markup_escape(tempat), NULL};
		const char *keys[2] = {_("Day/date"), _("Place")};
		char *ke[2] = {rd_markup_escape(keys[0]), rd_markup_escape(keys[1])};
		rc = v[0] && v[1] && ke[0] && ke[1] ? rd_keyvalue(doc, (const char *const *)ke, (const char *const *)v, 2, NULL)
		                                    : -LK_ENOMEM;
		free(v[0]);
		free(v[1]);
		free(ke[0]);
		free(ke[1]);
	}
	struct rd_table *t = rc == 0 ? rd_table_new(doc, NCOL, s_w, s_a) : NULL;
	if (rc == 0 && t == NULL)
		rc = -LK_ENOMEM;
	if (rc == 0) {
		/* The zone once, in the header: "Jam Datang (WIB)"; the rows hold the clock time. */
		char arrival[80], zone_now[DOM_WHEN_LEN], now[24];
		const char *abbr = strrchr(dom_when_text(d, dom_now_utc(d, now), 0, lk_lang_from_env(), zone_now, sizeof zone_now), ' ');
		snprintf(arrival, sizeof arrival, abbr ? "%s (%s)" : "%s", _("Arrival time"), abbr ? abbr + 1 : "");
		const char *h[NCOL] = {_("No"), _("Name"), _("NIP"), _("Position"), _("Agency/Unit"), arrival, _("Signature")};
		char *he[NCOL] = {0};
		for (size_t i = 0; i < NCOL && rc == 0; i++)
			if ((he[i] = rd_markup_escape(h[i])) == NULL)
				rc = -LK_ENOMEM;
		if (rc == 0)
			rc = rd_table_header(t, (const char *const *)he);
		for (size_t i = 0; i < NCOL; i++)
			free(he[i]);
	}
	if (rc == 0)
		rc = rd_table_font(t, FONT_PT);
	if (rc == 0)
		rc = rd_table_min_row(t, 9);
	size_t no = 0;
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		const struct dom_attendance *a = &l.rows[i];
		ProtobufCMessage *p = NULL;
		char nip[60] = "", jab[260], unit[300], at[DOM_WHEN_LEN] = "", num[24], sign[120];
		lk_strlcpy(jab, a->role, sizeof jab);
		if (a->person_id[0] && lk_store_get(d->st, lk_entity_find("person"), a->person_id, &p) == 0) {
			s_get(p, "nip", nip, sizeof nip);
			char title2[260];
			s_get(p, "title", title2, sizeof title2);
			if (title2[0])
				lk_strlcpy(jab, title2, sizeof jab);
		}
		lk_record_free(p);
		lk_strlcpy(unit, a->sector[0] && strcmp(a->sector, "-") ? a->sector : names.unit, sizeof unit);
		if (a->checked_in_at[0]) {
			dom_when_text(d, a->checked_in_at, 0, lk_lang_from_env(), at, sizeof at);
			char *sp = strchr(at, ' ');
			if (sp)
				*sp = '\0'; /* the zone is in the header */
		}
		snprintf(num, sizeof num, "%zu", ++no);
		s_sign_cell(no, sign, sizeof sign);
		const char *cells[NCOL] = {num, a->name, nip, jab, unit, at, sign};
		rc = s_row(t, cells);
	}
	/* Spare rows for walk-ins, numbered on: at least RL_HADIR_SPARE, and the page's last lines. */
	size_t spare = RL_HADIR_SPARE + (l.n < 10 ? 10 - l.n : 0);
	for (size_t i = 0; rc == 0 && i < spare; i++) {
		char num[24], sign[120];
		snprintf(num, sizeof num, "%zu", ++no);
		s_sign_cell(no, sign, sizeof sign);
		const char *cells[NCOL] = {num, "", "", "", "", "", sign};
		rc = s_row(t, cells);
	}
	dom_attend_list_free(&l);
	if (rc != 0 && err)
		dom_fail(err, rc, "the attendance list cannot be laid out: %s",
		         rd_doc_error(doc)[0] ? rd_doc_error(doc) : lk_strerror(rc));
	return rc;
}
