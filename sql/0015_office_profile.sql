-- 0015_office_profile: the letterhead (kop surat) and letter settings of each office, one record
-- per puskesmas or camat's office; the id is derived from the office's code.

CREATE TABLE office_profile (
    id                      uuid PRIMARY KEY,
    rev                     bigint NOT NULL DEFAULT 1,
    hlc                     bigint NOT NULL DEFAULT 0,
    deleted                 boolean NOT NULL DEFAULT false,
    kabupaten_code          text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code          text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code          text REFERENCES puskesmas(code),
    pemerintah              text NOT NULL DEFAULT '',
    dinas                   text NOT NULL DEFAULT '',
    unit_name               text NOT NULL CHECK (length(unit_name) BETWEEN 1 AND 200),
    address                 text NOT NULL DEFAULT '',
    phone                   text NOT NULL DEFAULT '',
    email                   text NOT NULL DEFAULT '',
    website                 text NOT NULL DEFAULT '',
    logo_attachment_id      uuid,
    place                   text NOT NULL DEFAULT '',
    letter_number_pattern   text NOT NULL DEFAULT '',
    time_zone               text NOT NULL DEFAULT ''
        CHECK (time_zone IN ('', 'Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
    field_meta              text NOT NULL DEFAULT '',
    changed_by              uuid,
    updated_at              timestamptz NOT NULL DEFAULT now()
);
-- One profile per office, whatever id a writer chose.
CREATE UNIQUE INDEX office_profile_office ON office_profile (kecamatan_code, coalesce(puskesmas_code, ''));
CREATE INDEX office_profile_snapshot ON office_profile (kabupaten_code, id);
