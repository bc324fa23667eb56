/* names: resolves what a health worker typed through the one resolver and prints why a name did not fit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "names.h"

void cli_office(const struct session *s, struct dom_office *o)
{
	memset(o, 0, sizeof *o);
	lk_strlcpy(o->role, s->prof.role, sizeof o->role);
	lk_strlcpy(o->kabupaten, s->prof.kabupaten, sizeof o->kabupaten);
	lk_strlcpy(o->kecamatan, s->prof.kecamatan, sizeof o->kecamatan);
	lk_strlcpy(o->puskesmas, s->prof.puskesmas, sizeof o->puskesmas);
}

int64_t cli_now(void)
{
	/* The one place LOKMIN_NOW is read (docs/operations.md): a fixed "now" for tests and demos. */
	const char *fixed = getenv("LOKMIN_NOW");
	int64_t t;
	if (fixed == NULL || fixed[0] == '\0')
		return 0;
	if (lk_utc_parse(fixed, &t) != 0 || t <= 0) {
		fprintf(stderr, _("lokmin: LOKMIN_NOW is \"%s\", not a time such as 2026-11-30T16:30:00Z; using the clock\n"),
		        fixed);
		return 0;
	}
	return t;
}

void cli_dom(struct session *s, struct dom *d)
{
	const struct lk_tz *tz;
	struct dom_err err;
	memset(d, 0, sizeof *d);
	d->st = session_store(s);
	cli_office(s, &d->office);
	d->home = s->home;
	d->device_id = s->prof.device_id;
	d->now = cli_now();
	/* Dates are the office's: without its zone "today" would be wrong for hours a day, so refuse. */
	if (d->st != NULL && dom_zone(d, &tz, &err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err.msg);
		d->st = NULL;
	}
}

/* The machine words lists show, marked for translation. */
static const char *const s_words[] = {
	N_("held"), N_("postponed"), N_("cancelled"), N_("missed"), N_("upcoming"), N_("planned"),
	N_("monthly"), N_("quarterly"), N_("open"), N_("in_progress"), N_("done"), N_("dropped"),
	N_("on time"), N_("late"), N_("missing"), N_("overdue"), N_("not yet"), N_("yes"), N_("no"),
	N_("information"), N_("decision"), N_("audit"), N_("feedback"), N_("pending"), N_("active"),
	N_("revoked"), N_("rotated"), N_("retired"), N_("submitted"), N_("plan"), N_("postpone"), N_("cancel"),
	N_("hold"), N_("green"), N_("yellow"), N_("red"), N_("head"), N_("plt"), N_("plh"), N_("an"),
	N_("meeting_soon_material_missing"), N_("invitation_unsigned"), N_("minutes_unsigned"),
	N_("minutes_not_submitted"), N_("rtl_overdue"), N_("minutes_to_review"), N_("minutes_returned"), N_("invitation"), N_("minutes"),
	N_("puskesmas"), N_("kecamatan"), N_("kabupaten"), N_("desa"), N_("sector"),
};

const char *cli_word(const char *w)
{
	for (size_t i = 0; w && i < LK_ARRAY_LEN(s_words); i++)
		if (!strcmp(w, s_words[i]))
			return _(s_words[i]);
	return w;
}

int cli_resolve(const struct session *s, lk_store *st, enum dom_kind kind, const char *text, char *id, size_t size)
{
	struct dom_office o;
	struct dom_ref ref;
	struct dom_err err;
	memset(&err, 0, sizeof err);
	cli_office(s, &o);
	int rc = dom_resolve(st, &o, kind, text, &ref, &err);
	if (rc == 0) {
		lk_strlcpy(id, ref.id, size);
		return 0;
	}
	/* The message already lists the choices inline; one per line reads better in a terminal. */
	fprintf(stderr, "lokmin: %s\n", err.msg[0] ? err.msg : lk_strerror(rc));
	for (int i = 0; i < err.ncand; i++)
		fprintf(stderr, "  %s\n", err.cand[i]);
	return rc == -LK_ENOTFOUND || rc == -LK_EINVAL ? 2 : 1;
}

const char *cli_handle(const struct session *s, lk_store *st, enum dom_kind kind, const char *id, char *out,
                       size_t size)
{
	struct dom_office o;
	cli_office(s, &o);
	if (dom_handle(st, &o, kind, id, out, size) != 0)
		lk_strlcpy(out, "-", size);
	return out;
}

int cli_name(struct session *s, lk_store *st, enum dom_kind kind, const char *text, char id[40])
{
	if (lk_uuid_canonical(text)) {
		lk_strlcpy(id, text, 40);
		return 0;
	}
	return cli_resolve(s, st, kind, text, id, 40);
}

int cli_actor(struct session *s)
{
	char id[40];
	lk_store *st;
	int rc;

	if (s->opt.as[0] == '\0')
		return 0;
	if ((st = session_store(s)) == NULL)
		return 1;
	if ((rc = cli_name(s, st, DOM_PERSON, s->opt.as, id)) != 0) {
		fprintf(stderr, _("lokmin: --as %s: name who is at the keyboard as `lokmin staff list` shows them\n"),
		        s->opt.as);
		return rc;
	}
	if (lk_engine_set_actor(&s->eng, id) != 0) {
		fprintf(stderr, "lokmin: %s\n", lk_engine_error(&s->eng));
		return 1;
	}
	return 0;
}

int cli_json_extra(const struct lk_entity *e, const ProtobufCMessage *rec, const char *const *kv, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL)
		return -LK_ENOMEM;
	int rc = lk_record_json(f, e, rec);
	fclose(f);
	/* Added last, so that readers of the record's fields find them where they were. */
	if (rc == 0 && len >= 2 && !strcmp(buf + len - 2, "}\n")) {
		buf[len - 2] = '\0';
		fputs(buf, stdout);
		for (int i = 0; i < n; i++) {
			if (kv[2 * i + 1] == NULL)
				continue;
			printf(",\"%s\":", kv[2 * i]);
			json_string(stdout, kv[2 * i + 1]);
		}
		fputs("}\n", stdout);
	} else if (rc == 0) {
		fputs(buf, stdout);
	}
	free(buf);
	return rc;
}

int cli_json_handle(const struct lk_entity *e, const ProtobufCMessage *rec, const char *handle)
{
	const char *kv[] = {"handle", handle};
	return cli_json_extra(e, rec, kv, 1);
}
