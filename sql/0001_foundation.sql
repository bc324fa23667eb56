-- 0001_foundation: regions, sectors, persons, devices, enrollment tokens,
-- the indicator catalogue and targets, and the sync core (change log, applied ops).
-- Every scoped table carries its tenant keys (kabupaten_code, and kecamatan_code /
-- puskesmas_code where they apply) so scope filters need no joins.

CREATE TABLE kabupaten (
    code        text PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    province    text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE kecamatan (
    code            text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (left(code, 4) = kabupaten_code)
);
CREATE INDEX kecamatan_kabupaten ON kecamatan (kabupaten_code);

CREATE TABLE puskesmas (
    code            text PRIMARY KEY CHECK (code ~ '^P[0-9]{10}$'),
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    address         text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (substr(code, 2, 6) = kecamatan_code),
    CHECK (left(kecamatan_code, 4) = kabupaten_code),
    UNIQUE (code, kecamatan_code)
);
CREATE INDEX puskesmas_kecamatan ON puskesmas (kecamatan_code);

CREATE TABLE desa (
    code            text PRIMARY KEY CHECK (code ~ '^[0-9]{10}$'),
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text NOT NULL,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (left(code, 6) = kecamatan_code),
    CHECK (left(code, 4) = kabupaten_code),
    -- the desa's puskesmas lies in the desa's own kecamatan
    FOREIGN KEY (puskesmas_code, kecamatan_code) REFERENCES puskesmas (code, kecamatan_code)
);
CREATE INDEX desa_puskesmas ON desa (puskesmas_code);

-- Synced records share these columns: a client-made UUIDv7 id, the server's
-- revision, the HLC of the last change and a tombstone flag.
CREATE TABLE sector (
    id              uuid PRIMARY KEY,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    code            text NOT NULL CHECK (code ~ '^[A-Z0-9_]{1,32}$'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind            text NOT NULL DEFAULT 'other',
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kecamatan_code, code)
);

CREATE TABLE person (
    id              uuid PRIMARY KEY,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    sector_id       uuid REFERENCES sector(id),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    title           text NOT NULL DEFAULT '',
    role            text NOT NULL DEFAULT 'staff',
    nip             text NOT NULL DEFAULT '',
    phone           text NOT NULL DEFAULT '',
    sign_pk         bytea CHECK (sign_pk IS NULL OR length(sign_pk) = 32),
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_puskesmas ON person (puskesmas_code);
CREATE INDEX person_kecamatan ON person (kecamatan_code);

CREATE TABLE enrollment_token (
    id              uuid PRIMARY KEY,
    token_hash      bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    role            text NOT NULL CHECK (role IN ('puskesmas', 'kecamatan', 'dinkes')),
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    scope_code      text NOT NULL,
    created_by      text NOT NULL DEFAULT 'admin',
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    used_by_device  uuid
);

CREATE TABLE device (
    id              uuid PRIMARY KEY,
    curve_pk        bytea NOT NULL UNIQUE CHECK (length(curve_pk) = 32),
    role            text NOT NULL CHECK (role IN ('puskesmas', 'kecamatan', 'dinkes')),
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    scope_code      text NOT NULL,
    name            text NOT NULL DEFAULT '',
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    token_id        uuid REFERENCES enrollment_token(id),
    enrolled_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz,
    revoked_at      timestamptz,
    CHECK (role <> 'puskesmas' OR puskesmas_code IS NOT NULL),
    CHECK (role <> 'kecamatan' OR kecamatan_code IS NOT NULL)
);
CREATE INDEX device_kabupaten ON device (kabupaten_code);

-- Every lokmind keeps its device cache current from these notifications.
CREATE FUNCTION lk_device_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('lokmin_device', encode(OLD.curve_pk, 'hex'));
    ELSE
        PERFORM pg_notify('lokmin_device', encode(NEW.curve_pk, 'hex'));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER device_notify
    AFTER INSERT OR DELETE OR UPDATE OF status, role, kabupaten_code, kecamatan_code,
        puskesmas_code, scope_code, name
    ON device FOR EACH ROW EXECUTE FUNCTION lk_device_notify();

-- Indicator catalogue: programmes (or SPM) grouped also by ILP cluster.
CREATE TABLE programme (
    code        text PRIMARY KEY CHECK (code ~ '^[A-Z0-9_]{1,24}$'),
    name        text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('spm', 'ukm_esensial', 'ukm_pengembangan', 'ukp', 'other'))
);

CREATE TABLE indicator (
    code                    text PRIMARY KEY CHECK (code ~ '^[A-Z0-9_]{1,24}$'),
    programme_code          text NOT NULL REFERENCES programme(code),
    name                    text NOT NULL,
    unit                    text NOT NULL CHECK (unit IN ('persen', 'per_mil', 'per_100k', 'jumlah')),
    numerator               text NOT NULL DEFAULT '',
    denominator             text NOT NULL DEFAULT '',
    ilp_cluster             smallint NOT NULL CHECK (ilp_cluster BETWEEN 0 AND 5),
    default_annual_target   numeric NOT NULL DEFAULT 0 CHECK (default_annual_target >= 0),
    active                  boolean NOT NULL DEFAULT true
);
CREATE INDEX indicator_programme ON indicator (programme_code);

-- Annual target of one indicator for one puskesmas (set by the district).
CREATE TABLE indicator_target (
    id                  uuid PRIMARY KEY,
    kabupaten_code      text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code      text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code      text NOT NULL REFERENCES puskesmas(code),
    indicator_code      text NOT NULL REFERENCES indicator(code),
    year                integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    annual_target       numeric NOT NULL CHECK (annual_target >= 0),
    sasaran             numeric CHECK (sasaran IS NULL OR sasaran >= 0),
    rev                 bigint NOT NULL DEFAULT 1,
    hlc                 bigint NOT NULL DEFAULT 0,
    deleted             boolean NOT NULL DEFAULT false,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (puskesmas_code, indicator_code, year)
);

-- Sync core. Change-log sequence numbers are allocated per kabupaten from
-- sync_counter at the end of the writing transaction; the row lock on the
-- counter is held until commit, so sequence order is commit order and a reader
-- never sees seq N+1 before seq N has committed.
CREATE TABLE sync_counter (
    kabupaten_code  text PRIMARY KEY REFERENCES kabupaten(code),
    last_seq        bigint NOT NULL DEFAULT 0
);

CREATE TABLE change_log (
    kabupaten_code  text NOT NULL,
    seq             bigint NOT NULL,
    kecamatan_code  text,
    puskesmas_code  text,
    entity          text NOT NULL,
    record_id       uuid NOT NULL,
    rev             bigint NOT NULL,
    hlc             bigint NOT NULL,
    deleted         boolean NOT NULL DEFAULT false,
    device_id       uuid,
    committed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kabupaten_code, seq)
);
CREATE INDEX change_log_record ON change_log (entity, record_id);

CREATE TABLE applied_op (
    op_id           uuid PRIMARY KEY,
    device_id       uuid NOT NULL REFERENCES device(id),
    kabupaten_code  text NOT NULL,
    entity          text NOT NULL,
    record_id       uuid NOT NULL,
    result          smallint NOT NULL,
    error_code      integer NOT NULL DEFAULT 0,
    message         text NOT NULL DEFAULT '',
    rev             bigint NOT NULL DEFAULT 0,
    applied_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applied_op_device ON applied_op (device_id, applied_at);
