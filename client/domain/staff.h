/* staff: the people of a puskesmas or camat's office, with their titles, roles and programmes. */
#ifndef DOM_STAFF_H
#define DOM_STAFF_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

#include "dom.h"

/* What to set on a person; NULL leaves a field as it is (a new person: ""; role "staff"). */
struct dom_staff_in {
	const char *name;
	const char *title;
	const char *role; /* one of lk_person_roles */
	const char *programmes; /* "KIA,GIZI", "klaster2" ... */
	const char *nip;
	const char *phone;
	const char *pangkat; /* pangkat/golongan: "Pembina (IV/a)" */
};

/* Is role (NULL: not given) one a person may have? 0, or -LK_EINVAL with the roles in err. */
int dom_staff_role_check(const char *role, struct dom_err *err);

/* Add a person to the office's staff list (name required); the new id into id. */
int dom_staff_add(struct dom *d, const struct dom_staff_in *in, char id[40], struct dom_err *err);

/*
 * Change the fields given of person id; the others keep their values. Making
 * someone Kapus or Camat, or ending it, is the district's (lk_person_role_change,
 * as the server rules). -LK_ENOTFOUND, -LK_EINVAL with the reason, or 0.
 */
int dom_staff_change(struct dom *d, const char *id, const struct dom_staff_in *in, struct dom_err *err);

/* One person of the list; rec is the record itself, for renderers that write it whole. */
struct dom_person {
	char id[40];
	char name[160];
	char title[160];
	char role[16];
	char programmes[200];
	char nip[40];
	char phone[40];
	char pangkat[80];
	ProtobufCMessage *rec;
};

/* Everyone on the device's staff lists, in id (creation) order. Free with dom_staff_list_free. */
int dom_staff_list(struct dom *d, struct dom_person **out, size_t *n, struct dom_err *err);
void dom_staff_list_free(struct dom_person *v, size_t n);

#endif
