-- 0006_meeting_item: information, decisions, internal-audit results and community
-- feedback recorded at a meeting.

CREATE TABLE meeting_item (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    meeting_id      uuid NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('information', 'decision', 'audit', 'feedback')),
    source          text NOT NULL DEFAULT '',
    text            text NOT NULL,
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_item_meeting ON meeting_item (meeting_id);
CREATE INDEX meeting_item_snapshot ON meeting_item (kabupaten_code, id);
