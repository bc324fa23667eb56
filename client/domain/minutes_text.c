/* minutes_text: the Notulen's text, compiled from the meeting's attendance, agenda, problems, decisions, RTL and commitments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "minutes.h"
#include "store.h"

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

char *dom_minutes_text(lk_store *st, const ProtobufCMessage *mt, int revision, const char *note, const char *eff)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL)
		return NULL;
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
