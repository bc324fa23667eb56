-- 0003_meeting_event: the history of each meeting (postponed, cancelled, held,
-- rescheduled) with dates and reasons, so a schedule shows what changed and why.

CREATE TABLE meeting_event (
    id              uuid PRIMARY KEY,
    rev             bigint NOT NULL DEFAULT 1,
    hlc             bigint NOT NULL DEFAULT 0,
    deleted         boolean NOT NULL DEFAULT false,
    kabupaten_code  text NOT NULL REFERENCES kabupaten(code),
    kecamatan_code  text NOT NULL REFERENCES kecamatan(code),
    puskesmas_code  text REFERENCES puskesmas(code),
    meeting_id      uuid NOT NULL,
    action          text NOT NULL CHECK (action IN ('postponed', 'cancelled', 'held', 'rescheduled')),
    from_date       date,
    to_date         date,
    reason          text NOT NULL DEFAULT '',
    at              timestamptz,
    field_meta      text NOT NULL DEFAULT '',
    changed_by      uuid,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_event_meeting ON meeting_event (meeting_id);
CREATE INDEX meeting_event_snapshot ON meeting_event (kabupaten_code, id);
