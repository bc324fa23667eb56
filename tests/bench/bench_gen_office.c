/* bench_gen_office: what one office writes: a puskesmas's staff, monthly lokmin and achievement, a kecamatan's sectors and quarterly lokmin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_gen.h"
#include "lk_signer.h"
#include "lk_util.h"

#include <sodium.h>

/* ---------------------------------------------------------------- a puskesmas's years */

static const char *const s_problem_texts[] = {
	"Cakupan di bawah target karena sasaran belum terdata lengkap",
	"Kunjungan rumah tertunda, tenaga terbatas",
	"Logistik terlambat dari dinas kesehatan",
	"Kader posyandu belum terlatih pencatatan",
	"Laporan desa masuk terlambat",
};

static const char *const s_activities[] = {
	"Sweeping sasaran bersama kader dan bidan desa",
	"Pelatihan ulang kader tentang pencatatan",
	"Koordinasi lintas program untuk kunjungan rumah",
	"Permintaan logistik tambahan ke dinas kesehatan",
	"Validasi data sasaran dengan pemerintah desa",
	"Penyuluhan di posyandu dan sekolah",
};

/* The people of one office: ids and what each holds. */
struct s_staff {
	char id[BENCH_GEN_STAFF][LK_UUID_STRLEN];
	char name[BENCH_GEN_STAFF][48];
	const char *prog[BENCH_GEN_STAFF]; /* programme of a programme holder, else NULL */
	char sector[BENCH_GEN_STAFF][LK_UUID_STRLEN]; /* a kecamatan's sectors (RTL owners, commitments) */
	size_t nsector;
};

static int s_people(struct bench_gen *g, const char *kec, const char *pusk, int pi, struct s_staff *sf)
{
	static const char *const progs[] = {"SPM", "PROMKES", "KESLING", "KIA", "GIZI", "P2P", "PERKESMAS"};
	for (int i = 0; i < BENCH_GEN_STAFF; i++) {
		const char *role = i == 0 ? "kapus" : i == 1 ? "ktu" : i < 14 ? "pj_program" : i == 14 ? "notulis" : "staff";
		sf->prog[i] = i >= 2 && i < 14 ? progs[(i - 2) % 7] : NULL;
		snprintf(sf->name[i], sizeof sf->name[i], "Pegawai %d-%02d", pi + 1, i + 1);
		ProtobufCMessage *m = bg_new(g, "person", kec, pusk);
		bg_set(g, m, "name", sf->name[i], "title", i == 0 ? "Kepala Puskesmas" : role, "role", role, "nip",
		      bg_f("19%02d0101200%d0%05d", 70 + i, i % 10, pi * 100 + i), "phone", bg_f("08%010d", pi * 100 + i),
		      "programmes", sf->prog[i] ? sf->prog[i] : "", NULL);
		if (bg_emit_id(g, m, sf->id[i]) != 0)
			return -1;
	}
	return 0;
}

/* The signer's key, confirmed by the district: made (from the run's seed) on first use. */
static struct bg_signer *s_signer_key(struct bench_gen *g, const ProtobufCMessage *doc, const char *person)
{
	for (size_t i = 0; i < g->nsigners; i++)
		if (!strcmp(g->signers[i].person, person))
			return &g->signers[i];
	if (g->nsigners == sizeof g->signers / sizeof g->signers[0])
		return NULL;
	struct bg_signer *k = &g->signers[g->nsigners];
	uint8_t seed[crypto_sign_SEEDBYTES], pk[LK_SIGN_PKLEN];
	char pkhex[65];
	const char *kab, *kec, *pusk;
	for (size_t i = 0; i < sizeof seed; i++)
		seed[i] = (uint8_t)bg_rand(&g->rng);
	crypto_sign_seed_keypair(pk, k->sk, seed);
	lk_record_keys(doc, &kab, &kec, &pusk);
	ProtobufCMessage *m = bg_new(g, "signer_key", kec, pusk);
	bg_set(g, m, "person_id", person, "public_key", lk_hex_encode(pkhex, pk, sizeof pk), "capacity", "head",
	      "created_at", "2000-01-01T00:00:00Z", "device_name", "Laptop Kapus", "status", "active", "confirmed_at",
	      "2000-01-02T00:00:00Z", NULL);
	if (bg_emit_id(g, m, k->key) != 0)
		return NULL;
	lk_strlcpy(k->person, person, sizeof k->person);
	g->nsigners++;
	return k;
}

/* A signed or unsigned document's seal fields: a real signature over its text. */
static void s_seal(struct bench_gen *g, ProtobufCMessage *m, int signed_, const char *signer, int64_t day)
{
	struct bg_signer *k = signed_ ? s_signer_key(g, m, signer) : NULL;
	uint8_t sig[LK_SIGN_SIGLEN];
	char hex[129];
	if (!signed_)
		return;
	if (k == NULL) {
		g->failed = 1;
		return;
	}
	char *doc = lk_record_get(m, "document");
	lk_sign(sig, (const uint8_t *)doc, strlen(doc), k->sk);
	free(doc);
	bg_set(g, m, "signer_person_id", signer, "signature", lk_hex_encode(hex, sig, sizeof sig), "signed_at",
	      bg_time(day, 9, 15), "signer_key_id", k->key, NULL);
}

/* An RTL item's verification, signed by the head over the RTL statement. */
static void s_verify_rtl(struct bench_gen *g, ProtobufCMessage *m, const char *head, int64_t day)
{
	struct bg_signer *k = s_signer_key(g, m, head);
	uint8_t sig[LK_SIGN_SIGLEN];
	char hex[129];
	if (k == NULL) {
		g->failed = 1;
		return;
	}
	bg_set(g, m, "verified_by", head, "verified_key_id", k->key, "verified_at", bg_time(day, 10, 0), NULL);
	char *st = lk_signer_rtl_statement(m);
	lk_sign(sig, (const uint8_t *)st, strlen(st), k->sk);
	free(st);
	bg_set(g, m, "verification_sig", lk_hex_encode(hex, sig, sizeof sig), NULL);
}

static const char *s_document(const char *what, const char *office, int period, const char *day)
{
	return bg_f("%s lokakarya mini %s periode %d tanggal %s.\n\nAgenda:\n1. Capaian program bulan lalu\n"
	           "2. Masalah dan penyebabnya\n3. Rencana tindak lanjut\n\nDemikian untuk menjadi perhatian.",
	           what, office, period, day);
}

/* Everything that hangs off a meeting that was held (or, missed, only its invitation). */
static int s_meeting_papers(struct bench_gen *g, const char *kec, const char *pusk, const char *mid, int period,
                            int64_t planned, int64_t held, const struct s_staff *sf, int nattend)
{
	const char *office = pusk[0] ? pusk : kec;
	ProtobufCMessage *m = bg_new(g, "invitation", kec, pusk);
	bg_set(g, m, "meeting_id", mid, "number", bg_f("440/%03d/%s/%d", period, office, g->year), "issued_date",
	      bg_date(planned - 7), "document", s_document("Undangan", office, period, bg_date(planned)), NULL);
	s_seal(g, m, bg_chance(&g->rng, 90), sf->id[0], planned - 7);
	if (bg_emit(g, m) != 0)
		return -1;
	if (held < 0)
		return 0; /* missed: the invitation was all there was */

	for (int i = 0; i < nattend; i++) {
		int present = bg_chance(&g->rng, 85);
		m = bg_new(g, "attendance", kec, pusk);
		bg_set(g, m, "meeting_id", mid, "person_id", sf->id[i], "name", sf->name[i], "role", "peserta", "invited", "1",
		      "present", present ? "1" : "0", "checked_in_at", present ? bg_time(held, 1, bg_between(&g->rng, 0, 59)) : "",
		      "sector_id", !pusk[0] && i > 0 ? sf->sector[i - 1] : "", NULL);
		if (bg_emit(g, m) != 0)
			return -1;
	}
	int nmat = pusk[0] ? bg_between(&g->rng, 4, 6) : 0;
	for (int i = 0; i < nmat; i++) {
		int who = 2 + (period + i * 3) % 12;
		m = bg_new(g, "material", kec, pusk);
		bg_set(g, m, "meeting_id", mid, "person_id", sf->id[who], "programme", sf->prog[who], "submitted_at",
		      bg_time(planned - bg_between(&g->rng, 1, 6), 2, 30), "note", "Capaian dan analisis masalah program",
		      NULL);
		if (bg_emit(g, m) != 0)
			return -1;
	}
	m = bg_new(g, "minutes", kec, pusk);
	bg_set(g, m, "meeting_id", mid, "revision", "1", "effective_date", bg_date(held), "document",
	      s_document("Notulen", office, period, bg_date(held)), NULL);
	s_seal(g, m, bg_chance(&g->rng, 85), sf->id[0], held + 1);
	if (bg_chance(&g->rng, 90))
		bg_set(g, m, "submitted_at", bg_time(held + bg_between(&g->rng, 1, 10), 3, 0), NULL);
	if (bg_emit(g, m) != 0)
		return -1;

	int nprob = bg_between(&g->rng, pusk[0] ? 3 : 2, pusk[0] ? 5 : 3);
	for (int i = 0; i < nprob; i++) {
		const struct bg_ind *ind = &g->ind[bg_rand(&g->rng) % g->nind];
		m = bg_new(g, "problem", kec, pusk);
		bg_set(g, m, "meeting_id", mid, "indicator_code", ind->code, "gap",
		      bg_f("%d%% dari target %.0f%%", bg_between(&g->rng, 40, 95), ind->target), "description",
		      s_problem_texts[bg_rand(&g->rng) % LK_ARRAY_LEN(s_problem_texts)], "root_causes",
		      "man: tenaga kurang\nmethod: pencatatan manual\nenvironment: wilayah sulit dijangkau", "urgency",
		      bg_f("%d", bg_between(&g->rng, 1, 5)), "seriousness", bg_f("%d", bg_between(&g->rng, 1, 5)), "growth",
		      bg_f("%d", bg_between(&g->rng, 1, 5)), "recommendation", "Dibahas dalam RTL", "cross_sector",
		      pusk[0] ? (bg_chance(&g->rng, 20) ? "1" : "0") : "1", NULL);
		if (bg_emit(g, m) != 0)
			return -1;
	}

	int nrtl = pusk[0] ? bg_between(&g->rng, 4, 6) : bg_between(&g->rng, 2, 3);
	for (int i = 0; i < nrtl; i++) {
		int64_t due = held + bg_between(&g->rng, 14, 75), end = bg_days(g, 12, 31), closed = -1;
		const char *status;
		int r = bg_between(&g->rng, 0, 99);
		if (due < end) {
			/* Past due: most were done (some late), the rest still open. */
			status = r < 35 ? "done" : r < 65 ? "verified" : r < 80 ? "in_progress" : "open";
			if (r < 65)
				closed = due + bg_between(&g->rng, -20, r < 10 ? 25 : 3);
		} else {
			status = r < 60 ? "open" : r < 85 ? "in_progress" : "done";
			if (r >= 85)
				closed = held + bg_between(&g->rng, 3, 14);
		}
		if (closed >= 0 && closed <= held)
			closed = held + 1;
		if (closed > end)
			closed = end;
		m = bg_new(g, "rtl", kec, pusk);
		bg_set(g, m, "meeting_id", mid, "activity", s_activities[bg_rand(&g->rng) % LK_ARRAY_LEN(s_activities)],
		      "objective", "Meningkatkan cakupan", "target_group", "Sasaran program", "place", "Wilayah kerja",
		      "due_date", bg_date(due), "status", status, "closed_on", closed >= 0 ? bg_date(closed) : "",
		      "success_indicator", "Cakupan naik bulan berikutnya", NULL);
		if (pusk[0])
			bg_set(g, m, "owner_person_id", sf->id[2 + bg_rand(&g->rng) % 12], NULL);
		else
			bg_set(g, m, "owner_sector_id", sf->sector[bg_rand(&g->rng) % sf->nsector], NULL);
		if (!strcmp(status, "verified"))
			s_verify_rtl(g, m, sf->id[0], closed >= 0 ? closed : due);
		if (bg_emit(g, m) != 0)
			return -1;
	}

	for (int i = 0; i < 2; i++) {
		m = bg_new(g, "attachment", kec, pusk);
		bg_set(g, m, "owner_entity", "meeting", "owner_id", mid, "hash", bg_hex(&g->rng, 64), "size",
		      bg_f("%d", bg_between(&g->rng, 150000, 900000)), "mime", "image/jpeg", "filename",
		      bg_f("foto-%d.jpg", i + 1), "caption", i ? "Diskusi" : "Peserta lokmin", NULL);
		if (bg_emit(g, m) != 0)
			return -1;
	}
	return 0;
}

/* One meeting: held on time, held late, postponed then held, or missed. */
static int s_meeting(struct bench_gen *g, const char *kec, const char *pusk, int period, int64_t planned,
                     const struct s_staff *sf, int nattend, char mid[LK_UUID_STRLEN])
{
	int quarterly = pusk[0] == '\0', r = bg_between(&g->rng, 0, 99);
	int missed = r < 8, postponed = !missed && r < 20, late = !missed && !postponed && r < 25;
	int64_t held = missed ? -1 : postponed ? planned + 7 : late ? planned + bg_between(&g->rng, 1, 4) : planned;

	ProtobufCMessage *m = bg_new(g, "meeting", kec, pusk);
	bg_set(g, m, "kind", quarterly ? "quarterly" : "monthly", "year", bg_f("%d", g->year), "period",
	      bg_f("%d", period), "planned_date", bg_date(planned), "held_date", held >= 0 ? bg_date(held) : "", "status",
	      missed ? "missed" : "held", "title",
	      bg_f("Lokakarya mini %s %s %d", quarterly ? "lintas sektor triwulan" : "bulanan", pusk[0] ? pusk : kec,
	          period),
	      "place", quarterly ? "Aula kecamatan" : "Aula puskesmas", "status_reason", postponed ? "Bentrok kegiatan" : "",
	      "team_building", period % 3 == 0 ? "1" : "0", "notes", "", NULL);
	if (bg_emit_id(g, m, mid) != 0)
		return -1;
	if (postponed) {
		m = bg_new(g, "meeting_event", kec, pusk);
		bg_set(g, m, "meeting_id", mid, "action", "postponed", "from_date", bg_date(planned), "to_date",
		      bg_date(held), "reason", "Bentrok kegiatan dinas", "at", bg_time(planned - 2, 2, 0), NULL);
		if (bg_emit(g, m) != 0)
			return -1;
	}
	return s_meeting_papers(g, kec, pusk, mid, period, planned, held, sf, nattend);
}

/* Desa of a puskesmas: 10 to 15, so the district's size is not a round figure. */
static int s_desa_count(int pi)
{
	return 10 + pi % 6;
}

/* Monthly achievement of every desa for every indicator, and the year's targets. */
static int s_achievement(struct bench_gen *g, const char *kec, const char *pusk, int pi)
{
	int ndesa = s_desa_count(pi);
	for (size_t k = 0; k < g->nind; k++) {
		const struct bg_ind *ind = &g->ind[k];
		double sasaran_all = 0;
		for (int d = 0; d < ndesa; d++) {
			char desa[40];
			snprintf(desa, sizeof desa, "%s%02d%02d", kec, pi % 2 + 1, d + 1);
			int sasaran = ind->percent ? bg_between(&g->rng, 20, 240) : 0, sum = 0;
			sasaran_all += sasaran;
			for (int mo = 1; mo <= 12; mo++) {
				int num;
				if (!ind->percent)
					num = bg_between(&g->rng, 0, 12);
				else if (ind->point)
					num = sasaran * bg_between(&g->rng, 55, 100) / 100;
				else {
					/* A month's share, never taking the year past the sasaran. */
					num = sasaran * bg_between(&g->rng, 40, 110) / 1200;
					if (sum + num > sasaran)
						num = sasaran - sum;
					sum += num;
				}
				ProtobufCMessage *m = bg_new(g, "achievement", kec, pusk);
				bg_set(g, m, "indicator_code", ind->code, "year", bg_f("%d", g->year), "month", bg_f("%d", mo), "desa",
				      desa, "numerator", bg_f("%d", num), "denominator", bg_f("%d", sasaran), NULL);
				if (bg_emit(g, m) != 0)
					return -1;
			}
		}
		ProtobufCMessage *m = bg_new(g, "target", kec, pusk);
		bg_set(g, m, "indicator_code", ind->code, "year", bg_f("%d", g->year), "annual_target",
		      bg_f("%.0f", ind->target), "sasaran", bg_f("%.0f", sasaran_all), NULL);
		if (bg_emit(g, m) != 0)
			return -1;
	}
	return 0;
}

int bench_gen_puskesmas(struct bench_gen *g, int pi, int year0, int nyears)
{
	char kec[16], pusk[32], mid[LK_UUID_STRLEN];
	struct s_staff sf;

	/* The same puskesmas on every run, whatever else is generated around it. */
	g->rng = 0x2545f4914f6cdd1dull ^ (uint64_t)(pi + 1) * 104729;
	snprintf(kec, sizeof kec, BENCH_GEN_KAB "%02d", pi / 2 + 1);
	snprintf(pusk, sizeof pusk, "P%s01%02d", kec, pi % 2 + 1);
	if (s_people(g, kec, pusk, pi, &sf) != 0)
		return -1;
	for (g->year = year0; g->year < year0 + nyears; g->year++) {
		for (int p = 1; p <= 12; p++)
			if (s_meeting(g, kec, pusk, p, bg_days(g, p, 3), &sf, 15, mid) != 0)
				return -1;
		if (s_achievement(g, kec, pusk, pi) != 0)
			return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- a kecamatan's quarterly lokmin */

/* A kecamatan's four quarterly lokmin of g->year, with the sectors' commitments. */
static int s_quarters(struct bench_gen *g, const char *kec, const struct s_staff *sf, char mid[LK_UUID_STRLEN])
{
	size_t ns = sf->nsector;
	for (int q = 1; q <= 4; q++) {
		int64_t planned = bg_days(g, 3 * q - 1, 15);
		if (s_meeting(g, kec, "", q, planned, sf, (int)ns + 1, mid) != 0)
			return -1;
		for (int i = 0, nc = bg_between(&g->rng, 4, 6); i < nc; i++) {
			int r = bg_between(&g->rng, 0, 99);
			const char *status = r < 40 ? "done" : r < 60 ? "in_progress" : r < 90 ? "open" : "dropped";
			int64_t end = planned + 90, last = bg_days(g, 12, 31), closed = planned + bg_between(&g->rng, 20, 100);
			ProtobufCMessage *m = bg_new(g, "commitment", kec, "");
			bg_set(g, m, "meeting_id", mid, "sector_id", sf->sector[bg_rand(&g->rng) % ns], "support",
			       "Menggerakkan sasaran ke posyandu dan mendukung kunjungan rumah", "period_start",
			       bg_date(planned), "period_end", bg_date(end < last ? end : last), "status", status, "closed_on",
			       r < 40 || r >= 90 ? bg_date(closed < last ? closed : last) : "", NULL);
			if (bg_emit(g, m) != 0)
				return -1;
		}
	}
	return 0;
}

int bench_gen_kecamatan(struct bench_gen *g, int ki, int year0, int nyears)
{
	static const char *const codes[] = {"KORAMIL", "POLSEK", "KUA", "UPTD_PENDIDIKAN",
	                                    "TP_PKK",  "PLKB",   "BPD", "KARANG_TARUNA"};
	char kec[16], mid[LK_UUID_STRLEN];
	struct s_staff sf;
	size_t ns = LK_ARRAY_LEN(codes);

	g->rng = 0x9e3779b97f4a7c15ull ^ (uint64_t)(ki + 1) * 7919;
	snprintf(kec, sizeof kec, BENCH_GEN_KAB "%02d", ki + 1);
	memset(&sf, 0, sizeof sf);
	for (size_t i = 0; i < ns; i++) {
		ProtobufCMessage *m = bg_new(g, "sector", kec, "");
		bg_set(g, m, "code", codes[i], "name", bg_f("%s Kecamatan %s", codes[i], kec), "kind", "instansi", "contact",
		      bg_f("08%010zu", (size_t)ki * 100 + i), NULL);
		if (bg_emit_id(g, m, sf.sector[i]) != 0)
			return -1;
	}
	sf.nsector = ns;
	/* The camat first (signs), then one representative per sector. */
	for (size_t i = 0; i <= ns; i++) {
		ProtobufCMessage *m = bg_new(g, "person", kec, "");
		snprintf(sf.name[i], sizeof sf.name[i], i ? "Wakil %s" : "Camat %s", i ? codes[i - 1] : kec);
		bg_set(g, m, "name", sf.name[i], "role", i ? "sector_rep" : "camat", "title", i ? "Perwakilan" : "Camat",
		      "sector_id", i ? sf.sector[i - 1] : "", NULL);
		if (bg_emit_id(g, m, sf.id[i]) != 0)
			return -1;
	}
	for (g->year = year0; g->year < year0 + nyears; g->year++)
		if (s_quarters(g, kec, &sf, mid) != 0)
			return -1;
	return 0;
}
