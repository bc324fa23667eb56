-- 0013_signer_trust: signing keys as records of their own with a chain of
-- trust (the district confirms a first key, a valid key endorses a later one),
-- deputies' delegations, the key each signature was made with, and the Kapus's
-- signed verification of RTL items. person.sign_pk stays but is trusted by no
-- one (docs/security.md, "Signer trust").

CREATE TABLE signer_key (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false CHECK (NOT deleted),
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    person_id       uuid NOT NULL,
    public_key      text NOT NULL UNIQUE CHECK (public_key ~ '^[0-9a-f]{64}$'),
    capacity        text NOT NULL CHECK (capacity IN ('head', 'deputy')),
    created_at      timestamptz NOT NULL,
    device_name     text NOT NULL DEFAULT '',
    endorsed_by     uuid,
    endorsement     text NOT NULL DEFAULT '' CHECK (endorsement ~ '^([0-9a-f]{128})?$'),
    replaces        boolean NOT NULL DEFAULT false,
    status          text NOT NULL CHECK (status IN ('pending', 'active', 'revoked')),
    confirmed_at    timestamptz,
    revoked_at      timestamptz,
    status_note     text NOT NULL DEFAULT '',
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signer_key_person ON signer_key (person_id);
CREATE INDEX signer_key_endorsed_by ON signer_key (endorsed_by) WHERE endorsed_by IS NOT NULL;
CREATE INDEX signer_key_scope ON signer_key (kabupaten_code, kecamatan_code, puskesmas_code);
CREATE INDEX signer_key_snapshot ON signer_key (kabupaten_code, id);

CREATE TABLE delegation (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false CHECK (NOT deleted),
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    person_id       uuid NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('plt', 'plh', 'an')),
    valid_from      date NOT NULL,
    valid_until     date NOT NULL CHECK (valid_until >= valid_from),
    granted_by_key  uuid,
    grant_signature text NOT NULL DEFAULT '' CHECK (grant_signature ~ '^([0-9a-f]{128})?$'),
    granted_at      timestamptz NOT NULL,
    note            text NOT NULL DEFAULT '',
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delegation_person ON delegation (person_id);
CREATE INDEX delegation_scope ON delegation (kabupaten_code, kecamatan_code, puskesmas_code);
CREATE INDEX delegation_snapshot ON delegation (kabupaten_code, id);

ALTER TABLE invitation ADD COLUMN signer_key_id uuid;
ALTER TABLE minutes ADD COLUMN signer_key_id uuid;

ALTER TABLE rtl_item
    ADD COLUMN verified_by uuid,
    ADD COLUMN verified_key_id uuid,
    ADD COLUMN verified_at timestamptz,
    ADD COLUMN verification_sig text NOT NULL DEFAULT '' CHECK (verification_sig ~ '^([0-9a-f]{128})?$');

COMMENT ON COLUMN person.sign_pk IS 'no longer used or trusted: signing keys are signer_key rows';
