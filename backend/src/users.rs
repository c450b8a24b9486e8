//! Reading users: the signed-in user's own profile and the account's user list.

use domain::model::{AccountSummary, Me, UserRow, UserStatus};
use domain::ApiError;
use sqlx::Row;

use crate::auth::{roles_of, Principal};
use crate::db::Db;
use crate::error::Result;
use crate::notifications;

/// The signed-in user, their account, roles and unread count.
pub async fn me(db: &Db, who: &Principal) -> Result<Me> {
    let row = sqlx::query(
        "SELECT u.name, u.email, a.legal_name, a.partner_id, a.country \
         FROM users u JOIN accounts a ON a.id = u.account_id \
         WHERE u.id = $1 AND u.account_id = $2",
    )
    .bind(who.user_id)
    .bind(who.account_id)
    .fetch_optional(&db.pool)
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
    })
}

/// Every user of the caller's account (and only of it), by name.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<UserRow>> {
    let rows =
        sqlx::query("SELECT id, name, email FROM users WHERE account_id = $1 ORDER BY name, id")
            .bind(who.account_id)
            .fetch_all(&db.pool)
            .await?;
    let mut users = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.try_get("id")?;
        users.push(UserRow {
            id,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            roles: roles_of(db, id).await?,
            status: UserStatus::Active,
        });
    }
    Ok(users)
}

/// The account a user belongs to.
pub async fn account_of(db: &Db, user_id: i64) -> Result<i64> {
    let row = sqlx::query("SELECT account_id FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(row.try_get("account_id")?)
}
