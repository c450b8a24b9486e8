-- Documents a company attaches to its answer when a platform reviewer asks for information
-- during verification: the file itself (PDF, PNG or JPEG by content, at most 10 MB, at most 5
-- per answer), the question it answers (the event that asked) and, once the answer is sent,
-- that answer's event. Until then it is attached to the open question only.
CREATE TABLE verification_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    question_event_id INTEGER NOT NULL REFERENCES verification_events(id) ON DELETE CASCADE,
    answer_event_id INTEGER REFERENCES verification_events(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    uploaded_at INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL
);
CREATE INDEX verification_documents_question ON verification_documents(account_id, question_event_id);
