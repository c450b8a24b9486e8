-- The notification centre's Actions are computed from the account's data; only what each user
-- archived of the recommended ones is kept (`action` is the action's kind and subject, e.g.
-- `answer-merge-invitation:12`, so a later invitation shows again).
CREATE TABLE archived_actions (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    archived_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, action)
);
