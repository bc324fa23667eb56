/*
 * web_cmd: `lokmin ui`, the command entry of the web app: reads its words,
 * adds an account (--add-user, asking the password twice without echo, or
 * reading one line from stdin when it is not a terminal), or serves until
 * SIGINT or SIGTERM. The only file of client/web that talks to the terminal.
 */
#include <arpa/inet.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "account.h"
#include "clock.h"
#include "lk_config.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_log.h"
#include "lk_tz.h"
#include "lk_util.h"
#include "resolve.h"
#include "signer.h"
#include "store.h"
#include "web.h"
#include "web_priv.h"
#include "web_tls.h"

#define DEFAULT_LISTEN "127.0.0.1:7480"

struct ui_args {
	const char *listen;
	const char *add_user, *person, *lang;
	const char *tls_cert, *tls_key;
	int lan_plain_http, https;
	int64_t sync_every_ms, idle_ms;
};

static int s_usage(void)
{
	fprintf(stderr, _("usage: lokmin ui [--listen ADDR:PORT] [--https] [--tls-cert FILE --tls-key FILE]\n"
	                  "                 [--lan-plain-http] [--sync-every 60s] [--idle-timeout 30m]\n"
	                  "       lokmin ui --add-user LOGIN --person NAME [--lang id|en]\n"));
	return 2;
}

/* "ADDR:PORT" (IPv4) into addr and *port; 0 or -1. */
static int s_listen(const char *text, char addr[INET_ADDRSTRLEN], int *port)
{
	struct in_addr ia;
	const char *colon = strrchr(text, ':');
	char *end = NULL;
	if (colon == NULL || (size_t)(colon - text) >= INET_ADDRSTRLEN)
		return -1;
	memcpy(addr, text, (size_t)(colon - text));
	addr[colon - text] = '\0';
	long p = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || *end || p < 1 || p > 65535 || inet_pton(AF_INET, addr, &ia) != 1)
		return -1;
	*port = (int)p;
	return 0;
}

/* The office of the profile and the store, as the domain wants them; 0 or the exit status after saying why. */
static int s_dom(struct lk_engine *e, struct dom *d)
{
	const struct lk_tz *tz;
	struct dom_err err;
	memset(d, 0, sizeof *d);
	if ((d->st = lk_engine_store(e)) == NULL) {
		fprintf(stderr, "lokmin: %s\n", lk_engine_error(e));
		return 1;
	}
	if (signer_sql_register(d->st) != 0) {
		fprintf(stderr, _("lokmin: cannot prepare signature checks: %s\n"), lk_store_error(d->st));
		return 1;
	}
	lk_strlcpy(d->office.role, e->prof.role, sizeof d->office.role);
	lk_strlcpy(d->office.kabupaten, e->prof.kabupaten, sizeof d->office.kabupaten);
	lk_strlcpy(d->office.kecamatan, e->prof.kecamatan, sizeof d->office.kecamatan);
	lk_strlcpy(d->office.puskesmas, e->prof.puskesmas, sizeof d->office.puskesmas);
	d->home = e->home;
	d->device_id = e->prof.device_id;
	/* LOKMIN_NOW: a fixed "now" for tests and demos, read as the cli reads it (docs/operations.md). */
	const char *fixed = getenv("LOKMIN_NOW");
	int64_t t;
	if (fixed && fixed[0] && lk_utc_parse(fixed, &t) == 0 && t > 0)
		d->now = t;
	if (dom_zone(d, &tz, &err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err.msg);
		return 1;
	}
	return 0;
}

/* One line of at most size-1 bytes from f without its newline; 0 or -1. */
static int s_line(FILE *f, char *buf, size_t size)
{
	if (fgets(buf, (int)size, f) == NULL)
		return -1;
	size_t n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == size - 1)
		return -1; /* longer than the buffer */
	buf[n] = '\0';
	return 0;
}

/* The password, asked twice without echo on a terminal, else one line of stdin. 0 or the exit status. */
static int s_password(char *pw, size_t size)
{
	char again[LK_ACCOUNT_PASS_MAX + 2];
	if (!isatty(STDIN_FILENO))
		return s_line(stdin, pw, size) == 0 ? 0 : 1;
	struct termios old, quiet;
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return 1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	fprintf(stderr, _("Password (at least %d characters): "), LK_ACCOUNT_PASS_MIN);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	int rc = s_line(stdin, pw, size);
	fputc('\n', stderr);
	if (rc == 0) {
		fprintf(stderr, _("The same password again: "));
		rc = s_line(stdin, again, sizeof again);
		fputc('\n', stderr);
	}
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	if (rc == 0 && strcmp(pw, again) != 0) {
		fprintf(stderr, _("lokmin: the two passwords differ; nothing was added\n"));
		rc = 1;
	}
	sodium_memzero(again, sizeof again);
	return rc == 0 ? 0 : 1;
}

static int s_add_user(struct lk_engine *e, const struct ui_args *u)
{
	struct dom d;
	struct dom_ref ref;
	struct dom_err err;
	char pw[LK_ACCOUNT_PASS_MAX + 2];
	int rc;

	if (!lk_account_login_ok(u->add_user)) {
		fprintf(stderr, _("lokmin: \"%s\" cannot be a user name: use 1 to 64 of a-z, 0-9, '.', '_' and '-'\n"),
		        u->add_user);
		return 2;
	}
	if (u->lang && strcmp(u->lang, "id") && strcmp(u->lang, "en")) {
		fprintf(stderr, _("lokmin: --lang is id or en\n"));
		return 2;
	}
	if ((rc = s_dom(e, &d)) != 0)
		return rc;
	/* The person is named as everywhere else: part of the name or the NIP, never an id to type. */
	memset(&err, 0, sizeof err);
	if ((rc = dom_resolve(d.st, &d.office, DOM_PERSON, u->person, &ref, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", err.msg[0] ? err.msg : lk_strerror(rc));
		for (int i = 0; i < err.ncand; i++)
			fprintf(stderr, "  %s\n", err.cand[i]);
		return rc == -LK_ENOTFOUND || rc == -LK_EINVAL ? 2 : 1;
	}
	if (s_password(pw, sizeof pw) != 0) {
		sodium_memzero(pw, sizeof pw);
		fprintf(stderr, _("lokmin: no password was given; nothing was added\n"));
		return 1;
	}
	rc = lk_account_add(d.st, u->add_user, ref.id, pw, u->lang ? u->lang : "id");
	sodium_memzero(pw, sizeof pw);
	if (rc == -LK_ECONFLICT) {
		fprintf(stderr, _("lokmin: the user %s exists already\n"), u->add_user);
		return 1;
	}
	if (rc == -LK_EINVAL) {
		fprintf(stderr, _("lokmin: a password has %d to %d characters\n"), LK_ACCOUNT_PASS_MIN, LK_ACCOUNT_PASS_MAX);
		return 1;
	}
	if (rc != 0) {
		fprintf(stderr, "lokmin: %s\n", lk_store_error(d.st));
		return 1;
	}
	printf(_("User %s added for %s\n"), u->add_user, ref.handle[0] ? ref.handle : ref.id);
	return 0;
}

static int s_serve(struct lk_engine *e, const struct ui_args *u)
{
	struct web_app a;
	char addr[INET_ADDRSTRLEN];
	int port, n, rc;
	sigset_t sigs;

	memset(&a, 0, sizeof a);
	if (s_listen(u->listen, addr, &port) != 0) {
		fprintf(stderr, _("lokmin: --listen wants an IPv4 address and a port, such as %s\n"), DEFAULT_LISTEN);
		return 2;
	}
	a.loopback = !strncmp(addr, "127.", 4);
	/* Beyond this device, HTTPS unless the office says its network is trusted (docs/security.md). */
	int https = u->https || u->tls_cert || u->tls_key || (!a.loopback && !u->lan_plain_http);
	if (https && u->lan_plain_http) {
		fprintf(stderr, _("lokmin: --lan-plain-http and HTTPS exclude each other\n"));
		return 2;
	}
	if ((rc = s_dom(e, &a.d)) != 0)
		return rc;
	struct web_tls tls;
	memset(&tls, 0, sizeof tls);
	if (https) {
		char err[600], name[200];
		snprintf(name, sizeof name, "lokmin ui %s", a.d.office.puskesmas[0] ? a.d.office.puskesmas : a.d.office.kecamatan);
		if (web_tls_prepare(e->home, addr, u->tls_cert, u->tls_key, name, &tls, err, sizeof err) != 0) {
			fprintf(stderr, _("lokmin: cannot serve HTTPS: %s\n"), err);
			return 1;
		}
	}
	if (lk_account_count(a.d.st, &n) == 0 && n == 0)
		fprintf(stderr, _("lokmin: no user can log in yet; add one with `lokmin ui --add-user LOGIN --person NAME`\n"));
	a.eng = e;
	a.idle_ms = u->idle_ms;
	a.lang = lk_lang_from_env();
	snprintf(a.host, sizeof a.host, "%s:%d", addr, port);
	lk_log_set_level(LK_LOG_INFO > lk_log_level() ? LK_LOG_INFO : lk_log_level());

	/* Signals are taken by sigwait below: block them before any thread starts, so every thread inherits it. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	a.sync = web_sync_start(e->home, e->timeout_ms, u->sync_every_ms);
	struct MHD_Daemon *dmn = web_server_start(&a, addr, port, https ? &tls : NULL);
	web_tls_free(&tls); /* libmicrohttpd has its own copy of the key by now */
	if (dmn == NULL) {
		web_sync_stop(a.sync);
		fprintf(stderr, _("lokmin: cannot listen on %s:%d (in use?)\n"), addr, port);
		return 1;
	}
	const char *scheme = https ? "https" : "http";
	log_info("ui: serving %s://%s/", scheme, a.host);
	printf(_("lokmin ui: serving %s://%s/ (Ctrl-C stops)\n"), scheme, a.host);
	if (https) {
		log_info("ui: certificate SHA-256 %s%s", tls.fingerprint, tls.made ? " (new)" : "");
		printf(_("The browser will ask whether to trust this device's certificate. Accept it only if the\n"
		         "fingerprint it shows (SHA-256) is:\n  %s\n"),
		       tls.fingerprint);
	}
	fflush(stdout);
	int sig = 0;
	sigwait(&sigs, &sig);
	log_info("ui: stopping (signal %d)", sig);
	web_server_stop(dmn);
	web_sync_stop(a.sync);
	return 0;
}

/* --sync-every and --idle-timeout: durations (30m, 90s; a bare number is seconds), read as the other options are. */
static const struct lk_opt s_dur_opts[] = {
	{"sync_every", LK_OPT_DURATION, offsetof(struct ui_args, sync_every_ms), 0, "60s", 1000, 24 * 3600 * 1000LL,
	 N_("time between syncs while lokmind answers")},
	{"idle_timeout", LK_OPT_DURATION, offsetof(struct ui_args, idle_ms), 0, "30m", 1000, 7 * 24 * 3600 * 1000LL,
	 N_("a session unused this long is over and its person logs in again")},
};

int web_ui_main(struct lk_engine *e, int nwords, char **words)
{
	struct ui_args u = {DEFAULT_LISTEN, NULL, NULL, NULL, NULL, NULL, 0, 0, WEB_SYNC_EVERY_MS, WEB_IDLE_MS};
	for (int i = 1; i < nwords; i++) {
		const char *w = words[i];
		if (!strcmp(w, "--listen") && i + 1 < nwords)
			u.listen = words[++i];
		else if (!strcmp(w, "--add-user") && i + 1 < nwords)
			u.add_user = words[++i];
		else if (!strcmp(w, "--person") && i + 1 < nwords)
			u.person = words[++i];
		else if (!strcmp(w, "--lang") && i + 1 < nwords)
			u.lang = words[++i];
		else if (!strcmp(w, "--lan-plain-http"))
			u.lan_plain_http = 1;
		else if (!strcmp(w, "--https"))
			u.https = 1;
		else if (!strcmp(w, "--tls-cert") && i + 1 < nwords)
			u.tls_cert = words[++i];
		else if (!strcmp(w, "--tls-key") && i + 1 < nwords)
			u.tls_key = words[++i];
		else if ((!strcmp(w, "--sync-every") || !strcmp(w, "--idle-timeout")) && i + 1 < nwords) {
			char err[LK_OPT_ERRLEN];
			if (lk_config_set(s_dur_opts, sizeof s_dur_opts / sizeof s_dur_opts[0], &u, w + 2, words[++i], err) != 0) {
				fprintf(stderr, "lokmin: %s\n", err);
				return 2;
			}
		}
		else
			return s_usage();
	}
	if (u.add_user && u.person == NULL) {
		fprintf(stderr, _("lokmin: --add-user needs --person NAME (a person of the staff list)\n"));
		return 2;
	}
	if (!u.add_user && (u.person || u.lang))
		return s_usage();
	if (sodium_init() < 0) {
		fprintf(stderr, "lokmin: libsodium\n");
		return 1;
	}
	return u.add_user ? s_add_user(e, &u) : s_serve(e, &u);
}
