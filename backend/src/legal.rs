//! The company's legal identity: legal name, DUNS number and legal address (the address of the
//! location marked legal). One version covers them; a change to the legal location moves it too.

use domain::address::AddressInput;
use domain::audit::differences;
use domain::audit::AuditAction;
use domain::error::ConflictKind;
use domain::legal::{LegalIdentity, LegalIdentityForm, ValidLegalIdentity};
use domain::model::Versioned;
use domain::{ApiError, Area};
use sqlx::{Any, Row};

use crate::error::{is_unique_violation, Result};
use crate::now;
use crate::principal::Principal;
use crate::store::{Change, Db};

async fn load<'e, E>(executor: E, account_id: i64) -> Result<LegalIdentity>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT a.legal_name, a.duns, a.country AS account_country, a.legal_version, \
         a.legal_updated_at, a.legal_updated_by, l.country, l.street, l.city, l.region, \
         l.postal_code FROM accounts a \
         LEFT JOIN locations l ON l.account_id = a.id AND l.is_legal = 1 WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(executor)
    .await?
    .ok_or(ApiError::NotFound)?;
    let address = match row.try_get::<Option<String>, _>("country")? {
        Some(country) => AddressInput {
            country,
            street: row.try_get("street")?,
            city: row.try_get("city")?,
            region: row.try_get("region")?,
            postal_code: row.try_get("postal_code")?,
        },
        // No legal address yet: the form starts in the country given at sign-up.
        None => AddressInput {
            country: row.try_get("account_country")?,
            ..Default::default()
        },
    };
    Ok(Versioned {
        form: LegalIdentityForm {
            legal_name: row.try_get("legal_name")?,
            duns: row.try_get("duns")?,
            address,
        },
        version: row.try_get("legal_version")?,
        updated_by: row.try_get("legal_updated_by")?,
        updated_at: row.try_get("legal_updated_at")?,
    })
}

pub async fn get(db: &Db, who: &Principal) -> Result<LegalIdentity> {
    load(db.reader(), who.account_id).await
}

/// Saves the legal identity opened at `version`. A verified company whose legal name or legal
/// address changes goes back to review (the page says so before saving).
pub async fn save(
    db: &Db,
    who: &Principal,
    valid: ValidLegalIdentity,
    version: i64,
) -> Result<LegalIdentity> {
    let mut tx = db.write().await?;
    let before = load(&mut *tx, who.account_id).await?;
    let at = now();
    let a = &valid.address;
    let updated = sqlx::query(
        "UPDATE accounts SET legal_name = $1, duns = $2, country = $3, \
         legal_version = legal_version + 1, legal_updated_at = $4, legal_updated_by = $5 \
         WHERE id = $6 AND legal_version = $7",
    )
    .bind(valid.legal_name.as_str())
    .bind(valid.duns.as_ref().map_or("", |d| d.as_str()))
    .bind(&a.country)
    .bind(at)
    .bind(&who.email)
    .bind(who.account_id)
    .bind(version)
    .execute(&mut *tx)
    .await;
    let updated = match updated {
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            return Err(ApiError::Conflict(ConflictKind::DunsTaken).into());
        }
        other => other?,
    };
    if updated.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(crate::store::stale(
            &before.updated_by,
            before.updated_at,
            &before,
        ));
    }
    let legal_location: Option<i64> =
        sqlx::query("SELECT id FROM locations WHERE account_id = $1 AND is_legal = 1")
            .bind(who.account_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| row.try_get("id"))
            .transpose()?;
    match legal_location {
        Some(id) if before.form.address != *a => {
            sqlx::query(
                "UPDATE locations SET country = $1, street = $2, city = $3, region = $4, \
                 postal_code = $5, version = version + 1, updated_at = $6, updated_by = $7 \
                 WHERE id = $8",
            )
            .bind(&a.country)
            .bind(&a.street)
            .bind(&a.city)
            .bind(&a.region)
            .bind(&a.postal_code)
            .bind(at)
            .bind(&who.email)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        Some(_) => {}
        None => {
            let name = domain::locations::LEGAL_ADDRESS_NAME;
            crate::locations::insert(&mut tx, who, name, a, true, at).await?;
        }
    }
    let after = load(&mut *tx, who.account_id).await?;
    let (old, new) = differences::legal_identity(&before.form, &after.form);
    tx.audit(
        Change::by(
            who,
            Area::LegalInfo,
            AuditAction::SettingsChanged,
            "legal identity",
        )
        .values(old, new),
    )
    .await?;
    tx.commit().await?;
    if after.form.changes_verified_details(&before.form) {
        crate::verification::legal_details_changed(db, who).await?;
    }
    Ok(after)
}
