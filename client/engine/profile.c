/* profile: the client's folder (LOKMIN_HOME): enrollment profile, keys, and the enrollment line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "lk_config.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lk_wire.h"

#define PO(f) offsetof(struct profile, f)
#define PS(f) sizeof(((struct profile *)0)->f)

/* The profile file is written and read through the same table code as configuration. */
static const struct lk_opt s_profile_table[] = {
	{"endpoint", LK_OPT_STR, PO(endpoint), PS(endpoint), "", 0, 0, "lokmind endpoint"},
	{"server_key", LK_OPT_STR, PO(server_key), PS(server_key), "", 0, 0, "lokmind CURVE public key (Z85)"},
	{"device_id", LK_OPT_STR, PO(device_id), PS(device_id), "", 0, 0, "this device's id"},
	{"device_name", LK_OPT_STR, PO(device_name), PS(device_name), "", 0, 0, "this device's name"},
	{"role", LK_OPT_STR, PO(role), PS(role), "", 0, 0, "role: puskesmas, kecamatan or dinkes"},
	{"scope", LK_OPT_STR, PO(scope), PS(scope), "", 0, 0, "scope code"},
	{"kabupaten", LK_OPT_STR, PO(kabupaten), PS(kabupaten), "", 0, 0, "kabupaten code"},
	{"kecamatan", LK_OPT_STR, PO(kecamatan), PS(kecamatan), "", 0, 0, "kecamatan code"},
	{"puskesmas", LK_OPT_STR, PO(puskesmas), PS(puskesmas), "", 0, 0, "puskesmas code"},
};

void profile_home(const char *override, char *out, size_t size)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	if (override && override[0])
		lk_strlcpy(out, override, size);
	else if (xdg && *xdg)
		snprintf(out, size, "%s/lokmin", xdg);
	else
		snprintf(out, size, "%s/.local/share/lokmin", home ? home : ".");
}

int profile_load(const char *home, struct profile *p)
{
	char path[1100], err[LK_OPT_ERRLEN];
	int rc;
	snprintf(path, sizeof path, "%s/profile", home);
	lk_config_defaults(s_profile_table, LK_ARRAY_LEN(s_profile_table), p);
	rc = lk_config_load_file(s_profile_table, LK_ARRAY_LEN(s_profile_table), p, path, err);
	if (rc == -LK_ENOTFOUND || (rc == 0 && p->device_id[0] == '\0'))
		return -LK_ENOTFOUND;
	return rc ? -LK_EINVAL : 0;
}

int profile_save(const char *home, const struct profile *p)
{
	char path[1100], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;
	if (f == NULL)
		return -LK_ENOMEM;
	fprintf(f, "# lokmin device profile, written by `lokmin enroll`\n");
	lk_config_dump(s_profile_table, LK_ARRAY_LEN(s_profile_table), p, f);
	fclose(f);
	snprintf(path, sizeof path, "%s/profile", home);
	rc = lk_write_file(path, buf, len, 0600);
	free(buf);
	return rc;
}

