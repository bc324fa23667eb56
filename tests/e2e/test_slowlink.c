/* test_slowlink: a month of one puskesmas synced over a slow link that is cut twice (netns, veth, tbf, lkproxy). */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "lk_entity.h"
#include "lk_util.h"
#include "lkt.h"
#include "store.h"

enum {
	PROXY_PORT = 17400,      /* inside the namespace, so any port will do */
	DELAY_MS = 150,          /* one way, added by lkproxy */
	PHOTOS = 3,
	PHOTO_SIZE = 200 * 1024, /* 4 chunks of up to 64 KiB each */
	CHUNKS = PHOTOS * 4,
	PERSONS = 68,
	OTHER_MEETINGS = 19,
	MAIN_ATTENDANCE = 40,
	OTHER_ATTENDANCE = 6, /* per other meeting */
	MAIN_RTL = 20,
	OTHER_RTL = 2, /* per other meeting */
	RECORDS = PERSONS + 1 + OTHER_MEETINGS + MAIN_ATTENDANCE + OTHER_MEETINGS * OTHER_ATTENDANCE + MAIN_RTL +
	          OTHER_MEETINGS * OTHER_RTL + PHOTOS, /* 300 puts and 3 attachment records */
	SYNC_LIMIT_MS = 180000,
};

static struct lkt_server s_srv;
static const char *s_ipbin, *s_tcbin;
static char s_ns[32], s_vr[16], s_vn[16], s_root_ip[24], s_ns_ip[24];
static int s_ns_made, s_veth_made;
static pid_t s_proxy, s_sync;
static char s_proxy_log[400];
static char s_link[300]; /* what the link does, for the report */

static uint64_t s_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The path of an iproute2 program ("ip" or "tc"), or NULL. */
static const char *s_which(const char *name)
{
	static char found[2][64];
	static const char *const dirs[] = {"/usr/sbin", "/sbin", "/usr/bin", "/bin"};
	char *slot = found[strcmp(name, "ip") == 0 ? 0 : 1];
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(slot, sizeof found[0], "%s/%s", dirs[i], name);
		if (access(slot, X_OK) == 0)
			return slot;
	}
	return NULL;
}

/* Run prog with the words up to NULL; stdout and stderr (malloc'd) in out/err when not NULL. */
static __attribute__((sentinel)) int s_cmd(char **out, char **err, const char *prog, ...)
{
	const char *argv[32] = {prog};
	int n = 1;
	va_list ap;
	va_start(ap, prog);
	for (const char *w; n < 31 && (w = va_arg(ap, const char *)) != NULL;)
		argv[n++] = w;
	va_end(ap);
	argv[n] = NULL;
	return lkt_run(out, err, argv, NULL, 20000);
}

/* Like s_cmd, but a failure fails the test. */
static __attribute__((sentinel)) void s_must(const char *prog, ...)
{
	const char *argv[32] = {prog};
	char *err = NULL;
	int n = 1;
	va_list ap;
	va_start(ap, prog);
	for (const char *w; n < 31 && (w = va_arg(ap, const char *)) != NULL;)
		argv[n++] = w;
	va_end(ap);
	argv[n] = NULL;
	int rc = lkt_run(NULL, &err, argv, NULL, 20000);
	if (rc != 0) {
		char line[400] = "";
		for (int i = 0; i < n; i++)
			snprintf(line + strlen(line), sizeof line - strlen(line), "%s ", argv[i]);
		cr_assert_fail("%s: exit %d: %s", line, rc, err);
	}
	free(err);
}

/* ---------------------------------------------------------------- the link */

/* Namespaces of earlier runs whose process is gone (a run killed by a timeout skips .fini). */
static void s_remove_stale(void)
{
	char *out = NULL, vr[24];
	if (s_cmd(&out, NULL, s_ipbin, "netns", "list", NULL) != 0) {
		free(out);
		return;
	}
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		int pid;
		char name[32];
		if (sscanf(line, "lkslow%d", &pid) != 1 || (kill(pid, 0) == 0 || errno != ESRCH))
			continue;
		snprintf(name, sizeof name, "lkslow%d", pid);
		snprintf(vr, sizeof vr, "lks%dr", pid);
		s_cmd(NULL, NULL, s_ipbin, "netns", "del", name, NULL);
		s_cmd(NULL, NULL, s_ipbin, "link", "del", vr, NULL);
	}
	free(out);
}

/* A /30 in 10.213.0.0/16 that no interface of this machine uses yet, starting from the pid. */
static void s_pick_addresses(void)
{
	char *out = NULL, probe[32];
	cr_assert_eq(s_cmd(&out, NULL, s_ipbin, "-o", "-4", "addr", "show", NULL), 0);
	for (int k = 0; k < 256; k++) {
		int x = ((int)getpid() + k) % 256;
		snprintf(probe, sizeof probe, " 10.213.%d.", x);
		if (strstr(out, probe) == NULL) {
			snprintf(s_root_ip, sizeof s_root_ip, "10.213.%d.1", x);
			snprintf(s_ns_ip, sizeof s_ns_ip, "10.213.%d.2", x);
			free(out);
			return;
		}
	}
	free(out);
	cr_assert_fail("no free /30 left in 10.213.0.0/16");
}

/* Shape one end: netem delay and loss with a tbf under it when netem exists, else tbf alone.
 * Returns whether netem is in use; why not in why. */
static int s_shape(int inside, const char *dev, char *why, size_t whylen)
{
	const char *argv[32], *tbf[] = {"tbf", "rate", "256kbit", "burst", "16kb", "latency", "500ms", NULL};
	char *err = NULL;
	int n = 0, np = 0;
	if (inside) {
		argv[np++] = s_ipbin;
		argv[np++] = "netns";
		argv[np++] = "exec";
		argv[np++] = s_ns;
	}
	argv[np++] = s_tcbin;
#define S_TC(...)                                                                                                  \
	do {                                                                                                       \
		const char *words_[] = {__VA_ARGS__, NULL};                                                        \
		n = np;                                                                                            \
		for (int i_ = 0; words_[i_]; i_++)                                                                 \
			argv[n++] = words_[i_];                                                                    \
		argv[n] = NULL;                                                                                    \
	} while (0)
#define S_TBF()                                                                                                    \
	do {                                                                                                       \
		for (int i_ = 0; tbf[i_]; i_++)                                                                    \
			argv[n++] = tbf[i_];                                                                       \
		argv[n] = NULL;                                                                                    \
	} while (0)
	S_TC("qdisc", "add", "dev", dev, "root", "handle", "1:", "netem", "delay", "150ms", "loss", "2%");
	int netem = lkt_run(NULL, &err, argv, NULL, 20000) == 0;
	snprintf(why, whylen, "%.*s", err ? (int)strcspn(err, "\n") : 0, err ? err : "");
	free(err);
	err = NULL;
	if (netem) {
		S_TC("qdisc", "add", "dev", dev, "parent", "1:", "handle", "2:");
		S_TBF();
		if (lkt_run(NULL, &err, argv, NULL, 20000) != 0) {
			snprintf(why, whylen, "tbf under netem: %.*s", err ? (int)strcspn(err, "\n") : 0, err ? err : "");
			S_TC("qdisc", "del", "dev", dev, "root");
			lkt_run(NULL, NULL, argv, NULL, 20000);
			netem = 0;
		}
		free(err);
		err = NULL;
	}
	if (!netem) {
		S_TC("qdisc", "add", "dev", dev, "root");
		S_TBF();
		int rc = lkt_run(NULL, &err, argv, NULL, 20000);
		cr_assert_eq(rc, 0, "tc qdisc add dev %s root tbf: %s", dev, err);
		free(err);
	}
#undef S_TC
#undef S_TBF
	return netem;
}

/* A namespace joined to this one by a veth pair with a slow 256 kbit/s link each way. */
static void s_net_up(void)
{
	char *err = NULL, rootcidr[32], nscidr[32];
	s_ipbin = s_which("ip");
	s_tcbin = s_which("tc");
	if (s_ipbin == NULL || s_tcbin == NULL)
		cr_skip_test("needs ip and tc (iproute2) to build the slow link");
	s_remove_stale();
	snprintf(s_ns, sizeof s_ns, "lkslow%d", (int)getpid());
	snprintf(s_vr, sizeof s_vr, "lks%dr", (int)getpid());
	snprintf(s_vn, sizeof s_vn, "lks%dn", (int)getpid());
	int rc = s_cmd(NULL, &err, s_ipbin, "netns", "add", s_ns, NULL);
	if (rc != 0) {
		err[strcspn(err, "\n")] = '\0';
		cr_skip_test("cannot create a network namespace (`ip netns add` exit %d: %s): this test needs root "
		             "(CAP_SYS_ADMIN and CAP_NET_ADMIN)",
		             rc, err);
	}
	free(err);
	s_ns_made = 1;
	s_pick_addresses();
	snprintf(rootcidr, sizeof rootcidr, "%s/30", s_root_ip);
	snprintf(nscidr, sizeof nscidr, "%s/30", s_ns_ip);
	s_must(s_ipbin, "link", "add", s_vr, "type", "veth", "peer", "name", s_vn, NULL);
	s_veth_made = 1;
	s_must(s_ipbin, "link", "set", s_vn, "netns", s_ns, NULL);
	s_must(s_ipbin, "addr", "add", rootcidr, "dev", s_vr, NULL);
	s_must(s_ipbin, "link", "set", s_vr, "up", NULL);
	s_must(s_ipbin, "-n", s_ns, "addr", "add", nscidr, "dev", s_vn, NULL);
	s_must(s_ipbin, "-n", s_ns, "link", "set", s_vn, "up", NULL);
	s_must(s_ipbin, "-n", s_ns, "link", "set", "lo", "up", NULL);
	char why[200];
	int netem = s_shape(0, s_vr, why, sizeof why);
	netem &= s_shape(1, s_vn, why, sizeof why);
	if (netem)
		snprintf(s_link, sizeof s_link, "netem delay 150ms loss 2%% with tbf 256kbit on both veth ends");
	else
		snprintf(s_link, sizeof s_link, "tbf 256kbit on both veth ends (no netem: %s)", why);
}

/* ---------------------------------------------------------------- the proxy */

static void s_proxy_start(const char *tag)
{
	char listen_at[32], target[48], delay[16], *log = NULL;
	size_t len;
	snprintf(s_proxy_log, sizeof s_proxy_log, "%s/lkproxy-%s.log", s_srv.dir, tag);
	snprintf(listen_at, sizeof listen_at, "127.0.0.1:%d", PROXY_PORT);
	snprintf(target, sizeof target, "%s:%d", s_root_ip, s_srv.port);
	snprintf(delay, sizeof delay, "%d", DELAY_MS);
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* no proxy outlives a killed test */
		int fd = open(s_proxy_log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		/* `ip netns exec` execs the program itself: pid is the proxy's. */
		execl(s_ipbin, s_ipbin, "netns", "exec", s_ns, LKPROXY_BIN, listen_at, target, "--delay-ms", delay,
		      (char *)NULL);
		_exit(127);
	}
	s_proxy = pid;
	for (int i = 0; i < 500; i++) {
		int st;
		cr_assert_neq(waitpid(pid, &st, WNOHANG), pid, "lkproxy exited at start; log %s", s_proxy_log);
		if (lk_read_file(s_proxy_log, &log, &len) == 0 && strstr(log, "lkproxy: listening on")) {
			free(log);
			return;
		}
		free(log);
		log = NULL;
		usleep(10000);
	}
	cr_assert_fail("lkproxy did not listen within 5 s; log %s", s_proxy_log);
}

/* What lkproxy counted: bytes written on each way, and of those the bytes the receiving end acknowledged. */
struct s_counts {
	unsigned long long up, down, up_acked, down_acked;
};

/* Stop the proxy with SIGTERM and read its counts; its log in *logp when not NULL. */
static struct s_counts s_proxy_stop(char **logp)
{
	struct s_counts n = {0, 0, 0, 0};
	char *log = NULL;
	size_t len;
	int st = 0;
	cr_assert(s_proxy > 0);
	kill(s_proxy, SIGTERM);
	int waited = 0;
	while (waitpid(s_proxy, &st, WNOHANG) != s_proxy && waited++ < 500)
		usleep(10000);
	if (waited >= 500) {
		kill(s_proxy, SIGKILL);
		waitpid(s_proxy, &st, 0);
	}
	s_proxy = 0;
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "lkproxy did not exit 0 on SIGTERM; log %s", s_proxy_log);
	cr_assert_eq(lk_read_file(s_proxy_log, &log, &len), 0);
	const char *p = strstr(log, "lkproxy: forwarded ");
	cr_assert(p && sscanf(p, "lkproxy: forwarded %llu bytes client->server, %llu bytes server->client; %llu and %llu "
	                         "acknowledged",
	                      &n.up, &n.down, &n.up_acked, &n.down_acked) == 4,
	          "no counts from lkproxy: %s", log);
	if (logp)
		*logp = log;
	else
		free(log);
	return n;
}

/* ---------------------------------------------------------------- lokmin in the namespace */

static int s_lokmin_argv(const char *home, char **out, char **err, int timeout_ms, const char *const *args)
{
	const char *argv[48] = {s_ipbin, "netns", "exec", s_ns, LOKMIN_BIN, "--home", home};
	int n = 7;
	for (int i = 0; args[i] && n < 47; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return lkt_run(out, err, argv, NULL, timeout_ms);
}

/* Run lokmin in the namespace; stdout (malloc'd) in *out when out is not NULL; a failure fails the test. */
static __attribute__((sentinel)) void s_lokmin(const char *home, char **out, ...)
{
	const char *args[40];
	char *err = NULL;
	int n = 0;
	va_list ap;
	va_start(ap, out);
	for (const char *w; n < 39 && (w = va_arg(ap, const char *)) != NULL;)
		args[n++] = w;
	va_end(ap);
	args[n] = NULL;
	int rc = s_lokmin_argv(home, out, &err, 60000, args);
	cr_assert_eq(rc, 0, "lokmin %s %s: exit %d: %s", args[0], n > 1 ? args[1] : "", rc, err);
	free(err);
}

/* `lokmin record put ENTITY k=v...`; the new id (malloc'd). */
static __attribute__((sentinel)) char *s_put(const char *home, const char *entity, ...)
{
	const char *args[40] = {"record", "put", entity};
	char *out = NULL, *err = NULL;
	int n = 3;
	va_list ap;
	va_start(ap, entity);
	for (const char *w; n < 39 && (w = va_arg(ap, const char *)) != NULL;)
		args[n++] = w;
	va_end(ap);
	args[n] = NULL;
	int rc = s_lokmin_argv(home, &out, &err, 30000, args);
	cr_assert_eq(rc, 0, "record put %s: exit %d: %s", entity, rc, err);
	free(err);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static void s_enroll(const char *home)
{
	char *line = lkt_token(&s_srv, "puskesmas", "P3324010101", NULL);
	cr_assert_not_null(line);
	s_lokmin(home, NULL, "enroll", line, NULL);
	free(line);
}

/* ---------------------------------------------------------------- a month of records */

static const char *const s_first[] = {"Siti", "Agus", "Dewi", "Budi", "Sri", "Eko", "Rina", "Joko", "Yuni", "Hadi",
                                      "Tri", "Wahyu", "Nur", "Bambang", "Lestari", "Dwi", "Ani", "Heru"};
static const char *const s_last[] = {"Rahayu", "Santoso", "Wulandari", "Prasetyo", "Handayani", "Susanto",
                                     "Kurniawati", "Setiawan", "Purwanti", "Hidayat", "Maryati"};
static const char *const s_roles[] = {"kapus", "ktu", "pj_program", "bidan", "perawat", "sanitarian", "gizi",
                                      "promkes", "staff", "notulis"};
static const char *const s_titles[] = {"Kepala Puskesmas", "Kepala Tata Usaha", "Penanggung Jawab Program",
                                       "Bidan Koordinator", "Perawat Pelaksana", "Sanitarian", "Nutrisionis",
                                       "Penyuluh Kesehatan Masyarakat", "Staf Administrasi", "Notulis"};
static const char *const s_programmes[] = {"KIA,KB", "Gizi", "Imunisasi", "P2P,TB", "Kesling", "Promkes,UKS",
                                           "PTM,Posbindu", "Lansia", "ILP Klaster 2", "ILP Klaster 3"};
static const char *const s_activities[] = {
	"Sweeping imunisasi dasar lengkap di Desa Kumpulrejo",
	"Kunjungan rumah ibu hamil risiko tinggi bersama bidan desa",
	"Pemberian makanan tambahan balita gizi kurang selama 90 hari",
	"Penyuluhan PHBS di sekolah dasar wilayah kerja",
	"Pelacakan kontak serumah pasien TB paru terkonfirmasi",
	"Posbindu PTM di balai desa dengan pemeriksaan gula darah",
	"Pemantauan jentik nyamuk oleh kader jumantik setiap Jumat",
	"Kelas ibu balita tentang MP-ASI dan stunting",
};

static char *s_person(const char *home, int i)
{
	char name[80], title[120], role[40], nip[40], phone[40], prog[80];
	snprintf(name, sizeof name, "name=%s %s %d", s_first[i % 18], s_last[i % 11], i);
	snprintf(title, sizeof title, "title=%s", s_titles[i % 10]);
	snprintf(role, sizeof role, "role=%s", s_roles[i % 10]);
	snprintf(nip, sizeof nip, "nip=19%02d%02d%02d2010%02d2%03d", 70 + i % 20, 1 + i % 12, 1 + i % 28, i % 12, i);
	snprintf(phone, sizeof phone, "phone=0812-2%03d-%04d", 100 + i, 4000 + i * 7);
	snprintf(prog, sizeof prog, "programmes=%s", s_programmes[i % 10]);
	return s_put(home, "person", name, title, role, nip, phone, prog, NULL);
}

static char *s_meeting(const char *home, int i)
{
	char kind[40], year[32], period[32], planned[64], held[64], status[32], title[128], place[128];
	int quarterly = i >= 12 && i < 16, y = i < 16 ? 2025 : 2026;
	int p = i < 12 ? i + 1 : quarterly ? i - 11 : i - 12;
	int month = quarterly ? p * 3 : p;
	snprintf(kind, sizeof kind, "kind=%s", quarterly ? "quarterly" : "monthly");
	snprintf(year, sizeof year, "year=%d", y);
	snprintf(period, sizeof period, "period=%d", p);
	snprintf(planned, sizeof planned, "planned_date=%d-%02d-%02d", y, month, 5 + i % 20);
	snprintf(held, sizeof held, "held_date=%d-%02d-%02d", y, month, 6 + i % 20);
	snprintf(status, sizeof status, "status=%s", y == 2025 ? "held" : "planned");
	snprintf(title, sizeof title, "title=%s %d/%d", quarterly ? "Lokmin Lintas Sektor Triwulan" : "Lokmin Bulanan", p, y);
	snprintf(place, sizeof place, "place=%s", quarterly ? "Pendopo Kecamatan Kaliwungu" : "Aula Puskesmas Kaliwungu");
	return s_put(home, "meeting", kind, year, period, planned, y == 2025 ? held : "held_date=", status, title, place,
	             NULL);
}

static void s_attendance(const char *home, const char *meeting, const char *person, int i, int main_meeting)
{
	char mid[60], pid[60], name[80], role[60], present[16], at[60];
	snprintf(mid, sizeof mid, "meeting_id=%s", meeting);
	snprintf(pid, sizeof pid, "person_id=%s", person);
	snprintf(name, sizeof name, "name=%s %s %d", s_first[i % 18], s_last[i % 11], i % PERSONS);
	snprintf(role, sizeof role, "role=%s", s_roles[i % 10]);
	snprintf(present, sizeof present, "present=%d", i % 7 != 3);
	snprintf(at, sizeof at, "checked_in_at=%sT%02d:%02d:00Z", main_meeting ? "2026-03-10" : "2025-06-06",
	         i % 7 != 3 ? 1 : 2, i % 60);
	free(s_put(home, "attendance", mid, pid, name, role, "invited=1", present, i % 7 != 3 ? at : "checked_in_at=",
	           i % 11 == 5 ? "walk_in=1" : "walk_in=0", NULL));
}

static void s_rtl(const char *home, const char *meeting, const char *owner, int i)
{
	static const char *const status[] = {"open", "in_progress", "done", "open", "dropped"};
	char mid[60], act[200], obj[200], tg[120], place[120], due[40], own[60], res[200], ind[200], st[40];
	snprintf(mid, sizeof mid, "meeting_id=%s", meeting);
	snprintf(act, sizeof act, "activity=%s (%d)", s_activities[i % 8], i);
	snprintf(obj, sizeof obj, "objective=Cakupan naik %d%% dibanding bulan lalu", 5 + i % 15);
	snprintf(tg, sizeof tg, "target_group=%s", i % 2 ? "Balita dan ibu hamil" : "Warga usia produktif");
	snprintf(place, sizeof place, "place=Desa %s", s_last[i % 11]);
	snprintf(due, sizeof due, "due_date=2026-04-%02d", 1 + i % 28);
	snprintf(own, sizeof own, "owner_person_id=%s", owner);
	snprintf(res, sizeof res, "resources=BOK tahun 2026, %d kader, kendaraan puskesmas keliling", 2 + i % 9);
	snprintf(ind, sizeof ind, "success_indicator=%d sasaran terlayani dan tercatat di register", 20 + i);
	snprintf(st, sizeof st, "status=%s", status[i % 5]);
	free(s_put(home, "rtl", mid, act, obj, tg, place, due, own, res, ind, st, NULL));
}

/* The month: persons, the meeting with its attendance, RTL and photos, and earlier meetings. Returns the put count. */
static int s_month(const char *home)
{
	char *persons[PERSONS], *others[OTHER_MEETINGS], file[500], caption[80], *out = NULL;
	int puts = 0;
	for (int i = 0; i < PERSONS; i++, puts++)
		persons[i] = s_person(home, i);
	char *m = s_put(home, "meeting", "kind=monthly", "year=2026", "period=3", "planned_date=2026-03-10",
	                "held_date=2026-03-10", "status=held", "title=Lokakarya Mini Bulanan Maret 2026",
	                "place=Aula Puskesmas Kaliwungu", "team_building=0",
	                "notes=Pembukaan oleh Kepala Puskesmas. Cakupan K4 turun dibanding Februari karena dua bidan "
	                "desa cuti; imunisasi dasar lengkap 78% dari target bulanan. Kasus DBD naik di dua desa, "
	                "diputuskan PSN serentak. Posbindu belum berjalan di tiga desa. Tindak lanjut dicatat di RTL.",
	                NULL);
	puts++;
	for (int i = 0; i < MAIN_ATTENDANCE; i++, puts++)
		s_attendance(home, m, persons[i], i, 1);
	for (int i = 0; i < MAIN_RTL; i++, puts++)
		s_rtl(home, m, persons[i % PERSONS], i);
	for (int k = 0; k < OTHER_MEETINGS; k++) {
		others[k] = s_meeting(home, k);
		puts++;
		for (int i = 0; i < OTHER_ATTENDANCE; i++, puts++) {
			int p = (k * OTHER_ATTENDANCE + i) % PERSONS;
			s_attendance(home, others[k], persons[p], p, 0);
		}
		for (int i = 0; i < OTHER_RTL; i++, puts++)
			s_rtl(home, others[k], persons[(k + i * 7) % PERSONS], MAIN_RTL + k * OTHER_RTL + i);
	}
	/* Three photos of 200 KB; random bytes, as incompressible as a JPEG. */
	uint8_t *photo = malloc(PHOTO_SIZE);
	cr_assert_not_null(photo);
	for (int i = 0; i < PHOTOS; i++) {
		randombytes_buf(photo, PHOTO_SIZE);
		snprintf(file, sizeof file, "%s/foto-lokmin-%d.jpg", s_srv.dir, i + 1);
		cr_assert_eq(lk_write_file(file, (const char *)photo, PHOTO_SIZE, 0644), 0);
		snprintf(caption, sizeof caption, "Suasana lokmin Maret, foto %d", i + 1);
		s_lokmin(home, &out, "attach", "meeting", m, file, "--caption", caption, NULL);
		free(out);
	}
	free(photo);
	for (int i = 0; i < PERSONS; i++)
		free(persons[i]);
	for (int k = 0; k < OTHER_MEETINGS; k++)
		free(others[k]);
	free(m);
	return puts;
}

/* ---------------------------------------------------------------- checks */

static int s_count(const char *sql)
{
	char *v = lkt_sql_value(&s_srv.db, sql);
	cr_assert_not_null(v, "%s", sql);
	int n = atoi(v);
	free(v);
	return n;
}

static char *s_export_server(void)
{
	char *out = NULL;
	const char *args[] = {"export", "--kabupaten", "3324", NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, &out, NULL, args), 0);
	return out;
}

/* Compare exports; on a difference show the first differing line, not 100 KB of text. */
static void s_same(const char *what, const char *got, const char *want)
{
	size_t i = 0, line = 1, bol = 0;
	if (strcmp(got, want) == 0)
		return;
	for (; got[i] && got[i] == want[i]; i++)
		if (got[i] == '\n') {
			line++;
			bol = i + 1;
		}
	cr_assert_fail("%s differs from the server's export at line %zu:\n  got:  %.300s\n  want: %.300s", what, line,
	               got + bol, want + bol);
}

static int s_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

struct s_sizes {
	int64_t records, bytes;
};

static int s_size_row(const struct lk_entity *e, const ProtobufCMessage *rec, void *arg)
{
	struct s_sizes *z = arg;
	(void)e;
	z->records++;
	z->bytes += (int64_t)protobuf_c_message_get_packed_size(rec);
	return 0;
}

/* The records' own encoded size: the packed protobuf of every record in a client's store. */
static struct s_sizes s_encoded(const char *home)
{
	struct s_sizes z = {0, 0};
	char err[300];
	lk_store *st = lk_store_open(home, err, sizeof err);
	cr_assert_not_null(st, "open %s: %s", home, err);
	for (size_t i = 0; i < lk_entities_count; i++)
		cr_assert_eq(lk_store_list(st, &lk_entities[i], s_size_row, &z), 0);
	lk_store_close(&st);
	return z;
}

/* ---------------------------------------------------------------- the test */

static void s_fini(void)
{
	if (s_sync > 0) {
		kill(s_sync, SIGKILL);
		waitpid(s_sync, NULL, 0);
		s_sync = 0;
	}
	if (s_proxy > 0) {
		kill(s_proxy, SIGKILL);
		waitpid(s_proxy, NULL, 0);
		s_proxy = 0;
	}
	if (s_ns_made)
		s_cmd(NULL, NULL, s_ipbin, "netns", "del", s_ns, NULL);
	if (s_veth_made) /* normally gone with the namespace, which held its peer */
		s_cmd(NULL, NULL, s_ipbin, "link", "del", s_vr, NULL);
	s_ns_made = s_veth_made = 0;
	if (s_srv.dir[0])
		lkt_server_fini(&s_srv);
}

TestSuite(slowlink, .fini = s_fini, .timeout = 420);

static pid_t s_spawn_sync(const char *home, const char *out, const char *err)
{
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		int devnull = open("/dev/null", O_RDONLY);
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(devnull, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execl(s_ipbin, s_ipbin, "netns", "exec", s_ns, LOKMIN_BIN, "--home", home, "sync", "--retries", "8",
		      (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Occurrences of needle in text. */
static int s_occurs(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

Test(slowlink, a_month_of_one_puskesmas_over_a_slow_link_cut_twice)
{
	char a[400], b[400], aout[500], aerr[500], *out = NULL, *err = NULL;
	size_t len;

	s_net_up();
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	/* lokmind listens on the root end of the veth; enrollment lines point at the proxy in the namespace. */
	snprintf(s_srv.env[2], sizeof s_srv.env[2], "LOKMIN_BIND=tcp://%s:%d", s_root_ip, s_srv.port);
	snprintf(s_srv.env[3], sizeof s_srv.env[3], "LOKMIN_PUBLIC_ENDPOINT=tcp://127.0.0.1:%d", PROXY_PORT);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "a", a, sizeof a);
	lkt_home(&s_srv, "b", b, sizeof b);

	/* Enroll over the slow link, then work offline: no proxy, nothing listens. */
	s_proxy_start("enroll-a");
	s_enroll(a);
	s_proxy_stop(NULL);
	uint64_t t = s_ms();
	int puts = s_month(a);
	cr_log_info("offline: %d record puts and %d photos of %d bytes in %.1f s", puts, PHOTOS, PHOTO_SIZE,
	            (double)(s_ms() - t) / 1000);

	/* The sync is cut at about 1/3 and 2/3 of its ~750 KB: once the server holds 5 chunks (270 KB; the
	 * 4th chunk of each photo is only 8 KB) and 9 (475 KB). Both land while a photo's chunks are in flight. */
	static const int cut_at_chunks[2] = {5, 9};
	int cuts = 0;
	double cut_s[2] = {0, 0};
	s_proxy_start("sync-a");
	snprintf(aout, sizeof aout, "%s/sync-a.out", s_srv.dir);
	snprintf(aerr, sizeof aerr, "%s/sync-a.err", s_srv.dir);
	t = s_ms();
	s_sync = s_spawn_sync(a, aout, aerr);
	int st = 0;
	for (;;) {
		if (waitpid(s_sync, &st, WNOHANG) == s_sync) {
			s_sync = 0;
			break;
		}
		cr_assert(s_ms() - t < SYNC_LIMIT_MS, "the sync did not finish within %d s", SYNC_LIMIT_MS / 1000);
		if (cuts < 2 && s_count("SELECT count(*) FROM blob_chunk") >= cut_at_chunks[cuts]) {
			cr_assert_eq(kill(s_proxy, SIGUSR1), 0);
			cut_s[cuts++] = (double)(s_ms() - t) / 1000;
		}
		usleep(50000);
	}
	double sync_s = (double)(s_ms() - t) / 1000;
	char *plog = NULL;
	struct s_counts n = s_proxy_stop(&plog);
	cr_assert_eq(lk_read_file(aout, &out, &len), 0);
	cr_assert_eq(lk_read_file(aerr, &err, &len), 0);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "sync failed (status %d): %s", st, err);
	cr_assert_eq(cuts, 2, "the sync finished before both cuts (%d made)", cuts);
	int retries = s_occurs(err, "sync interrupted");
	cr_assert(retries >= 2, "both cuts made the sync retry: %s", err);
	long long pushed = 0, pulled = 0, files = 0, chunks = 0, sent = 0, received = 0;
	double summary_s = 0;
	const char *sum = strstr(out, "sync: pushed ");
	cr_assert(sum, "no summary: %s", out);
	cr_assert(sscanf(sum, "sync: pushed %lld ops", &pushed) == 1 && strstr(sum, "pulled ") &&
	              sscanf(strstr(sum, "pulled "), "pulled %lld changes, uploaded %lld files in %lld chunks, %lld bytes "
	                                            "sent, %lld received, %lf s",
	                     &pulled, &files, &chunks, &sent, &received, &summary_s) == 6,
	          "unexpected summary: %s", sum);
	cr_assert_eq(s_count("SELECT count(*) FROM blob WHERE complete"), PHOTOS, "all photos complete on the server");
	cr_assert_eq(s_count("SELECT count(*) FROM blob_chunk"), CHUNKS);
	cr_assert_eq(s_count("SELECT sum(length(data)) FROM blob_chunk"), PHOTOS * PHOTO_SIZE, "no chunk stored twice");

	/* A second device bootstraps over the same slow link. */
	s_proxy_start("b");
	s_enroll(b);
	t = s_ms();
	char *bsum = NULL;
	s_lokmin(b, &bsum, "sync", "--retries", "8", NULL);
	double b_s = (double)(s_ms() - t) / 1000;
	struct s_counts nb = s_proxy_stop(NULL);

	char *server = s_export_server(), *ea = NULL, *eb = NULL;
	s_lokmin(a, &ea, "export", NULL);
	s_lokmin(b, &eb, "export", NULL);
	cr_assert_eq(s_lines(server), RECORDS, "the server holds every record once");
	s_same("client A's export", ea, server);
	s_same("client B's export", eb, server);
	struct s_sizes z = s_encoded(a);
	cr_assert_eq(z.records, RECORDS);

	int64_t content = (int64_t)PHOTOS * PHOTO_SIZE;
	cr_log_info("link: %s, plus lkproxy %d ms each way (%d ms round trip)", s_link, DELAY_MS, 2 * DELAY_MS);
	cr_log_info("sync A: %.1f s (summary: %.2f s), exit 0 after %d retries; cuts at %.1f s and %.1f s "
	            "(%d and %d of %d chunks stored)",
	            sync_s, summary_s, retries, cut_s[0], cut_s[1], cut_at_chunks[0], cut_at_chunks[1], CHUNKS);
	cr_log_info("sync A: %lld ops pushed, %lld changes pulled, %lld files in %lld chunks; summary: %lld bytes sent, "
	            "%lld received",
	            pushed, pulled, files, chunks, sent, received);
	cr_log_info("sync A through lkproxy: client->server %llu bytes forwarded, %llu acknowledged by lokmind's "
	            "host; server->client %llu forwarded, %llu acknowledged (TCP payload: ZMTP and CURVE included)",
	            n.up, n.up_acked, n.down, n.down_acked);
	const char *cl = plog;
	unsigned long long unacked_before = 0; /* the counts are running totals */
	for (int i = 0; i < 2 && (cl = strstr(cl, "lkproxy: cut ")) != NULL; i++, cl++) {
		int conns = 0;
		unsigned long long lost = 0, fw = 0, down = 0, acked = 0;
		cr_assert_eq(sscanf(cl, "lkproxy: cut %d connections, %llu queued bytes lost; so far %llu bytes "
		                        "client->server, %llu bytes server->client forwarded, %llu",
		                    &conns, &lost, &fw, &down, &acked),
		             5);
		cr_log_info("cut %d: %d connection(s) reset when lokmind had acknowledged %llu bytes (%.0f%% of the "
		            "sync's %llu); lost with it: %llu bytes written but not acknowledged, %llu queued in lkproxy",
		            i + 1, conns, acked, 100.0 * (double)acked / (double)n.up_acked, n.up_acked,
		            fw - acked - unacked_before, lost);
		unacked_before = fw - acked;
	}
	free(plog);
	cr_log_info("records: %" PRId64 " records, %" PRId64 " bytes encoded (packed protobuf, summed over client A's "
	            "store); the export is %zu bytes of JSON lines; photo content %" PRId64 " bytes",
	            z.records, z.bytes, strlen(server), content);
	double payload = (double)(z.bytes + content);
	cr_log_info("ratio to the payload (encoded records + content = %" PRId64 " bytes): summary bytes sent %.2f, "
	            "forwarded %.2f, acknowledged %.2f; records alone: export / encoded = %.2f",
	            z.bytes + content, (double)sent / payload, (double)n.up / payload, (double)n.up_acked / payload,
	            (double)strlen(server) / (double)z.bytes);
	cr_log_info("bootstrap B: %.1f s, server->client %llu bytes (%.2f of the encoded records), client->server "
	            "%llu, enrollment included; %s",
	            b_s, nb.down, (double)nb.down / (double)z.bytes, nb.up, bsum);
	free(bsum);
	free(server);
	free(ea);
	free(eb);
	free(out);
	free(err);
}
