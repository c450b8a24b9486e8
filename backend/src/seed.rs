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

/// One tenant of the built-in fictional directory, with the administrator who signs in to it.
pub struct DemoTenant {
    pub tenant_id: &'static str,
    pub name: &'static str,
    pub admin: &'static str,
}

/// The fictional directory's tenants. The first is seeded as the demo account's primary
/// (commercial) tenant, so the second, a developer tenant, is the one a newcomer associates.
pub const DEMO_TENANTS: [DemoTenant; 2] = [
    DemoTenant {
        tenant_id: "6a1f3c2e-8d4b-4f7a-9c21-5e0b7d3a9f14",
        name: "Contoso Ltd",
        admin: "admin@contoso-partner.example",
    },
    DemoTenant {
        tenant_id: "b2e9d7a4-1c3f-4e8b-a6d5-7f0c2b9e4a31",
        name: "Contoso Developer Lab",
        admin: "admin@contoso-dev.example",
    },
];

/// The demo sign-in address for `role`.
pub fn demo_email(role: Role) -> String {
    format!("{}@{DEMO_DOMAIN}", role.slug())
}

/// The second demo account, "Fabrikam SAS", so a newcomer can try an account merge. Its users
/// sign in as `<role>@fabrikam.example` with the same password.
pub const FABRIKAM_DOMAIN: &str = "fabrikam.example";

/// Fabrikam's tenant: associated without the fictional directory (its own administrator is
/// not in it), so a merge shows a tenant moving.
pub const FABRIKAM_TENANT: &str = "c3f0e8b5-2d4a-4f9c-b7e6-8a1d3c0f5b42";

/// A demo company to seed: its name, country, users' domain and primary tenant.
struct DemoCompany {
    name: &'static str,
    country: &'static str,
    domain: &'static str,
    tenant_id: &'static str,
    tenant_name: &'static str,
    tenant_domain: &'static str,
    /// What its invoice numbers start with.
    invoice_prefix: &'static str,
}

/// Creates the demo accounts unless they exist: in each, the Global admin opens the account and
/// the other users join it with one role each. Returns whether anything was created.
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
    let primary = &DEMO_TENANTS[0];
    let hash = seed_company(
        db,
        &DemoCompany {
            name: "Contoso Ltd",
            country: "FR",
            domain: DEMO_DOMAIN,
            tenant_id: primary.tenant_id,
            tenant_name: primary.name,
            tenant_domain: "contoso-partner.example",
            invoice_prefix: "CTS",
        },
    )
    .await?;
    seed_company(
        db,
        &DemoCompany {
            name: "Fabrikam SAS",
            country: "FR",
            domain: FABRIKAM_DOMAIN,
            tenant_id: FABRIKAM_TENANT,
            tenant_name: "Fabrikam SAS",
            tenant_domain: "fabrikam-partner.example",
            invoice_prefix: "FBK",
        },
    )
    .await?;
    seed_reviewer(db, &hash.0).await?;
    Ok(true)
}

async fn seed_company(db: &Db, company: &DemoCompany) -> Result<auth::PasswordHashString> {
    let email = |role: Role| format!("{}@{}", role.slug(), company.domain);
    let founder = NewPartner::parse(&SignUpForm {
        email: email(Role::GlobalAdmin),
        name: demo_name(Role::GlobalAdmin).into(),
        password: DEMO_PASSWORD.into(),
        company_name: company.name.into(),
        country: company.country.into(),
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
        .bind(email(role))
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
    sqlx::query(
        "INSERT INTO tenants (account_id, tenant_id, primary_domain, display_name, kind, \
         is_primary, associated_by, associated_at, version, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, 'commercial', 1, $5, $6, 1, $6, $5)",
    )
    .bind(account_id)
    .bind(company.tenant_id)
    .bind(company.tenant_domain)
    .bind(company.tenant_name)
    .bind(email(Role::GlobalAdmin))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    crate::invoices::seed_demo(&mut tx, account_id, company.invoice_prefix, now).await?;
    tx.commit().await?;
    Ok(hash)
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
