-- 0012_closed_on: the day an RTL item or a commitment was done or dropped, so
-- follow-up can be judged on time or late.
ALTER TABLE rtl_item ADD COLUMN closed_on date;
ALTER TABLE commitment ADD COLUMN closed_on date;
