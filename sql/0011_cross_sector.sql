-- 0011_cross_sector: the quarterly (cross-sector) lokmin: sectors become synced
-- records the camat's office keeps, RTL items may be owned by a puskesmas, and
-- sectors make commitments.

ALTER TABLE sector
    ADD COLUMN puskesmas_code text REFERENCES puskesmas(code),
    ADD COLUMN contact text NOT NULL DEFAULT '',
    ADD COLUMN field_meta text NOT NULL DEFAULT '',
    ADD COLUMN changed_by uuid;
CREATE INDEX sector_snapshot ON sector (kabupaten_code, id);

ALTER TABLE rtl_item ADD COLUMN owner_puskesmas text NOT NULL DEFAULT '';

CREATE TABLE commitment (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    meeting_id      uuid NOT NULL,
    sector_id       uuid NOT NULL,
    problem_id      uuid,
    support         text NOT NULL,
    period_start    date,
    period_end      date,
    contact         text NOT NULL DEFAULT '',
    status          text NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    status_note     text NOT NULL DEFAULT '',
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commitment_meeting ON commitment (meeting_id);
CREATE INDEX commitment_snapshot ON commitment (kabupaten_code, id);
