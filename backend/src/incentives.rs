//! Incentives settings: one versioned record per account.

use domain::audit::AuditAction;
use domain::error::ConflictKind;
use domain::model::{IncentiveForm, IncentiveSettings, ValidIncentives};
use domain::{ApiError, Area};
use sqlx::Row;

use crate::audit::{self, Change};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::Result;
use crate::now;

/// The account's settings; a never-saved record is empty at version 0.
pub async fn get(db: &Db, who: &Principal) -> Result<IncentiveSettings> {
    let row = sqlx::query(
        "SELECT payment_contact_name, payment_contact_email, claims_email, version, updated_at, \
         updated_by FROM incentive_settings WHERE account_id = $1",
    )
    .bind(who.account_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(IncentiveSettings {
            form: IncentiveForm::default(),
            version: 0,
            updated_by: String::new(),
            updated_at: 0,
        });
    };
    Ok(IncentiveSettings {
        form: IncentiveForm {
            payment_contact_name: row.try_get("payment_contact_name")?,
            payment_contact_email: row.try_get("payment_contact_email")?,
            claims_email: row.try_get("claims_email")?,
        },
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    })
}

/// Saves the settings if nobody saved them since `version`; otherwise refuses with who saved,
/// when, and the settings as they now are.
pub async fn update(
    db: &Db,
    who: &Principal,
    valid: ValidIncentives,
    version: i64,
) -> Result<IncentiveSettings> {
    let before = get(db, who).await?;
    let now = now();
    let mut tx = db.pool.begin().await?;
    let name = valid.payment_contact_name.as_str();
    let email = valid.payment_contact_email.as_str();
    let claims = valid.claims_email.as_str();
    let saved = if version == 0 {
        sqlx::query(
            "INSERT INTO incentive_settings (account_id, payment_contact_name, payment_contact_email, \
             claims_email, version, updated_at, updated_by) VALUES ($1, $2, $3, $4, 1, $5, $6) \
             ON CONFLICT (account_id) DO NOTHING",
        )
        .bind(who.account_id)
        .bind(name)
        .bind(email)
        .bind(claims)
        .bind(now)
        .bind(&who.email)
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query(
            "UPDATE incentive_settings SET payment_contact_name = $1, payment_contact_email = $2, \
             claims_email = $3, version = version + 1, updated_at = $4, updated_by = $5 \
             WHERE account_id = $6 AND version = $7",
        )
        .bind(name)
        .bind(email)
        .bind(claims)
        .bind(now)
        .bind(&who.email)
        .bind(who.account_id)
        .bind(version)
        .execute(&mut *tx)
        .await?
    };
    if saved.rows_affected() == 0 {
        tx.rollback().await?;
        let current = get(db, who).await?;
        return Err(ApiError::Conflict(ConflictKind::Stale {
            by: current.updated_by.clone(),
            at: current.updated_at,
            current: serde_json::to_string(&current).unwrap_or_default(),
        })
        .into());
    }
    let after = IncentiveForm {
        payment_contact_name: name.to_owned(),
        payment_contact_email: email.to_owned(),
        claims_email: claims.to_owned(),
    };
    let (old, new) = differences(&before.form, &after);
    audit::record(
        &mut *tx,
        Change::by(
            who,
            Area::Incentives,
            AuditAction::SettingsChanged,
            "incentive settings",
        )
        .values(&old, &new),
    )
    .await?;
    tx.commit().await?;
    get(db, who).await
}

/// The changed fields, before and after, as `field: value` lines for the audit log.
fn differences(before: &IncentiveForm, after: &IncentiveForm) -> (String, String) {
    let fields = [
        (
            "payment_contact_name",
            &before.payment_contact_name,
            &after.payment_contact_name,
        ),
        (
            "payment_contact_email",
            &before.payment_contact_email,
            &after.payment_contact_email,
        ),
        ("claims_email", &before.claims_email, &after.claims_email),
    ];
    let changed: Vec<_> = fields.iter().filter(|(_, b, a)| b != a).collect();
    let side = |pick: fn(&(&str, &String, &String)) -> String| {
        changed
            .iter()
            .map(|f| pick(f))
            .collect::<Vec<_>>()
            .join("; ")
    };
    (
        side(|(n, b, _)| format!("{n}: {b}")),
        side(|(n, _, a)| format!("{n}: {a}")),
    )
}
