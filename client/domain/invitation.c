/* invitation: drafting the Surat Undangan of a meeting as a canonical doc_text: the addressees, the agenda and the letter the head signs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agenda.h"
#include "clock.h"
#include "doc_text.h"
#include "invitation.h"
#include "kop.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_rules.h"
#include "lk_util.h"
#include "lk_zone.h"
#include "meeting_records.h"
#include "office.h"
#include "signed_doc.h"
#include "store.h"

/* A list of lines being gathered (recipients, tembusan, agenda items). */
struct lines {
	char **v;
	size_t n, cap;
};

static int s_push(struct lines *l, const char *text)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		char **v = realloc(l->v, cap * sizeof *v);
		if (v == NULL)
			return -LK_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	if ((l->v[l->n] = strdup(text)) == NULL)
		return -LK_ENOMEM;
	l->n++;
	return 0;
}

static void s_lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void s_get(const ProtobufCMessage *m, const char *field, char *out, size_t n)
{
	char *v = m ? lk_record_get(m, field) : NULL;
	lk_strlcpy(out, v ? v : "", n);
	free(v);
}

/* ---------------------------------------------------------------- recipients */

/* The staff of the puskesmas but its head: "name, title". */
struct staff_walk {
	const char *pusk;
	struct lines *l;
};

static int s_staff_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct staff_walk *w = arg;
	const char *kab, *kec, *pusk;
	char name[200], title[200], role[40], line[420];
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	s_get(m, "name", name, sizeof name);
	s_get(m, "title", title, sizeof title);
	s_get(m, "role", role, sizeof role);
	s_get(m, "sector_id", line, sizeof line);
	if (lk_record_deleted(m) || strcmp(pusk, w->pusk) || lk_role_is_head(role) || line[0] || name[0] == '\0')
		return 0;
	snprintf(line, sizeof line, title[0] ? "%s, %s" : "%s", name, title);
	return s_push(w->l, line);
}

/* The sectors of the kecamatan, addressed to their heads: "Pimpinan <name>" (or the name when it names the head). */
struct sector_walk {
	const char *kec;
	struct lines *l;
};

static int s_sector_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct sector_walk *w = arg;
	const char *kab, *kec, *pusk;
	char name[200], line[300];
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (lk_record_deleted(m) || strcmp(kec, w->kec))
		return 0;
	s_get(m, "name", name, sizeof name);
	if (!strncasecmp(name, "Kepala ", 7) || !strncasecmp(name, "Ketua ", 6))
		lk_strlcpy(line, name, sizeof line);
	else
		snprintf(line, sizeof line, "Pimpinan %s", name);
	return s_push(w->l, line);
}

/* Who the letter goes to by default. */
static int s_default_to(struct dom *d, const ProtobufCMessage *mt, int quarterly, const struct dom_kop *k,
                        struct lines *to)
{
	const char *kab, *kec, *pusk;
	lk_record_keys(mt, &kab, &kec, &pusk);
	int rc = 0;
	if (!quarterly) {
		struct staff_walk w = {pusk, to};
		if (pusk[0] && lk_store_list(d->st, lk_entity_find("person"), s_staff_row, &w) < 0)
			rc = -LK_EIO;
		if (to->n == 0)
			rc = s_push(to, "Seluruh Staf dan Penanggung Jawab Program");
		return rc;
	}
	char line[400], kecname[200] = "";
	struct dom_kop kk;
	if (dom_kop(d, kec, &kk, NULL) == 0 && kk.place[0])
		lk_strlcpy(kecname, kk.place, sizeof kecname);
	else
		lk_strlcpy(kecname, k->place, sizeof kecname);
	snprintf(line, sizeof line, kecname[0] ? "Kepala Puskesmas se-Kecamatan %s" : "Kepala Puskesmas se-Kecamatan",
	         kecname);
	if ((rc = s_push(to, line)) != 0)
		return rc;
	struct sector_walk w = {kec, to};
	if (lk_store_list(d->st, lk_entity_find("sector"), s_sector_row, &w) < 0)
		rc = -LK_EIO;
	if (to->n == 1)
		rc = s_push(to, "Pimpinan Lintas Sektor terkait");
	return rc;
}

static int s_default_tembusan(const struct dom_kop *k, int quarterly, struct lines *tb)
{
	char line[400];
	const char *kab = k->kabupaten;
	int rc = 0;
	if (quarterly && kab[0]) {
		if (!strncasecmp(kab, "Kota ", 5))
			snprintf(line, sizeof line, "Wali Kota %s", kab + 5);
		else
			snprintf(line, sizeof line, "Bupati %s", !strncasecmp(kab, "Kabupaten ", 10) ? kab + 10 : kab);
		rc = s_push(tb, line);
	}
	snprintf(line, sizeof line, kab[0] ? "Kepala Dinas Kesehatan %s" : "Kepala Dinas Kesehatan", kab);
	if (rc == 0)
		rc = s_push(tb, line);
	if (rc == 0)
		rc = s_push(tb, "Arsip");
	return rc;
}

/* The agenda's items (its numbered lines without their numbers; an item's details as lines of it). */
static int s_acara(lk_store *st, const ProtobufCMessage *mt, struct lines *acara)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL)
		return -LK_ENOMEM;
	int rc = agenda_write(st, mt, f);
	fclose(f);
	for (char *line = buf, *next; rc == 0 && line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *p = line;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p > line && p[0] == '.' && p[1] == ' ') {
			rc = s_push(acara, p + 2);
			continue;
		}
		/* A detail of the item before ("   - kesenjangan ..."): a line of it. */
		while (*line == ' ')
			line++;
		/* What says there is nothing to discuss belongs to the agenda, not the letter. */
		int empty = !strncmp(line, "- tidak ada", 11) || !strcmp(line, "- disampaikan dalam rapat");
		if (*line && !empty && acara->n > 0) {
			char *prev = acara->v[acara->n - 1];
			size_t need = strlen(prev) + strlen(line) + 2;
			char *joined = malloc(need);
			if (joined == NULL) {
				rc = -LK_ENOMEM;
				break;
			}
			snprintf(joined, need, "%s\n%s", prev, line);
			free(prev);
			acara->v[acara->n - 1] = joined;
		}
	}
	free(buf);
	return rc;
}

/* ---------------------------------------------------------------- the letter */

static const char *s_zone_abbr(const char *zone)
{
	return !strcmp(zone, LK_ZONE_WITA) ? "WITA" : !strcmp(zone, LK_ZONE_WIT) ? "WIT" : "WIB";
}

static int s_add_all(struct dom_doc_text *t, const char *key, const struct lines *l)
{
	int rc = 0;
	for (size_t i = 0; i < l->n && rc == 0; i++)
		rc = dom_doc_text_add(t, key, l->v[i]);
	return rc;
}

static int s_add_given(struct lines *l, const char *const *v, size_t n)
{
	int rc = 0;
	for (size_t i = 0; v && i < n && rc == 0; i++)
		if (v[i] && v[i][0])
			rc = s_push(l, v[i]);
	return rc;
}

/* The letter's canonical text: what the Kapus (or the Camat) signs, byte for byte. */
static int s_letter(struct dom *d, const ProtobufCMessage *mt, const struct dom_invitation_draft_in *in,
                    const struct lk_date *today, char **doc, struct dom_err *err)
{
	const char *kab, *kec, *pusk;
	lk_record_keys(mt, &kab, &kec, &pusk);
	const char *office = pusk[0] ? pusk : kec;
	char kind[24], title[300], pd[LK_DATE_STRLEN], held[LK_DATE_STRLEN], mplace[300], zone[64], buf[600];
	struct dom_kop k;
	struct lk_date day;
	int rc;
	if ((rc = dom_kop(d, office, &k, err)) != 0 || (rc = dom_office_zone(d, office, zone, sizeof zone, err)) != 0)
		return rc;
	s_get(mt, "kind", kind, sizeof kind);
	s_get(mt, "title", title, sizeof title);
	s_get(mt, "planned_date", pd, sizeof pd);
	s_get(mt, "held_date", held, sizeof held);
	s_get(mt, "place", mplace, sizeof mplace);
	int quarterly = !strcmp(kind, "quarterly");
	struct lines to = {0}, tb = {0}, acara = {0};
	struct dom_doc_text t;
	dom_doc_text_init(&t, "undangan");
	rc = s_add_given(&to, in->to, in->nto);
	if (rc == 0 && to.n == 0)
		rc = s_default_to(d, mt, quarterly, &k, &to);
	if (rc == 0)
		rc = s_add_given(&tb, in->tembusan, in->ntembusan);
	if (rc == 0 && tb.n == 0)
		rc = s_default_tembusan(&k, quarterly, &tb);
	if (rc == 0)
		rc = s_acara(d->st, mt, &acara);
	/* The kop as the office's profile has it now: the signature covers it. */
	for (size_t i = 0; rc == 0 && i < k.n; i++)
		rc = dom_doc_text_add(&t, k.contact && i + 1 == k.n ? "kop_kontak" : "kop", k.line[i]);
	if (rc == 0)
		rc = dom_doc_text_add(&t, "nomor", in->number && in->number[0] ? in->number : "");
	if (rc == 0)
		rc = dom_doc_text_add(&t, "sifat", in->sifat && in->sifat[0] ? in->sifat : "Biasa");
	if (rc == 0)
		rc = dom_doc_text_add(&t, "lampiran", in->lampiran && in->lampiran[0] ? in->lampiran
		                                      : to.n > DOM_INVITATION_YTH_INLINE ? "1 (satu) lembar" : "-");
	if (rc == 0)
		rc = dom_doc_text_add(&t, "hal", in->hal && in->hal[0] ? in->hal
		                                 : quarterly ? "Undangan Lokakarya Mini Triwulanan"
		                                             : "Undangan Lokakarya Mini Bulanan");
	char date[LK_FMT_LEN], iso[LK_DATE_STRLEN];
	lk_fmt_date(date, sizeof date, today, LK_LANG_ID);
	snprintf(buf, sizeof buf, k.place[0] ? "%s, %s" : "%s%s", k.place, date);
	if (rc == 0)
		rc = dom_doc_text_add(&t, "tanggal", lk_date_format(today, iso));
	if (rc == 0)
		rc = dom_doc_text_add(&t, "tempat_tanggal", buf);
	if (rc == 0)
		rc = s_add_all(&t, "yth", &to);
	if (rc == 0)
		rc = dom_doc_text_add(&t, "di", "Tempat");
	snprintf(buf, sizeof buf, "Dengan hormat, bersama ini kami mengundang Bapak/Ibu/Saudara untuk menghadiri %s "
	                          "yang akan dilaksanakan pada:",
	         title[0] ? title : quarterly ? "Lokakarya Mini Triwulanan" : "Lokakarya Mini Bulanan");
	if (rc == 0)
		rc = dom_doc_text_add(&t, "pembuka", buf);
	const char *when = held[0] ? held : pd;
	if (lk_date_parse(when, &day) == 0)
		lk_fmt_date_long(date, sizeof date, &day, LK_LANG_ID);
	else
		lk_strlcpy(date, when, sizeof date);
	if (rc == 0)
		rc = dom_doc_text_add(&t, "hari_tanggal", date);
	snprintf(buf, sizeof buf, "08.00 %s s.d. selesai", s_zone_abbr(zone));
	if (rc == 0)
		rc = dom_doc_text_add(&t, "waktu", in->time_text && in->time_text[0] ? in->time_text : buf);
	snprintf(buf, sizeof buf, "Aula %s", k.unit);
	if (rc == 0)
		rc = dom_doc_text_add(&t, "tempat", in->place && in->place[0] ? in->place : mplace[0] ? mplace : buf);
	if (rc == 0)
		rc = s_add_all(&t, "acara", &acara);
	if (rc == 0)
		rc = dom_doc_text_add(&t, "catatan", quarterly ? "Puskesmas menyiapkan capaian triwulan dan masalah yang "
		                                                 "memerlukan dukungan lintas sektor."
		                                               : "Bahan capaian program diserahkan paling lambat 3 (tiga) "
		                                                 "hari sebelum pertemuan.");
	if (rc == 0)
		rc = dom_doc_text_add(&t, "penutup", "Mengingat pentingnya acara tersebut, kehadiran Bapak/Ibu/Saudara "
		                                     "tepat pada waktunya sangat kami harapkan. Atas perhatian dan kerja "
		                                     "samanya, kami ucapkan terima kasih.");
	if (rc == 0)
		rc = dom_doc_text_add(&t, "jabatan", k.head);
	if (rc == 0)
		rc = s_add_all(&t, "tembusan", &tb);
	if (rc == 0 && (*doc = dom_doc_text_write(&t)) == NULL)
		rc = -LK_ENOMEM;
	s_lines_free(&to);
	s_lines_free(&tb);
	s_lines_free(&acara);
	dom_doc_text_free(&t);
	return rc ? dom_fail(err, rc, "the invitation cannot be drafted (%s)", lk_strerror(rc)) : 0;
}

int dom_invitation_draft(struct dom *d, const struct dom_invitation_draft_in *in, struct dom_invitation_draft_out *out,
                         struct dom_err *err)
{
	ProtobufCMessage *mt = NULL, *inv = NULL;
	char put_err[300], today[LK_DATE_STRLEN], *doc = NULL;
	struct lk_date t;
	int rc;
	memset(out, 0, sizeof *out);
	/* The letter is dated the office's day, which the UTC day is not for hours of it. */
	if ((rc = dom_today(d, &t, err)) != 0 || (rc = dom_doc_meeting(d, in->meeting_id, &mt, err)) != 0)
		return rc;
	if ((rc = s_letter(d, mt, in, &t, &doc, err)) != 0)
		goto out;
	inv = record_for_meeting("invitation", mt);
	if (inv == NULL || lk_record_set(inv, "number", in->number ? in->number : "") ||
	    lk_record_set(inv, "issued_date", lk_date_format(&t, today)) || lk_record_set(inv, "document", doc)) {
		rc = dom_fail(err, -LK_ENOMEM, "the invitation cannot be drafted (out of memory)");
		goto out;
	}
	if (lk_store_put(d->st, lk_entity_find("invitation"), inv, NULL, 0, put_err, sizeof put_err) != 0) {
		rc = dom_fail(err, -LK_EINVAL, "%s", put_err);
		goto out;
	}
	lk_strlcpy(out->id, lk_record_id(inv), sizeof out->id);
	rc = 0;
out:
	free(doc);
	lk_record_free(mt);
	lk_record_free(inv);
	return rc;
}
