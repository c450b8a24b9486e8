//! Anti-automation (ASVS 5.0 6.3.1, 2.4.1): counts attempts such as sign-ins per subject (an
//! email or a client address) in a sliding window, in the database so every instance sees them.
//! An attempt is counted before the work it guards ([`hit`]), and given back when it succeeds.
//! A subject over its limit waits until its oldest event leaves the window; nothing is locked
//! for good, so an attacker can delay a user but not shut them out.

use domain::ApiError;
use sqlx::Row;

use crate::error::Result;
use crate::now;
use crate::store::Db;

/// A kind of event and how many of it a subject may cause per window.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub bucket: &'static str,
    pub max_events: i64,
    pub window_secs: i64,
}

/// Failed sign-ins for one email address, from browsers without a device cookie for it.
pub const SIGN_IN_PER_ACCOUNT: Limit = Limit {
    bucket: "sign-in-account",
    max_events: 5,
    window_secs: 15 * 60,
};
/// Failed sign-ins from one browser holding a valid device cookie for the email it tries
/// (`auth::Device`): such attempts count here instead of per account and per client address,
/// so the account's limit being full (guesses from elsewhere) never keeps the owner out. Once
/// full, the device cookie is not honoured (its attempts are refused) until the window
/// frees: a stolen cookie gets a few more guesses, never unlimited ones.
pub const SIGN_IN_PER_DEVICE: Limit = Limit {
    bucket: "sign-in-device",
    max_events: 10,
    window_secs: 15 * 60,
};
/// Failed sign-ins from one client address (whatever the emails tried).
pub const SIGN_IN_PER_CLIENT: Limit = Limit {
    bucket: "sign-in-client",
    max_events: 30,
    window_secs: 15 * 60,
};
/// Sign-ups and new sign-up links asked for from one client address: each is a mail and an
/// argon2 hash. Room for an office behind one address (and the end-to-end suite, which signs up
/// some thirty companies from one address within minutes); an account only opens from its
/// mailbox anyway.
pub const SIGN_UP_PER_CLIENT: Limit = Limit {
    bucket: "sign-up-client",
    max_events: 50,
    window_secs: 60 * 60,
};

// Mail that a user (or a visitor) can make the product send. The limits are per target address,
// so an address cannot be flooded whoever asks, and per user or client, so one caller cannot
// spread the flood over many addresses; a real user never meets them.

/// Sign-up mails to one address: the confirmation link (sign-up, resend) or the "someone tried
/// to sign up with your address" notice.
pub const SIGN_UP_MAILS_PER_ADDRESS: Limit = Limit {
    bucket: "sign-up-mail-address",
    max_events: 5,
    window_secs: 60 * 60,
};
/// Invitation mails (invite, resend) to one address.
pub const INVITATION_MAILS_PER_ADDRESS: Limit = Limit {
    bucket: "invitation-mail-address",
    max_events: 5,
    window_secs: 60 * 60,
};
/// Invitation mails sent by one user: enough to bring a whole team in within the hour.
pub const INVITATION_MAILS_PER_USER: Limit = Limit {
    bucket: "invitation-mail-user",
    max_events: 50,
    window_secs: 60 * 60,
};
/// Email-confirmation links (primary contact email, notification email) to one address: a new
/// address, resends and renewals of an expired link.
pub const CONFIRMATION_MAILS_PER_ADDRESS: Limit = Limit {
    bucket: "confirmation-mail-address",
    max_events: 5,
    window_secs: 60 * 60,
};
/// Email-confirmation links asked for by one user.
pub const CONFIRMATION_MAILS_PER_USER: Limit = Limit {
    bucket: "confirmation-mail-user",
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

/// One counted attempt, taken before the work it guards. Keep it when the attempt failed (a
/// wrong password); [`Hit::refund`] it when the attempt turned out legitimate (the right
/// password), so successes never use up the limit.
#[derive(Debug)]
#[must_use = "a hit is either kept (dropped) or refunded"]
pub struct Hit {
    id: i64,
}

impl Hit {
    /// Takes the attempt back.
    pub async fn refund(self, db: &Db) -> Result<()> {
        db.write_once(sqlx::query("DELETE FROM throttle_events WHERE id = $1").bind(self.id))
            .await?;
        Ok(())
    }
}

/// Counts one attempt by `subject` against `limit`, or refuses with `TooManyRequests` (and when
/// to retry) when the window is already full. Atomic: the subject's row is locked first, so N
/// parallel attempts are counted one after the other and exactly `max_events` of them pass,
/// on SQLite (whose `BEGIN IMMEDIATE` serialises writers) and on PostgreSQL (whose upsert takes
/// the row lock and makes the others wait for this commit). Call it before the costly or
/// sensitive work, never after.
pub async fn hit(db: &Db, limit: Limit, subject: &str) -> Result<Hit> {
    let now = now();
    let since = now - limit.window_secs;
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO throttle_subjects (bucket, subject) VALUES ($1, $2) \
         ON CONFLICT (bucket, subject) DO UPDATE SET subject = excluded.subject",
    )
    .bind(limit.bucket)
    .bind(subject)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM throttle_events WHERE bucket = $1 AND subject = $2 AND at <= $3")
        .bind(limit.bucket)
        .bind(subject)
        .bind(since)
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM throttle_events \
         WHERE bucket = $1 AND subject = $2",
    )
    .bind(limit.bucket)
    .bind(subject)
    .fetch_one(&mut *tx)
    .await?;
    let count: i64 = row.try_get("n")?;
    if count >= limit.max_events {
        tx.commit().await?;
        let oldest: Option<i64> = row.try_get("oldest")?;
        let retry_after = oldest.unwrap_or(since) + limit.window_secs - now;
        return Err(ApiError::TooManyRequests {
            retry_after_secs: retry_after.clamp(1, limit.window_secs) as u32,
        }
        .into());
    }
    let id: i64 = sqlx::query(
        "INSERT INTO throttle_events (bucket, subject, at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(limit.bucket)
    .bind(subject)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    tx.commit().await?;
    Ok(Hit { id })
}

/// No limit's window is longer than this (a day): older events count for nothing.
pub const LONGEST_WINDOW_SECS: i64 = 24 * 60 * 60;

/// Forgets events older than every window and subjects left without events; run periodically
/// (each [`hit`] already forgets its own subject's old events).
pub async fn purge(db: &Db) -> Result<()> {
    db.write_once(
        sqlx::query("DELETE FROM throttle_events WHERE at <= $1").bind(now() - LONGEST_WINDOW_SECS),
    )
    .await?;
    db.write_once(sqlx::query(
        "DELETE FROM throttle_subjects WHERE NOT EXISTS (SELECT 1 FROM throttle_events e \
         WHERE e.bucket = throttle_subjects.bucket AND e.subject = throttle_subjects.subject)",
    ))
    .await?;
    Ok(())
}
