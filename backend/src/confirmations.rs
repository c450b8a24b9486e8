//! Email changes that wait for the new address's owner to confirm them by a link mailed to it.
//! The link carries a random token; only its hash is stored. A new request replaces the open
//! one; a confirmed, cancelled or replaced link never works again, an expired one can be
//! renewed by whoever holds it (they proved they read that mailbox once).
//!
//! One mechanism for every purpose: a company's address (the primary contact email) is one
//! request per account, a user's own address (their notification email) one request per user,
//! which only that user sees, resends or cancels.

use domain::audit::{AuditAction, Note, Said, Told};
use domain::confirmations::{ConfirmedEmail, EmailPurpose, PendingEmail, LINK_LIFETIME_SECS};
use domain::contacts::ContactsForm;
use domain::error::ConflictKind;
use domain::{ApiError, Area};
use std::future::Future;
use std::pin::Pin;

use sqlx::Row;

use crate::auth::{random_token, token_hash, Principal};
use crate::error::{Error, Result};
use crate::store::{Change, Db, WriteTx};
use crate::throttle::{self, CONFIRMATION_MAILS_PER_ADDRESS, CONFIRMATION_MAILS_PER_USER};
use crate::{mail, now, records};

/// Whose address a request changes: the account's, or one of its users' (personal purposes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Owner {
    pub account_id: i64,
    /// The user, for a personal purpose; `None` for the company's own addresses.
    pub user_id: Option<i64>,
}

impl Owner {
    /// The owner of the caller's request for `purpose`.
    pub(crate) fn of(who: &Principal, purpose: EmailPurpose) -> Owner {
        Owner {
            account_id: who.account_id,
            user_id: purpose.personal().then_some(who.user_id),
        }
    }

    /// The stored user id compared with `COALESCE(user_id, 0)` (0: the company's request).
    fn user_key(self) -> i64 {
        self.user_id.unwrap_or(0)
    }
}

/// Cancels the open request for `purpose` of `owner`, if any.
async fn close_open(tx: &mut WriteTx, owner: Owner, purpose: EmailPurpose, at: i64) -> Result<u64> {
    Ok(sqlx::query(
        "UPDATE email_confirmations SET cancelled_at = $1 WHERE account_id = $2 AND purpose = $3 \
         AND COALESCE(user_id, 0) = $4 AND confirmed_at IS NULL AND cancelled_at IS NULL",
    )
    .bind(at)
    .bind(owner.account_id)
    .bind(purpose.code())
    .bind(owner.user_key())
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// Withdraws the open request for `purpose` of `owner`, if any, inside the caller's transaction.
pub(crate) async fn close(tx: &mut WriteTx, owner: Owner, purpose: EmailPurpose) -> Result<u64> {
    close_open(tx, owner, purpose, now()).await
}

/// The letter asking to confirm `email`, in English then French: (subject, body).
fn letter(
    purpose: EmailPurpose,
    email: &str,
    requested_by: &str,
    company: &str,
    link: &str,
) -> (String, String) {
    let (what_en, what_fr, subject) = match purpose {
        EmailPurpose::PrimaryContact => (
            format!(
                "{requested_by} made {email} the primary contact email of {company} in Partner Settings:\n\
                 the platform's verification notices will go to it."
            ),
            format!(
                "{requested_by} a désigné {email} comme adresse du contact principal de {company} dans\n\
                 Paramètres partenaire : les avis de vérification de la plateforme y seront envoyés."
            ),
            format!("{company}: confirm the primary contact email / confirmez l'adresse"),
        ),
        EmailPurpose::NotificationEmail => (
            format!(
                "{requested_by} asked Partner Settings ({company}) to send their notifications to\n\
                 {email}."
            ),
            format!(
                "{requested_by} a demandé aux Paramètres partenaire ({company}) d'envoyer ses\n\
                 notifications à {email}."
            ),
            "Partner Settings: confirm your notification email / confirmez votre adresse de notification"
                .to_owned(),
        ),
        EmailPurpose::AlternateEmail => (
            format!(
                "{requested_by} asked Partner Settings ({company}) to send notices of overdue\n\
                 invoices and late payments to {email}."
            ),
            format!(
                "{requested_by} a demandé aux Paramètres partenaire ({company}) d'envoyer les avis\n\
                 de factures en retard et de retards de paiement à {email}."
            ),
            "Partner Settings: confirm your alternate email / confirmez votre adresse secondaire"
                .to_owned(),
        ),
    };
    let body = format!(
        "{what_en} Confirm that this mailbox is read\n\
         with this link (valid for 3 days, usable once):\n{link}\n\n\
         {what_fr}\n\
         Confirmez que cette boîte est lue avec ce lien (valable 3 jours, utilisable une fois) :\n{link}\n\n\
         If you did not expect this, ignore this message: nothing changes without confirmation.\n\
         Si vous n'attendiez pas ce message, ignorez-le : rien ne change sans confirmation.\n"
    );
    (subject, body)
}

/// Counts one confirmation mail to `email` asked for by `who` (when signed in), before it is
/// queued: a stranger's address cannot be flooded with links, by one user or by many.
pub(crate) async fn count_mail(db: &Db, who: Option<&Principal>, email: &str) -> Result<()> {
    if let Some(who) = who {
        let _kept =
            throttle::hit(db, CONFIRMATION_MAILS_PER_USER, &who.user_id.to_string()).await?;
    }
    let _kept = throttle::hit(db, CONFIRMATION_MAILS_PER_ADDRESS, &email.to_lowercase()).await?;
    Ok(())
}

/// Opens a request (replacing any open one of the same owner) and mails its link to `email`.
pub(crate) async fn request(
    tx: &mut WriteTx,
    owner: Owner,
    purpose: EmailPurpose,
    email: &str,
    requested_by: &str,
    public_url: &str,
) -> Result<()> {
    let at = now();
    close_open(tx, owner, purpose, at).await?;
    let token = random_token();
    sqlx::query(
        "INSERT INTO email_confirmations (account_id, user_id, purpose, email, token_hash, \
         requested_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(owner.account_id)
    .bind(owner.user_id)
    .bind(purpose.code())
    .bind(email)
    .bind(token_hash(&token))
    .bind(requested_by)
    .bind(at)
    .bind(at + LINK_LIFETIME_SECS)
    .execute(&mut **tx)
    .await?;
    let company = crate::accounts::legal_name(&mut **tx, owner.account_id).await?;
    let link = format!(
        "{}/confirm-email#token={token}",
        public_url.trim_end_matches('/')
    );
    let (subject, body) = letter(purpose, email, requested_by, &company, &link);
    mail::enqueue(tx, owner.account_id, email, &subject, &body, at).await
}

/// Asks the caller's new address `requested` for `purpose` to be confirmed (see [`request`])
/// and records in the audit log that it waits, `in_use` staying until then.
pub(crate) async fn ask(
    tx: &mut WriteTx,
    who: &Principal,
    purpose: EmailPurpose,
    requested: &str,
    in_use: &str,
    public_url: &str,
) -> Result<()> {
    request(
        tx,
        Owner::of(who, purpose),
        purpose,
        requested,
        &who.email,
        public_url,
    )
    .await?;
    tx.audit(
        Change::by(
            who,
            purpose.area(),
            AuditAction::SettingsChanged,
            target(purpose),
        )
        .values(
            Told::text(in_use),
            Told::of(Said::AwaitingConfirmation(requested.to_owned())),
        ),
    )
    .await
}

/// The open request for `purpose`, if any (expired ones included: the page says so).
pub async fn pending(
    db: &Db,
    who: &Principal,
    purpose: EmailPurpose,
) -> Result<Option<PendingEmail>> {
    let owner = Owner::of(who, purpose);
    let row = sqlx::query(
        "SELECT email, requested_by, created_at, expires_at FROM email_confirmations \
         WHERE account_id = $1 AND purpose = $2 AND COALESCE(user_id, 0) = $3 \
         AND confirmed_at IS NULL AND cancelled_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(owner.account_id)
    .bind(purpose.code())
    .bind(owner.user_key())
    .fetch_optional(db.reader())
    .await?;
    row.map(|row| {
        Ok(PendingEmail {
            email: row.try_get("email")?,
            requested_by: row.try_get("requested_by")?,
            requested_at: row.try_get("created_at")?,
            expires_at: row.try_get("expires_at")?,
        })
    })
    .transpose()
}

/// Withdraws the open request: the address in use stays.
pub async fn cancel(db: &Db, who: &Principal, purpose: EmailPurpose) -> Result<()> {
    let mut tx = db.write().await?;
    if close_open(&mut tx, Owner::of(who, purpose), purpose, now()).await? == 0 {
        return Err(ApiError::NotFound.into());
    }
    tx.audit(
        Change::by(
            who,
            purpose.area(),
            AuditAction::SettingsChanged,
            target(purpose),
        )
        .values(
            Told::of(Said::Note(Note::ChangePending)),
            Told::of(Said::Note(Note::ChangeCancelled)),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends the open request's address a new link (the old one stops working).
pub async fn resend(
    db: &Db,
    who: &Principal,
    purpose: EmailPurpose,
    public_url: &str,
) -> Result<()> {
    let open = pending(db, who, purpose).await?.ok_or(ApiError::NotFound)?;
    count_mail(db, Some(who), &open.email).await?;
    let mut tx = db.write().await?;
    request(
        &mut tx,
        Owner::of(who, purpose),
        purpose,
        &open.email,
        &who.email,
        public_url,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What the audit log calls the address of `purpose`.
pub(crate) fn target(purpose: EmailPurpose) -> &'static str {
    match purpose {
        EmailPurpose::PrimaryContact => "primary contact email",
        EmailPurpose::NotificationEmail => "notification email",
        EmailPurpose::AlternateEmail => "alternate email for overdue invoices",
    }
}

struct Found {
    id: i64,
    owner: Owner,
    purpose: EmailPurpose,
    email: String,
    requested_by: String,
    expires_at: i64,
    confirmed: bool,
    cancelled: bool,
}

async fn find(tx: &mut WriteTx, token: &str) -> Result<Found> {
    let row = sqlx::query(
        "SELECT id, account_id, user_id, purpose, email, requested_by, expires_at, confirmed_at, \
         cancelled_at FROM email_confirmations WHERE token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(ApiError::Conflict(ConflictKind::ConfirmationUnusable))?;
    let purpose: String = row.try_get("purpose")?;
    Ok(Found {
        id: row.try_get("id")?,
        owner: Owner {
            account_id: row.try_get("account_id")?,
            user_id: row.try_get("user_id")?,
        },
        purpose: EmailPurpose::from_code(&purpose)
            .ok_or_else(|| Error::Fault(format!("unknown confirmation purpose {purpose}")))?,
        email: row.try_get("email")?,
        requested_by: row.try_get("requested_by")?,
        expires_at: row.try_get("expires_at")?,
        confirmed: row.try_get::<Option<i64>, _>("confirmed_at")?.is_some(),
        cancelled: row.try_get::<Option<i64>, _>("cancelled_at")?.is_some(),
    })
}

/// Makes a confirmed address of a user's own (their notification or alternate email) the one in
/// use, inside the confirming transaction: (tx, purpose, account, user, address, now). The area
/// that keeps those addresses provides it, so this mechanism knows no area above it.
pub type ApplyPersonal = for<'a> fn(
    &'a mut WriteTx,
    EmailPurpose,
    i64,
    i64,
    &'a str,
    i64,
) -> Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

/// Confirms the address the link was sent to: from now on it is the one in use. The company's
/// primary contact email is applied here, a user's own addresses by `apply_personal`.
pub async fn confirm(
    db: &Db,
    token: &str,
    apply_personal: ApplyPersonal,
) -> Result<ConfirmedEmail> {
    let mut tx = db.write().await?;
    let found = find(&mut tx, token).await?;
    let at = now();
    if found.confirmed {
        return Err(ApiError::Conflict(ConflictKind::ConfirmationUsed).into());
    }
    if found.cancelled {
        return Err(ApiError::Conflict(ConflictKind::ConfirmationUnusable).into());
    }
    if found.expires_at <= at {
        return Err(ApiError::Conflict(ConflictKind::ConfirmationExpired).into());
    }
    // Only one of two simultaneous clicks wins.
    let claimed = sqlx::query(
        "UPDATE email_confirmations SET confirmed_at = $1 WHERE id = $2 AND confirmed_at IS NULL \
         AND cancelled_at IS NULL",
    )
    .bind(at)
    .bind(found.id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Err(ApiError::Conflict(ConflictKind::ConfirmationUsed).into());
    }
    let account_id = found.owner.account_id;
    match (found.purpose, found.owner.user_id) {
        (EmailPurpose::PrimaryContact, _) => {
            apply_primary_contact(&mut tx, account_id, &found.email, at).await?
        }
        (purpose, Some(user_id)) => {
            apply_personal(&mut tx, purpose, account_id, user_id, &found.email, at).await?
        }
        (_, None) => {
            return Err(Error::Fault(
                "personal email confirmation without a user".into(),
            ))
        }
    }
    let company = crate::accounts::legal_name(&mut *tx, account_id).await?;
    tx.commit().await?;
    Ok(ConfirmedEmail {
        purpose: found.purpose,
        email: found.email,
        company,
    })
}

async fn apply_primary_contact(
    tx: &mut WriteTx,
    account_id: i64,
    email: &str,
    at: i64,
) -> Result<()> {
    let saved = records::read::<ContactsForm>(tx, account_id).await?;
    if saved.version == 0 {
        return Err(Error::Fault("confirmation for contacts never saved".into()));
    }
    let mut contacts = saved.form;
    let before = std::mem::replace(&mut contacts.primary.email, email.to_owned());
    records::put(tx, account_id, &contacts, email, at).await?;
    tx.audit(Change {
        account_id: Some(account_id),
        actor_user_id: None,
        actor: email,
        area: Area::LegalInfo,
        action: AuditAction::SettingsChanged,
        target: "primary contact email (confirmed by link)",
        before: Told::text(&before),
        after: Told::text(email),
    })
    .await
}

/// Sends a fresh link for an expired one, to the same address (whoever holds the old link read
/// that mailbox). Refused for links that were used, cancelled or replaced.
pub async fn renew(db: &Db, token: &str, public_url: &str) -> Result<()> {
    let renewable = |found: &Found| {
        if found.confirmed {
            return Err(ApiError::Conflict(ConflictKind::ConfirmationUsed));
        }
        if found.cancelled || found.expires_at > now() {
            return Err(ApiError::Conflict(ConflictKind::ConfirmationUnusable));
        }
        Ok(())
    };
    // Looked at first (cheap), counted against the address before any mail, then checked
    // again in the transaction that replaces the link.
    let mut tx = db.write().await?;
    let found = find(&mut tx, token).await?;
    renewable(&found)?;
    tx.rollback().await?;
    count_mail(db, None, &found.email).await?;
    let mut tx = db.write().await?;
    let found = find(&mut tx, token).await?;
    renewable(&found)?;
    request(
        &mut tx,
        found.owner,
        found.purpose,
        &found.email,
        &found.requested_by,
        public_url,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Saves the contacts; a new primary contact email is not taken at once but sent a
/// confirmation link (the one in use stays until it is confirmed).
pub async fn save_contacts(
    db: &Db,
    who: &Principal,
    form: ContactsForm,
    version: i64,
    public_url: &str,
) -> Result<domain::contacts::Contacts> {
    let current: domain::contacts::Contacts = records::get(db, who).await?;
    let requested = form.primary.email.clone();
    let in_use = current.form.primary.email.clone();
    let changes_email = !requested.eq_ignore_ascii_case(&in_use);
    if changes_email {
        count_mail(db, Some(who), &requested).await?;
    }
    let mut kept = form;
    kept.primary.email = if changes_email {
        in_use
    } else {
        requested.clone()
    };
    let saved = records::save(
        db,
        who,
        &kept,
        version,
        domain::audit::differences::contacts,
    )
    .await?;
    if changes_email {
        let mut tx = db.write().await?;
        let purpose = EmailPurpose::PrimaryContact;
        let in_use = saved.form.primary.email.clone();
        ask(&mut tx, who, purpose, &requested, &in_use, public_url).await?;
        tx.commit().await?;
    }
    Ok(saved)
}
