/* test_attach: where attachment content lives on the device (lk_attach_blob_path). */
#include <criterion/criterion.h>
#include <string.h>

#include "attach.h"
#include "lk_error.h"

#define HASH "6187eb884a2243dbed3a648d69e5a1a538be022abc7d72d596fc0b1024fa3dab"

Test(attach, blob_path_is_home_blobs_hash)
{
	char out[200];
	cr_assert_eq(lk_attach_blob_path("/home/x/.lokmin", HASH, out, sizeof out), 0);
	cr_assert_str_eq(out, "/home/x/.lokmin/blobs/" HASH);
}

Test(attach, blob_path_refuses_what_is_not_a_hash)
{
	static const char *const bad[] = {"",
	                                  "6187eb",
	                                  HASH "0",
	                                  "../../../../etc/passwd/../../../../../../../../../../../../../../../../..",
	                                  "6187eb884a2243dbed3a648d69e5a1a538be022abc7d72d596fc0b1024fa3da/",
	                                  "6187eb884a2243dbed3a648d69e5a1a538be022abc7d72d596fc0b1024fa3dag"};
	char out[200];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		strcpy(out, "x");
		cr_assert_eq(lk_attach_blob_path("/h", bad[i], out, sizeof out), -LK_EINVAL, "%s", bad[i]);
		cr_assert_str_eq(out, "", "%s", bad[i]);
	}
	cr_assert_eq(lk_attach_blob_path("/h", NULL, out, sizeof out), -LK_EINVAL);
}

Test(attach, blob_path_that_does_not_fit_is_refused)
{
	char out[40];
	cr_assert_eq(lk_attach_blob_path("/h", HASH, out, sizeof out), -LK_EINVAL);
	cr_assert_str_eq(out, "");
}
