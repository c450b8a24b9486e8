//! Versioned records an account has exactly one of (the company profile, ...), stored as JSON.
//! One mechanism for reading, saving against a version and auditing the change; each record
//! type names its own key ([`Record::KIND`]), so a key is never read as another type.

use domain::audit::{AuditAction, Told};
use domain::model::Versioned;
use domain::Area;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::audit::Change;
use super::db::Db;
use super::tx::{stale, WriteTx};
use crate::error::{Error, Result};
use crate::now;
use crate::principal::Principal;

/// A record an account has one of.
pub trait Record: Serialize + DeserializeOwned + Default + Clone + Send + Sync + 'static {
    /// Its key in `account_records.kind`.
    const KIND: &'static str;
    /// The area of the workspace it belongs to (its audit entries say so).
    const AREA: Area;
    /// Whether a save is an "account changed" event (account-wide rules read the record).
    const ACCOUNT_CHANGED: bool = false;
}

fn empty<R: Record>() -> Versioned<R> {
    Versioned {
        form: R::default(),
        version: 0,
        updated_by: String::new(),
        updated_at: 0,
    }
}

/// The account's record `R` on `conn` (a never-saved record is the default at version 0).
pub async fn read<R: Record>(conn: &mut AnyConnection, account_id: i64) -> Result<Versioned<R>> {
    let row = sqlx::query(
        "SELECT data, version, updated_at, updated_by FROM account_records \
         WHERE account_id = $1 AND kind = $2",
    )
    .bind(account_id)
    .bind(R::KIND)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok(empty());
    };
    let data: String = row.try_get("data")?;
    Ok(Versioned {
        form: serde_json::from_str(&data)
            .map_err(|e| Error::Fault(format!("stored {} unreadable: {e}", R::KIND)))?,
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    })
}

/// The caller's account's record `R`.
pub async fn get<R: Record>(db: &Db, who: &Principal) -> Result<Versioned<R>> {
    let mut conn = db.reader().acquire().await?;
    read(&mut conn, who.account_id).await
}

/// Writes `value` as the account's record `R` in `tx`, whatever its version, in the name of
/// `by`: for changes the platform makes itself (a confirmed address, the demo seed). Not
/// audited here. An "account changed" event if `R` says so.
pub async fn put<R: Record>(
    tx: &mut WriteTx,
    account_id: i64,
    value: &R,
    by: &str,
    at: i64,
) -> Result<()> {
    let data = serde_json::to_string(value).map_err(|e| Error::Fault(e.to_string()))?;
    sqlx::query(
        "INSERT INTO account_records (account_id, kind, data, version, updated_at, updated_by) \
         VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (account_id, kind) DO UPDATE SET \
         data = $3, version = account_records.version + 1, updated_at = $4, updated_by = $5",
    )
    .bind(account_id)
    .bind(R::KIND)
    .bind(&data)
    .bind(at)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    if R::ACCOUNT_CHANGED {
        tx.account_changed(account_id);
    }
    Ok(())
}

/// Saves `value` if nobody saved since `version`, audits what changed (as `describe` says it:
/// before and after), and returns the saved record. Values that change nothing are neither
/// saved nor audited: the record comes back as it is. A stale version is refused with who
/// saved, when, and the record as it now is (JSON of `Versioned<R>`).
pub async fn save<R: Record>(
    db: &Db,
    who: &Principal,
    value: &R,
    version: i64,
    describe: impl Fn(&R, &R) -> (Told, Told),
) -> Result<Versioned<R>> {
    let before: Versioned<R> = get(db, who).await?;
    let data = serde_json::to_string(value).map_err(|e| Error::Fault(e.to_string()))?;
    let unchanged = serde_json::to_string(&before.form).is_ok_and(|saved| saved == data);
    if unchanged && before.version == version {
        return Ok(before);
    }
    let now = now();
    let mut tx = db.write().await?;
    let saved = if version == 0 {
        sqlx::query(
            "INSERT INTO account_records (account_id, kind, data, version, updated_at, updated_by) \
             VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (account_id, kind) DO NOTHING",
        )
        .bind(who.account_id)
        .bind(R::KIND)
        .bind(&data)
        .bind(now)
        .bind(&who.email)
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query(
            "UPDATE account_records SET data = $1, version = version + 1, updated_at = $2, \
             updated_by = $3 WHERE account_id = $4 AND kind = $5 AND version = $6",
        )
        .bind(&data)
        .bind(now)
        .bind(&who.email)
        .bind(who.account_id)
        .bind(R::KIND)
        .bind(version)
        .execute(&mut *tx)
        .await?
    };
    if saved.rows_affected() == 0 {
        tx.rollback().await?;
        let current: Versioned<R> = get(db, who).await?;
        return Err(stale(&current.updated_by, current.updated_at, &current));
    }
    let (old, new) = describe(&before.form, value);
    tx.audit(Change::by(who, R::AREA, AuditAction::SettingsChanged, R::KIND).values(old, new))
        .await?;
    if R::ACCOUNT_CHANGED {
        tx.account_changed(who.account_id);
    }
    tx.commit().await?;
    get(db, who).await
}
