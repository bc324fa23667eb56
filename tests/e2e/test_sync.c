/* test_sync: real lokmin clients editing offline and syncing through a real lokmind. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "lk_util.h"
#include "lkt.h"

static struct lkt_server s_srv;
static char s_a[400], s_b[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "a", s_a, sizeof s_a);
	lkt_home(&s_srv, "b", s_b, sizeof s_b);
	cr_assert_eq(lkt_enroll(&s_srv, s_a, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_b, "puskesmas", "P3324010101"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(sync, .init = s_setup, .fini = s_teardown, .timeout = 240);

/* Run lokmin in home with the given words (NULL-terminated); stdout in *out when out is not NULL. */
static int s_run(const char *home, char **out, ...)
{
	const char *args[40];
	int n = 0;
	va_list ap;
	va_start(ap, out);
	for (const char *w; n < 39 && (w = va_arg(ap, const char *)) != NULL;)
		args[n++] = w;
	va_end(ap);
	args[n] = NULL;
	char *err = NULL;
	int rc = lkt_lokmin(home, out, &err, args);
	if (rc != 0)
		cr_log_warn("lokmin %s: exit %d: %s", args[0], rc, err);
	free(err);
	return rc;
}

/* Create a record and return its id (malloc'd). */
static char *s_put(const char *home, ...)
{
	const char *args[40] = {"record", "put"};
	int n = 2;
	va_list ap;
	va_start(ap, home);
	for (const char *w; n < 39 && (w = va_arg(ap, const char *)) != NULL;)
		args[n++] = w;
	va_end(ap);
	args[n] = NULL;
	char *out = NULL, *err = NULL;
	int rc = lkt_lokmin(home, &out, &err, args);
	cr_assert_eq(rc, 0, "record put: %s", err);
	free(err);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static char *s_export_client(const char *home)
{
	char *out = NULL;
	cr_assert_eq(s_run(home, &out, "export", NULL), 0);
	return out;
}

static char *s_export_server(void)
{
	char *out = NULL;
	const char *args[] = {"export", "--kabupaten", "3324", NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, &out, NULL, args), 0);
	return out;
}

static void s_same_everywhere(const char *const *homes, int n)
{
	char *server = s_export_server();
	cr_assert(strlen(server) > 0);
	for (int i = 0; i < n; i++) {
		char *c = s_export_client(homes[i]);
		cr_assert_str_eq(c, server, "client %d differs from the server", i);
		free(c);
	}
	free(server);
}

static char *s_field(const char *home, const char *entity, const char *id, const char *field)
{
	char *out = NULL, key[80];
	cr_assert_eq(s_run(home, &out, "record", "get", entity, id, NULL), 0);
	snprintf(key, sizeof key, "\"%s\":", field);
	char *p = strstr(out, key);
	cr_assert_not_null(p, "%s has no %s: %s", id, field, out);
	p += strlen(key);
	char *v;
	if (*p == '"') {
		char *e = strchr(p + 1, '"');
		v = strndup(p + 1, (size_t)(e - p - 1));
	} else {
		v = strndup(p, strcspn(p, ",}"));
	}
	free(out);
	return v;
}

static void s_sync_ok(const char *home)
{
	cr_assert_eq(s_run(home, NULL, "sync", NULL), 0, "sync of %s failed", home);
}

/* The two-device scenario; first_a says whether A syncs first. */
static void s_offline_edits(int first_a)
{
	char kv[200], *out = NULL;
	char *m1 = s_put(s_a, "meeting", "kind=monthly", "year=2026", "period=3", "planned_date=2026-03-03",
	                 "status=planned", "title=Lokmin Maret", NULL);
	s_sync_ok(s_a);
	s_sync_ok(s_b);

	/* Offline on both sides. Same record, different fields: */
	cr_assert_eq(s_run(s_a, NULL, "record", "put", "meeting", "--id", m1, "place=Aula Puskesmas", NULL), 0);
	cr_assert_eq(s_run(s_b, NULL, "record", "put", "meeting", "--id", m1, "title=Lokmin Maret 2026", NULL), 0);
	/* Same scalar field; B's change is the later one: */
	cr_assert_eq(s_run(s_a, NULL, "record", "put", "meeting", "--id", m1, "planned_date=2026-03-05", NULL), 0);
	usleep(20000);
	cr_assert_eq(s_run(s_b, NULL, "record", "put", "meeting", "--id", m1, "planned_date=2026-03-06", NULL), 0);
	/* Same narrative field: */
	cr_assert_eq(s_run(s_a, NULL, "record", "put", "meeting", "--id", m1, "notes=Catatan dari TU", NULL), 0);
	cr_assert_eq(s_run(s_b, NULL, "record", "put", "meeting", "--id", m1, "notes=Catatan dari notulis", NULL), 0);
	/* Different records on each side: */
	snprintf(kv, sizeof kv, "meeting_id=%s", m1);
	char own[80];
	snprintf(own, sizeof own, "owner_person_id=%s", m1); /* any record id will do for the merge */
	char *r1 = s_put(s_a, "rtl", kv, own, "activity=Sweeping imunisasi", "status=open", "due_date=2026-04-15", NULL);
	char *at = s_put(s_b, "attendance", kv, "name=dr. Sari", "invited=1", "present=1", NULL);
	char *m2 = s_put(s_b, "meeting", "kind=monthly", "year=2026", "period=4", "status=planned", NULL);

	const char *x = first_a ? s_a : s_b, *y = first_a ? s_b : s_a;
	s_sync_ok(x);
	s_sync_ok(y);
	s_sync_ok(x);

	const char *homes[2] = {s_a, s_b};
	s_same_everywhere(homes, 2);
	char *v = s_field(s_a, "meeting", m1, "place");
	cr_assert_str_eq(v, "Aula Puskesmas", "different fields merge");
	free(v);
	v = s_field(s_a, "meeting", m1, "title");
	cr_assert_str_eq(v, "Lokmin Maret 2026");
	free(v);
	v = s_field(s_b, "meeting", m1, "planned_date");
	cr_assert_str_eq(v, "2026-03-06", "the later change wins in either order");
	free(v);
	v = s_field(s_b, "meeting", m1, "notes");
	cr_assert_str_eq(v, first_a ? "Catatan dari TU" : "Catatan dari notulis", "the record keeps the first version");
	free(v);
	v = s_field(s_b, "rtl", r1, "activity");
	cr_assert_str_eq(v, "Sweeping imunisasi");
	free(v);
	v = s_field(s_a, "attendance", at, "name");
	cr_assert_str_eq(v, "dr. Sari");
	free(v);
	v = s_field(s_a, "meeting", m2, "period");
	cr_assert_str_eq(v, "4");
	free(v);

	/* Both clients list the same open narrative conflict, and the settled scalar one with --all. */
	char *ca = NULL, *cb = NULL;
	cr_assert_eq(s_run(s_a, &ca, "conflicts", NULL), 0);
	cr_assert_eq(s_run(s_b, &cb, "conflicts", NULL), 0);
	cr_assert_str_eq(ca, cb);
	cr_assert(strstr(ca, ".notes  narrative, open"), "%s", ca);
	cr_assert(strstr(ca, first_a ? "Catatan dari notulis" : "Catatan dari TU"), "the other version is kept: %s", ca);
	free(cb);
	cr_assert_eq(s_run(s_a, &out, "conflicts", "--all", NULL), 0);
	cr_assert(strstr(out, ".planned_date  scalar, settled"), "%s", out);
	free(out);

	/* Settle it on A by keeping the other version; B sees it settled after syncing. */
	char cid[81];
	cr_assert_eq(sscanf(ca, "%80s", cid), 1, "%s", ca);
	free(ca);
	cr_assert_eq(s_run(s_a, NULL, "conflicts", "resolve", cid, "--keep", "other", NULL), 0);
	s_sync_ok(s_a);
	s_sync_ok(s_b);
	cr_assert_eq(s_run(s_b, &out, "conflicts", NULL), 0);
	cr_assert(strstr(out, "no open conflicts"), "%s", out);
	free(out);
	v = s_field(s_b, "meeting", m1, "notes");
	cr_assert_str_eq(v, first_a ? "Catatan dari notulis" : "Catatan dari TU", "the chosen version reached B");
	free(v);
	s_same_everywhere(homes, 2);
	free(m1);
	free(m2);
	free(r1);
	free(at);
}

Test(sync, offline_edits_a_syncs_first)
{
	s_offline_edits(1);
}

Test(sync, offline_edits_b_syncs_first)
{
	s_offline_edits(0);
}

/* Make n meetings on home, quickly enough for a test. */
static void s_many(const char *home, int n, const char *title)
{
	for (int i = 0; i < n; i++) {
		char period[32], t[64];
		snprintf(period, sizeof period, "period=%d", 1 + i % 12);
		snprintf(t, sizeof t, "title=%s %d", title, i);
		free(s_put(home, "meeting", "kind=monthly", "year=2026", period, "status=planned", t, NULL));
	}
}

static pid_t s_spawn_sync(const char *home, const char *batch)
{
	pid_t pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 1);
		dup2(devnull, 2);
		execl(LOKMIN_BIN, LOKMIN_BIN, "--home", home, "sync", "--batch", batch, "--inflight", "2", "--page", batch,
		      "--retries", "0", (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int s_count(const char *sql)
{
	char *v = lkt_sql_value(&s_srv.db, sql);
	cr_assert_not_null(v);
	int n = atoi(v);
	free(v);
	return n;
}

Test(sync, lokmind_killed_mid_push_every_op_applied_once)
{
	enum { N = 120 };
	int st;
	s_many(s_a, N, "Rapat");
	/* Slow the server down so the push is surely in progress when it dies. */
	cr_assert_eq(lkt_sql(&s_srv.db, "CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	                                "PERFORM pg_sleep(0.01); RETURN NEW; END $$; "
	                                "CREATE TRIGGER slow BEFORE INSERT ON meeting FOR EACH ROW EXECUTE FUNCTION slow()"),
	             0);
	pid_t sync = s_spawn_sync(s_a, "10");
	int waited = 0;
	while (s_count("SELECT count(*) FROM meeting") < 20 && waited++ < 1000)
		usleep(10000);
	cr_assert(waited < 1000, "the push never started");
	cr_assert_eq(lkt_server_stop(&s_srv, SIGKILL, 5000), 128 + SIGKILL);
	cr_assert_eq(waitpid(sync, &st, 0), sync);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1, "sync must fail clearly when the server dies");
	int before = s_count("SELECT count(*) FROM meeting");
	cr_assert(before > 0 && before < N, "killed part-way (%d of %d)", before, N);

	cr_assert_eq(lkt_server_start(&s_srv), 0);
	s_sync_ok(s_a);
	cr_assert_eq(s_count("SELECT count(*) FROM meeting"), N);
	cr_assert_eq(s_count("SELECT count(*) FROM applied_op"), N, "one stored result per op");
	cr_assert_eq(s_count("SELECT count(*) FROM change_log"), N, "one change per record: nothing applied twice");
	cr_assert_eq(s_count("SELECT count(*) FROM meeting WHERE rev <> 1"), 0);
	char *out = NULL;
	cr_assert_eq(s_run(s_a, &out, "status", "--json", NULL), 0);
	cr_assert(strstr(out, "\"pending_ops\":0") && strstr(out, "\"failed_ops\":0"), "%s", out);
	free(out);
	s_sync_ok(s_b);
	const char *homes[2] = {s_a, s_b};
	s_same_everywhere(homes, 2);
}

Test(sync, client_killed_mid_pull_loses_and_duplicates_nothing)
{
	enum { N = 150 };
	s_many(s_a, N, "Data");
	s_sync_ok(s_a);
	/* B pulls in pages of 5 and is killed at different moments, then finishes. */
	for (int round = 0; round < 3; round++) {
		pid_t p = s_spawn_sync(s_b, "5");
		usleep((useconds_t)(30000 + 60000 * round));
		kill(p, SIGKILL);
		waitpid(p, NULL, 0);
	}
	s_sync_ok(s_b);
	const char *homes[2] = {s_a, s_b};
	s_same_everywhere(homes, 2);
	char *out = NULL;
	cr_assert_eq(s_run(s_b, &out, "record", "list", "meeting", NULL), 0);
	int lines = 0;
	for (char *c = out; *c; c++)
		lines += *c == '\n';
	cr_assert_eq(lines, N);
	free(out);
}

Test(sync, stale_cursor_resyncs_to_the_same_state_as_a_fresh_client)
{
	char c[400];
	s_many(s_a, 30, "Awal");
	s_sync_ok(s_a);
	s_sync_ok(s_b);
	s_many(s_a, 10, "Lanjut");
	s_sync_ok(s_a);
	/* The server forgets its log through seq 35: B's cursor (30) is now too old. */
	cr_assert_eq(lkt_sql(&s_srv.db, "DELETE FROM change_log WHERE seq <= 35; UPDATE sync_counter SET pruned_through = 35"),
	             0);
	s_sync_ok(s_b);
	lkt_home(&s_srv, "c", c, sizeof c);
	cr_assert_eq(lkt_enroll(&s_srv, c, "puskesmas", "P3324010101"), 0);
	s_sync_ok(c);
	const char *homes[3] = {s_a, s_b, c};
	s_same_everywhere(homes, 3);
}

/* The sync summary's "in N chunks" figure. */
static int s_chunks_of(const char *summary)
{
	const char *p = strstr(summary, " files in ");
	cr_assert_not_null(p, "%s", summary);
	return atoi(p + strlen(" files in "));
}

Test(sync, attachment_upload_cut_at_half_resumes_with_the_rest)
{
	char file[500], back[500], *out = NULL;
	enum { SIZE = 1536 * 1024, CHUNKS = 24 }; /* 64 KiB chunks */
	char *m = s_put(s_a, "meeting", "kind=monthly", "year=2026", "period=5", "status=held", NULL);
	snprintf(file, sizeof file, "%s/foto-lokmin.jpg", s_srv.dir);
	FILE *f = fopen(file, "wb");
	for (int i = 0; i < SIZE; i++)
		fputc((int)(((unsigned)i * 7919u + (unsigned)i / 3u) & 0xffu), f);
	fclose(f);
	cr_assert_eq(s_run(s_a, &out, "attach", "meeting", m, file, "--caption", "Suasana lokmin", NULL), 0);
	char *att = strndup(out, strcspn(out, "\n"));
	free(out);

	/* Each stored chunk takes a while, so the upload can be cut part-way. */
	cr_assert_eq(lkt_sql(&s_srv.db, "CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	                                "PERFORM pg_sleep(0.05); RETURN NEW; END $$; "
	                                "CREATE TRIGGER slow BEFORE INSERT ON blob_chunk FOR EACH ROW EXECUTE FUNCTION slow()"),
	             0);
	pid_t p = s_spawn_sync(s_a, "10");
	int waited = 0;
	while (s_count("SELECT count(*) FROM blob_chunk") < CHUNKS / 2 && waited++ < 2000)
		usleep(5000);
	kill(p, SIGKILL);
	waitpid(p, NULL, 0);
	usleep(300000); /* chunks already on the wire are stored */
	int stored = s_count("SELECT count(*) FROM blob_chunk");
	cr_assert(stored >= CHUNKS / 2 && stored < CHUNKS, "cut part-way: %d of %d chunks stored", stored, CHUNKS);

	cr_assert_eq(s_run(s_a, &out, "sync", NULL), 0);
	int sent = s_chunks_of(out);
	cr_log_info("upload cut after %d of %d chunks; the resumed sync sent %d", stored, CHUNKS, sent);
	cr_assert_eq(sent, CHUNKS - stored, "only the missing chunks are sent: %s", out);
	free(out);
	cr_assert_eq(s_count("SELECT count(*) FROM blob WHERE complete"), 1);

	/* Another device downloads it on demand, byte for byte. */
	s_sync_ok(s_b);
	snprintf(back, sizeof back, "%s/back.jpg", s_srv.dir);
	cr_assert_eq(s_run(s_b, NULL, "attachment", "get", att, "--out", back, NULL), 0);
	char *x = NULL, *y = NULL;
	size_t lx = 0, ly = 0;
	cr_assert_eq(lk_read_file(file, &x, &lx), 0);
	cr_assert_eq(lk_read_file(back, &y, &ly), 0);
	cr_assert_eq(lx, ly);
	cr_assert_eq(memcmp(x, y, lx), 0);
	free(x);
	free(y);
	free(att);
	free(m);
}

Test(sync, attachment_over_the_limit_is_refused_locally)
{
	char file[500], *err = NULL;
	char *m = s_put(s_a, "meeting", "kind=monthly", "year=2026", "period=6", "status=held", NULL);
	snprintf(file, sizeof file, "%s/besar.pdf", s_srv.dir);
	FILE *f = fopen(file, "wb");
	cr_assert_eq(fseek(f, 21 * 1024 * 1024, SEEK_SET), 0);
	fputc(1, f);
	fclose(f);
	const char *args[] = {"attach", "meeting", m, file, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, args), 1);
	cr_assert(strstr(err, "limited to 20 MiB"), "%s", err);
	free(err);
	char *out = NULL;
	cr_assert_eq(s_run(s_a, &out, "attachment", "list", NULL), 0);
	cr_assert_str_eq(out, "", "nothing half-written");
	free(out);
	free(m);
}

Test(sync, rejected_op_is_listed_and_blocks_nothing)
{
	char *out = NULL;
	/* A record claiming another puskesmas: the server refuses it; the next op still goes through. */
	char *bad = s_put(s_a, "meeting", "kind=monthly", "year=2026", "period=7", "status=planned",
	                  "puskesmas=P3324010102", NULL);
	char *good = s_put(s_a, "meeting", "kind=monthly", "year=2026", "period=8", "status=planned", NULL);
	cr_assert_eq(s_run(s_a, &out, "sync", NULL), 0);
	cr_assert(strstr(out, "1 applied") && strstr(out, "1 rejected"), "%s", out);
	free(out);
	cr_assert_eq(s_run(s_a, &out, "failed", NULL), 0);
	cr_assert(strstr(out, bad) && strstr(out, "OUT_OF_SCOPE"), "%s", out);
	cr_assert_null(strstr(out, good));
	free(out);
	cr_assert_eq(s_run(s_a, &out, "status", "--json", NULL), 0);
	cr_assert(strstr(out, "\"failed_ops\":1") && strstr(out, "\"pending_ops\":0"), "%s", out);
	free(out);
	cr_assert_eq(s_count("SELECT count(*) FROM meeting"), 1, "nothing of the refused op was written");
	/* Syncing again sends nothing more: the refusal is final and visible. */
	cr_assert_eq(s_run(s_a, &out, "sync", NULL), 0);
	cr_assert(strstr(out, "pushed 0 ops"), "%s", out);
	free(out);
	/* Discarding the refusal removes the record that never reached the server. */
	cr_assert_eq(s_run(s_a, &out, "failed", "--json", NULL), 0);
	char *p = strstr(out, "\"op_id\":\"");
	cr_assert_not_null(p, "%s", out);
	char opid[37];
	memcpy(opid, p + 9, 36);
	opid[36] = '\0';
	free(out);
	/* The text list leads with the op's handle, which discard takes. */
	cr_assert_eq(s_run(s_a, &out, "failed", NULL), 0);
	cr_assert(!strncmp(out, opid + 28, 8) && out[8] == ' ', "%s", out);
	free(out);
	cr_assert_eq(s_run(s_a, &out, "failed", "discard", opid + 28, NULL), 0);
	cr_assert(strstr(out, "is removed"), "%s", out);
	free(out);
	cr_assert_eq(s_run(s_a, &out, "status", "--json", NULL), 0);
	cr_assert(strstr(out, "\"failed_ops\":0"), "%s", out);
	free(out);
	const char *homes[1] = {s_a};
	s_same_everywhere(homes, 1);
	free(bad);
	free(good);
}

Test(sync, download_resumes_after_the_chunks_already_here)
{
	char file[500], part[600], *out = NULL;
	enum { SIZE = 640 * 1024, CHUNK = 64 * 1024 }; /* 10 chunks */
	char *m = s_put(s_a, "meeting", "kind=monthly", "year=2026", "period=9", "status=held", NULL);
	snprintf(file, sizeof file, "%s/scan.pdf", s_srv.dir);
	FILE *f = fopen(file, "wb");
	for (int i = 0; i < SIZE; i++)
		fputc((int)(((unsigned)i * 2654435761u) >> 24), f);
	fclose(f);
	cr_assert_eq(s_run(s_a, &out, "attach", "meeting", m, file, NULL), 0);
	char *att = strndup(out, strcspn(out, "\n"));
	free(out);
	s_sync_ok(s_a);
	s_sync_ok(s_b);

	/* B already holds the first 4 chunks from an interrupted download. */
	char *data = NULL, hash[65] = "";
	size_t len = 0;
	cr_assert_eq(lk_read_file(file, &data, &len), 0);
	cr_assert_eq(s_run(s_b, &out, "--json", "attachment", "list", NULL), 0);
	char *h = strstr(out, "\"hash\":\"");
	cr_assert_not_null(h);
	memcpy(hash, h + 8, 64);
	free(out);
	snprintf(part, sizeof part, "%s/blobs", s_b);
	mkdir(part, 0700);
	snprintf(part, sizeof part, "%s/blobs/%s.part", s_b, hash);
	f = fopen(part, "wb");
	fwrite(data, 1, 4 * CHUNK + 1000, f); /* and part of a fifth, which is dropped */
	fclose(f);
	int before = lkt_log_count(&s_srv, "type=blob_get");
	char back[500];
	snprintf(back, sizeof back, "%s/scan-b.pdf", s_srv.dir);
	cr_assert_eq(s_run(s_b, NULL, "attachment", "get", att, "--out", back, NULL), 0);
	int fetched = lkt_log_wait(&s_srv, "type=blob_get", before + 6, 3000) - before;
	cr_assert_eq(fetched, 6, "only the 6 missing chunks are fetched, got %d", fetched);
	char *got = NULL;
	size_t glen = 0;
	cr_assert_eq(lk_read_file(back, &got, &glen), 0);
	cr_assert_eq(glen, len);
	cr_assert_eq(memcmp(got, data, len), 0);
	free(got);
	free(data);
	free(att);
	free(m);
}
