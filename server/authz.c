/* authz: role and scope rules; every request that names a record passes through here (lk_scope decides). */
#include "lk_scope.h"
#include "lk_wire.h"
#include "srv.h"

static struct lk_device_scope s_scope(const struct lk_device *d)
{
	return (struct lk_device_scope){lk_role_name(d->role), d->kabupaten, d->kecamatan, d->puskesmas, d->revoked};
}

int authz_read(const struct lk_device *d, const char *kabupaten, const char *kecamatan, const char *puskesmas)
{
	struct lk_device_scope s = s_scope(d);
	return lk_scope_read(&s, kabupaten, kecamatan, puskesmas);
}

int authz_write(const struct lk_device *d, const char *kabupaten, const char *kecamatan, const char *puskesmas)
{
	struct lk_device_scope s = s_scope(d);
	return lk_scope_write(&s, kabupaten, kecamatan, puskesmas);
}
