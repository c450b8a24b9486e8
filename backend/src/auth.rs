//! Password hashing and server-side sessions.
//!
//! A session is a 256-bit random token (OWASP ASVS 5.0 7.2.3) held in an HttpOnly cookie; the
//! database stores only its SHA-256, so a leaked table cannot be replayed. Sessions end after
//! [`IDLE_TIMEOUT_SECS`] without use or [`ABSOLUTE_LIFETIME_SECS`] after sign-in, whichever comes first,
//! and at sign-out. They live in the database so any server instance can serve any request.

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

use crate::audit::{self, Change};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::now;
use crate::throttle::{self, Limit};

/// A session ends after this long without a request (ASVS 7.3.1).
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;
/// A session ends this long after sign-in whatever its use (ASVS 7.3.2).
pub const ABSOLUTE_LIFETIME_SECS: i64 = 12 * 60 * 60;
/// `last_seen_at` is refreshed at most this often, to spare the database a write per request.
const TOUCH_EVERY_SECS: i64 = 60;

/// Who is calling: the signed-in user, their account and roles, read from the database on every
/// request so a role change takes effect at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub account_id: i64,
    /// The user's email, as the audit log names them.
    pub email: String,
    pub roles: Vec<Role>,
    /// A platform reviewer (no partner role ever applies to them).
    pub reviewer: bool,
    /// The account was merged into another: it is read-only.
    pub account_merged: bool,
}

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
/// off the async threads.
pub async fn hash_password(password: &Password) -> Result<PasswordHashString> {
    PASSWORDS_HASHED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let password = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| PasswordHashString(hash.to_string()))
            .map_err(|e| Error::Fault(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| Error::Fault(format!("hashing task failed: {e}")))?
}

/// Checks `password` against `stored`; with no stored hash (unknown email) it checks against a
/// fixed dummy hash, so both cases take the same time and reveal nothing.
pub async fn verify_password(password: &str, stored: Option<String>) -> Result<bool> {
    let password = password.to_owned();
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored)
            .map_err(|e| Error::Fault(format!("stored hash unreadable: {e}")))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(matches && known)
    })
    .await
    .map_err(|e| Error::Fault(format!("verify task failed: {e}")))?
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
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get("password_hash"))
        .transpose()?
        .filter(|hash: &String| !hash.is_empty());
    if verify_password(password, stored).await? {
        attempt.refund(db).await?;
        return Ok(());
    }
    audit::record(
        &db.pool,
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
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(now)
    .bind(now + ABSOLUTE_LIFETIME_SECS)
    .execute(&db.pool)
    .await?;
    Ok(NewSession {
        token,
        max_age_secs: ABSOLUTE_LIFETIME_SECS,
    })
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
    .fetch_optional(&db.pool)
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
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(&db.pool)
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
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Ends every session of a user (deactivation, deletion: ASVS 7.4.2).
pub async fn end_all_sessions(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes sessions past their lifetime or idle timeout; run periodically.
pub async fn delete_expired_sessions(db: &Db) -> Result<u64> {
    let now = now();
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now)
        .bind(now - IDLE_TIMEOUT_SECS)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

/// The roles a user holds, in catalogue order. Unknown stored slugs are skipped and logged.
pub async fn roles_of(db: &Db, user_id: i64) -> Result<Vec<Role>> {
    let rows = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
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
