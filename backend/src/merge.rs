//! Account merge: find an account by its global partner ID, invite it to merge into the
//! caller's account, let it accept or decline, let the inviter confirm or cancel, and carry the
//! merge out in one transaction. Which step may follow which, and who takes it, is
//! `domain::merge::next`; this module applies it exactly once even when two people act at the
//! same instant, on SQLite and on PostgreSQL:
//!
//! - Every step is a guarded update, `UPDATE merges SET state = <to> WHERE id = ? AND state =
//!   <from>`, as the first write of its transaction: of two racing steps one changes the row and
//!   the other finds no row to change and is refused. On SQLite [`Db::begin_write`] already
//!   serializes the two transactions (so the loser reads the winner's state); on PostgreSQL
//!   the second update waits for the first to commit, then sees the new state and matches
//!   nothing.
//! - An invitation claims both of its accounts in `merge_participants`, whose primary key is
//!   the account: an account is in at most one open merge. The lower account id is claimed
//!   first, so two invitations crossing each other queue on the same row and the second fails
//!   on the key (rather than deadlocking); it is then shown the first. The claim is released
//!   when the merge ends.
//!
//! The server functions check the catalogue first (`Area::AccountMerge`: Edit to invite,
//! answer, confirm or cancel); these functions still refuse reviewers and merged accounts, and
//! treat a merge the caller's account is not part of as not found.

use domain::audit::{iso_utc, AuditAction};
use domain::error::ConflictKind;
use domain::identifiers::PartnerId;
use domain::merge::{
    self as rules, DeclineReason, FoundAccount, MergeDirection, MergeMessage, MergePreview,
    MergeSide, MergeState, MergeStep, MergeSummary, MERGE_INVITATION_LIFETIME_SECS,
};
use domain::model::NotificationKind;
use domain::{ApiError, Area, Field, Invalid, Role};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::audit::{self, Change};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::{is_unique_violation, Error, Result};
use crate::{notifications, now, throttle};

/// Who hears of an invitation and its answers: the admins of the account concerned.
const ADMINS: [Role; 2] = [Role::GlobalAdmin, Role::AccountAdmin];
/// Who is asked to check payout and tax details once a merge is done.
const PAYOUT_ADMINS: [Role; 2] = [Role::GlobalAdmin, Role::BillingAdmin];

const MERGE_COLUMNS: &str = "m.id, m.inviter_account_id, m.invitee_account_id, m.state, \
     m.message, m.decline_reason, m.invited_at, m.invited_by, m.answered_at, m.answered_by, \
     m.finished_at, m.finished_by";

/// A merge as stored (its state not yet corrected for expiry).
struct Merge {
    id: i64,
    inviter: i64,
    invitee: i64,
    state: MergeState,
    message: String,
    decline_reason: Option<String>,
    invited_at: i64,
    invited_by: String,
    answered_at: Option<i64>,
    answered_by: Option<String>,
    finished_at: Option<i64>,
    finished_by: Option<String>,
}

impl Merge {
    fn from_row(row: &AnyRow) -> Result<Merge> {
        let state: String = row.try_get("state")?;
        Ok(Merge {
            id: row.try_get("id")?,
            inviter: row.try_get("inviter_account_id")?,
            invitee: row.try_get("invitee_account_id")?,
            state: MergeState::from_code(&state)
                .ok_or_else(|| Error::Fault(format!("unknown merge state {state}")))?,
            message: row.try_get("message")?,
            decline_reason: row.try_get("decline_reason")?,
            invited_at: row.try_get("invited_at")?,
            invited_by: row.try_get("invited_by")?,
            answered_at: row.try_get("answered_at")?,
            answered_by: row.try_get("answered_by")?,
            finished_at: row.try_get("finished_at")?,
            finished_by: row.try_get("finished_by")?,
        })
    }

    /// The side `account_id` is on, if it takes part at all.
    fn side_of(&self, account_id: i64) -> Option<MergeSide> {
        if account_id == self.inviter {
            Some(MergeSide::Inviter)
        } else if account_id == self.invitee {
            Some(MergeSide::Invitee)
        } else {
            None
        }
    }

    /// The merge as `account_id` sees it; `other` is the other account's name and partner ID.
    fn summary(self, account_id: i64, other: (String, String), now: i64) -> MergeSummary {
        let state = rules::effective_state(self.state, self.invited_at, now);
        let expires_at = rules::expires_at(self.invited_at);
        // Expired but not yet written down: it ended when its lifetime did.
        let lapsed = state != self.state;
        MergeSummary {
            id: self.id,
            direction: if account_id == self.inviter {
                MergeDirection::WeInvited
            } else {
                MergeDirection::WeWereInvited
            },
            other_legal_name: other.0,
            other_partner_id: other.1,
            state,
            message: self.message,
            decline_reason: self.decline_reason,
            invited_at: self.invited_at,
            invited_by: self.invited_by,
            expires_at,
            answered_at: self.answered_at,
            answered_by: self.answered_by,
            finished_at: if lapsed {
                Some(expires_at)
            } else {
                self.finished_at
            },
            finished_by: self.finished_by,
        }
    }
}

async fn load<'e, E>(executor: E, id: i64) -> Result<Option<Merge>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query(&format!(
        "SELECT {MERGE_COLUMNS} FROM merges m WHERE m.id = $1"
    ))
    .bind(id)
    .fetch_optional(executor)
    .await?
    .as_ref()
    .map(Merge::from_row)
    .transpose()
}

/// An account as the merge needs it.
struct Account {
    id: i64,
    partner_id: String,
    legal_name: String,
    country: String,
    merged: bool,
}

impl Account {
    /// How mail and the audit log name it.
    fn named(&self) -> String {
        format!("{} ({})", self.legal_name, self.partner_id)
    }
}

const ACCOUNT_COLUMNS: &str = "id, partner_id, legal_name, country, merged_into";

fn account_from_row(row: &AnyRow) -> Result<Account> {
    Ok(Account {
        id: row.try_get("id")?,
        partner_id: row.try_get("partner_id")?,
        legal_name: row.try_get("legal_name")?,
        country: row.try_get("country")?,
        merged: row.try_get::<Option<i64>, _>("merged_into")?.is_some(),
    })
}

async fn account<'e, E>(executor: E, id: i64) -> Result<Account>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
    ))
    .bind(id)
    .fetch_one(executor)
    .await?;
    account_from_row(&row)
}

/// Merges are between partner accounts: the platform's reviewers take no part.
fn refuse_reviewer(who: &Principal) -> Result<()> {
    if who.reviewer {
        return Err(ApiError::Forbidden.into());
    }
    Ok(())
}

fn conflict(kind: ConflictKind) -> Error {
    ApiError::Conflict(kind).into()
}

/// The account another one means by `partner_id`, if it may be invited: not the caller's own,
/// not merged, and not a location ID (which shares the 7-digit space with partner IDs).
async fn account_to_invite(db: &Db, who: &Principal, partner_id: &PartnerId) -> Result<Account> {
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE partner_id = $1"
    ))
    .bind(partner_id.as_str())
    .fetch_optional(&db.pool)
    .await?;
    // A merged account's partner ID lives on as a location ID too; it is still the account's.
    if let Some(row) = row {
        let found = account_from_row(&row)?;
        if found.id == who.account_id {
            return Err(conflict(ConflictKind::MergeWithSelf));
        }
        if found.merged {
            return Err(conflict(ConflictKind::AccountMerged));
        }
        return Ok(found);
    }
    let locations: i64 = sqlx::query("SELECT COUNT(*) AS n FROM locations WHERE location_id = $1")
        .bind(partner_id.as_str())
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if locations > 0 {
        return Err(ApiError::invalid(Field::PartnerId, Invalid::LocationIdGiven).into());
    }
    Err(ApiError::NotFound.into())
}

/// Finds the account to invite by its global partner ID: only its legal name and country are
/// shown. A location ID is refused with its own reason; lookups are throttled per account.
pub async fn find(db: &Db, who: &Principal, partner_id: &PartnerId) -> Result<FoundAccount> {
    refuse_reviewer(who)?;
    let subject = who.account_id.to_string();
    let _counted = throttle::hit(db, throttle::MERGE_LOOKUPS_PER_ACCOUNT, &subject).await?;
    let found = account_to_invite(db, who, partner_id).await?;
    Ok(FoundAccount {
        legal_name: found.legal_name,
        country: found.country,
    })
}

/// Refuses if `account_id` has been merged into another account (it is read-only).
async fn refuse_merged(tx: &mut Transaction<'static, Any>, account_id: i64) -> Result<()> {
    if account(&mut **tx, account_id).await?.merged {
        return Err(conflict(ConflictKind::AccountMerged));
    }
    Ok(())
}

/// Writes down the expiry of the open merges of `accounts` that ran out, releasing their
/// accounts for new invitations. Expiry is worked out wherever a merge is read; this only
/// records it, and takes the write lock only when there is something to record.
async fn expire_overdue(db: &Db, accounts: [i64; 2]) -> Result<()> {
    let cutoff = now() - MERGE_INVITATION_LIFETIME_SECS;
    let overdue = sqlx::query(
        "SELECT id FROM merges WHERE state IN ('invited', 'accepted') AND invited_at <= $1 \
         AND (inviter_account_id IN ($2, $3) OR invitee_account_id IN ($2, $3))",
    )
    .bind(cutoff)
    .bind(accounts[0])
    .bind(accounts[1])
    .fetch_all(&db.pool)
    .await?;
    if overdue.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    for row in overdue {
        let id: i64 = row.try_get("id")?;
        let expired = sqlx::query(
            "UPDATE merges SET state = 'expired', finished_at = invited_at + $1 \
             WHERE id = $2 AND state IN ('invited', 'accepted') AND invited_at <= $3",
        )
        .bind(MERGE_INVITATION_LIFETIME_SECS)
        .bind(id)
        .bind(cutoff)
        .execute(&mut *tx)
        .await?;
        if expired.rows_affected() == 1 {
            release(&mut tx, id).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Frees the accounts of a merge that ended.
async fn release(tx: &mut Transaction<'static, Any>, merge_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM merge_participants WHERE merge_id = $1")
        .bind(merge_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const SUMMARY_SELECT: &str = "SELECT m.id, m.inviter_account_id, m.invitee_account_id, \
     m.state, m.message, m.decline_reason, m.invited_at, m.invited_by, m.answered_at, \
     m.answered_by, m.finished_at, m.finished_by, \
     o.legal_name AS other_legal_name, o.partner_id AS other_partner_id \
     FROM merges m JOIN accounts o ON o.id = CASE WHEN m.inviter_account_id = $1 \
     THEN m.invitee_account_id ELSE m.inviter_account_id END \
     WHERE (m.inviter_account_id = $1 OR m.invitee_account_id = $1)";

fn summary_from_row(row: &AnyRow, account_id: i64, now: i64) -> Result<MergeSummary> {
    let other = (
        row.try_get("other_legal_name")?,
        row.try_get("other_partner_id")?,
    );
    Ok(Merge::from_row(row)?.summary(account_id, other, now))
}

/// One merge of `account_id` as that account sees it.
async fn summary(db: &Db, account_id: i64, merge_id: i64) -> Result<MergeSummary> {
    let row = sqlx::query(&format!("{SUMMARY_SELECT} AND m.id = $2"))
        .bind(account_id)
        .bind(merge_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ApiError::NotFound)?;
    summary_from_row(&row, account_id, now())
}

/// Every merge the caller's account invited or was invited to, newest first, in both
/// directions, each with its state as it stands now (expiry applied).
pub async fn history(db: &Db, who: &Principal) -> Result<Vec<MergeSummary>> {
    refuse_reviewer(who)?;
    let rows = sqlx::query(&format!(
        "{SUMMARY_SELECT} ORDER BY m.invited_at DESC, m.id DESC"
    ))
    .bind(who.account_id)
    .fetch_all(&db.pool)
    .await?;
    let now = now();
    rows.iter()
        .map(|row| summary_from_row(row, who.account_id, now))
        .collect()
}

/// Why an invitation could not claim its accounts, read once the winner has committed: the
/// other account's own invitation to us (answer it instead), or a merge either account is
/// already part of.
async fn why_taken(db: &Db, who: &Principal, other: i64) -> Result<Error> {
    let ours = sqlx::query("SELECT merge_id FROM merge_participants WHERE account_id = $1")
        .bind(who.account_id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(ours) = ours else {
        return Ok(conflict(ConflictKind::MergePending { ours: false }));
    };
    let merge_id: i64 = ours.try_get("merge_id")?;
    let theirs = load(&db.pool, merge_id)
        .await?
        .filter(|m| m.inviter == other && m.invitee == who.account_id);
    if theirs.is_none() {
        return Ok(conflict(ConflictKind::MergePending { ours: true }));
    }
    let invitation = summary(db, who.account_id, merge_id).await?;
    Ok(conflict(ConflictKind::MergeCrossInvitation(Box::new(
        invitation,
    ))))
}

/// Records a step in the audit log of both accounts.
async fn record_on_both(
    tx: &mut Transaction<'static, Any>,
    who: &Principal,
    merge: (&Account, &Account),
    action: AuditAction,
    before: &str,
    after: &str,
) -> Result<()> {
    let (inviter, invitee) = merge;
    let target = format!("merge of {} into {}", invitee.named(), inviter.named());
    for account_id in [inviter.id, invitee.id] {
        audit::record(
            &mut **tx,
            Change {
                account_id: Some(account_id),
                actor_user_id: Some(who.user_id),
                actor: &who.email,
                area: Area::AccountMerge,
                action,
                target: &target,
                before,
                after,
            },
        )
        .await?;
    }
    Ok(())
}

/// What one step of a merge says: a notice (bell and mail) to the users of the account `to`
/// who hold one of `roles`, and the step in both accounts' audit logs.
struct Notice<'a> {
    to: i64,
    roles: [Role; 2],
    kind: NotificationKind,
    subject: String,
    body: String,
    action: AuditAction,
    before: &'a str,
    after: &'a str,
}

/// Sends `notice`, records it on both sides, commits, and answers the merge as the caller now
/// sees it: how every step ends.
async fn announce(
    db: &Db,
    mut tx: Transaction<'static, Any>,
    who: &Principal,
    parties: (&Account, &Account),
    merge_id: i64,
    at: i64,
    notice: Notice<'_>,
) -> Result<MergeSummary> {
    let n = notice;
    notifications::tell_roles(&mut tx, n.to, &n.roles, n.kind, &n.subject, &n.body, at).await?;
    record_on_both(&mut tx, who, parties, n.action, n.before, n.after).await?;
    tx.commit().await?;
    summary(db, who.account_id, merge_id).await
}

/// Invites the account with `partner_id` to merge into the caller's. Its Global and Account
/// admins are notified and mailed; the invitation expires after 14 days. Refused for the
/// caller's own account, a merged account, either account already in an open merge, and when
/// the other account has already invited the caller's (that invitation comes with the refusal).
pub async fn invite(
    db: &Db,
    who: &Principal,
    partner_id: &PartnerId,
    message: &MergeMessage,
) -> Result<MergeSummary> {
    refuse_reviewer(who)?;
    let other = account_to_invite(db, who, partner_id).await?;
    expire_overdue(db, [who.account_id, other.id]).await?;
    let at = now();
    let mut tx = db.begin_write().await?;
    let merge_id: i64 = sqlx::query(
        "INSERT INTO merges (inviter_account_id, invitee_account_id, state, message, invited_at, \
         invited_by) VALUES ($1, $2, 'invited', $3, $4, $5) RETURNING id",
    )
    .bind(who.account_id)
    .bind(other.id)
    .bind(message.as_str())
    .bind(at)
    .bind(&who.email)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    let (first, second) = if who.account_id < other.id {
        (who.account_id, other.id)
    } else {
        (other.id, who.account_id)
    };
    let claimed = sqlx::query(
        "INSERT INTO merge_participants (account_id, merge_id) VALUES ($1, $3), ($2, $3)",
    )
    .bind(first)
    .bind(second)
    .bind(merge_id)
    .execute(&mut *tx)
    .await;
    match claimed {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            return Err(why_taken(db, who, other.id).await?);
        }
        Err(e) => return Err(e.into()),
    }
    // Checked after the claim: a merge that absorbed either account and finished while this
    // one waited for its claim is visible by now.
    refuse_merged(&mut tx, who.account_id).await?;
    refuse_merged(&mut tx, other.id).await?;
    let inviter = account(&mut *tx, who.account_id).await?;
    let until = iso_utc(rules::expires_at(at));
    let subject = format!(
        "{}: invitation to merge {} into it / invitation à fusionner",
        inviter.legal_name, other.legal_name
    );
    let body = format!(
        "{by} invites {invitee} to merge into {inviter} in Partner Settings. Their message:\n\n\
         {message}\n\n\
         If you accept and they confirm, {invitee_name}'s users, locations and tenants move to \
         {inviter_name}, and {invitee_name} becomes one of its locations.\n\
         Open Account merge in Partner Settings to see exactly what would move, then accept or \
         decline before {until}.\n\n\
         {by} invite {invitee} à fusionner dans {inviter} dans Paramètres partenaire. Son \
         message :\n\n{message}\n\n\
         Si vous acceptez et que {inviter_name} confirme, les utilisateurs, sites et tenants de \
         {invitee_name} passent à {inviter_name}, et {invitee_name} devient l'un de ses sites.\n\
         Ouvrez Fusion de comptes dans Paramètres partenaire pour voir exactement ce qui \
         changerait, puis acceptez ou refusez avant le {until}.\n",
        by = who.email,
        invitee = other.named(),
        inviter = inviter.named(),
        invitee_name = other.legal_name,
        inviter_name = inviter.legal_name,
        message = message.as_str(),
    );
    let notice = Notice {
        to: other.id,
        roles: ADMINS,
        kind: NotificationKind::MergeInvited,
        subject,
        body,
        action: AuditAction::MergeInvited,
        before: "",
        after: &format!("invited: {}", message.as_str()),
    };
    announce(db, tx, who, (&inviter, &other), merge_id, at, notice).await
}

/// A step that has been taken, in the still open transaction that took it.
struct Taken {
    tx: Transaction<'static, Any>,
    merge: Merge,
    inviter: Account,
    invitee: Account,
    at: i64,
}

/// Takes `step` on merge `merge_id` for the caller, exactly once: checks that the caller's
/// account takes part (else NotFound) and is on the step's side, that the merge has not expired
/// and that the step follows from its state, then moves the state with a guarded update.
async fn take(db: &Db, who: &Principal, merge_id: i64, step: MergeStep) -> Result<Taken> {
    refuse_reviewer(who)?;
    let mut tx = db.begin_write().await?;
    let merge = load(&mut *tx, merge_id).await?.ok_or(ApiError::NotFound)?;
    let side = merge.side_of(who.account_id).ok_or(ApiError::NotFound)?;
    refuse_merged(&mut tx, who.account_id).await?;
    let at = now();
    if rules::effective_state(merge.state, merge.invited_at, at) == MergeState::Expired {
        // Write the expiry down (in its own transaction: this one ends in a refusal) so the
        // accounts are free again.
        tx.rollback().await?;
        expire_overdue(db, [merge.inviter, merge.invitee]).await?;
        return Err(conflict(ConflictKind::MergeExpired));
    }
    let to = rules::next(merge.state, step, side).map_err(|_| conflict(ConflictKind::MergeStep))?;
    let moved = sqlx::query("UPDATE merges SET state = $1 WHERE id = $2 AND state = $3")
        .bind(to.code())
        .bind(merge_id)
        .bind(merge.state.code())
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() != 1 {
        // Someone else took a step since we read the merge (PostgreSQL): theirs stands.
        tx.rollback().await?;
        let now_expired = load(&db.pool, merge_id).await?.is_some_and(|m| {
            rules::effective_state(m.state, m.invited_at, at) == MergeState::Expired
        });
        return Err(conflict(if now_expired {
            ConflictKind::MergeExpired
        } else {
            ConflictKind::MergeStep
        }));
    }
    let inviter = account(&mut *tx, merge.inviter).await?;
    let invitee = account(&mut *tx, merge.invitee).await?;
    Ok(Taken {
        tx,
        merge,
        inviter,
        invitee,
        at,
    })
}

/// Exactly what confirming merge `merge_id` would do, for either account while the merge is
/// open: who remains, and how many users, locations and tenants move.
pub async fn preview(db: &Db, who: &Principal, merge_id: i64) -> Result<MergePreview> {
    refuse_reviewer(who)?;
    let merge = load(&db.pool, merge_id)
        .await?
        .filter(|m| m.side_of(who.account_id).is_some())
        .ok_or(ApiError::NotFound)?;
    match rules::effective_state(merge.state, merge.invited_at, now()) {
        MergeState::Expired => return Err(conflict(ConflictKind::MergeExpired)),
        state if !state.is_open() => return Err(conflict(ConflictKind::MergeStep)),
        _ => {}
    }
    let survivor = account(&db.pool, merge.inviter).await?;
    let absorbed = account(&db.pool, merge.invitee).await?;
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM users WHERE account_id = $1) AS users, \
         (SELECT COUNT(*) FROM locations WHERE account_id = $1) AS locations, \
         (SELECT COUNT(*) FROM locations WHERE account_id = $1 AND is_legal = 1) AS legal, \
         (SELECT COUNT(*) FROM tenants WHERE account_id = $1) AS tenants",
    )
    .bind(absorbed.id)
    .fetch_one(&db.pool)
    .await?;
    let count = |column: &str| -> Result<u32> {
        Ok(row.try_get::<i64, _>(column)?.clamp(0, u32::MAX as i64) as u32)
    };
    // Without a legal address, the absorbed account becomes a location of its own.
    let extra = u32::from(count("legal")? == 0);
    Ok(MergePreview {
        merge_id,
        survivor_legal_name: survivor.legal_name,
        survivor_partner_id: survivor.partner_id,
        absorbed_legal_name: absorbed.legal_name,
        absorbed_partner_id: absorbed.partner_id,
        users: count("users")?,
        locations: count("locations")? + extra,
        tenants: count("tenants")?,
    })
}

/// The invited account accepts: the inviting account's admins are asked to confirm.
pub async fn accept(db: &Db, who: &Principal, merge_id: i64) -> Result<MergeSummary> {
    let Taken {
        mut tx,
        inviter,
        invitee,
        at,
        merge,
    } = take(db, who, merge_id, MergeStep::Accept).await?;
    sqlx::query("UPDATE merges SET answered_at = $1, answered_by = $2 WHERE id = $3")
        .bind(at)
        .bind(&who.email)
        .bind(merge_id)
        .execute(&mut *tx)
        .await?;
    let until = iso_utc(rules::expires_at(merge.invited_at));
    let subject = format!(
        "{}: {} accepted to merge / a accepté la fusion",
        inviter.legal_name, invitee.legal_name
    );
    let body = format!(
        "{by} accepted, for {invitee}, the invitation to merge into {inviter}.\n\
         Nothing has moved yet: open Account merge in Partner Settings to confirm the merge \
         before {until}, or to cancel it.\n\n\
         {by} a accepté, pour {invitee}, l'invitation à fusionner dans {inviter}.\n\
         Rien n'a encore changé : ouvrez Fusion de comptes dans Paramètres partenaire pour \
         confirmer la fusion avant le {until}, ou pour l'annuler.\n",
        by = who.email,
        invitee = invitee.named(),
        inviter = inviter.named(),
    );
    let notice = Notice {
        to: inviter.id,
        roles: ADMINS,
        kind: NotificationKind::MergeAccepted,
        subject,
        body,
        action: AuditAction::MergeAccepted,
        before: MergeState::Invited.code(),
        after: MergeState::Accepted.code(),
    };
    announce(db, tx, who, (&inviter, &invitee), merge_id, at, notice).await
}

/// The invited account declines, saying why: the merge ends and the inviting account's admins
/// are told the reason.
pub async fn decline(
    db: &Db,
    who: &Principal,
    merge_id: i64,
    reason: &DeclineReason,
) -> Result<MergeSummary> {
    let Taken {
        mut tx,
        inviter,
        invitee,
        at,
        ..
    } = take(db, who, merge_id, MergeStep::Decline).await?;
    sqlx::query(
        "UPDATE merges SET decline_reason = $1, answered_at = $2, answered_by = $3, \
         finished_at = $2, finished_by = $3 WHERE id = $4",
    )
    .bind(reason.as_str())
    .bind(at)
    .bind(&who.email)
    .bind(merge_id)
    .execute(&mut *tx)
    .await?;
    release(&mut tx, merge_id).await?;
    let subject = format!(
        "{}: {} declined to merge / a refusé la fusion",
        inviter.legal_name, invitee.legal_name
    );
    let body = format!(
        "{by} declined, for {invitee}, the invitation to merge into {inviter}. Their reason:\n\n\
         {reason}\n\n\
         {by} a refusé, pour {invitee}, l'invitation à fusionner dans {inviter}. Sa raison :\n\n\
         {reason}\n",
        by = who.email,
        invitee = invitee.named(),
        inviter = inviter.named(),
        reason = reason.as_str(),
    );
    let notice = Notice {
        to: inviter.id,
        roles: ADMINS,
        kind: NotificationKind::MergeDeclined,
        subject,
        body,
        action: AuditAction::MergeDeclined,
        before: MergeState::Invited.code(),
        after: &format!("declined: {}", reason.as_str()),
    };
    announce(db, tx, who, (&inviter, &invitee), merge_id, at, notice).await
}

/// The inviting account withdraws its invitation, before or after the answer: nothing moves,
/// and the invited account's admins are told.
pub async fn cancel(db: &Db, who: &Principal, merge_id: i64) -> Result<MergeSummary> {
    let Taken {
        mut tx,
        inviter,
        invitee,
        at,
        merge,
    } = take(db, who, merge_id, MergeStep::Cancel).await?;
    sqlx::query("UPDATE merges SET finished_at = $1, finished_by = $2 WHERE id = $3")
        .bind(at)
        .bind(&who.email)
        .bind(merge_id)
        .execute(&mut *tx)
        .await?;
    release(&mut tx, merge_id).await?;
    let subject = format!(
        "{}: merge with {} cancelled / fusion annulée",
        invitee.legal_name, inviter.legal_name
    );
    let body = format!(
        "{by} withdrew the invitation of {inviter} to merge {invitee} into it. Nothing changes.\n\n\
         {by} a retiré l'invitation de {inviter} à fusionner {invitee} dans ce compte. Rien ne \
         change.\n",
        by = who.email,
        invitee = invitee.named(),
        inviter = inviter.named(),
    );
    let notice = Notice {
        to: invitee.id,
        roles: ADMINS,
        kind: NotificationKind::MergeCancelled,
        subject,
        body,
        action: AuditAction::MergeCancelled,
        before: merge.state.code(),
        after: MergeState::Cancelled.code(),
    };
    announce(db, tx, who, (&inviter, &invitee), merge_id, at, notice).await
}

/// What a merge moved.
struct Moved {
    users: u64,
    locations: u64,
    tenants: u64,
}

/// Moves everything of `absorbed` to `survivor` and marks `absorbed` merged (read-only): its
/// users with their roles; its locations, keeping their location IDs, none of them legal; its
/// legal address (or, without one, a location made from the account) renamed after it and
/// given its partner ID as location ID (the address's own location ID is released); its
/// tenants, none of them primary. Its open email confirmations and directory sign-ins stop
/// working. Its records, verification, audit log and merge history stay with it.
async fn carry_out(
    tx: &mut Transaction<'static, Any>,
    who: &Principal,
    survivor: &Account,
    absorbed: &Account,
    at: i64,
) -> Result<Moved> {
    let users = sqlx::query(
        "UPDATE users SET account_id = $1, version = version + 1, updated_at = $2, \
         updated_by = $3 WHERE account_id = $4",
    )
    .bind(survivor.id)
    .bind(at)
    .bind(&who.email)
    .bind(absorbed.id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    let legal = sqlx::query(
        "SELECT id FROM locations WHERE account_id = $1 AND is_legal = 1 ORDER BY id LIMIT 1",
    )
    .bind(absorbed.id)
    .fetch_optional(&mut **tx)
    .await?;
    let mut created = 0;
    match legal {
        Some(row) => {
            sqlx::query("UPDATE locations SET name = $1, location_id = $2 WHERE id = $3")
                .bind(&absorbed.legal_name)
                .bind(&absorbed.partner_id)
                .bind(row.try_get::<i64, _>("id")?)
                .execute(&mut **tx)
                .await?;
        }
        None => {
            // Only the country is known; the survivor's admins can complete the address.
            sqlx::query(
                "INSERT INTO locations (account_id, name, country, street, city, region, \
                 postal_code, is_legal, version, created_at, updated_at, updated_by, location_id) \
                 VALUES ($1, $2, $3, '', '', '', '', 0, 1, $4, $4, $5, $6)",
            )
            .bind(survivor.id)
            .bind(&absorbed.legal_name)
            .bind(&absorbed.country)
            .bind(at)
            .bind(&who.email)
            .bind(&absorbed.partner_id)
            .execute(&mut **tx)
            .await?;
            created = 1;
        }
    }
    let locations = sqlx::query(
        "UPDATE locations SET account_id = $1, is_legal = 0, version = version + 1, \
         updated_at = $2, updated_by = $3 WHERE account_id = $4",
    )
    .bind(survivor.id)
    .bind(at)
    .bind(&who.email)
    .bind(absorbed.id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    let tenants = sqlx::query(
        "UPDATE tenants SET account_id = $1, is_primary = 0, version = version + 1, \
         updated_at = $2, updated_by = $3 WHERE account_id = $4",
    )
    .bind(survivor.id)
    .bind(at)
    .bind(&who.email)
    .bind(absorbed.id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    sqlx::query(
        "UPDATE email_confirmations SET cancelled_at = $1 WHERE account_id = $2 \
         AND confirmed_at IS NULL AND cancelled_at IS NULL",
    )
    .bind(at)
    .bind(absorbed.id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE tenant_sign_ins SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL",
    )
    .bind(at)
    .bind(absorbed.id)
    .execute(&mut **tx)
    .await?;
    let marked = sqlx::query(
        "UPDATE accounts SET merged_into = $1, merged_at = $2 WHERE id = $3 AND merged_into IS NULL",
    )
    .bind(survivor.id)
    .bind(at)
    .bind(absorbed.id)
    .execute(&mut **tx)
    .await?;
    if marked.rows_affected() != 1 {
        return Err(conflict(ConflictKind::AccountMerged));
    }
    Ok(Moved {
        users,
        locations: locations + created,
        tenants,
    })
}

/// The inviting account confirms an accepted merge, and it runs, whole or not at all: the
/// invited account's users, locations and tenants move to the caller's account and the invited
/// account becomes read-only. The Global and Billing admins of both former accounts are asked
/// to check the payout and tax details.
pub async fn confirm(db: &Db, who: &Principal, merge_id: i64) -> Result<MergeSummary> {
    let Taken {
        mut tx,
        inviter,
        invitee,
        at,
        ..
    } = take(db, who, merge_id, MergeStep::Confirm).await?;
    sqlx::query("UPDATE merges SET finished_at = $1, finished_by = $2 WHERE id = $3")
        .bind(at)
        .bind(&who.email)
        .bind(merge_id)
        .execute(&mut *tx)
        .await?;
    let moved = carry_out(&mut tx, who, &inviter, &invitee, at).await?;
    release(&mut tx, merge_id).await?;
    let subject = format!(
        "{}: {} merged, check payout and tax details / fusion terminée",
        inviter.legal_name, invitee.legal_name
    );
    let body = format!(
        "{by} confirmed the merge of {invitee} into {inviter}. {invitee_name}'s users, locations \
         and tenants are now part of {inviter_name}, and its partner ID {partner_id} lives on as a \
         location ID.\n\
         Please check {inviter_name}'s payout and tax details in Partner Settings: they now \
         cover both companies.\n\n\
         {by} a confirmé la fusion de {invitee} dans {inviter}. Les utilisateurs, sites et \
         tenants de {invitee_name} font désormais partie de {inviter_name}, et son ID partenaire \
         {partner_id} devient un ID de site.\n\
         Vérifiez les informations de paiement et fiscales de {inviter_name} dans Paramètres \
         partenaire : elles couvrent désormais les deux entreprises.\n",
        by = who.email,
        invitee = invitee.named(),
        inviter = inviter.named(),
        invitee_name = invitee.legal_name,
        inviter_name = inviter.legal_name,
        partner_id = invitee.partner_id,
    );
    // Everyone has moved by now: the survivor's admins are those of both former accounts.
    let notice = Notice {
        to: inviter.id,
        roles: PAYOUT_ADMINS,
        kind: NotificationKind::MergeCompleted,
        subject,
        body,
        action: AuditAction::MergeCompleted,
        before: MergeState::Accepted.code(),
        after: &format!(
            "completed: {} users, {} locations, {} tenants moved",
            moved.users, moved.locations, moved.tenants
        ),
    };
    announce(db, tx, who, (&inviter, &invitee), merge_id, at, notice).await
}
