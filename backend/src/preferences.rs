//! My preferences: each user's own notification settings, which only they read and change
//! (every function here works on the caller's own row; none takes another user's id from the
//! browser). Three sections, each versioned on its own: contact details for notifications
//! (a new notification email is confirmed by a link before use, through `confirmations`),
//! the channel of each notification category, and the alternate email for overdue invoices.
//! [`delivery`] tells `notifications` where and how each notice reaches a user.

use domain::audit::{differences, AuditAction, Told};
use std::future::Future;
use std::pin::Pin;

use domain::confirmations::{ConfirmedEmail, EmailPurpose};
use domain::model::{NotificationCategory, Versioned};
use domain::preferences::{
    AlternateEmail, AlternateEmailForm, CategoryChannel, Channel, Channels, ChannelsForm,
    ContactDetails, ContactDetailsForm,
};
use domain::{ApiError, Area, Field, Invalid};
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use crate::confirmations::{self, Owner};
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::store::{Change, Db, VersionColumns, WriteTx};

/// One versioned section of a user's preferences row.
#[derive(Debug, Clone, Copy)]
enum Section {
    Contact,
    Channels,
    Alternate,
}

impl Section {
    /// The prefix of its `_version`, `_updated_at` and `_updated_by` columns.
    fn columns(self) -> &'static str {
        match self {
            Section::Contact => "contact",
            Section::Channels => "channels",
            Section::Alternate => "alternate",
        }
    }

    /// Its version columns, for the store.
    fn version_columns(self) -> VersionColumns {
        VersionColumns {
            table: "user_preferences",
            prefix: match self {
                Section::Contact => "contact_",
                Section::Channels => "channels_",
                Section::Alternate => "alternate_",
            },
            key_column: "user_id",
        }
    }

    /// What the audit log calls it.
    fn target(self) -> &'static str {
        match self {
            Section::Contact => "notification contact details",
            Section::Channels => "notification categories",
            Section::Alternate => "alternate email for overdue invoices",
        }
    }
}

/// Version, time and author of the last save of `section` (zeros if never saved).
async fn stamp(
    conn: &mut AnyConnection,
    user_id: i64,
    section: Section,
) -> Result<(i64, i64, String)> {
    let p = section.columns();
    let row = sqlx::query(&format!(
        "SELECT {p}_version AS v, {p}_updated_at AS at, {p}_updated_by AS by \
         FROM user_preferences WHERE user_id = $1"
    ))
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        Some(row) => (row.try_get("v")?, row.try_get("at")?, row.try_get("by")?),
        None => (0, 0, String::new()),
    })
}

fn versioned<T>(form: T, (version, updated_at, updated_by): (i64, i64, String)) -> Versioned<T> {
    Versioned {
        form,
        version,
        updated_by,
        updated_at,
    }
}

/// Someone (the same user, in another tab) saved `current` since the form was opened.
fn stale<T: Serialize>(current: &Versioned<T>) -> Error {
    crate::store::stale(&current.updated_by, current.updated_at, current)
}

/// Makes sure the user has a row (all defaults), so every save is an UPDATE on a version.
async fn ensure_row(tx: &mut WriteTx, user_id: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO user_preferences (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves `section`'s version on if it still is `version`; false if someone saved first.
async fn bump(tx: &mut WriteTx, who: &Principal, section: Section, version: i64) -> Result<bool> {
    tx.bump_version(section.version_columns(), who.user_id, version, &who.email)
        .await
}

/// The stored notification email (NULL: the sign-in email), job title and email language.
async fn read_contact(
    conn: &mut AnyConnection,
    who: &Principal,
) -> Result<(Option<String>, ContactDetails)> {
    let row = sqlx::query(
        "SELECT u.language, p.notification_email, p.job_title, p.email_language, p.contact_version \
         FROM users u LEFT JOIN user_preferences p ON p.user_id = u.id WHERE u.id = $1",
    )
    .bind(who.user_id)
    .fetch_one(&mut *conn)
    .await?;
    let stored = row.try_get::<Option<String>, _>("notification_email")?;
    let job_title = row
        .try_get::<Option<String>, _>("job_title")?
        .unwrap_or_default();
    // Until the user picks one here, their emails follow the interface language they chose.
    let email_language = crate::notifications::email_language(
        row.try_get("email_language")?,
        row.try_get("contact_version")?,
        &row.try_get::<String, _>("language")?,
    )
    .tag()
    .to_owned();
    let form = ContactDetailsForm {
        notification_email: stored.clone().unwrap_or_else(|| who.email.clone()),
        job_title,
        email_language,
    };
    Ok((
        stored,
        versioned(form, stamp(conn, who.user_id, Section::Contact).await?),
    ))
}

/// The caller's contact details for notifications: the notification email in use (their
/// sign-in email until another is confirmed), job title and email language.
pub async fn contact_details(db: &Db, who: &Principal) -> Result<ContactDetails> {
    let mut conn = db.reader().acquire().await?;
    Ok(read_contact(&mut conn, who).await?.1)
}

/// Saves the caller's contact details opened at `version` (`form` already normalised). A new
/// notification email is not used at once: a confirmation link goes to it and the address in
/// use stays until it is followed. Going back to the sign-in email needs no link (that address
/// is proven at every sign-in) and withdraws any pending one.
pub async fn save_contact_details(
    db: &Db,
    who: &Principal,
    form: ContactDetailsForm,
    version: i64,
    public_url: &str,
) -> Result<ContactDetails> {
    // A new address gets a confirmation link: counted before anything is written.
    let in_use = contact_details(db, who).await?.form.notification_email;
    let requested = &form.notification_email;
    if !requested.eq_ignore_ascii_case(&in_use) && !requested.eq_ignore_ascii_case(&who.email) {
        confirmations::count_mail(db, Some(who), requested).await?;
    }
    let mut tx = db.write().await?;
    ensure_row(&mut tx, who.user_id).await?;
    let (stored, before) = read_contact(&mut tx, who).await?;
    if before.version != version {
        tx.rollback().await?;
        return Err(stale(&before));
    }
    let requested = form.notification_email.clone();
    let in_use = before.form.notification_email.clone();
    let purpose = EmailPurpose::NotificationEmail;
    let (kept, confirm) = if requested.eq_ignore_ascii_case(&in_use) {
        (stored, None)
    } else if requested.eq_ignore_ascii_case(&who.email) {
        confirmations::close(&mut tx, Owner::of(who, purpose), purpose).await?;
        (None, None)
    } else {
        (stored, Some(requested.clone()))
    };
    if !bump(&mut tx, who, Section::Contact, version).await? {
        tx.rollback().await?;
        return Err(stale(&contact_details(db, who).await?));
    }
    sqlx::query(
        "UPDATE user_preferences SET notification_email = $1, job_title = $2, email_language = $3 \
         WHERE user_id = $4",
    )
    .bind(kept.clone())
    .bind(&form.job_title)
    .bind(&form.email_language)
    .bind(who.user_id)
    .execute(&mut *tx)
    .await?;
    let saved = ContactDetailsForm {
        notification_email: kept.unwrap_or_else(|| who.email.clone()),
        ..form
    };
    let (old, new) = differences::notification_contact(&before.form, &saved);
    tx.audit(
        Change::by(
            who,
            Area::Notifications,
            AuditAction::SettingsChanged,
            Section::Contact.target(),
        )
        .values(old, new),
    )
    .await?;
    if let Some(requested) = confirm {
        confirmations::ask(&mut tx, who, purpose, &requested, &in_use, public_url).await?;
    }
    tx.commit().await?;
    contact_details(db, who).await
}

/// Follows an address confirmation link of any purpose ([`confirmations::confirm`]): the
/// company's primary contact email is applied there, the user's own addresses here.
pub async fn confirm_email(db: &Db, token: &str) -> Result<ConfirmedEmail> {
    confirmations::confirm(db, token, apply_confirmed_boxed).await
}

fn apply_confirmed_boxed<'a>(
    tx: &'a mut WriteTx,
    purpose: EmailPurpose,
    account_id: i64,
    user_id: i64,
    email: &'a str,
    at: i64,
) -> Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>> {
    Box::pin(apply_confirmed(tx, purpose, account_id, user_id, email, at))
}

/// Makes `email` the user's own address of `purpose` (their notification or alternate email):
/// its confirmation link was followed. Bumps that section's version and audits the change.
async fn apply_confirmed(
    tx: &mut WriteTx,
    purpose: EmailPurpose,
    account_id: i64,
    user_id: i64,
    email: &str,
    at: i64,
) -> Result<()> {
    let (section, column, target) = match purpose {
        EmailPurpose::NotificationEmail => (
            Section::Contact,
            "notification_email",
            "notification email (confirmed by link)",
        ),
        EmailPurpose::AlternateEmail => (
            Section::Alternate,
            "alternate_email",
            "alternate email for overdue invoices (confirmed by link)",
        ),
        EmailPurpose::PrimaryContact => {
            return Err(Error::Fault(
                "the primary contact is not a user's own".into(),
            ))
        }
    };
    ensure_row(tx, user_id).await?;
    let row = sqlx::query(&format!(
        "SELECT p.{column} AS address, u.email FROM users u \
         JOIN user_preferences p ON p.user_id = u.id WHERE u.id = $1"
    ))
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| Error::Fault("confirmation for an unknown user".into()))?;
    // The address in use before: a notification email never set is the sign-in email.
    let before = match (row.try_get::<Option<String>, _>("address")?, section) {
        (Some(address), _) => address,
        (None, Section::Contact) => row.try_get("email")?,
        (None, _) => String::new(),
    };
    let p = section.columns();
    sqlx::query(&format!(
        "UPDATE user_preferences SET {column} = $1, {p}_version = {p}_version + 1, \
         {p}_updated_at = $2, {p}_updated_by = $1 WHERE user_id = $3"
    ))
    .bind(email)
    .bind(at)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    tx.audit(Change {
        account_id: Some(account_id),
        actor_user_id: None,
        actor: email,
        area: Area::Notifications,
        action: AuditAction::SettingsChanged,
        target,
        before: Told::text(&before),
        after: Told::text(email),
    })
    .await
}

async fn read_channels(conn: &mut AnyConnection, user_id: i64) -> Result<Channels> {
    let rows =
        sqlx::query("SELECT category, channel FROM notification_channels WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut form = ChannelsForm::default();
    for row in rows {
        let category: String = row.try_get("category")?;
        let channel: String = row.try_get("channel")?;
        let (Some(category), Some(channel)) = (
            NotificationCategory::from_code(&category),
            Channel::from_code(&channel),
        ) else {
            tracing::warn!(user_id, %category, %channel, "unknown notification channel skipped");
            continue;
        };
        if let Some(slot) = form.channels.iter_mut().find(|c| c.category == category) {
            slot.channel = channel;
        }
    }
    Ok(versioned(
        form,
        stamp(conn, user_id, Section::Channels).await?,
    ))
}

/// The caller's channel for each notification category.
pub async fn channels(db: &Db, who: &Principal) -> Result<Channels> {
    let mut conn = db.reader().acquire().await?;
    read_channels(&mut conn, who.user_id).await
}

/// Saves the caller's channels opened at `version` (`form` already parsed: every category once).
pub async fn save_channels(
    db: &Db,
    who: &Principal,
    form: ChannelsForm,
    version: i64,
) -> Result<Channels> {
    let mut tx = db.write().await?;
    ensure_row(&mut tx, who.user_id).await?;
    let before = read_channels(&mut tx, who.user_id).await?;
    if before.version != version || !bump(&mut tx, who, Section::Channels, version).await? {
        tx.rollback().await?;
        return Err(stale(&channels(db, who).await?));
    }
    sqlx::query("DELETE FROM notification_channels WHERE user_id = $1")
        .bind(who.user_id)
        .execute(&mut *tx)
        .await?;
    for CategoryChannel { category, channel } in &form.channels {
        sqlx::query(
            "INSERT INTO notification_channels (user_id, category, channel) VALUES ($1, $2, $3)",
        )
        .bind(who.user_id)
        .bind(category.code())
        .bind(channel.code())
        .execute(&mut *tx)
        .await?;
    }
    let (old, new) = differences::notification_channels(&before.form, &form);
    tx.audit(
        Change::by(
            who,
            Area::Notifications,
            AuditAction::SettingsChanged,
            Section::Channels.target(),
        )
        .values(old, new),
    )
    .await?;
    tx.commit().await?;
    channels(db, who).await
}

async fn read_alternate(conn: &mut AnyConnection, user_id: i64) -> Result<AlternateEmail> {
    let form = AlternateEmailForm {
        alternate_email: overdue_address(conn, user_id).await?.unwrap_or_default(),
    };
    Ok(versioned(
        form,
        stamp(conn, user_id, Section::Alternate).await?,
    ))
}

/// The caller's alternate email for overdue invoices and late payments (empty: none).
pub async fn alternate_email(db: &Db, who: &Principal) -> Result<AlternateEmail> {
    let mut conn = db.reader().acquire().await?;
    read_alternate(&mut conn, who.user_id).await
}

/// Saves the caller's alternate email opened at `version` (`form` already parsed: empty, or an
/// address neither at onmicrosoft.com nor at a free-mail provider). A new address is not used
/// at once: a confirmation link goes to it, and overdue notices keep going where they went
/// until it is followed (a mistyped or someone else's address never receives the company's
/// invoices). Removing the address takes effect at once and withdraws any pending one.
pub async fn save_alternate_email(
    db: &Db,
    who: &Principal,
    form: AlternateEmailForm,
    version: i64,
    public_url: &str,
) -> Result<AlternateEmail> {
    // A new address must be at the organisation's own domain, and gets a confirmation link:
    // counted before anything is written.
    if let Some(requested) = form.address() {
        let in_use = alternate_email(db, who).await?.form.alternate_email;
        if !requested.eq_ignore_ascii_case(&in_use) {
            let own = crate::accounts::own_domains(db, who.account_id).await?;
            if domain::users::outside_own_domains(requested, &own) {
                let domain = domain::users::email_domain(requested);
                return Err(ApiError::invalid(
                    Field::AlternateEmail,
                    Invalid::NotOwnDomain { domain },
                )
                .into());
            }
            confirmations::count_mail(db, Some(who), requested).await?;
        }
    }
    let mut tx = db.write().await?;
    ensure_row(&mut tx, who.user_id).await?;
    let before = read_alternate(&mut tx, who.user_id).await?;
    if before.version != version || !bump(&mut tx, who, Section::Alternate, version).await? {
        tx.rollback().await?;
        return Err(stale(&alternate_email(db, who).await?));
    }
    let purpose = EmailPurpose::AlternateEmail;
    let in_use = before.form.alternate_email.clone();
    match form.address() {
        Some(requested) if !requested.eq_ignore_ascii_case(&in_use) => {
            confirmations::ask(&mut tx, who, purpose, requested, &in_use, public_url).await?;
        }
        Some(_) => {}
        None => {
            confirmations::close(&mut tx, Owner::of(who, purpose), purpose).await?;
            sqlx::query("UPDATE user_preferences SET alternate_email = NULL WHERE user_id = $1")
                .bind(who.user_id)
                .execute(&mut *tx)
                .await?;
            tx.audit(
                Change::by(
                    who,
                    Area::Notifications,
                    AuditAction::SettingsChanged,
                    Section::Alternate.target(),
                )
                .values(Told::text(&in_use), Told::nothing()),
            )
            .await?;
        }
    }
    tx.commit().await?;
    alternate_email(db, who).await
}

/// Where overdue invoices and late payments for `user_id` go instead of their notification
/// email: their alternate email, if they set one (`None`: the caller falls back to the sign-in
/// email, which My preferences warns Billing admins about).
pub async fn overdue_address(conn: &mut AnyConnection, user_id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query("SELECT alternate_email FROM user_preferences WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?
            .map(|row| row.try_get::<Option<String>, _>("alternate_email"))
            .transpose()?
            .flatten(),
    )
}
