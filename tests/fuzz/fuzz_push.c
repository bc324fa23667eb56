/* fuzz_push: a push op's checks before the database, through the server's own sync_op_check (server/push.c). */
#include "fuzz.h"
#include "lk_entity.h"
#include "lk_hlc.h"
#include "lk_strict.h"
#include "lk_utf8.h"
#include "lk_util.h"
#include "lk_uuid.h"
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

/* A fixed server clock (2026-01-01), so a run depends on the input only. */
#define NOW_MS 1767225600000ull

static void s_op(const struct lk_device *dev, const Lokmin__Op *op)
{
	const struct lk_entity *e = NULL;
	ProtobufCMessage *rec = NULL;
	const char *kab, *kec, *pusk;
	char msg[400] = "", err[256];
	int code = 0;

	if (sync_op_check(dev, op, NOW_MS, &e, &rec, &code, msg, sizeof msg) != 0) {
		/* A refusal reaches the device as a code and a message quoting its own text. */
		FZ_CHECK(code > 0 && msg[0] != '\0', "refused with code %d, message \"%s\"", code, msg);
		FZ_CHECK(lk_utf8_valid(msg, strlen(msg)), "refusal message is not valid UTF-8");
		return;
	}
	FZ_CHECK(e != NULL && rec != NULL, "accepted without a record");
	lk_record_keys(rec, &kab, &kec, &pusk);
	/* What a device may write it may read back, and only inside its own scope. */
	FZ_CHECK(authz_read(dev, kab, kec, pusk) == 0, "role %d may write %s/%s/%s but not read it", dev->role, kab,
	         kec, pusk);
	FZ_CHECK(!dev->revoked && strcmp(kab, dev->kabupaten) == 0, "write outside the kabupaten: %s", kab);
	if (dev->role != LOKMIN__ROLE__ROLE_DINKES)
		FZ_CHECK(strcmp(kec, dev->kecamatan) == 0, "write outside the kecamatan: %s", kec);
	if (dev->role == LOKMIN__ROLE__ROLE_PUSKESMAS)
		FZ_CHECK(strcmp(pusk, dev->puskesmas) == 0, "write outside the puskesmas: %s", pusk);
	/* An accepted record carries the op's UUID id and keys nested as the entity's scope needs. */
	FZ_CHECK(strcmp(lk_record_id(rec), op->record_id) == 0 && lk_uuid_canonical(lk_record_id(rec)),
	         "accepted id \"%s\"", lk_record_id(rec));
	FZ_CHECK(strlen(kab) == 4 && (e->scope < LK_SCOPE_KECAMATAN || strlen(kec) == 6) &&
	             (e->scope < LK_SCOPE_PUSKESMAS || strlen(pusk) == 11),
	         "accepted %s with keys %s/%s/%s", e->name, kab, kec, pusk);
	FZ_CHECK(lk_hlc_physical(op->hlc) <= NOW_MS + LK_HLC_MAX_AHEAD_MS, "accepted a clock from the future");
	FZ_CHECK(lk_record_validate(e, rec, err, sizeof err) == 0, "accepted %s does not validate: %s", e->name, err);
	/* The canonical record is a fixed point of the gate: its bytes pass again, unchanged. */
	uint8_t *a, *b;
	size_t na, nb;
	ProtobufCMessage *again = NULL;
	FZ_CHECK(lk_record_encode(rec, &a, &na) == 0, "encode");
	FZ_CHECK(lk_record_accept(e, a, na, 0, &again, err, sizeof err) == 0, "canonical %s refused: %s", e->name,
	         err);
	FZ_CHECK(lk_record_encode(again, &b, &nb) == 0, "encode");
	FZ_CHECK(na == nb && memcmp(a, b, na) == 0, "canonical %s changes through the gate", e->name);
	for (size_t i = 0; i < e->nfields; i++)
		(void)lk_record_sealed_field(e, rec, e->fields[i].name);
	free(a);
	free(b);
	lk_record_free(again);
	lk_record_free(rec);
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
		s_op(dev, pr->ops[i]);
	lokmin__push_request__free_unpacked(pr, NULL);
	return 0;
}
