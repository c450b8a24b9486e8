//! The demo account: a fictional partner, "Contoso Ltd" in France, with one user per role.
//! Seeded only when the demo switch is on, and only once.

use domain::model::{NewPartner, SignUpForm};
use domain::Role;
use sqlx::Row;

use crate::error::{Error, Result};
use crate::store::Db;
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
    /// The Billing admin's alternate email for overdue invoices, if the demo sets one.
    billing_alternate_email: Option<&'static str>,
}

/// Creates the demo accounts unless they exist: in each, the Global admin opens the account and
/// the other users join it with one role each. Returns whether anything was created.
pub async fn seed_demo(db: &Db) -> Result<bool> {
    let exists =
        sqlx::query("SELECT COUNT(*) AS n FROM users WHERE email = $1 AND status <> 'invited'")
            .bind(demo_email(Role::GlobalAdmin))
            .fetch_one(db.reader())
            .await?
            .try_get::<i64, _>("n")?
            > 0;
    if exists {
        return Ok(false);
    }
    let primary = &DEMO_TENANTS[0];
    let (hash, contoso, contoso_founder) = seed_company(
        db,
        &DemoCompany {
            name: "Contoso Ltd",
            country: "FR",
            domain: DEMO_DOMAIN,
            tenant_id: primary.tenant_id,
            tenant_name: primary.name,
            tenant_domain: "contoso-partner.example",
            invoice_prefix: "CTS",
            billing_alternate_email: Some("accounts-payable@contoso.example"),
        },
    )
    .await?;
    seed_legal_details(db, contoso_founder).await?;
    seed_ready_for_programs(db, contoso, &demo_email(Role::GlobalAdmin)).await?;
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
            billing_alternate_email: None,
        },
    )
    .await?;
    seed_reviewer(db, &hash.0).await?;
    Ok(true)
}

/// Seeds a company and its users; returns the demo password's hash, the account's id and its
/// Global admin's user id.
async fn seed_company(
    db: &Db,
    company: &DemoCompany,
) -> Result<(auth::PasswordHashString, i64, i64)> {
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
        .fetch_one(db.reader())
        .await?
        .try_get("account_id")?;
    let now = crate::now();
    let mut tx = db.write().await?;
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
        if let (Role::BillingAdmin, Some(alternate)) = (role, company.billing_alternate_email) {
            sqlx::query(
                "INSERT INTO user_preferences (user_id, alternate_email, alternate_version, \
                 alternate_updated_at, alternate_updated_by) VALUES ($1, $2, 1, $3, $4)",
            )
            .bind(id)
            .bind(alternate)
            .bind(now)
            .bind(email(role))
            .execute(&mut *tx)
            .await?;
        }
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
    Ok((hash, account_id, founder_id))
}

// Legal info.
/// Contoso's DUNS number in the demo (fictional; not in the fictional directory, which lists
/// other companies a newcomer can look up).
pub const CONTOSO_DUNS: &str = "361027495";

/// Gives Contoso what a verified company has on its Legal info page: a legal name with a DUNS
/// number, a legal address in Paris, a second site in Lyon and both contacts. Entered by its
/// Global admin through the same services and checks as the page (so the audit log shows who
/// set them up), before its verification is seeded: an entry after would send it back to
/// review. The contacts' addresses are demo users' own sign-in addresses, confirmed already,
/// so they are stored without the confirmation link a new primary email is sent.
async fn seed_legal_details(db: &Db, founder: i64) -> Result<()> {
    use domain::address::AddressInput;
    use domain::contacts::{Contact, ContactsForm};
    use domain::legal::LegalIdentityForm;
    use domain::locations::LocationForm;
    let who = crate::users::principal_of(db, founder).await?;
    let identity = LegalIdentityForm {
        legal_name: "Contoso Ltd".into(),
        duns: CONTOSO_DUNS.into(),
        address: AddressInput {
            country: "FR".into(),
            street: "12 rue de la Paix".into(),
            city: "PARIS".into(),
            region: String::new(),
            postal_code: "75002".into(),
        },
    };
    let opened = crate::legal::get(db, &who).await?.version;
    crate::legal::save(db, &who, identity.parse()?, opened).await?;
    let lyon = LocationForm {
        name: "Lyon office".into(),
        address: AddressInput {
            country: "FR".into(),
            street: "5 place Bellecour".into(),
            city: "LYON".into(),
            region: String::new(),
            postal_code: "69002".into(),
        },
        is_legal: false,
    };
    crate::locations::add(db, &who, lyon.parse()?).await?;
    let contacts = ContactsForm {
        primary: Contact {
            name: demo_name(Role::GlobalAdmin).into(),
            email: demo_email(Role::GlobalAdmin),
            phone: "+33 1 42 68 53 00".into(),
            language: "en".into(),
        },
        legal: Contact {
            name: demo_name(Role::AccountAdmin).into(),
            email: demo_email(Role::AccountAdmin),
            phone: "+33 4 72 41 09 10".into(),
            language: "fr".into(),
        },
    }
    .parse()?;
    let opened = crate::records::get::<ContactsForm>(db, &who).await?.version;
    crate::records::save(
        db,
        &who,
        &contacts,
        opened,
        domain::audit::differences::contacts,
    )
    .await?;
    Ok(())
}

// Programs.
/// Makes the demo account meet the requirements of the Windows and games developer program
/// (which needs no payout or tax details): its verification went through the platform's review
/// (submitted by its Global admin, approved by the demo reviewer, each step in its history, as
/// the Legal info page shows it), and its company profile is complete. The agreement is left
/// for the user to accept on the Programs page.
async fn seed_ready_for_programs(db: &Db, account_id: i64, founder: &str) -> Result<()> {
    use domain::verification::{Side, VerificationStatus as Status, VerificationStep as Step};
    let profile = domain::profile::CompanyProfileForm {
        partnership_types: vec!["isv".into(), "services".into()],
        customers: "1200".into(),
        revenue_range: "1m-10m".into(),
        revenue_currency: "EUR".into(),
        size: "51-250".into(),
        work: vec!["build-apps".into()],
        countries: vec!["BE".into(), "FR".into()],
        growth_regions: vec!["north-america".into()],
    };
    let profile = profile.parse()?.to_form();
    let data = serde_json::to_string(&profile).map_err(|e| Error::Fault(e.to_string()))?;
    let now = crate::now();
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO account_records (account_id, kind, data, version, updated_at, updated_by)          VALUES ($1, $2, $3, 1, $4, $5)",
    )
    .bind(account_id)
    .bind(<domain::profile::CompanyProfileForm as crate::records::Record>::KIND)
    .bind(&data)
    .bind(now)
    .bind(founder)
    .execute(&mut *tx)
    .await?;
    let steps = [
        (Side::Partner, founder, Step::Submit, Status::Submitted),
        (
            Side::Reviewer,
            REVIEWER_EMAIL,
            Step::StartReview,
            Status::InReview,
        ),
        (
            Side::Reviewer,
            REVIEWER_EMAIL,
            Step::Approve,
            Status::Verified,
        ),
    ];
    let mut status = Status::NotStarted;
    for (side, actor, step, after) in steps {
        // The same rules as a real verification: each step must follow from the last.
        status = domain::verification::next(status, &step, side)
            .map_err(|e| Error::Fault(format!("demo verification: {e:?}")))?;
        debug_assert_eq!(status, after);
        let json = serde_json::to_string(&step).map_err(|e| Error::Fault(e.to_string()))?;
        sqlx::query(
            "INSERT INTO verification_events (account_id, at, side, actor, step, message,              status_after) VALUES ($1, $2, $3, $4, $5, '', $6)",
        )
        .bind(account_id)
        .bind(now)
        .bind(match side {
            Side::Partner => "partner",
            Side::Reviewer => "reviewer",
        })
        .bind(actor)
        .bind(&json)
        .bind(status.code())
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO verification (account_id, status, version, updated_at) VALUES ($1, $2, 3, $3)",
    )
    .bind(account_id)
    .bind(status.code())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The platform's reviewer of the demo, in the platform's own account: a separate kind of
/// user that no partner role reaches.
pub const REVIEWER_EMAIL: &str = "reviewer@platform.example";

async fn seed_reviewer(db: &Db, hash: &str) -> Result<()> {
    let now = crate::now();
    let mut tx = db.write().await?;
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
