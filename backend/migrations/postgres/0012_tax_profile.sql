-- The tax profile (issue 7): one row per account with its tax ID for the legal country it was
-- checked for, its EU VAT ID ('' when none) and what the VAT registry said about it.
CREATE TABLE tax_profiles (
    account_id BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    country TEXT NOT NULL,
    tax_id TEXT NOT NULL,
    vat_id TEXT NOT NULL DEFAULT '',
    vat_status TEXT NOT NULL DEFAULT 'not-checked'
        CHECK (vat_status IN ('not-checked', 'valid', 'invalid')),
    vat_name TEXT NOT NULL DEFAULT '',
    vat_address TEXT NOT NULL DEFAULT '',
    vat_checked_at BIGINT,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Tax exemption certificates: the file itself (PDF, PNG or JPEG by content, at most 5 MB),
-- its issuing region and expiry date (YYYY-MM-DD, compared as text), whether a platform
-- reviewer accepted it, and when its expiry reminder was sent (claimed once, by a guarded
-- UPDATE, whichever server gets there first).
CREATE TABLE tax_certificates (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content BYTEA NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('submitted', 'accepted')),
    submitted_at BIGINT NOT NULL,
    submitted_by TEXT NOT NULL,
    accepted_at BIGINT,
    accepted_by TEXT,
    reminder_sent_at BIGINT
);
CREATE INDEX tax_certificates_account ON tax_certificates(account_id);
CREATE INDEX tax_certificates_expiry ON tax_certificates(expires_on);
