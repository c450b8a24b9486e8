//! The Actions of the bell's notification centre: what the company must or should do, computed
//! live from the account's data at each request (never stored, so an action disappears by
//! itself once done). Each user sees only the actions they may take (edit access to the area,
//! `ActionKind::shown_to`), and may archive a recommended one for themselves; a mandatory one
//! cannot be archived.

use domain::confirmations::EmailPurpose;
use domain::error::ConflictKind;
use domain::merge::MERGE_INVITATION_LIFETIME_SECS;
use domain::notification_centre::{action_key, Action, ActionKind, NotificationCount};
use domain::verification::VerificationStatus;
use domain::ApiError;
use sqlx::Row;

use crate::error::Result;
use crate::now;
use crate::principal::Principal;
use crate::store::Db;
use crate::tax::tax_profile_complete;

/// Every open action of the caller's account that the caller may take, archived ones included.
async fn open_actions(db: &Db, who: &Principal) -> Result<Vec<Action>> {
    let mut actions = Vec::new();
    // A merged account is read-only: nothing can be done there any more.
    if who.account_merged || who.reviewer {
        return Ok(actions);
    }
    let shown = |kind: ActionKind| kind.shown_to(&who.roles);

    if shown(ActionKind::VerifyPrimaryEmail) {
        let pending = sqlx::query(
            "SELECT id, created_at FROM email_confirmations WHERE account_id = $1 \
             AND purpose = $2 AND confirmed_at IS NULL AND cancelled_at IS NULL \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(who.account_id)
        .bind(EmailPurpose::PrimaryContact.code())
        .fetch_optional(db.reader())
        .await?;
        if let Some(row) = pending {
            actions.push(Action {
                kind: ActionKind::VerifyPrimaryEmail,
                subject: Some(row.try_get("id")?),
                since: Some(row.try_get("created_at")?),
            });
        }
    }

    if shown(ActionKind::CompleteTaxProfile) {
        let mut conn = db.reader().acquire().await?;
        if !tax_profile_complete(&mut conn, who.account_id).await? {
            actions.push(Action {
                kind: ActionKind::CompleteTaxProfile,
                subject: None,
                since: None,
            });
        }
    }

    if shown(ActionKind::AnswerReviewer) {
        let asked = sqlx::query(
            "SELECT updated_at FROM verification WHERE account_id = $1 AND status = $2",
        )
        .bind(who.account_id)
        .bind(VerificationStatus::ActionRequired.code())
        .fetch_optional(db.reader())
        .await?;
        if let Some(row) = asked {
            actions.push(Action {
                kind: ActionKind::AnswerReviewer,
                subject: None,
                since: Some(row.try_get("updated_at")?),
            });
        }
    }

    if shown(ActionKind::AnswerMergeInvitation) {
        // An invitation past its lifetime has expired, whatever its stored state says.
        let invitations = sqlx::query(
            "SELECT id, invited_at FROM merges WHERE invitee_account_id = $1 \
             AND state = 'invited' AND invited_at > $2 ORDER BY id",
        )
        .bind(who.account_id)
        .bind(now() - MERGE_INVITATION_LIFETIME_SECS)
        .fetch_all(db.reader())
        .await?;
        for row in invitations {
            actions.push(Action {
                kind: ActionKind::AnswerMergeInvitation,
                subject: Some(row.try_get("id")?),
                since: Some(row.try_get("invited_at")?),
            });
        }
    }
    Ok(actions)
}

/// The keys of the actions the caller archived.
async fn archived(db: &Db, who: &Principal) -> Result<Vec<String>> {
    let rows = sqlx::query("SELECT action FROM archived_actions WHERE user_id = $1")
        .bind(who.user_id)
        .fetch_all(db.reader())
        .await?;
    rows.into_iter()
        .map(|row| Ok(row.try_get::<String, _>("action")?))
        .collect()
}

/// The caller's open actions, mandatory ones first, without those they archived.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<Action>> {
    let archived = archived(db, who).await?;
    let mut actions: Vec<Action> = open_actions(db, who)
        .await?
        .into_iter()
        .filter(|a| a.mandatory() || !archived.contains(&a.key()))
        .collect();
    actions.sort_by_key(|a| !a.mandatory());
    Ok(actions)
}

/// Archives a recommended action for the caller alone. A mandatory action is refused; an
/// action that is not open for the caller (done, never there, not theirs to take) is not found.
pub async fn archive(
    db: &Db,
    who: &Principal,
    kind: ActionKind,
    subject: Option<i64>,
) -> Result<()> {
    let open = open_actions(db, who).await?;
    if !open.iter().any(|a| a.kind == kind && a.subject == subject) {
        return Err(ApiError::NotFound.into());
    }
    if kind.mandatory() {
        return Err(ApiError::Conflict(ConflictKind::ActionMandatory).into());
    }
    db.write_once(
        sqlx::query(
            "INSERT INTO archived_actions (user_id, action, archived_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, action) DO NOTHING",
        )
        .bind(who.user_id)
        .bind(action_key(kind, subject))
        .bind(now()),
    )
    .await?;
    Ok(())
}

/// What the bell polls: the caller's unread notifications and open actions.
pub async fn count(db: &Db, who: &Principal) -> Result<NotificationCount> {
    Ok(NotificationCount {
        unread: crate::notifications::unread_count(db, who).await?,
        actions: list(db, who).await?.len().min(u32::MAX as usize) as u32,
    })
}
