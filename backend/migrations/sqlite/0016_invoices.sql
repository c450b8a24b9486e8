-- Invoices the platform sends a partner. Dates are calendar dates (`YYYY-MM-DD`, compared as
-- text); amounts are in the currency's minor unit. The overdue job turns an unpaid invoice past
-- its due date into an overdue one and sends its notice in the same transaction, guarded by the
-- status, so the notice goes out once however many servers run the job.
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    number TEXT NOT NULL UNIQUE,
    issued_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('unpaid', 'paid', 'overdue')),
    overdue_notified_at INTEGER
);
CREATE INDEX invoices_account ON invoices(account_id, issued_on);
CREATE INDEX invoices_unpaid_due ON invoices(status, due_on);
