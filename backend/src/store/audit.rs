//! What an audit entry holds, and its one write (through [`super::WriteTx::audit`]).

use domain::audit::{AuditAction, Said, Told};
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
    pub before: Told,
    pub after: Told,
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
            before: Told::nothing(),
            after: Told::nothing(),
        }
    }

    pub fn values(mut self, before: Told, after: Told) -> Self {
        self.before = before;
        self.after = after;
        self
    }
}

/// How a side of a change is stored: empty for nothing, else JSON.
fn stored(told: &Told) -> String {
    if told.is_empty() {
        String::new()
    } else {
        serde_json::to_string(&told.0).unwrap_or_default()
    }
}

/// A side of a change as stored: JSON as [`stored`] writes it, or, for entries written before
/// values were kept as data, their words as they are.
pub fn told_from(stored: &str) -> Told {
    if stored.is_empty() {
        return Told::nothing();
    }
    match serde_json::from_str::<Vec<Said>>(stored) {
        Ok(parts) if stored.starts_with('[') => Told(parts),
        _ => Told::of(Said::text(stored)),
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
    .bind(stored(&change.before))
    .bind(stored(&change.after))
    .execute(conn)
    .await?;
    Ok(())
}
