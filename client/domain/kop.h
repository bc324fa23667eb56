/* kop: the letterhead lines of an office (kop surat) and the names a letter writes, from its profile and region names. */
#ifndef DOM_KOP_H
#define DOM_KOP_H

#include <stddef.h>

#include "dom.h"

#define DOM_KOP_MAX 6
#define DOM_KOP_LINE 300

/*
 * The kop of office (NULL: the device's own; as dom_office_code takes it),
 * top to bottom: a puskesmas
 *   PEMERINTAH KABUPATEN KENDAL / DINAS KESEHATAN / UPTD PUSKESMAS KALIWUNGU /
 *   the contact line "Jl. ... Telp. ... E-mail: ... Laman: ..."
 * a camat's office PEMERINTAH KABUPATEN KENDAL / KECAMATAN KALIWUNGU / contact.
 * The words are the letterhead's own (Indonesian), not the user's language.
 * A field the profile lacks comes from the region names of the org cache,
 * never a bare code; an empty line is left out. *contact is 1 when the last
 * line is the contact line. logo_id[40] receives the profile's logo
 * attachment id ("" when none). 0 or negative with err.
 */
struct dom_kop {
	size_t n;
	char line[DOM_KOP_MAX][DOM_KOP_LINE];
	int contact;
	char logo_id[40];
	int puskesmas; /* 1: a puskesmas; 0: a camat's office */
	char place[200];     /* the place in dates ("Kaliwungu") */
	char head[320];      /* the head's jabatan: "Kepala UPTD Puskesmas Kaliwungu", "Camat Kaliwungu" */
	char kabupaten[200]; /* "Kabupaten Kendal" ("" when unknown) */
	char unit[300];      /* "UPTD Puskesmas Kaliwungu", "Kecamatan Kaliwungu" */
};
int dom_kop(struct dom *d, const char *office, struct dom_kop *out, struct dom_err *err);

/* upper ("UPTD PUSKESMAS KALIWUNGU") in title case ("Uptd Puskesmas Kaliwungu", with
 * UPTD kept in capitals) into out[n]. */
void dom_title_case(char *out, size_t n, const char *upper);

#endif
