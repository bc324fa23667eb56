/* signer: the client's side of signer trust: keys and delegations read from the store, judged by lk_signer. */
#ifndef LK_CLIENT_SIGNER_H
#define LK_CLIENT_SIGNER_H

#include <stddef.h>
#include <stdint.h>

#include "lk_signer.h"
#include "store.h"

/* A signer_key record from the store with its lk_signer view (pointing into m). */
struct signer_keyrec {
	ProtobufCMessage *m;
	char replaced_at[24];
	struct lk_signer_key k;
};

/* Load key id; 0 or -LK_ENOTFOUND. Release with signer_key_release. */
int signer_key_load(lk_store *st, const char *id, struct signer_keyrec *kr);
void signer_key_release(struct signer_keyrec *kr);

/* Every key of person (all statuses), oldest first: *out an array the caller
 * releases with signer_keys_free. 0 or negative. */
int signer_keys_of(lk_store *st, const char *person, struct signer_keyrec **out, size_t *n);
void signer_keys_free(struct signer_keyrec *v, size_t n);

/* 0 when signature s, made with key key_id, holds by the store's keys and
 * delegations; -LK_EINVAL / -LK_ECRYPTO with the reason in why. */
int signer_verify(lk_store *st, const struct lk_signature *s, const char *key_id, char *why, size_t n);

/* The state of a signed record's signature (invitation or minutes: over its
 * document; rtl: its verification over the RTL statement). */
enum signer_state { SIGNER_UNSIGNED, SIGNER_INVALID, SIGNER_VERIFIED };
enum signer_state signer_record_state(lk_store *st, const struct lk_entity *e, const ProtobufCMessage *rec,
                                      char *why, size_t n);

/* Make signature_verifies(ENTITY, ID) (1 or 0) callable from the store's SQL,
 * so reports count a document as signed only when its signature verifies. */
int signer_sql_register(lk_store *st);

#endif
