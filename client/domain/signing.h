/* signing: a signer's keys and delegations: key files under the home, who may sign, the district's side of trust. */
#ifndef DOM_SIGNING_H
#define DOM_SIGNING_H

#include <stddef.h>
#include <stdint.h>

#include "dom.h"
#include "lk_sign.h"
#include "lk_signer.h"
#include "signer.h"

/* ---------------------------------------------------------------- key files (signing.c) */

/* HOME/sign-KEY.key: one sealed file per key, so old and new keys live side by side. */
void dom_sign_key_path(const struct dom *d, const char *key_id, char *out, size_t size);

/*
 * The key person (called name in messages) signs with on this device now: the
 * newest current key whose file is here. 0 with *out filled (release with
 * signer_key_release); -LK_EPERM when the key here waits for the district or
 * signs no more, -LK_ENOTFOUND when there is none, with the reason in err.
 */
int dom_sign_key_pick(struct dom *d, const char *person, const char *name, struct signer_keyrec *out,
                      struct dom_err *err);

/* Open kr's sealed file with passphrase into sk, checking it holds kr's key
 * (the caller wipes sk). 0, -LK_ENOTFOUND (no file) or -LK_ECRYPTO. */
int dom_sign_key_open(struct dom *d, const struct signer_keyrec *kr, const char *passphrase,
                      uint8_t sk[LK_SIGN_SKLEN]);

/* A person's first key on this device, waiting for the district's confirmation. */
struct dom_sign_keygen_in {
	const char *person_id;
	int deputy;              /* a deputy's key even when the person heads the office */
	const char *passphrase;  /* at least 8 characters */
	const char *device_name; /* recorded with the key */
};
struct dom_sign_key_out {
	char key_id[40];
	char old_key_id[40];     /* rotate: the key that endorsed it */
	char person_id[40];
	char person_name[200];
	char path[1200];         /* the sealed file */
	char public_key[65];
	char fingerprint[LK_SIGNER_FPRLEN];
	char status[16];
	char at[24];             /* rotate: when the new key starts */
};
int dom_sign_keygen(struct dom *d, const struct dom_sign_keygen_in *in, struct dom_sign_key_out *out,
                    struct dom_err *err);

/* A new key endorsed by the person's current one (opened with passphrase), which stops signing. */
struct dom_sign_rotate_in {
	const char *person_id;
	const char *passphrase;     /* of the current key */
	const char *new_passphrase; /* of the new key, at least 8 characters */
	const char *device_name;
};
int dom_sign_rotate(struct dom *d, const struct dom_sign_rotate_in *in, struct dom_sign_key_out *out,
                    struct dom_err *err);

/* Whether passphrase opens the person's newest key on this device (out: key_id, status, public_key). */
int dom_sign_check(struct dom *d, const char *person_id, const char *passphrase, struct dom_sign_key_out *out,
                   struct dom_err *err);
/* Write the person's newest key file, still sealed, to file (out: key_id). */
int dom_sign_export(struct dom *d, const char *person_id, const char *file, struct dom_sign_key_out *out,
                    struct dom_err *err);
/* Take a key file written by dom_sign_export, when passphrase opens it (out: key_id, person_id, status). */
int dom_sign_import(struct dom *d, const char *file, const char *passphrase, struct dom_sign_key_out *out,
                    struct dom_err *err);

/* ---------------------------------------------------------------- authority (signed_doc.c) */

/*
 * Whether person may sign for the office of rec at time now (the common rule
 * lk_head_role names the head): as its head, or as a deputy with a delegation
 * in force that day (*deputy = 1). action completes "only the Kapus ..." in
 * the refusal. 0 or -LK_EPERM with the reason in err.
 */
int dom_sign_authority(struct dom *d, const ProtobufCMessage *rec, const ProtobufCMessage *person,
                       const char *action, const char *now, int *deputy, struct dom_err *err);

/* ---------------------------------------------------------------- the district's side (signing_admin.c) */

/* One signing key, for a list. */
struct dom_sign_key_row {
	const struct lk_entity *e;
	const ProtobufCMessage *m; /* the record */
	struct lk_signer_key k;
	const char *person_name;   /* "?" when the person is not on this device */
	const char *device_name;
	char fingerprint[LK_SIGNER_FPRLEN];
};
/* Call fn for every live signing key in the store; 0, fn's negative value, or negative. */
int dom_sign_keys_list(struct dom *d, int (*fn)(const struct dom_sign_key_row *row, void *arg), void *arg,
                       struct dom_err *err);

/* Confirm (a pending key) or revoke key_id from a district device; note may be NULL.
 * out: key_id, person_name, public_key, fingerprint, status, at. */
struct dom_sign_status_in {
	const char *key_id;
	int confirm; /* 1 confirm, 0 revoke */
	const char *note;
};
/* The one key of person_id that confirm (its pending key) or revoke (its
 * active key) means, into key_id; -LK_ENOTFOUND, or -LK_EINVAL with the keys
 * as candidates (handle and fingerprint) when there are several. */
int dom_sign_key_of_person(struct dom *d, const char *person_id, int confirm, char *key_id, size_t size,
                           struct dom_err *err);
int dom_sign_key_status(struct dom *d, const struct dom_sign_status_in *in, struct dom_sign_key_out *out,
                        struct dom_err *err);

/* A deputy's delegation: granted by the head's key (head_id given, opened with passphrase)
 * or, from a district device, by the district. */
struct dom_sign_delegate_in {
	const char *person_id;
	const char *kind;        /* plt, plh, an */
	const char *from, *until; /* YYYY-MM-DD */
	const char *head_id;     /* NULL: the district grants */
	const char *passphrase;  /* of the head's key */
	const char *note;
};
struct dom_sign_delegate_out {
	char id[40];
	char granted_by[200]; /* the head's name, or "the district" */
};
int dom_sign_delegate(struct dom *d, const struct dom_sign_delegate_in *in, struct dom_sign_delegate_out *out,
                      struct dom_err *err);
/* 0 when this is a district device, else -LK_EPERM: "only a district (dinkes) device <what>; ...". */
int dom_sign_district(const struct dom *d, const char *what, struct dom_err *err);

#endif
