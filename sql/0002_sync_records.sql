-- 0002_sync_records: the synced records of the sync engine (meetings, attendance,
-- RTL items, attachment references, conflicts), per-field merge metadata, change-log
-- payloads, stored op results and attachment content.
--
-- Every synced table has the common header columns (id, rev, hlc, deleted and the
-- tenant keys), the entity's own columns named as in proto/lokmin.proto, and
-- field_meta ("field=rev,hlc,device;..."): for each field, the revision and HLC of its last change and the
-- device that made it, used by the per-field merge; changed_by is the device of the
-- last change. Records refer to each other
-- by id without foreign keys: ops of one push may be applied in any order.

ALTER TABLE person ALTER COLUMN sign_pk TYPE text USING coalesce(encode(sign_pk, 'hex'), '');
ALTER TABLE person ALTER COLUMN sign_pk SET DEFAULT '';
ALTER TABLE person ALTER COLUMN sign_pk SET NOT NULL;
ALTER TABLE person DROP CONSTRAINT IF EXISTS person_sign_pk_check;
ALTER TABLE person ADD CONSTRAINT person_sign_pk_hex CHECK (sign_pk ~ '^([0-9a-f]{64})?$');
ALTER TABLE person DROP CONSTRAINT IF EXISTS person_sector_id_fkey;
ALTER TABLE person ADD COLUMN programmes text NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN field_meta text NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN changed_by uuid;

CREATE TABLE meeting (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    kind            text NOT NULL CHECK (kind IN ('monthly', 'quarterly')),
    year            bigint NOT NULL DEFAULT 0,
    period          bigint NOT NULL DEFAULT 0,
    planned_date    date,
    held_date       date,
    status          text NOT NULL,
    title           text NOT NULL DEFAULT '',
    place           text NOT NULL DEFAULT '',
    status_reason   text NOT NULL DEFAULT '',
    team_building   boolean NOT NULL DEFAULT false,
    notes           text NOT NULL DEFAULT '',
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_scope ON meeting (kabupaten_code, kecamatan_code, puskesmas_code);

CREATE TABLE attendance (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    meeting_id      uuid NOT NULL,
    person_id       uuid,
    name            text NOT NULL,
    role            text NOT NULL DEFAULT '',
    sector_id       uuid,
    invited         boolean NOT NULL DEFAULT false,
    present         boolean NOT NULL DEFAULT false,
    checked_in_at   timestamptz,
    walk_in         boolean NOT NULL DEFAULT false,
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attendance_meeting ON attendance (meeting_id);
CREATE INDEX attendance_scope ON attendance (kabupaten_code, kecamatan_code, puskesmas_code);

CREATE TABLE rtl_item (
    id                  uuid PRIMARY KEY,
    rev                 bigint NOT NULL DEFAULT 1,
    hlc                 bigint NOT NULL DEFAULT 0,
    deleted             boolean NOT NULL DEFAULT false,
    kabupaten_code      text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code      text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code      text REFERENCES puskesmas(code),
    meeting_id          uuid NOT NULL,
    activity            text NOT NULL,
    objective           text NOT NULL DEFAULT '',
    target_group        text NOT NULL DEFAULT '',
    place               text NOT NULL DEFAULT '',
    due_date            date,
    owner_person_id     uuid,
    owner_sector_id     uuid,
    resources           text NOT NULL DEFAULT '',
    success_indicator   text NOT NULL DEFAULT '',
    status              text NOT NULL,
    status_note         text NOT NULL DEFAULT '',
    field_meta          text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rtl_item_meeting ON rtl_item (meeting_id);
CREATE INDEX rtl_item_scope ON rtl_item (kabupaten_code, kecamatan_code, puskesmas_code);

CREATE TABLE attachment (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    owner_entity    text NOT NULL,
    owner_id        uuid NOT NULL,
    hash            text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    size            bigint NOT NULL DEFAULT 0 CHECK (size >= 0),
    mime            text NOT NULL DEFAULT '',
    filename        text NOT NULL DEFAULT '',
    caption         text NOT NULL DEFAULT '',
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachment_owner ON attachment (owner_id);
CREATE INDEX attachment_hash ON attachment (hash);
CREATE INDEX attachment_scope ON attachment (kabupaten_code, kecamatan_code, puskesmas_code);

CREATE TABLE sync_conflict (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    record_entity   text NOT NULL,
    record_id       uuid NOT NULL,
    field           text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('scalar', 'narrative')),
    server_value    text NOT NULL DEFAULT '',
    client_value    text NOT NULL DEFAULT '',
    winner          text NOT NULL DEFAULT '',
    device_id       uuid,
    resolved        boolean NOT NULL DEFAULT false,
    resolution      text NOT NULL DEFAULT '',
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_conflict_record ON sync_conflict (record_id);
CREATE INDEX sync_conflict_scope ON sync_conflict (kabupaten_code, kecamatan_code, puskesmas_code);

-- The change log carries each record as it was at that change, so a pull is a
-- range read with no joins.
ALTER TABLE change_log ADD COLUMN payload bytea NOT NULL DEFAULT '';

-- What an op got, returned again when the same op arrives twice.
ALTER TABLE applied_op ADD COLUMN conflict_ids text NOT NULL DEFAULT '';

-- Attachment content, content-addressed by BLAKE2b-256, stored in chunks.
CREATE TABLE blob (
    hash            text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
    size            bigint NOT NULL CHECK (size >= 0),
    chunk_size      integer NOT NULL CHECK (chunk_size > 0),
    complete        boolean NOT NULL DEFAULT false,
    created_by      uuid,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE blob_chunk (
    hash            text NOT NULL REFERENCES blob(hash) ON DELETE CASCADE,
    idx             integer NOT NULL CHECK (idx >= 0),
    data            bytea NOT NULL,
    PRIMARY KEY (hash, idx)
);

-- A pull cursor at or below pruned_through is older than the retained log: RESYNC.
ALTER TABLE sync_counter ADD COLUMN pruned_through bigint NOT NULL DEFAULT 0;

-- Snapshots walk a kabupaten's rows in id order; these keep that an ordered
-- index scan whatever the statistics say.
CREATE INDEX person_snapshot ON person (kabupaten_code, id);
CREATE INDEX meeting_snapshot ON meeting (kabupaten_code, id);
CREATE INDEX attendance_snapshot ON attendance (kabupaten_code, id);
CREATE INDEX rtl_item_snapshot ON rtl_item (kabupaten_code, id);
CREATE INDEX attachment_snapshot ON attachment (kabupaten_code, id);
CREATE INDEX sync_conflict_snapshot ON sync_conflict (kabupaten_code, id);
