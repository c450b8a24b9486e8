//! Sign-up (which proves the address with an emailed link before the account opens) and
//! sign-in.

use domain::audit::{AuditAction, Said, Told};
use domain::error::ConflictKind;
use domain::merge::MergedInto;
use domain::model::{NewPartner, NotificationKind, SignUpLink, UserStatus};
use domain::{ApiError, Area, Field, Invalid, Role};
use rand::Rng;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::auth::{self, NewSession};
use crate::error::{is_unique_violation, Error, Result};
use crate::store::{Db, WriteTx};
use crate::{mail, notifications, now, throttle};

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
    .fetch_optional(db.reader())
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

/// How long a sign-up link stays usable, and the sign-up cookie with it.
pub const SIGN_UP_LINK_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// What sign-up (or a new link) hands to the HTTP layer: the same whether the address was free
/// or already had an account.
pub struct SignUpStarted {
    /// The sign-up cookie's value: the demo mailbox shows the browser holding it the mail of
    /// this attempt, and nothing else (for a taken address it matches nothing).
    pub browser_token: String,
    pub max_age_secs: i64,
}

/// Starts opening a partner account. Answers the same, after the same argon2 work, whether the
/// address is free or already has an account, so sign-up cannot tell which addresses have one:
/// for a free address (or one whose earlier sign-up is still pending, which this replaces) the
/// account and its founder, a Global admin, are written **pending** and a single-use link valid
/// for [`SIGN_UP_LINK_LIFETIME_SECS`] is mailed; for a taken one, its owner is told by mail that
/// someone tried. Throttled per client and per address before any work (each is a mail).
pub async fn sign_up(
    db: &Db,
    partner: NewPartner,
    client: &str,
    public_url: &str,
) -> Result<SignUpStarted> {
    let email = partner.email.as_str();
    let _per_client = throttle::hit(db, throttle::SIGN_UP_PER_CLIENT, client).await?;
    let _per_address = throttle::hit(db, throttle::SIGN_UP_MAILS_PER_ADDRESS, email).await?;
    // Before anything is looked up, so both answers take the same time.
    let hash = auth::hash_password(&partner.password).await?;
    let browser_token = auth::random_token();
    let mut tx = db.write().await?;
    let holder = sqlx::query(
        "SELECT u.account_id, u.name, u.status, a.legal_name FROM users u \
         JOIN accounts a ON a.id = u.account_id WHERE u.email = $1 AND u.status <> 'invited'",
    )
    .bind(email)
    .fetch_optional(&mut *tx)
    .await?;
    let taken = match holder {
        Some(row) if row.try_get::<String, _>("status")? != UserStatus::Pending.code() => {
            let (subject, body) = someone_tried(
                &row.try_get::<String, _>("name")?,
                email,
                &row.try_get::<String, _>("legal_name")?,
                public_url,
            );
            let account_id: i64 = row.try_get("account_id")?;
            mail::enqueue(&mut tx, account_id, email, &subject, &body, now()).await?;
            true
        }
        Some(row) => {
            // A new sign-up of a still-pending address replaces the earlier attempt (and its
            // link), so nobody can hold an address by signing it up first.
            drop_pending_account(&mut tx, row.try_get("account_id")?).await?;
            false
        }
        None => false,
    };
    if !taken {
        let (account_id, user_id) =
            match insert_account(&mut tx, &partner, &hash, &[Role::GlobalAdmin], "pending").await {
                // Another sign-up of the same address got there in the same instant.
                Err(Error::Refused(ApiError::Conflict(ConflictKind::EmailTaken))) => {
                    return Err(ApiError::TooManyRequests {
                        retry_after_secs: 1,
                    }
                    .into())
                }
                other => other?,
            };
        let token = auth::random_token();
        let at = now();
        sqlx::query(
            "INSERT INTO sign_ups (user_id, token_hash, browser_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user_id)
        .bind(auth::token_hash(&token))
        .bind(auth::token_hash(&browser_token))
        .bind(at)
        .bind(at + SIGN_UP_LINK_LIFETIME_SECS)
        .execute(&mut *tx)
        .await?;
        send_sign_up_link(&mut tx, account_id, email, &token, public_url).await?;
    }
    tx.commit().await?;
    Ok(SignUpStarted {
        browser_token,
        max_age_secs: SIGN_UP_LINK_LIFETIME_SECS,
    })
}

/// How long after its link expired an unconfirmed sign-up is kept (its founder can still ask for
/// a new link from the sign-in page); then it is deleted with everything it holds.
pub const ABANDONED_SIGN_UP_SECS: i64 = 7 * 24 * 60 * 60;

/// Deletes the accounts whose founder never followed the sign-up link and whose last link
/// expired more than [`ABANDONED_SIGN_UP_SECS`] ago; run periodically. Answers how many went.
pub async fn purge_abandoned_sign_ups(db: &Db) -> Result<u64> {
    let done = db
        .write_once(
            sqlx::query(
                "DELETE FROM accounts WHERE id IN (SELECT u.account_id FROM users u \
         JOIN sign_ups s ON s.user_id = u.id WHERE u.status = 'pending' AND s.expires_at <= $1) \
         AND NOT EXISTS (SELECT 1 FROM users o WHERE o.account_id = accounts.id \
         AND o.status <> 'pending')",
            )
            .bind(now() - ABANDONED_SIGN_UP_SECS),
        )
        .await?;
    Ok(done.rows_affected())
}

/// Deletes a pending account (its founder never followed the link) with everything it holds.
/// Refuses to touch an account with any user who is not pending.
async fn drop_pending_account(tx: &mut WriteTx, account_id: i64) -> Result<()> {
    sqlx::query(
        "DELETE FROM accounts WHERE id = $1 AND NOT EXISTS \
         (SELECT 1 FROM users WHERE account_id = $1 AND status <> 'pending')",
    )
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Deletes the pending sign-up of `email`, if any, inside the caller's transaction: whoever
/// proves the address another way (an accepted invitation) replaces it.
pub(crate) async fn drop_pending_sign_up(tx: &mut WriteTx, email: &str) -> Result<()> {
    let pending =
        sqlx::query("SELECT account_id FROM users WHERE email = $1 AND status = 'pending'")
            .bind(email)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some(row) = pending {
        drop_pending_account(tx, row.try_get("account_id")?).await?;
    }
    Ok(())
}

/// The sign-up link's mail, in English then French. It names neither the company nor the
/// person typed at sign-up: whoever signs up with someone else's address must not be able to
/// write to them through us.
async fn send_sign_up_link(
    tx: &mut WriteTx,
    account_id: i64,
    email: &str,
    token: &str,
    public_url: &str,
) -> Result<()> {
    let link = format!(
        "{}/signup/confirm#token={token}",
        public_url.trim_end_matches('/')
    );
    let subject =
        "Partner Settings: confirm your email to open your account / confirmez votre adresse";
    let body = format!(
        "Hello,\n\nA partner account was just signed up for Partner Settings with this address ({email}).\n\
         To open it, follow this link and enter the password chosen at sign-up\n\
         (valid for 24 hours, usable once):\n{link}\n\n\
         If you did not sign up, ignore this message: without this link and that password, no\n\
         account is opened.\n\n\
         Bonjour,\n\nUn compte partenaire vient d'être créé dans Paramètres partenaire avec cette adresse ({email}).\n\
         Pour l'ouvrir, suivez ce lien et saisissez le mot de passe choisi à l'inscription\n\
         (valable 24 heures, utilisable une fois) :\n{link}\n\n\
         Si vous ne vous êtes pas inscrit, ignorez ce message : sans ce lien et ce mot de passe,\n\
         aucun compte n'est ouvert.\n"
    );
    mail::enqueue(tx, account_id, email, subject, &body, now()).await
}

/// What the owner of a taken address is told when someone signs up with it: (subject, body),
/// English then French. Nothing typed at that sign-up is repeated.
fn someone_tried(name: &str, email: &str, company: &str, public_url: &str) -> (String, String) {
    let sign_in = format!("{}/signin", public_url.trim_end_matches('/'));
    (
        "Partner Settings: someone tried to sign up with your address / quelqu'un a essayé de \
         s'inscrire avec votre adresse"
            .to_owned(),
        format!(
            "Hello {name},\n\nSomeone just tried to open a new Partner Settings account with {email}. This\n\
             address already has an account with {company}, so nothing was created and your\n\
             account is unchanged.\n\n\
             If it was you: sign in with your password instead, at {sign_in}\n\
             If it was not you: you need do nothing. Nobody can open an account with your address\n\
             without reading this mailbox. If it happens again, tell a Global admin of {company}.\n\n\
             Bonjour {name},\n\nQuelqu'un vient d'essayer d'ouvrir un nouveau compte Paramètres partenaire avec\n\
             {email}. Cette adresse a déjà un compte chez {company} : rien n'a été créé et votre\n\
             compte n'a pas changé.\n\n\
             Si c'était vous : connectez-vous plutôt avec votre mot de passe, sur {sign_in}\n\
             Si ce n'était pas vous : vous n'avez rien à faire. Personne ne peut ouvrir de compte\n\
             avec votre adresse sans lire cette boîte. Si cela se reproduit, prévenez un\n\
             administrateur général de {company}.\n"
        ),
    )
}

/// A sign-up link as stored, with its founder.
struct SignUpRow {
    user_id: i64,
    account_id: i64,
    email: String,
    hash: String,
    company: String,
}

/// The pending sign-up a link belongs to, if the link can still be used: cheap (one indexed
/// read), so an unknown, used, replaced or expired link is refused before any password work.
async fn usable_link(db: &Db, token: &str) -> Result<SignUpRow> {
    let row = sqlx::query(
        "SELECT s.user_id, s.expires_at, s.used_at, u.account_id, u.email, u.password_hash, \
         u.status, a.legal_name FROM sign_ups s JOIN users u ON u.id = s.user_id \
         JOIN accounts a ON a.id = u.account_id WHERE s.token_hash = $1",
    )
    .bind(auth::token_hash(token))
    .fetch_optional(db.reader())
    .await?
    .ok_or(ApiError::Conflict(ConflictKind::SignUpLinkUnusable))?;
    if row.try_get::<Option<i64>, _>("used_at")?.is_some()
        || row.try_get::<String, _>("status")? != UserStatus::Pending.code()
    {
        return Err(ApiError::Conflict(ConflictKind::SignUpLinkUnusable).into());
    }
    if row.try_get::<i64, _>("expires_at")? <= now() {
        return Err(ApiError::Conflict(ConflictKind::SignUpLinkExpired).into());
    }
    Ok(SignUpRow {
        user_id: row.try_get("user_id")?,
        account_id: row.try_get("account_id")?,
        email: row.try_get("email")?,
        hash: row.try_get("password_hash")?,
        company: row.try_get("legal_name")?,
    })
}

/// What the page a sign-up link opens shows: the address and company it opens, if the link can
/// still be used.
pub async fn sign_up_link(db: &Db, token: &str) -> Result<SignUpLink> {
    let link = usable_link(db, token).await?;
    Ok(SignUpLink {
        email: link.email,
        company: link.company,
    })
}

/// Opens the account of a pending sign-up: the link proves the mailbox, the password proves
/// that whoever follows it is the person who signed up (a stranger who receives the mail cannot
/// open an account with someone else's password). The password is counted like a sign-in; the
/// link works once. The founder gets the welcome notification and is signed in.
pub async fn confirm_sign_up(
    db: &Db,
    token: &str,
    password: &str,
    client: &str,
) -> Result<SignedIn> {
    let link = usable_link(db, token).await?;
    if password.is_empty() {
        return Err(ApiError::invalid(Field::Password, Invalid::Required).into());
    }
    let per_client = throttle::hit(db, throttle::SIGN_IN_PER_CLIENT, client).await?;
    let per_account = throttle::hit(db, throttle::SIGN_IN_PER_ACCOUNT, &link.email).await?;
    if !auth::verify_password(password, Some(link.hash.clone())).await? {
        audit::record(
            db,
            Change {
                account_id: Some(link.account_id),
                actor_user_id: Some(link.user_id),
                actor: &link.email,
                area: Area::Overview,
                action: AuditAction::SignInFailed,
                target: &link.email,
                before: Told::nothing(),
                after: Told::nothing(),
            },
        )
        .await?;
        return Err(ApiError::invalid(Field::Password, Invalid::PasswordIncorrect).into());
    }
    per_client.refund(db).await?;
    per_account.refund(db).await?;
    let at = now();
    let mut tx = db.write().await?;
    // Claimed with a guarded write: of two uses of one link, one wins.
    let claimed = sqlx::query(
        "UPDATE sign_ups SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
    )
    .bind(at)
    .bind(auth::token_hash(token))
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::Conflict(ConflictKind::SignUpLinkUnusable))?;
    let user_id: i64 = claimed.try_get("user_id")?;
    sqlx::query(
        "UPDATE users SET status = 'active', version = version + 1, updated_at = $1, \
         updated_by = email WHERE id = $2 AND status = 'pending' RETURNING id",
    )
    .bind(at)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::Conflict(ConflictKind::SignUpLinkUnusable))?;
    notifications::push(&mut tx, user_id, NotificationKind::Welcome, at).await?;
    tx.audit(Change {
        account_id: Some(link.account_id),
        actor_user_id: Some(user_id),
        actor: &link.email,
        area: Area::Users,
        action: AuditAction::SignUp,
        target: &link.email,
        before: Told::nothing(),
        after: Told::of(Said::Roles(vec![Role::GlobalAdmin])),
    })
    .await?;
    tx.commit().await?;
    let session = auth::create_session(db, user_id).await?;
    Ok(SignedIn { user_id, session })
}

/// Mails a pending founder a new sign-up link (the old one stops working), when `password` is
/// the one chosen at sign-up: only they can ask, so a stranger cannot flood the address, and the
/// answer can say so. Counted per client and per address before the password work, like
/// sign-up (each is a mail); the browser that asked gets the sign-up cookie.
pub async fn resend_sign_up(
    db: &Db,
    email: &str,
    password: &str,
    client: &str,
    public_url: &str,
) -> Result<SignUpStarted> {
    let email = email.trim().to_lowercase();
    let _per_client = throttle::hit(db, throttle::SIGN_UP_PER_CLIENT, client).await?;
    let _per_address = throttle::hit(db, throttle::SIGN_UP_MAILS_PER_ADDRESS, &email).await?;
    let pending = sqlx::query(
        "SELECT id, account_id, password_hash FROM users WHERE email = $1 AND status = 'pending'",
    )
    .bind(&email)
    .fetch_optional(db.reader())
    .await?;
    let stored = match &pending {
        Some(row) => Some(row.try_get::<String, _>("password_hash")?),
        None => None,
    };
    let matches = auth::verify_password(password, stored).await?;
    let Some(row) = pending.filter(|_| matches) else {
        return Err(ApiError::BadCredentials.into());
    };
    let (user_id, account_id): (i64, i64) = (row.try_get("id")?, row.try_get("account_id")?);
    let token = auth::random_token();
    let browser_token = auth::random_token();
    let at = now();
    let mut tx = db.write().await?;
    let renewed = sqlx::query(
        "UPDATE sign_ups SET token_hash = $1, browser_hash = $2, created_at = $3, expires_at = $4 \
         WHERE user_id = $5 AND used_at IS NULL",
    )
    .bind(auth::token_hash(&token))
    .bind(auth::token_hash(&browser_token))
    .bind(at)
    .bind(at + SIGN_UP_LINK_LIFETIME_SECS)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    if renewed.rows_affected() != 1 {
        return Err(ApiError::Conflict(ConflictKind::SignUpLinkUnusable).into());
    }
    send_sign_up_link(&mut tx, account_id, &email, &token, public_url).await?;
    tx.commit().await?;
    Ok(SignUpStarted {
        browser_token,
        max_age_secs: SIGN_UP_LINK_LIFETIME_SECS,
    })
}

/// The pending account whose sign-up cookie this is, while its link can still be used: the
/// demo mailbox shows that browser the attempt's mail.
pub async fn pending_account_of_browser(db: &Db, browser_token: &str) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT u.account_id FROM sign_ups s JOIN users u ON u.id = s.user_id \
         WHERE s.browser_hash = $1 AND s.used_at IS NULL AND s.expires_at > $2 \
         AND u.status = 'pending'",
    )
    .bind(auth::token_hash(browser_token))
    .bind(now())
    .fetch_optional(db.reader())
    .await?;
    row.map(|row| row.try_get("account_id").map_err(Error::from))
        .transpose()
}

/// The company's own email domains, in lower case: those of its users' sign-in emails (users
/// who joined, not those merely invited) and its tenants' primary domains. An invitation to an
/// address outside them is allowed, but the form warns and the audit log says so.
pub async fn own_domains(db: &Db, account_id: i64) -> Result<Vec<String>> {
    let emails = sqlx::query(
        "SELECT email FROM users WHERE account_id = $1 AND status IN ('active', 'deactivated')",
    )
    .bind(account_id)
    .fetch_all(db.reader())
    .await?;
    let tenants = sqlx::query("SELECT primary_domain FROM tenants WHERE account_id = $1")
        .bind(account_id)
        .fetch_all(db.reader())
        .await?;
    let mut domains = Vec::with_capacity(emails.len() + tenants.len());
    for row in emails {
        domains.push(domain::users::email_domain(
            &row.try_get::<String, _>("email")?,
        ));
    }
    for row in tenants {
        domains.push(
            row.try_get::<String, _>("primary_domain")?
                .trim()
                .to_lowercase(),
        );
    }
    domains.retain(|d| !d.is_empty());
    domains.sort();
    domains.dedup();
    Ok(domains)
}

/// Writes an account with a fresh partner ID and its first user, already active, with `roles`
/// and the welcome notification, in one transaction (the demo seed and tests open accounts this
/// way; sign-up goes through [`sign_up`] and its link). Returns the user's id.
pub async fn create_account(
    db: &Db,
    partner: &NewPartner,
    hash: &auth::PasswordHashString,
    roles: &[Role],
) -> Result<i64> {
    let mut tx = db.write().await?;
    let (_, user_id) = insert_account(&mut tx, partner, hash, roles, "active").await?;
    notifications::push(&mut tx, user_id, NotificationKind::Welcome, now()).await?;
    tx.commit().await?;
    Ok(user_id)
}

/// Inserts the account and its first user (in `status`) with `roles`: (account id, user id).
async fn insert_account(
    tx: &mut WriteTx,
    partner: &NewPartner,
    hash: &auth::PasswordHashString,
    roles: &[Role],
    status: &str,
) -> Result<(i64, i64)> {
    let now = now();
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
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(row) = inserted {
            account_id = Some(row.try_get::<i64, _>("id")?);
            break;
        }
    }
    let account_id =
        account_id.ok_or_else(|| Error::Fault("no free partner ID after 10 tries".into()))?;
    let user = sqlx::query(
        "INSERT INTO users (account_id, email, name, password_hash, created_at, status, \
         updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $5, $2) RETURNING id",
    )
    .bind(account_id)
    .bind(partner.email.as_str())
    .bind(partner.name.as_str())
    .bind(&hash.0)
    .bind(now)
    .bind(status)
    .fetch_one(&mut **tx)
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
            .execute(&mut **tx)
            .await?;
    }
    Ok((account_id, user_id))
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
    // An invited row is not a sign-in (and the address may also be invited elsewhere).
    let row = sqlx::query(
        "SELECT id, account_id, password_hash, status FROM users \
         WHERE email = $1 AND status <> 'invited'",
    )
    .bind(&email)
    .fetch_optional(db.reader())
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
        before: Told::nothing(),
        after: Told::nothing(),
    };
    match user {
        Some((user_id, account_id, status, _))
            if matches && status == UserStatus::Active.code() =>
        {
            refund(db, attempts).await?;
            audit::record(
                db,
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
        Some((_, _, status, _)) if matches && status == UserStatus::Pending.code() => {
            // The right password of a founder who has not followed the sign-up link yet: say
            // so (the sign-in page offers a new link), and give the attempt back like a success.
            refund(db, attempts).await?;
            Err(ApiError::EmailUnconfirmed.into())
        }
        Some((user_id, account_id, _, _)) if matches => {
            // The right password for a deactivated user: say so, it reveals nothing new.
            audit::record(
                db,
                audit_as(Some(account_id), Some(user_id), AuditAction::SignInFailed),
            )
            .await?;
            Err(ApiError::Deactivated.into())
        }
        _ => {
            let account_id = user.as_ref().map(|u| u.1);
            let user_id = user.as_ref().map(|u| u.0);
            audit::record(db, audit_as(account_id, user_id, AuditAction::SignInFailed)).await?;
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
