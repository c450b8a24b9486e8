//! Users of an account: reading them, inviting teammates, changing roles and status.
//! Every change checks the rules of `domain::users`, is versioned against lost updates and is
//! written to the audit log in the same transaction.

use std::collections::HashMap;

use domain::audit::{AuditAction, Note, Said, Told};
use domain::error::ConflictKind;
use domain::model::{AccountSummary, InvitationInfo, Me, NewInvite, UserRow, UserStatus};
use domain::users::{self as rules, Actor, Target};
use domain::{ApiError, Area, Locale, Password, Role};
use sqlx::{Any, Row};

use crate::auth::{self, roles_of, NewSession, Principal};
use crate::error::{is_unique_violation, Error, Result};
use crate::store::{Change, Db, WriteTx};
use crate::throttle::{self, INVITATION_MAILS_PER_ADDRESS, INVITATION_MAILS_PER_USER};
use crate::{mail, notifications, now};

/// How long an invitation link stays usable.
pub const INVITATION_LIFETIME_SECS: i64 = 7 * 24 * 60 * 60;

/// The signed-in user, their account, roles and unread count.
pub async fn me(db: &Db, who: &Principal) -> Result<Me> {
    let row = sqlx::query(
        "SELECT u.name, u.email, u.language, a.legal_name, a.partner_id, a.country \
         FROM users u JOIN accounts a ON a.id = u.account_id \
         WHERE u.id = $1 AND u.account_id = $2",
    )
    .bind(who.user_id)
    .bind(who.account_id)
    .fetch_optional(db.reader())
    .await?
    .ok_or(ApiError::Unauthenticated)?;
    Ok(Me {
        user_id: who.user_id,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        roles: who.roles.clone(),
        account: AccountSummary {
            legal_name: row.try_get("legal_name")?,
            partner_id: row.try_get("partner_id")?,
            country: row.try_get("country")?,
        },
        unread_notifications: notifications::unread_count(db, who).await?,
        reviewer: who.reviewer,
        language: Locale::from_tag(&row.try_get::<String, _>("language")?),
    })
}

/// Keeps the interface language the caller chose, for their other devices and their emails.
pub async fn set_language(db: &Db, who: &Principal, language: Locale) -> Result<()> {
    let mut tx = db.write().await?;
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2 AND account_id = $3")
        .bind(language.tag())
        .bind(who.user_id)
        .bind(who.account_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// A user as the principal of their own requests (right after signing in).
pub async fn principal_of(db: &Db, user_id: i64) -> Result<Principal> {
    let row = sqlx::query(
        "SELECT u.account_id, u.email, u.kind, a.merged_into FROM users u \
         JOIN accounts a ON a.id = u.account_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(db.reader())
    .await?
    .ok_or(ApiError::NotFound)?;
    Ok(Principal {
        user_id,
        account_id: row.try_get("account_id")?,
        email: row.try_get("email")?,
        roles: roles_of(db, user_id).await?,
        reviewer: row.try_get::<String, _>("kind")? == "reviewer",
        account_merged: row.try_get::<Option<i64>, _>("merged_into")?.is_some(),
    })
}

/// Every user of the caller's account (and only of it), by name.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<UserRow>> {
    let mut roles: HashMap<i64, Vec<Role>> = HashMap::new();
    let role_rows = sqlx::query(
        "SELECT r.user_id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id \
         WHERE u.account_id = $1",
    )
    .bind(who.account_id)
    .fetch_all(db.reader())
    .await?;
    for row in role_rows {
        let slug: String = row.try_get("role")?;
        if let Some(role) = Role::from_slug(&slug) {
            roles.entry(row.try_get("user_id")?).or_default().push(role);
        }
    }
    let rows = sqlx::query(
        "SELECT u.id, u.name, u.email, u.status, u.version, \
         (SELECT MAX(i.expires_at) FROM invitations i \
          WHERE i.user_id = u.id AND i.used_at IS NULL AND i.revoked_at IS NULL) AS expires_at \
         FROM users u WHERE u.account_id = $1 ORDER BY u.name, u.id",
    )
    .bind(who.account_id)
    .fetch_all(db.reader())
    .await?;
    let mut users = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let mut user_roles = roles.remove(&id).unwrap_or_default();
        user_roles.sort();
        let status: String = row.try_get("status")?;
        let status = UserStatus::from_code(&status).unwrap_or(UserStatus::Deactivated);
        users.push(UserRow {
            id,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            roles: user_roles,
            status,
            version: row.try_get("version")?,
            invitation_expires_at: if status == UserStatus::Invited {
                row.try_get("expires_at")?
            } else {
                None
            },
        });
    }
    Ok(users)
}

/// A user of the caller's account as the rules see them; another account's user is NotFound.
struct Loaded {
    row: UserRow,
    updated_by: String,
    updated_at: i64,
}

async fn load(tx: &mut WriteTx, who: &Principal, user_id: i64) -> Result<Loaded> {
    let row = sqlx::query(
        "SELECT id, name, email, status, version, updated_by, updated_at FROM users \
         WHERE id = $1 AND account_id = $2",
    )
    .bind(user_id)
    .bind(who.account_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(ApiError::NotFound)?;
    let role_rows = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&mut **tx)
        .await?;
    let mut roles: Vec<Role> = role_rows
        .iter()
        .filter_map(|r| r.try_get::<String, _>("role").ok())
        .filter_map(|s| Role::from_slug(&s))
        .collect();
    roles.sort();
    let status: String = row.try_get("status")?;
    Ok(Loaded {
        row: UserRow {
            id: user_id,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            roles,
            status: UserStatus::from_code(&status).unwrap_or(UserStatus::Deactivated),
            version: row.try_get("version")?,
            invitation_expires_at: None,
        },
        updated_by: row.try_get("updated_by")?,
        updated_at: row.try_get("updated_at")?,
    })
}

async fn active_global_admins(tx: &mut WriteTx, account_id: i64) -> Result<u32> {
    let n: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.account_id = $1 AND u.status = 'active' AND r.role = $2",
    )
    .bind(account_id)
    .bind(Role::GlobalAdmin.slug())
    .fetch_one(&mut **tx)
    .await?
    .try_get("n")?;
    Ok(n.clamp(0, u32::MAX as i64) as u32)
}

fn actor(who: &Principal) -> Actor<'_> {
    Actor {
        user_id: who.user_id,
        roles: &who.roles,
    }
}

fn target(loaded: &Loaded) -> Target<'_> {
    Target {
        user_id: loaded.row.id,
        roles: &loaded.row.roles,
        active: loaded.row.status == UserStatus::Active,
    }
}

/// Refuses if the record's version is not the one the form was opened with, naming who changed
/// it, when, and how it now reads.
fn check_version(loaded: &Loaded, expected: i64) -> Result<()> {
    crate::store::check_version(
        loaded.row.version,
        expected,
        &loaded.updated_by,
        loaded.updated_at,
        &loaded.row,
    )
}

/// Bumps the version and records who changed the user.
async fn touch(tx: &mut WriteTx, who: &Principal, user_id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE users SET version = version + 1, updated_at = $1, updated_by = $2 WHERE id = $3",
    )
    .bind(now())
    .bind(&who.email)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn role_list(roles: &[Role]) -> Told {
    Told::of(Said::Roles(roles.to_vec()))
}

async fn replace_roles(tx: &mut WriteTx, user_id: i64, roles: &[Role]) -> Result<()> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(role.slug())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A new one-time invitation token for `user_id`; earlier open ones are revoked.
async fn issue_invitation(tx: &mut WriteTx, user_id: i64) -> Result<String> {
    let now = now();
    sqlx::query(
        "UPDATE invitations SET revoked_at = $1 \
         WHERE user_id = $2 AND used_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    let token = auth::random_token();
    sqlx::query(
        "INSERT INTO invitations (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(auth::token_hash(&token))
    .bind(now)
    .bind(now + INVITATION_LIFETIME_SECS)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// The invitation email, in English and French (the invitee's language is not known yet).
async fn send_invitation(
    tx: &mut WriteTx,
    who: &Principal,
    name: &str,
    email: &str,
    token: &str,
    public_url: &str,
) -> Result<()> {
    let company = crate::accounts::legal_name(&mut **tx, who.account_id).await?;
    let link = format!(
        "{}/invitation#token={token}",
        public_url.trim_end_matches('/')
    );
    let subject = format!("{company}: your Partner Settings invitation / votre invitation");
    let body = format!(
        "Hello {name},\n\n{inviter} invited you to manage {company}'s partner account in Partner Settings.\n\
         Set your password with this link (valid for 7 days, usable once):\n{link}\n\n\
         Bonjour {name},\n\n{inviter} vous invite à gérer le compte partenaire de {company} dans Paramètres partenaire.\n\
         Choisissez votre mot de passe avec ce lien (valable 7 jours, utilisable une fois) :\n{link}\n",
        inviter = who.email,
    );
    mail::enqueue(tx, who.account_id, email, &subject, &body, now()).await
}

/// Counts one invitation mail by `who` to `email` before it is queued: an address cannot be
/// flooded with invitations, nor can one admin mail the world.
async fn count_invitation_mail(db: &Db, who: &Principal, email: &str) -> Result<()> {
    let _kept = throttle::hit(db, INVITATION_MAILS_PER_USER, &who.user_id.to_string()).await?;
    let _kept = throttle::hit(db, INVITATION_MAILS_PER_ADDRESS, email).await?;
    Ok(())
}

/// Invites a teammate: creates them as Invited with their roles and mails a one-time link. An
/// address that has an account with another company is invited like any other (the invitee
/// learns it from the link); one outside the company's own email domains too, and the audit
/// entry says so.
pub async fn invite(
    db: &Db,
    who: &Principal,
    invite: NewInvite,
    public_url: &str,
) -> Result<UserRow> {
    let roles = rules::check_invite(actor(who), &invite.roles)?;
    count_invitation_mail(db, who, invite.email.as_str()).await?;
    let outside = rules::outside_own_domains(
        invite.email.as_str(),
        &crate::accounts::own_domains(db, who.account_id).await?,
    );
    let mut tx = db.write().await?;
    tx.lock_account(who.account_id).await?;
    let now = now();
    let id: i64 = sqlx::query(
        "INSERT INTO users (account_id, email, name, password_hash, created_at, status, version, \
         updated_at, updated_by) VALUES ($1, $2, $3, '', $4, 'invited', 1, $4, $5) RETURNING id",
    )
    .bind(who.account_id)
    .bind(invite.email.as_str())
    .bind(invite.name.as_str())
    .bind(now)
    .bind(&who.email)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            Error::Refused(ApiError::Conflict(ConflictKind::EmailTaken))
        } else {
            Error::Database(e)
        }
    })?
    .try_get("id")?;
    replace_roles(&mut tx, id, &roles).await?;
    let token = issue_invitation(&mut tx, id).await?;
    send_invitation(
        &mut tx,
        who,
        invite.name.as_str(),
        invite.email.as_str(),
        &token,
        public_url,
    )
    .await?;
    let mut after = role_list(&roles);
    if outside {
        after.0.push(Said::Note(Note::OutsideDomains));
    }
    tx.audit(
        Change::by(
            who,
            Area::Users,
            AuditAction::UserInvited,
            invite.email.as_str(),
        )
        .values(Told::nothing(), after),
    )
    .await?;
    let loaded = load(&mut tx, who, id).await?;
    tx.commit().await?;
    Ok(loaded.row)
}

/// Sends an invited user a new link (the old one stops working).
pub async fn resend_invitation(
    db: &Db,
    who: &Principal,
    user_id: i64,
    public_url: &str,
) -> Result<()> {
    let _per_user = throttle::hit(db, INVITATION_MAILS_PER_USER, &who.user_id.to_string()).await?;
    let email: String = sqlx::query("SELECT email FROM users WHERE id = $1 AND account_id = $2")
        .bind(user_id)
        .bind(who.account_id)
        .fetch_optional(db.reader())
        .await?
        .ok_or(ApiError::NotFound)?
        .try_get("email")?;
    let _per_address = throttle::hit(db, INVITATION_MAILS_PER_ADDRESS, &email).await?;
    let mut tx = db.write().await?;
    tx.lock_account(who.account_id).await?;
    let loaded = load(&mut tx, who, user_id).await?;
    rules::check_reactivation(actor(who), target(&loaded))?;
    if loaded.row.status != UserStatus::Invited {
        return Err(ApiError::Conflict(ConflictKind::NotInvited).into());
    }
    let token = issue_invitation(&mut tx, user_id).await?;
    send_invitation(
        &mut tx,
        who,
        &loaded.row.name,
        &loaded.row.email,
        &token,
        public_url,
    )
    .await?;
    tx.audit(Change::by(
        who,
        Area::Users,
        AuditAction::InvitationResent,
        &loaded.row.email,
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws an invitation: the invited user is removed and the link stops working.
pub async fn revoke_invitation(db: &Db, who: &Principal, user_id: i64) -> Result<()> {
    let mut tx = db.write().await?;
    tx.lock_account(who.account_id).await?;
    let loaded = load(&mut tx, who, user_id).await?;
    rules::check_reactivation(actor(who), target(&loaded))?;
    if loaded.row.status != UserStatus::Invited {
        return Err(ApiError::Conflict(ConflictKind::NotInvited).into());
    }
    remove(tx, who, &loaded, AuditAction::InvitationRevoked).await
}

/// An invitation link that can still be used, with its invitee.
struct OpenInvitation {
    name: String,
    email: String,
    account_id: i64,
    company: String,
}

/// The invitation a link belongs to, if it can still be used: one indexed read, so a bad link
/// is refused before any password work.
async fn open_invitation(db: &Db, token: &str) -> Result<OpenInvitation> {
    let row = sqlx::query(
        "SELECT u.name, u.email, u.account_id, a.legal_name FROM invitations i \
         JOIN users u ON u.id = i.user_id JOIN accounts a ON a.id = u.account_id \
         WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.revoked_at IS NULL \
           AND i.expires_at > $2 AND u.status = 'invited'",
    )
    .bind(auth::token_hash(token))
    .bind(now())
    .fetch_optional(db.reader())
    .await?
    .ok_or(ApiError::Conflict(ConflictKind::InvitationUnusable))?;
    Ok(OpenInvitation {
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        account_id: row.try_get("account_id")?,
        company: row.try_get("legal_name")?,
    })
}

/// Whether `email` already belongs to a user of another account who joined it (active or
/// deactivated): that address cannot also accept an invitation here.
async fn has_account_elsewhere<'e, E>(executor: E, email: &str, account_id: i64) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    Ok(sqlx::query(
        "SELECT 1 AS x FROM users WHERE email = $1 AND account_id <> $2 \
         AND status IN ('active', 'deactivated')",
    )
    .bind(email)
    .bind(account_id)
    .fetch_optional(executor)
    .await?
    .is_some())
}

/// Who an invitation link is for, if it can still be used, and whether the address already has
/// an account with another company (then it cannot be accepted, and the page says why).
pub async fn invitation_info(db: &Db, token: &str) -> Result<InvitationInfo> {
    let open = open_invitation(db, token).await?;
    let has_account_elsewhere =
        has_account_elsewhere(db.reader(), &open.email, open.account_id).await?;
    Ok(InvitationInfo {
        name: open.name,
        email: open.email,
        company: open.company,
        has_account_elsewhere,
    })
}

/// Sets the invited user's password with a valid, unused link, activates them and signs them in.
/// The link is checked first (cheap), then the password hashed, then the link claimed exactly
/// once in the transaction that activates the user. Refused for an address that has an account
/// with another company. A pending sign-up of the same address is replaced: the invitation
/// proved the mailbox too.
pub async fn accept_invitation(
    db: &Db,
    token: &str,
    password: &Password,
) -> Result<(i64, NewSession)> {
    let open = open_invitation(db, token).await?;
    if has_account_elsewhere(db.reader(), &open.email, open.account_id).await? {
        return Err(ApiError::Conflict(ConflictKind::InvitationEmailHasAccount).into());
    }
    let hash = auth::hash_password(password).await?;
    let mut tx = db.write().await?;
    // Claim the link first (a write), so two uses of one link cannot both succeed.
    let claimed = sqlx::query(
        "UPDATE invitations SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1 \
         RETURNING user_id",
    )
    .bind(now())
    .bind(auth::token_hash(token))
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::Conflict(ConflictKind::InvitationUnusable))?;
    let user_id: i64 = claimed.try_get("user_id")?;
    crate::accounts::drop_pending_sign_up(&mut tx, &open.email).await?;
    if has_account_elsewhere(&mut *tx, &open.email, open.account_id).await? {
        return Err(ApiError::Conflict(ConflictKind::InvitationEmailHasAccount).into());
    }
    let row = sqlx::query(
        "UPDATE users SET password_hash = $1, status = 'active', version = version + 1, \
         updated_at = $2, updated_by = email \
         WHERE id = $3 AND status = 'invited' RETURNING account_id, email",
    )
    .bind(&hash.0)
    .bind(now())
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(|e| {
        // Someone opened an account with the address in the same instant.
        if is_unique_violation(&e) {
            Error::Refused(ApiError::Conflict(ConflictKind::InvitationEmailHasAccount))
        } else {
            Error::Database(e)
        }
    })?
    .ok_or(ApiError::Conflict(ConflictKind::InvitationUnusable))?;
    let account_id: i64 = row.try_get("account_id")?;
    let email: String = row.try_get("email")?;
    tx.audit(Change {
        account_id: Some(account_id),
        actor_user_id: Some(user_id),
        actor: &email,
        area: Area::Users,
        action: AuditAction::InvitationAccepted,
        target: &email,
        before: Told::of(Said::UserStatus(UserStatus::Invited)),
        after: Told::of(Said::UserStatus(UserStatus::Active)),
    })
    .await?;
    tx.commit().await?;
    let session = auth::create_session(db, user_id).await?;
    Ok((user_id, session))
}

/// Changes a user's roles, if the rules allow and nobody changed the user since `version`. The
/// same roles again change nothing: nothing is written or audited.
pub async fn set_roles(
    db: &Db,
    who: &Principal,
    user_id: i64,
    roles: &[Role],
    version: i64,
) -> Result<UserRow> {
    let mut tx = db.write().await?;
    tx.lock_account(who.account_id).await?;
    let loaded = load(&mut tx, who, user_id).await?;
    check_version(&loaded, version)?;
    let admins = active_global_admins(&mut tx, who.account_id).await?;
    let roles = rules::check_role_change(actor(who), target(&loaded), roles, admins)?;
    let mut unchanged = loaded.row.roles.clone();
    unchanged.sort();
    if unchanged == {
        let mut wanted = roles.clone();
        wanted.sort();
        wanted
    } {
        tx.rollback().await?;
        return Ok(loaded.row);
    }
    replace_roles(&mut tx, user_id, &roles).await?;
    touch(&mut tx, who, user_id).await?;
    let (before, after) = (role_list(&loaded.row.roles), role_list(&roles));
    tx.audit(
        Change::by(
            who,
            Area::Users,
            AuditAction::RolesChanged,
            &loaded.row.email,
        )
        .values(before, after),
    )
    .await?;
    // Account-wide rules (programs need two admins) see the change in this transaction.
    tx.account_changed(who.account_id);
    let updated = load(&mut tx, who, user_id).await?;
    tx.commit().await?;
    Ok(updated.row)
}

/// Deactivates a user: they cannot sign in and their sessions end at once.
pub async fn deactivate(db: &Db, who: &Principal, user_id: i64, version: i64) -> Result<UserRow> {
    set_status(db, who, user_id, version, UserStatus::Deactivated).await
}

/// Lets a deactivated user sign in again.
pub async fn reactivate(db: &Db, who: &Principal, user_id: i64, version: i64) -> Result<UserRow> {
    set_status(db, who, user_id, version, UserStatus::Active).await
}

async fn set_status(
    db: &Db,
    who: &Principal,
    user_id: i64,
    version: i64,
    status: UserStatus,
) -> Result<UserRow> {
    let mut tx = db.write().await?;
    tx.lock_account(who.account_id).await?;
    let loaded = load(&mut tx, who, user_id).await?;
    check_version(&loaded, version)?;
    let action = match status {
        UserStatus::Deactivated => {
            if loaded.row.status != UserStatus::Active {
                return Err(ApiError::Conflict(ConflictKind::NotActive).into());
            }
            let admins = active_global_admins(&mut tx, who.account_id).await?;
            rules::check_removal(actor(who), target(&loaded), admins)?;
            auth::end_all_sessions(&mut tx, user_id).await?;
            AuditAction::UserDeactivated
        }
        _ => {
            if loaded.row.status != UserStatus::Deactivated {
                return Err(ApiError::Conflict(ConflictKind::NotActive).into());
            }
            rules::check_reactivation(actor(who), target(&loaded))?;
            AuditAction::UserReactivated
        }
    };
    sqlx::query("UPDATE users SET status = $1 WHERE id = $2")
        .bind(status.code())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    touch(&mut tx, who, user_id).await?;
    tx.audit(
        Change::by(who, Area::Users, action, &loaded.row.email).values(
            Told::of(Said::UserStatus(loaded.row.status)),
            Told::of(Said::UserStatus(status)),
        ),
    )
    .await?;
    tx.account_changed(who.account_id);
    let updated = load(&mut tx, who, user_id).await?;
    tx.commit().await?;
    Ok(updated.row)
}

/// Deletes a user (their sessions, roles and notifications go with them).
pub async fn delete(db: &Db, who: &Principal, user_id: i64, version: i64) -> Result<()> {
    let mut tx = db.write().await?;
    tx.lock_account(who.account_id).await?;
    let loaded = load(&mut tx, who, user_id).await?;
    check_version(&loaded, version)?;
    let admins = active_global_admins(&mut tx, who.account_id).await?;
    rules::check_removal(actor(who), target(&loaded), admins)?;
    remove(tx, who, &loaded, AuditAction::UserDeleted).await
}

/// Deletes a user (sessions, roles, invitations and notifications go with them), audits it as
/// `action` and commits.
async fn remove(
    mut tx: WriteTx,
    who: &Principal,
    loaded: &Loaded,
    action: AuditAction,
) -> Result<()> {
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(loaded.row.id)
        .execute(&mut *tx)
        .await?;
    let before = role_list(&loaded.row.roles);
    tx.audit(
        Change::by(who, Area::Users, action, &loaded.row.email).values(before, Told::nothing()),
    )
    .await?;
    tx.account_changed(who.account_id);
    tx.commit().await?;
    Ok(())
}
