/* cmd_print: `lokmin print`: the Surat Undangan, Daftar Hadir or Notulen of a meeting as PDF or print-ready HTML. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "client.h"
#include "doc_rows.h"
#include "letter.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "names.h"
#include "store.h"

/* 1 when path ends with ext (".pdf"), any case. */
static int s_ends(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);
	if (n < e)
		return 0;
	for (size_t i = 0; i < e; i++)
		if ((path[n - e + i] | 0x20) != ext[i])
			return 0;
	return 1;
}

/* The default file name: "undangan-2026-12.pdf", "hadir-2026-Q4.pdf". */
static void s_default_name(const ProtobufCMessage *mt, const char *kind, char *out, size_t n)
{
	char *mk = lk_record_get(mt, "kind"), *year = lk_record_get(mt, "year"), *period = lk_record_get(mt, "period");
	if (mk && !strcmp(mk, "quarterly"))
		snprintf(out, n, "%s-%s-Q%s.pdf", kind, year ? year : "", period ? period : "");
	else
		snprintf(out, n, "%s-%s-%02d.pdf", kind, year ? year : "", period ? atoi(period) : 0);
	free(mk);
	free(year);
	free(period);
}

/* Lay the document out: 0, or 1 with the reason printed. */
static int s_layout(struct dom *d, const char *kind, const ProtobufCMessage *mt, struct rd_doc *doc)
{
	struct dom_err err = {0};
	int rc;
	if (!strcmp(kind, "undangan")) {
		struct dom_rows r = {.field = "meeting_id", .value = lk_record_id(mt)};
		if ((rc = dom_rows_load(d, "invitation", &r, &err)) < 0) {
			fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
			return 1;
		}
		const ProtobufCMessage *inv = dom_rows_newest(&r, "issued_date", 0);
		if (inv == NULL) {
			fprintf(stderr, _("lokmin: no invitation drafted yet for meeting %s (`lokmin invite draft %s`)\n"),
			        r.value, r.value);
			dom_rows_free(&r);
			return 1;
		}
		rc = rl_undangan(d, inv, doc, &err);
		dom_rows_free(&r);
	} else if (!strcmp(kind, "notulen"))
		rc = print_notulen_layout(d, mt, doc, &err);
	else
		rc = rl_hadir(d, mt, doc, &err);
	if (rc != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	return 0;
}

/* Write doc to out: PDF, or HTML when out ends in .html/.htm ("-": HTML to stdout). Exit status. */
static int s_write(struct rd_doc *doc, const char *out)
{
	int rc;
	if (!strcmp(out, "-"))
		return rd_render_html(doc, stdout) == 0 && fflush(stdout) == 0 ? 0 : 1;
	if (s_ends(out, ".html") || s_ends(out, ".htm")) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		rc = f ? rd_render_html(doc, f) : -LK_ENOMEM;
		if (f && fclose(f) != 0 && rc == 0)
			rc = -LK_EIO;
		if (rc == 0 && lk_write_file(out, buf, len, 0600) != 0)
			rc = -LK_EIO;
		free(buf);
		if (rc != 0) {
			fprintf(stderr, _("lokmin: cannot write %s\n"), out);
			return 1;
		}
		printf(_("%s written (HTML)\n"), out);
		return 0;
	}
	if ((rc = rd_render_pdf(doc, out)) != 0) {
		fprintf(stderr, _("lokmin: cannot write %s: %s\n"), out, rd_doc_error(doc)[0] ? rd_doc_error(doc) : lk_strerror(rc));
		return 1;
	}
	chmod(out, 0600);
	int pages = rd_doc_pages(doc);
	printf(P_("%s written (PDF, %d page)\n", "%s written (PDF, %d pages)\n", (unsigned long)pages), out, pages);
	return 0;
}

int print_document(const struct dom *d, const char *kind, const char *meeting, const char *out)
{
	/* The Notulen as PDF from its signed text; as HTML the page that adds its review and submission. */
	if (!strcmp(kind, "notulen") && out && !s_ends(out, ".pdf"))
		return print_notulen_html(d, meeting, out);
	if (strcmp(kind, "undangan") && strcmp(kind, "hadir") && strcmp(kind, "notulen"))
		return 2;
	struct dom dd = *d;
	ProtobufCMessage *mt = NULL;
	char name[120];
	if (lk_store_get(d->st, lk_entity_find("meeting"), meeting, &mt) != 0) {
		fprintf(stderr, _("lokmin: no meeting %s on this device (run `lokmin sync`?)\n"), meeting);
		return 1;
	}
	if (out == NULL) {
		s_default_name(mt, kind, name, sizeof name);
		out = name;
	}
	struct rd_doc *doc = rd_doc_new();
	int rc = doc ? s_layout(&dd, kind, mt, doc) : 1;
	if (rc == 0)
		rc = s_write(doc, out);
	rd_doc_free(&doc);
	lk_record_free(mt);
	return rc;
}

int cmd_print(struct session *s, int argc, char **argv)
{
	const char *kind = NULL, *meeting = NULL, *out = NULL;
	if (cmd_is_help(argc, argv)) {
		cmd_help("print");
		printf("\n%s", _("  undangan MEETING      the newest Surat Undangan of the meeting\n"
		                 "  hadir MEETING         the Daftar Hadir, with room to sign and spare rows for walk-ins\n"
		                 "  notulen MEETING       the newest revision of the Notulen, its change history and\n"
		                 "                        the district's review (HTML)\n"
		                 "  -o, --out FILE        write to FILE (mode 0600): .pdf for PDF, .html for HTML;\n"
		                 "                        \"-\" writes HTML to the standard output\n\n"
		                 "MEETING is the period as `meeting list` shows it (2026-12, 2026-Q1) or an id.\n"
		                 "Without --out the Surat Undangan and the Daftar Hadir are written as A4 PDF files\n"
		                 "named after the meeting (undangan-2026-12.pdf) in the current folder; the Notulen\n"
		                 "is written as HTML to the standard output.\n"));
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "--out") || !strcmp(argv[i], "-o")) && i + 1 < argc)
			out = argv[++i];
		else if (argv[i][0] == '-' || meeting)
			return cmd_usage("print");
		else if (kind)
			meeting = argv[i];
		else
			kind = argv[i];
	}
	if (kind == NULL || meeting == NULL ||
	    (strcmp(kind, "undangan") && strcmp(kind, "hadir") && strcmp(kind, "notulen")))
		return cmd_usage("print");
	struct dom d;
	cli_dom(s, &d);
	lk_store *st = d.st;
	char mid[40];
	int rc;
	if (st == NULL)
		return 1;
	/* A full id goes straight through, so an unknown meeting is named as typed. */
	if (lk_uuid_canonical(meeting))
		lk_strlcpy(mid, meeting, sizeof mid);
	else if ((rc = cli_resolve(s, st, DOM_MEETING, meeting, mid, sizeof mid)) != 0)
		return rc;
	return print_document(&d, kind, mid, out);
}
