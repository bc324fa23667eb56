/* handlers: the request handlers of the foundation: ping, enroll, whoami, org show, token issue. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_log.h"
#include "lk_scope.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "srv.h"

/* ---------------------------------------------------------------- ping */

static int h_ping(struct req *r)
{
	Lokmin__PingReply *p = req_alloc(r, sizeof *p);
	if (p == NULL)
		return -LK_ENOMEM;
	lokmin__ping_reply__init(p);
	/* The payload points into the request, which outlives the reply encoding. */
	p->payload = r->in->ping->payload;
	p->server_time_ms = (int64_t)lk_now_ms();
	r->out->body_case = LOKMIN__REPLY__BODY_PING;
	r->out->ping = p;
	return 0;
}

/* ---------------------------------------------------------------- enroll */

static Lokmin__Scope *s_scope(struct req *r, const char *kab, const char *kec, const char *pusk)
{
	Lokmin__Scope *s = req_alloc(r, sizeof *s);
	if (s == NULL)
		return NULL;
	lokmin__scope__init(s);
	s->kabupaten = req_strdup(r, kab);
	s->kecamatan = req_strdup(r, kec);
	s->puskesmas = req_strdup(r, pusk);
	return s->kabupaten && s->kecamatan && s->puskesmas ? s : NULL;
}

static int s_rollback(struct req *r, int rc)
{
	db_command(r->pg, "ROLLBACK");
	return rc;
}

static int h_enroll(struct req *r)
{
	const Lokmin__EnrollRequest *in = r->in->enroll;
	char hash[65], pkhex[LK_HEX_KEYLEN], idtext[LK_UUID_STRLEN];
	struct lk_device d;
	PGresult *res;
	lk_uuid id;
	int rc;

	if (r->known)
		return -LK_EENROLLED;
	/* Before the token is even looked at: guessing must be slow. */
	if (ratelimit_take(r->srv->enroll_limit, r->peer, lk_now_ms()) != 0) {
		log_info("enroll from %s throttled", r->peer[0] ? r->peer : "an unknown address");
		return -LK_ERATELIMIT;
	}
	if (token_hash_hex(in->token, hash) != 0) {
		snprintf(r->msg, sizeof r->msg, N_("an enrollment token is 32 hexadecimal digits"));
		return -LK_ETOKEN;
	}
	if (strlen(in->device_name) > 100) {
		snprintf(r->msg, sizeof r->msg, N_("device name longer than 100 bytes"));
		return -LK_ETOOBIG;
	}
	if ((rc = db_command(r->pg, "BEGIN")) != 0)
		return rc;
	const char *p1[1] = {hash};
	res = db_exec(r->pg, "token_lock", 1, p1);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = db_error(r->pg, res);
		PQclear(res);
		return s_rollback(r, rc);
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		return s_rollback(r, -LK_ETOKEN);
	}
	memset(&d, 0, sizeof d);
	char token_id[LK_UUID_STRLEN];
	lk_strlcpy(token_id, PQgetvalue(res, 0, 0), sizeof token_id);
	d.role = lk_role_parse(PQgetvalue(res, 0, 1));
	lk_strlcpy(d.kabupaten, PQgetvalue(res, 0, 2), sizeof d.kabupaten);
	lk_strlcpy(d.kecamatan, PQgetvalue(res, 0, 3), sizeof d.kecamatan);
	lk_strlcpy(d.puskesmas, PQgetvalue(res, 0, 4), sizeof d.puskesmas);
	lk_strlcpy(d.scope_code, PQgetvalue(res, 0, 5), sizeof d.scope_code);
	int expired = PQgetvalue(res, 0, 6)[0] == 't';
	int used = PQgetvalue(res, 0, 7)[0] == 't';
	PQclear(res);
	if (used)
		return s_rollback(r, -LK_ETOKENUSED);
	if (expired)
		return s_rollback(r, -LK_ETOKENEXP);
	if ((in->expect_role != LOKMIN__ROLE__ROLE_UNSPECIFIED && in->expect_role != d.role) ||
	    (in->expect_scope[0] && strcmp(in->expect_scope, d.scope_code) != 0)) {
		snprintf(r->msg, sizeof r->msg, "this token is for %s %s, not %s %s", lk_role_name(d.role),
		         d.scope_code, lk_role_name(in->expect_role),
		         in->expect_scope[0] ? in->expect_scope : "(any scope)");
		return s_rollback(r, -LK_EROLE);
	}

	lk_uuid_v7(&id);
	lk_uuid_format(&id, idtext);
	lk_strlcpy(d.id, idtext, sizeof d.id);
	memcpy(d.pk, r->pk, sizeof d.pk);
	lk_strlcpy(d.name, in->device_name, sizeof d.name);
	const char *p2[9] = {idtext, lk_hex_encode(pkhex, r->pk, sizeof r->pk), lk_role_name(d.role),
	                     d.kabupaten, d.kecamatan, d.puskesmas, d.scope_code, d.name, token_id};
	res = db_exec(r->pg, "device_insert", 9, p2);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = db_error(r->pg, res);
		PQclear(res);
		return s_rollback(r, rc == -LK_EEXIST ? -LK_EENROLLED : rc);
	}
	d.enrolled_ms = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	const char *p3[2] = {token_id, idtext};
	res = db_exec(r->pg, "token_use", 2, p3);
	rc = (res && PQresultStatus(res) == PGRES_COMMAND_OK) ? 0 : db_error(r->pg, res);
	PQclear(res);
	if (rc != 0)
		return s_rollback(r, rc);
	if ((rc = db_command(r->pg, "COMMIT")) != 0)
		return rc;

	/* The notification will refresh every lokmind; update ours now so the
	 * device's next request, possibly a millisecond away, is recognised. */
	devcache_put(r->srv->devices, &d);
	log_info("enrolled device %s as %s %s", d.id, lk_role_name(d.role), d.scope_code);

	Lokmin__EnrollReply *e = req_alloc(r, sizeof *e);
	if (e == NULL)
		return -LK_ENOMEM;
	lokmin__enroll_reply__init(e);
	e->device_id = req_strdup(r, d.id);
	e->role = d.role;
	e->scope = s_scope(r, d.kabupaten, d.kecamatan, d.puskesmas);
	e->scope_code = req_strdup(r, d.scope_code);
	const char *pw[1] = {d.id};
	res = db_exec(r->pg, "whoami", 1, pw);
	e->scope_name = req_strdup(r, res && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1
	                                  ? PQgetvalue(res, 0, 2)
	                                  : "");
	PQclear(res);
	if (e->device_id == NULL || e->scope == NULL || e->scope_code == NULL || e->scope_name == NULL)
		return -LK_ENOMEM;
	r->out->body_case = LOKMIN__REPLY__BODY_ENROLL;
	r->out->enroll = e;
	return 0;
}

/* ---------------------------------------------------------------- whoami */

static int h_whoami(struct req *r)
{
	const char *p[1] = {r->dev.id};
	PGresult *res = db_exec(r->pg, "whoami", 1, p);
	int rc;
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		rc = (res && PQresultStatus(res) == PGRES_TUPLES_OK) ? -LK_ENOTFOUND : db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	Lokmin__WhoAmIReply *w = req_alloc(r, sizeof *w);
	if (w == NULL) {
		PQclear(res);
		return -LK_ENOMEM;
	}
	lokmin__who_am_ireply__init(w);
	w->device_id = req_strdup(r, r->dev.id);
	w->device_name = req_strdup(r, PQgetvalue(res, 0, 0));
	w->enrolled_at_ms = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	w->scope_name = req_strdup(r, PQgetvalue(res, 0, 2));
	w->server_time_ms = strtoll(PQgetvalue(res, 0, 3), NULL, 10);
	PQclear(res);
	w->role = r->dev.role;
	w->scope = s_scope(r, r->dev.kabupaten, r->dev.kecamatan, r->dev.puskesmas);
	w->scope_code = req_strdup(r, r->dev.scope_code);
	w->server_version = LOKMIN_VERSION;
	w->protocol_version = LK_PROTOCOL_VERSION;
	if (!w->device_id || !w->device_name || !w->scope_name || !w->scope || !w->scope_code)
		return -LK_ENOMEM;
	r->out->body_case = LOKMIN__REPLY__BODY_WHOAMI;
	r->out->whoami = w;
	return 0;
}

/* ---------------------------------------------------------------- org show */

static Lokmin__OrgUnit *s_unit(struct req *r, int kind, const char *code, const char *name,
                               const char *parent)
{
	Lokmin__OrgUnit *u = req_alloc(r, sizeof *u);
	if (u == NULL)
		return NULL;
	lokmin__org_unit__init(u);
	u->kind = (Lokmin__OrgKind)kind;
	u->code = req_strdup(r, code);
	u->name = req_strdup(r, name);
	u->parent_code = req_strdup(r, parent);
	return u->code && u->name && u->parent_code ? u : NULL;
}

static int h_org_show(struct req *r)
{
	const char *code = r->in->org_show->code;
	PGresult *res;
	int rc;

	if (lk_org_kind_of_code(code) == LOKMIN__ORG_KIND__ORG_UNSPECIFIED) {
		snprintf(r->msg, sizeof r->msg, "\"%.64s\" is not a region code", code);
		return -LK_EINVAL;
	}
	const char *p[1] = {code};
	res = db_exec(r->pg, "region", 1, p);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	/*
	 * Out of scope and absent look the same, so nothing leaks about other
	 * regions. An office below the district may read its own kabupaten's
	 * name (its letterheads print it), never what lies under it.
	 */
	int name_only = PQntuples(res) > 0 && atoi(PQgetvalue(res, 0, 0)) == LOKMIN__ORG_KIND__ORG_KABUPATEN &&
	                !strcmp(PQgetvalue(res, 0, 1), r->dev.kabupaten) &&
	                authz_read(&r->dev, PQgetvalue(res, 0, 4), PQgetvalue(res, 0, 5), PQgetvalue(res, 0, 6)) != 0;
	if (PQntuples(res) == 0 ||
	    (!name_only &&
	     authz_read(&r->dev, PQgetvalue(res, 0, 4), PQgetvalue(res, 0, 5), PQgetvalue(res, 0, 6)) != 0)) {
		PQclear(res);
		snprintf(r->msg, sizeof r->msg, "%.64s is outside this device's scope or does not exist", code);
		return -LK_ESCOPE;
	}
	int kind = atoi(PQgetvalue(res, 0, 0));
	Lokmin__OrgShowReply *o = req_alloc(r, sizeof *o);
	if (o == NULL) {
		PQclear(res);
		return -LK_ENOMEM;
	}
	lokmin__org_show_reply__init(o);
	o->unit = s_unit(r, kind, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3));
	PQclear(res);
	if (o->unit == NULL)
		return -LK_ENOMEM;
	if (name_only) {
		r->out->body_case = LOKMIN__REPLY__BODY_ORG_SHOW;
		r->out->org_show = o;
		return 0;
	}

	char kindtext[8];
	snprintf(kindtext, sizeof kindtext, "%d", kind);
	const char *pc[2] = {code, kindtext};
	res = db_exec(r->pg, "region_children", 2, pc);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	int n = PQntuples(res), kept = 0;
	o->children = req_alloc(r, (size_t)(n ? n : 1) * sizeof *o->children);
	for (int i = 0; o->children && i < n; i++) {
		/* A puskesmas device sees its kecamatan but not the other puskesmas in it. */
		if (atoi(PQgetvalue(res, i, 0)) == LOKMIN__ORG_KIND__ORG_PUSKESMAS &&
		    r->dev.role == LOKMIN__ROLE__ROLE_PUSKESMAS &&
		    strcmp(PQgetvalue(res, i, 1), r->dev.puskesmas) != 0)
			continue;
		o->children[kept] = s_unit(r, atoi(PQgetvalue(res, i, 0)), PQgetvalue(res, i, 1),
		                           PQgetvalue(res, i, 2), code);
		if (o->children[kept] == NULL)
			break;
		kept++;
	}
	PQclear(res);
	if (o->children == NULL)
		return -LK_ENOMEM;
	o->n_children = (size_t)kept;
	r->out->body_case = LOKMIN__REPLY__BODY_ORG_SHOW;
	r->out->org_show = o;
	return 0;
}

/* ---------------------------------------------------------------- token issue */

static int h_token_issue(struct req *r)
{
	const Lokmin__TokenIssueRequest *in = r->in->token_issue;
	char token[LK_TOKEN_HEXLEN], by[64];
	int64_t ttl = in->ttl_seconds ? (int64_t)in->ttl_seconds * 1000 : r->srv->cfg->token_ttl;
	int64_t expires = 0;
	int rc;

	if (r->dev.role != LOKMIN__ROLE__ROLE_DINKES) {
		snprintf(r->msg, sizeof r->msg, N_("only a district (dinkes) device may issue enrollment tokens"));
		return -LK_EPERM;
	}
	if (ttl > r->srv->cfg->token_ttl * 10) {
		snprintf(r->msg, sizeof r->msg, N_("token lifetime too long"));
		return -LK_EINVAL;
	}
	snprintf(by, sizeof by, "device:%s", r->dev.id);
	rc = token_create(r->pg, in->role, in->scope_code, ttl, by, r->dev.kabupaten, token, &expires,
	                  r->msg, sizeof r->msg);
	if (rc != 0)
		return rc;
	Lokmin__TokenIssueReply *t = req_alloc(r, sizeof *t);
	if (t == NULL)
		return -LK_ENOMEM;
	lokmin__token_issue_reply__init(t);
	t->token = req_strdup(r, token);
	t->expires_at_ms = expires;
	t->role = in->role;
	t->scope_code = req_strdup(r, in->scope_code);
	if (!t->token || !t->scope_code)
		return -LK_ENOMEM;
	r->out->body_case = LOKMIN__REPLY__BODY_TOKEN_ISSUE;
	r->out->token_issue = t;
	return 0;
}

/* ---------------------------------------------------------------- indicator catalogue */

/*
 * The active indicators, so a device can enter and grade achievement offline.
 * The digest (BLAKE2b over every column of every row) lets a device that is
 * current get a short "unchanged" reply.
 */
static int h_catalogue(struct req *r)
{
	PGresult *res = db_exec(r->pg, "catalogue", 0, NULL);
	int rc;
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = db_error(r->pg, res);
		PQclear(res);
		return rc;
	}
	int n = PQntuples(res), nf = PQnfields(res);
	crypto_generichash_state hs;
	uint8_t dg[32];
	char hex[65];
	crypto_generichash_init(&hs, NULL, 0, sizeof dg);
	for (int i = 0; i < n; i++)
		for (int j = 0; j < nf; j++)
			crypto_generichash_update(&hs, (const uint8_t *)PQgetvalue(res, i, j),
			                          (unsigned long long)PQgetlength(res, i, j) + 1);
	crypto_generichash_final(&hs, dg, sizeof dg);
	lk_hex_encode(hex, dg, sizeof dg);

	Lokmin__CatalogueReply *o = req_alloc(r, sizeof *o);
	if (o != NULL) {
		lokmin__catalogue_reply__init(o);
		o->digest = req_strdup(r, hex);
	}
	if (o == NULL || o->digest == NULL) {
		PQclear(res);
		return -LK_ENOMEM;
	}
	if (!strcmp(r->in->catalogue->digest, hex)) {
		o->unchanged = 1;
	} else {
		o->indicators = req_alloc(r, (size_t)(n ? n : 1) * sizeof *o->indicators);
		for (int i = 0; o->indicators && i < n; i++) {
			Lokmin__Indicator *x = req_alloc(r, sizeof *x);
			if (x == NULL)
				break;
			lokmin__indicator__init(x);
			char **f[] = {&x->code, &x->programme_code, &x->programme_name, &x->name,
			              &x->unit, &x->numerator,      &x->denominator};
			for (size_t j = 0; j < LK_ARRAY_LEN(f); j++)
				if ((*f[j] = req_strdup(r, PQgetvalue(res, i, (int)j))) == NULL)
					x = NULL;
			if (x == NULL)
				break;
			x->ilp_cluster = atoi(PQgetvalue(res, i, 7));
			x->default_annual_target = strtod(PQgetvalue(res, i, 8), NULL);
			if ((x->accrual = req_strdup(r, PQgetvalue(res, i, 9))) == NULL)
				break;
			o->indicators[o->n_indicators++] = x;
		}
		if (o->indicators == NULL || o->n_indicators != (size_t)n) {
			PQclear(res);
			return -LK_ENOMEM;
		}
	}
	PQclear(res);
	r->out->body_case = LOKMIN__REPLY__BODY_CATALOGUE;
	r->out->catalogue = o;
	return 0;
}

/* ---------------------------------------------------------------- table */

static const struct handler s_handlers[] = {
	{LOKMIN__REQUEST__BODY_PING, "ping", h_ping, 0, 1},
	{LOKMIN__REQUEST__BODY_ENROLL, "enroll", h_enroll, 1, 0},
	{LOKMIN__REQUEST__BODY_WHOAMI, "whoami", h_whoami, 0, 0},
	{LOKMIN__REQUEST__BODY_ORG_SHOW, "org_show", h_org_show, 0, 0},
	{LOKMIN__REQUEST__BODY_TOKEN_ISSUE, "token_issue", h_token_issue, 0, 0},
	{LOKMIN__REQUEST__BODY_PUSH, "push", h_push, 0, 0},
	{LOKMIN__REQUEST__BODY_PULL, "pull", h_pull, 0, 0},
	{LOKMIN__REQUEST__BODY_BLOB_PUT, "blob_put", h_blob_put, 0, 0},
	{LOKMIN__REQUEST__BODY_BLOB_GET, "blob_get", h_blob_get, 0, 0},
	{LOKMIN__REQUEST__BODY_CATALOGUE, "catalogue", h_catalogue, 0, 0},
};

const struct handler *handler_find(int body_case)
{
	for (size_t i = 0; i < LK_ARRAY_LEN(s_handlers); i++)
		if (s_handlers[i].body_case == body_case)
			return &s_handlers[i];
	return NULL;
}
