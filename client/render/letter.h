/* letter: the parts every official letter shares (kop, signature block, place-date line), built from domain data. */
#ifndef RD_LETTER_H
#define RD_LETTER_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

#include "doc.h"
#include "dom.h"
#include "lk_date.h"
#include "seal_qr.h"

/*
 * The Surat Undangan, the Notulen and the Daftar Hadir (and later the web ui)
 * build their common parts here, the way the tata naskah dinas (Permendagri
 * 1/2023) writes them. Each part is made in two steps: rl_*_of reads the
 * domain (office profile, org cache, persons, delegations, the signed record)
 * into a plain struct, and rl_*_add lays that struct out in an rd_doc. A
 * signed document stores the kop lines in its canonical text, so its printed
 * kop is the one that was signed: rl_kop_from_lines builds the struct back
 * from them.
 *
 * Every text is plain (not markup): the add functions escape it. Labels go
 * through gettext, so a document reads in the user's language (Bahasa
 * Indonesia by default). Nothing here prints.
 */

/* ---------------------------------------------------------------- kop (letterhead) */

#define RL_KOP_MAX 6

struct rl_kop {
	size_t n;
	char line[RL_KOP_MAX][300]; /* plain text, top to bottom */
	double size_pt[RL_KOP_MAX];
	int bold[RL_KOP_MAX];
	char logo[1200]; /* the logo's file (home/blobs/HASH) when its content is on this device, else "" */
};

/*
 * The kop of office (NULL: the device's own; as dom_office_code takes it)
 * from its profile (dom_office_get): a puskesmas gives
 *   PEMERINTAH KABUPATEN KENDAL
 *   DINAS KESEHATAN
 *   UPTD PUSKESMAS KALIWUNGU
 *   Jl. ... Telp. ... E-mail ... Laman ...
 * a camat's office PEMERINTAH KABUPATEN KENDAL, KECAMATAN KALIWUNGU and the
 * contact line. Fields the profile lacks come from the region names of the
 * org cache (never a bare code); a line with nothing is left out. The logo is
 * the profile's logo attachment when its content is in d->home's blobs.
 * 0 or negative with err.
 */
int rl_kop_of_office(struct dom *d, const char *office, struct rl_kop *out, struct dom_err *err);
/* (The lines themselves come from dom_kop, domain/kop.h, which a signed text copies.) */

/* A kop from the lines a signed text keeps (government and unit names, the
 * last one the largest) and its contact line (NULL or "" for none); logo is
 * a file or NULL. */
void rl_kop_from_lines(struct rl_kop *out, const char *const *lines, size_t n, const char *contact, const char *logo);

/* The kop as a letterhead block (logo left, lines centred, double rule). 0 or negative (rd_doc_error). */
int rl_kop_add(struct rd_doc *doc, const struct rl_kop *k);

/* ---------------------------------------------------------------- date line */

/*
 * "Kaliwungu, 30 November 2026": the office's place (its profile's place,
 * else the kecamatan's name) and day, in the user's language. day NULL is the
 * office's today (dom_today, in the office's time zone, never the UTC day).
 * Into out[n]; 0 or negative with err.
 */
int rl_place_date(struct dom *d, const char *office, const struct lk_date *day, char *out, size_t n,
                  struct dom_err *err);

/* ---------------------------------------------------------------- signature block */

struct rl_signer {
	int is_signed;         /* 1: the record's signature verifies (qr holds its seal) */
	char jabatan[600];     /* lines joined by '\n': "a.n. Kepala Puskesmas Kaliwungu\nKepala Subbagian Tata Usaha" */
	char name[200];        /* "" when unknown: a dotted line is drawn */
	char pangkat[120];     /* "Pembina (IV/a)", "" when none */
	char nip[80];          /* "NIP. 19800101 200501 2 001", "" when none */
	char deputy_kind[8];   /* "plt", "plh", "an", "" when the head signed (or no one yet) */
	struct dom_qr qr;      /* the electronic-signature mark (width 0 when not signed) */
	int invalid;           /* 1: signed, but the signature does not verify (printed as such) */
	char seal[300];        /* the QR's text (LKM1|...), "" when not signed */
	char signed_at[120];   /* when it was signed, in the office's zone ("30 November 2026 pukul 23.30 WIB") */
};

/*
 * The signature block of record doc of entity ("invitation" or "minutes",
 * the fields signer_person_id, signed_at, signature): when its signature
 * verifies (dom_doc_state), the signer's jabatan, name, pangkat and NIP with
 * the QR of its seal (dom_seal_of); a deputy who signed with a delegation in
 * force on the signing day gets "Plt. <head's jabatan>", "Plh. <head's
 * jabatan>" or "a.n. <head's jabatan>" over his own title. The head's
 * jabatan is his Person.title, or "Kepala UPTD Puskesmas X" / "Camat X" from
 * the office's unit name (dom_kop) when the title is empty or generic. Not signed (or not
 * verifying): the office head's jabatan, name, pangkat and NIP as the store
 * has them, with room for a wet signature. doc NULL is an unsigned letter of
 * office. 0 or negative with err; free with rl_signer_free.
 */
int rl_signer_of(struct dom *d, const char *office, const char *entity, const ProtobufCMessage *doc,
                 struct rl_signer *out, struct dom_err *err);
void rl_signer_free(struct rl_signer *s); /* safe twice */

/* The head's jabatan for office ("Kepala UPTD Puskesmas Kaliwungu", "Camat Kaliwungu") into out[n]. 0 or negative. */
int rl_head_jabatan(struct dom *d, const char *office, char *out, size_t n, struct dom_err *err);

/*
 * The block on the right half of the page: place_date (NULL to leave out,
 * as a letter with the date at its top does), jabatan, the QR mark (with a
 * caption and, in HTML, the seal as data-seal and the state as data-status)
 * or space for a wet signature, the name (bold, underlined), pangkat and NIP;
 * a signature that does not verify says so under the block.
 * Put it inside rd_group_begin/end with the sentence before it to keep them
 * on one page. 0 or negative (rd_doc_error).
 */
int rl_signature_add(struct rd_doc *doc, const struct rl_signer *s, const char *place_date);

/* ---------------------------------------------------------------- whole documents */

/*
 * The Surat Undangan of invitation record inv laid out in doc from its
 * canonical text (domain/doc_text.h, kind "undangan"): kop, Nomor, Sifat,
 * Lampiran and Hal with the place-date line on the right, Yth., the body
 * with hari/tanggal, waktu, tempat and acara, the closing sentence kept on
 * one page with the signature block, Tembusan, and a Lampiran page with the
 * recipients when they are more than DOM_INVITATION_YTH_INLINE. An older
 * free-text letter is printed as its text under the office's kop.
 * 0 or negative with err.
 */
int rl_undangan(struct dom *d, const ProtobufCMessage *inv, struct rd_doc *doc, struct dom_err *err);

/*
 * The Daftar Hadir of meeting mt laid out in doc: kop, title with the
 * meeting's hari/tanggal and tempat, a table No, Nama, NIP, Jabatan,
 * Instansi/Unit, Jam Datang (the office's zone) and Tanda Tangan (numbers
 * alternating left and right), spare rows for walk-ins (at least
 * RL_HADIR_SPARE), the header repeated on every page. 0 or negative with err.
 */
#define RL_HADIR_SPARE 5
int rl_hadir(struct dom *d, const ProtobufCMessage *mt, struct rd_doc *doc, struct dom_err *err);

#endif
