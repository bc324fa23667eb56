/* test_doc_text: the canonical text of a signed document: written, parsed back, and refused when not canonical. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "doc_text.h"
#include "lk_error.h"

Test(doc_text, round_trip_with_lists_rows_and_escapes)
{
	struct dom_doc_text t, u;
	dom_doc_text_init(&t, "undangan");
	cr_assert_eq(dom_doc_text_add(&t, "nomor", "440/12/XII/2026"), 0);
	cr_assert_eq(dom_doc_text_add(&t, "yth", "Kepala Desa Kutoharjo"), 0);
	cr_assert_eq(dom_doc_text_add(&t, "yth", "Bidan Desa"), 0);
	cr_assert_eq(dom_doc_text_add(&t, "body", "line one\nline two with \\ backslash"), 0);
	const char *row[] = {"Sweeping\tBIAS", "agar naik", NULL, "Kader"};
	cr_assert_eq(dom_doc_text_add_row(&t, "rtl", row, 4), 0);
	cr_assert_eq(dom_doc_text_add(&t, "Bad-Key", "x"), -LK_EINVAL);
	char *text = dom_doc_text_write(&t);
	cr_assert_not_null(text);
	cr_assert_str_eq(text, "LKDOC 1 undangan\nnomor: 440/12/XII/2026\nyth: Kepala Desa Kutoharjo\nyth: Bidan Desa\n"
	                       "body: line one\\nline two with \\\\ backslash\n"
	                       "rtl: Sweeping\\\\tBIAS\tagar naik\t\tKader\n");
	cr_assert_eq(dom_doc_text_parse(text, &u), 0);
	cr_assert_str_eq(u.kind, "undangan");
	cr_assert_eq(dom_doc_text_count(&u, "yth"), 2);
	cr_assert_str_eq(dom_doc_text_nth(&u, "yth", 1), "Bidan Desa");
	cr_assert_str_eq(dom_doc_text_get(&u, "body"), "line one\nline two with \\ backslash");
	cr_assert_str_eq(dom_doc_text_or(&u, "sifat", "Biasa"), "Biasa");
	char buf[200];
	const char *cells[DOM_DOC_ROW_MAX];
	cr_assert_eq(dom_doc_text_row(dom_doc_text_get(&u, "rtl"), buf, sizeof buf, cells, DOM_DOC_ROW_MAX), 4);
	cr_assert_str_eq(cells[0], "Sweeping\tBIAS");
	cr_assert_str_eq(cells[2], "");
	cr_assert_str_eq(cells[3], "Kader");
	char *again = dom_doc_text_write(&u);
	cr_assert_str_eq(again, text, "parse then write gives the same bytes");
	free(again);
	free(text);
	dom_doc_text_free(&t);
	dom_doc_text_free(&u);
	dom_doc_text_free(&u);
}

Test(doc_text, refuses_what_is_not_canonical)
{
	static const char *bad[] = {
	    "Surat Undangan\nNomor: 1\n",           /* an older free-text document */
	    "LKDOC 1 undangan\nnomor 1\n",          /* no colon */
	    "LKDOC 1 undangan\nnomor: 1",           /* no final newline */
	    "LKDOC 1 undangan\nNomor: 1\n",         /* key case */
	    "LKDOC 1 undangan\nnomor: a\\qb\n",     /* unknown escape */
	    "LKDOC 1 \n",                           /* no kind */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct dom_doc_text t;
		cr_assert_eq(dom_doc_text_parse(bad[i], &t), -LK_EINVAL, "case %zu", i);
		dom_doc_text_free(&t);
	}
}
