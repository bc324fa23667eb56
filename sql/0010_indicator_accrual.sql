-- 0010_indicator_accrual: how an indicator's monthly figures add up.
--   cumulative: the months are summed from January and measured against the
--               cumulative target to date (annual target x month / 12), e.g. K1;
--   point:      each month stands alone (a rate or a state at that month, e.g.
--               D/S or the share of desa with STBM) and is measured against the
--               annual target itself.
ALTER TABLE indicator
    ADD COLUMN accrual text NOT NULL DEFAULT 'cumulative' CHECK (accrual IN ('cumulative', 'point'));
