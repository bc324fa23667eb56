/* fuzz_push: a push op's checks before the database (decode, field names, authz_write, validation), as s_apply does. */
#include "fuzz.h"
#include "lk_entity.h"
#include "lk_util.h"
#include "srv.h"

/* The devices a push may come from, picked by the input's first byte. */
static const struct lk_device s_devices[] = {
	{.role = LOKMIN__ROLE__ROLE_PUSKESMAS, .kabupaten = "3201", .kecamatan = "320101", .puskesmas = "P3201010001"},
	{.role = LOKMIN__ROLE__ROLE_KECAMATAN, .kabupaten = "3201", .kecamatan = "320101"},
	{.role = LOKMIN__ROLE__ROLE_DINKES, .kabupaten = "3201"},
	{.role = LOKMIN__ROLE__ROLE_ADMIN, .kabupaten = "3201"},
	{.role = LOKMIN__ROLE__ROLE_PUSKESMAS, .kabupaten = "3201", .kecamatan = "320101", .puskesmas = "P3201010001",
	 .revoked = 1},
};

/* The prefix of server/sync.c s_apply up to the first database access: 0 when the op passes. */
static int s_checks(const struct lk_device *dev, const Lokmin__Op *op)
{
	const struct lk_entity *e = lk_entity_find(op->entity);
	const char *kab, *kec, *pusk;
	char err[256];
	int rc = -1;
	if (e == NULL)
		return -1;
	ProtobufCMessage *rec = lk_record_decode(e, op->record.data, op->record.len);
	if (rec == NULL)
		return -1;
	if (strcmp(lk_record_id(rec), op->record_id) != 0 || op->n_fields == 0)
		goto out;
	for (size_t i = 0; i < op->n_fields; i++)
		if (strcmp(op->fields[i], "deleted") != 0 && lk_entity_field(e, op->fields[i]) == NULL)
			goto out;
	lk_record_keys(rec, &kab, &kec, &pusk);
	int w = authz_write(dev, kab, kec, pusk);
	/* What a device may write it may read back, and only inside its own scope. */
	if (w == 0) {
		FZ_CHECK(authz_read(dev, kab, kec, pusk) == 0, "role %d may write %s/%s/%s but not read it", dev->role,
		         kab, kec, pusk);
		FZ_CHECK(!dev->revoked && strcmp(kab, dev->kabupaten) == 0, "write outside the kabupaten: %s", kab);
		if (dev->role != LOKMIN__ROLE__ROLE_DINKES)
			FZ_CHECK(strcmp(kec, dev->kecamatan) == 0, "write outside the kecamatan: %s", kec);
		if (dev->role == LOKMIN__ROLE__ROLE_PUSKESMAS)
			FZ_CHECK(strcmp(pusk, dev->puskesmas) == 0, "write outside the puskesmas: %s", pusk);
	} else {
		goto out;
	}
	if (lk_record_validate(e, rec, err, sizeof err) != 0)
		goto out;
	/* An accepted record carries a UUID id and keys nested as the entity's scope needs. */
	FZ_CHECK(strlen(lk_record_id(rec)) == 36, "accepted id \"%s\"", lk_record_id(rec));
	FZ_CHECK(strlen(kab) == 4 && (e->scope < LK_SCOPE_KECAMATAN || strlen(kec) == 6) &&
	             (e->scope < LK_SCOPE_PUSKESMAS || strlen(pusk) == 11),
	         "accepted %s with keys %s/%s/%s", e->name, kab, kec, pusk);
	for (size_t i = 0; i < e->nfields; i++)
		(void)lk_record_sealed_field(e, rec, e->fields[i].name);
	rc = 0;
out:
	lk_record_free(rec);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct lk_device *dev = &s_devices[data[0] % LK_ARRAY_LEN(s_devices)];
	Lokmin__PushRequest *pr = lokmin__push_request__unpack(NULL, size - 1, data + 1);
	if (pr == NULL)
		return 0;
	for (size_t i = 0; i < pr->n_ops; i++)
		(void)s_checks(dev, pr->ops[i]);
	lokmin__push_request__free_unpacked(pr, NULL);
	return 0;
}
