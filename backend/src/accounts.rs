//! Sign-up and sign-in.

use domain::audit::AuditAction;
use domain::error::ConflictKind;
use domain::merge::MergedInto;
use domain::model::{NewPartner, NotificationKind, UserStatus};
use domain::{ApiError, Area, Role};
use rand::Rng;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::auth::{self, NewSession};
use crate::db::Db;
use crate::error::{is_unique_violation, Error, Result};
use crate::users::account_of;
use crate::{notifications, now, throttle};

/// What a successful sign-up or sign-in hands back to the HTTP layer.
pub struct SignedIn {
    pub user_id: i64,
    pub session: NewSession,
}

/// The legal name of `account_id` (for mail that names the company).
pub async fn legal_name<'e, E>(executor: E, account_id: i64) -> Result<String>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query("SELECT legal_name FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(executor)
        .await?
        .try_get("legal_name")?)
}

/// The account `account_id` was merged into, if it was. A merged account is read-only: its
/// users, locations and tenants belong to that account now.
pub async fn merged_into(db: &Db, account_id: i64) -> Result<Option<MergedInto>> {
    let row = sqlx::query(
        "SELECT s.legal_name, s.partner_id, a.merged_at FROM accounts a \
         JOIN accounts s ON s.id = a.merged_into WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|row| {
        Ok(MergedInto {
            legal_name: row.try_get("legal_name")?,
            partner_id: row.try_get("partner_id")?,
            merged_at: row
                .try_get::<Option<i64>, _>("merged_at")?
                .unwrap_or_default(),
        })
    })
    .transpose()
}

/// Creates a partner account with a fresh partner ID and its first user, a Global admin, leaves
/// them a welcome notification and signs them in. `client` is the caller's address, throttled.
pub async fn sign_up(db: &Db, partner: NewPartner, client: &str) -> Result<SignedIn> {
    let _counted = throttle::hit(db, throttle::SIGN_UP_PER_CLIENT, client).await?;
    if email_exists(db, partner.email.as_str()).await? {
        return Err(ApiError::Conflict(ConflictKind::EmailTaken).into());
    }
    let hash = auth::hash_password(&partner.password).await?;
    let user_id = create_account(db, &partner, &hash, &[Role::GlobalAdmin]).await?;
    audit::record(
        &db.pool,
        Change {
            account_id: Some(account_of(db, user_id).await?),
            actor_user_id: Some(user_id),
            actor: partner.email.as_str(),
            area: Area::Users,
            action: AuditAction::SignUp,
            target: partner.email.as_str(),
            before: "",
            after: Role::GlobalAdmin.slug(),
        },
    )
    .await?;
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

/// What a successful sign-in hands back: the session, and the device cookie to give the
/// browser in place of the one it presented.
pub struct SignedInWithDevice {
    pub user_id: i64,
    pub session: NewSession,
    pub device: auth::NewDevice,
}

/// Signs in with an email and password. A wrong password and an unknown email get the same
/// answer, after the same work. Attempts are counted before the password work: with a valid
/// device cookie for this email (`device_cookie`, from an earlier successful sign-in in that
/// browser) against that device's own limit only; without one, per client address and per
/// account. So guesses from elsewhere, however many, never keep the owner's browser out.
pub async fn sign_in(
    db: &Db,
    email: &str,
    password: &str,
    client: &str,
    device_cookie: Option<&str>,
) -> Result<SignedInWithDevice> {
    let email = email.trim().to_lowercase();
    let device = match device_cookie {
        Some(token) => auth::device_for(db, token, &email).await?,
        None => None,
    };
    // Counted before the password work, and given back if the password is right.
    let attempts = match &device {
        Some(device) => {
            vec![throttle::hit(db, throttle::SIGN_IN_PER_DEVICE, &device.id.to_string()).await?]
        }
        None => vec![
            throttle::hit(db, throttle::SIGN_IN_PER_CLIENT, client).await?,
            throttle::hit(db, throttle::SIGN_IN_PER_ACCOUNT, &email).await?,
        ],
    };
    let row =
        sqlx::query("SELECT id, account_id, password_hash, status FROM users WHERE email = $1")
            .bind(&email)
            .fetch_optional(&db.pool)
            .await?;
    let mut user = None;
    if let Some(row) = row {
        let hash: String = row.try_get("password_hash")?;
        user = Some((
            row.try_get::<i64, _>("id")?,
            row.try_get::<i64, _>("account_id")?,
            row.try_get::<String, _>("status")?,
            // An invited user has no password yet: compare against the dummy hash.
            Some(hash).filter(|h| !h.is_empty()),
        ));
    }
    let stored = user.as_ref().and_then(|u| u.3.clone());
    let matches = match auth::verify_password(password, stored).await {
        Ok(matches) => matches,
        // No password was checked (the server is at capacity): the attempt does not count.
        Err(busy) if auth::is_busy(&busy) => {
            refund(db, attempts).await?;
            return Err(busy);
        }
        Err(e) => return Err(e),
    };
    let audit_as = |account_id, user_id, action| Change {
        account_id,
        actor_user_id: user_id,
        actor: &email,
        area: Area::Overview,
        action,
        target: &email,
        before: "",
        after: "",
    };
    match user {
        Some((user_id, account_id, status, _))
            if matches && status == UserStatus::Active.code() =>
        {
            refund(db, attempts).await?;
            audit::record(
                &db.pool,
                audit_as(Some(account_id), Some(user_id), AuditAction::SignIn),
            )
            .await?;
            let session = auth::create_session(db, user_id).await?;
            let device = auth::issue_device(db, user_id, device.as_ref()).await?;
            Ok(SignedInWithDevice {
                user_id,
                session,
                device,
            })
        }
        Some((user_id, account_id, _, _)) if matches => {
            // The right password for a deactivated user: say so, it reveals nothing new.
            audit::record(
                &db.pool,
                audit_as(Some(account_id), Some(user_id), AuditAction::SignInFailed),
            )
            .await?;
            Err(ApiError::Deactivated.into())
        }
        _ => {
            let account_id = user.as_ref().map(|u| u.1);
            let user_id = user.as_ref().map(|u| u.0);
            audit::record(
                &db.pool,
                audit_as(account_id, user_id, AuditAction::SignInFailed),
            )
            .await?;
            Err(ApiError::BadCredentials.into())
        }
    }
}

/// Gives back every attempt counted for a sign-in that turned out legitimate (or unchecked).
async fn refund(db: &Db, attempts: Vec<throttle::Hit>) -> Result<()> {
    for attempt in attempts {
        attempt.refund(db).await?;
    }
    Ok(())
}
