-- The language each user chose for the interface (a language tag; empty until they choose):
-- the workspace opens in it on every device, and their emails use it until they pick an email
-- language of their own under My preferences.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';
