/* cmd_session: enroll, whoami, ping, org show and token issue. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue.h"
#include "cli_fmt.h"
#include "client.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_wire.h"


/* ---------------------------------------------------------------- enroll */

static void s_remove_pending_keys(const char *home)
{
	char path[1100];
	snprintf(path, sizeof path, "%s/device.new.key", home);
	unlink(path);
	snprintf(path, sizeof path, "%s/device.new.pub", home);
	unlink(path);
}

int cmd_enroll(struct session *s, int argc, char **argv)
{
	const char *line = NULL, *name = NULL, *role = NULL;
	int force = 0, rc;
	struct lk_enroll_line el;
	char err[512], host[64] = "device";

	if (cmd_is_help(argc, argv)) {
		cmd_help("enroll");
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--force"))
			force = 1;
		else if (!strcmp(argv[i], "--name") && i + 1 < argc)
			name = argv[++i];
		else if (!strcmp(argv[i], "--role") && i + 1 < argc)
			role = argv[++i];
		else if (argv[i][0] != '-' && line == NULL)
			line = argv[i];
		else
			return cmd_usage("enroll");
	}
	if (line == NULL)
		return cmd_usage("enroll");
	if (lk_enroll_line_parse(line, &el, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		return 2;
	}
	if (role && lk_role_parse(role) == LOKMIN__ROLE__ROLE_UNSPECIFIED) {
		fprintf(stderr, _("lokmin: --role must be puskesmas, kecamatan or dinkes\n"));
		return 2;
	}
	if (!force && profile_load(s->home, &s->prof) == 0) {
		fprintf(stderr, _("lokmin: %s is already enrolled as device %s (%s %s); use --force to enroll again\n"),
		        s->home, s->prof.device_id, s->prof.role, s->prof.scope);
		return 1;
	}
	if (lk_mkdirs(s->home, 0700) != 0) {
		fprintf(stderr, _("lokmin: cannot create %s\n"), s->home);
		return 1;
	}
	/* A fresh key for every attempt, kept aside until the server accepts it, so a
	 * refused --force never breaks the enrollment that worked before. */
	if (lk_curve_generate(&s->keys) != 0 || lk_curve_save(&s->keys, s->home, "device.new", 1) != 0) {
		fprintf(stderr, _("lokmin: cannot write the device key in %s\n"), s->home);
		return 1;
	}
	gethostname(host, sizeof host - 1);
	memset(&s->prof, 0, sizeof s->prof);
	lk_strlcpy(s->prof.endpoint, el.endpoint, sizeof s->prof.endpoint);
	lk_strlcpy(s->prof.server_key, el.server_key_z85, sizeof s->prof.server_key);

	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__EnrollRequest er = LOKMIN__ENROLL_REQUEST__INIT;
	Lokmin__Reply *rep = NULL;
	er.token = el.token;
	er.expect_role = lk_role_parse(role ? role : el.role);
	er.expect_scope = el.scope;
	er.device_name = (char *)(name ? name : host);
	req.body_case = LOKMIN__REQUEST__BODY_ENROLL;
	req.enroll = &er;
	if ((rc = session_call(s, "enroll", &req, &rep)) != 0) {
		lk_reply_free(rep);
		s_remove_pending_keys(s->home);
		return 1;
	}
	Lokmin__EnrollReply *e = rep->enroll;
	if (rep->body_case != LOKMIN__REPLY__BODY_ENROLL || e->scope == NULL) {
		fprintf(stderr, _("lokmin: enroll: unexpected reply\n"));
		lk_reply_free(rep);
		return 1;
	}
	lk_strlcpy(s->prof.device_id, e->device_id, sizeof s->prof.device_id);
	lk_strlcpy(s->prof.device_name, er.device_name, sizeof s->prof.device_name);
	lk_strlcpy(s->prof.role, lk_role_name(e->role), sizeof s->prof.role);
	lk_strlcpy(s->prof.scope, e->scope_code, sizeof s->prof.scope);
	lk_strlcpy(s->prof.kabupaten, e->scope->kabupaten, sizeof s->prof.kabupaten);
	lk_strlcpy(s->prof.kecamatan, e->scope->kecamatan, sizeof s->prof.kecamatan);
	lk_strlcpy(s->prof.puskesmas, e->scope->puskesmas, sizeof s->prof.puskesmas);
	lk_reply_free(rep);
	if (lk_curve_save(&s->keys, s->home, "device", 1) != 0 || profile_save(s->home, &s->prof) != 0) {
		fprintf(stderr, _("lokmin: enrolled, but cannot write %s/profile\n"), s->home);
		return 1;
	}
	s_remove_pending_keys(s->home);
	/* The indicator catalogue comes at once, so the device can work offline from now on. */
	if (session_store(s) == NULL || lk_catalogue_fetch(&s->eng) != 0)
		fprintf(stderr, _("lokmin: the indicator catalogue could not be fetched now; the next sync fetches it\n"));
	printf(_("enrolled as %s %s, device %s\nprofile and keys in %s\n"), s->prof.role, s->prof.scope,
	       s->prof.device_id, s->home);
	return 0;
}

/* ---------------------------------------------------------------- whoami */

int cmd_whoami(struct session *s, int argc, char **argv)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__WhoAmIRequest wr = LOKMIN__WHO_AM_IREQUEST__INIT;
	Lokmin__Reply *rep;
	char when[24];

	if (cmd_is_help(argc, argv)) {
		cmd_help("whoami");
		return 0;
	}
	if (argc > 1)
		return cmd_usage("whoami");
	req.body_case = LOKMIN__REQUEST__BODY_WHOAMI;
	req.whoami = &wr;
	uint64_t t0 = lk_now_ms();
	if (session_call(s, "whoami", &req, &rep) != 0) {
		lk_reply_free(rep);
		return 1;
	}
	uint64_t t1 = lk_now_ms();
	const Lokmin__WhoAmIReply *w = rep->whoami;
	if (rep->body_case != LOKMIN__REPLY__BODY_WHOAMI || w->scope == NULL) {
		fprintf(stderr, _("lokmin: whoami: unexpected reply\n"));
		lk_reply_free(rep);
		return 1;
	}
	/* Offset of the server clock against ours, at the middle of the round trip. */
	double offset = ((double)w->server_time_ms - (double)(t0 + t1) / 2) / 1000;
	if (s->opt.json) {
		printf("{\"device_id\":");
		json_string(stdout, w->device_id);
		printf(",\"device_name\":");
		json_string(stdout, w->device_name);
		printf(",\"role\":\"%s\",\"scope\":", lk_role_name(w->role));
		json_string(stdout, w->scope_code);
		printf(",\"scope_name\":");
		json_string(stdout, w->scope_name);
		printf(",\"kabupaten\":\"%s\",\"kecamatan\":\"%s\",\"puskesmas\":\"%s\"", w->scope->kabupaten,
		       w->scope->kecamatan, w->scope->puskesmas);
		printf(",\"server_version\":");
		json_string(stdout, w->server_version);
		printf(",\"protocol_version\":%u,\"server_time_ms\":%" PRId64 ",\"clock_offset_s\":%.3f}\n",
		       w->protocol_version, w->server_time_ms, offset);
	} else {
		printf(_("device       %s (%s)\n"), w->device_id, w->device_name);
		printf(_("role         %s\n"), lk_role_name(w->role));
		printf(_("scope        %s %s\n"), w->scope_code, w->scope_name);
		printf(_("region       kabupaten %s%s%s%s%s\n"), w->scope->kabupaten,
		       w->scope->kecamatan[0] ? ", kecamatan " : "", w->scope->kecamatan,
		       w->scope->puskesmas[0] ? ", puskesmas " : "", w->scope->puskesmas);
		printf(_("enrolled     %s UTC\n"), lk_format_time_ms(when, w->enrolled_at_ms));
		printf(_("server       lokmind %s, protocol %u, at %s\n"), w->server_version, w->protocol_version,
		       s->prof.endpoint);
		printf(_("server time  %s UTC (this clock is %+.1f s off)\n"),
		       lk_format_time_ms(when, w->server_time_ms), -offset);
	}
	lk_reply_free(rep);
	return 0;
}

/* ---------------------------------------------------------------- ping */

int cmd_ping(struct session *s, int argc, char **argv)
{
	int count = 1, failures = 0;
	double min = 1e9, max = 0, sum = 0;

	if (cmd_is_help(argc, argv)) {
		cmd_help("ping");
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--count") && i + 1 < argc && atoi(argv[i + 1]) > 0)
			count = atoi(argv[++i]);
		else
			return cmd_usage("ping");
	}
	for (int i = 0; i < count; i++) {
		Lokmin__Request req = LOKMIN__REQUEST__INIT;
		Lokmin__PingRequest pr = LOKMIN__PING_REQUEST__INIT;
		Lokmin__Reply *rep;
		req.body_case = LOKMIN__REQUEST__BODY_PING;
		req.ping = &pr;
		uint64_t t0 = lk_mono_us();
		if (session_call(s, "ping", &req, &rep) != 0) {
			lk_reply_free(rep);
			failures++;
			if (!s->conn || i == 0)
				break;
			continue;
		}
		double ms = (double)(lk_mono_us() - t0) / 1000;
		lk_reply_free(rep);
		char shown[CLI_FMT_LEN];
		printf(_("reply from %s: seq=%d time=%s ms\n"), s->prof.endpoint, i + 1, cli_num(ms, 2, shown, sizeof shown));
		sum += ms;
		min = ms < min ? ms : min;
		max = ms > max ? ms : max;
	}
	int ok = count - failures;
	char lo[CLI_FMT_LEN], avg[CLI_FMT_LEN], hi[CLI_FMT_LEN];
	if (count > 1 && ok > 0)
		printf(_("%d sent, %d answered, min/avg/max = %s/%s/%s ms\n"), count, ok, cli_num(min, 2, lo, sizeof lo),
		       cli_num(sum / ok, 2, avg, sizeof avg), cli_num(max, 2, hi, sizeof hi));
	return failures ? 1 : 0;
}

/* ---------------------------------------------------------------- org */

static const char *s_kind(Lokmin__OrgKind k)
{
	static const char *names[] = {"?", "kabupaten", "kecamatan", "puskesmas", "desa", "sector"};
	return (unsigned)k < LK_ARRAY_LEN(names) ? names[k] : "?";
}

int cmd_org(struct session *s, int argc, char **argv)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__OrgShowRequest os = LOKMIN__ORG_SHOW_REQUEST__INIT;
	Lokmin__Reply *rep;

	if (cmd_is_help(argc, argv)) {
		cmd_help("org");
		return 0;
	}
	if (argc < 2 || argc > 3 || strcmp(argv[1], "show") != 0)
		return cmd_usage("org");
	os.code = argc == 3 ? argv[2] : s->prof.scope;
	req.body_case = LOKMIN__REQUEST__BODY_ORG_SHOW;
	req.org_show = &os;
	if (session_call(s, "org show", &req, &rep) != 0) {
		lk_reply_free(rep);
		return 1;
	}
	const Lokmin__OrgShowReply *o = rep->org_show;
	if (rep->body_case != LOKMIN__REPLY__BODY_ORG_SHOW || o->unit == NULL) {
		lk_reply_free(rep);
		return 1;
	}
	if (s->opt.json) {
		printf("{\"kind\":\"%s\",\"code\":", s_kind(o->unit->kind));
		json_string(stdout, o->unit->code);
		printf(",\"name\":");
		json_string(stdout, o->unit->name);
		printf(",\"children\":[");
		for (size_t i = 0; i < o->n_children; i++) {
			printf("%s{\"kind\":\"%s\",\"code\":", i ? "," : "", s_kind(o->children[i]->kind));
			json_string(stdout, o->children[i]->code);
			printf(",\"name\":");
			json_string(stdout, o->children[i]->name);
			printf("}");
		}
		printf("]}\n");
	} else {
		printf("%s %s %s\n", _(s_kind(o->unit->kind)), o->unit->code, o->unit->name);
		for (size_t i = 0; i < o->n_children; i++)
			printf("  %-10s %-12s %s\n", _(s_kind(o->children[i]->kind)), o->children[i]->code,
			       o->children[i]->name);
	}
	lk_reply_free(rep);
	return 0;
}

/* ---------------------------------------------------------------- token */

int cmd_token(struct session *s, int argc, char **argv)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__TokenIssueRequest ti = LOKMIN__TOKEN_ISSUE_REQUEST__INIT;
	Lokmin__Reply *rep;
	const char *role = NULL, *scope = NULL;
	int64_t ttl = 0;
	char when[24], line[512];

	if (cmd_is_help(argc, argv)) {
		cmd_help("token");
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "issue") != 0)
		return cmd_usage("token");
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--role") && i + 1 < argc)
			role = argv[++i];
		else if (!strcmp(argv[i], "--scope") && i + 1 < argc)
			scope = argv[++i];
		else if (!strcmp(argv[i], "--ttl") && i + 1 < argc && lk_parse_duration_ms(argv[i + 1], &ttl) == 0)
			i++;
		else
			return cmd_usage("token");
	}
	if (role == NULL || scope == NULL || lk_role_parse(role) == LOKMIN__ROLE__ROLE_UNSPECIFIED)
		return cmd_usage("token");
	ti.role = lk_role_parse(role);
	ti.scope_code = (char *)scope;
	ti.ttl_seconds = (uint32_t)(ttl / 1000);
	req.body_case = LOKMIN__REQUEST__BODY_TOKEN_ISSUE;
	req.token_issue = &ti;
	if (session_call(s, "token issue", &req, &rep) != 0) {
		lk_reply_free(rep);
		return 1;
	}
	if (rep->body_case != LOKMIN__REPLY__BODY_TOKEN_ISSUE) {
		lk_reply_free(rep);
		return 1;
	}
	if (lk_enroll_line_format(line, sizeof line, s->prof.endpoint, s->prof.server_key,
	                          rep->token_issue->token, role, scope) != 0) {
		lk_reply_free(rep);
		return 1;
	}
	printf("%s\n", line);
	fprintf(stderr, _("single use, expires %s UTC\n"), lk_format_time_ms(when, rep->token_issue->expires_at_ms));
	lk_reply_free(rep);
	return 0;
}
