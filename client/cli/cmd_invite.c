/* cmd_invite: `lokmin invite`: draft the Surat Undangan from the agenda, sign it as the Kapus, show it readably. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "doc_text.h"
#include "invitation.h"
#include "letter.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "names.h"
#include "signed_doc.h"
#include "store.h"

#define WIDTH 78 /* the terminal rendering's line width */

static int s_draft(struct session *s, lk_store *st, int argc, char **argv)
{
	struct dom_invitation_draft_in in = {.number = ""};
	struct dom_invitation_draft_out out;
	struct dom_err err = {0};
	struct dom d;
	const char *to[DOM_INVITATION_LIST_MAX], *tb[DOM_INVITATION_LIST_MAX];
	char mid[40];
	int rc;
	if (argc < 3)
		return cmd_usage("invite");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--number") && i + 1 < argc)
			in.number = argv[++i];
		else if (!strcmp(argv[i], "--place") && i + 1 < argc)
			in.place = argv[++i];
		else if (!strcmp(argv[i], "--time") && i + 1 < argc)
			in.time_text = argv[++i];
		else if (!strcmp(argv[i], "--sifat") && i + 1 < argc)
			in.sifat = argv[++i];
		else if (!strcmp(argv[i], "--lampiran") && i + 1 < argc)
			in.lampiran = argv[++i];
		else if (!strcmp(argv[i], "--hal") && i + 1 < argc)
			in.hal = argv[++i];
		else if (!strcmp(argv[i], "--to") && i + 1 < argc && in.nto < DOM_INVITATION_LIST_MAX)
			to[in.nto++] = argv[++i];
		else if (!strcmp(argv[i], "--tembusan") && i + 1 < argc && in.ntembusan < DOM_INVITATION_LIST_MAX)
			tb[in.ntembusan++] = argv[++i];
		else
			return cmd_usage("invite");
	}
	in.to = to;
	in.tembusan = tb;
	if ((rc = cli_resolve(s, st, DOM_MEETING, argv[2], mid, sizeof mid)) != 0)
		return rc;
	in.meeting_id = mid;
	cli_dom(s, &d);
	if ((rc = dom_invitation_draft(&d, &in, &out, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	printf("%s\n", out.id);
	return 0;
}

/* ---------------------------------------------------------------- show */

/* text wrapped at WIDTH, every line after the first indented by indent (the first by first). */
static void s_wrap(const char *text, int first, int indent)
{
	int col = first;
	printf("%*s", first, "");
	for (const char *p = text; *p;) {
		if (*p == '\n') {
			printf("\n%*s", indent, "");
			col = indent;
			p++;
			continue;
		}
		size_t w = strcspn(p, " \n");
		if (col > indent && col + (int)w > WIDTH) {
			printf("\n%*s", indent, "");
			col = indent;
		}
		printf("%.*s", (int)w, p);
		col += (int)w;
		p += w;
		if (*p == ' ') {
			putchar(' ');
			col++;
			p++;
		}
	}
	putchar('\n');
}

/* "key : value" with the colons aligned at width; lead: the columns already printed before it. */
static void s_kv_at(const char *key, const char *value, int width, int lead)
{
	printf("%-*s : ", width, key);
	s_wrap(value, 0, lead + width + 3);
}

static void s_kv(const char *key, const char *value, int width)
{
	s_kv_at(key, value, width, 0);
}

/* The values of key numbered ("1. a", details indented), or the one value alone. */
static void s_list(const struct dom_doc_text *t, const char *key, int indent)
{
	size_t n = dom_doc_text_count(t, key);
	for (size_t i = 0; i < n; i++) {
		char line[2048];
		if (n == 1)
			snprintf(line, sizeof line, "%s", dom_doc_text_nth(t, key, i));
		else
			snprintf(line, sizeof line, "%zu. %s", i + 1, dom_doc_text_nth(t, key, i));
		s_wrap(line, indent, indent + 3);
	}
}

/* The letter laid out for a terminal, from its canonical text. */
static void s_letter(struct dom *d, const ProtobufCMessage *inv, const struct dom_doc_text *t)
{
	for (size_t i = 0; i < dom_doc_text_count(t, "kop"); i++)
		printf("%s\n", dom_doc_text_nth(t, "kop", i));
	if (dom_doc_text_get(t, "kop_kontak"))
		printf("%s\n", dom_doc_text_get(t, "kop_kontak"));
	for (int i = 0; i < WIDTH; i++)
		putchar('=');
	printf("\n%*s\n", WIDTH, dom_doc_text_or(t, "tempat_tanggal", ""));
	const char *keys[] = {_("Number"), _("Nature"), _("Attachment"), _("Subject")};
	const char *fields[] = {"nomor", "sifat", "lampiran", "hal"};
	int kw = 0;
	for (size_t i = 0; i < 4; i++)
		kw = (int)strlen(keys[i]) > kw ? (int)strlen(keys[i]) : kw;
	for (size_t i = 0; i < 4; i++)
		s_kv(keys[i], dom_doc_text_or(t, fields[i], "-"), kw);
	printf("\n%s\n", _("To"));
	s_list(t, "yth", 0);
	printf("%s\n    %s\n\n", _("in"), dom_doc_text_or(t, "di", "Tempat"));
	s_wrap(dom_doc_text_or(t, "pembuka", ""), 4, 0);
	char acara[8192] = "";
	size_t na = dom_doc_text_count(t, "acara");
	for (size_t i = 0; i < na; i++) {
		size_t len = strlen(acara);
		if (na == 1)
			snprintf(acara + len, sizeof acara - len, "%s", dom_doc_text_nth(t, "acara", i));
		else
			snprintf(acara + len, sizeof acara - len, "%s%zu. %s", len ? "\n" : "", i + 1,
			         dom_doc_text_nth(t, "acara", i));
	}
	const char *k2[] = {_("day/date"), _("time"), _("place"), _("agenda")};
	const char *v2[] = {dom_doc_text_or(t, "hari_tanggal", "-"), dom_doc_text_or(t, "waktu", "-"),
	                    dom_doc_text_or(t, "tempat", "-"), acara[0] ? acara : "-"};
	int w2 = 0;
	for (size_t i = 0; i < 4; i++)
		w2 = (int)strlen(k2[i]) > w2 ? (int)strlen(k2[i]) : w2;
	for (size_t i = 0; i < 4; i++) {
		printf("    ");
		s_kv_at(k2[i], v2[i], w2, 4);
	}
	if (dom_doc_text_get(t, "catatan"))
		s_wrap(dom_doc_text_get(t, "catatan"), 4, 0);
	s_wrap(dom_doc_text_or(t, "penutup", ""), 4, 0);
	/* The signature block on the right half. */
	struct rl_signer sg;
	if (rl_signer_of(d, NULL, "invitation", inv, &sg, NULL) == 0) {
		putchar('\n');
		for (char *line = sg.jabatan, *nl; line && *line; line = nl ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			printf("%*s%.*s\n", WIDTH / 2, "", nl ? (int)(nl - line) : (int)strlen(line), line);
		}
		printf("\n%*s%s\n\n", WIDTH / 2, "", sg.is_signed ? _("[electronic signature: QR on the printed letter]") : "");
		printf("%*s%s\n", WIDTH / 2, "", sg.name[0] ? sg.name : "(..............................)");
		if (sg.pangkat[0])
			printf("%*s%s\n", WIDTH / 2, "", sg.pangkat);
		if (sg.nip[0])
			printf("%*s%s\n", WIDTH / 2, "", sg.nip);
		rl_signer_free(&sg);
	}
	if (dom_doc_text_count(t, "tembusan") > 0) {
		printf("\n%s\n", _("Copy to:"));
		s_list(t, "tembusan", 0);
	}
}

/* `invite show`: the letter readable, then whether its signature verifies; exit status. */
static int s_show(struct session *s, lk_store *st, const char *which)
{
	struct dom d;
	struct dom_err err = {0};
	ProtobufCMessage *inv = NULL;
	char id[40];
	int rc;
	if ((rc = cli_resolve(s, st, DOM_INVITATION, which, id, sizeof id)) != 0)
		return rc;
	cli_dom(s, &d);
	d.st = st;
	if (lk_store_get(st, lk_entity_find("invitation"), id, &inv) != 0) {
		fprintf(stderr, _("lokmin: no invitation %s on this device\n"), id);
		return 1;
	}
	char *text = lk_record_get(inv, "document");
	struct dom_doc_text t;
	dom_doc_text_init(&t, "undangan");
	int canonical = text && dom_doc_text_parse(text, &t) == 0;
	/* The signature's state as dom_doc_show words it (after the text it repeats). */
	char *buf = NULL;
	size_t len = 0;
	enum signer_state state = SIGNER_UNSIGNED;
	FILE *f = open_memstream(&buf, &len);
	rc = f ? dom_doc_show(&d, "invitation", id, f, &state, &err) : -LK_ENOMEM;
	if (f)
		fclose(f);
	if (rc == 0) {
		size_t skip = canonical && text && buf && strlen(buf) > strlen(text) ? strlen(text) + 1 : 0;
		if (canonical)
			s_letter(&d, inv, &t);
		fputs(buf + skip, stdout);
	} else
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
	free(buf);
	free(text);
	dom_doc_text_free(&t);
	lk_record_free(inv);
	if (rc != 0)
		return 1;
	return state == SIGNER_INVALID ? 1 : 0;
}

int cmd_invite(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 3 && !cmd_is_help(argc, argv))
		return cmd_usage("invite");
	if (cmd_is_help(argc, argv)) {
		cmd_help("invite");
		printf("\n%s", _("  draft MEETING [--number N] [--sifat S] [--lampiran L] [--hal H]\n"
		                 "        [--to NAME]... [--tembusan NAME]... [--place P] [--time T]\n"
		                 "                                the letter, with the agenda; --to and --tembusan\n"
		                 "                                repeat, one recipient or copy each\n"
		                 "  sign INVITATION --as PERSON    the Kapus signs (passphrase); the letter is sealed\n"
		                 "  show INVITATION               the letter and whether its signature verifies\n"
		                 "\nDefaults: sifat Biasa; lampiran \"-\" (\"1 (satu) lembar\" when more than 6 recipients\n"
		                 "go to a Lampiran page); hal \"Undangan Lokakarya Mini Bulanan\" or \"... Triwulanan\";\n"
		                 "recipients the puskesmas staff (monthly) or the puskesmas and sectors of the\n"
		                 "kecamatan (quarterly); tembusan the Dinas Kesehatan (and the Bupati, quarterly).\n"
		                 "MEETING is the period as `meeting list` shows it (2026-12, 2026-Q1) or an id;\n"
		                 "INVITATION the meeting's period (its newest letter) or the letter's id;\n"
		                 "PERSON a part of the name, the NIP or an id.\n"));
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "draft"))
		return s_draft(s, st, argc, argv);
	if (!strcmp(argv[1], "show") && argc == 3)
		return s_show(s, st, argv[2]);
	return doc_command(s, st, "invite", argc, argv);
}
