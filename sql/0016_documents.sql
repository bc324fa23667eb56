-- 0016_documents: what official letters print under a signature: the signer's pangkat/golongan.

ALTER TABLE person ADD COLUMN pangkat text NOT NULL DEFAULT '' CHECK (length(pangkat) <= 80);
