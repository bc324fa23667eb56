/* test_notulen: the Notulen compiled from a meeting's records, signed, laid out as PDF in Indonesian and read back. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc_text.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lkt_store.h"
#include "minutes.h"
#include "notulen.h"
#include "rendert.h"
#include "signed_doc.h"
#include "signing.h"
#include "store.h"

#define PASS "kunci-rahasia-kapus"
#define PASS2 "kunci-wakil-12345"
#define PHOTO_HASH "6187eb884a2243dbed3a648d69e5a1a538be022abc7d72d596fc0b1024fa3dab"

static char s_home[256];
static lk_store *s_st;
static struct dom s_pkm, s_kec, s_dinkes;
static char s_kapus[LK_UUID_STRLEN], s_notulis[LK_UUID_STRLEN], s_budi[LK_UUID_STRLEN], s_camat[LK_UUID_STRLEN];

static void s_setup(void)
{
	setenv("LANGUAGE", "id", 1);
	lk_i18n_init(NULL);
	s_st = lkt_store_open_temp("notulen", s_home, sizeof s_home);
	s_pkm = (struct dom){s_st, {"puskesmas", "3324", "332401", "P3324010101"}, s_home, "dev-pkm", 0};
	s_kec = (struct dom){s_st, {"kecamatan", "3324", "332401", ""}, s_home, "dev-kec", 0};
	s_dinkes = (struct dom){s_st, {"dinkes", "3324", "", ""}, s_home, "dev-dinkes", 0};
	/* The region names a sync caches: the kop and the place read names, never codes. */
	cr_assert_eq(lk_store_set_meta(s_st, "org_puskesmas", "P3324010101\t332401\tPuskesmas Kaliwungu\n"), 0);
	cr_assert_eq(lk_store_set_meta(s_st, "org_kecamatan", "332401\tKaliwungu\n"), 0);
	cr_assert_eq(lk_store_set_meta(s_st, "org_kabupaten", "3324\tKendal"), 0);
	lkt_rec(s_st, "person", s_kapus, "name", "dr. Ratna Dewi", "role", "kapus", "title", "Kepala Puskesmas", "nip",
	        "198001012005012001", NULL);
	lkt_rec(s_st, "person", s_notulis, "name", "Sri Wahyuni, A.Md.Keb.", "role", "notulis", "nip", "199003152015032002",
	        NULL);
	lkt_rec(s_st, "person", s_budi, "name", "Budi Santoso", "role", "pj_program", "title", "Bidan Koordinator", NULL);
	lkt_rec(s_st, "person", s_camat, "name", "Drs. Agus Priyanto", "role", "camat", "title", "Camat Kaliwungu",
	        "puskesmas", "", NULL);
}

static void s_teardown(void)
{
	lkt_store_close_temp(&s_st, s_home);
}

TestSuite(notulen, .init = s_setup, .fini = s_teardown, .timeout = 120);

/* A signing key of person made on d and confirmed by the district. */
static void s_key(struct dom *d, const char *person, int deputy, const char *pass)
{
	struct dom_sign_keygen_in in = {person, deputy, pass, "laptop"};
	struct dom_sign_key_out out, so;
	struct dom_err err = {0};
	cr_assert_eq(dom_sign_keygen(d, &in, &out, &err), 0, "keygen: %s", err.msg);
	struct dom_sign_status_in st = {out.key_id, 1, NULL};
	cr_assert_eq(dom_sign_key_status(&s_dinkes, &st, &so, &err), 0, "confirm: %s", err.msg);
}

/* A photo of the meeting: its record and its content in the home's blobs. */
static void s_photo(const char *meeting, const char *pusk)
{
	char dir[400], path[600];
	snprintf(dir, sizeof dir, "%s/blobs", s_home);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/%s", dir, PHOTO_HASH);
	rt_make_jpeg(path, 640, 400, 40, 120, 180);
	lkt_rec(s_st, "attachment", NULL, "owner_entity", "meeting", "owner_id", meeting, "hash", PHOTO_HASH, "size",
	        "1000", "mime", "image/jpeg", "filename", "rapat.jpg", "caption", "Suasana pembahasan capaian program",
	        "puskesmas", pusk, NULL);
}

/* The meeting and its records; quarterly: the camat's cross-sector meeting. */
static void s_meeting(int quarterly, char id[LK_UUID_STRLEN])
{
	const char *pusk = quarterly ? "" : "P3324010101";
	if (quarterly)
		lkt_rec(s_st, "meeting", id, "kind", "quarterly", "year", "2026", "period", "4", "status", "held",
		        "planned_date", "2026-12-03", "held_date", "2026-12-03", "place", "Pendopo Kecamatan Kaliwungu",
		        "title", "Lokakarya Mini Lintas Sektor Triwulan IV 2026", "puskesmas", "", NULL);
	else
		lkt_rec(s_st, "meeting", id, "kind", "monthly", "year", "2026", "period", "12", "status", "held",
		        "planned_date", "2026-12-03", "held_date", "2026-12-03", "place", "Aula UPTD Puskesmas Kaliwungu",
		        "title", "Lokakarya Mini Bulanan Desember 2026", NULL);
	lkt_rec(s_st, "attendance", NULL, "meeting_id", id, "person_id", s_kapus, "name", "dr. Ratna Dewi", "invited", "1",
	        "present", "1", "puskesmas", pusk, NULL);
	lkt_rec(s_st, "attendance", NULL, "meeting_id", id, "person_id", s_budi, "name", "Budi Santoso", "invited", "1",
	        "present", "1", "puskesmas", pusk, NULL);
	lkt_rec(s_st, "attendance", NULL, "meeting_id", id, "name", "Siti Aminah", "invited", "1", "present", "0",
	        "puskesmas", pusk, NULL);
	if (!quarterly)
		lkt_rec(s_st, "material", NULL, "meeting_id", id, "person_id", s_budi, "programme", "KIA", "submitted_at", "2026-12-01T01:00:00Z", "note",
		        "Kunjungan K6 baru 62 persen dari sasaran", NULL);
	lkt_rec(s_st, "problem", NULL, "meeting_id", id, "description", "Cakupan K6 di bawah target", "gap",
	        "K6 62% dari target 75%", "root_causes",
	        "man: Bidan desa merangkap tugas\nmethod: Jadwal kunjungan rumah tidak tetap\nmoney: Dana transport "
	        "terlambat cair\nenvironment: Jalan desa rusak saat hujan",
	        "urgency", "5", "seriousness", "4", "growth", "4", "recommendation", "Kunjungan rumah terjadwal",
	        "puskesmas", pusk, NULL);
	lkt_rec(s_st, "rtl", NULL, "meeting_id", id, "activity", "Kunjungan rumah ibu hamil", "objective",
	        "Menaikkan cakupan K6", "target_group", "Ibu hamil trimester III", "place", "Desa Sarirejo", "due_date",
	        "2026-12-20", "owner_person_id", s_budi, "success_indicator", "K6 mencapai 75%", "status", "open",
	        "puskesmas", pusk, NULL);
	s_photo(id, pusk);
}

/* needles appear in text in this order. */
static void s_in_order(const char *text, const char *const *needles, size_t n)
{
	const char *at = text;
	for (size_t i = 0; i < n; i++) {
		const char *p = strstr(at, needles[i]);
		cr_assert(p, "\"%s\" missing or out of order (after \"%s\"):\n%s", needles[i], i ? needles[i - 1] : "", text);
		at = p + strlen(needles[i]);
	}
}

/* Compile, sign (by signer with pass; deputy: a Plt. with a delegation), render; the PDF's path. */
static const char *s_render(struct dom *d, const char *meeting, const char *signer, const char *pass,
                            const char *name)
{
	struct dom_err err = {0};
	static const char *const decisions[] = {"Kunjungan rumah ibu hamil dijadwalkan setiap Selasa"};
	struct dom_minutes_compile_in ci = {.meeting_id = meeting, .start = "08.00", .end = "11.30",
	                                    .decisions = decisions, .ndecisions = 1};
	struct dom_minutes_compile_out co;
	cr_assert_eq(dom_minutes_compile(d, &ci, &co, &err), 0, "compile: %s", err.msg);
	/* Compiled twice: the decision is recorded once. */
	cr_assert_eq(dom_minutes_compile(d, &ci, &co, &err), 0, "compile: %s", err.msg);
	char *doc = lkt_field(s_st, "minutes", co.id, "document");
	struct dom_doc_text t;
	cr_assert_eq(dom_doc_text_parse(doc, &t), 0, "%s", doc);
	cr_assert_str_eq(t.kind, "notulen");
	cr_assert_eq(dom_doc_text_count(&t, "keputusan"), 1, "%s", doc);
	cr_assert_str_eq(dom_doc_text_get(&t, "hari_tanggal"), "Kamis, 3 Desember 2026");
	cr_assert_str_eq(dom_doc_text_get(&t, "waktu_mulai"), "08.00 WIB");
	cr_assert_str_eq(dom_doc_text_get(&t, "waktu_selesai"), "11.30 WIB");
	cr_assert_null(strstr(doc, "man:"), "%s", doc);
	dom_doc_text_free(&t);
	free(doc);
	struct dom_doc_sign_in si = {"minutes", co.id, signer, pass};
	struct dom_doc_sign_out so;
	cr_assert_eq(dom_doc_sign(d, &si, &so, &err), 0, "sign: %s", err.msg);

	ProtobufCMessage *m = NULL;
	struct rd_doc *out = rd_doc_new();
	cr_assert_eq(lk_store_get(s_st, lk_entity_find("minutes"), co.id, &m), 0);
	cr_assert_eq(rd_notulen(d, m, out, &err), 0, "render: %s", err.msg);
	lk_record_free(m);
	const char *pdf = rt_path(name);
	cr_assert_eq(rd_render_pdf(out, pdf), 0, "%s", rd_doc_error(out));
	rd_doc_free(&out);
	rt_png(pdf, 60);
	return pdf;
}

/* The checks every Notulen passes: its parts in order, no ISO date, the head's block with the closing sentence. */
static void s_check(const char *pdf, const char *unit, const char *title, const char *place, const char *head_line,
                    const char *head_name)
{
	char *all = lkt_pdf_text(pdf, 0, 1);
	const char *parts[] = {"PEMERINTAH KABUPATEN KENDAL",
	                       unit,
	                       title,
	                       "Hari/Tanggal",
	                       "Kamis, 3 Desember 2026",
	                       "Waktu",
	                       "08.00 WIB s.d. 11.30 WIB",
	                       "Tempat",
	                       place,
	                       "Pimpinan Rapat",
	                       "Notulis",
	                       "Sri Wahyuni",
	                       "Peserta",
	                       "2 orang hadir dari 3 orang yang diundang",
	                       "Daftar Hadir terlampir",
	                       "A. Acara",
	                       "B. Pembahasan",
	                       "C. Masalah",
	                       "Cakupan K6 di bawah target",
	                       "Manusia",
	                       "Bidan desa merangkap tugas",
	                       "Metode",
	                       "Material",
	                       "Dana",
	                       "Mesin/Alat",
	                       "Lingkungan",
	                       "D. Keputusan",
	                       "Kunjungan rumah ibu hamil dijadwalkan",
	                       "E. Rencana Tindak Lanjut",
	                       "Kegiatan",
	                       "Tujuan",
	                       "Sasaran",
	                       "Waktu",
	                       "Penanggung",
	                       "Tempat",
	                       "Indikator",
	                       "20 Desember",
	                       "F. Dokumentasi",
	                       "Suasana pembahasan capaian program",
	                       "G. Riwayat Perubahan",
	                       "Demikian notulen ini dibuat",
	                       "Notulis",
	                       "Sri Wahyuni",
	                       "Mengetahui",
	                       head_line,
	                       head_name};
	s_in_order(all, parts, LK_ARRAY_LEN(parts));
	cr_assert_null(strstr(all, "2026-12-03"), "an ISO date:\n%s", all);
	cr_assert_null(strstr(all, "2026-12-20"), "an ISO date:\n%s", all);
	cr_assert_null(strstr(all, "man:"), "%s", all);
	cr_assert_null(strstr(all, "method:"), "%s", all);
	cr_assert_null(strstr(all, "P3324010101"), "a bare code in the kop:\n%s", all);
	free(all);
	/* The closing sentence and the head's name on one page. */
	int pages = rt_pages(pdf), closing = 0, sig = 0;
	for (int p = 1; p <= pages; p++) {
		char *t = lkt_pdf_text(pdf, p, 1);
		if (strstr(t, "Demikian notulen ini dibuat"))
			closing = p;
		if (strstr(t, head_name))
			sig = p;
		free(t);
	}
	cr_assert(closing > 0 && closing == sig, "closing sentence on page %d, signature on page %d", closing, sig);
}

Test(notulen, monthly_signed_by_the_kapus)
{
	char mt[LK_UUID_STRLEN];
	s_key(&s_pkm, s_kapus, 0, PASS);
	s_meeting(0, mt);
	const char *pdf = s_render(&s_pkm, mt, s_kapus, PASS, "notulen-bulanan.pdf");
	s_check(pdf, "PUSKESMAS KALIWUNGU", "NOTULEN LOKAKARYA MINI BULANAN", "Aula UPTD Puskesmas Kaliwungu", "Kepala UPTD Puskesmas Kaliwungu",
	        "dr. Ratna Dewi");
	char *all = lkt_pdf_text(pdf, 0, 1);
	cr_assert(strstr(all, "BULAN DESEMBER 2026"), "%s", all);
	cr_assert(strstr(all, "Program KIA (Budi Santoso): Kunjungan K6"), "%s", all);
	free(all);
}

Test(notulen, monthly_signed_by_a_plt)
{
	char mt[LK_UUID_STRLEN];
	struct dom_err err = {0};
	s_key(&s_pkm, s_kapus, 0, PASS);
	s_key(&s_pkm, s_budi, 1, PASS2);
	struct dom_sign_delegate_in di = {s_budi, "plt", "2020-01-01", "2099-12-31", s_kapus, PASS, "cuti"};
	struct dom_sign_delegate_out dout;
	cr_assert_eq(dom_sign_delegate(&s_pkm, &di, &dout, &err), 0, "%s", err.msg);
	s_meeting(0, mt);
	const char *pdf = s_render(&s_pkm, mt, s_budi, PASS2, "notulen-bulanan-plt.pdf");
	s_check(pdf, "PUSKESMAS KALIWUNGU", "NOTULEN LOKAKARYA MINI BULANAN", "Aula UPTD Puskesmas Kaliwungu", "Plt.", "Budi Santoso");
}

Test(notulen, quarterly_signed_by_the_camat)
{
	char mt[LK_UUID_STRLEN];
	s_key(&s_kec, s_camat, 0, PASS);
	s_meeting(1, mt);
	const char *pdf = s_render(&s_kec, mt, s_camat, PASS, "notulen-triwulan.pdf");
	s_check(pdf, "KECAMATAN KALIWUNGU", "NOTULEN LOKAKARYA MINI LINTAS SEKTOR", "Pendopo Kecamatan Kaliwungu",
	        "Camat", "Drs. Agus Priyanto");
	char *all = lkt_pdf_text(pdf, 0, 1);
	cr_assert(strstr(all, "TRIWULAN IV TAHUN 2026"), "%s", all);
	free(all);
}

Test(notulen, facts_given_then_kept_and_times_checked)
{
	char mt[LK_UUID_STRLEN];
	struct dom_err err = {0};
	s_meeting(0, mt);
	struct dom_minutes_compile_in ci = {.meeting_id = mt, .start = "25.00"};
	struct dom_minutes_compile_out co;
	cr_assert_eq(dom_minutes_compile(&s_pkm, &ci, &co, &err), -LK_EINVAL);
	cr_assert(strstr(err.msg, "25.00 is not a time of day"), "%s", err.msg);
	/* Given once: the chair, the notulis and the times; the end unknown reads "selesai". */
	ci = (struct dom_minutes_compile_in){.meeting_id = mt, .start = "7.30", .chair_id = s_budi, .notulis_id = s_kapus};
	cr_assert_eq(dom_minutes_compile(&s_pkm, &ci, &co, &err), 0, "%s", err.msg);
	lkt_field_is(s_st, "minutes", co.id, "start_time", "07:30");
	lkt_field_is(s_st, "minutes", co.id, "chair_person_id", s_budi);
	/* Compiled again without them: kept. */
	ci = (struct dom_minutes_compile_in){.meeting_id = mt};
	cr_assert_eq(dom_minutes_compile(&s_pkm, &ci, &co, &err), 0, "%s", err.msg);
	char *doc = lkt_field(s_st, "minutes", co.id, "document");
	cr_assert(strstr(doc, "\nwaktu_mulai: 07.30 WIB\nwaktu_selesai: selesai\n"), "%s", doc);
	cr_assert(strstr(doc, "\npimpinan: Budi Santoso\n") && strstr(doc, "\nnotulis: dr. Ratna Dewi\n"), "%s", doc);
	free(doc);
	/* The store refuses what is not a time of day, whoever writes it. */
	ProtobufCMessage *m = NULL;
	char perr[300] = "";
	const char *f[1] = {"end_time"};
	cr_assert_eq(lk_store_get(s_st, lk_entity_find("minutes"), co.id, &m), 0);
	cr_assert_eq(lk_record_set(m, "end_time", "24:10"), 0);
	cr_assert_neq(lk_store_put(s_st, lk_entity_find("minutes"), m, f, 1, perr, sizeof perr), 0);
	cr_assert(strstr(perr, "end_time: \"24:10\" is not a time of day"), "%s", perr);
	lk_record_free(m);
}
