/* test_render: the layout engine on made-up documents, read back with pdftotext and pdftoppm. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "lk_error.h"
#include "rendert.h"

#define RD_MM_T(x) ((x) * 72.0 / 25.4)
#define OK(x) cr_assert_eq((x), 0, "%s: %s", #x, rd_doc_error(doc))

static const struct rd_para_style body = {.align = RD_JUSTIFY, .first_indent_mm = 12.5, .space_after_mm = 2};

/* A Surat Undangan with nfill body paragraphs; grouped keeps the closing sentence with the signature. */
static struct rd_doc *letter(int nfill, int grouped)
{
	struct rd_doc *doc = rd_doc_new();
	cr_assert(doc);
	char logo[512];
	snprintf(logo, sizeof logo, "%s/logo.png", rt_dir());
	rt_make_png(logo);
	static const char *const kop[] = {"PEMERINTAH KABUPATEN KENDAL", "DINAS KESEHATAN",
	                                  "UPTD PUSKESMAS KALIWUNGU",
	                                  "Jalan Pemuda No. 12, Kaliwungu, Kendal 51372",
	                                  "Telepon (0294) 381234, Pos-el puskesmas.kaliwungu@kendalkab.go.id"};
	static const double sz[] = {14, 14, 16, 10, 10};
	OK(rd_doc_set_title(doc, "Surat Undangan"));
	OK(rd_doc_set_footer(doc, "Halaman {page} dari {pages}", 0));
	OK(rd_letterhead(doc, logo, kop, sz, 5));
	static const char *const k[] = {"Nomor", "Sifat", "Lampiran", "Hal"};
	static const char *const v[] = {"400.7/123/XI/2026", "Biasa", "1 (satu) berkas", "Undangan Lokakarya Mini Bulanan"};
	OK(rd_keyvalue(doc, k, v, 4, "Kaliwungu, 30 November 2026"));
	OK(rd_para(doc, "Yth. Kepala Desa se-Kecamatan Kaliwungu\ndi\n     Tempat", NULL));
	OK(rd_para(doc, "Dengan hormat, bersama ini kami mengundang Bapak/Ibu untuk hadir pada Lokakarya Mini "
	                "Bulanan yang akan dilaksanakan pada:", &body));
	static const char *const k2[] = {"hari/tanggal", "waktu", "tempat", "acara"};
	static const char *const v2[] = {"Kamis, 3 Desember 2026", "08.00 WIB s.d. selesai",
	                                 "Aula UPTD Puskesmas Kaliwungu", "Evaluasi capaian program bulan November"};
	OK(rd_keyvalue(doc, k2, v2, 4, NULL));
	for (int i = 1; i <= nfill; i++) {
		char m[200];
		snprintf(m, sizeof m, "Butir pembahasan nomor %d akan disampaikan oleh pemegang program.", i);
		OK(rd_para(doc, m, &body));
	}
	if (grouped)
		OK(rd_group_begin(doc));
	OK(rd_para(doc, "Demikian undangan ini kami sampaikan, atas perhatian dan kehadirannya diucapkan terima kasih.",
	           &body));
	struct rd_signature sig = {.place_date = NULL,
	                           .jabatan = "Kepala UPTD Puskesmas Kaliwungu",
	                           .name = "dr. Siti Rahmawati, M.Kes.",
	                           .pangkat = "Pembina (IV/a)",
	                           .nip = "NIP. 19800101 200501 2 001"};
	OK(rd_signature(doc, &sig));
	if (grouped)
		OK(rd_group_end(doc));
	OK(rd_para(doc, "<u>Tembusan:</u>\n1. Camat Kaliwungu;\n2. Kepala Dinas Kesehatan Kabupaten Kendal.",
	           &(struct rd_para_style){.size_pt = 10}));
	return doc;
}

/* The fewest filler paragraphs that, without the group, leave the closing sentence on page 1 and the signature on page 2. */
static int lone_signature_fill(void)
{
	const char *pdf = rt_path("letter-probe.pdf");
	for (int n = 0; n < 60; n++) {
		struct rd_doc *doc = letter(n, 0);
		OK(rd_render_pdf(doc, pdf));
		rd_doc_free(&doc);
		if (rt_page_of(pdf, "dr. Siti Rahmawati") == 2)
			return n;
	}
	cr_assert_fail("no filler count pushes the signature to page 2");
	return -1;
}

Test(render, letter_signature_moves_with_closing_sentence)
{
	int n = lone_signature_fill();
	const char *apart = rt_path("letter-apart.pdf"), *pdf = rt_path("letter.pdf");
	struct rd_doc *doc = letter(n, 0);
	OK(rd_render_pdf(doc, apart));
	rd_doc_free(&doc);
	/* Without the group this is the bug: the sentence on page 1, the signature alone on page 2. */
	cr_assert_eq(rt_page_of(apart, "Demikian undangan ini"), 1);
	cr_assert_eq(rt_page_of(apart, "dr. Siti Rahmawati"), 2);

	doc = letter(n, 1);
	OK(rd_render_pdf(doc, pdf));
	cr_assert_eq(rd_doc_pages(doc), 2);
	rd_doc_free(&doc);
	cr_assert_eq(rt_pages(pdf), 2);
	char *p1 = lkt_pdf_text(pdf, 1, 0), *p2 = lkt_pdf_text(pdf, 2, 0);
	char last[80];
	snprintf(last, sizeof last, "Butir pembahasan nomor %d ", n);
	cr_assert(strstr(p1, "UPTD PUSKESMAS KALIWUNGU") && strstr(p1, "Undangan Lokakarya Mini Bulanan"), "%s", p1);
	cr_assert(n == 0 || strstr(p1, last), "the last filler stays on page 1:\n%s", p1);
	cr_assert_null(strstr(p1, "Demikian undangan"), "%s", p1);
	const char *order[] = {"Demikian undangan ini", "Kepala UPTD Puskesmas Kaliwungu", "dr. Siti Rahmawati, M.Kes.",
	                       "Pembina (IV/a)", "NIP. 19800101 200501 2 001", "Tembusan:", "Halaman 2 dari 2"};
	const char *at = p2;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		const char *f = strstr(at, order[i]);
		cr_assert(f, "page 2 lacks \"%s\" after the previous part:\n%s", order[i], p2);
		at = f;
	}
	cr_assert(strstr(p1, "Halaman 1 dari 2"), "%s", p1);
	free(p1);
	free(p2);
	/* Tata naskah margins: the text starts 30 mm from the left and 20 mm from the top. */
	double x, y, x2, y2;
	cr_assert(rt_word(pdf, 1, "Nomor", 0, &x, &y));
	cr_assert_float_eq(x, 30 * 72 / 25.4, 0.5);
	cr_assert(rt_word(pdf, 2, "Demikian", 0, &x, &y));
	cr_assert_float_eq(y, 20 * 72 / 25.4, 0.5);
	/* Nomor, Sifat, Lampiran, Hal: their colons in one column. */
	cr_assert(rt_word(pdf, 1, ":", 0, &x, &y));
	for (int i = 1; i < 4; i++) {
		cr_assert(rt_word(pdf, 1, ":", i, &x2, &y2));
		cr_assert_float_eq(x2, x, 0.1, "colon %d at %.2f, the first at %.2f", i + 1, x2, x);
		cr_assert_gt(y2, y);
	}
	/* The signature block's lines start together at the middle of the text area. */
	double mid = 30 * 72 / 25.4 + (210 - 50) * 72 / 25.4 / 2;
	static const char *const sig_words[] = {"Kepala", "dr.", "Pembina", "NIP."};
	double prev_y = 0;
	for (size_t i = 0; i < 4; i++) {
		cr_assert(rt_word(pdf, 2, sig_words[i], 0, &x, &y), "%s", sig_words[i]);
		cr_assert_float_eq(x, mid, 0.5, "%s at x %.2f, want %.2f", sig_words[i], x, mid);
		cr_assert_gt(y, prev_y);
		prev_y = y;
	}
	/* Liberation Serif (Times New Roman's metric twin) is embedded, not a fallback font. */
	char cmd[700];
	snprintf(cmd, sizeof cmd, "pdffonts '%s'", pdf);
	char *fonts = rt_run(cmd);
	cr_assert(strstr(fonts, "LiberationSerif") && strstr(fonts, "LiberationSerif-Bold"), "%s", fonts);
	free(fonts);
	rt_png(pdf, 60);
	rt_png(apart, 60);
}

Test(render, table_header_repeats_and_rows_never_split)
{
	const char *pdf = rt_path("table.pdf");
	struct rd_doc *doc = rd_doc_new();
	OK(rd_doc_set_footer(doc, "Halaman {page} dari {pages}", 0));
	OK(rd_doc_set_header(doc, "<i>Daftar Hadir Lokakarya Mini, 3 Desember 2026</i>", 1));
	OK(rd_para(doc, "<b>DAFTAR HADIR</b>", &(struct rd_para_style){.align = RD_CENTER, .keep_with_next = 1}));
	static const double w[] = {10, 0, 46, 30, 30};
	static const enum rd_align al[] = {RD_RIGHT, RD_LEFT, RD_LEFT, RD_LEFT, RD_LEFT};
	struct rd_table *t = rd_table_new(doc, 5, w, al);
	cr_assert(t);
	static const char *const head[] = {"No", "Nama", "NIP", "Jabatan", "Tanda Tangan"};
	OK(rd_table_header(t, head));
	for (int i = 1; i <= 60; i++) {
		char no[8], name[64], nip[64], jab[160];
		snprintf(no, sizeof no, "%d", i);
		snprintf(name, sizeof name, "Peserta R%02d", i);
		snprintf(nip, sizeof nip, "19800101 2005%02d 1 001", i);
		/* Every third row wraps over three lines: a split row would show its end on the next page. */
		snprintf(jab, sizeof jab, i % 3 ? "Bidan R%02d" : "Pengelola program gizi dan kesehatan ibu anak ujungR%02d", i);
		const char *row[] = {no, name, nip, jab, ""};
		OK(rd_table_row(t, row));
	}
	OK(rd_table_spare(t, 5, 10));
	OK(rd_render_pdf(doc, pdf));
	int pages = rd_doc_pages(doc);
	rd_doc_free(&doc);
	cr_assert_geq(pages, 3, "60 rows take several pages, got %d", pages);
	cr_assert_eq(rt_pages(pdf), pages);
	int prev_page = 1, np;
	char **tx = rt_all(pdf, &np);
	for (int i = 1; i <= 60; i++) {
		char name[32], nip[32], end[32];
		snprintf(name, sizeof name, "Peserta R%02d", i);
		snprintf(nip, sizeof nip, "2005%02d 1 001", i);
		snprintf(end, sizeof end, i % 3 ? "Bidan R%02d" : "ujungR%02d", i);
		int p = rt_page_in(tx, name);
		cr_assert_eq(rt_page_in(tx, nip), p, "row %d: NIP on another page", i);
		cr_assert_eq(rt_page_in(tx, end), p, "row %d is split across pages %d and %d", i, p, rt_page_in(tx, end));
		cr_assert(p == prev_page || p == prev_page + 1, "row %d on page %d after page %d", i, p, prev_page);
		prev_page = p;
	}
	for (int p = 1; p <= pages; p++) {
		const char *s = tx[p - 1];
		/* "Jabatan" is only in the header ("Tanda Tangan" has an empty column pdftotext reads last). */
		const char *h = strstr(s, "Jabatan"), *r = strstr(s, "Peserta R");
		cr_assert(h, "page %d has no header row:\n%s", p, s);
		cr_assert(strstr(s, "Tanda Tangan"), "page %d has no header row:\n%s", p, s);
		cr_assert_null(strstr(h + 1, "Jabatan"), "page %d has the header twice", p);
		cr_assert(!r || h < r, "page %d: the header comes after a row:\n%s", p, s);
		/* The running header from page 2 on, above everything else. */
		const char *run = strstr(s, "Daftar Hadir Lokakarya Mini, 3 Desember 2026");
		if (p == 1)
			cr_assert_null(run, "page 1 skips the running header");
		else
			cr_assert(run && run < h, "page %d: no running header above the table:\n%s", p, s);
		char foot[40];
		snprintf(foot, sizeof foot, "Halaman %d dari %d", p, pages);
		cr_assert(strstr(s, foot), "page %d: no \"%s\"", p, foot);
	}
	rt_all_free(tx);
	rt_png(pdf, 60);
}

/* Wherever a table starts, its title and header row stay with its first row. */
Test(render, table_header_never_alone_at_a_page_foot)
{
	const char *pdf = rt_path("table-start.pdf");
	int moved = 0;
	for (int n = 34; n <= 44; n++) {
		struct rd_doc *doc = rd_doc_new();
		for (int i = 1; i <= n; i++)
			OK(rd_para(doc, "Paragraf pengantar daftar hadir.", NULL));
		OK(rd_para(doc, "<b>DAFTAR HADIR</b>", &(struct rd_para_style){.align = RD_CENTER, .keep_with_next = 1}));
		struct rd_table *t = rd_table_new(doc, 3, (double[]){10, 0, 60}, NULL);
		OK(rd_table_header(t, (const char *const[]){"No", "Nama", "Jabatan"}));
		OK(rd_table_row(t, (const char *const[]){"1", "Peserta R01", "Pengelola program\ngizi dan\nkesehatan ibu"}));
		OK(rd_table_row(t, (const char *const[]){"2", "Peserta R02", "Bidan"}));
		OK(rd_render_pdf(doc, pdf));
		rd_doc_free(&doc);
		int np;
		char **tx = rt_all(pdf, &np);
		int title = rt_page_in(tx, "DAFTAR HADIR"), first = rt_page_in(tx, "Peserta R01"), head = 0;
		for (int p = np; p >= 1; p--) /* the first page with the header row (it repeats after) */
			if (strstr(tx[p - 1], "Jabatan"))
				head = p;
		cr_assert(title == first && head == first, "%d fillers: title on page %d, header on %d, first row on %d", n,
		          title, head, first);
		moved += first == 2;
		rt_all_free(tx);
	}
	cr_assert_gt(moved, 0, "no filler count made the table start on page 2");
	cr_assert_lt(moved, 11, "every filler count made the table start on page 2");
}

/* A report with nfill paragraphs, then a heading and a long paragraph under it. */
static struct rd_doc *report(int nfill, int keep)
{
	struct rd_doc *doc = rd_doc_new();
	for (int i = 1; i <= nfill; i++) {
		char m[200];
		snprintf(m, sizeof m, "Paragraf laporan %d: capaian imunisasi dasar lengkap di desa binaan dibahas.", i);
		OK(rd_para(doc, m, &body));
	}
	OK(rd_para(doc, "<b>B. Rencana Tindak Lanjut</b>",
	           &(struct rd_para_style){.space_before_mm = 3, .space_after_mm = 2, .keep_with_next = keep}));
	OK(rd_para(doc, "Isi-awal rencana tindak lanjut disusun bersama lintas program dan lintas sektor, memuat "
	                "kegiatan, tujuan, sasaran, waktu, penanggung jawab, tempat dan indikator keberhasilan "
	                "untuk setiap masalah yang ditemukan dalam bulan berjalan, lalu dipantau pada "
	                "lokakarya mini berikutnya sampai tuntas.",
	           &body));
	return doc;
}

Test(render, heading_never_ends_a_page)
{
	const char *probe = rt_path("heading-apart.pdf"), *pdf = rt_path("heading.pdf");
	int n;
	for (n = 20; n < 80; n++) {
		struct rd_doc *doc = report(n, 0);
		OK(rd_render_pdf(doc, probe));
		rd_doc_free(&doc);
		if (rt_page_of(probe, "Rencana Tindak Lanjut") == 1 && rt_page_of(probe, "Isi-awal") == 2)
			break;
	}
	cr_assert_lt(n, 80, "no filler count leaves the heading alone at the foot of page 1");
	struct rd_doc *doc = report(n, 1);
	OK(rd_render_pdf(doc, pdf));
	rd_doc_free(&doc);
	cr_assert_eq(rt_page_of(pdf, "Rencana Tindak Lanjut"), 2);
	cr_assert_eq(rt_page_of(pdf, "Isi-awal"), 2);
	char last[80];
	snprintf(last, sizeof last, "Paragraf laporan %d:", n);
	cr_assert_eq(rt_page_of(pdf, last), 1);
	rt_png(pdf, 60);
}

/* Every word's right edge from pdftotext -bbox, the largest. */
static double max_right(const char *pdf)
{
	char cmd[700];
	snprintf(cmd, sizeof cmd, "pdftotext -bbox '%s' -", pdf);
	char *s = rt_run(cmd);
	double mx = 0;
	int words = 0;
	for (const char *p = s; (p = strstr(p, "xMax=\"")); p += 6) {
		double x = atof(p + 6);
		if (x > mx)
			mx = x;
		words++;
	}
	free(s);
	cr_assert_gt(words, 20);
	return mx;
}

Test(render, indonesian_text_with_accents_and_long_words_wraps)
{
	const char *pdf = rt_path("wrap.pdf");
	static const char *long_word = "pertanggungjawabanpelaksanaankegiatanpemberdayaanmasyarakatdesasiagaaktif"
	                               "berkelanjutanterintegrasi";
	struct rd_doc *doc = rd_doc_new();
	char m[800];
	snprintf(m, sizeof m, "Peserta: Ni Luh Ayu Pradnyāswari, José Ramírez, Ñoman Süryadi, Hj. Ênik Çahyani "
	                      "dan Ṣaleh; catatan &amp; kata panjang: %s selesai.", long_word);
	OK(rd_para(doc, m, &body));
	static const double w[] = {20, 30, 0};
	struct rd_table *t = rd_table_new(doc, 3, w, NULL);
	static const char *const head[] = {"No", "Kegiatan", "Indikator keberhasilan"};
	OK(rd_table_header(t, head));
	const char *row[] = {"1", long_word, "Cakupan K4 ≥ 95% — “tercapai”"};
	OK(rd_table_row(t, row));
	OK(rd_render_pdf(doc, pdf));
	rd_doc_free(&doc);
	char *s = rt_squash(lkt_pdf_text(pdf, 0, 0));
	static const char *const want[] = {"Pradnyāswari", "José Ramírez", "Ñoman Süryadi", "Ênik Çahyani", "Ṣaleh",
	                                   "catatan & kata", "≥ 95% — “tercapai”"};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_assert(strstr(s, want[i]), "\"%s\" is missing:\n%s", want[i], s);
	/* The long word is cut over several lines (never one run of the whole word) yet complete. */
	cr_assert_null(strstr(s, long_word), "the long word was not wrapped");
	char joined[4096];
	size_t k = 0;
	for (const char *p = s; *p && k < sizeof joined - 1; p++)
		if (*p != ' ')
			joined[k++] = *p;
	joined[k] = '\0';
	cr_assert(strstr(joined, long_word), "the long word lost letters:\n%s", s);
	cr_assert(strstr(joined, "pertanggungjawabanpelaksanaankegiatanpemberdayaanmasyarakatdesasiagaaktif"
	                         "berkelanjutanterintegrasiCakupan") == NULL,
	          "the narrow cell's word must wrap inside its cell");
	free(s);
	/* Nothing crosses the right margin (210 mm - 20 mm). */
	cr_assert_leq(max_right(pdf), 595.28 - 56.69 + 0.5);
	rt_png(pdf, 60);
}

Test(render, qr_and_image_render)
{
	const char *pdf = rt_path("qr.pdf"), *jpg = rt_path("photo.jpg"), *png = rt_path("qr-1.png");
	rt_make_jpeg(jpg, 320, 200, 200, 30, 30);
	enum { N = 21 };
	unsigned char m[N * N];
	for (int r = 0; r < N; r++)
		for (int c = 0; c < N; c++)
			m[r * N + c] = (unsigned char)((r + c) % 2 == 0); /* a checkerboard: every neighbour differs */
	struct rd_doc *doc = rd_doc_new();
	OK(rd_qr(doc, m, N, 29, RD_LEFT, "LKM1 verifikasi"));
	OK(rd_image(doc, jpg, 80, RD_CENTER, "Foto kegiatan: penyuluhan di Posyandu"));
	cr_assert_eq(rd_image(doc, rt_path("nowhere.png"), 80, RD_CENTER, NULL), 0); /* read when rendering */
	cr_assert_eq(rd_render_pdf(doc, pdf), -LK_EIO);
	cr_assert(strstr(rd_doc_error(doc), "nowhere.png"), "%s", rd_doc_error(doc));
	rd_doc_free(&doc);

	doc = rd_doc_new();
	OK(rd_qr(doc, m, N, 29, RD_LEFT, "LKM1 verifikasi"));
	OK(rd_image(doc, jpg, 80, RD_CENTER, "Foto kegiatan: penyuluhan di Posyandu"));
	/* A signature whose mark is the electronic-signature QR, on page 2. */
	OK(rd_page_break(doc));
	struct rd_signature sig = {.place_date = "Kaliwungu, 30 November 2026", .jabatan = "Plt. Kepala Puskesmas",
	                           .mark_mm = 25, .mark_qr = m, .mark_qr_size = N, .name = "Budi Santoso",
	                           .nip = "NIP. 19750505 200003 1 002"};
	OK(rd_signature(doc, &sig));
	/* A photo taller than a page shrinks to fit one. */
	char tall[512];
	snprintf(tall, sizeof tall, "%s/tall.jpg", rt_dir());
	rt_make_jpeg(tall, 100, 900, 30, 30, 200);
	OK(rd_image(doc, tall, 150, RD_CENTER, "Foto tegak"));
	cr_assert_eq(rd_render_pdf(doc, "/nonexistent-dir/qr.pdf"), -LK_EIO);
	OK(rd_render_pdf(doc, pdf));
	cr_assert_eq(rd_doc_pages(doc), 3);
	rd_doc_free(&doc);
	rt_png(pdf, 144);
	cr_assert_eq(rt_page_of(pdf, "Foto tegak"), 3);
	cr_assert_eq(rt_page_of(pdf, "Plt. Kepala Puskesmas"), 2);
	/* The mark: below "Plt. Kepala Puskesmas", right half; its first dark module at (4, 4) of the box. */
	double jx, jy, nx, ny;
	cr_assert(rt_word(pdf, 2, "Plt.", 0, &jx, &jy));
	cr_assert(rt_word(pdf, 2, "Budi", 0, &nx, &ny));
	cr_assert_gt(ny - jy, 25 * 72 / 25.4, "the name sits under the mark");
	cairo_surface_t *p2 = rt_load(rt_path("qr-2.png"));
	double mu = (25 - 2) * 72 / 25.4 / (N + 8);
	int dark = 0;
	for (int r = 0; r < N; r++)
		for (int c = 0; c < N; c++)
			dark += rt_pixel(p2, (int)(2 * (jx + (c + 4.5) * mu)), (int)(2 * (jy + 14 + RD_MM_T(1) + (r + 4.5) * mu))) < 100;
	cr_assert_geq(dark, N * N / 2 - N, "the signature mark's modules: %d dark of %d", dark, N * N);
	cairo_surface_destroy(p2);
	struct stat st;
	cr_assert_eq(stat(png, &st), 0);
	cr_assert_gt(st.st_size, 2000);
	cairo_surface_t *img = rt_load(png);
	/* At 144 dpi a point is 2 px. The QR's box starts at (30 mm, 20 mm + 2 mm); 4 quiet modules. */
	double u = 29 * 72 / 25.4 / (N + 8), x0 = 30 * 72 / 25.4, y0 = 22 * 72 / 25.4;
	for (int r = 0; r < N; r += 5)
		for (int c = 0; c < N; c += 3) {
			int px = (int)(2 * (x0 + (c + 4.5) * u)), py = (int)(2 * (y0 + (r + 4.5) * u));
			int g = rt_pixel(img, px, py);
			if ((r + c) % 2 == 0)
				cr_assert_lt(g, 60, "module (%d,%d) should be dark, grey %d", r, c, g);
			else
				cr_assert_gt(g, 200, "module (%d,%d) should be light, grey %d", r, c, g);
		}
	cr_assert_gt(rt_pixel(img, (int)(2 * (x0 + 1.5 * u)), (int)(2 * (y0 + 1.5 * u))), 200, "the quiet zone is white");
	/* The photo sits centred under the QR and its caption: find its red in the middle column. */
	int red = 0;
	for (int y = (int)(2 * (y0 + 29 * 72 / 25.4)); y < 2 * 500; y += 4) {
		unsigned c = rt_rgb(img, (int)(2 * 297.6), y);
		if ((c >> 16 & 255) > 150 && (c >> 8 & 255) < 80 && (c & 255) < 80)
			red++;
	}
	cr_assert_gt(red, 20, "the JPEG photo is not drawn");
	cairo_surface_destroy(img);
	char *s = lkt_pdf_text(pdf, 1, 0);
	cr_assert(strstr(s, "Foto kegiatan: penyuluhan di Posyandu") && strstr(s, "LKM1 verifikasi"), "%s", s);
	free(s);
}

/* Positions of needles in order within hay; fails when one is missing or out of order. */
static void in_order(const char *hay, const char *const *needles, size_t n, const char *what)
{
	const char *at = hay;
	for (size_t i = 0; i < n; i++) {
		const char *f = strstr(at, needles[i]);
		cr_assert(f, "%s: \"%s\" missing or out of order", what, needles[i]);
		at = f + strlen(needles[i]);
	}
}

Test(render, html_has_the_same_text_in_order)
{
	const char *pdf = rt_path("letter-html.pdf");
	struct rd_doc *doc = letter(3, 1);
	OK(rd_page_break(doc));
	struct rd_table *t = rd_table_new(doc, 2, (double[]){15, 0}, NULL);
	OK(rd_table_header(t, (const char *const[]){"No", "Nama"}));
	OK(rd_table_row(t, (const char *const[]){"1", "Bidan &amp; kader"}));
	OK(rd_render_pdf(doc, pdf));
	char *html = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&html, &len);
	OK(rd_render_html(doc, f));
	fclose(f);
	rd_doc_free(&doc);
	FILE *out = fopen(rt_path("letter.html"), "w");
	fwrite(html, 1, len, out);
	fclose(out);
	static const char *const order[] = {"UPTD PUSKESMAS KALIWUNGU", "Nomor", "400.7/123/XI/2026", "Undangan Lokakarya Mini Bulanan",
	                                    "Kaliwungu, 30 November 2026", "Yth. Kepala Desa",
	                                    "Kamis, 3 Desember 2026", "Butir pembahasan nomor 3",
	                                    "Demikian undangan ini", "Kepala UPTD Puskesmas Kaliwungu",
	                                    "dr. Siti Rahmawati, M.Kes.", "NIP. 19800101 200501 2 001", "Tembusan:",
	                                    "Bidan &amp; kader"};
	in_order(html, order, sizeof order / sizeof order[0], "HTML");
	char *text = rt_squash(lkt_pdf_text(pdf, 0, 0));
	/* The same without the aside, which sits beside Nomor in the PDF (pdftotext reads it anywhere). */
	const char *pdf_order[sizeof order / sizeof order[0]];
	size_t np = 0;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (i != 4)
			pdf_order[np++] = strcmp(order[i], "Bidan &amp; kader") ? order[i] : "Bidan & kader";
	in_order(text, pdf_order, np, "PDF");
	cr_assert(strstr(text, "Kaliwungu, 30 November 2026"));
	cr_assert(strstr(html, "<thead>") && strstr(html, "break-before: page") && strstr(html, "class=\"keep\"") &&
	          strstr(html, "size: A4") && strstr(html, "data:image/png;base64,"));
	cr_assert(strstr(html, "@bottom-center { font-size: 9pt; content: \"Halaman \" counter(page) \" dari \" counter(pages) \"\"; }"),
	          "the footer as a page-margin box");
	free(text);
	free(html);
}

Test(render, refuses_markup_it_cannot_render_alike)
{
	struct rd_doc *doc = rd_doc_new();
	cr_assert_eq(rd_para(doc, "<span size=\"20pt\">x</span>", NULL), -LK_EINVAL);
	cr_assert(strstr(rd_doc_error(doc), "only <b>, <i> and <u>"), "%s", rd_doc_error(doc));
	cr_assert_eq(rd_para(doc, "Bidan & kader", NULL), -LK_EINVAL);
	cr_assert_eq(rd_para(doc, "<b>tebal", NULL), -LK_EINVAL);
	cr_assert_eq(rd_para(doc, "<b><i>x</b></i>", NULL), -LK_EINVAL);
	OK(rd_para(doc, "<b><i>x</i></b> &amp; &#233;", NULL));
	char *e = rd_markup_escape("A & <B> \"c\" 'd'");
	cr_assert_str_eq(e, "A &amp; &lt;B&gt; &quot;c&quot; &apos;d&apos;");
	free(e);
	OK(rd_group_begin(doc));
	cr_assert_eq(rd_group_begin(doc), -LK_EINVAL);
	cr_assert_eq(rd_render_pdf(doc, rt_path("open-group.pdf")), -LK_EINVAL);
	OK(rd_group_end(doc));
	cr_assert_null(rd_table_new(doc, 2, (double[]){100, 100}, NULL));
	cr_assert(strstr(rd_doc_error(doc), "wider than the text area"), "%s", rd_doc_error(doc));
	rd_doc_free(&doc);
	cr_assert_null(doc);
}

/* ---- a paragraph, table or group broken across pages: every line drawn once, inside the page body ---- */

enum { NUMBERED = 12 };

/* How the numbered lines "Baris 01 .." are laid out after the fillers. */
enum split_kind {
	SK_PLAIN,   /* one paragraph, default spacing */
	SK_SPACED,  /* one paragraph with space before and after */
	SK_SMALL,   /* one 10 pt paragraph (a Tembusan list) */
	SK_HEADING, /* a keep-with-next heading, then the paragraph */
	SK_SINGLE,  /* every line its own one-line paragraph */
	SK_TABLE,   /* every line a table row, some rows two lines tall */
	SK_GROUP,   /* heading and paragraph in a keep-together group */
	SK_BIGGROUP, /* a group larger than a page: the fillers, heading and paragraph */
	SK_BIGPARA   /* a group larger than a page: the fillers and the paragraph */
};

static struct rd_doc *split_doc(int nfill, enum split_kind kind)
{
	struct rd_doc *doc = rd_doc_new();
	OK(rd_doc_set_footer(doc, "Halaman {page} dari {pages}", 0));
	if (kind == SK_BIGGROUP || kind == SK_BIGPARA)
		OK(rd_group_begin(doc));
	for (int i = 1; i <= nfill; i++) {
		char m[100];
		snprintf(m, sizeof m, "Pengisi halaman %d.", i);
		OK(rd_para(doc, m, NULL));
	}
	if (kind == SK_GROUP)
		OK(rd_group_begin(doc));
	if (kind == SK_HEADING || kind == SK_GROUP || kind == SK_BIGGROUP)
		OK(rd_para(doc, "<b>Tembusan:</b>", &(struct rd_para_style){.space_before_mm = 3, .keep_with_next = 1}));
	char text[NUMBERED * 80] = "";
	struct rd_table *t = NULL;
	if (kind == SK_TABLE) {
		t = rd_table_new(doc, 2, (double[]){15, 0}, NULL);
		OK(rd_table_header(t, (const char *const[]){"No", "Uraian"}));
	}
	for (int i = 1; i <= NUMBERED; i++) {
		char line[80];
		snprintf(line, sizeof line, "Baris %02d dari daftar bernomor;", i);
		if (kind == SK_SINGLE) {
			OK(rd_para(doc, line, &(struct rd_para_style){.space_before_mm = 1}));
		} else if (kind == SK_TABLE) {
			char no[8];
			snprintf(no, sizeof no, "%d", i);
			if (i % 4 == 0)
				strcat(line, "\nlanjutan baris");
			OK(rd_table_row(t, (const char *const[]){no, line}));
		} else {
			strcat(text, i > 1 ? "\n" : "");
			strcat(text, line);
		}
	}
	const struct rd_para_style spaced = {.space_before_mm = 4, .space_after_mm = 6};
	const struct rd_para_style small = {.size_pt = 10};
	if (kind != SK_SINGLE && kind != SK_TABLE)
		OK(rd_para(doc, text, kind == SK_SPACED ? &spaced : kind == SK_SMALL ? &small : NULL));
	if (kind == SK_GROUP || kind == SK_BIGGROUP || kind == SK_BIGPARA)
		OK(rd_group_end(doc));
	OK(rd_para(doc, "Penutup dokumen.", NULL));
	return doc;
}

/* Every numbered line once, in order, and every word inside the page body (bar the footer's). */
static void check_split(const char *pdf, int nfill, enum split_kind kind)
{
	char cmd[700];
	char *s = lkt_pdf_text(pdf, 0, 1);
	const char *prev = s;
	for (int i = 1; i <= NUMBERED; i++) {
		char want[40];
		snprintf(want, sizeof want, "Baris %02d ", i);
		const char *f = strstr(s, want);
		cr_assert(f, "kind %d, %d fillers: \"%s\" missing:\n%s", kind, nfill, want, s);
		cr_assert_null(strstr(f + 1, want), "kind %d, %d fillers: \"%s\" drawn twice:\n%s", kind, nfill, want, s);
		cr_assert(f >= prev, "kind %d, %d fillers: \"%s\" out of order:\n%s", kind, nfill, want, s);
		prev = f;
	}
	cr_assert(strstr(s, "Penutup dokumen."));
	free(s);
	snprintf(cmd, sizeof cmd, "pdftotext -bbox '%s' -", pdf);
	s = rt_run(cmd);
	double top = RD_MM_T(20) - 1, bottom = 841.89 - RD_MM_T(20) + 1;
	for (const char *p = s; (p = strstr(p, "<word xMin=")); p++) {
		double x0, y0, x1, y1;
		char w[64] = "";
		cr_assert_eq(sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\">%63[^<]", &x0, &y0, &x1,
		                    &y1, w),
		             5);
		if (!strcmp(w, "Halaman") || !strcmp(w, "dari") || strlen(w) == 1)
			continue; /* the footer, below the body */
		cr_assert(y0 >= top && y1 <= bottom, "kind %d, %d fillers: \"%s\" at y %.1f..%.1f, outside the body", kind,
		          nfill, w, y0, y1);
	}
	free(s);
}

Test(render, split_blocks_draw_every_line_once)
{
	const char *pdf = rt_path("split.pdf");
	for (int kind = SK_PLAIN; kind <= SK_BIGPARA; kind++) {
		int spread = 0;
		for (int n = 24; n <= 38; n++) {
			struct rd_doc *doc = split_doc(n, (enum split_kind)kind);
			OK(rd_render_pdf(doc, pdf));
			rd_doc_free(&doc);
			check_split(pdf, n, (enum split_kind)kind);
			int np;
			char **tx = rt_all(pdf, &np);
			int first = rt_page_in(tx, "Baris 01 ");
			spread += first != rt_page_in(tx, "Baris 12 ");
			/* A paragraph splits leaving at least two of its lines on each page (no orphan, no widow). */
			if (kind == SK_PLAIN || kind == SK_SPACED || kind == SK_SMALL || kind == SK_BIGPARA) {
				int on_first = 0;
				for (int i = 1; i <= NUMBERED; i++) {
					char want[40];
					snprintf(want, sizeof want, "Baris %02d ", i);
					on_first += rt_page_in(tx, want) == first;
				}
				cr_assert(on_first == NUMBERED || (on_first >= 2 && NUMBERED - on_first >= 2),
				          "kind %d, %d fillers: %d lines on page %d, %d after", kind, n, on_first, first,
				          NUMBERED - on_first);
			}
			if (kind == SK_HEADING || kind == SK_GROUP || kind == SK_BIGGROUP)
				cr_assert_eq(rt_page_in(tx, "Tembusan:"), first, "kind %d, %d fillers: the heading left alone",
				             kind, n);
			rt_all_free(tx);
		}
		/* A heading with what follows and a group that fits move whole; the rest break at some offset. */
		if (kind != SK_GROUP && kind != SK_HEADING && kind != SK_BIGGROUP)
			cr_assert_gt(spread, 0, "kind %d: no filler count broke the lines across pages", kind);
	}
}
