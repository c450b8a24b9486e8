//! The demo account: a fictional partner, "Contoso Ltd" in France, with one user per role.
//! Seeded only when the demo switch is on, and only once.

use domain::model::{NewPartner, SignUpForm};
use domain::Role;
use sqlx::Row;

use crate::db::Db;
use crate::error::Result;
use crate::{accounts, auth};

/// The one password of every demo user. Documented in the README; never use it in production.
pub const DEMO_PASSWORD: &str = "Contoso-demo-2026";
pub const DEMO_DOMAIN: &str = "contoso.example";

/// The demo sign-in address for `role`.
pub fn demo_email(role: Role) -> String {
    format!("{}@{DEMO_DOMAIN}", role.slug())
}

/// Creates the demo account unless it exists: the Global admin opens the account, the other
/// users join it with one role each. Returns whether anything was created.
pub async fn seed_demo(db: &Db) -> Result<bool> {
    let exists = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE email = $1")
        .bind(demo_email(Role::GlobalAdmin))
        .fetch_one(&db.pool)
        .await?
        .try_get::<i64, _>("n")?
        > 0;
    if exists {
        return Ok(false);
    }
    let founder = NewPartner::parse(&SignUpForm {
        email: demo_email(Role::GlobalAdmin),
        name: demo_name(Role::GlobalAdmin).into(),
        password: DEMO_PASSWORD.into(),
        company_name: "Contoso Ltd".into(),
        country: "FR".into(),
    })?;
    let hash = auth::hash_password(&founder.password).await?;
    let founder_id = accounts::create_account(db, &founder, &hash, &[Role::GlobalAdmin]).await?;
    let account_id: i64 = sqlx::query("SELECT account_id FROM users WHERE id = $1")
        .bind(founder_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("account_id")?;
    let now = crate::now();
    let mut tx = db.pool.begin().await?;
    for role in Role::ALL.into_iter().filter(|r| *r != Role::GlobalAdmin) {
        let id: i64 = sqlx::query(
            "INSERT INTO users (account_id, email, name, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(account_id)
        .bind(demo_email(role))
        .bind(demo_name(role))
        .bind(&hash.0)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role.slug())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    seed_reviewer(db, &hash.0).await?;
    Ok(true)
}

/// The platform's reviewer of the demo, in the platform's own account: a separate kind of
/// user that no partner role reaches.
pub const REVIEWER_EMAIL: &str = "reviewer@platform.example";

async fn seed_reviewer(db: &Db, hash: &str) -> Result<()> {
    let now = crate::now();
    let mut tx = db.pool.begin().await?;
    let account_id: i64 = sqlx::query(
        "INSERT INTO accounts (partner_id, legal_name, country, created_at)          VALUES ('PLATFORM', 'Platform vendor (reviewers)', 'US', $1) RETURNING id",
    )
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    sqlx::query(
        "INSERT INTO users (account_id, email, name, password_hash, created_at, kind)          VALUES ($1, $2, 'Riley Reviewer', $3, $4, 'reviewer')",
    )
    .bind(account_id)
    .bind(REVIEWER_EMAIL)
    .bind(hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Fictional names, one per role, so lists in the demo read like a real team.
fn demo_name(role: Role) -> &'static str {
    match role {
        Role::GlobalAdmin => "Camille Martin",
        Role::AccountAdmin => "Hugo Bernard",
        Role::UserManagementAdmin => "Léa Dubois",
        Role::BillingAdmin => "Nathan Thomas",
        Role::IncentiveAdmin => "Chloé Robert",
        Role::IncentiveUser => "Lucas Richard",
        Role::ReferralsAdmin => "Manon Petit",
        Role::Developer => "Jules Durand",
        Role::BusinessContributor => "Inès Leroy",
        Role::FinancialContributor => "Louis Moreau",
        Role::Marketer => "Emma Simon",
        Role::ReportViewer => "Gabriel Laurent",
    }
}
