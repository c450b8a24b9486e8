//! Versioned records an account has exactly one of (the company profile, ...), stored as JSON.
//! One mechanism for reading, saving against a version and auditing the change.

use domain::audit::AuditAction;
use domain::error::ConflictKind;
use domain::model::Versioned;
use domain::{ApiError, Area};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::now;

/// Which record, and which area of the workspace it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub key: &'static str,
    pub area: Area,
}

pub const CONTACTS: Kind = Kind {
    key: "contacts",
    area: Area::LegalInfo,
};

pub const INCENTIVES: Kind = Kind {
    key: "incentives",
    area: Area::Incentives,
};

pub const SUPPORT_DETAILS: Kind = Kind {
    key: "support-details",
    area: Area::SupportDetails,
};

pub const PUBLISHER_NAME: Kind = Kind {
    key: "publisher-name",
    area: Area::PublisherName,
};

pub const SELLER_CONTACT: Kind = Kind {
    key: "seller-contact",
    area: Area::SellerContact,
};

pub const COMPANY_APPROVER: Kind = Kind {
    key: "company-approver",
    area: Area::CompanyApprover,
};

pub const COMPANY_PROFILE: Kind = Kind {
    key: "company-profile",
    area: Area::CompanyProfile,
};

pub async fn get<T: DeserializeOwned + Default>(
    db: &Db,
    who: &Principal,
    kind: Kind,
) -> Result<Versioned<T>> {
    let row = sqlx::query(
        "SELECT data, version, updated_at, updated_by FROM account_records \
         WHERE account_id = $1 AND kind = $2",
    )
    .bind(who.account_id)
    .bind(kind.key)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(Versioned {
            form: T::default(),
            version: 0,
            updated_by: String::new(),
            updated_at: 0,
        });
    };
    let data: String = row.try_get("data")?;
    Ok(Versioned {
        form: serde_json::from_str(&data)
            .map_err(|e| Error::Fault(format!("stored {} unreadable: {e}", kind.key)))?,
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    })
}

/// Saves `value` if nobody saved since `version`, audits what changed (as `describe` words it:
/// before and after), and returns the saved record. A stale version is refused with who saved,
/// when, and the record as it now is (JSON of `Versioned<T>`).
pub async fn save<T>(
    db: &Db,
    who: &Principal,
    kind: Kind,
    value: &T,
    version: i64,
    describe: impl Fn(&T, &T) -> (String, String),
) -> Result<Versioned<T>>
where
    T: Serialize + DeserializeOwned + Default + Clone,
{
    let before: Versioned<T> = get(db, who, kind).await?;
    let data = serde_json::to_string(value).map_err(|e| Error::Fault(e.to_string()))?;
    let now = now();
    let mut tx = db.pool.begin().await?;
    let saved = if version == 0 {
        sqlx::query(
            "INSERT INTO account_records (account_id, kind, data, version, updated_at, updated_by) \
             VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (account_id, kind) DO NOTHING",
        )
        .bind(who.account_id)
        .bind(kind.key)
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
        .bind(kind.key)
        .bind(version)
        .execute(&mut *tx)
        .await?
    };
    if saved.rows_affected() == 0 {
        tx.rollback().await?;
        let current: Versioned<T> = get(db, who, kind).await?;
        return Err(ApiError::Conflict(ConflictKind::Stale {
            by: current.updated_by.clone(),
            at: current.updated_at,
            current: serde_json::to_string(&current).unwrap_or_default(),
        })
        .into());
    }
    let (old, new) = describe(&before.form, value);
    audit::record(
        &mut *tx,
        Change::by(who, kind.area, AuditAction::SettingsChanged, kind.key).values(&old, &new),
    )
    .await?;
    if kind.key == COMPANY_PROFILE.key {
        // Programs that need a complete profile see the change in the same transaction.
        crate::programs::watch(&mut tx, who.account_id).await?;
    }
    tx.commit().await?;
    get(db, who, kind).await
}
