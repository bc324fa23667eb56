/*
 * test_web_settle: the ui's pages that settle what syncing leaves open: a real
 * conflict made by two devices of one puskesmas and settled on /konflik, a
 * change the server refused and dropped on /ditolak, and the person's own
 * account on /akun (password, language, other sessions ended).
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"
#include "lkt_cli.h"
#include "lkt_web.h"

#define PKM "P3324010101"
#define PASS_RATNA "kata sandi ratna 2036"
#define PASS_SRI "sri wahyuni kia 2036"
#define NOTES_A "Catatan dari TU"
#define NOTES_B "Catatan dari notulis"

static struct lkt_server s_srv;
static char s_a[400], s_b[400];
static struct lkt_ui s_ui;
static char *s_meeting;

/* Two devices of one puskesmas change the same meeting's notes offline and both sync (an open
 * conflict on A); A also sends a meeting of another puskesmas, which the server refuses. */
static void s_setup(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "a", s_a, sizeof s_a);
	lkt_home(&s_srv, "b", s_b, sizeof s_b);
	cr_assert_eq(lkt_enroll(&s_srv, s_a, "puskesmas", PKM), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_b, "puskesmas", PKM), 0);
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "dr. Ratna Dewi", "--role", "kapus")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "Sri Wahyuni", "--role", "pj_program", "--programmes", "KIA")));
	s_meeting = lkt_first_id(lkt_cli_ok(s_a, NULL, LKT_WORDS("record", "put", "meeting", "kind=monthly", "year=2036",
	                                                          "period=3", "planned_date=2036-03-05", "status=planned")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("sync")));
	free(lkt_cli_ok(s_b, NULL, LKT_WORDS("sync")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("--as", "Ratna", "record", "put", "meeting", "--id", s_meeting, "notes=" NOTES_A)));
	free(lkt_cli_ok(s_b, NULL, LKT_WORDS("--as", "Ratna", "record", "put", "meeting", "--id", s_meeting, "notes=" NOTES_B)));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("record", "put", "meeting", "kind=monthly", "year=2036", "period=7",
	                                     "status=planned", "puskesmas=P3324010102")));
	char *out = lkt_cli_ok(s_a, NULL, LKT_WORDS("sync"));
	lkt_has(out, "1 rejected");
	free(out);
	free(lkt_cli_ok(s_b, NULL, LKT_WORDS("sync")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("sync")));
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("conflicts"));
	lkt_has(out, ".notes  narrative, open");
	free(out);
	lkt_ui_add_user(s_a, "ratna", "Ratna", PASS_RATNA, "id");
	lkt_ui_add_user(s_a, "sri", "Wahyuni", PASS_SRI, "en");
	lkt_ui_start(&s_ui, s_a, s_srv.dir, NULL);
}

static void s_teardown(void)
{
	lkt_ui_stop(&s_ui);
	lkt_server_fini(&s_srv);
	free(s_meeting);
	curl_global_cleanup();
}

TestSuite(web_settle, .init = s_setup, .fini = s_teardown, .timeout = 300);

/* The value of the first hidden field name on page (malloc'd). */
static char *s_hidden(const char *page, const char *name)
{
	char key[80];
	snprintf(key, sizeof key, "name=\"%s\" value=\"", name);
	const char *p = strstr(page, key);
	cr_assert_not_null(p, "no %s field in:\n%s", name, page);
	p += strlen(key);
	return strndup(p, strcspn(p, "\""));
}

/* GET path as cookie; asserts 200 and the headers; the answer in h. */
static void s_get(struct lkt_http *h, const char *path, const char *cookie)
{
	lkt_http(&s_ui, h, "GET", path, cookie, NULL);
	cr_assert_eq(h->status, 200, "%s: %ld\n%s", path, h->status, h->body);
	lkt_http_secure(h);
	lkt_http_no_outside(h->body);
}

Test(web_settle, a_conflict_is_shown_in_words_and_settled_on_its_page)
{
	struct lkt_http h;
	char cookie[200], csrf[65], sri[200], sri_csrf[65];
	lkt_ui_session(&s_ui, "ratna", PASS_RATNA, cookie, sizeof cookie, csrf);

	/* The bar's count leads to the page. */
	s_get(&h, "/", cookie);
	lkt_has(h.body, "<a href=\"/konflik\">");
	lkt_http_free(&h);

	/* The meeting by its date, the field in words, both versions, forms for each; no id in the text. */
	s_get(&h, "/konflik", cookie);
	lkt_has(h.body, "<html lang=\"id\">");
	lkt_has(h.body, "5 Maret 2036");
	lkt_has(h.body, "Catatan");
	lkt_has(h.body, NOTES_A);
	lkt_has(h.body, NOTES_B);
	lkt_has(h.body, "name=\"keep\" value=\"server\"");
	lkt_has(h.body, "name=\"keep\" value=\"other\"");
	lkt_has(h.body, "Dibuat di perangkat lain");
	lkt_has(h.body, "Perubahan terakhir pada data ini oleh dr. Ratna Dewi");
	lkt_page_labelled(h.body);
	char *cid = s_hidden(h.body, "id");
	cr_assert_eq(strlen(cid), 36, "%s", cid);
	lkt_lacks(strstr(h.body, "<main>"), s_meeting);
	lkt_http_free(&h);

	/* A programme holder sees it and cannot settle it. */
	lkt_ui_session(&s_ui, "sri", PASS_SRI, sri, sizeof sri, sri_csrf);
	s_get(&h, "/konflik", sri);
	lkt_has(h.body, NOTES_B);
	lkt_lacks(h.body, "name=\"keep\"");
	lkt_http_free(&h);
	char body[300];
	snprintf(body, sizeof body, "id=%s&keep=other", cid);
	lkt_ui_post(&s_ui, &h, "/konflik", sri, sri_csrf, body);
	cr_assert_eq(h.status, 403, "%ld", h.status);
	lkt_http_free(&h);

	/* Without the form's token nothing happens. */
	lkt_http(&s_ui, &h, "POST", "/konflik", cookie, body);
	cr_assert_eq(h.status, 403, "%ld", h.status);
	lkt_http_free(&h);
	char *out = lkt_cli_ok(s_a, NULL, LKT_WORDS("conflicts"));
	lkt_has(out, "open: choose a version");
	free(out);

	/* The Kapus takes the other version. */
	lkt_ui_post(&s_ui, &h, "/konflik", cookie, csrf, body);
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
	s_get(&h, "/konflik", cookie);
	lkt_has(h.body, "class=\"note\"");
	lkt_has(h.body, "Tidak ada konflik terbuka");
	lkt_lacks(h.body, "name=\"keep\"");
	lkt_http_free(&h);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("conflicts"));
	lkt_has(out, "no open conflicts");
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("record", "get", "meeting", s_meeting));
	lkt_has(out, "\"notes\":\"" NOTES_B "\"");
	free(out);
	free(cid);
}

Test(web_settle, a_refused_change_is_explained_and_dropped)
{
	struct lkt_http h;
	char cookie[200], csrf[65];
	lkt_ui_session(&s_ui, "sri", PASS_SRI, cookie, sizeof cookie, csrf);
	s_get(&h, "/", cookie);
	lkt_has(h.body, "<a href=\"/ditolak\">Refused changes: 1</a>");
	lkt_http_free(&h);
	/* A programme holder sees the reason but has no form. */
	s_get(&h, "/ditolak", cookie);
	lkt_has(h.body, "Meeting of July 2036");
	lkt_has(h.body, "outside this device");
	lkt_lacks(h.body, "name=\"op\"");
	lkt_http_free(&h);

	lkt_ui_session(&s_ui, "ratna", PASS_RATNA, cookie, sizeof cookie, csrf);
	s_get(&h, "/ditolak", cookie);
	lkt_has(h.body, "<html lang=\"id\">");
	lkt_has(h.body, "Juli 2036");
	lkt_has(h.body, "Buang perubahan ini");
	lkt_has(h.body, "catatan berada di luar cakupan perangkat");
	lkt_has(h.body, "Data baru");
	lkt_page_labelled(h.body);
	char *op = s_hidden(h.body, "op");
	lkt_http_free(&h);
	char *failed = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "failed"));
	lkt_has(failed, op);
	free(failed);

	char body[200];
	snprintf(body, sizeof body, "op=%s", op);
	lkt_ui_post(&s_ui, &h, "/ditolak", cookie, csrf, body);
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
	s_get(&h, "/ditolak", cookie);
	lkt_has(h.body, "class=\"note\"");
	lkt_lacks(h.body, "name=\"op\"");
	lkt_lacks(h.body, "<a href=\"/ditolak\">");
	lkt_http_free(&h);
	failed = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "failed"));
	lkt_lacks(failed, op);
	free(failed);
	char *st = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "status"));
	lkt_has(st, "\"failed_ops\":0");
	free(st);
	free(op);
}

Test(web_settle, a_new_password_ends_the_other_sessions_and_the_language_is_kept)
{
	struct lkt_http h;
	char one[200], csrf[65], two[200], csrf2[65];
	const char *np = "sandi baru sri 2037";
	lkt_ui_session(&s_ui, "sri", PASS_SRI, one, sizeof one, csrf);
	lkt_ui_session(&s_ui, "sri", PASS_SRI, two, sizeof two, csrf2);
	s_get(&h, "/akun", one);
	lkt_has(h.body, "<label for=\"old\">");
	lkt_has(h.body, "<label for=\"new\">");
	lkt_has(h.body, "<label for=\"again\">");
	lkt_has(h.body, "<label for=\"lang\">");
	lkt_page_labelled(h.body);
	lkt_http_free(&h);

	/* The wrong old password changes nothing. */
	char body[400], *e_old = lkt_urlenc("not my password"), *e_new = lkt_urlenc(np), *e_right = lkt_urlenc(PASS_SRI);
	snprintf(body, sizeof body, "what=password&old=%s&new=%s&again=%s", e_old, e_new, e_new);
	lkt_ui_post(&s_ui, &h, "/akun", one, csrf, body);
	cr_assert_eq(h.status, 400, "%ld", h.status);
	lkt_has(h.body, "old password is not right");
	lkt_http_free(&h);
	/* Two new ones that differ change nothing either. */
	snprintf(body, sizeof body, "what=password&old=%s&new=%s&again=%sx", e_right, e_new, e_new);
	lkt_ui_post(&s_ui, &h, "/akun", one, csrf, body);
	cr_assert_eq(h.status, 400, "%ld", h.status);
	lkt_http_free(&h);
	s_get(&h, "/", two);
	lkt_http_free(&h);

	snprintf(body, sizeof body, "what=password&old=%s&new=%s&again=%s", e_right, e_new, e_new);
	lkt_ui_post(&s_ui, &h, "/akun", one, csrf, body);
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
	free(e_old);
	free(e_new);
	free(e_right);
	/* This session stays; the other one is over. */
	s_get(&h, "/akun", one);
	lkt_has(h.body, "Password changed");
	lkt_http_free(&h);
	lkt_http(&s_ui, &h, "GET", "/", two, NULL);
	cr_assert_eq(h.status, 303, "%ld", h.status);
	lkt_http_free(&h);
	/* The new password logs in, the old one does not. */
	char c[200];
	lkt_ui_login(&s_ui, "sri", PASS_SRI, &h, c, sizeof c);
	cr_assert_eq(h.status, 401, "%ld", h.status);
	lkt_http_free(&h);
	lkt_ui_login(&s_ui, "sri", np, &h, c, sizeof c);
	cr_assert_eq(h.status, 303, "%ld", h.status);
	lkt_http_free(&h);

	/* The language: Indonesian from the next page on, and for the next login too. */
	lkt_ui_post(&s_ui, &h, "/akun", one, csrf, "what=lang&lang=id");
	cr_assert_eq(h.status, 303, "%ld", h.status);
	lkt_http_free(&h);
	s_get(&h, "/", one);
	lkt_has(h.body, "<html lang=\"id\">");
	lkt_has(h.body, "Bahasa disimpan");
	lkt_http_free(&h);
	lkt_ui_session(&s_ui, "sri", np, c, sizeof c, csrf2);
	s_get(&h, "/akun", c);
	lkt_has(h.body, "<html lang=\"id\">");
	lkt_has(h.body, "<option value=\"id\" selected>");
	lkt_http_free(&h);
}
