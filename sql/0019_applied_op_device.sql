-- 0019_applied_op_device: applied_op.device_id without a foreign key. lokmind
-- writes it only from the authenticated device of the push, and devices are
-- never deleted (revoked ones stay), so the key checked nothing a row could
-- get wrong; yet every stored op result paid a lookup of the device row and a
-- share lock on it, which concurrent pushes of one device also contended for.
ALTER TABLE applied_op DROP CONSTRAINT IF EXISTS applied_op_device_id_fkey;
