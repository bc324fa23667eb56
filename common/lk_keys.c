/* lk_keys: CURVE key pairs for ZeroMQ and their files (mode 0600). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <zmq.h>

#include "lk_error.h"
#include "lk_keys.h"
#include "lk_util.h"

int lk_curve_generate(lk_curve_pair *out)
{
	if (zmq_curve_keypair(out->public_z85, out->secret_z85) != 0)
		return -LK_ECRYPTO;
	return 0;
}

void lk_curve_wipe(lk_curve_pair *kp)
{
	sodium_memzero(kp->secret_z85, sizeof kp->secret_z85);
}

static int s_path(char *out, size_t size, const char *dir, const char *name, const char *ext)
{
	int n = snprintf(out, size, "%s/%s.%s", dir, name, ext);
	return (n < 0 || (size_t)n >= size) ? -LK_EINVAL : 0;
}

int lk_curve_save(const lk_curve_pair *kp, const char *dir, const char *name, int force)
{
	char kpath[4096], ppath[4096], line[LK_Z85_KEYLEN + 1];
	int rc;

	if (s_path(kpath, sizeof kpath, dir, name, "key") || s_path(ppath, sizeof ppath, dir, name, "pub"))
		return -LK_EINVAL;
	if (!force && access(kpath, F_OK) == 0)
		return -LK_EEXIST;
	if ((rc = lk_mkdirs(dir, 0700)) != 0)
		return rc;
	snprintf(line, sizeof line, "%s\n", kp->secret_z85);
	rc = lk_write_file(kpath, line, strlen(line), 0600);
	sodium_memzero(line, sizeof line);
	if (rc != 0)
		return rc;
	snprintf(line, sizeof line, "%s\n", kp->public_z85);
	return lk_write_file(ppath, line, strlen(line), 0600);
}

static int s_load_key(char out[LK_Z85_KEYLEN], const char *path, int secret)
{
	char *buf = NULL, *k;
	struct stat st;
	uint8_t bin[LK_CURVE_KEYLEN];
	int rc;

	if (secret && stat(path, &st) == 0 && (st.st_mode & 077) != 0)
		return -LK_ECONFIG;
	if ((rc = lk_read_file(path, &buf, NULL)) != 0)
		return rc;
	k = lk_trim(buf);
	rc = -LK_EINVAL;
	if (strlen(k) == 40 && lk_z85_to_bin(bin, k) == 0) {
		memcpy(out, k, 41);
		rc = 0;
	}
	sodium_memzero(bin, sizeof bin);
	sodium_memzero(buf, strlen(buf));
	free(buf);
	return rc;
}

int lk_curve_load(lk_curve_pair *out, const char *dir, const char *name)
{
	char kpath[4096], ppath[4096];
	int rc;

	if (s_path(kpath, sizeof kpath, dir, name, "key") || s_path(ppath, sizeof ppath, dir, name, "pub"))
		return -LK_EINVAL;
	if ((rc = s_load_key(out->secret_z85, kpath, 1)) != 0)
		return rc;
	return s_load_key(out->public_z85, ppath, 0);
}

int lk_z85_to_bin(uint8_t out[LK_CURVE_KEYLEN], const char *z85)
{
	if (z85 == NULL || strlen(z85) != 40)
		return -LK_EINVAL;
	return zmq_z85_decode(out, z85) ? 0 : -LK_EINVAL;
}

void lk_bin_to_z85(char out[LK_Z85_KEYLEN], const uint8_t in[LK_CURVE_KEYLEN])
{
	zmq_z85_encode(out, in, LK_CURVE_KEYLEN);
}

int lk_z85_to_hex(char out[LK_HEX_KEYLEN], const char *z85)
{
	uint8_t bin[LK_CURVE_KEYLEN];
	if (lk_z85_to_bin(bin, z85) != 0)
		return -LK_EINVAL;
	lk_hex_encode(out, bin, sizeof bin);
	return 0;
}

int lk_hex_to_z85(char out[LK_Z85_KEYLEN], const char *hex)
{
	uint8_t bin[LK_CURVE_KEYLEN];
	if (lk_hex_decode(bin, sizeof bin, hex) != 0)
		return -LK_EINVAL;
	lk_bin_to_z85(out, bin);
	return 0;
}
