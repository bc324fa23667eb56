/*
 * test_lang_id: lokmin run as an Indonesian user runs it (LANG=id_ID.UTF-8, no
 * LANGUAGE) says nothing in English: help, errors, lists and a printed document
 * hold none of a fixed list of English words, and do hold Indonesian ones.
 * Command, subcommand and option names are what users type, so they are taken
 * out before the check: text in `backquotes`, --options, alternatives such as
 * monthly|quarterly, and command words after "lokmin" or at the start of a line.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_util.h"
#include "lkt.h"
#include "lkt_cli.h"

static struct lkt_server s_srv;
static char s_pk[400];

/* English words that must not reach an Indonesian user (whole words, any case). */
static const char *const s_english[] = {
	"usage", "meeting", "meetings", "not found", "planned", "held", "error", "unknown", "invalid",
	"passphrase", "commands", "subcommands", "options", "did you mean", "attendance", "present",
	"overdue", "done", "sync", "waiting", "refused", "postponed", "cancelled", "missed", "upcoming",
	"invited", "cannot", "needs", "the", "and", "with", "handle", "name", "title", NULL,
};

/* The names people type: commands and subcommands (commands.c). */
static const char *const s_typed[] = {
	"enroll", "whoami", "ping", "org", "token", "record", "export", "status", "failed", "sync", "conflicts",
	"staff", "meeting", "material", "attend", "problem", "rtl", "invite", "minutes", "sector", "office",
	"commitment", "todo", "report", "capaian", "print", "verify", "sign", "attach", "attachment", "help",
	"show", "issue", "put", "get", "list", "delete", "discard", "resolve", "add", "plan", "postpone", "cancel",
	"held", "history", "item", "items", "agenda", "submit", "checkin", "flagged", "update", "overdue", "draft",
	"compile", "review", "rep", "set", "number", "compliance", "followup", "coverage", "evidence", "all",
	"template", "import", "target", "gaps", "indicators", "undangan", "hadir", "notulen", "keygen", "check",
	"rotate", "confirm", "revoke", "delegate", NULL,
};

static void s_setup(void)
{
	/* The user's environment, not the test runner's (ctest sets LANGUAGE=en). */
	unsetenv("LANGUAGE");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "id_ID.UTF-8", 1);
	/* A fixed "today" in March 2036: January's meeting is held, April's ahead. */
	setenv("LOKMIN_NOW", "2036-03-16T03:00:00Z", 1);
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "puskesmas", s_pk, sizeof s_pk);
	cr_assert_eq(lkt_enroll(&s_srv, s_pk, "puskesmas", "P3324010101"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(lang_id, .init = s_setup, .fini = s_teardown, .timeout = 300);

static int s_is_typed(const char *w)
{
	for (int i = 0; s_typed[i]; i++)
		if (!strcmp(s_typed[i], w))
			return 1;
	return 0;
}

/* A token without the brackets, quotes and punctuation around it. */
static void s_bare(const char *tok, char *out, size_t size)
{
	size_t n = strlen(tok), a = 0;
	while (a < n && strchr("[(\"'<{", tok[a]))
		a++;
	while (n > a && strchr("])\"'>},.;:?!", tok[n - 1]))
		n--;
	snprintf(out, size, "%.*s", (int)(n - a), tok + a);
}

/*
 * text with what users type taken out, lower case, one token per word
 * (malloc'd): backquoted spans, --options, tokens with '|', and runs of command
 * words after "lokmin", at the start of a line or in a "name," list.
 */
static char *s_prose(const char *text)
{
	size_t len = strlen(text);
	char *copy = strdup(text), *out = calloc(1, len + 2), *line, *save = NULL;
	cr_assert(copy && out);
	/* `lokmin meeting list` and the like are commands quoted in prose. */
	for (char *p = copy; (p = strchr(p, '`')) != NULL;) {
		char *q = strchr(p + 1, '`');
		if (q == NULL)
			break;
		memset(p, ' ', (size_t)(q - p + 1));
		p = q + 1;
	}
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tsave = NULL, bare[200];
		int typed_run = 1; /* a line may start with command words (help tables, usage) */
		int in_list = 0;   /* after "name:" or "name,": a list of names */
		for (char *tok = strtok_r(line, " \t", &tsave); tok; tok = strtok_r(NULL, " \t", &tsave)) {
			s_bare(tok, bare, sizeof bare);
			size_t tl = strlen(tok);
			int list_mark = tl > 0 && (tok[tl - 1] == ',' || tok[tl - 1] == ':');
			if (bare[0] == '\0' || bare[0] == '-' || strchr(bare, '|')) {
				in_list = list_mark;
				continue;
			}
			if (!strcmp(bare, "lokmin") || !strcmp(bare, "lokmind")) {
				typed_run = 1;
				continue;
			}
			int was_list = in_list;
			in_list = list_mark;
			if (s_is_typed(bare) && (typed_run || list_mark || was_list))
				continue;
			typed_run = 0;
			for (char *c = bare; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			strcat(out, bare);
			strcat(out, " ");
		}
		strcat(out, "\n");
	}
	free(copy);
	return out;
}

/* Whether prose holds word (one or more words) as whole words. */
static int s_has_word(const char *prose, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = prose; (p = strstr(p, word)) != NULL; p++) {
		int start = p == prose || !isalnum((unsigned char)p[-1]);
		int end = !isalnum((unsigned char)p[n]) && p[n] != '_';
		if (start && end && (p == prose || p[-1] != '_'))
			return 1;
	}
	return 0;
}

/* Fails (without stopping) for each English word of the list in text, said by what. */
static void s_no_english(const char *what, const char *text)
{
	char *prose = s_prose(text);
	for (int i = 0; s_english[i]; i++)
		cr_expect(!s_has_word(prose, s_english[i]), "%s: English \"%s\" in:\n%s", what, s_english[i], text);
	free(prose);
}

/* lokmin words... on the puskesmas device: stdout and stderr together (malloc'd); exit status in *rc. */
static char *s_run(int *rc, const char *const *words)
{
	char *out = NULL, *err = NULL;
	int r = lkt_cli(s_pk, NULL, &out, &err, words);
	if (rc)
		*rc = r;
	size_t n = strlen(out) + strlen(err) + 2;
	char *all = malloc(n);
	snprintf(all, n, "%s\n%s", out, err);
	free(out);
	free(err);
	return all;
}

/* Run, require the exit status, check the words; the text (malloc'd). */
static char *s_check(int want, const char *const *words)
{
	int rc;
	char what[200] = "lokmin";
	for (int i = 0; words[i]; i++)
		snprintf(what + strlen(what), sizeof what - strlen(what), " %s", words[i]);
	char *text = s_run(&rc, words);
	cr_expect_eq(rc, want, "%s: exit %d, not %d\n%s", what, rc, want, text);
	s_no_english(what, text);
	/* LOKMIN_E2E_SHOW=1 prints what a user would read, to look at the layout. */
	if (getenv("LOKMIN_E2E_SHOW"))
		fprintf(stderr, "$ %s\n%s\n", what, text);
	return text;
}

#define s_ok(...) free(s_check(0, LKT_WORDS(__VA_ARGS__)))
#define s_usage(...) free(s_check(2, LKT_WORDS(__VA_ARGS__)))

/* A planned year with January's meeting held, a Kapus and a member of staff present at it. */
static void s_data(void)
{
	free(lkt_cli_ok(s_pk, NULL,
	                LKT_WORDS("staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus",
	                          "--nip", "197805122005012003")));
	free(lkt_cli_ok(s_pk, NULL, LKT_WORDS("staff", "add", "Siti Aminah", "--title", "Bidan Koordinator")));
	free(lkt_cli_ok(s_pk, NULL, LKT_WORDS("meeting", "plan", "--year", "2036")));
	free(lkt_cli_ok(s_pk, NULL, LKT_WORDS("attend", "invite", "2036-01")));
	free(lkt_cli_ok(s_pk, NULL, LKT_WORDS("attend", "checkin", "2036-01", "Siti")));
	free(lkt_cli_ok(s_pk, NULL, LKT_WORDS("meeting", "held", "2036-01")));
}

Test(lang_id, a_check_of_the_check)
{
	/* The filter keeps prose and drops what is typed. */
	char *p = s_prose("Pakai: lokmin meeting held RAPAT [--date TANGGAL]\n  meeting   the meeting\n"
	                  "lihat `lokmin meeting list`; plan|list\nSubperintah `lokmin meeting`: plan, held, list\n");
	cr_assert(!s_has_word(p, "held"), "%s", p);
	cr_assert(s_has_word(p, "the meeting"), "%s", p);
	cr_assert(s_has_word(p, "pakai"), "%s", p);
	free(p);
}

Test(lang_id, help)
{
	char *text = s_check(0, LKT_WORDS("--help"));
	cr_expect(strstr(text, "Pakai: lokmin") && strstr(text, "Perintah:") && strstr(text, "Pilihan"), "%s", text);
	free(text);
	text = s_check(0, LKT_WORDS("meeting", "--help"));
	cr_expect(strstr(text, "Pakai: lokmin meeting") && strstr(text, "RAPAT"), "%s", text);
	free(text);
	s_ok("meeting", "plan", "--help");
	s_ok("meeting", "postpone", "--help");
	s_ok("attend", "--help");
	s_ok("sync", "--help");
	s_ok("status", "--help");
	s_ok("todo", "--help");
	s_ok("sign", "--help");
	s_ok("verify", "--help");
	s_ok("help", "material", "status");
}

Test(lang_id, errors)
{
	char *text = s_check(2, LKT_WORDS("meetnig", "list"));
	cr_expect(strstr(text, "tidak dikenal") && strstr(text, "maksud Anda `meeting`"), "%s", text);
	free(text);
	s_usage("meeting", "lsit");
	s_usage("meeting");
	s_usage("meeting", "list", "--bogus");
	s_usage("--timeout", "lama", "whoami");
	/* A meeting that is not there: the resolver's words. */
	text = s_run(NULL, LKT_WORDS("meeting", "history", "2041-05"));
	s_no_english("lokmin meeting history 2041-05", text);
	free(text);
	text = s_run(NULL, LKT_WORDS("attend", "checkin", "2036-01", "Nobody Here"));
	s_no_english("lokmin attend checkin 2036-01 \"Nobody Here\"", text);
	free(text);
}

Test(lang_id, lists)
{
	s_data();
	char *text = s_check(0, LKT_WORDS("meeting", "list"));
	cr_expect(strstr(text, "diadakan") && strstr(text, "KEADAAN"), "%s", text);
	free(text);
	s_ok("meeting", "history", "2036-01");
	s_ok("staff", "list");
	s_ok("attend", "list", "2036-01");
	s_ok("material", "status", "2036-04");
	s_ok("todo");
	s_ok("status");
	s_ok("failed");
	s_ok("conflicts");
	s_ok("sync");
	s_ok("status");
	s_ok("office", "show");
}

Test(lang_id, document)
{
	s_data();
	char path[600];
	snprintf(path, sizeof path, "%s/undangan-id.html", s_srv.dir);
	free(lkt_cli_ok(s_pk, NULL, LKT_WORDS("invite", "draft", "2036-04", "--number", "005/PKM/IV/2036")));
	free(s_check(0, LKT_WORDS("print", "undangan", "2036-04", "--out", path)));
	char *page = NULL;
	cr_assert_eq(lk_read_file(path, &page, NULL), 0, "%s", path);
	/* The words a reader sees: the page without its tags and style sheet. */
	char *style = strstr(page, "<style");
	char *style_end = style ? strstr(style, "</style>") : NULL;
	if (style && style_end)
		memset(style, ' ', (size_t)(style_end + 8 - style));
	int in_tag = 0;
	for (char *c = page; *c; c++) {
		if (*c == '<')
			in_tag = 1;
		if (in_tag || *c == '&') {
			if (*c == '>')
				in_tag = 0;
			*c = ' ';
		}
	}
	s_no_english("the printed Surat Undangan", page);
	cr_expect(strstr(page, "Undangan"), "%s", page);
	free(page);
	snprintf(path, sizeof path, "%s/hadir-id.html", s_srv.dir);
	free(s_check(0, LKT_WORDS("print", "hadir", "2036-01", "--out", path)));

	/* The PDFs people print and file, read back as text: the letter, the attendance list, the
	 * minutes of a held meeting with a problem and its RTL, and a report. */
	free(lkt_cli_ok(s_pk, NULL,
	                LKT_WORDS("problem", "add", "2036-01", "--description", "Kunjungan K4 ibu hamil rendah", "--usg",
	                          "4,4,3", "--cause", "man: bidan desa kurang", "--cause",
	                          "method: jadwal kelas ibu tidak tetap")));
	free(lkt_cli_ok(s_pk, NULL,
	                LKT_WORDS("rtl", "add", "2036-01", "--activity", "Kelas ibu hamil tiap bulan", "--owner", "Siti",
	                          "--due", "2036-02-28", "--objective", "cakupan K4 naik")));
	free(lkt_cli_ok(s_pk, NULL, LKT_WORDS("minutes", "compile", "2036-01", "--start", "08.00", "--end", "11.30")));
	static const char *const kinds[][3] = {
	    {"undangan", "2036-04", "undangan-id.pdf"},
	    {"hadir", "2036-01", "hadir-id.pdf"},
	    {"notulen", "2036-01", "notulen-id.pdf"},
	};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		snprintf(path, sizeof path, "%s/%s", s_srv.dir, kinds[k][2]);
		free(s_check(0, LKT_WORDS("print", kinds[k][0], kinds[k][1], "-o", path)));
		char *text = lkt_pdf_text(path, 0, 1);
		s_no_english(kinds[k][2], text);
		cr_expect(strstr(text, "Puskesmas") || strstr(text, "PUSKESMAS"), "%s:\n%s", kinds[k][2], text);
		if (getenv("LOKMIN_E2E_SHOW"))
			fprintf(stderr, "--- %s\n%s\n", kinds[k][2], text);
		free(text);
	}
	snprintf(path, sizeof path, "%s/kepatuhan-id.pdf", s_srv.dir);
	free(s_check(0, LKT_WORDS("report", "compliance", "--year", "2036", "-o", path)));
	char *text = lkt_pdf_text(path, 0, 1);
	s_no_english("the compliance report", text);
	free(text);
}

/* Dates and figures in lists are written as Indonesians write them: "3 Des 2036", "3,7%",
 * never the ISO form the records keep ("2036-12-03") nor a decimal point. */
Test(lang_id, dates_and_figures)
{
	s_data();
	char *text = s_check(0, LKT_WORDS("meeting", "list"));
	cr_expect(strstr(text, " Des 2036") && strstr(text, " Mei 2036") && strstr(text, " Agu 2036"), "%s", text);
	cr_expect(!strstr(text, "2036-12-") && !strstr(text, "2036-01-"), "ISO dates in:\n%s", text);
	free(text);

	free(lkt_cli_ok(s_pk, NULL,
	                LKT_WORDS("rtl", "add", "2036-01", "--activity", "Sweeping imunisasi", "--owner", "Siti", "--due",
	                          "2036-12-15")));
	text = s_check(0, LKT_WORDS("rtl", "list"));
	cr_expect(strstr(text, "15 Des 2036"), "%s", text);
	cr_expect(!strstr(text, "2036-12-"), "ISO dates in:\n%s", text);
	free(text);

	free(lkt_cli_ok(s_pk, NULL, LKT_WORDS("capaian", "set", "KIA_K1", "2036-02", "22", "--denominator", "600")));
	text = s_check(0, LKT_WORDS("capaian", "list", "2036-02"));
	cr_expect(strstr(text, "Februari 2036") && strstr(text, "KIA_K1"), "%s", text);
	cr_expect(!strstr(text, "2036-02\n"), "an ISO month in:\n%s", text);
	free(text);
	/* 22 of 600 is 3.7% of the year's sasaran: a decimal comma. */
	text = s_check(0, LKT_WORDS("capaian", "gaps", "2036-02"));
	char *k1 = strstr(text, "KIA_K1");
	cr_expect(k1 && strstr(k1, "3,7%") && !strstr(text, "3.7"), "%s", text);
	free(text);
}
