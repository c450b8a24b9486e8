-- Program enrolments: one row per account and program, holding the latest enrolment (enrolling
-- again after leaving or a rejection reuses the row). The unique (account, program) pair makes a
-- concurrent second enrolment fail instead of creating a twin. Every step is in the audit log.
CREATE TABLE program_enrolments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    program TEXT NOT NULL,
    state TEXT NOT NULL,
    -- When the enrolment reached its state, who took that step (an email, or "system"), and
    -- the reason or answer the step carried (rejection, question, answer, lost requirement).
    since INTEGER NOT NULL,
    state_by TEXT NOT NULL,
    reason TEXT,
    enrolled_at INTEGER NOT NULL,
    enrolled_by TEXT NOT NULL,
    agreement_accepted_at INTEGER NOT NULL,
    agreement_accepted_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (account_id, program)
);
CREATE INDEX program_enrolments_state ON program_enrolments(state);

-- Identifiers programs issue when an enrolment first becomes active: at most one of each kind
-- per account, never withdrawn, and unique across accounts.
CREATE TABLE issued_identifiers (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value TEXT NOT NULL UNIQUE,
    program TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, kind)
);
