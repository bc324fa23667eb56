/* minutes_text: the Notulen's canonical text (doc_text "notulen") compiled from the meeting's records and facts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "clock.h"
#include "doc_rows.h"
#include "doc_text.h"
#include "lk_date.h"
#include "lk_fmt.h"
#include "lk_util.h"
#include "minutes.h"
#include "minutes_parts.h"
#include "kop.h"

/* Field of the record id of entity (malloc'd), or NULL when absent. */
char *minutes_field_of(lk_store *st, const char *entity, const char *id, const char *field)
{
	ProtobufCMessage *r = NULL;
	char *v = NULL;
	if (id && id[0] && lk_store_get(st, lk_entity_find(entity), id, &r) == 0)
		v = lk_record_get(r, field);
	lk_record_free(r);
	return v;
}

/* A stored record's field added under key (nothing when the record is absent). */
static int s_add_field(struct dom_doc_text *t, lk_store *st, const char *key, const char *entity, const char *id,
                       const char *field)
{
	char *v = minutes_field_of(st, entity, id, field);
	int rc = dom_doc_text_add(t, key, v ? v : "");
	free(v);
	return rc;
}

/* The letterhead lines of the meeting's office as its profile has them now (the signature covers them),
 * the place its dates are written from into place[200] and the head's jabatan into head[320]. */
static int s_kop(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t, char place[200], char head[320])
{
	const char *kab, *kec, *pusk;
	struct dom_kop k;
	int rc = 0;
	lk_record_keys(mt, &kab, &kec, &pusk);
	place[0] = head[0] = '\0';
	if (dom_kop(d, pusk[0] ? pusk : kec, &k, NULL) != 0)
		return 0; /* an office outside this device's reach: no letterhead */
	for (size_t i = 0; i < k.n; i++)
		rc |= dom_doc_text_add(t, k.contact && i + 1 == k.n ? "kop_kontak" : "kop", k.line[i]);
	if (k.logo_id[0])
		rc |= dom_doc_text_add(t, "kop_logo", k.logo_id);
	lk_strlcpy(place, k.place, 200);
	lk_strlcpy(head, k.head, 320);
	return rc;
}

/* "08.00 WIB" from "08:00" on day (the zone's abbreviation that day); "" when hhmm is not a time. */
static void s_time(struct dom *d, const struct lk_date *day, const char *hhmm, char *out, size_t n)
{
	const struct lk_tz *tz = NULL;
	const char *abbr = NULL;
	struct dom_err err;
	int h, m;
	int64_t utc;
	out[0] = '\0';
	if (hhmm == NULL || sscanf(hhmm, "%2d:%2d", &h, &m) != 2)
		return;
	if (dom_zone(d, &tz, &err) == 0 && lk_tz_utc(tz, day, 12, 0, 0, &utc) == 0)
		lk_tz_offset(tz, utc, &abbr);
	lk_fmt_time(out, n, h, m, abbr, LK_LANG_ID);
}

/* The title lines: what kind of lokakarya mini and for which period. */
static int s_title(const ProtobufCMessage *mt, struct dom_doc_text *t)
{
	char *kind = lk_record_get(mt, "kind"), *year = lk_record_get(mt, "year"), *period = lk_record_get(mt, "period"),
	     *title = lk_record_get(mt, "title"), sub[120];
	static const char *const roman[] = {"", "I", "II", "III", "IV"};
	int q = !strcmp(kind, "quarterly"), p = atoi(period), rc;
	if (q)
		snprintf(sub, sizeof sub, "TRIWULAN %s TAHUN %s", p >= 1 && p <= 4 ? roman[p] : period, year);
	else
		snprintf(sub, sizeof sub, "BULAN %s %s", lk_bulan(p), year);
	for (char *c = sub; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	rc = dom_doc_text_add(t, "judul", q ? "NOTULEN LOKAKARYA MINI LINTAS SEKTOR TRIWULANAN"
	                                    : "NOTULEN LOKAKARYA MINI BULANAN");
	rc |= dom_doc_text_add(t, "judul", sub);
	rc |= dom_doc_text_add(t, "acara", title);
	free(kind);
	free(year);
	free(period);
	free(title);
	return rc;
}

/* Present and invited people: "12 orang hadir dari 15 orang yang diundang". */
static int s_peserta(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t)
{
	struct dom_rows r = {.field = "meeting_id", .value = lk_record_id(mt)};
	struct dom_err err;
	int present = 0, invited = 0;
	char line[200];
	if (dom_rows_load(d, "attendance", &r, &err) == 0)
		for (size_t i = 0; i < r.n; i++) {
			char *p = lk_record_get(r.v[i], "present"), *inv = lk_record_get(r.v[i], "invited");
			present += !strcmp(p, "1");
			invited += !strcmp(inv, "1");
			free(p);
			free(inv);
		}
	dom_rows_free(&r);
	if (invited)
		snprintf(line, sizeof line, "%d orang hadir dari %d orang yang diundang", present, invited);
	else
		snprintf(line, sizeof line, "%d orang hadir", present);
	int rc = dom_doc_text_add(t, "peserta", line);
	rc |= dom_doc_text_add(t, "peserta_lampiran", "Daftar Hadir terlampir");
	return rc;
}

char *dom_minutes_text(struct dom *d, const ProtobufCMessage *mt, const struct dom_minutes_meta *meta)
{
	struct dom_doc_text t;
	struct lk_date day;
	char place[200], head[320], when[LK_FMT_LEN], start[LK_FMT_LEN], end[LK_FMT_LEN], rev[16];
	char *held = lk_record_get(mt, "held_date"), *planned = lk_record_get(mt, "planned_date"),
	     *mplace = lk_record_get(mt, "place");
	const char *kab, *kec, *pusk;
	int rc;
	lk_record_keys(mt, &kab, &kec, &pusk);
	dom_doc_text_init(&t, "notulen");
	if (lk_date_parse(held[0] ? held : planned, &day) != 0)
		memset(&day, 0, sizeof day);
	rc = s_kop(d, mt, &t, place, head);
	rc |= s_title(mt, &t);
	lk_fmt_date_long(when, sizeof when, &day, LK_LANG_ID);
	rc |= dom_doc_text_add(&t, "hari_tanggal", when);
	s_time(d, &day, meta->start, start, sizeof start);
	s_time(d, &day, meta->end, end, sizeof end);
	rc |= dom_doc_text_add(&t, "waktu_mulai", start);
	rc |= dom_doc_text_add(&t, "waktu_selesai", end[0] ? end : "selesai");
	char *iplace = mplace[0] ? NULL : minutes_invitation_place(d, mt);
	rc |= dom_doc_text_add(&t, "tempat", mplace[0] ? mplace : iplace ? iplace : "");
	free(iplace);
	rc |= s_add_field(&t, d->st, "pimpinan", "person", meta->chair_id, "name");
	rc |= s_add_field(&t, d->st, "pimpinan_jabatan", "person", meta->chair_id, "title");
	rc |= s_add_field(&t, d->st, "notulis", "person", meta->notulis_id, "name");
	rc |= s_add_field(&t, d->st, "notulis_nip", "person", meta->notulis_id, "nip");
	rc |= s_peserta(d, mt, &t);
	rc |= minutes_add_agenda(d, mt, &t);
	rc |= minutes_add_problems(d, mt, &t);
	rc |= minutes_add_decisions(d, mt, &t);
	rc |= minutes_add_rtl(d, mt, &t);
	if (!pusk[0])
		rc |= minutes_add_commitments(d, mt, &t);
	rc |= minutes_add_photos(d, mt, &t);
	snprintf(rev, sizeof rev, "%d", meta->revision);
	rc |= minutes_add_history(d, mt, meta, &t);
	rc |= dom_doc_text_add(&t, "revisi", rev);
	struct lk_date eff;
	if (meta->effective && lk_date_parse(meta->effective, &eff) == 0 && lk_fmt_date(when, sizeof when, &eff, LK_LANG_ID) == 0)
		rc |= dom_doc_text_add(&t, "berlaku", when);
	rc |= dom_doc_text_add(&t, "penutup", "Demikian notulen ini dibuat untuk dipergunakan sebagaimana mestinya.");
	if (lk_fmt_date(when, sizeof when, &day, LK_LANG_ID) == 0) {
		char pd[300];
		snprintf(pd, sizeof pd, "%s, %s", place[0] ? place : "", when);
		rc |= dom_doc_text_add(&t, "tempat_tanggal", place[0] ? pd : when);
	}
	rc |= minutes_add_head(d, mt, head, &t);
	char *text = rc ? NULL : dom_doc_text_write(&t);
	dom_doc_text_free(&t);
	free(held);
	free(planned);
	free(mplace);
	return text;
}
