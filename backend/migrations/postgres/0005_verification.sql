-- Verification of partner companies by the platform's reviewers. Reviewers are users of kind
-- 'reviewer' in the platform's own account; no partner role reaches their functions.
ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'partner';

CREATE TABLE verification (
    account_id BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE verification_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    side TEXT NOT NULL,
    actor TEXT NOT NULL,
    step TEXT NOT NULL,
    message TEXT NOT NULL,
    status_after TEXT NOT NULL
);
CREATE INDEX verification_events_account ON verification_events(account_id, id);
