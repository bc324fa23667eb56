/*
 * test_reports: a district of 3 kecamatan and 6 puskesmas with a scripted
 * year (meetings missed, postponed, late, cancelled, never planned; RTL done on
 * time, late, overdue; evidence missing), synced to a district device; every
 * figure of its reports is checked against values worked out by hand here.
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lkt.h"
#include "lkt_cli.h"
#include "lkt_web.h"

#define PASS "kunci kapus 2025"
#define K1_NAME "Cakupan kunjungan antenatal pertama (K1)" /* KIA_K1 as the catalogue names it */
#define s_ok(home, ...) lkt_cli_ok(home, PASS, LKT_WORDS(__VA_ARGS__))
#define s_id(home, ...) lkt_first_id(s_ok(home, __VA_ARGS__))

static struct lkt_server s_srv;
static const char *const s_codes[6] = {"P3324010101", "P3324010102", "P3324020101",
                                       "P3324020102", "P3324030101", "P3324030102"};
static char s_home[6][400], s_dk[400], s_kec[400];

static void s_admin(const char *const *args)
{
	char *err = NULL;
	int rc = lkt_lokmind(&s_srv, NULL, &err, args);
	cr_assert_eq(rc, 0, "lokmind %s %s: %s", args[0], args[1], err);
	free(err);
}

static void s_setup(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	s_admin((const char *const[]){"org", "add-kecamatan", "332403", "Kangkung", NULL});
	s_admin((const char *const[]){"org", "add-puskesmas", "P3324020102", "Puskesmas Brangsong II", NULL});
	s_admin((const char *const[]){"org", "add-puskesmas", "P3324030101", "Puskesmas Kangkung I", NULL});
	s_admin((const char *const[]){"org", "add-puskesmas", "P3324030102", "Puskesmas Kangkung II", NULL});
	s_admin((const char *const[]){"org", "add-sector", "332401", "KORAMIL", "Koramil 02", "--kind", "tni", NULL});
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	for (int i = 0; i < 6; i++) {
		char name[8];
		snprintf(name, sizeof name, "p%d", i + 1);
		lkt_home(&s_srv, name, s_home[i], sizeof s_home[i]);
		cr_assert_eq(lkt_enroll(&s_srv, s_home[i], "puskesmas", s_codes[i]), 0);
	}
	lkt_home(&s_srv, "dinkes", s_dk, sizeof s_dk);
	cr_assert_eq(lkt_enroll(&s_srv, s_dk, "dinkes", "3324"), 0);
	lkt_home(&s_srv, "camat", s_kec, sizeof s_kec);
	cr_assert_eq(lkt_enroll(&s_srv, s_kec, "kecamatan", "332401"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
	curl_global_cleanup();
}

TestSuite(reports, .init = s_setup, .fini = s_teardown, .timeout = 300);

/* A command's whole standard output (malloc'd); it must succeed. */
static char *s_cmd(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	cr_assert_not_null(f, "%s", cmd);
	size_t n = 0, cap = 1 << 16, r;
	char *s = malloc(cap);
	while ((r = fread(s + n, 1, cap - n - 1, f)) > 0)
		if ((n += r) + 1 >= cap)
			s = realloc(s, cap *= 2);
	s[n] = '\0';
	cr_assert_eq(pclose(f), 0, "%s failed", cmd);
	return s;
}

/*
 * Each report as a PDF in Indonesian (LANGUAGE=id): its title, the
 * kabupaten's and the puskesmas' names and never their bare codes, numbers
 * and dates written the Indonesian way, the page footer; the pages are saved
 * as PNG under build/tests/reports-out for a person to look at.
 */
static void s_pdf_reports(const char *dk)
{
	static const struct {
		const char *kind, *title, *words[4];
	} cases[] = {
		{"compliance", "Kepatuhan lokmin 2025", {"tidak ada rencana", "tepat waktu", "Kecamatan Kangkung", "Mei"}},
		{"followup", "Tindak lanjut 2025", {"SEMUA", "TERLAMBAT", "Des", NULL}},
		{"coverage", "Cakupan 2025", {"80,0%", "Puskesmas Kaliwungu Selatan", "PERINGKAT", K1_NAME}},
		{"evidence", "Bukti akreditasi (kriteria 1.6.2) 2025", {"tidak ada jadwal lokmin bulanan", "KURANG", NULL,
		                                                          NULL}},
		{"all", "Kepatuhan lokmin 2025", {"Tindak lanjut 2025", "Cakupan 2025", "Bukti akreditasi", NULL}},
	};
	mkdir(LK_REPORTS_OUT, 0755);
	char env_pass[80], path[600], cmd[1400];
	snprintf(env_pass, sizeof env_pass, "LOKMIN_PASSPHRASE=%s", PASS);
	const char *env[] = {env_pass, "LANGUAGE=id", NULL};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(path, sizeof path, "%s/report-%s.pdf", LK_REPORTS_OUT, cases[i].kind);
		unlink(path);
		const char *argv[] = {LOKMIN_BIN, "--home",  dk,           "report", cases[i].kind, "--year",
		                      "2025",     "--as-of", "2025-12-31", "-o",     path,          NULL};
		char *out = NULL, *err = NULL;
		cr_assert_eq(lkt_run(&out, &err, argv, env, 60000), 0, "report %s: %s", cases[i].kind, err);
		cr_assert(strstr(out, path), "%s", out);
		free(out);
		free(err);
		char *text = lkt_pdf_text(path, 0, 0);
		for (char *c = text; *c; c++) /* one line: a title may wrap */
			if (*c == '\n')
				*c = ' ';
		cr_assert(strstr(text, cases[i].title), "%s: no title \"%s\" in\n%s", cases[i].kind, cases[i].title,
		          text);
		cr_assert(strstr(text, "Kabupaten Kendal"), "%s: the kabupaten by name:\n%s", cases[i].kind, text);
		cr_assert(strstr(text, "Periode: tahun 2025, keadaan per 31 Desember 2025"), "%s:\n%s", cases[i].kind,
		          text);
		cr_assert(strstr(text, "Dibuat pada ") && strstr(text, " pukul ") && strstr(text, " WIB"), "%s:\n%s",
		          cases[i].kind, text);
		cr_assert(strstr(text, "Halaman 1 dari "), "%s: the footer:\n%s", cases[i].kind, text);
		for (int w = 0; w < 4 && cases[i].words[w]; w++)
			cr_assert(strstr(text, cases[i].words[w]), "%s: \"%s\" missing:\n%s", cases[i].kind,
			          cases[i].words[w], text);
		if (strcmp(cases[i].kind, "followup")) /* the follow-up lists owners, not every puskesmas */
			cr_assert(strstr(text, "Puskesmas Kangkung II"), "%s: puskesmas by name:\n%s", cases[i].kind, text);
		/* Names, never a puskesmas' bare code; no English status word. */
		cr_assert_null(strstr(text, "P33240"), "%s: a bare puskesmas code:\n%s", cases[i].kind, text);
		cr_assert_null(strstr(text, "KIA_K1"), "%s: a bare indicator code:\n%s", cases[i].kind, text);
		cr_assert_null(strstr(text, "no plan"), "%s:\n%s", cases[i].kind, text);
		cr_assert_null(strstr(text, "on time"), "%s:\n%s", cases[i].kind, text);
		free(text);
		snprintf(cmd, sizeof cmd, "pdftoppm -png -r 60 '%s' '%s/report-%s'", path, LK_REPORTS_OUT, cases[i].kind);
		free(s_cmd(cmd));
	}
	/* A puskesmas device reads its kabupaten's name too (outside its scope, the name alone). */
	snprintf(path, sizeof path, "%s/report-puskesmas.pdf", LK_REPORTS_OUT);
	const char *argv[] = {LOKMIN_BIN, "--home", s_home[0], "report", "compliance", "--year", "2025", "--as-of",
	                      "2025-12-31", "-o", path, NULL};
	cr_assert_eq(lkt_run(NULL, NULL, argv, env, 60000), 0);
	char *text = lkt_pdf_text(path, 0, 0);
	cr_assert(strstr(text, "Kabupaten Kendal") && strstr(text, "Puskesmas Kaliwungu"), "%s", text);
	cr_assert_null(strstr(text, "Puskesmas Brangsong"), "only its own records: %s", text);
	free(text);

	/* -o FILE.xlsx: a workbook, one sheet per table, names and headers in Indonesian, figures as numbers. */
	snprintf(path, sizeof path, "%s/report-coverage.xlsx", LK_REPORTS_OUT);
	unlink(path);
	const char *xargv[] = {LOKMIN_BIN, "--home", dk, "report", "coverage", "--year", "2025", "--as-of",
	                       "2025-12-31", "-o", path, NULL};
	cr_assert_eq(lkt_run(NULL, NULL, xargv, env, 60000), 0);
	snprintf(cmd, sizeof cmd, "test $(unzip -p '%s' xl/workbook.xml | grep -o '<sheet name=' | wc -l) -ge 2", path);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/sharedStrings.xml | grep -q 'Puskesmas Kaliwungu Selatan'", path);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/sharedStrings.xml | grep -qF '" K1_NAME "'", path);
	cr_assert_eq(system(cmd), 0, "%s: the indicator by name", cmd);
	snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/sharedStrings.xml | grep -q 'KIA_K1'", path);
	cr_assert_neq(system(cmd), 0, "%s: an indicator's bare code in the workbook", cmd);
	snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml | grep -Eq '<c r=\"[A-Z]+[0-9]+\" s=\"[0-9]+\"><v>'",
	         path);
	cr_assert_eq(system(cmd), 0, "%s: no cell holds a number", cmd);
	const char *all[] = {LOKMIN_BIN, "--home", dk, "report", "all", "--year", "2025", "-o", path, NULL};
	char *err = NULL;
	cr_assert_eq(lkt_run(NULL, &err, all, env, 60000), 2);
	cr_assert(strstr(err, "report all"), "%s", err);
	free(err);

	/* `report all` is the four reports, whole and in order, however many run at once. */
	const char *kinds[] = {"all", "compliance", "followup", "coverage", "evidence"};
	char *csv[5];
	for (size_t i = 0; i < 5; i++) {
		const char *cargv[] = {LOKMIN_BIN, "--home", dk, "report", kinds[i], "--year", "2025", "--as-of",
		                       "2025-12-31", "--csv", NULL};
		cr_assert_eq(lkt_run(&csv[i], NULL, cargv, env, 60000), 0, "report %s --csv", kinds[i]);
	}
	const char *at = csv[0];
	for (size_t i = 1; i < 5; i++) {
		const char *found = strstr(at, csv[i]);
		cr_assert(found && strlen(csv[i]) > 100, "report all: %s missing or out of order", kinds[i]);
		at = found + strlen(csv[i]);
	}
	cr_assert(strlen(at) < 8, "report all: more than the four reports: \"%s\"", at);
	for (size_t i = 0; i < 5; i++)
		free(csv[i]);
}

#define s_do(home, ...) free(s_ok(home, __VA_ARGS__))

/* id and planned date of each month's meeting of a device's 2025 plan. */
struct plan {
	char id[13][40], planned[13][16];
};

static void s_plan(const char *home, struct plan *p)
{
	s_do(home, "meeting", "plan", "--year", "2025");
	char *json = s_ok(home, "--json", "meeting", "list", "--year", "2025");
	for (int m = 1; m <= 12; m++) {
		char key[32];
		snprintf(key, sizeof key, "\"period\":%d,", m);
		const char *k = strstr(json, key), *b = k;
		cr_assert_not_null(k);
		while (b > json && strncmp(b, "{\"id\":\"", 7) != 0)
			b--;
		snprintf(p->id[m], sizeof p->id[m], "%.36s", b + 7);
		const char *d = strstr(k, "\"planned_date\":\"");
		snprintf(p->planned[m], sizeof p->planned[m], "%.10s", d + 16);
	}
	free(json);
}

/* The date n days after d (YYYY-MM-DD, same month is enough here). */
static void s_plus(const char *d, int n, char out[16])
{
	unsigned day = (unsigned)(atoi(d + 8) + n) % 100u;
	snprintf(out, 16, "%.8s%02u", d, day);
}

static void s_import_k1(const char *home, int per_month)
{
	char sheet[600];
	snprintf(sheet, sizeof sheet, "%s/k1.csv", home);
	FILE *f = fopen(sheet, "w");
	cr_assert_not_null(f);
	fprintf(f, "indicator,year,month,numerator,denominator\n");
	for (int m = 1; m <= 12; m++)
		fprintf(f, "KIA_K1,2025,%d,%d,600\n", m, per_month);
	fclose(f);
	s_do(home, "capaian", "import", sheet);
}

/* The row object of `table` (by title prefix) whose first column is key, in the --json output. */
static char *s_row(const char *json, const char *table, const char *key)
{
	const char *t = strstr(json, table);
	cr_assert_not_null(t, "no table \"%s\" in\n%s", table, json);
	const char *end = strstr(t, "]}");
	char needle[160];
	snprintf(needle, sizeof needle, "\":\"%s\",", key);
	for (const char *p = strstr(t, "{\""); p && p < end; p = strstr(p + 1, "{\"")) {
		const char *close = strchr(p, '}');
		const char *first = strchr(p + 2, '"');
		if (first && !strncmp(first, needle, strlen(needle)))
			return strndup(p, (size_t)(close - p + 1));
	}
	cr_assert_fail("no row %s in table %s:\n%s", key, table, json);
	return NULL;
}

static void s_cell(const char *row, const char *col, const char *want)
{
	char needle[200];
	snprintf(needle, sizeof needle, "\"%s\":\"%s\"", col, want);
	cr_assert(strstr(row, needle), "%s should be \"%s\" in %s", col, want, row);
}

static void s_script_year(void)
{
	struct plan p[6];
	char d[16];
	/* First of all: P1's Kapus and her signing key, confirmed by the district. */
	const char *h = s_home[0];
	char *kapus = s_id(h, "staff", "add", "dr. Ratna", "--role", "kapus", "--title", "Kepala Puskesmas");
	free(lkt_sign_confirmed(&s_srv, h, PASS, kapus));
	for (int i = 0; i < 5; i++) /* P6 never plans */
		s_plan(s_home[i], &p[i]);

	/* P1: every month on its day; January with its whole SOP. */
	for (int m = 1; m <= 12; m++)
		s_do(h, "meeting", "held", p[0].id[m], "--date", p[0].planned[m]);
	const char *jan = p[0].id[1];
	char *inv = s_id(h, "invite", "draft", jan);
	s_do(h, "invite", "sign", inv, "--as", kapus);
	s_do(h, "attend", "invite", jan);
	s_do(h, "attend", "checkin", jan, kapus);
	char *early = s_id(h, "material", "submit", jan, "--programme", "KIA");
	char at[40];
	s_do(h, "record", "put", "material", "--id", early, "submitted_at=2024-12-20T08:00:00Z");
	s_do(h, "material", "submit", jan, "--programme", "GIZI"); /* today: late for 2025 */
	s_do(h, "problem", "add", jan, "--description", "K1 rendah", "--recommendation", "Kunjungan rumah");
	char photo[600];
	snprintf(photo, sizeof photo, "%s/foto.jpg", h);
	FILE *f = fopen(photo, "w");
	fputs("not really a jpeg, but a photo attachment all the same", f);
	fclose(f);
	s_do(h, "attach", "meeting", jan, photo, "--caption", "Lokmin Januari");
	char *mn = s_id(h, "minutes", "compile", jan);
	s_do(h, "minutes", "sign", mn, "--as", kapus);
	/* Submitted two days after the meeting: set once (signed minutes take no other change). */
	s_plus(p[0].planned[1], 2, d);
	snprintf(at, sizeof at, "submitted_at=%sT09:00:00Z", d);
	s_do(h, "record", "put", "minutes", "--id", mn, at);
	/* Its RTL: one done on time, one done late, two still open (31 and 11 days overdue at the year's end). */
	char *r1 = s_id(h, "rtl", "add", jan, "--activity", "Sweeping K1", "--owner", kapus, "--due", "2025-02-15");
	char *r2 = s_id(h, "rtl", "add", jan, "--activity", "Kelas ibu", "--owner", kapus, "--due", "2025-03-15");
	s_do(h, "rtl", "add", jan, "--activity", "Data sasaran", "--owner", kapus, "--due", "2025-11-30");
	s_do(h, "rtl", "add", jan, "--activity", "Pendataan bumil", "--owner", kapus, "--due", "2025-12-20");
	s_do(h, "rtl", "update", r1, "--status", "done", "--note", "14 ibu dikunjungi", "--date", "2025-02-10");
	s_do(h, "rtl", "update", r2, "--status", "done", "--note", "Kelas berjalan", "--date", "2025-04-01");
	s_import_k1(h, 50);

	/* P2: May missed, July postponed a week and held then. */
	h = s_home[1];
	for (int m = 1; m <= 12; m++) {
		if (m == 5)
			continue;
		if (m == 7) {
			s_plus(p[1].planned[7], 7, d);
			s_do(h, "meeting", "postpone", p[1].id[7], "--to", d, "--reason", "BIAS");
			s_do(h, "meeting", "held", p[1].id[7], "--date", d);
			continue;
		}
		s_do(h, "meeting", "held", p[1].id[m], "--date", p[1].planned[m]);
	}
	s_import_k1(h, 40);
	/* P3: the first half only, and one RTL forgotten since June. */
	h = s_home[2];
	for (int m = 1; m <= 6; m++)
		s_do(h, "meeting", "held", p[2].id[m], "--date", p[2].planned[m]);
	char *bidan = s_id(h, "staff", "add", "Bidan Ani", "--role", "pj_program");
	s_do(h, "rtl", "add", p[2].id[6], "--activity", "Posyandu remaja", "--owner", bidan, "--due", "2025-06-30");
	s_import_k1(h, 30);
	/* P4: every month, March two days after its day. */
	h = s_home[3];
	for (int m = 1; m <= 12; m++) {
		if (m == 3)
			s_plus(p[3].planned[3], 2, d);
		s_do(h, "meeting", "held", p[3].id[m], "--date", m == 3 ? d : p[3].planned[m]);
	}
	/* P5: December cancelled, the rest held. */
	h = s_home[4];
	for (int m = 1; m <= 11; m++)
		s_do(h, "meeting", "held", p[4].id[m], "--date", p[4].planned[m]);
	s_do(h, "meeting", "cancel", p[4].id[12], "--reason", "Digabung evaluasi tahunan");

	/* The camat's office of 332401: Q1, Q2 and Q4 held, Q3 missed; two commitments. */
	s_do(s_kec, "sync");
	s_do(s_kec, "meeting", "plan", "--year", "2025", "--kind", "quarterly");
	char *json = s_ok(s_kec, "--json", "meeting", "list", "--year", "2025");
	char q[5][40], qd[5][16];
	for (int k = 1; k <= 4; k++) {
		char key[32];
		snprintf(key, sizeof key, "\"period\":%d,", k);
		const char *x = strstr(json, key), *b = x;
		while (b > json && strncmp(b, "{\"id\":\"", 7) != 0)
			b--;
		snprintf(q[k], sizeof q[k], "%.36s", b + 7);
		snprintf(qd[k], sizeof qd[k], "%.10s", strstr(x, "\"planned_date\":\"") + 16);
		if (k != 3)
			s_do(s_kec, "meeting", "held", q[k], "--date", qd[k]);
	}
	free(json);
	json = s_ok(s_kec, "--json", "sector", "list");
	const char *ko = strstr(json, "\"id\":\"");
	char koramil[40];
	snprintf(koramil, sizeof koramil, "%.36s", ko + 6);
	free(json);
	char *c1 = s_id(s_kec, "commitment", "add", q[1], "--sector", koramil, "--support", "Kerja bakti", "--from",
	                "2025-01-10", "--to", "2025-06-30");
	s_do(s_kec, "commitment", "update", c1, "--status", "done", "--note", "3 desa", "--date", "2025-06-20");
	s_do(s_kec, "commitment", "add", q[2], "--sector", koramil, "--support", "Pendataan jamban", "--from", "2025-04-10",
	     "--to", "2025-09-30");

	for (int i = 0; i < 6; i++)
		s_do(s_home[i], "sync");
	s_do(s_kec, "sync");
	s_do(s_dk, "sync");
	free(kapus);
	free(inv);
	free(early);
	free(mn);
	free(r1);
	free(r2);
	free(bidan);
	free(c1);
}

/* ---------------------------------------------------------------- the charts: the HTML report and /dinas */

/* What the charts say in one language. */
struct words {
	const char *grid, *bars, *ageing, *overdue;  /* the charts' titles */
	const char *legend[6];                       /* held on time, postponed or late, missed, not yet due, no plan, cancelled */
	const char *jan, *may, *jul, *dec;           /* month heads */
	const char *missed, *no_plan, *cancelled, *postponed; /* the cells' words */
	const char *held[6], *all;                   /* held/due of each puskesmas, and of all */
	const char *cover[3];                        /* K1 coverage of the three puskesmas, highest first */
	const char *target;                          /* the target line's label */
};

static const char *const s_names[6] = {"Puskesmas Kaliwungu",    "Puskesmas Kaliwungu Selatan", "Puskesmas Brangsong",
                                       "Puskesmas Brangsong II", "Puskesmas Kangkung I",        "Puskesmas Kangkung II"};

/* The chart of page titled title, from "<svg" to "</svg>" (malloc'd). */
static char *s_chart(const char *page, const char *title)
{
	char needle[300];
	snprintf(needle, sizeof needle, "<title>%s</title>", title);
	const char *t = strstr(page, needle), *b = t;
	cr_assert_not_null(t, "no chart \"%s\" in\n%.3000s", title, page);
	while (b > page && strncmp(b, "<svg", 4))
		b--;
	const char *e = strstr(t, "</svg>");
	cr_assert(!strncmp(b, "<svg", 4) && e, "chart %s", title);
	return strndup(b, (size_t)(e + 6 - b));
}

/* The row of a grid chart named name, up to the next row (malloc'd). */
static char *s_grid_row(const char *svg, const char *name)
{
	char needle[300];
	snprintf(needle, sizeof needle, "class=\"name\">%s</text>", name);
	const char *r = strstr(svg, needle), *e;
	cr_assert_not_null(r, "no row %s in\n%s", name, svg);
	if ((e = strstr(r, "<g class=\"row\">")) == NULL)
		e = strstr(r, "<g class=\"legend\">");
	cr_assert_not_null(e);
	return strndup(r, (size_t)(e - r));
}

/* The square of month col in a grid row is drawn as state cls and says word; its fill into fill. */
static void s_square(const char *row, const char *cls, const char *col, const char *word, char fill[8])
{
	char needle[300];
	snprintf(needle, sizeof needle, "<g class=\"cell %s\"><title>%s: %s</title>", cls, col, word);
	const char *c = strstr(row, needle);
	cr_assert_not_null(c, "%s should be drawn as %s (%s) in\n%s", col, cls, word, row);
	snprintf(fill, 8, "%.7s", strstr(c, "fill=\"") + 6);
}

/* The text of the first <text> element from p on (malloc'd). */
static char *s_text_of(const char *p)
{
	const char *t = strstr(p, "<text"), *gt = t ? strchr(t, '>') : NULL, *e = gt ? strstr(gt, "</text>") : NULL;
	cr_assert(e, "%.200s", p);
	return strndup(gt + 1, (size_t)(e - gt - 1));
}

/* The monthly grid against the hand-worked year: every puskesmas by name with its held/due, a missed month
 * drawn as missed and not as no plan, and a legend of the five states (and cancelled), each with its own fill
 * and sign. */
static void s_check_grid(const char *page, const struct words *w)
{
	static const char *const cls[6] = {"good", "warn", "bad", "pending", "void", "grey"};
	char *svg = s_chart(page, w->grid), fills[6][8], missed[8], missed2[8], no_plan[8], f[8];
	char *signs[6];
	for (int i = 0; i < 6; i++) {
		char needle[300];
		snprintf(needle, sizeof needle, "<g class=\"key %s\">", cls[i]);
		const char *k = strstr(svg, needle), *end = k ? strstr(k, "</g>") : NULL;
		cr_assert(k && end, "no legend entry %s in\n%s", cls[i], svg);
		snprintf(needle, sizeof needle, ">%s</text>", w->legend[i]);
		const char *l = strstr(k, needle);
		cr_assert(l && l < end, "the legend's %s should read \"%s\": %.400s", cls[i], w->legend[i], k);
		snprintf(fills[i], sizeof fills[i], "%.7s", strstr(k, "fill=\"") + 6);
		signs[i] = s_text_of(k);
		for (int j = 0; j < i; j++) {
			cr_assert(strcmp(fills[i], fills[j]), "%s and %s share the colour %s", cls[i], cls[j], fills[i]);
			cr_assert(strcmp(signs[i], signs[j]), "%s and %s share the sign %s", cls[i], cls[j], signs[i]);
		}
	}
	for (int i = 0; i < 6; i++) {
		char *row = s_grid_row(svg, s_names[i]), needle[120];
		snprintf(needle, sizeof needle, "class=\"total\">%s</text>", w->held[i]);
		cr_assert(strstr(row, needle), "%s: held/due %s in\n%s", s_names[i], w->held[i], row);
		if (i == 1) { /* May missed, July postponed */
			s_square(row, "bad", w->may, w->missed, missed);
			s_square(row, "warn", w->jul, w->postponed, f);
		}
		if (i == 2)
			s_square(row, "bad", w->jul, w->missed, missed2);
		if (i == 4)
			s_square(row, "grey", w->dec, w->cancelled, f);
		if (i == 5) {
			s_square(row, "void", w->jan, w->no_plan, no_plan);
			cr_assert_null(strstr(row, "class=\"cell bad\""), "a month never planned is not drawn as missed:\n%s", row);
		}
		free(row);
	}
	cr_assert_str_eq(missed, fills[2]);
	cr_assert_str_eq(missed2, fills[2]);
	cr_assert_str_eq(no_plan, fills[4]);
	cr_assert(strcmp(missed, no_plan), "missed and no plan in one colour %s", missed);
	char needle[120];
	snprintf(needle, sizeof needle, "class=\"total\">%s</text>", w->all);
	cr_assert(strstr(svg, needle), "all: %s in\n%s", w->all, svg);
	for (int i = 0; i < 6; i++)
		free(signs[i]);
	free(svg);
}

/* K1's bars: highest first, over an axis in percent, the target line where the axis says 100%. */
static void s_check_bars(const char *page, const struct words *w)
{
	char *svg = s_chart(page, w->bars), needle[200];
	const char *last = svg;
	for (int i = 0; i < 3; i++) {
		snprintf(needle, sizeof needle, "class=\"name\">%s</text>", s_names[i]);
		const char *n = strstr(svg, needle);
		cr_assert(n && n > last, "%s should come after the bars before it:\n%s", s_names[i], svg);
		snprintf(needle, sizeof needle, "class=\"value\">%s</text>", w->cover[i]);
		const char *v = strstr(n, needle);
		cr_assert(v && v < strstr(n, "</g>"), "%s: %s in\n%s", s_names[i], w->cover[i], svg);
		last = n;
	}
	const char *t = strstr(svg, "<g class=\"target\"><line x1=\"");
	cr_assert_not_null(t, "no target line:\n%s", svg);
	snprintf(needle, sizeof needle, ">%s</text></g>", w->target);
	cr_assert(strstr(t, needle), "the target line is named \"%s\":\n%s", w->target, t);
	const char *tick = strstr(svg, "class=\"tick\">100%</text>"), *x = tick;
	cr_assert_not_null(tick, "%s", svg);
	while (x > svg && strncmp(x, "<text x=\"", 9))
		x--;
	cr_assert(!strncmp(t + 28, x + 9, strcspn(x + 9, "\"")), "the target line stands at the 100%% tick: %.60s / %.40s",
	          t, x);
	cr_assert(strstr(svg, "class=\"tick\">0%</text>") && strstr(svg, "class=\"axis\">"), "ticks from 0%%, the axis named: %s",
	          svg);
	free(svg);
}

/* The ageing columns (one RTL 1-30, one 31-90, one over 90 days overdue) and the overdue line (3 in December). */
static void s_check_followup(const char *page, const struct words *w)
{
	char *svg = s_chart(page, w->ageing);
	int n = 0;
	for (const char *c = svg; (c = strstr(c, "<g class=\"column\">")) != NULL; c++, n++)
		cr_assert(strstr(c, "class=\"value\">1</text>"), "each age holds one item: %.300s", c);
	cr_assert_eq(n, 3, "%s", svg);
	cr_assert(strstr(svg, "class=\"axis\">") && strstr(svg, "class=\"tick\">0</text>"), "labelled axes: %s", svg);
	free(svg);
	svg = s_chart(page, w->overdue);
	n = 0;
	const char *p = svg, *lastp = NULL;
	for (; (p = strstr(p, "<g class=\"point\">")) != NULL; p++, n++)
		lastp = p;
	cr_assert_eq(n, 12, "a point a month: %s", svg);
	cr_assert(strstr(lastp, "class=\"value\">3</text>"), "3 overdue at the end of December: %s", lastp);
	cr_assert(strstr(svg, "class=\"axis\">"), "%s", svg);
	free(svg);
}

static const struct words s_words_en = {
	"Monthly lokmin per puskesmas, month by month",
	"Cakupan kunjungan antenatal pertama (K1): puskesmas ranked, highest coverage first",
	"RTL overdue now, by how long overdue",
	"RTL overdue at the end of each month",
	{"held on time", "postponed or late", "missed", "not yet due", "no plan", "cancelled"},
	"Jan", "May", "Jul", "Dec", "missed", "no plan", "cancelled", "postponed",
	{"12/12 (100%)", "11/12 (92%)", "6/12 (50%)", "12/12 (100%)", "11/11 (100%)", "0/12 (0%)"}, "52/71 (73%)",
	{"100.0%", "80.0%", "60.0%"},
	"target to date (100%)",
};

static const struct words s_words_id = {
	"Lokmin bulanan per puskesmas, bulan demi bulan",
	"Cakupan kunjungan antenatal pertama (K1): peringkat puskesmas, cakupan tertinggi di atas",
	"RTL yang kini lewat tenggat, menurut lamanya",
	"RTL lewat tenggat pada akhir setiap bulan",
	{"terlaksana tepat waktu", "ditunda atau terlambat", "tidak terlaksana", "belum jatuh tempo", "tidak ada rencana",
	 "dibatalkan"},
	"Jan", "Mei", "Jul", "Des", "tidak terlaksana", "tidak ada rencana", "dibatalkan", "ditunda",
	{"12/12 (100%)", "11/12 (92%)", "6/12 (50%)", "12/12 (100%)", "11/11 (100%)", "0/12 (0%)"}, "52/71 (73%)",
	{"100,0%", "80,0%", "60,0%"},
	"target sampai saat ini (100%)",
};

/* A file's whole text (malloc'd); it must be there. */
static char *s_file(const char *path)
{
	char *t = lkt_read_file(path);
	cr_assert_not_null(t, "%s", path);
	return t;
}

/* With LK_REPORTS_SHOTS=1 in the environment (they take a minute): the page as saved beside its style sheet,
 * screenshot 1366 and 360 px wide and printed to A4 (PNG pages at 50 dpi), for a person to look at. */
static void s_shoot(const char *html, const char *name)
{
	char cmd[2000];
	const char *want = getenv("LK_REPORTS_SHOTS");
	if (!want || strcmp(want, "1"))
		return;
	cr_assert_eq(access("/usr/bin/chromium", X_OK), 0, "LK_REPORTS_SHOTS=1 needs chromium");
	static const int sizes[2][2] = {{1366, 2600}, {360, 6000}};
	for (int i = 0; i < 2; i++) {
		snprintf(cmd, sizeof cmd,
		         "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=%d,%d "
		         "--screenshot='%s/%s-%d.png' 'file://%s' >/dev/null 2>&1",
		         sizes[i][0], sizes[i][1], LK_REPORTS_OUT, name, sizes[i][0], html);
		cr_assert_eq(system(cmd), 0, "%s", cmd);
	}
	snprintf(cmd, sizeof cmd,
	         "chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf='%s/%s.pdf' "
	         "'file://%s' >/dev/null 2>&1 && pdftoppm -png -r 50 '%s/%s.pdf' '%s/%s-print'",
	         LK_REPORTS_OUT, name, html, LK_REPORTS_OUT, name, LK_REPORTS_OUT, name);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/*
 * /dinas on the district's device, as a person of its staff reads it in Indonesian: the figures and the legend
 * against the hand-worked year, the very charts `lokmin report --html` draws, one kecamatan alone, a table as
 * a workbook; saved with its style sheet under reports-out and screenshot.
 */
static void s_dashboard(const char *dk)
{
	const char *pass = "sri lestari dinkes 2025";
	free(s_ok(dk, "staff", "add", "Sri Lestari", "--role", "staff", "--title", "Kepala Seksi Pelayanan Kesehatan"));
	lkt_ui_add_user(dk, "sri", "Sri Lestari", pass, "id");
	struct lkt_ui ui;
	struct lkt_http h;
	char cookie[200], csrf[65], path[700];
	mkdir(LK_REPORTS_OUT, 0755);
	lkt_ui_start(&ui, dk, s_srv.dir, NULL);
	lkt_ui_session(&ui, "sri", pass, cookie, sizeof cookie, csrf);
	lkt_http(&ui, &h, "GET", "/", cookie, NULL);
	cr_assert(h.status == 200 && strstr(h.body, "<a href=\"/dinas\">Dasbor Dinas</a>"), "the menu: %s", h.body);
	lkt_http_free(&h);

	lkt_http(&ui, &h, "GET", "/dinas?tahun=2025", cookie, NULL);
	cr_assert_eq(h.status, 200, "%s", h.body);
	lkt_http_secure(&h);
	lkt_http_no_outside(h.body);
	lkt_page_labelled(h.body);
	cr_assert(strstr(h.body, "<h1>Dasbor Dinas Kesehatan 2025</h1>"), "%.2000s", h.body);
	cr_assert(strstr(h.body, "Kabupaten Kendal") && strstr(h.body, "keadaan per 31 Desember 2025"), "%.2000s", h.body);
	cr_assert_null(strstr(h.body, ">P33240"), "a puskesmas' bare code on the page");
	s_check_grid(h.body, &s_words_id);
	s_check_bars(h.body, &s_words_id);
	s_check_followup(h.body, &s_words_id);
	cr_assert_null(strstr(h.body, "KIA_K1"), "an indicator's bare code on the page");
	/* The long tables (a row per meeting, per indicator and puskesmas) are linked, each on its part's page. */
	static const char *const linked[][2] = {
		{"Lokmin bulanan 2025, per rapat", "rinci=kepatuhan#kepatuhan-4"},
		{"Cakupan s.d. Des 2025 per indikator, peringkat puskesmas", "rinci=cakupan#cakupan-2"},
		{"Cakupan (% dari target s.d. saat ini) per bulan, 2025", "rinci=cakupan#cakupan-3"},
	};
	for (size_t i = 0; i < 3; i++) {
		char needle[300];
		snprintf(needle, sizeof needle, "<caption>%s</caption>", linked[i][0]);
		cr_assert_null(strstr(h.body, needle), "%s is linked, not on the dashboard", linked[i][0]);
		snprintf(needle, sizeof needle, "<p class=\"long-table\">%s (", linked[i][0]);
		const char *p = strstr(h.body, needle);
		cr_assert(p, "no link to %s:\n%s", linked[i][0], h.body);
		snprintf(needle, sizeof needle, "<a href=\"/dinas?tahun=2025&amp;%s\">", linked[i][1]);
		cr_assert(strstr(p, needle) && strstr(p, needle) < strstr(p, "</p>"), "%s: %.300s", needle, p);
	}
	/* The summaries stay: the SOP's pieces and the grades per puskesmas. */
	cr_assert(strstr(h.body, "<caption>Lokmin bulanan 2025 per puskesmas: kelengkapan sesuai SOP</caption>") &&
	              strstr(h.body, "<caption>Kategori per puskesmas s.d. Des 2025</caption>"),
	          "%s", h.body);
	char *dash = strdup(h.body);
	lkt_http_free(&h);
	/* The coverage's part page: its tables, naming the indicator: the ranking's first row and the trend's rows,
	 * never its code. */
	lkt_http(&ui, &h, "GET", "/dinas?tahun=2025&rinci=cakupan", cookie, NULL);
	cr_assert_eq(h.status, 200, "%s", h.body);
	lkt_page_labelled(h.body);
	cr_assert(strstr(h.body, "<h1>Dasbor Dinas Kesehatan 2025: Cakupan</h1>"), "%.2000s", h.body);
	cr_assert(strstr(h.body, "<div class=\"table-scroll\" id=\"cakupan-2\">\n<table>\n<caption>Cakupan s.d. Des 2025 per "
	                         "indikator, peringkat puskesmas</caption>"),
	          "%.3000s", h.body);
	cr_assert(strstr(h.body, "<tr><td>" K1_NAME "</td><td>1</td><td>Puskesmas Kaliwungu</td>"), "%s", h.body);
	cr_assert(strstr(h.body, "<tr><td>" K1_NAME "</td><td>Puskesmas Kaliwungu Selatan</td><td class="), "%s",
	          h.body);
	cr_assert_null(strstr(h.body, "KIA_K1"), "an indicator's bare code on the page");
	cr_assert_null(strstr(h.body, "<h2>Kepatuhan lokmin 2025</h2>"), "one part only");
	lkt_http_free(&h);
	/* The compliance's: every meeting, May's missed one of Kaliwungu Selatan among them. */
	lkt_http(&ui, &h, "GET", "/dinas?tahun=2025&rinci=kepatuhan", cookie, NULL);
	cr_assert_eq(h.status, 200, "%s", h.body);
	cr_assert(strstr(h.body, "<caption>Lokmin bulanan 2025, per rapat</caption>") &&
	              strstr(h.body, "<tr><td>Puskesmas Kaliwungu Selatan</td><td>5</td><td class=\"bad\">tidak terlaksana</td>"),
	          "%s", h.body);
	lkt_http_free(&h);
	lkt_http(&ui, &h, "GET", "/dinas?tahun=2025&rinci=tidakada", cookie, NULL);
	cr_assert_eq(h.status, 404);
	lkt_http_free(&h);
	h.body = dash;
	/* The same charts as the report, byte for byte. */
	snprintf(path, sizeof path, "%s/dinas-report.html", LK_REPORTS_OUT);
	char env_pass[80];
	snprintf(env_pass, sizeof env_pass, "LOKMIN_PASSPHRASE=%s", PASS);
	const char *env[] = {env_pass, "LANGUAGE=id", NULL};
	const char *argv[] = {LOKMIN_BIN, "--home", dk,     "report", "all", "--year", "2025", "--as-of", "2025-12-31",
	                      "--html",   "--out",  path, NULL};
	char *err = NULL;
	cr_assert_eq(lkt_run(NULL, &err, argv, env, 60000), 0, "%s", err);
	free(err);
	char *report = s_file(path);
	const char *titles[] = {s_words_id.grid, s_words_id.bars, s_words_id.ageing, s_words_id.overdue};
	for (size_t i = 0; i < 4; i++) {
		char *a = s_chart(report, titles[i]), *b = s_chart(h.body, titles[i]);
		cr_assert_str_eq(a, b, "the report and the page draw \"%s\" alike", titles[i]);
		free(a);
		free(b);
	}
	free(report);
	/* Saved with its style sheet for the screenshots. */
	char *page = strdup(h.body), *css_ref = strstr(page, "href=\"/static/style.css\"");
	cr_assert_not_null(css_ref);
	memcpy(css_ref, "href=\"./dinas-style.css\"", 24);
	snprintf(path, sizeof path, "%s/dinas.html", LK_REPORTS_OUT);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(page, f);
	fclose(f);
	free(page);
	lkt_http_free(&h);
	lkt_http(&ui, &h, "GET", "/static/style.css", cookie, NULL);
	char css[700];
	snprintf(css, sizeof css, "%s/dinas-style.css", LK_REPORTS_OUT);
	f = fopen(css, "w");
	cr_assert_not_null(f);
	fwrite(h.body, 1, h.nbody, f);
	fclose(f);
	lkt_http_free(&h);
	s_shoot(path, "dinas");

	/* One kecamatan, chosen by its name. */
	lkt_http(&ui, &h, "GET", "/dinas?tahun=2025&kecamatan=332403", cookie, NULL);
	cr_assert_eq(h.status, 200, "%s", h.body);
	cr_assert(strstr(h.body, "<option value=\"332403\" selected>Kecamatan Kangkung</option>"), "%.3000s", h.body);
	char *grid = s_chart(h.body, s_words_id.grid);
	free(s_grid_row(grid, "Puskesmas Kangkung II"));
	cr_assert_null(strstr(grid, "class=\"name\">Puskesmas Kaliwungu</text>"), "%s", grid);
	free(grid);
	lkt_http_free(&h);

	/* The grid as a workbook, names and words as on the page; a table that is not there is not found. */
	lkt_http(&ui, &h, "GET", "/dinas/xlsx?tabel=kepatuhan&no=1&tahun=2025", cookie, NULL);
	cr_assert_eq(h.status, 200, "%s", h.body);
	char *disp = lkt_http_header(&h, "Content-Disposition");
	cr_assert(disp && strstr(disp, "kepatuhan-2025-1.xlsx"), "%s", disp);
	free(disp);
	char *xml = lkt_xlsx_part(&h, LK_REPORTS_OUT, "dinas-kepatuhan.xlsx", "xl/sharedStrings.xml");
	cr_assert(strstr(xml, "Puskesmas Kaliwungu Selatan") && strstr(xml, "tidak terlaksana") &&
	              strstr(xml, "tidak ada rencana"),
	          "%s", xml);
	free(xml);
	lkt_http_free(&h);
	lkt_http(&ui, &h, "GET", "/dinas/xlsx?tabel=kepatuhan&no=9&tahun=2025", cookie, NULL);
	cr_assert_eq(h.status, 404);
	lkt_http_free(&h);
	lkt_ui_stop(&ui);
}

/* The dashboard kept between requests follows the store: Kangkung II holds its first lokmin and syncs, the
 * district syncs while its ui runs, and the next GET shows it. */
static void s_dashboard_follows(const char *dk)
{
	struct lkt_ui ui;
	struct lkt_http h;
	char cookie[200], csrf[65], *grid[2];
	lkt_ui_start(&ui, dk, s_srv.dir, NULL);
	lkt_ui_session(&ui, "sri", "sri lestari dinkes 2025", cookie, sizeof cookie, csrf);
	for (int i = 0; i < 2; i++) {
		lkt_http(&ui, &h, "GET", "/dinas?tahun=2025", cookie, NULL);
		cr_assert_eq(h.status, 200, "%s", h.body);
		grid[i] = s_chart(h.body, s_words_id.grid);
		lkt_http_free(&h);
	}
	cr_assert_str_eq(grid[0], grid[1], "the same grid twice");
	char *row = s_grid_row(grid[0], s_names[5]);
	cr_assert(strstr(row, "class=\"total\">0/12 (0%)</text>"), "%s", row);
	free(row);
	struct plan p;
	s_plan(s_home[5], &p);
	s_do(s_home[5], "meeting", "held", p.id[1], "--date", p.planned[1]);
	s_do(s_home[5], "sync");
	s_do(dk, "sync");
	lkt_http(&ui, &h, "GET", "/dinas?tahun=2025", cookie, NULL);
	cr_assert_eq(h.status, 200, "%s", h.body);
	char *after = s_chart(h.body, s_words_id.grid);
	row = s_grid_row(after, s_names[5]);
	cr_assert(strstr(row, "class=\"total\">1/12 (8%)</text>"), "the synced lokmin is counted: %s", row);
	cr_assert(strstr(row, "<g class=\"cell good\"><title>Jan: "), "January held on time: %s", row);
	free(row);
	free(after);
	free(grid[0]);
	free(grid[1]);
	lkt_http_free(&h);
	lkt_ui_stop(&ui);
}

Test(reports, a_scripted_district_year)
{
	s_script_year();
	const char *dk = s_dk;

	/* Compliance. */
	char *json = s_ok(dk, "report", "compliance", "--year", "2025", "--as-of", "2025-12-31", "--json");
	const char *synced = strstr(json, "\"synced\":\"");
	cr_assert(synced && strncmp(synced + 10, "20", 2) == 0 && strstr(synced, " UTC\""),
	          "the report says when the figures were synced: %.200s", json);
	const char *grid = "Monthly lokmin 2025: held";
	char *r = s_row(json, grid, "P3324010101");
	s_cell(r, "Jan", "on time");
	s_cell(r, "Dec", "on time");
	s_cell(r, "HELD/DUE", "12/12 (100%)");
	free(r);
	r = s_row(json, grid, "P3324010102");
	s_cell(r, "May", "missed");
	s_cell(r, "Jul", "postponed");
	s_cell(r, "Aug", "on time");
	s_cell(r, "HELD/DUE", "11/12 (92%)");
	free(r);
	r = s_row(json, grid, "P3324020101");
	s_cell(r, "Jun", "on time");
	s_cell(r, "Jul", "missed");
	s_cell(r, "HELD/DUE", "6/12 (50%)");
	free(r);
	r = s_row(json, grid, "P3324020102");
	s_cell(r, "Mar", "late");
	s_cell(r, "HELD/DUE", "12/12 (100%)");
	free(r);
	r = s_row(json, grid, "P3324030101");
	s_cell(r, "Dec", "cancelled");
	s_cell(r, "HELD/DUE", "11/11 (100%)");
	free(r);
	r = s_row(json, grid, "P3324030102"); /* never planned: every month is a failure */
	s_cell(r, "Jan", "no plan");
	s_cell(r, "Dec", "no plan");
	s_cell(r, "HELD/DUE", "0/12 (0%)");
	free(r);
	r = s_row(json, grid, "ALL");
	s_cell(r, "HELD/DUE", "52/71 (73%)"); /* 12+11+6+12+11+0 of 12+12+12+12+11+12 */
	free(r);
	const char *pieces = "Monthly lokmin 2025 per puskesmas";
	r = s_row(json, pieces, "P3324010101");
	s_cell(r, "ON TIME", "12");
	s_cell(r, "MATERIAL ON TIME", "1/2 (50%)");
	s_cell(r, "INVITATION SIGNED", "1/12 (8%)");
	s_cell(r, "MINUTES SIGNED", "1/12 (8%)");
	s_cell(r, "SUBMITTED IN TIME", "1/12 (8%)");
	s_cell(r, "WITH PHOTOS", "1/12 (8%)");
	s_cell(r, "AVG PRESENT", "0.1");
	free(r);
	r = s_row(json, pieces, "P3324010102");
	s_cell(r, "ON TIME", "10");
	s_cell(r, "POSTPONED/LATE", "1");
	s_cell(r, "MISSED", "1");
	free(r);
	r = s_row(json, pieces, "ALL");
	s_cell(r, "MISSED", "19"); /* 1 + 6 + 12 */
	s_cell(r, "POSTPONED/LATE", "2");
	free(r);
	const char *qgrid = "Quarterly cross-sector lokmin 2025";
	r = s_row(json, qgrid, "332401");
	s_cell(r, "Q1", "on time");
	s_cell(r, "Q3", "missed");
	s_cell(r, "HELD/DUE", "3/4 (75%)");
	free(r);
	r = s_row(json, qgrid, "332403");
	s_cell(r, "Q2", "no plan");
	free(r);
	r = s_row(json, qgrid, "ALL");
	s_cell(r, "HELD/DUE", "3/12 (25%)");
	free(r);
	free(json);

	/* Follow-up. */
	json = s_ok(dk, "report", "followup", "--year", "2025", "--as-of", "2025-12-31", "--json");
	r = s_row(json, "RTL due in 2025", "P3324010101");
	s_cell(r, "ITEMS", "4");
	s_cell(r, "OPEN", "2");
	s_cell(r, "OVERDUE", "2");
	s_cell(r, "DONE ON TIME", "1");
	s_cell(r, "DONE LATE", "1");
	s_cell(r, "OVERDUE 1-30", "1");  /* due 12-20: 11 days */
	s_cell(r, "OVERDUE 31-90", "1"); /* due 11-30: 31 days */
	free(r);
	r = s_row(json, "RTL due in 2025", "P3324020101");
	s_cell(r, "OVERDUE >90", "1"); /* due 06-30: 184 days */
	free(r);
	r = s_row(json, "Cross-sector commitments", "Koramil 02");
	s_cell(r, "ITEMS", "2");
	s_cell(r, "DONE ON TIME", "1");
	s_cell(r, "OVERDUE", "1");
	s_cell(r, "OVERDUE >90", "1"); /* period ended 09-30: 92 days */
	free(r);
	static const char *const trend[][2] = {{"Feb", "0"}, {"Mar", "1"}, {"Apr", "0"}, {"Jun", "0"},
	                                       {"Jul", "1"}, {"Nov", "1"}, {"Dec", "3"}};
	for (size_t i = 0; i < sizeof trend / sizeof trend[0]; i++) {
		r = s_row(json, "RTL overdue at the end of each month", trend[i][0]);
		s_cell(r, "OVERDUE", trend[i][1]);
		free(r);
	}
	free(json);

	/* Coverage: K1 of three puskesmas, ranked. */
	json = s_ok(dk, "report", "coverage", "--year", "2025", "--as-of", "2025-12-31", "--json");
	static const struct {
		const char *pusk, *rank, *achieved, *cover, *grade;
	} k1[] = {{"P3324010101", "1", "100.0%", "100.0", "green"},
	          {"P3324010102", "2", "80.0%", "80.0", "yellow"},
	          {"P3324020101", "3", "60.0%", "60.0", "red"}};
	const char *rank = strstr(json, "per indicator, puskesmas ranked");
	cr_assert_not_null(rank);
	for (size_t i = 0; i < 3; i++) {
		char needle[300];
		snprintf(needle, sizeof needle,
		         "{\"INDICATOR\":\"KIA_K1\",\"RANK\":\"%s\",\"PUSKESMAS\":\"%s\",\"ACHIEVED\":\"%s\","
		         "\"TARGET TO DATE\":\"100.0%%\",\"COVER%%\":\"%s\",",
		         k1[i].rank, k1[i].pusk, k1[i].achieved, k1[i].cover);
		cr_assert(strstr(rank, needle), "%s missing:\n%s", needle, json);
		r = s_row(json, "Grades per puskesmas", k1[i].pusk);
		s_cell(r, !strcmp(k1[i].grade, "green") ? "GREEN" : !strcmp(k1[i].grade, "yellow") ? "YELLOW" : "RED", "1");
		free(r);
	}
	cr_assert(strstr(json, "{\"INDICATOR\":\"KIA_K1\",\"PUSKESMAS\":\"P3324010102\",\"Jan\":\"80\","), "%s", json);
	free(json);

	/* Evidence: exactly the missing pieces. */
	json = s_ok(dk, "report", "evidence", "--year", "2025", "--as-of", "2025-12-31", "--json");
	r = s_row(json, "Accreditation 1.6.2 evidence 2025 per puskesmas", "P3324010101");
	s_cell(r, "EP a: MEETINGS COMPLETE", "1/12");
	s_cell(r, "EP b: PROBLEMS WITH RECOMMENDATION", "1/1");
	s_cell(r, "EP c: RTL DONE WITH PROOF", "2/2");
	s_cell(r, "GAPS", "44"); /* February to December: invitation, attendance, minutes, photos */
	free(r);
	r = s_row(json, "Accreditation 1.6.2 evidence 2025 per puskesmas", "P3324020101");
	s_cell(r, "GAPS", "31"); /* 6 held x 4, 6 not held, no RTL done */
	s_cell(r, "EP a: MEETINGS COMPLETE", "0/12"); /* against the 12 due, not the 6 held */
	free(r);
	r = s_row(json, "Accreditation 1.6.2 evidence 2025 per puskesmas", "P3324030102");
	s_cell(r, "GAPS", "1");
	s_cell(r, "EP a: MEETINGS COMPLETE", "0/12"); /* never planned: every month was due all the same */
	free(r);
	cr_assert(strstr(json, "{\"PUSKESMAS\":\"P3324030102\",\"EP\":\"a\",\"MONTH\":\"\","
	                       "\"MISSING\":\"no schedule of monthly lokmin for the year\"}"),
	          "%s", json);
	const char *jan_piece = strstr(json, "{\"PUSKESMAS\":\"P3324010101\",\"EP\":\"a\",\"MONTH\":\"1\","
	                                     "\"EVIDENCE\":\"minutes, signed\"");
	cr_assert_not_null(jan_piece, "%s", json);
	const char *h = strstr(jan_piece, "\"HASH\":\"");
	cr_assert(h && strspn(h + 8, "0123456789abcdef") == 64, "a 64-digit content hash: %.120s", jan_piece);
	cr_assert_null(strstr(json, "{\"PUSKESMAS\":\"P3324010101\",\"EP\":\"a\",\"MONTH\":\"1\",\"MISSING\""),
	               "January of P1 is complete:\n%s", json);
	/* P1's 44 gaps are exactly these: for February to December the four pieces of EP a. */
	static const char *const kinds[] = {"no signed invitation", "no attendance list", "no signed minutes",
	                                    "minutes without photos"};
	int listed = 0;
	for (const char *g = json; (g = strstr(g, "{\"PUSKESMAS\":\"P3324010101\",\"EP\":\"")) != NULL; g++)
		listed += strstr(g, "\"MISSING\":\"") && strstr(g, "\"MISSING\":\"") < strchr(g, '}');
	cr_assert_eq(listed, 44);
	for (int m = 2; m <= 12; m++)
		for (size_t k = 0; k < 4; k++) {
			char want[200];
			snprintf(want, sizeof want, "{\"PUSKESMAS\":\"P3324010101\",\"EP\":\"a\",\"MONTH\":\"%d\",\"MISSING\":\"%s\"}",
			         m, kinds[k]);
			cr_assert(strstr(json, want), "%s missing", want);
		}
	free(json);

	/* The bundle for the surveyor: documents, photos (fetched from lokmind) and index pages. */
	char bundle[600], path[700];
	snprintf(bundle, sizeof bundle, "%s/bukti-2025", dk);
	free(s_ok(dk, "report", "evidence", "--year", "2025", "--as-of", "2025-12-31", "--bundle", bundle, "--out",
	          "/dev/null"));
	static const char *const files[] = {"index.html", "P3324010101/index.html", "P3324010101/01-undangan.html",
	                                    "P3324010101/01-daftar-hadir.html", "P3324010101/01-notulen.html",
	                                    "P3324030102/index.html"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", bundle, files[i]);
		cr_assert_eq(access(path, R_OK), 0, "%s missing", path);
	}
	snprintf(path, sizeof path, "%s/P3324010101/01-foto-1.jpg", bundle);
	char photo[600];
	snprintf(photo, sizeof photo, "%s/foto.jpg", s_home[0]);
	const char *cmp[] = {"/usr/bin/cmp", photo, path, NULL};
	cr_assert_eq(lkt_run(NULL, NULL, cmp, NULL, 5000), 0, "the photo is in the bundle, byte for byte");
	snprintf(path, sizeof path, "%s/P3324030102/index.html", bundle);
	const char *cat6[] = {"/bin/cat", path, NULL};
	char *idx = NULL;
	cr_assert_eq(lkt_run(&idx, NULL, cat6, NULL, 5000), 0);
	cr_assert(strstr(idx, "no schedule of monthly lokmin for the year"), "%s", idx);
	free(idx);
	snprintf(path, sizeof path, "%s/P3324010101/01-notulen.html", bundle);
	const char *cat1[] = {"/bin/cat", path, NULL};
	cr_assert_eq(lkt_run(&idx, NULL, cat1, NULL, 5000), 0);
	cr_assert(strstr(idx, "data-status=\"verified\"") && strstr(idx, "Lokmin Januari"), "%.300s", idx);
	free(idx);

	/* The same figures in the other formats. */
	char *csv = s_ok(dk, "report", "compliance", "--year", "2025", "--as-of", "2025-12-31", "--csv");
	cr_assert(strstr(csv, "Puskesmas Kangkung II,no plan,no plan,"), "by name: %s", csv);
	free(csv);
	char html[600];
	snprintf(html, sizeof html, "%s/compliance.html", dk);
	free(s_ok(dk, "report", "compliance", "--year", "2025", "--as-of", "2025-12-31", "--html", "--out", html));
	char *page = NULL;
	const char *cat[] = {"/bin/cat", html, NULL};
	cr_assert_eq(lkt_run(&page, NULL, cat, NULL, 5000), 0);
	cr_assert(strstr(page, "<!DOCTYPE html>") && strstr(page, "<svg") && strstr(page, "@media print") &&
	              strstr(page, "<td class=\"void\">no plan</td>") && strstr(page, "<td class=\"bad\">missed</td>"),
	          "%.400s", page);
	s_check_grid(page, &s_words_en);
	cr_assert_null(strstr(page, "<script"), "no scripts");
	cr_assert_null(strstr(page, "src=\"http"), "no network resources");
	free(page);
	/* One page for everything: the compliance grid, the coverage bars and the overdue line. */
	snprintf(html, sizeof html, "%s/lokmin-2025.html", dk);
	free(s_ok(dk, "report", "all", "--year", "2025", "--as-of", "2025-12-31", "--html", "--out", html));
	cr_assert_eq(lkt_run(&page, NULL, cat, NULL, 5000), 0);
	cr_assert(strstr(page, "<h2>Lokmin compliance 2025</h2>") && strstr(page, "<h2>Follow-up 2025</h2>") &&
	              strstr(page, "<h2>Coverage 2025</h2>") && strstr(page, "<h2>Accreditation evidence"),
	          "%.300s", page);
	cr_assert(strstr(page, "<rect x=") && strstr(page, "<polyline") && strstr(page, "<line x1="), "charts");
	cr_assert_eq(strstr(page, "<!DOCTYPE html>"), page, "one page");
	cr_assert_null(strstr(page + 1, "<!DOCTYPE html>"), "one page");
	s_check_bars(page, &s_words_en);
	s_check_followup(page, &s_words_en);
	free(page);
	s_dashboard(dk);

	s_pdf_reports(dk);

	/* A report narrowed to one puskesmas, or one kecamatan, named by a unique part of its name. */
	json = s_ok(dk, "report", "coverage", "--year", "2025", "--as-of", "2025-12-31", "--json", "--puskesmas",
	            "kaliwungu selatan");
	cr_assert(strstr(json, "{\"INDICATOR\":\"KIA_K1\",\"RANK\":\"1\",\"PUSKESMAS\":\"P3324010102\",\"ACHIEVED\":\"80.0%\","),
	          "%s", json);
	cr_assert_null(strstr(json, "P3324010101"), "%s", json);
	cr_assert_null(strstr(json, "P3324020101"), "%s", json);
	free(json);
	json = s_ok(dk, "report", "compliance", "--year", "2025", "--as-of", "2025-12-31", "--json", "--kecamatan",
	            "kangkung");
	cr_assert(strstr(json, "P3324030101") && strstr(json, "P3324030102"), "%s", json);
	cr_assert_null(strstr(json, "P3324010101"), "%s", json);
	cr_assert_null(strstr(json, "P3324020102"), "%s", json);
	free(json);
	json = s_ok(dk, "report", "followup", "--year", "2025", "--as-of", "2025-12-31", "--json", "--puskesmas",
	            "P3324030102");
	cr_assert_null(strstr(json, "P3324010101"), "%s", json);
	free(json);
	/* Two puskesmas fit "Kangkung": nothing is reported, and both are offered. */
	lkt_cli_fail(dk, PASS, 2, "P3324030102",
	             LKT_WORDS("report", "coverage", "--year", "2025", "--puskesmas", "Kangkung"));
	lkt_cli_fail(dk, PASS, 2, "",
	             LKT_WORDS("report", "coverage", "--year", "2025", "--kecamatan", "Atlantis"));

	/* A record by its handle: January's meeting of P1, and the to-do list leads with handles. */
	char *rec = s_ok(s_home[0], "record", "show", "meeting", "2025-01");
	cr_assert(strstr(rec, "\"period\":1,") && strstr(rec, "\"puskesmas\":\"P3324010101\""), "%s", rec);
	cr_assert(strstr(rec, "\"year\":2025"), "%s", rec);
	free(rec);
	lkt_cli_fail(s_home[0], PASS, 2, "", LKT_WORDS("record", "show", "meeting", "2019-01"));
	char *todo = s_ok(s_home[0], "todo", "--as-of", "2025-12-31");
	cr_assert(!strncmp(todo, "HANDLE ", 7), "%s", todo);
	cr_assert(strstr(todo, "\n2025-"), "a meeting's handle leads its line: %s", todo);
	free(todo);
	s_dashboard_follows(dk);
}
