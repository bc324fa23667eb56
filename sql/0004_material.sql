-- 0004_material: programme holders' material (bahan) for a meeting, due three
-- days before it, so the schedule can show who brought nothing.

CREATE TABLE material (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    meeting_id      uuid NOT NULL,
    person_id       uuid,
    programme       text NOT NULL,
    submitted_at    timestamptz NOT NULL,
    note            text NOT NULL DEFAULT '',
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX material_meeting ON material (meeting_id);
CREATE INDEX material_snapshot ON material (kabupaten_code, id);
