/* cmd_minutes: `lokmin minutes`: compile the Notulen from the records, sign, seal, revise, submit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "client.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_util.h"
#include "names.h"
#include "signer.h"
#include "store.h"

struct revs {
	const char *meeting;
	ProtobufCMessage *latest; /* highest revision */
	int latest_no;
	int count;
	int list;                 /* print each one */
	lk_store *st;
	const struct session *s;  /* for the handles of a printed list */
};

static int s_rev_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct revs *r = arg;
	char *mid = lk_record_get(m, "meeting_id");
	int mine = !lk_record_deleted(m) && !strcmp(mid, r->meeting);
	free(mid);
	if (!mine)
		return 0;
	char *no = lk_record_get(m, "revision");
	int n = atoi(no);
	free(no);
	r->count++;
	if (r->list) {
		char *sig = lk_record_get(m, "signature"), *sub = lk_record_get(m, "submitted_at"),
		     *note = lk_record_get(m, "change_note"), *eff = lk_record_get(m, "effective_date");
		char why[300];
		enum signer_state st = signer_record_state(r->st, e, m, why, sizeof why);
		char handle[80];
		cli_handle(r->s, r->st, DOM_MINUTES, lk_record_id(m), handle, sizeof handle);
		printf("%-11s  %-3d  %s  %-8s  %-20s  %-10s  %s\n", handle, n, lk_record_id(m),
		       st == SIGNER_VERIFIED ? "signed" : sig[0] ? "INVALID" : "draft",
		       sub[0] ? sub : "-", eff[0] ? eff : "-", note);
		free(sig);
		free(sub);
		free(note);
		free(eff);
	}
	if (n > r->latest_no) {
		lk_record_free(r->latest);
		r->latest = lk_record_copy(e, m);
		r->latest_no = n;
	}
	return 0;
}

/* Lines of one related entity, for the minutes' text. */
struct lines {
	const char *meeting;
	const char *entity;
	FILE *f;
	int n;
	lk_store *st;
};

/* Field of the record id of entity (malloc'd), or NULL when absent. */
static char *s_field_of(lk_store *st, const char *entity, const char *id, const char *field)
{
	ProtobufCMessage *r = NULL;
	char *v = NULL;
	if (id[0] && lk_store_get(st, lk_entity_find(entity), id, &r) == 0)
		v = lk_record_get(r, field);
	lk_record_free(r);
	return v;
}

/* Who answers for an RTL item: a person, a sector or a puskesmas. */
static char *s_owner(lk_store *st, const ProtobufCMessage *m)
{
	char *who = lk_record_get(m, "owner_person_id"), *sec = lk_record_get(m, "owner_sector_id"),
	     *pkm = lk_record_get(m, "owner_puskesmas"), *name = s_field_of(st, "person", who, "name");
	if (name == NULL)
		name = s_field_of(st, "sector", sec, "name");
	if (name == NULL && pkm[0] && (name = malloc(strlen(pkm) + 16)) != NULL)
		sprintf(name, "Puskesmas %s", pkm);
	free(who);
	free(sec);
	free(pkm);
	return name;
}

static int s_line(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct lines *l = arg;
	char *mid = lk_record_get(m, "meeting_id");
	int mine = !lk_record_deleted(m) && !strcmp(mid, l->meeting);
	free(mid);
	(void)e;
	if (!mine)
		return 0;
	l->n++;
	if (!strcmp(l->entity, "attendance")) {
		char *name = lk_record_get(m, "name"), *pre = lk_record_get(m, "present"), *sid = lk_record_get(m, "sector_id"),
		     *sec = s_field_of(l->st, "sector", sid, "name");
		if (!strcmp(pre, "1"))
			fprintf(l->f, "   %d. %s%s%s\n", l->n, name, sec ? " - " : "", sec ? sec : "");
		else
			l->n--;
		free(name);
		free(pre);
		free(sid);
		free(sec);
	} else if (!strcmp(l->entity, "problem")) {
		char *desc = lk_record_get(m, "description"), *causes = lk_record_get(m, "root_causes"),
		     *rec = lk_record_get(m, "recommendation"), *gap = lk_record_get(m, "gap");
		fprintf(l->f, "   %d. %s\n", l->n, desc);
		if (gap[0])
			fprintf(l->f, "      Kesenjangan: %s\n", gap);
		if (causes[0])
			fprintf(l->f, "      Penyebab:\n");
		for (char *c = causes, *nl; c && *c; c = nl ? nl + 1 : NULL) {
			nl = strchr(c, '\n');
			fprintf(l->f, "        - %.*s\n", nl ? (int)(nl - c) : (int)strlen(c), c);
		}
		free(gap);
		if (rec[0])
			fprintf(l->f, "      Rekomendasi: %s\n", rec);
		free(desc);
		free(causes);
		free(rec);
	} else if (!strcmp(l->entity, "meeting_item")) {
		char *kind = lk_record_get(m, "kind"), *text = lk_record_get(m, "text");
		fprintf(l->f, "   %d. [%s] %s\n", l->n,
		        !strcmp(kind, "decision") ? "Keputusan" : !strcmp(kind, "audit") ? "Audit internal"
		                                              : !strcmp(kind, "feedback") ? "Umpan balik" : "Informasi",
		        text);
		free(kind);
		free(text);
	} else if (!strcmp(l->entity, "rtl")) {
		char *act = lk_record_get(m, "activity"), *due = lk_record_get(m, "due_date"), *name = s_owner(l->st, m);
		fprintf(l->f, "   %d. %s - penanggung jawab %s, batas waktu %s\n", l->n, act, name ? name : "-", due);
		free(act);
		free(due);
		free(name);
	} else if (!strcmp(l->entity, "commitment")) {
		char *sid = lk_record_get(m, "sector_id"), *sup = lk_record_get(m, "support"),
		     *from = lk_record_get(m, "period_start"), *to = lk_record_get(m, "period_end"),
		     *who = lk_record_get(m, "contact"), *sec = s_field_of(l->st, "sector", sid, "name");
		const char *kab, *kec, *pusk;
		lk_record_keys(m, &kab, &kec, &pusk);
		fprintf(l->f, "   %d. %s: %s (periode %s s.d. %s%s%s%s%s)\n", l->n, sec ? sec : sid, sup, from, to,
		        who[0] ? ", kontak " : "", who, pusk[0] ? ", untuk Puskesmas " : "", pusk);
		free(sid);
		free(sup);
		free(from);
		free(to);
		free(who);
		free(sec);
	}
	return 0;
}

static void s_section(lk_store *st, const char *meeting, const char *entity, const char *heading, FILE *f)
{
	struct lines l = {meeting, entity, f, 0, st};
	fprintf(f, "%s\n", heading);
	lk_store_list(st, lk_entity_find(entity), s_line, &l);
	if (l.n == 0)
		fprintf(f, "   (tidak ada)\n");
}

static char *s_document(lk_store *st, const ProtobufCMessage *mt, int revision, const char *note, const char *eff)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	char *title = lk_record_get(mt, "title"), *held = lk_record_get(mt, "held_date"),
	     *planned = lk_record_get(mt, "planned_date"), *place = lk_record_get(mt, "place");
	const char *id = lk_record_id(mt);
	fprintf(f, "NOTULEN\n%s\n", title);
	if (revision > 1)
		fprintf(f, "Revisi ke-%d, berlaku mulai %s. Perubahan: %s\n", revision, eff, note);
	fprintf(f, "Tanggal pelaksanaan: %s\nTempat: %s\n\n", held[0] ? held : planned, place[0] ? place : "-");
	s_section(st, id, "attendance", "Peserta yang hadir:", f);
	fprintf(f, "\nAcara:\n");
	agenda_write(st, mt, f);
	fprintf(f, "\n");
	s_section(st, id, "problem", "Masalah, penyebab dan rekomendasi:", f);
	s_section(st, id, "meeting_item", "Informasi dan keputusan:", f);
	s_section(st, id, "rtl", "Rencana tindak lanjut (RTL):", f);
	const char *kab, *kec, *pusk;
	lk_record_keys(mt, &kab, &kec, &pusk);
	if (!pusk[0])
		s_section(st, id, "commitment", "Komitmen lintas sektor (tiga bulan ke depan):", f);
	fprintf(f, "\n%s\n", pusk[0] ? "Kepala Puskesmas" : "Camat");
	fclose(f);
	free(title);
	free(held);
	free(planned);
	free(place);
	return buf;
}

static int s_compile(struct session *s, lk_store *st, int argc, char **argv)
{
	const char *reason = NULL, *eff = NULL;
	const struct lk_entity *e = lk_entity_find("minutes");
	ProtobufCMessage *mt = NULL, *doc_rec = NULL;
	char err[300], today[LK_DATE_STRLEN], revtext[16], mid[40];
	struct revs r;
	int rc = 1;

	if (argc < 3)
		return cmd_usage("minutes");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--reason") && i + 1 < argc)
			reason = argv[++i];
		else if (!strcmp(argv[i], "--effective") && i + 1 < argc)
			eff = argv[++i];
		else
			return cmd_usage("minutes");
	}
	if ((rc = cli_resolve(s, st, DOM_MEETING, argv[2], mid, sizeof mid)) != 0)
		return rc;
	rc = 1;
	if (lk_store_get(st, lk_entity_find("meeting"), mid, &mt) != 0) {
		fprintf(stderr, "lokmin: no meeting %s on this device\n", argv[2]);
		return 1;
	}
	memset(&r, 0, sizeof r);
	r.meeting = mid;
	/* Reading the revisions, compiling and writing are one transaction: the
	 * document is one moment of the store and its revision number is not
	 * taken twice by two compiles at once. */
	if (lk_store_begin(st) != 0) {
		fprintf(stderr, "lokmin: cannot write the store: %s\n", lk_store_error(st));
		goto out;
	}
	if (lk_store_list(st, e, s_rev_row, &r) < 0)
		goto out;
	struct lk_date t;
	lk_date_today(&t);
	lk_date_format(&t, today);
	char *sig = r.latest ? lk_record_get(r.latest, "signature") : NULL;
	int sealed = sig && sig[0];
	free(sig);
	int revision = r.latest ? r.latest_no + (sealed ? 1 : 0) : 1;
	if (sealed && reason == NULL) {
		fprintf(stderr, "lokmin: the minutes are signed and sealed; a change makes revision %d: say what changed "
		                "with --reason\n",
		        revision);
		goto out;
	}
	char *doc = s_document(st, mt, revision, reason ? reason : "", eff ? eff : today);
	const char *fields[1] = {"document"};
	if (r.latest && !sealed) {
		/* A draft is simply compiled again. */
		doc_rec = lk_record_copy(e, r.latest);
		rc = doc_rec == NULL || lk_record_set(doc_rec, "document", doc) ||
		     lk_store_put(st, e, doc_rec, fields, 1, err, sizeof err);
	} else {
		doc_rec = record_for_meeting("minutes", mt);
		snprintf(revtext, sizeof revtext, "%d", revision);
		rc = doc_rec == NULL || lk_record_set(doc_rec, "revision", revtext) || lk_record_set(doc_rec, "document", doc) ||
		     lk_record_set(doc_rec, "effective_date", eff ? eff : today) ||
		     (r.latest && lk_record_set(doc_rec, "supersedes_id", lk_record_id(r.latest))) ||
		     lk_record_set(doc_rec, "change_note", reason ? reason : "") ||
		     lk_store_put(st, e, doc_rec, NULL, 0, err, sizeof err);
	}
	free(doc);
	if (rc != 0) {
		fprintf(stderr, "lokmin: minutes not written: %s\n", err);
		rc = 1;
		goto out;
	}
	if (lk_store_commit(st) != 0) {
		fprintf(stderr, "lokmin: minutes not written: %s\n", lk_store_error(st));
		rc = 1;
		goto out;
	}
	printf("%s\n", lk_record_id(doc_rec));
	fprintf(stderr, "minutes revision %d compiled (draft: sign it with `lokmin minutes sign`)\n", revision);
	rc = 0;
out:
	if (rc != 0)
		lk_store_rollback(st); /* nothing when no group is open */
	lk_record_free(r.latest);
	lk_record_free(mt);
	lk_record_free(doc_rec);
	return rc;
}

static int s_submit(lk_store *st, const char *id, const char *typed)
{
	const struct lk_entity *e = lk_entity_find("minutes");
	ProtobufCMessage *m = NULL;
	char now[24], err[300];
	int rc = 1;
	if (lk_store_get(st, e, id, &m) != 0) {
		fprintf(stderr, "lokmin: no minutes %s on this device\n", id);
		return 1;
	}
	char *sig = lk_record_get(m, "signature"), why[300];
	if (!sig[0]) {
		fprintf(stderr, "lokmin: only signed minutes are sent to the district; sign them first\n");
	} else if (signer_record_state(st, e, m, why, sizeof why) != SIGNER_VERIFIED) {
		fprintf(stderr, "lokmin: only signed minutes are sent to the district; this signature does not verify: %s\n",
		        why);
	} else {
		const char *f[1] = {"submitted_at"};
		now_iso(now);
		if (lk_record_set(m, "submitted_at", now) || lk_store_put(st, e, m, f, 1, err, sizeof err) != 0)
			fprintf(stderr, "lokmin: %s\n", err);
		else {
			printf("minutes %s submitted to the district at %s (sent by the next sync)\n", typed, now);
			rc = 0;
		}
	}
	free(sig);
	lk_record_free(m);
	return rc;
}

/* The district acknowledges submitted minutes or asks for a revision, with feedback. */
static int s_review(struct session *s, lk_store *st, int argc, char **argv)
{
	const char *status = NULL, *feedback = "", *reviewer = s->prof.device_name;
	ProtobufCMessage *m = NULL, *rv = NULL;
	char now[24], err[300], id[40];
	int rc = 1;
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--ack"))
			status = "acknowledged";
		else if (!strcmp(argv[i], "--needs-revision"))
			status = "needs_revision";
		else if (!strcmp(argv[i], "--feedback") && i + 1 < argc)
			feedback = argv[++i];
		else if (!strcmp(argv[i], "--reviewer") && i + 1 < argc)
			reviewer = argv[++i];
		else
			return cmd_usage("minutes");
	}
	if (status == NULL)
		return cmd_usage("minutes");
	if (strcmp(s->prof.role, "dinkes") != 0) {
		fprintf(stderr, "lokmin: only the district health office reviews minutes; this device is %s %s\n",
		        s->prof.role, s->prof.scope);
		return 1;
	}
	if ((rc = cli_resolve(s, st, DOM_MINUTES, argv[2], id, sizeof id)) != 0)
		return rc;
	rc = 1;
	if (lk_store_get(st, lk_entity_find("minutes"), id, &m) != 0) {
		fprintf(stderr, "lokmin: no minutes %s on this device (run `lokmin sync`?)\n", argv[2]);
		return 1;
	}
	char *sub = lk_record_get(m, "submitted_at"), *mid = lk_record_get(m, "meeting_id");
	if (!sub[0]) {
		fprintf(stderr, "lokmin: minutes %s have not been submitted to the district\n", argv[2]);
	} else if ((rv = record_for_meeting("minutes_review", m)) != NULL) {
		now_iso(now);
		if (lk_record_set(rv, "meeting_id", mid) || lk_record_set(rv, "minutes_id", id) ||
		    lk_record_set(rv, "status", status) || lk_record_set(rv, "feedback", feedback) ||
		    lk_record_set(rv, "reviewer", reviewer) || lk_record_set(rv, "reviewed_at", now) ||
		    lk_store_put(st, lk_entity_find("minutes_review"), rv, NULL, 0, err, sizeof err) != 0)
			fprintf(stderr, "lokmin: review not written: %s\n", err);
		else {
			printf("%s\n", lk_record_id(rv));
			rc = 0;
		}
	}
	free(sub);
	free(mid);
	lk_record_free(m);
	lk_record_free(rv);
	return rc;
}

static int s_review_row(const struct lk_entity *e, const ProtobufCMessage *rec, void *arg)
{
	(void)e;
	char *mid = lk_record_get(rec, "meeting_id");
	if (!lk_record_deleted(rec) && !strcmp(mid, (const char *)arg)) {
		char *st = lk_record_get(rec, "status"), *fb = lk_record_get(rec, "feedback"),
		     *who = lk_record_get(rec, "reviewer"), *at = lk_record_get(rec, "reviewed_at"),
		     *of = lk_record_get(rec, "minutes_id");
		printf("district review of %s: %s by %s at %s%s%s\n", of, st, who, at, fb[0] ? "\n  feedback: " : "", fb);
		free(st);
		free(fb);
		free(who);
		free(at);
		free(of);
	}
	free(mid);
	return 0;
}

int cmd_minutes(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 3 && !cmd_is_help(argc, argv))
		return cmd_usage("minutes");
	if (cmd_is_help(argc, argv)) {
		cmd_help("minutes");
		printf("\n  compile MEETING [--reason WHAT-CHANGED] [--effective DATE]\n"
		       "                     the Notulen from the meeting's records; after signing, a change\n"
		       "                     is a new revision and needs --reason\n"
		       "  sign MINUTES --as KAPUS    sign and seal\n"
		       "  submit MINUTES     send signed minutes to the district\n"
		       "  show MINUTES       the text and whether its signature verifies\n"
		       "  history MEETING    every revision with its change note, and the district's reviews\n"
		       "  review MINUTES --ack|--needs-revision [--feedback TEXT] [--reviewer NAME]\n"
		       "                     district devices: acknowledge submitted minutes or ask for a revision\n"
		       "\nMEETING is the period as `meeting list` shows it (2026-12, 2026-Q1) or an id;\n"
		       "MINUTES the meeting's period (its current revision), 2026-12#r2 for revision 2,\n"
		       "or an id; KAPUS a part of the name, the NIP or an id.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "compile"))
		return s_compile(s, st, argc, argv);
	char id[40], who[40];
	int found;
	if (!strcmp(argv[1], "sign") && argc == 5 && !strcmp(argv[3], "--as")) {
		if ((found = cli_resolve(s, st, DOM_MINUTES, argv[2], id, sizeof id)) != 0 ||
		    (found = cli_resolve(s, st, DOM_PERSON, argv[4], who, sizeof who)) != 0)
			return found;
		return doc_sign(s, st, "minutes", id, who);
	}
	if ((!strcmp(argv[1], "submit") || !strcmp(argv[1], "show")) && argc == 3 &&
	    (found = cli_resolve(s, st, DOM_MINUTES, argv[2], id, sizeof id)) != 0)
		return found;
	if (!strcmp(argv[1], "submit") && argc == 3)
		return s_submit(st, id, argv[2]);
	if (!strcmp(argv[1], "show") && argc == 3)
		return doc_show(st, "minutes", id);
	if (!strcmp(argv[1], "review"))
		return s_review(s, st, argc, argv);
	if (!strcmp(argv[1], "history") && argc == 3) {
		char mid[40];
		if ((found = cli_resolve(s, st, DOM_MEETING, argv[2], mid, sizeof mid)) != 0)
			return found;
		struct revs r = {mid, NULL, 0, 0, 1, st, s};
		printf("%-11s  %-3s  %-36s  %-8s  %-20s  %-10s  %s\n", "HANDLE", "REV", "ID", "STATE", "SUBMITTED", "EFFECTIVE", "CHANGE");
		int rc = lk_store_list(st, lk_entity_find("minutes"), s_rev_row, &r);
		lk_record_free(r.latest);
		if (rc >= 0)
			rc = lk_store_list(st, lk_entity_find("minutes_review"), s_review_row, mid);
		return rc < 0 ? 1 : 0;
	}
	return cmd_usage("minutes");
}
