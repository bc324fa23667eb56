/* kop: an office's letterhead lines, place, head's jabatan and region names, for every letter it writes. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kop.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_util.h"
#include "office.h"
#include "orgcache.h"

void dom_title_case(char *out, size_t n, const char *upper)
{
	size_t k = 0;
	int start = 1;
	for (const char *c = upper; *c && k + 1 < n; c++) {
		out[k++] = (char)(start ? toupper((unsigned char)*c) : tolower((unsigned char)*c));
		start = *c == ' ' || *c == '-' || *c == '(' || *c == '/';
	}
	out[k] = '\0';
	/* Abbreviations people write in capitals. */
	static const char *const keep[] = {"Uptd ", "Rsud ", "Kua ", NULL};
	for (size_t i = 0; keep[i]; i++)
		for (char *p = strstr(out, keep[i]); p; p = strstr(p + 1, keep[i]))
			if (p == out || p[-1] == ' ')
				for (size_t j = 0; keep[i][j] != ' '; j++)
					p[j] = (char)toupper((unsigned char)p[j]);
}

static void s_get(const ProtobufCMessage *m, const char *field, char *out, size_t n)
{
	char *v = m ? lk_record_get(m, field) : NULL;
	lk_strlcpy(out, v ? v : "", n);
	free(v);
}

static void s_line(struct dom_kop *k, const char *text)
{
	if (text[0] && k->n < DOM_KOP_MAX)
		lk_strlcpy(k->line[k->n++], text, DOM_KOP_LINE);
}

/* Append "label value" to line when value is not empty. */
static void s_contact(char *line, size_t n, const char *label, const char *value)
{
	if (value[0] == '\0')
		return;
	size_t len = strlen(line);
	if (snprintf(line + len, n - len, "%s%s%s%s", len ? " " : "", label, label[0] ? " " : "", value) >= (int)(n - len))
		line[n - 1] = '\0'; /* cut: the line stays readable */
}

int dom_kop(struct dom *d, const char *office, struct dom_kop *out, struct dom_err *err)
{
	struct dom_office_profile p;
	memset(out, 0, sizeof *out);
	int rc = dom_office_get(d, office, &p, err);
	if (rc != 0)
		return rc;
	char pem[DOM_KOP_LINE], dinas[DOM_KOP_LINE], unit[DOM_KOP_LINE], addr[DOM_KOP_LINE], phone[100], email[200],
	    web[200];
	s_get(p.rec, "pemerintah", pem, sizeof pem);
	s_get(p.rec, "dinas", dinas, sizeof dinas);
	s_get(p.rec, "unit_name", unit, sizeof unit);
	s_get(p.rec, "address", addr, sizeof addr);
	s_get(p.rec, "phone", phone, sizeof phone);
	s_get(p.rec, "email", email, sizeof email);
	s_get(p.rec, "website", web, sizeof web);
	s_get(p.rec, "logo_attachment_id", out->logo_id, sizeof out->logo_id);
	s_get(p.rec, "place", out->place, sizeof out->place);
	out->puskesmas = !strcmp(p.kind, "puskesmas");
	dom_office_profile_free(&p);
	/* A line the profile left empty: the region's name from the org cache, else the office's kind. */
	if (pem[0] == '\0') {
		char kab[200];
		if (org_kabupaten(d->st, kab, sizeof kab) == 0) {
			int named = !strncasecmp(kab, "Kabupaten ", 10) || !strncasecmp(kab, "Kota ", 5);
			snprintf(pem, sizeof pem, "PEMERINTAH %s%s", named ? "" : "KABUPATEN ", kab);
			for (char *c = pem; *c; c++)
				*c = (char)toupper((unsigned char)*c);
		}
	}
	if (out->puskesmas && dinas[0] == '\0')
		lk_strlcpy(dinas, "DINAS KESEHATAN", sizeof dinas);
	if (unit[0] == '\0')
		lk_strlcpy(unit, out->puskesmas ? "UPTD PUSKESMAS" : "KECAMATAN", sizeof unit);
	s_line(out, pem);
	if (out->puskesmas)
		s_line(out, dinas);
	s_line(out, unit);
	char line[DOM_KOP_LINE] = "";
	s_contact(line, sizeof line, "", addr);
	s_contact(line, sizeof line, "Telp.", phone);
	s_contact(line, sizeof line, "E-mail:", email);
	s_contact(line, sizeof line, "Laman:", web);
	if (line[0]) {
		s_line(out, line);
		out->contact = 1;
	}
	/* Names a letter writes in its text. */
	dom_title_case(out->unit, sizeof out->unit, unit);
	if (out->puskesmas)
		snprintf(out->head, sizeof out->head, "Kepala %s", out->unit);
	else {
		const char *rest = !strncasecmp(unit, "KECAMATAN", 9) ? unit + 9 : unit;
		while (*rest == ' ')
			rest++;
		char nm[200];
		dom_title_case(nm, sizeof nm, rest);
		snprintf(out->head, sizeof out->head, nm[0] ? "Camat %s" : "Camat", nm);
	}
	if (!strncasecmp(pem, "PEMERINTAH ", 11))
		dom_title_case(out->kabupaten, sizeof out->kabupaten, pem + 11);
	return 0;
}
