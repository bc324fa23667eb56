/* signed_doc: the documents of a meeting that a head signs and seals (invitation, minutes): signing and reading them. */
#ifndef DOM_SIGNED_DOC_H
#define DOM_SIGNED_DOC_H

#include <stdio.h>

#include "dom.h"
#include "signer.h"
#include "store.h"

/* The meeting a document is made from: 0 with *mt (lk_record_free), or
 * -LK_ENOTFOUND "no meeting ID on this device". Invitations and minutes both start here. */
int dom_doc_meeting(struct dom *d, const char *meeting_id, ProtobufCMessage **mt, struct dom_err *err);

/* A document record (entity "invitation" or "minutes") signed as a person. */
struct dom_doc_sign_in {
	const char *entity;
	const char *id;
	const char *person_id;
	const char *passphrase; /* of the person's key on this device */
};
struct dom_doc_sign_out {
	char key_id[40];
	char at[24];
	char person_name[200];
	int deputy; /* signed as a deputy with a delegation in force */
};

/*
 * Everything signing checks before the passphrase is needed: the document is
 * not sealed yet, the person may sign for its office (dom_sign_authority), and
 * holds a key of that capacity here. The cli asks for the passphrase only
 * after this. 0 or negative with err (out: person_name, deputy, key_id).
 */
int dom_doc_sign_check(struct dom *d, const struct dom_doc_sign_in *in, struct dom_doc_sign_out *out,
                       struct dom_err *err);
/* Check as above, open the key with the passphrase, sign the document's text
 * and seal it (signature, signer, time, key written). 0 or negative with err. */
int dom_doc_sign(struct dom *d, const struct dom_doc_sign_in *in, struct dom_doc_sign_out *out, struct dom_err *err);

/* Write the document's text, the signer's name and the state of its signature
 * ("[signed by ...]", "[SIGNATURE DOES NOT VERIFY ...]" or "[NOT SIGNED]") to
 * out; *state says which. 0 or -LK_ENOTFOUND with err. */
int dom_doc_show(struct dom *d, const char *entity, const char *id, FILE *out, enum signer_state *state,
                 struct dom_err *err);

/* The state of a document's signature for a printed page, and *signer the
 * signer's person record (the caller frees; NULL unless verified). A
 * signature that verifies by a person not on this device counts as invalid:
 * there is no one to name under it. */
enum signer_state dom_doc_state(struct dom *d, const ProtobufCMessage *doc, ProtobufCMessage **signer);

#endif
