-- 0014_blob_scope: attachment content is read only through the offices that uploaded it; each
-- device's unfinished uploads are its own, so nobody can block or probe another's; per-device usage
-- for upload quotas.

-- An upload in progress: one per device and content. Its chunks are blob_chunk rows carrying the
-- device id; they become the content's chunks (device_id NULL) only once their hash is verified.
CREATE TABLE blob_upload (
    device_id       uuid NOT NULL REFERENCES device(id) ON DELETE CASCADE,
    hash            text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    size            bigint NOT NULL CHECK (size >= 0),
    chunk_size      integer NOT NULL CHECK (chunk_size > 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, hash)
);
CREATE INDEX blob_upload_age ON blob_upload (updated_at);

-- Shared, unverified uploads of the old scheme cannot be told apart by device: drop them (their
-- chunks go with them); devices send that content again from the start.
DELETE FROM blob WHERE NOT complete;

ALTER TABLE blob_chunk DROP CONSTRAINT blob_chunk_hash_fkey;
ALTER TABLE blob_chunk DROP CONSTRAINT blob_chunk_pkey;
ALTER TABLE blob_chunk ADD COLUMN device_id uuid;
ALTER TABLE blob_chunk ADD CONSTRAINT blob_chunk_upload_fkey
    FOREIGN KEY (device_id, hash) REFERENCES blob_upload (device_id, hash) ON DELETE CASCADE;
CREATE UNIQUE INDEX blob_chunk_content ON blob_chunk (hash, idx) WHERE device_id IS NULL;
CREATE UNIQUE INDEX blob_chunk_partial ON blob_chunk (device_id, hash, idx) WHERE device_id IS NOT NULL;

-- Every office whose device completed a verified upload of the content. The office is the
-- uploading device's role and codes, so its read scope can be evaluated like a device's.
CREATE TABLE blob_owner (
    hash            text NOT NULL REFERENCES blob(hash) ON DELETE CASCADE,
    role            text NOT NULL,
    kabupaten_code  text NOT NULL,
    kecamatan_code  text,
    puskesmas_code  text,
    device_id       uuid NOT NULL,
    size            bigint NOT NULL,
    uploaded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX blob_owner_office
    ON blob_owner (hash, role, kabupaten_code, coalesce(kecamatan_code, ''), coalesce(puskesmas_code, ''));

-- Content already complete belongs to the office of the device that registered it.
INSERT INTO blob_owner (hash, role, kabupaten_code, kecamatan_code, puskesmas_code, device_id, size, uploaded_at)
SELECT b.hash, d.role, d.kabupaten_code, d.kecamatan_code, d.puskesmas_code, d.id, b.size, b.created_at
FROM blob b JOIN device d ON d.id = b.created_by
WHERE b.complete
ON CONFLICT DO NOTHING;

-- Bytes of chunks each device sent per day (UTC), for the daily upload quota.
CREATE TABLE blob_usage (
    device_id       uuid NOT NULL REFERENCES device(id) ON DELETE CASCADE,
    day             date NOT NULL,
    bytes           bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (device_id, day)
);
