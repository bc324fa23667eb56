/* letter: the kop, the place-date line and the signature block of official letters, from the office's records. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attach.h"
#include "clock.h"
#include "letter.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_lang.h"
#include "lk_rules.h"
#include "lk_seal.h"
#include "lk_signer.h"
#include "lk_tz.h"
#include "lk_util.h"
#include "kop.h"
#include "office.h"
#include "signed_doc.h"
#include "verify.h"
#include "store.h"

/* A record's field into out[n] ("" when missing). */
static void s_get(const ProtobufCMessage *m, const char *field, char *out, size_t n)
{
	char *v = m ? lk_record_get(m, field) : NULL;
	lk_strlcpy(out, v ? v : "", n);
	free(v);
}

/* ---------------------------------------------------------------- kop */

static void s_kop_line(struct rl_kop *k, const char *text, double size, int bold)
{
	if (text == NULL || text[0] == '\0' || k->n >= RL_KOP_MAX)
		return;
	lk_strlcpy(k->line[k->n], text, sizeof k->line[k->n]);
	k->size_pt[k->n] = size;
	k->bold[k->n] = bold;
	k->n++;
}

/* The file of attachment id when its content is on this device, into out[n] (else ""). */
static void s_logo(struct dom *d, const char *id, char *out, size_t n)
{
	ProtobufCMessage *a = NULL;
	out[0] = '\0';
	if (id[0] == '\0' || d->home == NULL || lk_store_get(d->st, lk_entity_find("attachment_ref"), id, &a) != 0)
		return;
	char hash[80], path[1200];
	s_get(a, "hash", hash, sizeof hash);
	char *data = NULL;
	size_t len = 0;
	if (!lk_record_deleted(a) && lk_attach_blob_path(d->home, hash, path, sizeof path) == 0 &&
	    lk_read_file(path, &data, &len) == 0 && len > 0)
		lk_strlcpy(out, path, n);
	free(data);
	lk_record_free(a);
}

int rl_kop_of_office(struct dom *d, const char *office, struct rl_kop *out, struct dom_err *err)
{
	struct dom_kop k;
	memset(out, 0, sizeof *out);
	int rc = dom_kop(d, office, &k, err);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < k.n; i++) {
		int contact = k.contact && i + 1 == k.n;
		int unit = contact ? i + 2 == k.n : i + 1 == k.n;
		s_kop_line(out, k.line[i], contact ? 10 : unit ? 16 : 14, !contact);
	}
	s_logo(d, k.logo_id, out->logo, sizeof out->logo);
	return 0;
}

void rl_kop_from_lines(struct rl_kop *out, const char *const *lines, size_t n, const char *contact, const char *logo)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++)
		s_kop_line(out, lines[i] ? lines[i] : "", i + 1 == n ? 16 : 14, 1);
	if (contact)
		s_kop_line(out, contact, 10, 0);
	if (logo)
		lk_strlcpy(out->logo, logo, sizeof out->logo);
}

int rl_kop_add(struct rd_doc *doc, const struct rl_kop *k)
{
	char *mk[RL_KOP_MAX] = {0};
	const char *lines[RL_KOP_MAX];
	int rc = 0;
	for (size_t i = 0; i < k->n && rc == 0; i++) {
		char *e = rd_markup_escape(k->line[i]);
		if (e == NULL) {
			rc = -LK_ENOMEM;
			break;
		}
		if (k->bold[i]) {
			size_t len = strlen(e) + 8;
			mk[i] = malloc(len);
			if (mk[i])
				snprintf(mk[i], len, "<b>%s</b>", e);
			free(e);
			if (mk[i] == NULL)
				rc = -LK_ENOMEM;
		} else
			mk[i] = e;
		lines[i] = mk[i];
	}
	if (rc == 0)
		rc = rd_letterhead(doc, k->logo[0] ? k->logo : NULL, lines, k->size_pt, k->n);
	for (size_t i = 0; i < k->n; i++)
		free(mk[i]);
	return rc;
}

/* ---------------------------------------------------------------- date line */

int rl_place_date(struct dom *d, const char *office, const struct lk_date *day, char *out, size_t n,
                  struct dom_err *err)
{
	struct dom_kop k;
	struct lk_date today;
	char date[LK_FMT_LEN];
	int rc;
	out[0] = '\0';
	if (day == NULL) {
		if ((rc = dom_today(d, &today, err)) != 0)
			return rc;
		day = &today;
	}
	if ((rc = dom_kop(d, office, &k, err)) != 0)
		return rc;
	const char *place = k.place;
	if (lk_fmt_date(date, sizeof date, day, lk_lang_from_env()) != 0)
		return dom_fail(err, -LK_EINVAL, "the letter's date is not a date");
	if (place[0])
		snprintf(out, n, "%s, %s", place, date);
	else
		lk_strlcpy(out, date, n);
	return 0;
}

/* ---------------------------------------------------------------- signature block */

int rl_head_jabatan(struct dom *d, const char *office, char *out, size_t n, struct dom_err *err)
{
	struct dom_kop k;
	int rc = dom_kop(d, office, &k, err);
	if (rc == 0)
		lk_strlcpy(out, k.head, n);
	return rc;
}

/* 1 when title names the head's post without the office ("Kepala Puskesmas", "Camat"). */
static int s_generic_title(const char *title)
{
	static const char *const g[] = {"Kepala Puskesmas", "Kepala UPTD Puskesmas", "Kapus", "Camat", NULL};
	for (size_t i = 0; g[i]; i++)
		if (!strcasecmp(title, g[i]))
			return 1;
	return title[0] == '\0';
}

/* Fill name, pangkat and NIP of s from person record m. */
static void s_person(struct rl_signer *s, const ProtobufCMessage *m)
{
	char nip[60];
	s_get(m, "name", s->name, sizeof s->name);
	s_get(m, "pangkat", s->pangkat, sizeof s->pangkat);
	s_get(m, "nip", nip, sizeof nip);
	if (nip[0])
		snprintf(s->nip, sizeof s->nip, _("NIP. %s"), nip);
}

/* The head of an office: the live person with the office's head role. */
struct s_head {
	const char *pusk, *kec, *role;
	ProtobufCMessage *m;
};

static int s_head_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_head *h = arg;
	const char *kab, *kec, *pusk;
	char role[40];
	lk_record_keys(m, &kab, &kec, &pusk);
	s_get(m, "role", role, sizeof role);
	if (h->m == NULL && !lk_record_deleted(m) && !strcmp(role, h->role) && !strcmp(pusk, h->pusk) &&
	    (h->pusk[0] || !strncmp(kec, h->kec, 6)))
		h->m = lk_record_copy(e, m);
	return 0;
}

/* The delegation kind (plt, plh, an) of person at office keys in force at time at, into kind[8]. */
struct s_deleg {
	const char *person, *kab, *kec, *pusk, *at;
	char kind[8];
};

static int s_deleg_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_deleg *w = arg;
	struct lk_delegation dl;
	(void)e;
	if (w->kind[0] || lk_record_deleted(m))
		return 0;
	lk_signer_delegation_of(&dl, m);
	if (!strcmp(dl.person_id, w->person) && !strcmp(dl.kab, w->kab) && !strcmp(dl.kec, w->kec) &&
	    !strcmp(dl.pusk, w->pusk) && lk_signer_delegation_in_force(&dl, w->at) == 0)
		lk_strlcpy(w->kind, dl.kind, sizeof w->kind);
	return 0;
}

/* The office code a record belongs to (its puskesmas, else its kecamatan). */
static const char *s_office_of(const ProtobufCMessage *m)
{
	const char *kab, *kec, *pusk;
	lk_record_keys(m, &kab, &kec, &pusk);
	return pusk[0] ? pusk : kec;
}

int rl_signer_of(struct dom *d, const char *office, const char *entity, const ProtobufCMessage *doc,
                 struct rl_signer *out, struct dom_err *err)
{
	char head[300], code[16];
	int rc;
	memset(out, 0, sizeof *out);
	if (doc)
		office = s_office_of(doc);
	if ((rc = dom_office_code(d, office, code, err)) != 0 || (rc = rl_head_jabatan(d, code, head, sizeof head, err)) != 0)
		return rc;
	ProtobufCMessage *signer = NULL;
	enum signer_state state = doc ? dom_doc_state(d, doc, &signer) : SIGNER_UNSIGNED;
	out->invalid = state == SIGNER_INVALID;
	if (state == SIGNER_VERIFIED && signer) {
		char title[300], at[40], seal[LK_SEAL_MAX];
		const char *kab, *kec, *pusk;
		lk_record_keys(doc, &kab, &kec, &pusk);
		s_get(signer, "title", title, sizeof title);
		s_get(doc, "signed_at", at, sizeof at);
		struct s_deleg w = {lk_record_id(signer), kab, kec, pusk, at, ""};
		char role[40];
		s_get(signer, "role", role, sizeof role);
		if (!lk_role_is_head(role))
			lk_store_list(d->st, lk_entity_find("delegation"), s_deleg_row, &w);
		lk_strlcpy(out->deputy_kind, w.kind, sizeof out->deputy_kind);
		if (!strcmp(w.kind, "plt"))
			snprintf(out->jabatan, sizeof out->jabatan, _("Acting %s"), head);
		else if (!strcmp(w.kind, "plh"))
			snprintf(out->jabatan, sizeof out->jabatan, _("Daily acting %s"), head);
		else if (!strcmp(w.kind, "an"))
			snprintf(out->jabatan, sizeof out->jabatan, _("On behalf of %s\n%s"), head, title);
		else
			lk_strlcpy(out->jabatan, s_generic_title(title) ? head : title, sizeof out->jabatan);
		s_person(out, signer);
		lk_record_free(signer);
		const struct lk_tz *tz;
		int64_t t;
		if (lk_utc_parse(at, &t) != 0 || dom_zone(d, &tz, NULL) != 0 ||
		    lk_fmt_at(out->signed_at, sizeof out->signed_at, tz, t, LK_FMT_DATE | LK_FMT_TIME, lk_lang_from_env()) != 0)
			lk_strlcpy(out->signed_at, at, sizeof out->signed_at);
		if (dom_seal_of(entity, doc, seal) == 0 && dom_qr_make(seal, &out->qr) == 0) {
			out->is_signed = 1;
			lk_strlcpy(out->seal, seal, sizeof out->seal);
		}
		return 0;
	}
	lk_record_free(signer);
	/* Not signed yet: the head's name under room for a wet signature. */
	struct s_head h = {code[0] == 'P' ? code : "", code[0] == 'P' ? code + 1 : code, lk_head_role(code[0] == 'P' ? code : ""),
	                   NULL};
	lk_store_list(d->st, lk_entity_find("person"), s_head_row, &h);
	lk_strlcpy(out->jabatan, head, sizeof out->jabatan);
	if (h.m) {
		char title[300];
		s_get(h.m, "title", title, sizeof title);
		if (!s_generic_title(title))
			lk_strlcpy(out->jabatan, title, sizeof out->jabatan);
		s_person(out, h.m);
		lk_record_free(h.m);
	}
	return 0;
}

void rl_signer_free(struct rl_signer *s)
{
	if (s)
		dom_qr_free(&s->qr);
}

int rl_signature_add(struct rd_doc *doc, const struct rl_signer *s, const char *place_date)
{
	char *pd = place_date ? rd_markup_escape(place_date) : NULL, *jab = rd_markup_escape(s->jabatan),
	     *name = rd_markup_escape(s->name[0] ? s->name : "(..............................)"),
	     *pangkat = rd_markup_escape(s->pangkat), *nip = rd_markup_escape(s->nip);
	int rc = -LK_ENOMEM;
	char when[200], *caption = NULL;
	snprintf(when, sizeof when, _("Signed electronically on %s; scan to check the signature (lokmin verify)"),
	         s->signed_at);
	if (s->is_signed)
		caption = rd_markup_escape(when);
	if ((place_date == NULL || pd) && jab && name && pangkat && nip && (!s->is_signed || caption)) {
		struct rd_signature sig = {.place_date = pd,
		                           .jabatan = jab,
		                           .mark_mm = s->is_signed ? 24 : 22,
		                           .mark_qr = s->is_signed ? s->qr.dark : NULL,
		                           .mark_qr_size = s->is_signed ? s->qr.width : 0,
		                           .name = name,
		                           .pangkat = s->pangkat[0] ? pangkat : NULL,
		                           .nip = s->nip[0] ? nip : NULL,
		                           .status = s->is_signed ? "verified" : s->invalid ? "invalid" : "unsigned",
		                           .seal = s->is_signed ? s->seal : NULL,
		                           .mark_caption = s->is_signed ? caption : NULL};
		rc = rd_signature(doc, &sig);
	}
	if (rc == 0 && s->invalid) {
		char note[200];
		snprintf(note, sizeof note, "<b>%s</b>", _("[THE ELECTRONIC SIGNATURE DOES NOT VERIFY]"));
		rc = rd_para(doc, note, &(struct rd_para_style){.align = RD_RIGHT, .size_pt = 10});
	}
	free(caption);
	free(pd);
	free(jab);
	free(name);
	free(pangkat);
	free(nip);
	return rc;
}
