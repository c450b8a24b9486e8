-- Throttling counts an attempt before the work it guards, atomically: every hit on one
-- (bucket, subject) first locks that subject's row, so parallel attempts are counted one after
-- the other and exactly the limit get through. Events get an id so a successful attempt can be
-- taken back (refunded). The old table held no id and is only a sliding window: dropping it
-- forgets at most 15 minutes of counts.
DROP TABLE rate_events;

CREATE TABLE throttle_subjects (
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    PRIMARY KEY (bucket, subject)
);

CREATE TABLE throttle_events (
    id BIGSERIAL PRIMARY KEY,
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX throttle_events_lookup ON throttle_events(bucket, subject, at);
