//! What an audit entry holds, and its one write (through [`super::WriteTx::audit`]).

use domain::audit::AuditAction;
use domain::Area;
use sqlx::AnyConnection;

use crate::error::Result;
use crate::principal::Principal;

/// One thing that happened.
pub struct Change<'a> {
    /// The account it happened in (None for a failed sign-in with an unknown email).
    pub account_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    pub actor: &'a str,
    pub area: Area,
    pub action: AuditAction,
    pub target: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

impl<'a> Change<'a> {
    /// A change made by the signed-in `who`.
    pub fn by(who: &'a Principal, area: Area, action: AuditAction, target: &'a str) -> Self {
        Change {
            account_id: Some(who.account_id),
            actor_user_id: Some(who.user_id),
            actor: &who.email,
            area,
            action,
            target,
            before: "",
            after: "",
        }
    }

    pub fn values(mut self, before: &'a str, after: &'a str) -> Self {
        self.before = before;
        self.after = after;
        self
    }
}

/// Writes `change` on the write transaction's connection.
pub(super) async fn write(conn: &mut AnyConnection, change: Change<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (account_id, at, actor_user_id, actor, area, action, target, \
         before_value, after_value) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(change.account_id)
    .bind(crate::now())
    .bind(change.actor_user_id)
    .bind(change.actor)
    .bind(change.area.slug())
    .bind(change.action.code())
    .bind(change.target)
    .bind(change.before)
    .bind(change.after)
    .execute(conn)
    .await?;
    Ok(())
}
