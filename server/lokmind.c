/* lokmind: the central daemon and its administration commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_log.h"
#include "lk_util.h"
#include "srv.h"

static void s_usage(FILE *f)
{
	fprintf(f,
	        _("usage: lokmind [-c FILE] COMMAND [options]\n"
	        "\n"
	        "Commands:\n"
	        "  keygen [--dir DIR] [--force]  create the server CURVE key pair in key_dir (mode 0600)\n"
	        "  migrate                    apply pending sql/ migrations to the database\n"
	        "  serve [-n]                 run the daemon; -n checks the configuration and exits\n"
	        "  org add-kabupaten|add-kecamatan|add-puskesmas|add-desa|add-sector|list ...\n"
	        "  token issue --role ROLE --scope CODE [--ttl 72h]\n"
	        "  device list [--json|--csv] | device revoke ID\n"
	        "  catalogue load [FILE]      load the indicator catalogue (built-in by default)\n"
	        "  export [--kabupaten CODE]  print every synced record as JSON lines\n"
	        "  status [--json]            the database's role and standbys, and the lokmind instances serving it\n"
	        "  config                     print the effective configuration\n"
	        "  version\n"
	        "\n"
	        "Options (also LOKMIN_<NAME> in the environment or NAME = value in the file\n"
	        "given by -c/--config or LOKMIN_CONFIG; flags win over both):\n"));
	lk_config_usage(srv_options, srv_options_count, f);
}

static int s_keygen(const struct srv_config *cfg, int force)
{
	lk_curve_pair kp;
	int rc;
	if ((rc = lk_curve_generate(&kp)) != 0) {
		fprintf(stderr, _("lokmind: cannot generate a key pair\n"));
		return 1;
	}
	rc = lk_curve_save(&kp, cfg->key_dir, "server", force);
	lk_curve_wipe(&kp);
	if (rc == -LK_EEXIST) {
		fprintf(stderr, _("lokmind: %s/server.key exists; use --force to replace it "
		                "(every enrolled client would have to enroll again)\n"), cfg->key_dir);
		return 1;
	}
	if (rc != 0) {
		fprintf(stderr, _("lokmind: cannot write %s/server.key: %s\n"), cfg->key_dir, lk_strerror(rc));
		return 1;
	}
	printf(_("server key pair written to %s/server.key and server.pub\npublic key: %s\n"),
	       cfg->key_dir, kp.public_z85);
	return 0;
}

static int s_migrate(const struct srv_config *cfg)
{
	char err[1024];
	int from = 0, to = 0, rc;
	PGconn *pg = db_connect(cfg->db, err, sizeof err);
	if (pg == NULL) {
		fprintf(stderr, "lokmind: %s\n", err);
		return 1;
	}
	rc = db_migrate(pg, &from, &to, err, sizeof err);
	PQfinish(pg);
	if (rc != 0) {
		fprintf(stderr, _("lokmind: migrate: %s\n"), err);
		return 1;
	}
	if (from == to)
		printf(_("schema is up to date (version %d)\n"), to);
	else
		printf(_("schema migrated from version %d to %d\n"), from, to);
	return 0;
}

int main(int argc, char **argv)
{
	static struct srv_config cfg;
	int rest[64], nrest = 0, cmd = 1;

	lk_i18n_init(NULL); /* the operator's language, before anything is said */
	lk_i18n_shared_english(1); /* refusals go to clients in English; each client translates */
	/* Skip global -c FILE before the command word. */
	while (cmd < argc && (!strcmp(argv[cmd], "-c") || !strcmp(argv[cmd], "--config")))
		cmd += 2;
	if (cmd >= argc || !strcmp(argv[cmd], "--help") || !strcmp(argv[cmd], "-h") ||
	    !strcmp(argv[cmd], "help")) {
		s_usage(cmd >= argc ? stderr : stdout);
		return cmd >= argc ? 2 : 0;
	}
	if (argc > (int)(sizeof rest / sizeof rest[0])) {
		fprintf(stderr, _("lokmind: too many arguments\n"));
		return 2;
	}
	if (srv_config_load(&cfg, argc, argv, cmd + 1, rest, &nrest) != 0)
		return 2;
	lk_log_init("lokmind", lk_log_level_parse(cfg.log_level));

	const char *c = argv[cmd];
	char *words[64];
	for (int i = 0; i < nrest; i++)
		words[i] = argv[rest[i]];
	if (nrest > 0 && (!strcmp(words[0], "--help") || !strcmp(words[0], "-h"))) {
		s_usage(stdout);
		return 0;
	}

	if (!strcmp(c, "version")) {
		printf(_("lokmind %s (protocol %d, schema %d)\n"), LOKMIN_VERSION, LK_PROTOCOL_VERSION,
		       db_schema_expected());
		return 0;
	}
	if (!strcmp(c, "config")) {
		lk_config_dump(srv_options, srv_options_count, &cfg, stdout);
		return 0;
	}
	if (!strcmp(c, "keygen")) {
		int force = 0;
		for (int i = 0; i < nrest; i++) {
			if (!strcmp(words[i], "--force")) {
				force = 1;
			} else if (!strcmp(words[i], "--dir") && i + 1 < nrest) {
				lk_strlcpy(cfg.key_dir, words[++i], sizeof cfg.key_dir);
			} else {
				fprintf(stderr, _("usage: lokmind keygen [--dir DIR] [--force]\n"));
				return 2;
			}
		}
		return s_keygen(&cfg, force);
	}
	if (!strcmp(c, "migrate")) {
		if (nrest) {
			fprintf(stderr, _("usage: lokmind migrate [--db CONNINFO]\n"));
			return 2;
		}
		return s_migrate(&cfg);
	}
	if (!strcmp(c, "serve")) {
		int check = nrest == 1 && !strcmp(words[0], "-n");
		if (nrest > check) {
			fprintf(stderr, _("lokmind serve: unknown argument %s\n"), words[check]);
			return 2;
		}
		if (check) {
			/* Check everything serve needs, then exit. */
			lk_curve_pair kp;
			char err[1024];
			int rc = lk_curve_load(&kp, cfg.key_dir, "server");
			lk_curve_wipe(&kp);
			if (rc != 0) {
				fprintf(stderr, _("lokmind: server key in %s: %s\n"), cfg.key_dir, lk_strerror(rc));
				return 1;
			}
			PGconn *pg = db_connect(cfg.db, err, sizeof err);
			if (pg == NULL || db_schema_check(pg, err, sizeof err) != 0) {
				fprintf(stderr, "lokmind: %s\n", err);
				PQfinish(pg);
				return 1;
			}
			PQfinish(pg);
			printf(_("configuration OK\n"));
			return 0;
		}
		return srv_serve(&cfg);
	}
	if (!strcmp(c, "org"))
		return admin_org(&cfg, nrest, words);
	if (!strcmp(c, "token"))
		return admin_token(&cfg, nrest, words);
	if (!strcmp(c, "device"))
		return admin_device(&cfg, nrest, words);
	if (!strcmp(c, "catalogue"))
		return admin_catalogue(&cfg, nrest, words);
	if (!strcmp(c, "export"))
		return admin_export(&cfg, nrest, words);
	if (!strcmp(c, "status"))
		return admin_status(&cfg, nrest, words);
	fprintf(stderr, _("lokmind: unknown command \"%s\"\n"), c);
	s_usage(stderr);
	return 2;
}
