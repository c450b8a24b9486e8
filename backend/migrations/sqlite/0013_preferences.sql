-- My preferences: each user's own notification settings. A user without a row has the
-- defaults: notifications to their sign-in email, emails in English, every category by email
-- and in the bell, no alternate email. Each section has its own version (no lost updates).
CREATE TABLE user_preferences (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    -- The confirmed notification email; NULL means the sign-in email.
    notification_email TEXT,
    job_title TEXT NOT NULL DEFAULT '',
    email_language TEXT NOT NULL DEFAULT 'en',
    contact_version INTEGER NOT NULL DEFAULT 0,
    contact_updated_at INTEGER NOT NULL DEFAULT 0,
    contact_updated_by TEXT NOT NULL DEFAULT '',
    channels_version INTEGER NOT NULL DEFAULT 0,
    channels_updated_at INTEGER NOT NULL DEFAULT 0,
    channels_updated_by TEXT NOT NULL DEFAULT '',
    -- Where overdue invoices and late payments are sent; NULL when unset.
    alternate_email TEXT,
    alternate_version INTEGER NOT NULL DEFAULT 0,
    alternate_updated_at INTEGER NOT NULL DEFAULT 0,
    alternate_updated_by TEXT NOT NULL DEFAULT ''
);

-- The channel of each notification category ('both', 'email' or 'bell'); a missing row is 'both'.
CREATE TABLE notification_channels (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    channel TEXT NOT NULL,
    PRIMARY KEY (user_id, category)
);

-- Confirmations of a user's own address are looked up by user.
CREATE INDEX email_confirmations_user ON email_confirmations(user_id, purpose);
