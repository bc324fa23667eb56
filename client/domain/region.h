/* region: the names of the kabupaten, kecamatan, puskesmas and desa as the last sync cached them, for headings, letterheads and choices. */
#ifndef LK_REGION_H
#define LK_REGION_H

#include <stddef.h>

#include "dom.h"
#include "store.h"

/*
 * The names of d's own kabupaten, kecamatan and puskesmas ("Kabupaten
 * Kendal", "Kecamatan Kaliwungu", "Puskesmas Kaliwungu"), from the region
 * names the last sync cached. Any output may be NULL (not wanted); a level
 * the office does not have (a district device has no kecamatan) or whose
 * name is not cached yet is left "". 0 when every level the office has was
 * named, -LK_ENOTFOUND when one is still missing (sync first), the others
 * filled as far as known.
 */
int dom_region_names(struct dom *d, char *kabupaten, size_t kab_len, char *kecamatan, size_t kec_len,
                     char *puskesmas, size_t pusk_len);

/* The cached name of one region by its code (kabupaten, kecamatan or puskesmas); 0, or
 * -LK_ENOTFOUND with out "" when not cached. */
int region_name(lk_store *st, const char *code, char *out, size_t n);

/* A puskesmas as people name it, "Puskesmas Kaliwungu": its cached name, with the word
 * "Puskesmas " put before a name that does not start with it. 0, or -LK_ENOTFOUND with
 * out "" when its name is not cached. */
int region_puskesmas_name(lk_store *st, const char *code, char *out, size_t n);

/* A kecamatan as people name it, "Kecamatan Kaliwungu", from its name (the word put before a name that lacks
 * it), into out; code when the name is empty, "" when both are. out. */
char *region_kecamatan_label(const char *name, const char *code, char *out, size_t n);

/* An office by its code as people name it, "Puskesmas Kaliwungu" or "Kecamatan Kaliwungu", into out; its
 * code while the name is not cached yet. out. */
char *region_office_name(lk_store *st, const char *code, char *out, size_t n);

/* One puskesmas of the device's kecamatan, as people name it. */
struct dom_puskesmas {
	char code[16];
	char name[200]; /* "Puskesmas Kaliwungu" */
};

/* The puskesmas of d's kecamatan (a camat's office) that the last sync named, sorted by name, into *out (the
 * caller frees it) and *n. 0 (n is 0 before the first sync, or on a device that is not a kecamatan's), or
 * -LK_ENOMEM. */
int dom_kecamatan_puskesmas(struct dom *d, struct dom_puskesmas **out, size_t *n);

/* One desa of the device's puskesmas. */
struct dom_desa {
	char code[16];
	char name[120];
};

/* The desa of d's puskesmas that the last sync cached, sorted by name (then
 * code), into *out (the caller frees it) and *n. 0 (n is 0 before the first
 * sync, or on a device that is not a puskesmas'), or -LK_ENOMEM. */
int dom_desa_list(struct dom *d, struct dom_desa **out, size_t *n);

/* The cached name of desa code ("Kutoharjo"); 0, or -LK_ENOTFOUND with out "". */
int region_desa_name(lk_store *st, const char *code, char *out, size_t n);

/* The cached desa names read once, to look up many rows by code. */
struct dom_desa_names {
	struct dom_desa *v; /* sorted by code */
	size_t n;
};
/* Read them (none before the first sync); 0 or -LK_ENOMEM. Free with dom_desa_names_free. */
int dom_desa_names_load(lk_store *st, struct dom_desa_names *t);
/* The name of code, or NULL when it is not cached. */
const char *dom_desa_names_find(const struct dom_desa_names *t, const char *code);
void dom_desa_names_free(struct dom_desa_names *t);

#endif
