-- 0018_change_actor: the person at the keyboard when a change was made (Op.actor_id),
-- checked by lokmind to be a person of the device's own scope. Kept on each
-- change-log entry, so a pull returns it with the change (Change.actor_id), and
-- on each record as the author of its last change, so a snapshot returns it too.
-- NULL = not known (an older client, or no one said who).
ALTER TABLE change_log ADD COLUMN actor_id uuid;

ALTER TABLE sector ADD COLUMN changed_by_person uuid;
ALTER TABLE person ADD COLUMN changed_by_person uuid;
ALTER TABLE signer_key ADD COLUMN changed_by_person uuid;
ALTER TABLE delegation ADD COLUMN changed_by_person uuid;
ALTER TABLE meeting ADD COLUMN changed_by_person uuid;
ALTER TABLE meeting_event ADD COLUMN changed_by_person uuid;
ALTER TABLE material ADD COLUMN changed_by_person uuid;
ALTER TABLE problem ADD COLUMN changed_by_person uuid;
ALTER TABLE meeting_item ADD COLUMN changed_by_person uuid;
ALTER TABLE invitation ADD COLUMN changed_by_person uuid;
ALTER TABLE minutes ADD COLUMN changed_by_person uuid;
ALTER TABLE minutes_review ADD COLUMN changed_by_person uuid;
ALTER TABLE attendance ADD COLUMN changed_by_person uuid;
ALTER TABLE rtl_item ADD COLUMN changed_by_person uuid;
ALTER TABLE commitment ADD COLUMN changed_by_person uuid;
ALTER TABLE indicator_target ADD COLUMN changed_by_person uuid;
ALTER TABLE achievement ADD COLUMN changed_by_person uuid;
ALTER TABLE attachment ADD COLUMN changed_by_person uuid;
ALTER TABLE sync_conflict ADD COLUMN changed_by_person uuid;
ALTER TABLE office_profile ADD COLUMN changed_by_person uuid;
