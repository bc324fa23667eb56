-- 0008_minutes: minutes (notulen), one row per revision; a signed revision is
-- sealed and a change makes a new revision with its change note.

CREATE TABLE minutes (
    id                  uuid PRIMARY KEY,
    rev                 bigint NOT NULL DEFAULT 1,
    hlc                 bigint NOT NULL DEFAULT 0,
    deleted             boolean NOT NULL DEFAULT false,
    kabupaten_code      text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code      text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code      text REFERENCES puskesmas(code),
    meeting_id          uuid NOT NULL,
    revision            bigint NOT NULL DEFAULT 1 CHECK (revision >= 0),
    supersedes_id       uuid,
    change_note         text NOT NULL DEFAULT '',
    effective_date      date,
    document            text NOT NULL,
    signer_person_id    uuid,
    signature           text NOT NULL DEFAULT '' CHECK (signature ~ '^([0-9a-f]{128})?$'),
    signed_at           timestamptz,
    submitted_at        timestamptz,
    field_meta          text NOT NULL DEFAULT '',
    changed_by          uuid,
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX minutes_meeting ON minutes (meeting_id);
CREATE INDEX minutes_snapshot ON minutes (kabupaten_code, id);
