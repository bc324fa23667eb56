/* cmd_office: `lokmin office`: the office's letterhead (kop surat), letter numbers and time zone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "client.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "lk_util.h"
#include "lk_zone.h"
#include "names.h"
#include "office.h"

static int s_refused(const struct dom_err *err, int rc)
{
	fprintf(stderr, "lokmin: %s\n", dom_msg(err, rc));
	return 1;
}

/* The options that set a field, and the field each sets. */
static const struct {
	const char *opt, *field;
} s_opts[] = {
	{"--pemerintah", "pemerintah"},
	{"--dinas", "dinas"},
	{"--unit", "unit_name"},
	{"--unit-name", "unit_name"},
	{"--address", "address"},
	{"--phone", "phone"},
	{"--email", "email"},
	{"--website", "website"},
	{"--place", "place"},
	{"--pattern", "letter_number_pattern"},
	{"--letter-number-pattern", "letter_number_pattern"},
	{"--zone", "time_zone"},
	{"--time-zone", "time_zone"},
};

/* --puskesmas NAME or --kecamatan NAME (a district device, or a camat's office
 * reading a puskesmas's profile): the office's code into code[16]. */
static int s_office_opt(struct session *s, struct dom *d, const char *opt, const char *text, char code[16])
{
	char id[40];
	int rc = cli_resolve(s, d->st, !strcmp(opt, "--puskesmas") ? DOM_PUSKESMAS : DOM_KECAMATAN, text, id, sizeof id);
	if (rc == 0)
		lk_strlcpy(code, id, 16);
	return rc;
}

/* The label and blanks to the value's column: labels in the message language
 * differ in length, so the padding counts characters. */
static void s_label(const char *label)
{
	size_t n = 0;
	for (const char *c = label; *c; c++)
		n += ((unsigned char)*c & 0xC0) != 0x80;
	printf("%s%*s ", label, n < 22 ? (int)(22 - n) : 0, "");
}

static void s_line(const ProtobufCMessage *m, const char *label, const char *field)
{
	char *v = lk_record_get(m, field);
	s_label(label);
	printf("%s\n", v && v[0] ? v : "-");
	free(v);
}

static int s_show(struct session *s, struct dom *d, const char *office)
{
	struct dom_office_profile p;
	struct dom_err err = {0};
	char zone[40];
	int rc = dom_office_get(d, office, &p, &err);
	if (rc == 0)
		rc = dom_office_zone(d, p.office, zone, sizeof zone, &err);
	if (rc != 0) {
		dom_office_profile_free(&p);
		return s_refused(&err, rc);
	}
	if (s->opt.json) {
		rc = lk_record_json(stdout, lk_entity_find("office_profile"), p.rec) < 0;
	} else {
		printf(_("office %s (%s)%s\n"), p.office, cli_word(p.kind),
		       p.stored ? "" : _(": not set yet, these are the defaults (`lokmin office set` keeps them)"));
		s_line(p.rec, _("pemerintah:"), "pemerintah");
		s_line(p.rec, _("dinas:"), "dinas");
		s_line(p.rec, _("unit:"), "unit_name");
		s_line(p.rec, _("address:"), "address");
		s_line(p.rec, _("phone:"), "phone");
		s_line(p.rec, _("email:"), "email");
		s_line(p.rec, _("website:"), "website");
		s_line(p.rec, _("logo:"), "logo_attachment_id");
		s_line(p.rec, _("place:"), "place");
		s_line(p.rec, _("letter number pattern:"), "letter_number_pattern");
		char *tz = lk_record_get(p.rec, "time_zone");
		s_label(_("time zone:"));
		printf("%s%s\n", zone, tz && tz[0] ? "" : _(" (from the region code)"));
		free(tz);
	}
	dom_office_profile_free(&p);
	return rc;
}

/* Store the logo file as an attachment of the profile (stored first if it is
 * not yet) and point the profile at it. */
static int s_logo(struct session *s, struct dom *d, const char *office, const char *file)
{
	struct dom_office_profile p;
	struct dom_err err = {0};
	char aid[LK_UUID_STRLEN];
	int rc = dom_office_get(d, office, &p, &err);
	if (rc == 0 && !p.stored) {
		char *unit = lk_record_get(p.rec, "unit_name");
		struct dom_office_field f = {"unit_name", unit};
		rc = dom_office_set(d, p.office, &f, 1, &err);
		free(unit);
	}
	if (rc != 0) {
		dom_office_profile_free(&p);
		return s_refused(&err, rc);
	}
	struct lk_attach_req r = {.entity = "office_profile", .owner = p.id, .file = file, .caption = "logo",
	                          .max_size = s->opt.max_attachment};
	if (lk_attach_add(&s->eng, d->st, &r, aid) != 0) {
		fprintf(stderr, _("lokmin: the logo %s: %s\n"), file,
		        lk_engine_error(&s->eng)[0] ? lk_engine_error(&s->eng) : _("cannot be attached"));
		dom_office_profile_free(&p);
		return 1;
	}
	struct dom_office_field f = {"logo_attachment_id", aid};
	rc = dom_office_set(d, p.office, &f, 1, &err);
	dom_office_profile_free(&p);
	if (rc != 0)
		return s_refused(&err, rc);
	printf(_("logo %s\n"), aid);
	return 0;
}

static int s_set(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_office_field f[16];
	struct dom_err err = {0};
	const char *logo = NULL;
	char code[16] = "";
	size_t n = 0;
	int rc;
	for (int i = 2; i < argc; i++) {
		size_t k = 0;
		while (k < sizeof s_opts / sizeof s_opts[0] && strcmp(argv[i], s_opts[k].opt))
			k++;
		if (i + 1 >= argc)
			return cmd_usage("office");
		if (k < sizeof s_opts / sizeof s_opts[0] && n < 16)
			f[n++] = (struct dom_office_field){s_opts[k].field, argv[++i]};
		else if (!strcmp(argv[i], "--logo"))
			logo = argv[++i];
		else if (!strcmp(argv[i], "--puskesmas") || !strcmp(argv[i], "--kecamatan")) {
			if ((rc = s_office_opt(s, d, argv[i], argv[i + 1], code)) != 0)
				return rc;
			i++;
		} else
			return cmd_usage("office");
	}
	if (n == 0 && logo == NULL)
		return cmd_usage("office");
	if (n > 0 && (rc = dom_office_set(d, code[0] ? code : NULL, f, n, &err)) != 0)
		return s_refused(&err, rc);
	if (logo)
		return s_logo(s, d, code[0] ? code : NULL, logo);
	return 0;
}

static int s_number(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_err err = {0};
	struct lk_date day = {0};
	char code[16] = "", zone[40], out[120];
	int rc;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--date") && i + 1 < argc) {
			if (lk_date_parse(argv[++i], &day) != 0) {
				fprintf(stderr, _("lokmin: --date \"%s\" is not a date (YYYY-MM-DD)\n"), argv[i]);
				return 2;
			}
		} else if ((!strcmp(argv[i], "--puskesmas") || !strcmp(argv[i], "--kecamatan")) && i + 1 < argc) {
			if ((rc = s_office_opt(s, d, argv[i], argv[i + 1], code)) != 0)
				return rc;
			i++;
		} else
			return cmd_usage("office");
	}
	if (day.y == 0) {
		/* Today is the office's day, not the UTC one. */
		struct lk_tz *tz = NULL;
		if ((rc = dom_office_zone(d, code[0] ? code : NULL, zone, sizeof zone, &err)) != 0)
			return s_refused(&err, rc);
		if (lk_tz_load(zone, &tz) != 0 || lk_zone_today(tz, &day) != 0) {
			lk_tz_free(&tz);
			fprintf(stderr, _("lokmin: cannot read the time zone %s\n"), zone);
			return 1;
		}
		lk_tz_free(&tz);
	}
	if ((rc = dom_office_next_number(d, code[0] ? code : NULL, &day, out, sizeof out, NULL, &err)) != 0)
		return s_refused(&err, rc);
	printf("%s\n", out);
	return 0;
}

int cmd_office(struct session *s, int argc, char **argv)
{
	struct dom d;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("office");
	if (cmd_is_help(argc, argv)) {
		cmd_help("office");
		printf(_("\n  show [--puskesmas P | --kecamatan K] [--json]\n"
		       "                             the letterhead (kop surat); the defaults until something is set\n"
		       "  set --FIELD VALUE ... [--logo FILE]\n"
		       "                             fields: --pemerintah, --dinas, --unit, --address, --phone, --email,\n"
		       "                             --website, --place (the place in dates), --pattern (letter numbers),\n"
		       "                             --zone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura; \"\" = the region's)\n"
		       "                             --logo attaches the image file as the logo\n"
		       "  number [--date YYYY-MM-DD] the number the next letter gets\n"
		       "Letter-number pattern: {seq} the letter's running number in its year, {romawi} the month\n"
		       "in Roman numerals, {mm} the month in two digits, {yyyy} the year (440/{seq}/{romawi}/{yyyy}).\n"
		       "A district device names the office: --puskesmas or --kecamatan with a code or a part of\n"
		       "its name. Each office writes its own profile; the district may write any of its kabupaten.\n"));
		return 0;
	}
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	if (!strcmp(argv[1], "show")) {
		char code[16] = "";
		for (int i = 2; i < argc; i++) {
			if ((!strcmp(argv[i], "--puskesmas") || !strcmp(argv[i], "--kecamatan")) && i + 1 < argc) {
				int rc = s_office_opt(s, &d, argv[i], argv[i + 1], code);
				if (rc != 0)
					return rc;
				i++;
			} else if (strcmp(argv[i], "--json") != 0)
				return cmd_usage("office");
			else
				s->opt.json = 1;
		}
		return s_show(s, &d, code[0] ? code : NULL);
	}
	if (!strcmp(argv[1], "set"))
		return s_set(s, &d, argc, argv);
	if (!strcmp(argv[1], "number"))
		return s_number(s, &d, argc, argv);
	return cmd_usage("office");
}
