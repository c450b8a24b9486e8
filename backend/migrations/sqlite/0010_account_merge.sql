-- Account merges: one partner account absorbs another of the same company after a handshake
-- (invited, accepted, confirmed). The absorbed account stays, read-only, pointing at the account
-- it was merged into.
ALTER TABLE accounts ADD COLUMN merged_into INTEGER REFERENCES accounts(id);
ALTER TABLE accounts ADD COLUMN merged_at INTEGER;

-- Every merge ever proposed, whatever became of it (both accounts' merge history). Times are
-- Unix seconds, actors are emails; an open merge past its 14 days has expired whatever `state`
-- says (the state is brought up to date lazily).
CREATE TABLE merges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    inviter_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    invitee_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    state TEXT NOT NULL
        CHECK (state IN ('invited', 'accepted', 'declined', 'cancelled', 'expired', 'completed')),
    message TEXT NOT NULL,
    decline_reason TEXT,
    invited_at INTEGER NOT NULL,
    invited_by TEXT NOT NULL,
    answered_at INTEGER,
    answered_by TEXT,
    finished_at INTEGER,
    finished_by TEXT,
    CHECK (inviter_account_id <> invitee_account_id)
);
CREATE INDEX merges_inviter ON merges(inviter_account_id);
CREATE INDEX merges_invitee ON merges(invitee_account_id);

-- The accounts taking part in an open merge, one row each: an invitation claims both of its
-- accounts in one transaction, so a second open merge for either of them (crossing
-- invitations sent at the same instant included) fails on the primary key. The rows go when
-- the merge ends.
CREATE TABLE merge_participants (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    merge_id INTEGER NOT NULL REFERENCES merges(id) ON DELETE CASCADE
);
CREATE INDEX merge_participants_merge ON merge_participants(merge_id);
