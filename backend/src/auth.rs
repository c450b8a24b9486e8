//! Password hashing, server-side sessions and device cookies.
//!
//! A session is a 256-bit random token (OWASP ASVS 5.0 7.2.3) held in an HttpOnly cookie; the
//! database stores only its SHA-256, so a leaked table cannot be replayed. Sessions end after
//! [`IDLE_TIMEOUT_SECS`] without use or [`ABSOLUTE_LIFETIME_SECS`] after sign-in, whichever comes first,
//! and at sign-out. They live in the database so any server instance can serve any request.
//!
//! A device cookie ([`Device`]) is issued at each successful sign-in and lets its browser sign
//! in again under a throttle of its own, whatever others guess at the account. Password work is
//! capped ([`PasswordWork`]) so a burst of attempts cannot take every core and much memory.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;
use domain::audit::AuditAction;
use domain::{ApiError, Area, Field, Invalid, Password, Role};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::sync::Semaphore;

use crate::audit::{self, Change};
use crate::error::{Error, Result};
use crate::now;
use crate::store::{Db, WriteTx};
use crate::throttle::{self, Limit};

/// A session ends after this long without a request (ASVS 7.3.1).
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;
/// A session ends this long after sign-in whatever its use (ASVS 7.3.2).
pub const ABSOLUTE_LIFETIME_SECS: i64 = 12 * 60 * 60;
/// `last_seen_at` is refreshed at most this often, to spare the database a write per request.
const TOUCH_EVERY_SECS: i64 = 60;

pub use crate::principal::Principal;

/// A stored argon2id hash. Deliberately neither `Serialize` nor `Display`.
#[derive(Clone)]
pub struct PasswordHashString(pub(crate) String);

/// How many passwords this process has hashed with argon2 (see [`passwords_hashed`]).
static PASSWORDS_HASHED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many passwords this process has hashed so far: tests read it to check that a refusal
/// which must be cheap (a bad invitation link) did no argon2 work.
pub fn passwords_hashed() -> u64 {
    PASSWORDS_HASHED.load(std::sync::atomic::Ordering::SeqCst)
}

/// Hashes with argon2id at the crate's defaults (19 MiB, t=2, p=1: an OWASP set, ASVS 11.4.2),
/// off the async threads, within the [password-work limit](PasswordWork).
pub async fn hash_password(password: &Password) -> Result<PasswordHashString> {
    PASSWORDS_HASHED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let password = password.expose().to_owned();
    PASSWORD_WORK
        .run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| PasswordHashString(hash.to_string()))
                .map_err(|e| Error::Fault(format!("hashing failed: {e}")))
        })
        .await?
}

/// Checks `password` against `stored`; with no stored hash (unknown email) it checks against a
/// fixed dummy hash, so both cases take the same time and reveal nothing. Within the
/// [password-work limit](PasswordWork): `Busy` when the server has too many checks at hand.
pub async fn verify_password(password: &str, stored: Option<String>) -> Result<bool> {
    let password = password.to_owned();
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    PASSWORD_WORK
        .run(move || {
            let parsed = PasswordHash::new(&stored)
                .map_err(|e| Error::Fault(format!("stored hash unreadable: {e}")))?;
            let matches = Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            Ok(matches && known)
        })
        .await?
}

/// Whether `error` is the password-work limit's refusal: no password was checked, so a throttle
/// attempt counted for it is given back.
pub fn is_busy(error: &Error) -> bool {
    matches!(error, Error::Refused(ApiError::Busy { .. }))
}

/// Password checks running at once, per core: argon2id with p=1 keeps one core busy for its
/// whole run (tens of milliseconds optimised) and holds 19 MiB, so more than one per core only
/// makes every check slower and the memory larger.
pub const PASSWORD_WORK_PER_CORE: usize = 1;
/// Password checks that may wait for a core, per core: with a check taking about 50 ms, the
/// last of them starts within about 200 ms.
pub const PASSWORD_QUEUE_PER_CORE: usize = 4;
/// The longest a password check waits for a core before it is refused (a starved machine).
pub const PASSWORD_MAX_WAIT: Duration = Duration::from_secs(3);
/// `Retry-After` of a password check refused for lack of room.
const PASSWORD_BUSY_RETRY_SECS: u32 = 1;

/// The limit on password work (hashing and checking), shared by every request of the process:
/// `running` jobs at once on the blocking threads, `running + waiting` admitted at all, each
/// waiting at most `max_wait`. Anything beyond is refused at once with `Busy` (503 with
/// `Retry-After`), never queued without bound: a burst of sign-ins costs at most `running`
/// cores and `running` × 19 MiB, and waits are short.
pub struct PasswordWork {
    running: Arc<Semaphore>,
    admitted: Semaphore,
    max_wait: Duration,
}

/// The process's password-work limit, sized to its cores (`available_parallelism`).
static PASSWORD_WORK: LazyLock<PasswordWork> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    PasswordWork::new(
        cores * PASSWORD_WORK_PER_CORE,
        cores * PASSWORD_QUEUE_PER_CORE,
        PASSWORD_MAX_WAIT,
    )
});

impl PasswordWork {
    /// A limit of `running` jobs at once with `waiting` more allowed to wait `max_wait`.
    pub fn new(running: usize, waiting: usize, max_wait: Duration) -> PasswordWork {
        PasswordWork {
            running: Arc::new(Semaphore::new(running.max(1))),
            admitted: Semaphore::new(running.max(1) + waiting),
            max_wait,
        }
    }

    /// Runs `job` on a blocking thread when there is room, or refuses with `Busy`. The running
    /// permit travels with the job, so a caller that goes away (a closed connection) cannot
    /// free its place while the work still runs.
    pub async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        let busy = || {
            Error::Refused(ApiError::Busy {
                retry_after_secs: PASSWORD_BUSY_RETRY_SECS,
            })
        };
        let Ok(_admitted) = self.admitted.try_acquire() else {
            tracing::warn!("password work refused: the queue is full");
            return Err(busy());
        };
        let permit =
            match tokio::time::timeout(self.max_wait, self.running.clone().acquire_owned()).await {
                Ok(Ok(permit)) => permit,
                _ => {
                    tracing::warn!("password work refused: no core free in time");
                    return Err(busy());
                }
            };
        tokio::task::spawn_blocking(move || {
            let _running = permit;
            job()
        })
        .await
        .map_err(|e| Error::Fault(format!("password task failed: {e}")))
    }
}

/// The argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0SUiJ8mRpaKzrv1kdtgY7HtTIDbrBEyXUrXC7ytzzUM";

/// Passwords given again to confirm a sensitive change, per user: the same limit as sign-in, so
/// a hijacked session cannot guess its way to the password here either.
pub const REAUTH_PER_USER: Limit = Limit {
    bucket: "reauth-user",
    max_events: 5,
    window_secs: 15 * 60,
};

/// Checks the caller's password again before a sensitive change (ASVS 7.5.1): required,
/// counted per user before the password work like sign-in (a right one is given back), and a
/// wrong one is refused beside the password field and audited in `area` as failing to
/// confirm `what`.
pub async fn reauthenticate(
    db: &Db,
    who: &Principal,
    password: &str,
    area: Area,
    what: &str,
) -> Result<()> {
    if password.is_empty() {
        return Err(ApiError::invalid(Field::Password, Invalid::Required).into());
    }
    let attempt = throttle::hit(db, REAUTH_PER_USER, &who.user_id.to_string()).await?;
    let stored: Option<String> = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(who.user_id)
        .fetch_optional(db.reader())
        .await?
        .map(|row| row.try_get("password_hash"))
        .transpose()?
        .filter(|hash: &String| !hash.is_empty());
    let matches = match verify_password(password, stored).await {
        Ok(matches) => matches,
        Err(e) if is_busy(&e) => {
            attempt.refund(db).await?;
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    if matches {
        attempt.refund(db).await?;
        return Ok(());
    }
    audit::record(
        db,
        Change::by(who, area, AuditAction::ReauthenticationFailed, what),
    )
    .await?;
    Err(ApiError::invalid(Field::Password, Invalid::PasswordIncorrect).into())
}

/// A freshly issued session: the token goes into the cookie and nowhere else.
pub struct NewSession {
    pub token: String,
    pub max_age_secs: i64,
}

/// The SHA-256 of a token, as stored (sessions, invitation links).
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 256 random bits from the operating system, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Starts a session for `user_id` with a new random token (a new id at every sign-in: ASVS 7.2.4).
pub async fn create_session(db: &Db, user_id: i64) -> Result<NewSession> {
    let token = random_token();
    let now = now();
    db.write_once(
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(now)
        .bind(now + ABSOLUTE_LIFETIME_SECS),
    )
    .await?;
    Ok(NewSession {
        token,
        max_age_secs: ABSOLUTE_LIFETIME_SECS,
    })
}

/// How long a device cookie is honoured after the sign-in that issued it (and its `Max-Age`).
pub const DEVICE_LIFETIME_SECS: i64 = 180 * 24 * 60 * 60;
/// Device cookies kept per user, the newest: a user signs in from a few browsers, and a flood of
/// sign-ins (with the password) cannot grow the table without bound.
const DEVICES_PER_USER: i64 = 20;

/// A device cookie a browser presented that is alive and was issued to the user being signed in
/// as (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): such attempts are
/// throttled per device ([`throttle::SIGN_IN_PER_DEVICE`]) rather than per account.
///
/// A device cookie is a random 256-bit token of which only the SHA-256 is stored, with its user
/// and expiry, rather than an HMAC over the user: it needs no key shared by every instance
/// (nothing new to configure, rotate or leak), a leaked table cannot be replayed, and a cookie
/// can be withdrawn (one per sign-in, replaced at the next; gone with its user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: i64,
}

/// A freshly issued device cookie: the token goes into the cookie and nowhere else.
pub struct NewDevice {
    pub token: String,
    pub max_age_secs: i64,
}

/// The device behind `token` if it is alive and was issued to the user whose sign-in email is
/// `email`; any other cookie (forged, expired, someone else's) is no device at all.
pub async fn device_for(db: &Db, token: &str, email: &str) -> Result<Option<Device>> {
    let row = sqlx::query(
        "SELECT d.id FROM device_cookies d JOIN users u ON u.id = d.user_id \
         WHERE d.token_hash = $1 AND u.email = $2 AND d.expires_at > $3",
    )
    .bind(token_hash(token))
    .bind(email)
    .bind(now())
    .fetch_optional(db.reader())
    .await?;
    Ok(row
        .map(|row| row.try_get("id"))
        .transpose()?
        .map(|id| Device { id }))
}

/// Issues a new device cookie to `user_id` at a successful sign-in, replacing the one the
/// browser presented (if any), and forgets the user's oldest beyond [`DEVICES_PER_USER`].
pub async fn issue_device(db: &Db, user_id: i64, replacing: Option<&Device>) -> Result<NewDevice> {
    let token = random_token();
    let now = now();
    let mut tx = db.write().await?;
    if let Some(old) = replacing {
        sqlx::query("DELETE FROM device_cookies WHERE id = $1")
            .bind(old.id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO device_cookies (token_hash, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(now)
    .bind(now + DEVICE_LIFETIME_SECS)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM device_cookies WHERE user_id = $1 AND id NOT IN \
         (SELECT id FROM device_cookies WHERE user_id = $1 ORDER BY created_at DESC, id DESC \
          LIMIT $2)",
    )
    .bind(user_id)
    .bind(DEVICES_PER_USER)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(NewDevice {
        token,
        max_age_secs: DEVICE_LIFETIME_SECS,
    })
}

/// Deletes device cookies past their lifetime; run periodically.
pub async fn delete_expired_devices(db: &Db) -> Result<u64> {
    let done = db
        .write_once(sqlx::query("DELETE FROM device_cookies WHERE expires_at <= $1").bind(now()))
        .await?;
    Ok(done.rows_affected())
}

/// The principal behind a session token, if the session is alive; refreshes its idle clock.
pub async fn resolve_session(db: &Db, token: &str) -> Result<Option<Principal>> {
    let hash = token_hash(token);
    let now = now();
    let row = sqlx::query(
        "SELECT s.user_id, s.last_seen_at, s.expires_at, u.account_id, u.email, u.kind, \
         a.merged_into FROM sessions s JOIN users u ON u.id = s.user_id \
         JOIN accounts a ON a.id = u.account_id \
         WHERE s.token_hash = $1 AND u.status = 'active'",
    )
    .bind(&hash)
    .fetch_optional(db.reader())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let user_id: i64 = row.try_get("user_id")?;
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let expires_at: i64 = row.try_get("expires_at")?;
    if now >= expires_at || now - last_seen >= IDLE_TIMEOUT_SECS {
        end_session(db, token).await?;
        return Ok(None);
    }
    if now - last_seen >= TOUCH_EVERY_SECS {
        db.write_once(
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(&hash),
        )
        .await?;
    }
    Ok(Some(Principal {
        user_id,
        account_id: row.try_get("account_id")?,
        email: row.try_get("email")?,
        roles: roles_of(db, user_id).await?,
        reviewer: row.try_get::<String, _>("kind")? == "reviewer",
        account_merged: row.try_get::<Option<i64>, _>("merged_into")?.is_some(),
    }))
}

/// Ends one session on the server (sign-out: ASVS 7.4.1).
pub async fn end_session(db: &Db, token: &str) -> Result<()> {
    db.write_once(
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token)),
    )
    .await?;
    Ok(())
}

/// Ends every session of a user (deactivation, deletion: ASVS 7.4.2).
pub async fn end_all_sessions(tx: &mut WriteTx, user_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes sessions past their lifetime or idle timeout; run periodically.
pub async fn delete_expired_sessions(db: &Db) -> Result<u64> {
    let now = now();
    let done = db
        .write_once(
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
                .bind(now)
                .bind(now - IDLE_TIMEOUT_SECS),
        )
        .await?;
    Ok(done.rows_affected())
}

/// The roles a user holds, in catalogue order. Unknown stored slugs are skipped and logged.
pub async fn roles_of(db: &Db, user_id: i64) -> Result<Vec<Role>> {
    let rows = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db.reader())
        .await?;
    let mut roles = Vec::with_capacity(rows.len());
    for row in rows {
        let slug: String = row.try_get("role")?;
        match Role::from_slug(&slug) {
            Some(role) => roles.push(role),
            None => tracing::warn!(%slug, user_id, "unknown role in database"),
        }
    }
    roles.sort();
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs ten 400 ms jobs at once through `work` and returns how many ran, how many were
    /// refused as busy, and the most that ever ran together.
    async fn ten_jobs(work: PasswordWork) -> (usize, usize, usize) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let work = Arc::new(work);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut jobs = tokio::task::JoinSet::new();
        for _ in 0..10 {
            let (work, running, most) = (work.clone(), running.clone(), most.clone());
            jobs.spawn(async move {
                work.run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(400));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            });
        }
        let (mut ran, mut busy) = (0, 0);
        while let Some(result) = jobs.join_next().await {
            match result.unwrap() {
                Ok(()) => ran += 1,
                Err(e) if is_busy(&e) => busy += 1,
                Err(e) => panic!("{e}"),
            }
        }
        (ran, busy, most.load(Ordering::SeqCst))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn password_work_runs_its_limit_at_once_and_refuses_beyond_its_queue() {
        // Two at once, two more may wait 100 ms: those two time out, the other six are
        // refused at once.
        let (ran, busy, most) = ten_jobs(PasswordWork::new(2, 2, Duration::from_millis(100))).await;
        assert_eq!((ran, busy, most), (2, 8, 2));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn password_work_that_waits_within_its_bound_gets_its_turn() {
        // Two at once, eight may wait up to 3 s: all ten run, two by two, in about 2 s.
        let (ran, busy, most) = ten_jobs(PasswordWork::new(2, 8, Duration::from_secs(3))).await;
        assert_eq!((ran, busy, most), (10, 0, 2));
    }

    #[tokio::test]
    async fn the_dummy_hash_is_well_formed_and_matches_nothing_known() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify_password("password", None).await.unwrap());
    }

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let password = Password::parse("correct horse battery").unwrap();
        let hash = hash_password(&password).await.unwrap();
        assert!(hash.0.starts_with("$argon2id$"));
        assert!(
            verify_password("correct horse battery", Some(hash.0.clone()))
                .await
                .unwrap()
        );
        assert!(!verify_password("wrong horse battery", Some(hash.0))
            .await
            .unwrap());
    }
}
