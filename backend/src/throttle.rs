//! Anti-automation (ASVS 5.0 6.3.1, 2.4.1): counts events such as failed sign-ins per subject (an
//! email or a client address) in a sliding window, in the database so every instance sees them.
//! A subject over its limit waits until its oldest event leaves the window; nothing is locked
//! for good, so an attacker can delay a user but not shut them out.

use domain::ApiError;
use sqlx::Row;

use crate::db::Db;
use crate::error::Result;
use crate::now;

/// A kind of event and how many of it a subject may cause per window.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub bucket: &'static str,
    pub max_events: i64,
    pub window_secs: i64,
}

/// Failed sign-ins for one email address.
pub const SIGN_IN_PER_ACCOUNT: Limit = Limit {
    bucket: "sign-in-account",
    max_events: 5,
    window_secs: 15 * 60,
};
/// Failed sign-ins from one client address (whatever the emails tried).
pub const SIGN_IN_PER_CLIENT: Limit = Limit {
    bucket: "sign-in-client",
    max_events: 30,
    window_secs: 15 * 60,
};
/// Sign-ups from one client address.
pub const SIGN_UP_PER_CLIENT: Limit = Limit {
    bucket: "sign-up-client",
    max_events: 20,
    window_secs: 60 * 60,
};

/// Company-directory lookups by one user (a commercial directory charges per lookup).
pub const DIRECTORY_LOOKUPS_PER_USER: Limit = Limit {
    bucket: "directory-lookup-user",
    max_events: 30,
    window_secs: 10 * 60,
};

/// Accounts looked up by partner ID to merge with, per account: a merge needs one or two, and
/// the limit keeps the lookup from listing the legal names behind every partner ID.
pub const MERGE_LOOKUPS_PER_ACCOUNT: Limit = Limit {
    bucket: "merge-lookup-account",
    max_events: 30,
    window_secs: 10 * 60,
};

/// Refuses with `TooManyRequests` (and when to retry) if `subject` is over `limit`.
pub async fn check(db: &Db, limit: Limit, subject: &str) -> Result<()> {
    let since = now() - limit.window_secs;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_events \
         WHERE bucket = $1 AND subject = $2 AND at > $3",
    )
    .bind(limit.bucket)
    .bind(subject)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    let count: i64 = row.try_get("n")?;
    if count < limit.max_events {
        return Ok(());
    }
    let oldest: Option<i64> = row.try_get("oldest")?;
    let retry_after = oldest.unwrap_or(since) + limit.window_secs - now();
    Err(ApiError::TooManyRequests {
        retry_after_secs: retry_after.clamp(1, limit.window_secs) as u32,
    }
    .into())
}

/// Records one event for `subject` and forgets events that left every window.
pub async fn record(db: &Db, limit: Limit, subject: &str) -> Result<()> {
    let now = now();
    sqlx::query("INSERT INTO rate_events (bucket, subject, at) VALUES ($1, $2, $3)")
        .bind(limit.bucket)
        .bind(subject)
        .bind(now)
        .execute(&db.pool)
        .await?;
    sqlx::query("DELETE FROM rate_events WHERE bucket = $1 AND subject = $2 AND at <= $3")
        .bind(limit.bucket)
        .bind(subject)
        .bind(now - limit.window_secs)
        .execute(&db.pool)
        .await?;
    Ok(())
}
