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
//! The server functions check the catalogue first (`Area::AccountMerge`: Edit, which only a
//! Global admin has, to find, invite, answer, confirm or cancel); these functions still refuse
//! reviewers and merged accounts, and treat a merge the caller's account is not part of as not
//! found. A merge can hand a whole company to another account, so on top of that:
//!
//! - inviting, accepting and confirming need the caller's password again
//!   ([`auth::reauthenticate`]), before anything changes;
//! - only companies whose verification is approved take part: checked at the invitation for
//!   both accounts, and again inside the transaction of the acceptance and of the
//!   confirmation, with both accounts' rows locked (as every verification step locks its
//!   account), so a verification sent back to review meanwhile is seen;
//! - the Global and Account admins of both accounts are told of every step (bell and mail),
//!   each side in its own words;
//! - arriving users lose their admin roles unless the confirming Global admin keeps them, user
//!   by user (`domain::merge::decide_roles`), and the audit log records each decision.

use domain::audit::{iso_utc, AuditAction, Said, Told};
use domain::error::ConflictKind;
use domain::identifiers::PartnerId;
use domain::merge::{
    self as rules, ArrivingUser, DeclineReason, FoundAccount, KeptAdminRoles, MergeDirection,
    MergeMessage, MergeOverview, MergePreview, MergeSide, MergeState, MergeStep, MergeSummary,
    RoleDecision, MERGE_INVITATION_LIFETIME_SECS,
};
use domain::model::{NotificationKind, UserStatus};
use domain::verification::VerificationStatus;
use domain::{ApiError, Area, Field, Invalid, Role};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row};

use crate::auth::{self, Principal};
use crate::error::{is_unique_violation, Error, Result};
use crate::notifications::Letter;
use crate::store::{Change, Db, WriteTx};
use crate::{notifications, now, throttle};

/// Who hears of every step, on both sides: the admins who can act on a merge or follow it.
const ADMINS: [Role; 2] = [Role::GlobalAdmin, Role::AccountAdmin];
/// Who hears that a merge is done, on both sides: the admins, and those who must check the
/// payout and tax details.
const COMPLETION: [Role; 3] = [Role::GlobalAdmin, Role::AccountAdmin, Role::BillingAdmin];
/// How a failed password check is named in the audit log.
const REAUTH_WHAT: &str = "account merge";

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
    .fetch_optional(db.reader())
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
        .fetch_one(db.reader())
        .await?
        .try_get("n")?;
    if locations > 0 {
        return Err(ApiError::invalid(Field::PartnerId, Invalid::LocationIdGiven).into());
    }
    Err(ApiError::invalid(Field::PartnerId, Invalid::UnknownPartnerId).into())
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
async fn refuse_merged(tx: &mut WriteTx, account_id: i64) -> Result<()> {
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
    .fetch_all(db.reader())
    .await?;
    if overdue.is_empty() {
        return Ok(());
    }
    let mut tx = db.write().await?;
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
async fn release(tx: &mut WriteTx, merge_id: i64) -> Result<()> {
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
        .fetch_optional(db.reader())
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
    .fetch_all(db.reader())
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
        .fetch_optional(db.reader())
        .await?;
    let Some(ours) = ours else {
        return Ok(conflict(ConflictKind::MergePending { ours: false }));
    };
    let merge_id: i64 = ours.try_get("merge_id")?;
    let theirs = load(db.reader(), merge_id)
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

/// The merge page's data: the caller's merges and whether its own company is verified.
pub async fn overview(db: &Db, who: &Principal) -> Result<MergeOverview> {
    let merges = history(db, who).await?;
    let mut conn = db.reader().acquire().await?;
    let verified = is_verified(&mut conn, who.account_id).await?;
    Ok(MergeOverview { verified, merges })
}

/// Whether `account_id`'s verification is approved.
async fn is_verified(conn: &mut AnyConnection, account_id: i64) -> Result<bool> {
    let status = sqlx::query("SELECT status FROM verification WHERE account_id = $1")
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|row| row.try_get::<String, _>("status"))
        .transpose()?;
    Ok(status.as_deref() == Some(VerificationStatus::Verified.code()))
}

/// Refuses unless both accounts of a merge are verified, inside the transaction of the step.
/// Both account rows are locked first (lower id first, as every merge step does), which makes
/// a verification step on either account (it locks its account too) wait for this one or be
/// seen by it. The caller's own account is named first when neither is verified.
async fn require_verified(tx: &mut WriteTx, who: &Principal, accounts: [i64; 2]) -> Result<()> {
    let mut ordered = accounts;
    ordered.sort();
    for id in ordered {
        tx.lock_account(id).await?;
    }
    let ours = who.account_id;
    let theirs = if accounts[0] == ours {
        accounts[1]
    } else {
        accounts[0]
    };
    if !is_verified(tx, ours).await? {
        return Err(conflict(ConflictKind::MergeNotVerified { ours: true }));
    }
    if !is_verified(tx, theirs).await? {
        return Err(conflict(ConflictKind::MergeNotVerified { ours: false }));
    }
    Ok(())
}

/// Records a step in the audit log of both accounts.
async fn record_on_both(
    tx: &mut WriteTx,
    who: &Principal,
    merge: (&Account, &Account),
    action: AuditAction,
    before: Told,
    after: Told,
) -> Result<()> {
    let (inviter, invitee) = merge;
    let target = format!("merge of {} into {}", invitee.named(), inviter.named());
    for account_id in [inviter.id, invitee.id] {
        tx.audit(Change {
            account_id: Some(account_id),
            actor_user_id: Some(who.user_id),
            actor: &who.email,
            area: Area::AccountMerge,
            action,
            target: &target,
            before: before.clone(),
            after: after.clone(),
        })
        .await?;
    }
    Ok(())
}

/// A user to tell about a step.
struct Recipient {
    user_id: i64,
    email: String,
}

/// The active users of `account_id` holding one of `roles`, read before anything moves (once a
/// merge has run, the invited account's admins are no longer its users, nor admins perhaps).
async fn recipients(tx: &mut WriteTx, account_id: i64, roles: &[Role]) -> Result<Vec<Recipient>> {
    let rows = sqlx::query(
        "SELECT DISTINCT u.id, u.email, r.role FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.account_id = $1 AND u.status = 'active' ORDER BY u.id",
    )
    .bind(account_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut found: Vec<Recipient> = Vec::new();
    for row in &rows {
        let role: String = row.try_get("role")?;
        if !Role::from_slug(&role).is_some_and(|r| roles.contains(&r)) {
            continue;
        }
        let user_id: i64 = row.try_get("id")?;
        if found.iter().all(|r| r.user_id != user_id) {
            found.push(Recipient {
                user_id,
                email: row.try_get("email")?,
            });
        }
    }
    Ok(found)
}

/// What one side of a merge is told about a step: a notification of `kind` in the bell and a
/// mail, in English or in French as each recipient's preferences say.
struct Words {
    kind: NotificationKind,
    subject_en: String,
    body_en: String,
    subject_fr: String,
    body_fr: String,
}

/// What one step of a merge says to both sides, and how it is recorded in both audit logs.
struct Notice {
    /// To the inviting account's admins.
    inviter: Words,
    /// To the invited account's admins.
    invitee: Words,
    action: AuditAction,
    before: Told,
    after: Told,
}

/// Tells `to` (one side's admins) what `words` say, inside the step's transaction.
async fn tell(tx: &mut WriteTx, to: &[Recipient], words: &Words, at: i64) -> Result<()> {
    let letter = Letter {
        subject_en: &words.subject_en,
        body_en: &words.body_en,
        subject_fr: &words.subject_fr,
        body_fr: &words.body_fr,
    };
    for r in to {
        notifications::tell_user_in(tx, r.user_id, &r.email, words.kind, &letter, at).await?;
    }
    Ok(())
}

/// Tells both sides, records the step on both sides, commits, and answers the merge as the
/// caller now sees it: how every step ends. `told` are each side's recipients (inviter's,
/// invitee's), read before anything moved.
#[allow(clippy::too_many_arguments)]
async fn announce(
    db: &Db,
    mut tx: WriteTx,
    who: &Principal,
    parties: (&Account, &Account),
    told: [Vec<Recipient>; 2],
    merge_id: i64,
    at: i64,
    notice: Notice,
) -> Result<MergeSummary> {
    let n = notice;
    let [to_inviter, to_invitee] = told;
    tell(&mut tx, &to_inviter, &n.inviter, at).await?;
    tell(&mut tx, &to_invitee, &n.invitee, at).await?;
    record_on_both(&mut tx, who, parties, n.action, n.before, n.after).await?;
    tx.commit().await?;
    summary(db, who.account_id, merge_id).await
}

/// [`announce`]s `notice` to both sides' Global and Account admins, as they are now.
async fn announce_to_admins(
    db: &Db,
    mut tx: WriteTx,
    who: &Principal,
    parties: (&Account, &Account),
    merge_id: i64,
    at: i64,
    notice: Notice,
) -> Result<MergeSummary> {
    let told = both_admins(&mut tx, parties.0, parties.1).await?;
    announce(db, tx, who, parties, told, merge_id, at, notice).await
}

/// Both sides' Global and Account admins, as they are now.
async fn both_admins(
    tx: &mut WriteTx,
    inviter: &Account,
    invitee: &Account,
) -> Result<[Vec<Recipient>; 2]> {
    Ok([
        recipients(tx, inviter.id, &ADMINS).await?,
        recipients(tx, invitee.id, &ADMINS).await?,
    ])
}

/// Invites the account with `partner_id` to merge into the caller's, once the caller's
/// `password` is checked again. Both accounts' Global and Account admins are told; the
/// invitation expires after 14 days. Each invitation counts as a partner-ID lookup (like
/// [`find`], whose limit it shares: it names the other account too). Refused for the caller's
/// own account, a merged account, a company whose verification is not approved (either one),
/// either account already in an open merge, and when the other account has already invited the
/// caller's (that invitation comes with the refusal).
pub async fn invite(
    db: &Db,
    who: &Principal,
    password: &str,
    partner_id: &PartnerId,
    message: &MergeMessage,
) -> Result<MergeSummary> {
    refuse_reviewer(who)?;
    auth::reauthenticate(db, who, password, Area::AccountMerge, REAUTH_WHAT).await?;
    let subject = who.account_id.to_string();
    let _counted = throttle::hit(db, throttle::MERGE_LOOKUPS_PER_ACCOUNT, &subject).await?;
    let other = account_to_invite(db, who, partner_id).await?;
    expire_overdue(db, [who.account_id, other.id]).await?;
    let at = now();
    let mut tx = db.write().await?;
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
    require_verified(&mut tx, who, [who.account_id, other.id]).await?;
    let inviter = account(&mut *tx, who.account_id).await?;
    let until = iso_utc(rules::expires_at(at));
    let (by, message) = (&who.email, message.as_str());
    let (invitee_named, inviter_named) = (other.named(), inviter.named());
    let (invitee_name, inviter_name) = (&other.legal_name, &inviter.legal_name);
    let invitee_words = Words {
        kind: NotificationKind::MergeInvited,
        subject_en: format!("{inviter_name}: invitation to merge {invitee_name} into it"),
        body_en: format!(
            "{by} invites {invitee_named} to merge into {inviter_named} in Partner Settings. \
             Their message:\n\n{message}\n\n\
             If a Global admin of {invitee_name} accepts and a Global admin of {inviter_name} \
             confirms, {invitee_name}'s users, locations and tenants move to {inviter_name}, \
             and {invitee_name} becomes one of its locations. Arriving users lose their admin \
             roles unless the confirming Global admin keeps them.\n\
             Open Account merge in Partner Settings to see exactly what would move; a Global \
             admin accepts or declines before {until}.\n"
        ),
        subject_fr: format!(
            "{inviter_name} : invitation à fusionner {invitee_name} dans ce compte"
        ),
        body_fr: format!(
            "{by} invite {invitee_named} à fusionner dans {inviter_named} dans Paramètres \
             partenaire. Son message :\n\n{message}\n\n\
             Si un administrateur général de {invitee_name} accepte et qu'un administrateur \
             général de {inviter_name} confirme, les utilisateurs, sites et locataires de \
             {invitee_name} passent à {inviter_name}, et {invitee_name} devient l'un de ses \
             sites. Les utilisateurs qui arrivent perdent leurs rôles d'administrateur sauf si \
             l'administrateur général qui confirme les conserve.\n\
             Ouvrez Fusion de comptes dans Paramètres partenaire pour voir exactement ce qui \
             changerait ; un administrateur général accepte ou refuse avant le {until}.\n"
        ),
    };
    let inviter_words = Words {
        kind: NotificationKind::MergeInvitationSent,
        subject_en: format!("{inviter_name}: invitation to merge {invitee_name} into it sent"),
        body_en: format!(
            "{by} invited {invitee_named} to merge into {inviter_named} in Partner Settings, \
             with this message:\n\n{message}\n\n\
             If {invitee_name} accepts and a Global admin of {inviter_name} confirms before \
             {until}, {invitee_name}'s users, locations and tenants move to {inviter_name}.\n\
             If you did not expect this, a Global admin of {inviter_name} can cancel it under \
             Account merge in Partner Settings.\n"
        ),
        subject_fr: format!(
            "{inviter_name} : invitation à fusionner {invitee_name} dans ce compte envoyée"
        ),
        body_fr: format!(
            "{by} a invité {invitee_named} à fusionner dans {inviter_named} dans Paramètres \
             partenaire, avec ce message :\n\n{message}\n\n\
             Si {invitee_name} accepte et qu'un administrateur général de {inviter_name} \
             confirme avant le {until}, les utilisateurs, sites et locataires de {invitee_name} \
             passent à {inviter_name}.\n\
             Si vous ne vous y attendiez pas, un administrateur général de {inviter_name} peut \
             l'annuler dans Fusion de comptes dans Paramètres partenaire.\n"
        ),
    };
    let notice = Notice {
        inviter: inviter_words,
        invitee: invitee_words,
        action: AuditAction::MergeInvited,
        before: Told::nothing(),
        after: Told(vec![
            Said::Merge(MergeState::Invited),
            Said::typed(Field::MergeMessage, message),
        ]),
    };
    announce_to_admins(db, tx, who, (&inviter, &other), merge_id, at, notice).await
}

/// A step that has been taken, in the still open transaction that took it.
struct Taken {
    tx: WriteTx,
    merge: Merge,
    inviter: Account,
    invitee: Account,
    at: i64,
}

/// Takes `step` on merge `merge_id` for the caller, exactly once: checks that the caller's
/// account takes part (else NotFound) and is on the step's side, that the merge has not expired
/// and that the step follows from its state, then moves the state with a guarded update. An
/// acceptance or a confirmation then checks, in the same transaction, that both companies are
/// still verified.
async fn take(db: &Db, who: &Principal, merge_id: i64, step: MergeStep) -> Result<Taken> {
    refuse_reviewer(who)?;
    let mut tx = db.write().await?;
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
        let now_expired = load(db.reader(), merge_id).await?.is_some_and(|m| {
            rules::effective_state(m.state, m.invited_at, at) == MergeState::Expired
        });
        return Err(conflict(if now_expired {
            ConflictKind::MergeExpired
        } else {
            ConflictKind::MergeStep
        }));
    }
    if matches!(step, MergeStep::Accept | MergeStep::Confirm) {
        // Dropping `tx` on a refusal rolls the state change back.
        require_verified(&mut tx, who, [merge.inviter, merge.invitee]).await?;
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

/// Every user of `account_id` with the roles they hold, by name.
async fn arriving_users(conn: &mut AnyConnection, account_id: i64) -> Result<Vec<ArrivingUser>> {
    let rows = sqlx::query(
        "SELECT id, name, email, status FROM users WHERE account_id = $1 ORDER BY name, id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut users = Vec::with_capacity(rows.len());
    for row in &rows {
        let status: String = row.try_get("status")?;
        users.push(ArrivingUser {
            user_id: row.try_get("id")?,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            status: UserStatus::from_code(&status)
                .ok_or_else(|| Error::Fault(format!("unknown user status {status}")))?,
            roles: Vec::new(),
        });
    }
    let roles = sqlx::query(
        "SELECT r.user_id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id \
         WHERE u.account_id = $1",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    for row in &roles {
        let user_id: i64 = row.try_get("user_id")?;
        let slug: String = row.try_get("role")?;
        let role =
            Role::from_slug(&slug).ok_or_else(|| Error::Fault(format!("unknown role {slug}")))?;
        if let Some(user) = users.iter_mut().find(|u| u.user_id == user_id) {
            user.roles.push(role);
        }
    }
    for user in &mut users {
        user.roles.sort();
        user.roles.dedup();
    }
    Ok(users)
}

/// Exactly what confirming merge `merge_id` would do, for either account while the merge is
/// open: who remains, how many users, locations and tenants move, and which users arrive with
/// which roles (for the inviting account, only once the invited one has accepted).
pub async fn preview(db: &Db, who: &Principal, merge_id: i64) -> Result<MergePreview> {
    refuse_reviewer(who)?;
    let merge = load(db.reader(), merge_id)
        .await?
        .filter(|m| m.side_of(who.account_id).is_some())
        .ok_or(ApiError::NotFound)?;
    let state = rules::effective_state(merge.state, merge.invited_at, now());
    match state {
        MergeState::Expired => return Err(conflict(ConflictKind::MergeExpired)),
        state if !state.is_open() => return Err(conflict(ConflictKind::MergeStep)),
        _ => {}
    }
    let survivor = account(db.reader(), merge.inviter).await?;
    let absorbed = account(db.reader(), merge.invitee).await?;
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM users WHERE account_id = $1) AS users, \
         (SELECT COUNT(*) FROM locations WHERE account_id = $1) AS locations, \
         (SELECT COUNT(*) FROM locations WHERE account_id = $1 AND is_legal = 1) AS legal, \
         (SELECT COUNT(*) FROM tenants WHERE account_id = $1) AS tenants",
    )
    .bind(absorbed.id)
    .fetch_one(db.reader())
    .await?;
    let count = |column: &str| -> Result<u32> {
        Ok(row.try_get::<i64, _>(column)?.clamp(0, u32::MAX as i64) as u32)
    };
    // Without a legal address, the absorbed account becomes a location of its own.
    let extra = u32::from(count("legal")? == 0);
    let shown =
        merge.side_of(who.account_id) == Some(MergeSide::Invitee) || state == MergeState::Accepted;
    let arriving = if shown {
        let mut conn = db.reader().acquire().await?;
        Some(arriving_users(&mut conn, absorbed.id).await?)
    } else {
        None
    };
    Ok(MergePreview {
        merge_id,
        survivor_legal_name: survivor.legal_name,
        survivor_partner_id: survivor.partner_id,
        absorbed_legal_name: absorbed.legal_name,
        absorbed_partner_id: absorbed.partner_id,
        users: count("users")?,
        locations: count("locations")? + extra,
        tenants: count("tenants")?,
        arriving,
    })
}

/// The invited account accepts, once the caller's `password` is checked again and while both
/// companies are verified: the inviting account's admins are asked to confirm, the invited
/// account's are told.
pub async fn accept(
    db: &Db,
    who: &Principal,
    merge_id: i64,
    password: &str,
) -> Result<MergeSummary> {
    refuse_reviewer(who)?;
    auth::reauthenticate(db, who, password, Area::AccountMerge, REAUTH_WHAT).await?;
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
    let by = &who.email;
    let (invitee_named, inviter_named) = (invitee.named(), inviter.named());
    let (invitee_name, inviter_name) = (&invitee.legal_name, &inviter.legal_name);
    let inviter_words = Words {
        kind: NotificationKind::MergeAccepted,
        subject_en: format!(
            "{invitee_name} accepted to merge into {inviter_name}: confirm or cancel"
        ),
        body_en: format!(
            "{by} accepted, for {invitee_named}, the invitation to merge into {inviter_named}.\n\
             Nothing has moved yet: a Global admin of {inviter_name} confirms the merge under \
             Account merge in Partner Settings before {until}, choosing which admin roles the \
             arriving users keep, or cancels it.\n"
        ),
        subject_fr: format!(
            "{invitee_name} a accepté de fusionner dans {inviter_name} : confirmez ou annulez"
        ),
        body_fr: format!(
            "{by} a accepté, pour {invitee_named}, l'invitation à fusionner dans \
             {inviter_named}.\n\
             Rien n'a encore changé : un administrateur général de {inviter_name} confirme la \
             fusion dans Fusion de comptes dans Paramètres partenaire avant le {until}, en \
             choisissant les rôles d'administrateur que gardent les utilisateurs qui arrivent, \
             ou l'annule.\n"
        ),
    };
    let invitee_words = Words {
        kind: NotificationKind::MergeAcceptedByUs,
        subject_en: format!("{invitee_name} accepted to merge into {inviter_name}"),
        body_en: format!(
            "{by} accepted, for {invitee_named}, the invitation to merge into {inviter_named}.\n\
             Nothing has moved yet: the merge happens only if a Global admin of {inviter_name} \
             confirms it before {until}. Then {invitee_name}'s users, locations and tenants \
             move to {inviter_name}, and arriving users keep their admin roles only where that \
             Global admin chooses to.\n\
             If you did not expect this, contact {inviter_name} before it confirms.\n"
        ),
        subject_fr: format!("{invitee_name} a accepté de fusionner dans {inviter_name}"),
        body_fr: format!(
            "{by} a accepté, pour {invitee_named}, l'invitation à fusionner dans \
             {inviter_named}.\n\
             Rien n'a encore changé : la fusion n'a lieu que si un administrateur général de \
             {inviter_name} la confirme avant le {until}. Les utilisateurs, sites et locataires \
             de {invitee_name} passent alors à {inviter_name}, et les utilisateurs qui arrivent \
             ne gardent leurs rôles d'administrateur que si cet administrateur général le \
             choisit.\n\
             Si vous ne vous y attendiez pas, contactez {inviter_name} avant sa confirmation.\n"
        ),
    };
    let notice = Notice {
        inviter: inviter_words,
        invitee: invitee_words,
        action: AuditAction::MergeAccepted,
        before: Told::of(Said::Merge(MergeState::Invited)),
        after: Told::of(Said::Merge(MergeState::Accepted)),
    };
    announce_to_admins(db, tx, who, (&inviter, &invitee), merge_id, at, notice).await
}

/// The invited account declines, saying why: the merge ends and both accounts' admins are told
/// the reason.
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
    let (by, reason_text) = (&who.email, reason.as_str());
    let (invitee_named, inviter_named) = (invitee.named(), inviter.named());
    let (invitee_name, inviter_name) = (&invitee.legal_name, &inviter.legal_name);
    let subject_en = format!("{invitee_name} declined to merge into {inviter_name}");
    let subject_fr = format!("{invitee_name} a refusé de fusionner dans {inviter_name}");
    let inviter_words = Words {
        kind: NotificationKind::MergeDeclined,
        subject_en: subject_en.clone(),
        body_en: format!(
            "{by} declined, for {invitee_named}, the invitation to merge into {inviter_named}. \
             Their reason:\n\n{reason_text}\n\nNothing changes.\n"
        ),
        subject_fr: subject_fr.clone(),
        body_fr: format!(
            "{by} a refusé, pour {invitee_named}, l'invitation à fusionner dans \
             {inviter_named}. Sa raison :\n\n{reason_text}\n\nRien ne change.\n"
        ),
    };
    let invitee_words = Words {
        kind: NotificationKind::MergeDeclinedByUs,
        subject_en,
        body_en: format!(
            "{by} declined, for {invitee_named}, the invitation of {inviter_named} to merge into \
             it, giving this reason:\n\n{reason_text}\n\nNothing changes.\n"
        ),
        subject_fr,
        body_fr: format!(
            "{by} a refusé, pour {invitee_named}, l'invitation de {inviter_named} à fusionner \
             dans ce compte, avec cette raison :\n\n{reason_text}\n\nRien ne change.\n"
        ),
    };
    let notice = Notice {
        inviter: inviter_words,
        invitee: invitee_words,
        action: AuditAction::MergeDeclined,
        before: Told::of(Said::Merge(MergeState::Invited)),
        after: Told(vec![
            Said::Merge(MergeState::Declined),
            Said::typed(Field::DeclineReason, reason_text),
        ]),
    };
    announce_to_admins(db, tx, who, (&inviter, &invitee), merge_id, at, notice).await
}

/// The inviting account withdraws its invitation, before or after the answer: nothing moves,
/// and both accounts' admins are told.
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
    let by = &who.email;
    let (invitee_named, inviter_named) = (invitee.named(), inviter.named());
    let (invitee_name, inviter_name) = (&invitee.legal_name, &inviter.legal_name);
    let subject_en = format!("Merge of {invitee_name} into {inviter_name} cancelled");
    let subject_fr = format!("Fusion de {invitee_name} dans {inviter_name} annulée");
    let inviter_words = Words {
        kind: NotificationKind::MergeCancelledByUs,
        subject_en: subject_en.clone(),
        body_en: format!(
            "{by} withdrew the invitation of {inviter_named} to merge {invitee_named} into it. \
             Nothing changes.\n"
        ),
        subject_fr: subject_fr.clone(),
        body_fr: format!(
            "{by} a retiré l'invitation de {inviter_named} à fusionner {invitee_named} dans ce \
             compte. Rien ne change.\n"
        ),
    };
    let invitee_words = Words {
        kind: NotificationKind::MergeCancelled,
        subject_en,
        body_en: format!(
            "{by} withdrew, for {inviter_named}, its invitation to merge {invitee_named} into \
             it. Nothing changes.\n"
        ),
        subject_fr,
        body_fr: format!(
            "{by} a retiré, pour {inviter_named}, son invitation à fusionner {invitee_named} \
             dans ce compte. Rien ne change.\n"
        ),
    };
    let notice = Notice {
        inviter: inviter_words,
        invitee: invitee_words,
        action: AuditAction::MergeCancelled,
        before: Told::of(Said::Merge(merge.state)),
        after: Told::of(Said::Merge(MergeState::Cancelled)),
    };
    announce_to_admins(db, tx, who, (&inviter, &invitee), merge_id, at, notice).await
}

/// What a merge moved.
struct Moved {
    users: u64,
    locations: u64,
    tenants: u64,
}

/// Takes away the admin roles the confirming Global admin did not keep, and records the
/// decision for every arriving user who held an admin role in both accounts' audit logs.
async fn apply_role_decisions(
    tx: &mut WriteTx,
    who: &Principal,
    parties: (&Account, &Account),
    arriving: &[ArrivingUser],
    decisions: &[RoleDecision],
) -> Result<()> {
    let (survivor, absorbed) = parties;
    for decision in decisions {
        if decision.held.iter().all(|r| !r.is_admin()) {
            continue;
        }
        for role in &decision.dropped {
            sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role = $2")
                .bind(decision.user_id)
                .bind(role.slug())
                .execute(&mut **tx)
                .await?;
        }
        let email = arriving
            .iter()
            .find(|u| u.user_id == decision.user_id)
            .map(|u| u.email.as_str())
            .unwrap_or_default();
        let target = format!(
            "{email}, arriving with the merge of {} into {}",
            absorbed.named(),
            survivor.named()
        );
        let before = Told::of(Said::Roles(decision.held.clone()));
        let after = Told(vec![
            Said::Roles(decision.arrives_with.clone()),
            Said::AdminRolesKept(decision.kept.clone()),
            Said::AdminRolesDropped(decision.dropped.clone()),
        ]);
        for account_id in [survivor.id, absorbed.id] {
            tx.audit(Change {
                account_id: Some(account_id),
                actor_user_id: Some(who.user_id),
                actor: &who.email,
                area: Area::AccountMerge,
                action: AuditAction::RolesChanged,
                target: &target,
                before: before.clone(),
                after: after.clone(),
            })
            .await?;
        }
    }
    Ok(())
}
/// Moves everything of `absorbed` to `survivor` and marks `absorbed` merged (read-only): its
/// users (with the roles decided before); its locations, keeping their location IDs, none of
/// them legal; its
/// legal address (or, without one, a location made from the account) renamed after it and
/// given its partner ID as location ID (the address's own location ID is released); its
/// tenants, none of them primary. Its open email confirmations and directory sign-ins stop
/// working. Its records, verification, audit log and merge history stay with it.
async fn carry_out(
    tx: &mut WriteTx,
    who: &Principal,
    survivor: &Account,
    absorbed: &Account,
    at: i64,
) -> Result<Moved> {
    // One address is one user per account. An invitation on one side of an address that is a
    // user (or also invited) on the other is superseded by the merge: the absorbed account's
    // goes first, then the survivor's of an address that arrives as a user.
    sqlx::query(
        "DELETE FROM users WHERE account_id = $1 AND status = 'invited' \
         AND email IN (SELECT email FROM users WHERE account_id = $2)",
    )
    .bind(absorbed.id)
    .bind(survivor.id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "DELETE FROM users WHERE account_id = $1 AND status = 'invited' \
         AND email IN (SELECT email FROM users WHERE account_id = $2)",
    )
    .bind(survivor.id)
    .bind(absorbed.id)
    .execute(&mut **tx)
    .await?;
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

/// The inviting account confirms an accepted merge, once the caller's `password` is checked
/// again and while both companies are verified, and it runs, whole or not at all: the arriving
/// users keep only the admin roles `kept` names for them (checked against the invited
/// account's users now: anything else is refused as malformed), the decisions are audited,
/// the invited account's users, locations and tenants move to the caller's account and the
/// invited account becomes read-only. The Global, Account and Billing admins of both former
/// accounts (as they were before the merge) are told and asked to check the payout and tax
/// details.
pub async fn confirm(
    db: &Db,
    who: &Principal,
    merge_id: i64,
    password: &str,
    kept: &[KeptAdminRoles],
) -> Result<MergeSummary> {
    refuse_reviewer(who)?;
    auth::reauthenticate(db, who, password, Area::AccountMerge, REAUTH_WHAT).await?;
    let Taken {
        mut tx,
        inviter,
        invitee,
        at,
        ..
    } = take(db, who, merge_id, MergeStep::Confirm).await?;
    // Both account rows are locked by now (`take`): the invited account's users and roles
    // cannot change under the decision.
    let arriving = arriving_users(&mut tx, invitee.id).await?;
    let held: Vec<(i64, Vec<Role>)> = arriving
        .iter()
        .map(|u| (u.user_id, u.roles.clone()))
        .collect();
    // A refusal drops `tx`, which rolls the state change back.
    let decisions = rules::decide_roles(&held, kept)?;
    let told = [
        recipients(&mut tx, inviter.id, &COMPLETION).await?,
        recipients(&mut tx, invitee.id, &COMPLETION).await?,
    ];
    sqlx::query("UPDATE merges SET finished_at = $1, finished_by = $2 WHERE id = $3")
        .bind(at)
        .bind(&who.email)
        .bind(merge_id)
        .execute(&mut *tx)
        .await?;
    apply_role_decisions(&mut tx, who, (&inviter, &invitee), &arriving, &decisions).await?;
    let moved = carry_out(&mut tx, who, &inviter, &invitee, at).await?;
    release(&mut tx, merge_id).await?;
    let kept_count = decisions.iter().filter(|d| !d.kept.is_empty()).count();
    let by = &who.email;
    let (invitee_named, inviter_named) = (invitee.named(), inviter.named());
    let (invitee_name, inviter_name) = (&invitee.legal_name, &inviter.legal_name);
    let partner_id = &invitee.partner_id;
    let subject_en =
        format!("{invitee_name} merged into {inviter_name}: check payout and tax details");
    let subject_fr = format!(
        "{invitee_name} fusionné dans {inviter_name} : vérifiez le paiement et la fiscalité"
    );
    let inviter_words = Words {
        kind: NotificationKind::MergeCompleted,
        subject_en: subject_en.clone(),
        body_en: format!(
            "{by} confirmed the merge of {invitee_named} into {inviter_named}. \
             {invitee_name}'s users, locations and tenants are now part of {inviter_name}, and \
             its partner ID {partner_id} lives on as a location ID. The arriving users kept \
             their admin roles only where {by} chose to keep them ({kept_count} users kept at \
             least one; the audit log has each decision).\n\
             Please check {inviter_name}'s payout and tax details in Partner Settings: they now \
             cover both companies.\n"
        ),
        subject_fr: subject_fr.clone(),
        body_fr: format!(
            "{by} a confirmé la fusion de {invitee_named} dans {inviter_named}. Les \
             utilisateurs, sites et locataires de {invitee_name} font désormais partie de \
             {inviter_name}, et son ID partenaire {partner_id} devient un ID de site. Les \
             utilisateurs arrivés n'ont gardé leurs rôles d'administrateur que là où {by} l'a \
             choisi ({kept_count} utilisateurs en ont gardé au moins un ; le journal d'audit \
             détaille chaque décision).\n\
             Vérifiez les informations de paiement et fiscales de {inviter_name} dans \
             Paramètres partenaire : elles couvrent désormais les deux entreprises.\n"
        ),
    };
    let invitee_words = Words {
        kind: NotificationKind::MergeCompleted,
        subject_en,
        body_en: format!(
            "{by} confirmed the merge of {invitee_named} into {inviter_named}. You now sign in \
             to {inviter_name}'s workspace; {invitee_name} is read-only and its partner ID \
             {partner_id} lives on as a location ID.\n\
             Arriving users kept their admin roles only where {by} chose to keep them: your \
             Overview in Partner Settings shows the roles you have now.\n\
             Please check {inviter_name}'s payout and tax details: they now cover both \
             companies.\n"
        ),
        subject_fr,
        body_fr: format!(
            "{by} a confirmé la fusion de {invitee_named} dans {inviter_named}. Vous vous \
             connectez désormais à l'espace de {inviter_name} ; {invitee_name} est en lecture \
             seule et son ID partenaire {partner_id} devient un ID de site.\n\
             Les utilisateurs arrivés n'ont gardé leurs rôles d'administrateur que là où {by} \
             l'a choisi : votre vue d'ensemble dans Paramètres partenaire montre vos rôles \
             actuels.\n\
             Vérifiez les informations de paiement et fiscales de {inviter_name} : elles \
             couvrent désormais les deux entreprises.\n"
        ),
    };
    let notice = Notice {
        inviter: inviter_words,
        invitee: invitee_words,
        action: AuditAction::MergeCompleted,
        before: Told::of(Said::Merge(MergeState::Accepted)),
        after: Told(vec![
            Said::Merge(MergeState::Completed),
            Said::Moved {
                users: moved.users,
                locations: moved.locations,
                tenants: moved.tenants,
            },
        ]),
    };
    announce(
        db,
        tx,
        who,
        (&inviter, &invitee),
        told,
        merge_id,
        at,
        notice,
    )
    .await
}
