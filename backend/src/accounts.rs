//! Sign-up and sign-in.

use domain::error::ConflictKind;
use domain::model::{NewPartner, NotificationKind};
use domain::{ApiError, Role};
use rand::Rng;
use sqlx::Row;

use crate::auth::{self, NewSession};
use crate::db::Db;
use crate::error::{is_unique_violation, Error, Result};
use crate::{notifications, now, throttle};

/// What a successful sign-up or sign-in hands back to the HTTP layer.
pub struct SignedIn {
    pub user_id: i64,
    pub session: NewSession,
}

/// Creates a partner account with a fresh partner ID and its first user, a Global admin, leaves
/// them a welcome notification and signs them in. `client` is the caller's address, throttled.
pub async fn sign_up(db: &Db, partner: NewPartner, client: &str) -> Result<SignedIn> {
    throttle::check(db, throttle::SIGN_UP_PER_CLIENT, client).await?;
    throttle::record(db, throttle::SIGN_UP_PER_CLIENT, client).await?;
    if email_exists(db, partner.email.as_str()).await? {
        return Err(ApiError::Conflict(ConflictKind::EmailTaken).into());
    }
    let hash = auth::hash_password(&partner.password).await?;
    let user_id = create_account(db, &partner, &hash, &[Role::GlobalAdmin]).await?;
    let session = auth::create_session(db, user_id).await?;
    Ok(SignedIn { user_id, session })
}

/// Writes the account, its first user with `roles`, and the welcome notification in one
/// transaction. Returns the user's id.
pub async fn create_account(
    db: &Db,
    partner: &NewPartner,
    hash: &auth::PasswordHashString,
    roles: &[Role],
) -> Result<i64> {
    let now = now();
    let mut tx = db.pool.begin().await?;
    let mut account_id = None;
    // Partner IDs are random 7-digit numbers; retry on the rare collision.
    for _ in 0..10 {
        let partner_id = rand::thread_rng()
            .gen_range(1_000_000..10_000_000)
            .to_string();
        let inserted = sqlx::query(
            "INSERT INTO accounts (partner_id, legal_name, country, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (partner_id) DO NOTHING RETURNING id",
        )
        .bind(&partner_id)
        .bind(partner.company_name.as_str())
        .bind(partner.country.as_str())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = inserted {
            account_id = Some(row.try_get::<i64, _>("id")?);
            break;
        }
    }
    let account_id =
        account_id.ok_or_else(|| Error::Fault("no free partner ID after 10 tries".into()))?;
    let user = sqlx::query(
        "INSERT INTO users (account_id, email, name, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(account_id)
    .bind(partner.email.as_str())
    .bind(partner.name.as_str())
    .bind(&hash.0)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            Error::Refused(ApiError::Conflict(ConflictKind::EmailTaken))
        } else {
            Error::Database(e)
        }
    })?;
    let user_id: i64 = user.try_get("id")?;
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(role.slug())
            .execute(&mut *tx)
            .await?;
    }
    notifications::push(&mut tx, user_id, NotificationKind::Welcome, now).await?;
    tx.commit().await?;
    Ok(user_id)
}

async fn email_exists(db: &Db, email: &str) -> Result<bool> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// Signs in with an email and password. A wrong password and an unknown email get the same
/// answer, after the same work. Failures are throttled per account and per client address.
pub async fn sign_in(db: &Db, email: &str, password: &str, client: &str) -> Result<SignedIn> {
    let email = email.trim().to_lowercase();
    throttle::check(db, throttle::SIGN_IN_PER_CLIENT, client).await?;
    throttle::check(db, throttle::SIGN_IN_PER_ACCOUNT, &email).await?;
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(&db.pool)
        .await?;
    let (user_id, stored) = match row {
        Some(row) => (
            Some(row.try_get::<i64, _>("id")?),
            Some(row.try_get::<String, _>("password_hash")?),
        ),
        None => (None, None),
    };
    let matches = auth::verify_password(password, stored).await?;
    match (user_id, matches) {
        (Some(user_id), true) => {
            let session = auth::create_session(db, user_id).await?;
            Ok(SignedIn { user_id, session })
        }
        _ => {
            throttle::record(db, throttle::SIGN_IN_PER_CLIENT, client).await?;
            throttle::record(db, throttle::SIGN_IN_PER_ACCOUNT, &email).await?;
            Err(ApiError::BadCredentials.into())
        }
    }
}
