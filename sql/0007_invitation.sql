-- 0007_invitation: invitation letters; a signed one is sealed (the signature
-- covers the exact text of the letter) and is verified by the server.

CREATE TABLE invitation (
    id                  uuid PRIMARY KEY,
    rev                 bigint NOT NULL DEFAULT 1,
    hlc                 bigint NOT NULL DEFAULT 0,
    deleted             boolean NOT NULL DEFAULT false,
    kabupaten_code      text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code      text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code      text REFERENCES puskesmas(code),
    meeting_id          uuid NOT NULL,
    number              text NOT NULL DEFAULT '',
    issued_date         date,
    document            text NOT NULL,
    signer_person_id    uuid,
    signature           text NOT NULL DEFAULT '' CHECK (signature ~ '^([0-9a-f]{128})?$'),
    signed_at           timestamptz,
    field_meta          text NOT NULL DEFAULT '',
    changed_by          uuid,
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invitation_meeting ON invitation (meeting_id);
CREATE INDEX invitation_snapshot ON invitation (kabupaten_code, id);
