-- Versioned records an account has one of (company profile, and later other settings), stored
-- as JSON of the form's type: read and written whole, versioned against lost updates.
CREATE TABLE account_records (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (account_id, kind)
);
