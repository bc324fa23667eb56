/* test_sign: Ed25519 signing keys: sealing under a passphrase, signatures over exact bytes. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_sign.h"

Test(sign, seal_open_round_trip_and_wrong_passphrase)
{
	uint8_t pk[LK_SIGN_PKLEN], sk[LK_SIGN_SKLEN], back[LK_SIGN_SKLEN], pk2[LK_SIGN_PKLEN];
	cr_assert_eq(lk_sign_keygen(pk, sk), 0);
	char *sealed = lk_sign_seal(sk, "kapus kaliwungu 2026");
	cr_assert_not_null(sealed);
	cr_assert(strncmp(sealed, "lokmin-sign-1:", 14) == 0, "%s", sealed);
	cr_assert_null(strstr(sealed, "kapus"), "the passphrase is not in the file");
	cr_assert_eq(lk_sign_open(back, sealed, "kapus kaliwungu 2026"), 0);
	cr_assert_eq(memcmp(back, sk, sizeof sk), 0);
	lk_sign_public(pk2, back);
	cr_assert_eq(memcmp(pk, pk2, sizeof pk), 0);
	cr_assert_eq(lk_sign_open(back, sealed, "kapus kaliwungu 2025"), -LK_ECRYPTO, "a wrong passphrase opens nothing");
	/* A flipped hex digit in the box is detected. */
	size_t n = strlen(sealed);
	sealed[n - 5] = sealed[n - 5] == '0' ? '1' : '0';
	cr_assert_eq(lk_sign_open(back, sealed, "kapus kaliwungu 2026"), -LK_ECRYPTO);
	cr_assert_eq(lk_sign_open(back, "lokmin-sign-1:zz", "x"), -LK_EINVAL);
	cr_assert_eq(lk_sign_open(back, "something else", "x"), -LK_EINVAL);
	free(sealed);
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(back, sizeof back);
}

Test(sign, signature_covers_the_exact_bytes)
{
	uint8_t pk[LK_SIGN_PKLEN], sk[LK_SIGN_SKLEN], other_pk[LK_SIGN_PKLEN], other_sk[LK_SIGN_SKLEN];
	uint8_t sig[LK_SIGN_SIGLEN];
	const char *doc = "Surat Undangan Lokakarya Mini Bulanan, 3 Maret 2026";
	cr_assert_eq(lk_sign_keygen(pk, sk), 0);
	cr_assert_eq(lk_sign_keygen(other_pk, other_sk), 0);
	lk_sign(sig, (const uint8_t *)doc, strlen(doc), sk);
	cr_assert_eq(lk_sign_verify(sig, (const uint8_t *)doc, strlen(doc), pk), 0);
	cr_assert_eq(lk_sign_verify(sig, (const uint8_t *)doc, strlen(doc), other_pk), -LK_ECRYPTO,
	             "not the Kapus's key");
	char *changed = strdup(doc);
	changed[strlen(changed) - 1] = '7';
	cr_assert_eq(lk_sign_verify(sig, (const uint8_t *)changed, strlen(changed), pk), -LK_ECRYPTO,
	             "one changed byte breaks it");
	cr_assert_eq(lk_sign_verify(sig, (const uint8_t *)doc, strlen(doc) - 1, pk), -LK_ECRYPTO);
	free(changed);
}

/* A cache that remembers the hashes noted and counts the questions. */
struct s_cache {
	uint8_t h[8][32];
	int n, asked, force;
};

static int s_known(void *arg, const uint8_t h[32])
{
	struct s_cache *c = arg;
	c->asked++;
	for (int i = 0; i < c->n; i++)
		if (memcmp(c->h[i], h, 32) == 0)
			return 1;
	return c->force;
}

static void s_note(void *arg, const uint8_t h[32])
{
	struct s_cache *c = arg;
	if (c->n < 8)
		memcpy(c->h[c->n++], h, 32);
}

Test(sign, a_cache_hears_of_valid_signatures_only_and_answers_for_its_own)
{
	uint8_t pk[LK_SIGN_PKLEN], sk[LK_SIGN_SKLEN], sig[LK_SIGN_SIGLEN];
	const char *doc = "Notulen Lokakarya Mini Bulanan, 3 Maret 2026";
	struct s_cache c = {0};
	const struct lk_sign_cache cache = {s_known, s_note, &c};
	cr_assert_eq(lk_sign_keygen(pk, sk), 0);
	lk_sign(sig, (const uint8_t *)doc, strlen(doc), sk);

	cr_assert_null(lk_sign_cache_use(&cache));
	cr_assert_eq(lk_sign_verify(sig, (const uint8_t *)doc, strlen(doc), pk), 0);
	cr_assert_eq(c.n, 1, "a valid signature is noted");
	cr_assert_eq(lk_sign_verify(sig, (const uint8_t *)doc, strlen(doc) - 1, pk), -LK_ECRYPTO);
	cr_assert_eq(c.n, 1, "an invalid one is not");
	cr_assert_eq(lk_sign_verify(sig, (const uint8_t *)doc, strlen(doc), pk), 0);
	cr_assert_eq(c.n, 1, "a known one is not noted again");
	cr_assert_eq(c.asked, 3);

	/* The cache's word is taken: a hash it claims answers without the check
	 * (which is why only the device's own store may hold it). */
	c.force = 1;
	cr_assert_eq(lk_sign_verify(sig, (const uint8_t *)doc, strlen(doc) - 1, pk), 0);
	c.force = 0;

	/* The hash names key, signature and message: another message is asked anew. */
	cr_assert_eq(lk_sign_verify(sig, (const uint8_t *)"x", 1, pk), -LK_ECRYPTO);
	cr_assert_eq(lk_sign_cache_use(NULL), &cache);
	cr_assert_eq(lk_sign_verify(sig, (const uint8_t *)doc, strlen(doc) - 1, pk), -LK_ECRYPTO, "no cache: checked");
	cr_assert_eq(c.asked, 5, "without a cache nothing is asked");
	sodium_memzero(sk, sizeof sk);
}
