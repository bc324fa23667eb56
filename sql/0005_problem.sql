-- 0005_problem: problems found at a meeting, with their gap, fishbone root
-- causes, USG priority and recommendation; cross-sector ones feed the quarterly lokmin.

CREATE TABLE problem (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    meeting_id      uuid NOT NULL,
    indicator_code  text NOT NULL DEFAULT '',
    gap             text NOT NULL DEFAULT '',
    description     text NOT NULL,
    root_causes     text NOT NULL DEFAULT '',
    urgency         bigint NOT NULL DEFAULT 0 CHECK (urgency BETWEEN 0 AND 5),
    seriousness     bigint NOT NULL DEFAULT 0 CHECK (seriousness BETWEEN 0 AND 5),
    growth          bigint NOT NULL DEFAULT 0 CHECK (growth BETWEEN 0 AND 5),
    recommendation  text NOT NULL DEFAULT '',
    cross_sector    boolean NOT NULL DEFAULT false,
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX problem_meeting ON problem (meeting_id);
CREATE INDEX problem_snapshot ON problem (kabupaten_code, id);
