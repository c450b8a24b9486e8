-- The legal identity: the DUNS number and a version of the legal name and address (the legal
-- location's changes move it too), so two editors cannot silently overwrite each other.
ALTER TABLE accounts ADD COLUMN duns TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN legal_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE accounts ADD COLUMN legal_updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN legal_updated_by TEXT NOT NULL DEFAULT '';

-- Addresses waiting to be confirmed by the link mailed to them. Until then the address in use
-- stays the old one. One open request per (account, purpose, user): a new one replaces it.
CREATE TABLE email_confirmations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    requested_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    cancelled_at INTEGER
);
CREATE INDEX email_confirmations_account ON email_confirmations(account_id, purpose);
