/* fuzz_capaian: the achievement CSV import (`lokmin capaian import`): rows, year, month and number parsing. */
#include <fcntl.h>
#include <sanitizer/common_interface_defs.h>
#include <unistd.h>

#include "client.h"
#include "fuzz.h"
#include "store.h"

static struct session s_sess;
static char s_csv[600];
static int s_err_fd = 2, s_null_fd = -1;

/* A puskesmas device whose store holds a catalogue of three indicators and one month of figures. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256], id[LK_UUID_STRLEN];
	snprintf(s_sess.home, sizeof s_sess.home, "%s", fz_tmpdir("capaian"));
	snprintf(s_csv, sizeof s_csv, "%s/import.csv", s_sess.home);
	strcpy(s_sess.prof.kabupaten, "3201");
	strcpy(s_sess.prof.kecamatan, "320101");
	strcpy(s_sess.prof.puskesmas, "P3201010001");
	strcpy(s_sess.prof.role, "puskesmas");
	s_sess.store = lk_store_open(s_sess.home, err, sizeof err);
	FZ_CHECK(s_sess.store != NULL, "store: %s", err);

	Lokmin__Indicator a = LOKMIN__INDICATOR__INIT, b = LOKMIN__INDICATOR__INIT, c = LOKMIN__INDICATOR__INIT;
	Lokmin__Indicator *v[3] = {&a, &b, &c};
	Lokmin__CatalogueReply cat = LOKMIN__CATALOGUE_REPLY__INIT;
	a.code = "KIA-K1", a.unit = "persen", a.default_annual_target = 95;
	b.code = "GIZI-D", b.unit = "persen", b.accrual = "point", b.default_annual_target = 80;
	c.code = "P2-TB", c.unit = "jumlah", c.default_annual_target = 120;
	cat.digest = "fuzz";
	cat.indicators = v;
	cat.n_indicators = 3;
	FZ_CHECK(lk_store_catalogue_put(s_sess.store, &cat) == 0, "catalogue: %s", lk_store_error(s_sess.store));

	const struct lk_entity *e = lk_entity_find("achievement");
	ProtobufCMessage *m = lk_record_new(e);
	FZ_CHECK(!lk_record_set(m, "kabupaten", "3201") && !lk_record_set(m, "kecamatan", "320101") &&
	             !lk_record_set(m, "puskesmas", "P3201010001") && !lk_record_set(m, "indicator_code", "KIA-K1") &&
	             !lk_record_set(m, "year", "2024") && !lk_record_set(m, "month", "1") &&
	             !lk_record_set(m, "numerator", "10") && !lk_record_set(m, "denominator", "100") &&
	             lk_natural_id(e, m, id) == 0 && !lk_record_set(m, "id", id),
	         "achievement");
	FZ_CHECK(lk_store_put(s_sess.store, e, m, NULL, 0, err, sizeof err) == 0, "put: %s", err);
	lk_record_free(m);

	/* The import prints a line per bad row: keep the reports, drop the chatter. */
	s_err_fd = dup(2);
	s_null_fd = open("/dev/null", O_WRONLY);
	__sanitizer_set_report_fd((void *)(intptr_t)s_err_fd);
	return 0;
}

static int s_achievements(const char *const *row, int ncol, void *arg)
{
	*(long *)arg = strtol(row[0], NULL, 10);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A last row that is always refused (year 1999 in every column), so nothing
	 * is ever written and every run sees the same store: one bad row and
	 * nothing is imported. */
	static const char guard[] = "\n1999,1999,1999,1999,1999,1999,1999,1999,1999,1999,1999,1999,1999,1999,1999,1999\n";
	FILE *f = fopen(s_csv, "wb");
	FZ_CHECK(f && fwrite(data, 1, size, f) == size && fputs(guard, f) >= 0 && fclose(f) == 0, "write %s", s_csv);
	char *argv[] = {"capaian", "import", s_csv, NULL};

	fflush(stdout);
	fflush(stderr);
	int out = dup(1), errfd = dup(2);
	dup2(s_null_fd, 1);
	dup2(s_null_fd, 2);
	int rc = cmd_capaian(&s_sess, 3, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(errfd, 2);
	close(out);
	close(errfd);

	long n = -1;
	/* 0 is possible: with no header line every row counts as empty and is skipped. */
	FZ_CHECK(rc == 0 || rc == 1, "import returned %d", rc);
	FZ_CHECK(lk_store_query(s_sess.store, "SELECT count(*) FROM achievement", NULL, 0, s_achievements, &n) == 0,
	         "query: %s", lk_store_error(s_sess.store));
	FZ_CHECK(n == 1, "an import with a bad row left %ld achievement rows (1 before)", n);
	return 0;
}
