//! Company locations: list, add, change and remove, one of them the legal address. Versioned
//! and audited like every record.

use domain::address::AddressInput;
use domain::audit::{AuditAction, Note, Said, Told};
use domain::error::ConflictKind;
use domain::locations::{Location, LocationForm, ValidLocation};
use domain::{ApiError, Area};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::Result;
use crate::now;
use crate::principal::Principal;
use crate::store::{Change, Db, WriteTx};

const COLUMNS: &str =
    "id, name, country, street, city, region, postal_code, is_legal, version, updated_at, updated_by";

fn from_row(row: &AnyRow) -> Result<Location> {
    Ok(Location {
        id: row.try_get("id")?,
        form: LocationForm {
            name: row.try_get("name")?,
            address: AddressInput {
                country: row.try_get("country")?,
                street: row.try_get("street")?,
                city: row.try_get("city")?,
                region: row.try_get("region")?,
                postal_code: row.try_get("postal_code")?,
            },
            is_legal: row.try_get::<i64, _>("is_legal")? != 0,
        },
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    })
}

/// The caller's account's locations, the legal address first.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<Location>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM locations WHERE account_id = $1 ORDER BY is_legal DESC, name, id"
    ))
    .bind(who.account_id)
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(from_row).collect()
}

fn one_line(l: &LocationForm) -> Told {
    let a = &l.address;
    let place = format!("{} {}", a.postal_code, a.city);
    let lines: Vec<&str> = [a.street.as_str(), place.trim(), a.region.as_str()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    let mut parts = vec![Said::text(format!("{}: {}", l.name, lines.join(", ")))];
    parts.push(Said::Countries(vec![a.country.clone()]));
    if l.is_legal {
        parts.push(Said::Note(Note::LegalAddress));
    }
    Told(parts)
}

/// A location becoming the legal address takes the role from the others.
async fn claim_legal(tx: &mut WriteTx, who: &Principal, keep: i64) -> Result<()> {
    sqlx::query(
        "UPDATE locations SET is_legal = 0, version = version + 1, updated_at = $1, updated_by = $2 \
         WHERE account_id = $3 AND id <> $4 AND is_legal = 1",
    )
    .bind(now())
    .bind(&who.email)
    .bind(who.account_id)
    .bind(keep)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Inserts a location at version 1 with a fresh location ID; returns its row id.
pub(crate) async fn insert(
    tx: &mut WriteTx,
    who: &Principal,
    name: &str,
    a: &AddressInput,
    is_legal: bool,
    at: i64,
) -> Result<i64> {
    let location_id = crate::identifiers::new_location_id(tx).await?;
    Ok(sqlx::query(
        "INSERT INTO locations (account_id, name, country, street, city, region, postal_code, \
         is_legal, version, created_at, updated_at, updated_by, location_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9, $10, $11) RETURNING id",
    )
    .bind(who.account_id)
    .bind(name)
    .bind(&a.country)
    .bind(&a.street)
    .bind(&a.city)
    .bind(&a.region)
    .bind(&a.postal_code)
    .bind(i64::from(is_legal))
    .bind(at)
    .bind(&who.email)
    .bind(&location_id)
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?)
}

/// Marks a change of the legal address made from the locations list: the legal identity's
/// version moves and the account's country follows the legal address.
async fn legal_address_moved(tx: &mut WriteTx, who: &Principal, country: &str) -> Result<()> {
    sqlx::query(
        "UPDATE accounts SET country = $1, legal_version = legal_version + 1, \
         legal_updated_at = $2, legal_updated_by = $3 WHERE id = $4",
    )
    .bind(country)
    .bind(now())
    .bind(&who.email)
    .bind(who.account_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds a location (the first one is the legal address whatever was asked).
pub async fn add(db: &Db, who: &Principal, valid: ValidLocation) -> Result<Location> {
    let mut tx = db.write().await?;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM locations WHERE account_id = $1")
        .bind(who.account_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    let is_legal = valid.is_legal || existing == 0;
    let now = now();
    let a = &valid.address;
    let id = insert(&mut tx, who, &valid.name, a, is_legal, now).await?;
    if is_legal {
        claim_legal(&mut tx, who, id).await?;
        legal_address_moved(&mut tx, who, &a.country).await?;
    }
    let saved = load(&mut tx, who, id).await?;
    tx.audit(
        Change::by(
            who,
            Area::LegalInfo,
            AuditAction::SettingsChanged,
            "company location",
        )
        .values(Told::nothing(), one_line(&saved.form)),
    )
    .await?;
    tx.commit().await?;
    if is_legal {
        crate::verification::legal_details_changed(db, who).await?;
    }
    Ok(saved)
}

async fn load(tx: &mut WriteTx, who: &Principal, id: i64) -> Result<Location> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM locations WHERE id = $1 AND account_id = $2"
    ))
    .bind(id)
    .bind(who.account_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(ApiError::NotFound)?;
    from_row(&row)
}

/// Refuses a change to `current` opened at another version (see [`crate::store::check_version`]).
fn check_version(current: &Location, opened: i64) -> crate::Result<()> {
    crate::store::check_version(
        current.version,
        opened,
        &current.updated_by,
        current.updated_at,
        current,
    )
}

/// Changes a location opened at `version`. The legal address stays legal (another location
/// takes the role by being marked legal itself).
pub async fn update(
    db: &Db,
    who: &Principal,
    id: i64,
    valid: ValidLocation,
    version: i64,
) -> Result<Location> {
    let mut tx = db.write().await?;
    let before = load(&mut tx, who, id).await?;
    check_version(&before, version)?;
    let is_legal = valid.is_legal || before.form.is_legal;
    let a = &valid.address;
    sqlx::query(
        "UPDATE locations SET name = $1, country = $2, street = $3, city = $4, region = $5, \
         postal_code = $6, is_legal = $7, version = version + 1, updated_at = $8, updated_by = $9 \
         WHERE id = $10 AND account_id = $11",
    )
    .bind(&valid.name)
    .bind(&a.country)
    .bind(&a.street)
    .bind(&a.city)
    .bind(&a.region)
    .bind(&a.postal_code)
    .bind(i64::from(is_legal))
    .bind(now())
    .bind(&who.email)
    .bind(id)
    .bind(who.account_id)
    .execute(&mut *tx)
    .await?;
    if is_legal {
        claim_legal(&mut tx, who, id).await?;
        legal_address_moved(&mut tx, who, &a.country).await?;
    }
    let saved = load(&mut tx, who, id).await?;
    tx.audit(
        Change::by(
            who,
            Area::LegalInfo,
            AuditAction::SettingsChanged,
            "company location",
        )
        .values(one_line(&before.form), one_line(&saved.form)),
    )
    .await?;
    tx.commit().await?;
    let legal_address_changed =
        is_legal && (!before.form.is_legal || before.form.address != saved.form.address);
    if legal_address_changed {
        crate::verification::legal_details_changed(db, who).await?;
    }
    Ok(saved)
}

/// Removes a location; the legal address cannot be removed (mark another one legal first).
pub async fn remove(db: &Db, who: &Principal, id: i64, version: i64) -> Result<()> {
    let mut tx = db.write().await?;
    let before = load(&mut tx, who, id).await?;
    check_version(&before, version)?;
    if before.form.is_legal {
        return Err(ApiError::Conflict(ConflictKind::LegalAddress).into());
    }
    sqlx::query("DELETE FROM locations WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(who.account_id)
        .execute(&mut *tx)
        .await?;
    tx.audit(
        Change::by(
            who,
            Area::LegalInfo,
            AuditAction::SettingsChanged,
            "company location",
        )
        .values(one_line(&before.form), Told::nothing()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
