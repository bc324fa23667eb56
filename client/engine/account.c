/* account: the web app's device-local accounts in the store's account table, with Argon2id password hashes. */
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "account.h"
#include "lk_error.h"
#include "lk_util.h"
#include "store_priv.h"

int lk_account_login_ok(const char *login)
{
	size_t n = login ? strlen(login) : 0;
	if (n == 0 || n > LK_ACCOUNT_LOGIN_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
			return 0;
	}
	return 1;
}

static int s_lang_ok(const char *lang)
{
	return lang && (!strcmp(lang, "id") || !strcmp(lang, "en"));
}

/* Characters (not bytes) of a UTF-8 text. */
static size_t s_chars(const char *t)
{
	size_t n = 0;
	for (; *t; t++)
		n += ((unsigned char)*t & 0xC0) != 0x80;
	return n;
}

int lk_account_add(lk_store *s, const char *login, const char *person_id, const char *password, const char *lang)
{
	char hash[crypto_pwhash_STRBYTES];
	sqlite3_stmt *st = NULL;
	int rc;

	if (!lk_account_login_ok(login) || !s_lang_ok(lang) || person_id == NULL || !person_id[0] || password == NULL ||
	    strlen(password) > LK_ACCOUNT_PASS_MAX || s_chars(password) < LK_ACCOUNT_PASS_MIN)
		return -LK_EINVAL;
	if (sodium_init() < 0)
		return -LK_ENOMEM;
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -LK_ENOMEM;
	if ((rc = lk_store__begin(s)) != 0)
		return rc;
	rc = sqlite3_prepare_v2(lk_store__db(s),
	                        "INSERT INTO account (login, person_id, pwhash, lang, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__end(s, lk_store__fail(s, rc, "account"));
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, person_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)lk_now_ms());
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc == SQLITE_CONSTRAINT)
		rc = -LK_ECONFLICT;
	else
		rc = lk_store__fail(s, rc, "account");
	sqlite3_finalize(st);
	sodium_memzero(hash, sizeof hash);
	return lk_store__end(s, rc);
}

/* login's row: the account into out (when not NULL) and its hash into hash. 0, -LK_ENOTFOUND or negative. */
static int s_row(lk_store *s, const char *login, struct lk_account *out, char hash[crypto_pwhash_STRBYTES])
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(lk_store__db(s), "SELECT person_id, pwhash, lang FROM account WHERE login = ?1", -1,
	                            &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__fail(s, rc, "account");
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (out) {
			memset(out, 0, sizeof *out);
			lk_strlcpy(out->login, login, sizeof out->login);
			lk_strlcpy(out->person_id, (const char *)sqlite3_column_text(st, 0), sizeof out->person_id);
			lk_strlcpy(out->lang, (const char *)sqlite3_column_text(st, 2), sizeof out->lang);
		}
		if (hash)
			lk_strlcpy(hash, (const char *)sqlite3_column_text(st, 1), crypto_pwhash_STRBYTES);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? -LK_ENOTFOUND : lk_store__fail(s, rc, "account");
	}
	sqlite3_finalize(st);
	return rc;
}

int lk_account_get(lk_store *s, const char *login, struct lk_account *out)
{
	if (!lk_account_login_ok(login))
		return -LK_ENOTFOUND;
	return s_row(s, login, out, NULL);
}

int lk_account_check(lk_store *s, const char *login, const char *password, struct lk_account *out)
{
	/* A hash of a password nobody knows, so that an unknown login costs as much as a known one. */
	static char dummy[crypto_pwhash_STRBYTES];
	char hash[crypto_pwhash_STRBYTES];
	int rc = -LK_ENOTFOUND;

	if (sodium_init() < 0)
		return -LK_ENOMEM;
	if (password == NULL || strlen(password) > LK_ACCOUNT_PASS_MAX)
		return -LK_EPERM;
	if (lk_account_login_ok(login))
		rc = s_row(s, login, out, hash);
	if (rc != 0 && rc != -LK_ENOTFOUND)
		return rc;
	if (rc == -LK_ENOTFOUND) {
		if (!dummy[0]) {
			unsigned char r[32];
			randombytes_buf(r, sizeof r);
			if (crypto_pwhash_str(dummy, (const char *)r, sizeof r, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
				return -LK_ENOMEM;
		}
		lk_strlcpy(hash, dummy, sizeof hash);
	}
	int ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	return ok && rc == 0 ? 0 : -LK_EPERM;
}

/* UPDATE account SET <column> = value WHERE login. 0, -LK_ENOTFOUND (no such row) or negative. */
static int s_update(lk_store *s, const char *sql, const char *login, const char *value)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if ((rc = lk_store__begin(s)) != 0)
		return rc;
	rc = sqlite3_prepare_v2(lk_store__db(s), sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__end(s, lk_store__fail(s, rc, "account"));
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = sqlite3_changes(lk_store__db(s)) == 1 ? 0 : -LK_ENOTFOUND;
	else
		rc = lk_store__fail(s, rc, "account");
	sqlite3_finalize(st);
	return lk_store__end(s, rc);
}

int lk_account_set_password(lk_store *s, const char *login, const char *old_password, const char *new_password)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc = lk_account_check(s, login, old_password, NULL);
	if (rc != 0)
		return rc;
	if (new_password == NULL || strlen(new_password) > LK_ACCOUNT_PASS_MAX ||
	    s_chars(new_password) < LK_ACCOUNT_PASS_MIN)
		return -LK_EINVAL;
	if (crypto_pwhash_str(hash, new_password, strlen(new_password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -LK_ENOMEM;
	rc = s_update(s, "UPDATE account SET pwhash = ?1 WHERE login = ?2", login, hash);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int lk_account_set_lang(lk_store *s, const char *login, const char *lang)
{
	if (!s_lang_ok(lang))
		return -LK_EINVAL;
	if (!lk_account_login_ok(login))
		return -LK_ENOTFOUND;
	return s_update(s, "UPDATE account SET lang = ?1 WHERE login = ?2", login, lang);
}

int lk_account_count(lk_store *s, int *n)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(lk_store__db(s), "SELECT count(*) FROM account", -1, &st, NULL);
	*n = 0;
	if (rc != SQLITE_OK)
		return lk_store__fail(s, rc, "account");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int(st, 0);
	rc = rc == SQLITE_ROW ? 0 : lk_store__fail(s, rc, "account");
	sqlite3_finalize(st);
	return rc;
}
