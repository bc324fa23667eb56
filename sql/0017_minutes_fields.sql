-- 0017_minutes_fields: the meeting's facts a Notulen states (who chaired it, who took
-- the minutes, when it started and ended), kept on each revision of the minutes.
-- The RTL columns the Notulen's table shows (objective, target group, place,
-- success indicator) exist since 0002.
ALTER TABLE minutes ADD COLUMN chair_person_id uuid;
ALTER TABLE minutes ADD COLUMN notulis_person_id uuid;
ALTER TABLE minutes ADD COLUMN start_time text NOT NULL DEFAULT ''
    CHECK (start_time = '' OR start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
ALTER TABLE minutes ADD COLUMN end_time text NOT NULL DEFAULT ''
    CHECK (end_time = '' OR end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
