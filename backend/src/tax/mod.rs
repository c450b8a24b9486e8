//! The company's tax profile: its tax ID for its legal country and, in the EU, its VAT ID with
//! the VAT registry's verdict; and its tax exemption certificates ([`certificates`]).
//!
//! A VAT ID is checked with the registry when it is saved. When the registry cannot be reached
//! the profile is saved all the same, the VAT ID marked "not checked yet" (nothing the user
//! typed is lost); "Check again" asks once more. Only a VAT ID the registry confirmed counts
//! towards a complete profile ([`tax_profile_complete`]).

pub mod certificates;
pub mod registry;

use domain::audit::{differences, AuditAction, Said, Told};
use domain::model::Versioned;
use domain::tax::profile::{is_complete, TaxProfile, TaxProfileForm, VatStatus, VatVerdict};
use domain::tax::VatId;
use domain::{ApiError, Area, Field};
use sqlx::{AnyConnection, Row};

pub use registry::{VatRegistry, Verdict};

use crate::error::Result;
use crate::now;
use crate::principal::Principal;
use crate::store::{Change, Db};

/// The audit log's name for the tax profile.
const TARGET: &str = "tax-profile";

/// The tax profile of `account_id` as the page shows it.
async fn load(conn: &mut AnyConnection, account_id: i64) -> Result<TaxProfile> {
    let row = sqlx::query(
        "SELECT a.country AS legal_country, t.country, t.tax_id, t.vat_id, t.vat_status, \
         t.vat_name, t.vat_address, t.vat_checked_at, t.version, t.updated_at, t.updated_by \
         FROM accounts a LEFT JOIN tax_profiles t ON t.account_id = a.id WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ApiError::NotFound)?;
    let country: String = row.try_get("legal_country")?;
    let Some(saved_country) = row.try_get::<Option<String>, _>("country")? else {
        return Ok(TaxProfile {
            record: Versioned {
                form: TaxProfileForm::default(),
                version: 0,
                updated_by: String::new(),
                updated_at: 0,
            },
            complete: false,
            country,
            saved_country: String::new(),
            vat: None,
        });
    };
    let vat_id: String = row.try_get("vat_id")?;
    let vat = if vat_id.is_empty() {
        None
    } else {
        let code: String = row.try_get("vat_status")?;
        Some(VatVerdict {
            status: VatStatus::from_code(&code).unwrap_or(VatStatus::NotChecked),
            name: row.try_get("vat_name")?,
            address: row.try_get("vat_address")?,
            checked_at: row.try_get("vat_checked_at")?,
        })
    };
    Ok(TaxProfile {
        complete: is_complete(&country, &saved_country, vat.as_ref().map(|v| v.status)),
        record: Versioned {
            form: TaxProfileForm {
                tax_id: row.try_get("tax_id")?,
                vat_id,
            },
            version: row.try_get("version")?,
            updated_by: row.try_get("updated_by")?,
            updated_at: row.try_get("updated_at")?,
        },
        country,
        saved_country,
        vat,
    })
}

/// The caller's account's tax profile.
pub async fn get(db: &Db, who: &Principal) -> Result<TaxProfile> {
    let mut conn = db.reader().acquire().await?;
    load(&mut conn, who.account_id).await
}

/// Whether the account's tax profile is complete: a tax ID saved for its legal country and,
/// for a company in the EU, a VAT ID the registry confirmed valid. (The programs' requirement
/// "tax profile complete" and the notification centre's action read this.)
pub async fn tax_profile_complete(conn: &mut AnyConnection, account_id: i64) -> Result<bool> {
    match load(conn, account_id).await {
        Ok(profile) => Ok(profile.complete),
        Err(crate::Error::Refused(ApiError::NotFound)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The stored verdict columns for a registry answer (`None`: could not be checked).
fn verdict_columns(verdict: Option<&Verdict>, at: i64) -> (VatStatus, String, String, Option<i64>) {
    match verdict {
        Some(Verdict::Valid { name, address }) => {
            (VatStatus::Valid, name.clone(), address.clone(), Some(at))
        }
        Some(Verdict::Invalid) => (VatStatus::Invalid, String::new(), String::new(), Some(at)),
        None => (VatStatus::NotChecked, String::new(), String::new(), None),
    }
}

/// Saves the tax profile opened at `version`. The tax ID is checked for the account's legal
/// country; a new VAT ID (or one not checked yet) is checked with `registry` first, outside
/// the transaction. Refused when someone saved since (with their version), audited otherwise.
pub async fn save(
    db: &Db,
    registry: &VatRegistry,
    who: &Principal,
    form: &TaxProfileForm,
    version: i64,
) -> Result<TaxProfile> {
    let before = get(db, who).await?;
    let valid = form.parse(&before.country)?;
    let saved = valid.form();
    let unchanged_vat = before.record.version > 0 && before.record.form.vat_id == saved.vat_id;
    let at = now();
    let columns = match (&valid.vat_id, &before.vat) {
        (None, _) => (VatStatus::NotChecked, String::new(), String::new(), None),
        // The same VAT ID, already answered for: keep the verdict and when it was given.
        (Some(_), Some(v)) if unchanged_vat && v.status != VatStatus::NotChecked => {
            (v.status, v.name.clone(), v.address.clone(), v.checked_at)
        }
        (Some(vat), _) => verdict_columns(registry.check(vat).await.as_ref(), at),
    };
    let (status, name, address, checked_at) = columns;
    let mut tx = db.write().await?;
    let written = if version == 0 {
        sqlx::query(
            "INSERT INTO tax_profiles (account_id, country, tax_id, vat_id, vat_status, vat_name, \
             vat_address, vat_checked_at, version, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10) \
             ON CONFLICT (account_id) DO NOTHING",
        )
        .bind(who.account_id)
        .bind(&before.country)
        .bind(&saved.tax_id)
        .bind(&saved.vat_id)
        .bind(status.code())
        .bind(&name)
        .bind(&address)
        .bind(checked_at)
        .bind(at)
        .bind(&who.email)
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query(
            "UPDATE tax_profiles SET country = $1, tax_id = $2, vat_id = $3, vat_status = $4, \
             vat_name = $5, vat_address = $6, vat_checked_at = $7, version = version + 1, \
             updated_at = $8, updated_by = $9 WHERE account_id = $10 AND version = $11",
        )
        .bind(&before.country)
        .bind(&saved.tax_id)
        .bind(&saved.vat_id)
        .bind(status.code())
        .bind(&name)
        .bind(&address)
        .bind(checked_at)
        .bind(at)
        .bind(&who.email)
        .bind(who.account_id)
        .bind(version)
        .execute(&mut *tx)
        .await?
    };
    if written.rows_affected() == 0 {
        let current = load(&mut tx, who.account_id).await?;
        tx.rollback().await?;
        return Err(crate::store::stale(
            &current.record.updated_by,
            current.record.updated_at,
            &current,
        ));
    }
    let (old, mut new) = differences::tax_profile(&before.record.form, &saved);
    if !saved.vat_id.is_empty() {
        new.0.push(Said::Vat(status));
    }
    tx.audit(
        Change::by(who, Area::PayoutTax, AuditAction::SettingsChanged, TARGET).values(old, new),
    )
    .await?;
    let profile = load(&mut tx, who.account_id).await?;
    tx.commit().await?;
    Ok(profile)
}

/// Asks the registry again about the saved VAT ID (after it could not be reached, or to
/// refresh the verdict). `Unavailable` when it still cannot be reached: nothing changes then.
pub async fn check_again(db: &Db, registry: &VatRegistry, who: &Principal) -> Result<TaxProfile> {
    let before = get(db, who).await?;
    let Some(previous) = before.vat.as_ref() else {
        return Err(ApiError::NotFound.into());
    };
    let vat = VatId::parse(&before.record.form.vat_id)?;
    let Some(verdict) = registry.check(&vat).await else {
        return Err(ApiError::Unavailable.into());
    };
    let at = now();
    let (status, name, address, checked_at) = verdict_columns(Some(&verdict), at);
    let mut tx = db.write().await?;
    // Only if the VAT ID is still the one checked (someone may have saved another meanwhile).
    let written = sqlx::query(
        "UPDATE tax_profiles SET vat_status = $1, vat_name = $2, vat_address = $3, \
         vat_checked_at = $4 WHERE account_id = $5 AND vat_id = $6",
    )
    .bind(status.code())
    .bind(&name)
    .bind(&address)
    .bind(checked_at)
    .bind(who.account_id)
    .bind(vat.as_str())
    .execute(&mut *tx)
    .await?;
    if written.rows_affected() > 0 {
        let verdict = |status| {
            Told(vec![
                Said::typed(Field::VatId, vat.as_str()),
                Said::Vat(status),
            ])
        };
        tx.audit(
            Change::by(who, Area::PayoutTax, AuditAction::SettingsChanged, TARGET)
                .values(verdict(previous.status), verdict(status)),
        )
        .await?;
    }
    let profile = load(&mut tx, who.account_id).await?;
    tx.commit().await?;
    Ok(profile)
}
