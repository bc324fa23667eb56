-- 0020_snapshot_order: a puskesmas device's snapshot reads its puskesmas'
-- rows and its kecamatan's own rows (no puskesmas) in id order, each from an
-- index, and merges them: a page costs its own rows, not a sort of every row
-- the device may read. The (kabupaten, kecamatan, puskesmas, id) index also
-- serves every lookup the old scope indexes did, so it replaces them.

CREATE INDEX person_snap_pusk ON person (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX person_snap_kec ON person (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX meeting_snap_pusk ON meeting (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX meeting_snap_kec ON meeting (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX attendance_snap_pusk ON attendance (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX attendance_snap_kec ON attendance (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX rtl_item_snap_pusk ON rtl_item (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX rtl_item_snap_kec ON rtl_item (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX attachment_snap_pusk ON attachment (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX attachment_snap_kec ON attachment (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX sync_conflict_snap_pusk ON sync_conflict (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX sync_conflict_snap_kec ON sync_conflict (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX meeting_event_snap_pusk ON meeting_event (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX meeting_event_snap_kec ON meeting_event (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX material_snap_pusk ON material (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX material_snap_kec ON material (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX problem_snap_pusk ON problem (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX problem_snap_kec ON problem (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX meeting_item_snap_pusk ON meeting_item (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX meeting_item_snap_kec ON meeting_item (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX invitation_snap_pusk ON invitation (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX invitation_snap_kec ON invitation (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX minutes_snap_pusk ON minutes (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX minutes_snap_kec ON minutes (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX indicator_target_snap_pusk ON indicator_target (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX indicator_target_snap_kec ON indicator_target (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX achievement_snap_pusk ON achievement (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX achievement_snap_kec ON achievement (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX minutes_review_snap_pusk ON minutes_review (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX minutes_review_snap_kec ON minutes_review (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX sector_snap_pusk ON sector (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX sector_snap_kec ON sector (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX commitment_snap_pusk ON commitment (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX commitment_snap_kec ON commitment (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX signer_key_snap_pusk ON signer_key (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX signer_key_snap_kec ON signer_key (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX delegation_snap_pusk ON delegation (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX delegation_snap_kec ON delegation (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
CREATE INDEX office_profile_snap_pusk ON office_profile (kabupaten_code, kecamatan_code, puskesmas_code, id);
CREATE INDEX office_profile_snap_kec ON office_profile (kabupaten_code, kecamatan_code, id) WHERE puskesmas_code IS NULL;
DROP INDEX IF EXISTS meeting_scope;
DROP INDEX IF EXISTS attendance_scope;
DROP INDEX IF EXISTS rtl_item_scope;
DROP INDEX IF EXISTS attachment_scope;
DROP INDEX IF EXISTS sync_conflict_scope;
DROP INDEX IF EXISTS signer_key_scope;
DROP INDEX IF EXISTS delegation_scope;
