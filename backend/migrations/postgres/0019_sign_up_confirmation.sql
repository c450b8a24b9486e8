-- Sign-up proves the address: a new account's founder is 'pending' until they follow the link
-- mailed to them (sign_ups holds only the link's SHA-256, and that of the short-lived cookie the
-- demo mailbox shows the attempt's mail to). An address may now be invited into a company while
-- it has an account elsewhere: users.email is unique only among users who are not merely
-- invited, and once per account. Mail records the account it is about (the demo mailbox shows
-- each account its own).
ALTER TABLE users DROP CONSTRAINT users_email_key;
CREATE UNIQUE INDEX users_email_signed_up ON users(email) WHERE status <> 'invited';
CREATE UNIQUE INDEX users_account_email ON users(account_id, email);

CREATE TABLE sign_ups (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    browser_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

ALTER TABLE outbox ADD COLUMN account_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL;
CREATE INDEX outbox_account ON outbox(account_id, id);
