/* test_web_http: the web app's HTML escaping, form parsing, cookie reading and token comparison. */
#include <criterion/criterion.h>
#include <string.h>

#include "web_http.h"

Test(web_http, escapes_every_markup_character)
{
	struct web_buf b = {0};
	web_buf_esc(&b, "<a href=\"x\" title='y'>Tom & Jerry</a>");
	cr_assert_str_eq(b.p, "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
	web_buf_free(&b);
	web_buf_escf(&b, "%s: %d", "<b>", 3);
	cr_assert_str_eq(b.p, "&lt;b&gt;: 3");
	web_buf_free(&b);
}

Test(web_http, parses_url_encoded_forms)
{
	struct web_form f;
	const char body[] = "login=sri&password=a+b%26c%3D&empty=&flag";
	cr_assert_eq(web_form_parse(&f, body, strlen(body)), 0);
	cr_assert_str_eq(web_form_get(&f, "login"), "sri");
	cr_assert_str_eq(web_form_get(&f, "password"), "a b&c=");
	cr_assert_str_eq(web_form_get(&f, "empty"), "");
	cr_assert_str_eq(web_form_get(&f, "flag"), "");
	cr_assert_null(web_form_get(&f, "other"));
	web_form_free(&f);
	/* A NUL or bytes that are not UTF-8 refuse the whole form. */
	cr_assert_neq(web_form_parse(&f, "a=%00", 5), 0);
	web_form_free(&f);
	cr_assert_neq(web_form_parse(&f, "a=%ff%fe", 8), 0);
	web_form_free(&f);
}

Test(web_http, reads_cookies_and_compares_tokens)
{
	char v[16];
	cr_assert_eq(web_cookie_get("a=1; lk_session=abc; b=2", "lk_session", v, sizeof v), 0);
	cr_assert_str_eq(v, "abc");
	cr_assert_neq(web_cookie_get("xlk_session=abc", "lk_session", v, sizeof v), 0);
	cr_assert_neq(web_cookie_get("lk_session=0123456789abcdefXYZ", "lk_session", v, sizeof v), 0);
	cr_assert(web_str_eq("abc", "abc"));
	cr_assert(!web_str_eq("abc", "abd"));
	cr_assert(!web_str_eq("abc", "abcd"));
}
