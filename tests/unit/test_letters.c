/* test_letters: the Surat Undangan and the Daftar Hadir rendered to PDF in Bahasa Indonesia and read back part by part. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "invitation.h"
#include "letter.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lkt_store.h"
#include "office.h"
#include "rendert.h"
#include "signed_doc.h"
#include "signing.h"
#include "store.h"

#define PASS "kunci-rahasia-kapus"
#define PASS_PLT "kunci-rahasia-plt"
#define NOV30 1796007600 /* 2026-11-30 03:00 UTC: 10.00 WIB */

static char s_home[256];
static lk_store *s_st;
static struct dom s_pkm, s_dinkes;
static char s_kapus[40], s_plt[40], s_monthly[40], s_quarterly[40];

static void s_setup(void)
{
	setenv("LANGUAGE", "id", 1);
	lk_i18n_init(NULL);
	s_st = lkt_store_open_temp("letters", s_home, sizeof s_home);
	s_pkm = (struct dom){s_st, {"puskesmas", "3324", "332401", "P3324010101"}, s_home, "dev-pkm", NOV30};
	s_dinkes = (struct dom){s_st, {"dinkes", "3324", "", ""}, s_home, "dev-dinkes", NOV30};
	cr_assert_eq(lk_store_set_meta(s_st, "org_puskesmas", "P3324010101\t332401\tPuskesmas Kaliwungu\n"), 0);
	cr_assert_eq(lk_store_set_meta(s_st, "org_kecamatan", "332401\tKaliwungu\n"), 0);
	cr_assert_eq(lk_store_set_meta(s_st, "org_kabupaten", "3324\tKendal"), 0);
	struct dom_office_field f[] = {{"address", "Jl. Raya Kaliwungu No. 12"},
	                               {"phone", "(0294) 381234"},
	                               {"email", "pkm.kaliwungu@kendalkab.go.id"}};
	struct dom_err err = {0};
	cr_assert_eq(dom_office_set(&s_pkm, NULL, f, 3, &err), 0, "%s", err.msg);
	lkt_rec(s_st, "person", s_kapus, "name", "dr. Ratna Dewi", "role", "kapus", "title", "Kepala Puskesmas", "nip",
	        "19800101 200501 2 001", "pangkat", "Pembina (IV/a)", NULL);
	lkt_rec(s_st, "person", s_plt, "name", "Sri Wahyuni, S.KM.", "role", "ktu", "title",
	        "Kepala Subbagian Tata Usaha", "nip", "19790505 200312 2 004", "pangkat", "Penata Tk. I (III/d)", NULL);
	static const char *const staff[][2] = {{"Bidan Ani Susanti", "Penanggung Jawab Program KIA"},
	                                       {"Dewi Lestari, A.Md.Gz.", "Penanggung Jawab Program Gizi"},
	                                       {"Agus Prasetyo, S.KM.", "Penanggung Jawab Program Kesling"},
	                                       {"Rina Marlina, A.Md.Kep.", "Penanggung Jawab Program P2P"},
	                                       {"Yusuf Hidayat", "Penanggung Jawab Program Promkes"},
	                                       {"Maya Sari, A.Md.KL.", "Penanggung Jawab Program Imunisasi"},
	                                       {"Hendra Wijaya", "Pengelola Sistem Informasi"}};
	for (size_t i = 0; i < 7; i++)
		lkt_rec(s_st, "person", NULL, "name", staff[i][0], "role", "pj_program", "title", staff[i][1], NULL);
	lkt_rec(s_st, "meeting", s_monthly, "kind", "monthly", "year", "2026", "period", "12", "status", "planned",
	        "planned_date", "2026-12-03", "title", "Lokakarya Mini Bulanan Desember 2026", "place",
	        "Aula UPTD Puskesmas Kaliwungu", NULL);
	lkt_rec(s_st, "meeting", s_quarterly, "kind", "quarterly", "year", "2026", "period", "4", "status", "planned",
	        "planned_date", "2026-12-10", "title", "Lokakarya Mini Triwulan IV 2026", NULL);
	lkt_rec(s_st, "sector", NULL, "puskesmas", "", "code", "KORAMIL", "name", "Koramil 04/Kaliwungu", "kind", "tni",
	        NULL);
	lkt_rec(s_st, "sector", NULL, "puskesmas", "", "code", "KUA", "name", "KUA Kecamatan Kaliwungu", "kind", "kua",
	        NULL);
}

static void s_teardown(void)
{
	lkt_store_close_temp(&s_st, s_home);
}

TestSuite(letters, .init = s_setup, .fini = s_teardown, .timeout = 240);

/* A confirmed key of person (deputy or head) made here. */
static void s_key(const char *person, int deputy, const char *pass)
{
	struct dom_sign_keygen_in in = {person, deputy, pass, "laptop"};
	struct dom_sign_key_out out, so;
	struct dom_err err = {0};
	cr_assert_eq(dom_sign_keygen(&s_pkm, &in, &out, &err), 0, "keygen: %s", err.msg);
	struct dom_sign_status_in st = {out.key_id, 1, NULL};
	cr_assert_eq(dom_sign_key_status(&s_dinkes, &st, &so, &err), 0, "confirm: %s", err.msg);
}

/* The Plt.: a deputy key and a plt delegation from the district in force. */
static void s_plt_in_force(const char *kind)
{
	s_key(s_plt, 1, PASS_PLT);
	struct dom_sign_delegate_in di = {s_plt, kind, "2026-11-01", "2026-12-31", NULL, NULL, "Kapus cuti"};
	struct dom_sign_delegate_out dout;
	struct dom_err err = {0};
	cr_assert_eq(dom_sign_delegate(&s_dinkes, &di, &dout, &err), 0, "%s", err.msg);
}

static void s_draft_sign(const char *meeting, const char *number, const char *who, const char *pass, char inv[40])
{
	struct dom_invitation_draft_in in = {.meeting_id = meeting, .number = number};
	struct dom_invitation_draft_out out;
	struct dom_err err = {0};
	cr_assert_eq(dom_invitation_draft(&s_pkm, &in, &out, &err), 0, "draft: %s", err.msg);
	strcpy(inv, out.id);
	if (who) {
		struct dom_doc_sign_in si = {"invitation", inv, who, pass};
		struct dom_doc_sign_out so;
		cr_assert_eq(dom_doc_sign(&s_pkm, &si, &so, &err), 0, "sign: %s", err.msg);
	}
}

/* Render the invitation to build/tests/letters-out/name.pdf (and PNG pages); the path. */
static const char *s_render_inv(const char *inv, const char *name)
{
	char file[80];
	snprintf(file, sizeof file, "%s.pdf", name);
	const char *pdf = rt_path(file);
	ProtobufCMessage *m = NULL;
	cr_assert_eq(lk_store_get(s_st, lk_entity_find("invitation"), inv, &m), 0);
	struct rd_doc *doc = rd_doc_new();
	struct dom_err err = {0};
	cr_assert_eq(rl_undangan(&s_pkm, m, doc, &err), 0, "%s", err.msg);
	cr_assert_eq(rd_render_pdf(doc, pdf), 0, "%s", rd_doc_error(doc));
	rd_doc_free(&doc);
	lk_record_free(m);
	rt_png(pdf, 60);
	return pdf;
}

static void s_in_order(const char *hay, const char *const *needles, const char *what)
{
	const char *at = hay;
	for (size_t i = 0; needles[i]; i++) {
		const char *f = strstr(at, needles[i]);
		cr_assert(f, "%s: \"%s\" missing or out of order in:\n%s", what, needles[i], hay);
		at = f + strlen(needles[i]);
	}
}

/* No bare region code anywhere. */
static void s_no_codes(const char *text)
{
	cr_assert_null(strstr(text, "3324"), "a bare code: %s", text);
	cr_assert_null(strstr(text, "P33"), "a bare code: %s", text);
}

/* The closing sentence and the signature block share a page. */
static void s_sign_with_closing(const char *pdf, const char *name)
{
	int closing = rt_page_of(pdf, "Mengingat pentingnya");
	cr_assert_gt(closing, 0);
	char *page = lkt_pdf_text(pdf, closing, 1);
	cr_assert(strstr(rt_squash(page), name), "signature on the closing sentence's page %d:\n%s", closing, page);
	free(page);
}

Test(letters, monthly_signed_by_the_kapus_with_a_lampiran_page)
{
	char inv[40];
	s_key(s_kapus, 0, PASS);
	s_draft_sign(s_monthly, "440/12/XI/2026", s_kapus, PASS, inv);
	const char *pdf = s_render_inv(inv, "undangan-bulanan-kapus");
	char *all = lkt_pdf_text(pdf, 0, 1);
	s_no_codes(all);
	rt_squash(all);
	static const char *const parts[] = {"PEMERINTAH KABUPATEN KENDAL", "DINAS KESEHATAN", "UPTD PUSKESMAS KALIWUNGU",
	                                    "Jl. Raya Kaliwungu No. 12", "Telp. (0294) 381234",
	                                    "pkm.kaliwungu@kendalkab.go.id", "Nomor", "440/12/XI/2026",
	                                    "Kaliwungu, 30 November 2026", "Sifat", "Biasa", "Lampiran",
	                                    "1 (satu) lembar", "Hal", "Undangan Lokakarya Mini Bulanan", "Yth.",
	                                    "Bapak/Ibu/Saudara (daftar terlampir)", "di", "Tempat", "Dengan hormat",
	                                    "Lokakarya Mini Bulanan Desember 2026", "hari/tanggal",
	                                    "Kamis, 3 Desember 2026", "waktu", "08.00 WIB s.d. selesai", "tempat",
	                                    "Aula UPTD Puskesmas Kaliwungu", "acara", "1. Pembukaan", "Penutup",
	                                    "Mengingat pentingnya acara tersebut", "Kepala UPTD Puskesmas Kaliwungu",
	                                    "dr. Ratna Dewi", "Pembina (IV/a)", "NIP. 19800101 200501 2 001",
	                                    "Tembusan:", "Kepala Dinas Kesehatan Kabupaten Kendal", "Arsip",
	                                    "Lampiran Surat Nomor", "440/12/XI/2026", "DAFTAR PENERIMA UNDANGAN",
	                                    "Bidan Ani Susanti, Penanggung Jawab Program KIA", "Hendra Wijaya",
	                                    NULL};
	s_in_order(all, parts, "Surat Undangan (monthly, Kapus)");
	cr_assert_null(strstr(all, "a.n."), "the head signs in his own name");
	cr_assert_null(strstr(all, "Plt."), "the head signs in his own name");
	free(all);
	s_sign_with_closing(pdf, "dr. Ratna Dewi");
	/* The recipients are on their own Lampiran page, after the letter. */
	int lp = rt_page_of(pdf, "DAFTAR PENERIMA UNDANGAN");
	cr_assert_gt(lp, rt_page_of(pdf, "Mengingat pentingnya"));
	cr_assert_eq(rt_page_of(pdf, "Hendra Wijaya"), lp);
	/* A signed letter carries the electronic-signature mark: a QR drawn on its page. */
	cr_assert_eq(rt_pages(pdf), lp);
}

Test(letters, quarterly_signed_by_the_plt)
{
	char inv[40];
	s_plt_in_force("plt");
	s_draft_sign(s_quarterly, "440/13/XI/2026", s_plt, PASS_PLT, inv);
	const char *pdf = s_render_inv(inv, "undangan-triwulan-plt");
	char *all = lkt_pdf_text(pdf, 0, 1);
	s_no_codes(all);
	rt_squash(all);
	static const char *const parts[] = {"PEMERINTAH KABUPATEN KENDAL", "UPTD PUSKESMAS KALIWUNGU", "Nomor",
	                                    "440/13/XI/2026", "Kaliwungu, 30 November 2026", "Sifat", "Biasa",
	                                    "Lampiran", "-", "Hal", "Undangan Lokakarya Mini Triwulanan", "Yth.",
	                                    "1. Kepala Puskesmas se-Kecamatan Kaliwungu", "Pimpinan Koramil 04/Kaliwungu",
	                                    "di", "Tempat", "hari/tanggal", "Kamis, 10 Desember 2026", "waktu",
	                                    "08.00 WIB", "tempat", "Aula UPTD Puskesmas Kaliwungu", "acara",
	                                    "lintas sektor", "Mengingat pentingnya",
	                                    "Plt. Kepala UPTD Puskesmas Kaliwungu", "Sri Wahyuni, S.KM.",
	                                    "Penata Tk. I (III/d)", "NIP. 19790505 200312 2 004", "Tembusan:",
	                                    "Bupati Kendal", "Kepala Dinas Kesehatan Kabupaten Kendal", NULL};
	s_in_order(all, parts, "Surat Undangan (quarterly, Plt.)");
	cr_assert_null(strstr(all, "daftar terlampir"), "a short list stays in the letter");
	free(all);
	s_sign_with_closing(pdf, "Sri Wahyuni, S.KM.");
	/* A long agenda may push the Tembusan over, but never splits it. */
	cr_assert_leq(rt_pages(pdf), 2);
	cr_assert_eq(rt_page_of(pdf, "Tembusan:"), rt_page_of(pdf, "Arsip"));
}

Test(letters, on_behalf_and_unsigned)
{
	char inv[40];
	s_plt_in_force("an");
	s_draft_sign(s_quarterly, "440/14/XI/2026", s_plt, PASS_PLT, inv);
	const char *pdf = s_render_inv(inv, "undangan-an");
	char *all = rt_squash(lkt_pdf_text(pdf, 0, 1));
	static const char *const parts[] = {"a.n. Kepala UPTD Puskesmas Kaliwungu", "Kepala Subbagian Tata Usaha",
	                                    "Sri Wahyuni, S.KM.", NULL};
	s_in_order(all, parts, "a.n.");
	free(all);
	/* Not signed yet: the head's name under room for a wet signature. */
	s_draft_sign(s_monthly, "", NULL, NULL, inv);
	pdf = s_render_inv(inv, "undangan-belum");
	all = rt_squash(lkt_pdf_text(pdf, 0, 1));
	static const char *const unsigned_parts[] = {"Mengingat pentingnya", "Kepala UPTD Puskesmas Kaliwungu",
	                                             "dr. Ratna Dewi", "NIP. 19800101 200501 2 001", NULL};
	s_in_order(all, unsigned_parts, "unsigned");
	free(all);
}

Test(letters, daftar_hadir_with_spare_rows_and_a_header_on_every_page)
{
	char name[80], at[24];
	for (int i = 1; i <= 34; i++) {
		snprintf(name, sizeof name, "Peserta Nomor %02d", i);
		snprintf(at, sizeof at, "2026-12-03T00:%02d:00Z", 30 + i % 25);
		lkt_rec(s_st, "attendance", NULL, "meeting_id", s_monthly, "name", name, "role", "Bidan Desa", "invited", "1",
		        "present", "1", "checked_in_at", at, NULL);
	}
	lkt_rec(s_st, "attendance", NULL, "meeting_id", s_monthly, "person_id", s_kapus, "name", "dr. Ratna Dewi",
	        "role", "kapus", "invited", "1", "present", "1", "checked_in_at", "2026-12-03T00:55:00Z", NULL);
	ProtobufCMessage *mt = NULL;
	cr_assert_eq(lk_store_get(s_st, lk_entity_find("meeting"), s_monthly, &mt), 0);
	struct rd_doc *doc = rd_doc_new();
	struct dom_err err = {0};
	cr_assert_eq(rl_hadir(&s_pkm, mt, doc, &err), 0, "%s", err.msg);
	const char *pdf = rt_path("daftar-hadir.pdf");
	cr_assert_eq(rd_render_pdf(doc, pdf), 0, "%s", rd_doc_error(doc));
	rd_doc_free(&doc);
	lk_record_free(mt);
	rt_png(pdf, 60);
	cr_assert_geq(rt_pages(pdf), 2);
	char *p1 = lkt_pdf_text(pdf, 1, 1);
	s_no_codes(p1);
	rt_squash(p1);
	static const char *const parts[] = {"PEMERINTAH KABUPATEN KENDAL", "UPTD PUSKESMAS KALIWUNGU", "DAFTAR HADIR",
	                                    "Lokakarya Mini Bulanan Desember 2026", "Hari/tanggal",
	                                    "Kamis, 3 Desember 2026", "Tempat", "Aula UPTD Puskesmas Kaliwungu", "No",
	                                    "Nama", "NIP", "Jabatan", "Instansi/Unit", "Jam", "Tanda Tangan", "Datang", "(WIB)", NULL};
	s_in_order(p1, parts, "Daftar Hadir page 1");
	/* Cells wrap in their columns: each part of a row is on the page. */
	static const char *const row[] = {"Peserta Nomor", "Bidan Desa", "UPTD", "Kaliwungu", "07.31", NULL};
	for (size_t i = 0; row[i]; i++)
		cr_assert(strstr(p1, row[i]), "\"%s\" on page 1:\n%s", row[i], p1);
	free(p1);
	/* Page 2 repeats the header; the Kapus's row has its NIP; spare rows follow the last name. */
	int n = rt_pages(pdf);
	char *last = rt_squash(lkt_pdf_text(pdf, n, 1));
	static const char *const tail[] = {"No", "Nama", "NIP", "Jabatan", "Instansi/Unit", "Tanda Tangan", NULL};
	s_in_order(last, tail, "Daftar Hadir last page");
	static const char *const kapus[] = {"dr. Ratna", "19800101", "Kepala", "07.55", "36", "40", "40.", NULL};
	for (size_t i = 0; kapus[i]; i++)
		cr_assert(strstr(last, kapus[i]), "\"%s\" on the last page:\n%s", kapus[i], last);
	/* Spare rows: numbered on past the last name, at least RL_HADIR_SPARE of them. */
	cr_assert_null(strstr(last, "41"), "%s", last);
	/* Every page is numbered, as the Notulen's are. */
	char pageno[40];
	snprintf(pageno, sizeof pageno, "Halaman %d dari %d", n, n);
	cr_assert(strstr(last, pageno), "\"%s\" on the last page:\n%s", pageno, last);

	free(last);
}
