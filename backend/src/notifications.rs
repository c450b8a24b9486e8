//! The notification centre behind the bell.

use domain::model::{Notification, NotificationKind};
use sqlx::{Any, Row, Transaction};

use crate::auth::Principal;
use crate::db::Db;
use crate::error::Result;

/// How many notifications the bell shows at most.
const LIST_LIMIT: i64 = 50;

/// Leaves a notification for `user_id`, inside the caller's transaction.
pub async fn push(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
    kind: NotificationKind,
    now: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO notifications (user_id, kind, created_at) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(kind.code())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How many of the caller's notifications are unread.
pub async fn unread_count(db: &Db, who: &Principal) -> Result<u32> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(who.user_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get::<i64, _>("n")?.clamp(0, u32::MAX as i64) as u32)
}

/// The caller's newest notifications, newest first.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<Notification>> {
    let rows = sqlx::query(
        "SELECT id, kind, created_at, read_at FROM notifications \
         WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(who.user_id)
    .bind(LIST_LIMIT)
    .fetch_all(&db.pool)
    .await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in rows {
        let code: String = row.try_get("kind")?;
        let Some(kind) = NotificationKind::from_code(&code) else {
            tracing::warn!(%code, "unknown notification kind skipped");
            continue;
        };
        list.push(Notification {
            id: row.try_get("id")?,
            kind,
            created_at: row.try_get("created_at")?,
            read: row.try_get::<Option<i64>, _>("read_at")?.is_some(),
        });
    }
    Ok(list)
}

/// Marks every notification of the caller read (opening the bell does this).
pub async fn mark_all_read(db: &Db, who: &Principal) -> Result<()> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
        .bind(crate::now())
        .bind(who.user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}
