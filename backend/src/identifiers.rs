//! Identifiers assigned by the platform: location IDs (drawn like partner IDs, from the same
//! 7-digit space, so a merged account's partner ID can later live on as a location ID) and the
//! view of every identifier of an account.

use domain::identifiers::{Identifiers, LocationIdentifier};
use rand::Rng;
use sqlx::Row;

use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::store::{Db, WriteTx};

/// A fresh 7-digit ID used by no account and no location.
pub(crate) async fn new_location_id(tx: &mut WriteTx) -> Result<String> {
    for _ in 0..20 {
        let candidate = rand::thread_rng()
            .gen_range(1_000_000..10_000_000)
            .to_string();
        let taken: i64 = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM accounts WHERE partner_id = $1) + \
             (SELECT COUNT(*) FROM locations WHERE location_id = $1) AS n",
        )
        .bind(&candidate)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
        if taken == 0 {
            return Ok(candidate);
        }
    }
    Err(Error::Fault("no free location ID after 20 tries".into()))
}

/// Gives every location created before location IDs existed its own. Run at start.
pub async fn assign_missing_location_ids(db: &Db) -> Result<u64> {
    let mut tx = db.write().await?;
    let missing = sqlx::query("SELECT id FROM locations WHERE location_id IS NULL")
        .fetch_all(&mut *tx)
        .await?;
    for row in &missing {
        let id: i64 = row.try_get("id")?;
        let location_id = new_location_id(&mut tx).await?;
        sqlx::query("UPDATE locations SET location_id = $1 WHERE id = $2")
            .bind(&location_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(missing.len() as u64)
}

/// Every identifier of the caller's account.
pub async fn view(db: &Db, who: &Principal) -> Result<Identifiers> {
    let partner_id: String = sqlx::query("SELECT partner_id FROM accounts WHERE id = $1")
        .bind(who.account_id)
        .fetch_one(db.reader())
        .await?
        .try_get("partner_id")?;
    let rows = sqlx::query(
        "SELECT location_id, name, city, country, is_legal FROM locations \
         WHERE account_id = $1 AND location_id IS NOT NULL ORDER BY is_legal DESC, name, id",
    )
    .bind(who.account_id)
    .fetch_all(db.reader())
    .await?;
    let locations = rows
        .iter()
        .map(|r| {
            Ok(LocationIdentifier {
                location_id: r.try_get("location_id")?,
                name: r.try_get("name")?,
                city: r.try_get("city")?,
                country: r.try_get("country")?,
                is_legal: r.try_get::<i64, _>("is_legal")? != 0,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // Issued by program enrolment (`crate::programs`), once, when the enrolment first becomes
    // active.
    let (publisher_id, windows_publisher_id) =
        crate::programs::issued_identifiers(db, who.account_id).await?;
    Ok(Identifiers {
        partner_id,
        locations,
        publisher_id,
        windows_publisher_id,
    })
}
