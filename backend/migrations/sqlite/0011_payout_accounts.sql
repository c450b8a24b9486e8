-- Payout accounts (issue 7): every bank account a partner entered, newest last. The bank
-- numbers (IBAN and BIC, or routing and account number) are sealed with AES-256-GCM under the
-- server's PAYOUT_KEY in `sealed` ("v1:" + base64 of nonce and ciphertext); only the last four
-- characters are kept in clear, for display. A new account is pending until a platform
-- reviewer approves it (the previously approved one is then retired) or asks for action; an
-- open account replaced before any decision is withdrawn. Times are Unix seconds, actors emails.
CREATE TABLE payout_accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    status TEXT NOT NULL
        CHECK (status IN ('pending', 'approved', 'action-required', 'withdrawn', 'retired')),
    holder TEXT NOT NULL,
    bank_country TEXT NOT NULL,
    scheme TEXT NOT NULL CHECK (scheme IN ('iban', 'domestic')),
    bic TEXT,
    last4 TEXT NOT NULL CHECK (length(last4) <= 4),
    currency TEXT NOT NULL,
    sealed TEXT NOT NULL,
    reason TEXT,
    submitted_at INTEGER NOT NULL,
    submitted_by TEXT NOT NULL,
    decided_at INTEGER,
    decided_by TEXT
);
CREATE INDEX payout_accounts_account ON payout_accounts(account_id, id);
CREATE INDEX payout_accounts_queue ON payout_accounts(status, submitted_at);
-- At most one approved account (where payouts go) and one open account per partner.
CREATE UNIQUE INDEX payout_accounts_one_approved ON payout_accounts(account_id)
    WHERE status = 'approved';
CREATE UNIQUE INDEX payout_accounts_one_open ON payout_accounts(account_id)
    WHERE status IN ('pending', 'action-required');
