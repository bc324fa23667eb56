/* verify: checking a signed document or a scanned seal (QR payload) offline against the store and the signer's registered key. */
#ifndef DOM_VERIFY_H
#define DOM_VERIFY_H

#include <protobuf-c/protobuf-c.h>

#include "dom.h"
#include "lk_seal.h"

/* What a check found, for a person: the verdict and what the document is. */
struct dom_verify_result {
	int valid;               /* 1: the seal and the signature hold */
	char why[400];           /* when not valid: the first check that failed, in plain words */
	char entity[16];         /* invitation or minutes */
	char kind[40];           /* "Surat Undangan" or "Notulen" */
	char id[37];
	char number[120];        /* the letter's number (invitation), "" otherwise */
	char meeting_id[37];
	char meeting[160];       /* the meeting's title */
	char meeting_handle[80]; /* as `meeting list` shows it: 2026-12 */
	char meeting_date[16];   /* held, else planned */
	char signer_id[37];
	char signer_name[200];   /* "" when the person is not on this device */
	char signer_title[200];
	char signed_at[24];      /* UTC, as recorded */
	char office[16];         /* the signing office's code (puskesmas, else kecamatan): its time zone */
	char key_id[37];         /* the key the record was signed with */
	char sha256[65];         /* of the document on this device */
	int revision;            /* minutes: its revision; invitation: 1 */
	int newer;               /* a newer revision (minutes) or a later signed letter (invitation) of the meeting exists */
	char newer_id[37];
};

/*
 * Check a seal's text (the QR payload, exactly as scanned) against this
 * device's store: the record it names is here, its document's SHA-256 is the
 * seal's, the seal's signature verifies over the document with the seal's key,
 * that key is registered and in force for the document's signer at its
 * signed_at (domain/signer.c, common/lk_signer.c), and the seal's key and
 * signature are the record's. 0 with the verdict in *r (r->valid, r->why);
 * -LK_EINVAL when the text is not a seal, -LK_ENOTFOUND when the document is
 * not on this device, with err.
 */
int dom_verify_payload(struct dom *d, const char *text, struct dom_verify_result *r, struct dom_err *err);

/* Check the record entity/id itself (its own seal): 0 with the verdict, or
 * -LK_ENOTFOUND / -LK_EINVAL with err. */
int dom_verify_record(struct dom *d, const char *entity, const char *id, struct dom_verify_result *r,
                      struct dom_err *err);

/* The seal of a signed document record of entity (invitation or minutes) into
 * out: 0, or -LK_EINVAL when it is not signed with a key (nothing to seal). */
int dom_seal_of(const char *entity, const ProtobufCMessage *doc, char out[LK_SEAL_MAX]);

/* The seal of the record entity/id in the store into out; 0, -LK_ENOTFOUND or
 * -LK_EINVAL (not signed) with err. */
int dom_seal_payload(struct dom *d, const char *entity, const char *id, char out[LK_SEAL_MAX], struct dom_err *err);

#endif
