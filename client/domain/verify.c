/* verify: a document seal checked offline: the record in the store, its content hash, the signature and the signer's key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "resolve.h"
#include "signer.h"
#include "store.h"
#include "verify.h"

/* A field of m copied into out ("" when empty or unreadable). */
static void s_get(const ProtobufCMessage *m, const char *field, char *out, size_t n)
{
	char *v = m ? lk_record_get(m, field) : NULL;
	lk_strlcpy(out, v ? v : "", n);
	free(v);
}

int dom_seal_of(const char *entity, const ProtobufCMessage *doc, char out[LK_SEAL_MAX])
{
	out[0] = '\0';
	if (entity == NULL || doc == NULL)
		return -LK_EINVAL;
	char *text = lk_record_get(doc, "document"), *key = lk_record_get(doc, "signer_key_id"),
	     *sig = lk_record_get(doc, "signature");
	int rc = text && key && sig ? lk_seal_build(out, entity, lk_record_id(doc), (const uint8_t *)text, strlen(text),
	                                            key, sig)
	                            : -LK_ENOMEM;
	free(text);
	free(key);
	free(sig);
	return rc;
}

/* The document record, or -LK_ENOTFOUND with the message a surveyor acts on. */
static int s_load(struct dom *d, const char *entity, const char *id, ProtobufCMessage **doc, struct dom_err *err)
{
	const struct lk_entity *e = entity ? lk_entity_find(entity) : NULL;
	*doc = NULL;
	if (e == NULL || id == NULL || lk_store_get(d->st, e, id, doc) != 0)
		return dom_fail(err, -LK_ENOTFOUND,
		                _("this document (%s %s) is not on this device; sync first, then check again"),
		                entity ? entity : "document", id ? id : "");
	return 0;
}

int dom_seal_payload(struct dom *d, const char *entity, const char *id, char out[LK_SEAL_MAX], struct dom_err *err)
{
	ProtobufCMessage *doc;
	int rc = s_load(d, entity, id, &doc, err);
	if (rc != 0)
		return rc;
	if ((rc = dom_seal_of(entity, doc, out)) != 0)
		rc = dom_fail(err, rc, _("the %s %s is not signed with a registered key, so it has no seal"), entity, id);
	lk_record_free(doc);
	return rc;
}

/* ---------------------------------------------------------------- what the document is */

static int s_id_cell(const char *const *row, int ncol, void *arg)
{
	lk_strlcpy(arg, ncol > 0 && row[0] ? row[0] : "", 37);
	return 1;
}

/* Whether the meeting has a newer revision (minutes) or a letter signed later (invitation). */
static void s_newer(struct dom *d, struct dom_verify_result *r)
{
	char rev[16];
	snprintf(rev, sizeof rev, "%d", r->revision);
	const char *p[3] = {r->meeting_id, r->id, !strcmp(r->entity, "minutes") ? rev : r->signed_at};
	lk_store_query(d->st,
	               !strcmp(r->entity, "minutes")
	                   ? "SELECT id FROM minutes WHERE meeting_id = ?1 AND id <> ?2 AND deleted = 0 "
	                     "AND revision > CAST(?3 AS INTEGER) ORDER BY revision DESC LIMIT 1"
	                   : "SELECT id FROM invitation WHERE meeting_id = ?1 AND id <> ?2 AND deleted = 0 "
	                     "AND signature <> '' AND signed_at > ?3 ORDER BY signed_at DESC LIMIT 1",
	               p, 3, s_id_cell, r->newer_id);
	r->newer = r->newer_id[0] != 0;
}

/* Fill what r says about the document besides the verdict. */
static void s_describe(struct dom *d, const char *entity, const ProtobufCMessage *doc, struct dom_verify_result *r)
{
	ProtobufCMessage *mt = NULL, *p = NULL;
	char rev[16], *text = lk_record_get(doc, "document");
	lk_strlcpy(r->entity, entity, sizeof r->entity);
	lk_strlcpy(r->kind, !strcmp(entity, "minutes") ? "Notulen" : "Surat Undangan", sizeof r->kind);
	lk_strlcpy(r->id, lk_record_id(doc), sizeof r->id);
	s_get(doc, "meeting_id", r->meeting_id, sizeof r->meeting_id);
	s_get(doc, "signer_person_id", r->signer_id, sizeof r->signer_id);
	s_get(doc, "signed_at", r->signed_at, sizeof r->signed_at);
	s_get(doc, "signer_key_id", r->key_id, sizeof r->key_id);
	if (!strcmp(entity, "invitation")) {
		s_get(doc, "number", r->number, sizeof r->number);
		r->revision = 1;
	} else {
		s_get(doc, "revision", rev, sizeof rev);
		r->revision = atoi(rev);
	}
	const char *kab, *kec, *pusk;
	lk_record_keys(doc, &kab, &kec, &pusk);
	lk_strlcpy(r->office, pusk[0] ? pusk : kec, sizeof r->office);
	lk_seal_sha256_hex(r->sha256, (const uint8_t *)(text ? text : ""), text ? strlen(text) : 0);
	free(text);
	if (lk_store_get(d->st, lk_entity_find("meeting"), r->meeting_id, &mt) == 0) {
		s_get(mt, "title", r->meeting, sizeof r->meeting);
		s_get(mt, "held_date", r->meeting_date, sizeof r->meeting_date);
		if (!r->meeting_date[0])
			s_get(mt, "planned_date", r->meeting_date, sizeof r->meeting_date);
		if (dom_handle(d->st, &d->office, DOM_MEETING, r->meeting_id, r->meeting_handle, sizeof r->meeting_handle) != 0)
			r->meeting_handle[0] = '\0';
	}
	if (r->signer_id[0] && lk_store_get(d->st, lk_entity_find("person"), r->signer_id, &p) == 0) {
		s_get(p, "name", r->signer_name, sizeof r->signer_name);
		s_get(p, "title", r->signer_title, sizeof r->signer_title);
	}
	s_newer(d, r);
	lk_record_free(mt);
	lk_record_free(p);
}

/* ---------------------------------------------------------------- the checks */

/* r->valid = 0 with the reason; returns 0 (a verdict was reached). */
static int s_invalid(struct dom_verify_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int s_invalid(struct dom_verify_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
	r->valid = 0;
	return 0;
}

/* Judge seal s against the loaded record doc (described in r). */
static int s_judge(struct dom *d, const struct lk_seal *s, const ProtobufCMessage *doc, struct dom_verify_result *r)
{
	char why[300], sig[130], deleted[8];
	s_get(doc, "signature", sig, sizeof sig);
	s_get(doc, "deleted", deleted, sizeof deleted);
	if (!strcmp(deleted, "1"))
		return s_invalid(r, _("the %s was deleted by its office: it no longer stands"), r->kind);
	if (!sig[0] || !r->key_id[0])
		return s_invalid(r, _("the %s on this device is not signed with a registered key"), r->kind);
	if (strcmp(s->sha256, r->sha256) != 0)
		return s_invalid(r,
		                 _("the content hash in the code is not the hash of the %s on this device: the code "
		                 "was made for other text, or it was changed"), r->kind);
	/* The seal's own signature, with the key it names, by the document's signer:
	 * the same judgement every reader of the record makes (lk_signer). */
	const char *kab, *kec, *pusk;
	char *text = lk_record_get(doc, "document");
	lk_record_keys(doc, &kab, &kec, &pusk);
	struct lk_signature sg = {r->signer_id, kab, kec, pusk, r->signed_at, s->sig,
	                          (const uint8_t *)(text ? text : ""), text ? strlen(text) : 0};
	int rc = signer_verify(d->st, &sg, s->key_id, why, sizeof why);
	free(text);
	if (rc != 0)
		return s_invalid(r, _("the signature in the code does not hold for %s: %s"),
		                 r->signer_name[0] ? r->signer_name : _("the signer"), why);
	if (strcmp(s->key_id, r->key_id) != 0 || strcmp(s->sig, sig) != 0)
		return s_invalid(r, _("the code's %s is not the one recorded with the %s on this device"),
		                 strcmp(s->key_id, r->key_id) ? _("signing key") : _("signature"), r->kind);
	if (!r->signer_name[0])
		return s_invalid(r, _("the signer (%s) is not on this device; sync first"), r->signer_id);
	r->valid = 1;
	r->why[0] = '\0';
	return 0;
}

int dom_verify_payload(struct dom *d, const char *text, struct dom_verify_result *r, struct dom_err *err)
{
	struct lk_seal s;
	ProtobufCMessage *doc = NULL;
	char why[200];
	int rc;
	memset(r, 0, sizeof *r);
	if (lk_seal_parse(text, text ? strlen(text) : 0, &s, why, sizeof why) != 0)
		return dom_fail(err, -LK_EINVAL, _("this is not a lokmin document code: %s"), why);
	if ((rc = s_load(d, s.entity, s.id, &doc, err)) != 0)
		return rc;
	s_describe(d, s.entity, doc, r);
	rc = s_judge(d, &s, doc, r);
	lk_record_free(doc);
	return rc;
}

int dom_verify_record(struct dom *d, const char *entity, const char *id, struct dom_verify_result *r,
                      struct dom_err *err)
{
	struct lk_seal s;
	ProtobufCMessage *doc = NULL;
	char seal[LK_SEAL_MAX];
	int rc;
	memset(r, 0, sizeof *r);
	if ((rc = s_load(d, entity, id, &doc, err)) != 0)
		return rc;
	s_describe(d, entity, doc, r);
	if (dom_seal_of(entity, doc, seal) != 0 || lk_seal_parse(seal, strlen(seal), &s, NULL, 0) != 0)
		rc = s_invalid(r, _("the %s on this device is not signed with a registered key"), r->kind);
	else
		rc = s_judge(d, &s, doc, r);
	lk_record_free(doc);
	return rc;
}
