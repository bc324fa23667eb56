/* test_documents: `lokmin print` of the Surat Undangan, Daftar Hadir and Notulen as print-ready HTML. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lk_util.h"
#include "lkt.h"
#include "lkt_cli.h"

#define PASS "rahasia kapus 2036"

static struct lkt_server s_srv;
static char s_a[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "a", s_a, sizeof s_a);
	cr_assert_eq(lkt_enroll(&s_srv, s_a, "puskesmas", "P3324010101"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(documents, .init = s_setup, .fini = s_teardown, .timeout = 180);

/* lokmin on device A with the signing passphrase in the environment. */
static int s_with_pass(char **out, char **err, const char *const *words)
{
	const char *argv[16] = {LOKMIN_BIN, "--home", s_a};
	int n = 3;
	for (int i = 0; words[i] && n < 15; i++)
		argv[n++] = words[i];
	argv[n] = NULL;
	const char *envp[] = {"LOKMIN_PASSPHRASE=" PASS, NULL};
	return lkt_run(out, err, argv, envp, 30000);
}

/* The first line of a command's output: the id it printed (malloc'd). */
static char *s_id(const char *const *words)
{
	char *out = NULL, *err = NULL;
	cr_assert_eq(lkt_lokmin(s_a, &out, &err, words), 0, "%s: %s", words[0], err);
	char *id = strndup(out, 36);
	free(out);
	free(err);
	return id;
}

/* A Kapus with a signing key; the person id (malloc'd). */
static char *s_kapus(void)
{
	const char *add[] = {"staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus", "--nip",
	                     "197805122005012003", NULL};
	char *kid = s_id(add), *err = NULL;
	(void)err;
	free(lkt_sign_confirmed(&s_srv, s_a, PASS, kid));
	return kid;
}

/* Plan year (once) and return the id of its meeting number `period` (malloc'd). */
static char *s_meeting(const char *year, int period)
{
	const char *plan[] = {"meeting", "plan", "--year", year, NULL};
	const char *list[] = {"--json", "meeting", "list", "--year", year, NULL};
	char *json = NULL, *err = NULL, key[32];
	int rc = lkt_lokmin(s_a, NULL, &err, plan);
	cr_assert(rc == 0 || strstr(err, "already on this device"), "%s", err);
	free(err);
	cr_assert_eq(lkt_lokmin(s_a, &json, NULL, list), 0);
	snprintf(key, sizeof key, "\"period\":%d,", period);
	const char *p = strstr(json, key);
	cr_assert_not_null(p, "%s", json);
	while (p > json && strncmp(p, "{\"id\":\"", 7) != 0)
		p--;
	char *id = strndup(p + 7, 36);
	free(json);
	return id;
}

/* `lokmin print KIND MEETING --out FILE` on device A; the page (malloc'd). */
static char *s_print(const char *kind, const char *meeting)
{
	char path[600], *out = NULL, *err = NULL, *page = NULL;
	snprintf(path, sizeof path, "%s/%s-%.8s.html", s_srv.dir, kind, meeting);
	const char *pr[] = {"print", kind, meeting, "--out", path, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, &err, pr), 0, "print %s: %s", kind, err);
	cr_assert(strstr(out, path), "the file written is named: %s", out);
	cr_assert_eq(lk_read_file(path, &page, NULL), 0);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	free(out);
	free(err);
	return page;
}

/* What every page must be: standalone HTML5 for A4 paper, in Bahasa Indonesia. */
static void s_assert_page(const char *page)
{
	cr_assert_eq(strncmp(page, "<!DOCTYPE html>", 15), 0, "%.200s", page);
	cr_assert(strstr(page, "<html lang=\"id\">") && strstr(page, "<meta charset=\"utf-8\">"), "%.400s", page);
	cr_assert(strstr(page, "@page { size: A4; margin: 2cm }") && strstr(page, "@media print"), "%.2000s", page);
	cr_assert(strstr(page, "serif"), "a serif font");
	cr_assert(strstr(page, "PUSKESMAS P3324010101"), "the letterhead");
	cr_assert_null(strstr(page, "<script"), "no JavaScript");
	cr_assert_null(strstr(page, "http://"), "no external resources");
	cr_assert_null(strstr(page, "https://"), "no external resources");
	cr_assert(strstr(page, "</html>\n"), "complete");
}

/* What a laid-out letter must be as HTML: standalone, A4, the office's names in the kop, never a bare code. */
static void s_assert_letter(const char *page)
{
	cr_assert_eq(strncmp(page, "<!DOCTYPE html>", 15), 0, "%.200s", page);
	cr_assert(strstr(page, "<meta charset=\"utf-8\">") && strstr(page, "@page { size: A4;"), "%.800s", page);
	cr_assert(strstr(page, "UPTD PUSKESMAS KALIWUNGU"), "the letterhead names the puskesmas: %.2000s", page);
	cr_assert_null(strstr(page, "P3324010101"), "no bare code");
	cr_assert_null(strstr(page, "<script"), "no JavaScript");
	cr_assert_null(strstr(page, "http://"), "no external resources");
	cr_assert_null(strstr(page, "https://"), "no external resources");
	cr_assert(strstr(page, "</html>"), "complete");
}

Test(documents, undangan_unsigned_signed_and_forged)
{
	char *out = NULL, *err = NULL;
	char *kid = s_kapus(), *m = s_meeting("2036", 3);
	const char *pr[] = {"print", "undangan", m, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, pr), 1);
	cr_assert(strstr(err, "lokmin: no invitation drafted yet"), "%s", err);
	free(err);

	const char *draft[] = {"invite", "draft", m, "--number", "005/PKM-KLW/III/2036", "--place", "Aula \"Sehat\" & Co",
	                       "--tembusan", "Camat Kaliwungu", NULL};
	char *inv = s_id(draft);
	char *page = s_print("undangan", m);
	s_assert_letter(page);
	/* The parts of a Surat Undangan, in order (labels in the test's language, English). */
	const char *parts[] = {"Number", "005/PKM-KLW/III/2036", "Nature", "Biasa", "Attachment", "Subject",
	                       "Undangan Lokakarya Mini Bulanan", "Senin, 3 Maret 2036", "Aula &quot;Sehat&quot; &amp; Co",
	                       "Mengingat pentingnya", "data-status=\"unsigned\"", "Kepala UPTD Puskesmas Kaliwungu",
	                       "dr. Ratna Dewi", "Copy to:", "Camat Kaliwungu", NULL};
	const char *at = page;
	for (size_t i = 0; parts[i]; i++) {
		const char *f = strstr(at, parts[i]);
		cr_assert(f, "\"%s\" missing or out of order: %s", parts[i], page);
		at = f + strlen(parts[i]);
	}
	cr_assert_null(strstr(page, "data-seal"), "nothing to scan before signing");
	free(page);

	const char *sign[] = {"invite", "sign", inv, "--as", kid, NULL};
	cr_assert_eq(s_with_pass(NULL, &err, sign), 0, "%s", err);
	free(err);
	page = s_print("undangan", m);
	s_assert_letter(page);
	cr_assert(strstr(page, "data-status=\"verified\"") && strstr(page, "data-seal=\"LKM1|invitation|"), "%s", page);
	cr_assert(strstr(page, "Signed electronically on ") && strstr(page, "NIP. 197805122005012003") &&
	              strstr(page, "<svg class=\"qr\""),
	          "%s", page);
	free(page);

	/* "-" writes the HTML to stdout; a .pdf name (and the default) a PDF. */
	const char *dash[] = {"print", "undangan", m, "-o", "-", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, dash), 0);
	cr_assert(strncmp(out, "<!DOCTYPE html>", 15) == 0 && strstr(out, "data-status=\"verified\""), "%.300s", out);
	free(out);
	char pdf[600], *bytes = NULL;
	snprintf(pdf, sizeof pdf, "%s/undangan.pdf", s_srv.dir);
	const char *topdf[] = {"print", "undangan", m, "-o", pdf, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, topdf), 0);
	cr_assert(strstr(out, pdf) && strstr(out, "PDF"), "%s", out);
	free(out);
	cr_assert_eq(lk_read_file(pdf, &bytes, NULL), 0);
	cr_assert_eq(strncmp(bytes, "%PDF-", 5), 0);
	free(bytes);

	/* A newer letter claiming the Kapus's signature with bytes of no key: not valid. */
	const char *draft2[] = {"invite", "draft", m, "--number", "007", NULL};
	char *inv2 = s_id(draft2), sigkv[200], whokv[80];
	snprintf(sigkv, sizeof sigkv, "signature=%0128d", 7);
	snprintf(whokv, sizeof whokv, "signer_person_id=%s", kid);
	const char *forge[] = {"record", "put", "invitation", "--id", inv2, sigkv, whokv, "signed_at=2036-03-01T08:00:00Z",
	                       NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, forge), 0);
	page = s_print("undangan", m);
	cr_assert(strstr(page, ">007<") && strstr(page, "data-status=\"invalid\"") &&
	              strstr(page, "THE ELECTRONIC SIGNATURE DOES NOT VERIFY"),
	          "the newest letter is printed, and its signature does not verify: %s", page);
	cr_assert_null(strstr(page, "data-seal"));
	free(page);
	free(kid);
	free(m);
	free(inv);
	free(inv2);
}

Test(documents, hadir_invited_present_walkin_and_escaped)
{
	char *kid = s_kapus();
	const char *siti[] = {"staff", "add", "Siti <b>& 'Aminah'", "--title", "Bidan Koordinator", "--role", "pj_program",
	                      "--programmes", "KIA", "--nip", "198501012010012001", NULL};
	const char *budi[] = {"staff", "add", "Budi Santoso", "--title", "Sanitarian", "--role", "pj_program",
	                      "--programmes", "KESLING", NULL};
	char *sid = s_id(siti), *bid = s_id(budi), *m = s_meeting("2036", 3), *m4 = s_meeting("2036", 4);
	const char *inv[] = {"attend", "invite", m, NULL};
	const char *c1[] = {"attend", "checkin", m, kid, NULL};
	const char *c2[] = {"attend", "checkin", m, sid, NULL};
	const char *walk[] = {"attend", "checkin", m, "--name", "Kepala Desa Krajankulon", "--role", "Kades", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, inv), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, c1), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, c2), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, walk), 0);

	char *page = s_print("hadir", m);
	s_assert_letter(page);
	const char *parts[] = {"ATTENDANCE LIST", "Lokakarya Mini Bulanan Maret 2036", "Monday, 3 March 2036", "No", "Name",
	                       "NIP", "Position", "Agency/Unit", "Arrival time", "Signature", NULL};
	const char *at = page;
	for (size_t i = 0; parts[i]; i++) {
		const char *f = strstr(at, parts[i]);
		cr_assert(f, "\"%s\" missing or out of order: %s", parts[i], page);
		at = f + strlen(parts[i]);
	}
	cr_assert(strstr(page, "dr. Ratna Dewi") && strstr(page, "Budi Santoso") && strstr(page, "Kepala Desa Krajankulon"),
	          "%s", page);
	cr_assert(strstr(page, "198501012010012001") && strstr(page, "Bidan Koordinator") && strstr(page, "Kades"),
	          "NIP and jabatan: %s", page);
	cr_assert(strstr(page, "Siti &lt;b&gt;&amp; &#39;Aminah&#39;") || strstr(page, "Siti &lt;b&gt;&amp; &apos;Aminah&apos;"),
	          "the name is escaped: %s", page);
	cr_assert_null(strstr(page, "<b>&"), "never raw");
	free(page);

	/* Before anyone is invited the list is still a page, with rows to fill in by hand. */
	page = s_print("hadir", m4);
	s_assert_letter(page);
	cr_assert(strstr(page, "ATTENDANCE LIST") && strstr(page, "15.<"), "%s", page);
	free(page);
	free(kid);
	free(sid);
	free(bid);
	free(m);
	free(m4);
}

Test(documents, notulen_revisions_review_and_errors)
{
	char *out = NULL, *err = NULL;
	char *kid = s_kapus(), *m = s_meeting("2037", 5);

	/* Usage and errors. */
	const char *help[] = {"print", "--help", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, help), 0);
	cr_assert(strstr(out, "usage: lokmin print undangan|hadir|notulen MEETING [-o FILE]"), "%s", out);
	free(out);
	const char *none[] = {"print", NULL};
	const char *bogus[] = {"print", "rapat", m, NULL};
	const char *extra[] = {"print", "notulen", m, "lagi", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, none), 2);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, bogus), 2);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, extra), 2);
	const char *unknown[] = {"print", "hadir", "01890000-0000-7000-8000-000000000000", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, &err, unknown), 1);
	cr_assert(strstr(err, "lokmin: no meeting 01890000-0000-7000-8000-000000000000 on this device"), "%s", err);
	cr_assert_str_eq(out, "", "nothing printed on failure");
	free(out);
	free(err);
	const char *early[] = {"print", "notulen", m, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, early), 1);
	cr_assert(strstr(err, "lokmin: no minutes compiled yet"), "%s", err);
	free(err);

	/* Revision 1, signed. */
	const char *inv[] = {"attend", "invite", m, NULL};
	const char *ci[] = {"attend", "checkin", m, kid, NULL};
	const char *dec[] = {"meeting", "item", m, "--kind", "decision", "--text", "Kelas ibu hamil <tiap> Kamis", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, inv), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, ci), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, dec), 0);
	const char *compile[] = {"minutes", "compile", m, NULL};
	char *m1 = s_id(compile);
	const char *sign1[] = {"minutes", "sign", m1, "--as", kid, NULL};
	cr_assert_eq(s_with_pass(NULL, &err, sign1), 0, "%s", err);
	free(err);
	char *page = s_print("notulen", m);
	s_assert_page(page);
	cr_assert(strstr(page, "NOTULEN LOKAKARYA MINI BULANAN") && strstr(page, "Revisi ke-1") &&
	              strstr(page, "Chaired by      : dr. Ratna Dewi") &&
	              strstr(page, "D. Decisions\n   1. Kelas ibu hamil &lt;tiap&gt; Kamis"),
	          "%s", page);
	cr_assert(strstr(page, "data-status=\"verified\"") && strstr(page, "Belum dikirim ke Dinas Kesehatan."), "%s", page);
	cr_assert(strstr(page, "<h2>Riwayat Perubahan</h2>") && strstr(page, "Naskah awal"), "%s", page);
	cr_assert_null(strstr(page, "Tanggapan Dinas Kesehatan"), "no review yet");
	free(page);

	/* Revision 2: a draft until the Kapus signs it. */
	const char *revise[] = {"minutes", "compile", m, "--reason", "Menambah keputusan jadwal posyandu", "--effective",
	                        "2037-05-10", NULL};
	char *m2 = s_id(revise);
	page = s_print("notulen", m);
	cr_assert(strstr(page, "Revisi ke-2, berlaku mulai Minggu, 10 Mei 2037") && strstr(page, "data-status=\"unsigned\""),
	          "the newest revision is printed: %s", page);
	free(page);
	const char *sign2[] = {"minutes", "sign", m2, "--as", kid, NULL};
	const char *submit[] = {"minutes", "submit", m2, NULL};
	cr_assert_eq(s_with_pass(NULL, NULL, sign2), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, submit), 0);
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, sync), 0);
	cr_assert(strstr(out, "0 rejected"), "%s", out);
	free(out);

	/* The district reviews the submitted minutes on its own device. */
	char dk[400], mkv[80], mtkv[80];
	lkt_home(&s_srv, "dinkes", dk, sizeof dk);
	cr_assert_eq(lkt_enroll(&s_srv, dk, "dinkes", "3324"), 0);
	cr_assert_eq(lkt_lokmin(dk, &out, &err, sync), 0, "%s%s", out, err);
	free(out);
	free(err);
	snprintf(mkv, sizeof mkv, "minutes_id=%s", m2);
	snprintf(mtkv, sizeof mtkv, "meeting_id=%s", m);
	const char *review[] = {"record", "put", "minutes_review", "kecamatan=332401", "puskesmas=P3324010101", mkv, mtkv,
	                        "status=needs_revision", "feedback=Lampirkan foto <kegiatan> & daftar hadir",
	                        "reviewer=Seksi Yankes", "reviewed_at=2037-05-20T03:00:00Z", NULL};
	cr_assert_eq(lkt_lokmin(dk, NULL, &err, review), 0, "%s", err);
	free(err);
	cr_assert_eq(lkt_lokmin(dk, &out, NULL, sync), 0);
	cr_assert(strstr(out, "0 rejected"), "%s", out);
	free(out);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);

	page = s_print("notulen", m);
	s_assert_page(page);
	cr_assert(strstr(page, "Revisi ke-2") && strstr(page, "data-status=\"verified\"") &&
	              strstr(page, "Dikirim ke Dinas Kesehatan pada "),
	          "%s", page);
	const char *h1 = strstr(page, "<tr><td class=\"no\">1</td>"), *h2 = strstr(page, "<tr><td class=\"no\">2</td>");
	cr_assert(h1 && h2 && h1 < h2, "every revision, oldest first: %s", page);
	cr_assert(strstr(h2, "Menambah keputusan jadwal posyandu") && strstr(h2, "ditandatangani"), "%s", h2);
	cr_assert(strstr(page, "<h2>Tanggapan Dinas Kesehatan</h2>") && strstr(page, "Perlu perbaikan") &&
	              strstr(page, "Seksi Yankes") && strstr(page, "20 Mei 2037") &&
	              strstr(page, "Lampirkan foto &lt;kegiatan&gt; &amp; daftar hadir"),
	          "%s", page);
	free(page);
	free(kid);
	free(m);
	free(m1);
	free(m2);
}

/* Documents and keys by the names people use: a meeting's period, a part of a name, a NIP, a key's short handle. */
Test(documents, by_period_name_and_nip)
{
	char path[600], *page = NULL, line[200];
	char *kid = s_kapus(), *m = s_meeting("2038", 2);
	const char *nip = "197805122005012003";

	/* print takes the period; an unplanned period is a usage error naming it. */
	lkt_cli_fail(s_a, NULL, 1, "lokmin: no invitation drafted yet", LKT_WORDS("print", "undangan", "2038-02"));
	lkt_cli_fail(s_a, NULL, 2, "2099-01", LKT_WORDS("print", "hadir", "2099-01"));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("invite", "draft", "2038-02", "--number", "009/PKM/II/2038")));
	char *out = lkt_cli_ok(s_a, PASS, LKT_WORDS("invite", "sign", "2038-02", "--as", nip));
	lkt_has(out, "; sealed");
	free(out);
	snprintf(path, sizeof path, "%s/undangan-2038-02.html", s_a);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("print", "undangan", "2038-02", "--out", path));
	lkt_has(out, path);
	free(out);
	cr_assert_eq(lk_read_file(path, &page, NULL), 0);
	cr_assert(strstr(page, "009/PKM/II/2038") && strstr(page, "data-status=\"verified\""), "%s", page);
	free(page);

	/* The minutes by period: refused while unsigned, submitted once signed by a part of the name. */
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("minutes", "compile", "2038-02")));
	lkt_cli_fail(s_a, NULL, 1, "sign them first", LKT_WORDS("minutes", "submit", "2038-02"));
	free(lkt_cli_ok(s_a, PASS, LKT_WORDS("minutes", "sign", "2038-02", "--as", "ratna")));
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("minutes", "submit", "2038-02"));
	lkt_has(out, "minutes 2038-02 submitted to the district at ");
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("minutes", "show", "2038-02#r1"));
	lkt_has(out, "[signed by ");
	free(out);

	/* Keys by a part of the name; the list starts each row with the key's handle, JSON ends with it. */
	out = lkt_cli_ok(s_a, PASS, LKT_WORDS("sign", "check", "Ratna"));
	lkt_has(out, "the passphrase opens key ");
	char key[40];
	lk_strlcpy(key, out + strlen("the passphrase opens key "), 37);
	free(out);
	snprintf(path, sizeof path, "%s/kunci.lkkey", s_a);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("sign", "export", "dewi", path));
	lkt_has(out, key);
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("sign", "list"));
	cr_assert(strncmp(out, "HANDLE  ", 8) == 0, "%s", out);
	snprintf(line, sizeof line, "\n%s  %s  dr. Ratna Dewi", key + 28, key);
	lkt_has(out, line);
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "sign", "list"));
	snprintf(line, sizeof line, "{\"entity\":\"signer_key\",\"id\":\"%s\",", key);
	lkt_has(out, line);
	snprintf(line, sizeof line, ",\"handle\":\"%s\"}\n", key + 28);
	lkt_has(out, line);
	free(out);
	lkt_cli_fail(s_a, PASS, 2, "nobody", LKT_WORDS("sign", "keygen", "nobody"));
	lkt_cli_fail(s_a, PASS, 1, "already has a signing key on this device", LKT_WORDS("sign", "keygen", nip));
	free(kid);
	free(m);
}
