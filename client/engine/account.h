/* account: the web app's device-local accounts (login, person, Argon2id password hash, language), never synced. */
#ifndef LK_ACCOUNT_H
#define LK_ACCOUNT_H

#include <stddef.h>

#include "store.h"

#define LK_ACCOUNT_LOGIN_MAX 64 /* bytes of a login, at most */
#define LK_ACCOUNT_PASS_MIN 8   /* characters of a password, at least */
#define LK_ACCOUNT_PASS_MAX 512 /* bytes of a password, at most */

struct lk_account {
	char login[LK_ACCOUNT_LOGIN_MAX + 1];
	char person_id[40];
	char lang[8]; /* "id" or "en" */
};

/* 1 when login is a valid account name: 1-64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit. */
int lk_account_login_ok(const char *login);
/*
 * Add the account login for person_id with password (hashed with Argon2id,
 * crypto_pwhash_str at libsodium's interactive limits) and language lang
 * ("id" or "en"). 0, -LK_EINVAL (a bad login, language or a password shorter
 * than LK_ACCOUNT_PASS_MIN or longer than LK_ACCOUNT_PASS_MAX), -LK_ECONFLICT
 * (the login exists), -LK_ENOMEM (hashing) or the store's failure.
 */
int lk_account_add(lk_store *s, const char *login, const char *person_id, const char *password, const char *lang);
/* The account login into out. 0, -LK_ENOTFOUND or negative. */
int lk_account_get(lk_store *s, const char *login, struct lk_account *out);
/*
 * Check password against login's hash, in about the same time whether or not
 * the account exists. 0 with out filled (out may be NULL), -LK_EPERM (no such
 * account or the wrong password) or the store's failure.
 */
int lk_account_check(lk_store *s, const char *login, const char *password, struct lk_account *out);
/*
 * Change login's password: old must check as in lk_account_check, new is
 * hashed with Argon2id at the same limits as lk_account_add. 0, -LK_EPERM (no
 * such account or old is wrong), -LK_EINVAL (new shorter than
 * LK_ACCOUNT_PASS_MIN or longer than LK_ACCOUNT_PASS_MAX), -LK_ENOMEM
 * (hashing) or the store's failure.
 */
int lk_account_set_password(lk_store *s, const char *login, const char *old_password, const char *new_password);
/* Set login's language ("id" or "en"). 0, -LK_EINVAL (another language), -LK_ENOTFOUND or negative. */
int lk_account_set_lang(lk_store *s, const char *login, const char *lang);
/* How many accounts the device has, into *n. 0 or negative. */
int lk_account_count(lk_store *s, int *n);

#endif
