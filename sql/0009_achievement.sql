-- 0009_achievement: monthly achievement (capaian) per indicator, the yearly
-- targets it is measured against, and the district's review of submitted minutes.

-- Targets become synced records: a puskesmas sets them from its RUK, the
-- district may set them for it.
UPDATE indicator_target SET sasaran = 0 WHERE sasaran IS NULL;
ALTER TABLE indicator_target
    ALTER COLUMN sasaran SET NOT NULL,
    ALTER COLUMN sasaran SET DEFAULT 0,
    ADD COLUMN field_meta text NOT NULL DEFAULT '',
    ADD COLUMN changed_by uuid;
CREATE INDEX indicator_target_snapshot ON indicator_target (kabupaten_code, id);

-- One row per puskesmas, indicator, month and desa ('' = the whole puskesmas).
-- The id is derived from that key on the device, so the key is unique too.
CREATE TABLE achievement (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text NOT NULL REFERENCES puskesmas(code),
    indicator_code  text NOT NULL REFERENCES indicator(code),
    year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    month           integer NOT NULL CHECK (month BETWEEN 1 AND 12),
    desa            text NOT NULL DEFAULT '' CHECK (desa ~ '^([0-9]{10})?$'),
    numerator       numeric NOT NULL DEFAULT 0 CHECK (numerator >= 0),
    denominator     numeric NOT NULL DEFAULT 0 CHECK (denominator >= 0),
    note            text NOT NULL DEFAULT '',
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (puskesmas_code, indicator_code, year, month, desa),
    CHECK (denominator = 0 OR numerator <= denominator)
);
CREATE INDEX achievement_snapshot ON achievement (kabupaten_code, id);
CREATE INDEX achievement_year ON achievement (puskesmas_code, year, indicator_code);

CREATE TABLE minutes_review (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    minutes_id      uuid NOT NULL,
    meeting_id      uuid NOT NULL,
    status          text NOT NULL CHECK (status IN ('acknowledged', 'needs_revision')),
    feedback        text NOT NULL DEFAULT '',
    reviewer        text NOT NULL DEFAULT '',
    reviewed_at     timestamptz,
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX minutes_review_minutes ON minutes_review (minutes_id);
CREATE INDEX minutes_review_snapshot ON minutes_review (kabupaten_code, id);
