//! The audit log: every change made in the workspace, sign-ins and failed sign-ins, written in
//! the same transaction as the change it records.

use domain::audit::{iso_utc, AuditAction, AuditEntry, AuditFilter, Filed, Told};
use domain::Area;
use sqlx::Row;

use crate::error::Result;
use crate::principal::Principal;
use crate::store::Db;

/// How many entries one page of the log shows at most (and the CSV export holds).
pub const LIST_LIMIT: i64 = 5000;

use crate::store::told_from;
pub use crate::store::Change;

/// Writes `change` in a write transaction of its own (a sign-in, a refused password: nothing
/// else is written with it).
pub async fn record(db: &Db, change: Change<'_>) -> Result<()> {
    let mut tx = db.write().await?;
    tx.audit(change).await?;
    tx.commit().await
}

/// The caller's account's log, newest first, filtered.
pub async fn list(db: &Db, who: &Principal, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    filter.check()?;
    let user = format!("%{}%", filter.user.trim().to_lowercase());
    // Sign-ins are told apart by their action: they are stored under the Overview area.
    let sign_ins = AuditAction::SIGN_INS
        .map(|a| format!("'{}'", a.code()))
        .join(", ");
    let rows = sqlx::query(&format!(
        "SELECT id, at, actor, area, action, target, before_value, after_value FROM audit_log \
         WHERE account_id = $1 \
           AND (LOWER(actor) LIKE $2 OR LOWER(target) LIKE $2) \
           AND ($3 = '' \
                OR ($3 = $7 AND action IN ({sign_ins})) \
                OR (area = $3 AND action NOT IN ({sign_ins}))) \
           AND at >= $4 AND at < $5 \
         ORDER BY at DESC, id DESC LIMIT $6"
    ))
    .bind(who.account_id)
    .bind(user)
    .bind(filter.area.map(Filed::slug).unwrap_or(""))
    .bind(filter.from.unwrap_or(i64::MIN))
    .bind(filter.to.unwrap_or(i64::MAX))
    .bind(LIST_LIMIT)
    .bind(Filed::SIGN_INS_SLUG)
    .fetch_all(db.reader())
    .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let area: String = row.try_get("area")?;
        let action: String = row.try_get("action")?;
        let (Some(area), Some(action)) = (Area::from_slug(&area), AuditAction::from_code(&action))
        else {
            tracing::warn!(%area, %action, "unknown audit entry skipped");
            continue;
        };
        entries.push(AuditEntry {
            id: row.try_get("id")?,
            at: row.try_get("at")?,
            actor: row.try_get("actor")?,
            area,
            action,
            target: row.try_get("target")?,
            before: told_from(&row.try_get::<String, _>("before_value")?),
            after: told_from(&row.try_get::<String, _>("after_value")?),
        });
    }
    Ok(entries)
}

/// Writes entries as CSV (RFC 4180) with `separator` between cells (`,` or `;`, as the
/// reader's spreadsheet expects) and every cell quoted, so a separator inside a value never
/// splits it; times in UTC ISO 8601. A cell that a spreadsheet would run as a formula gets an
/// apostrophe first (CSV injection). Before and after read as `word` words them (in the reader's
/// language).
pub fn to_csv(
    entries: &[AuditEntry],
    separator: u8,
    word: impl Fn(&Told) -> String,
) -> Result<String> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(separator)
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fault = |e: csv::Error| crate::Error::Fault(format!("CSV export: {e}"));
    writer
        .write_record([
            "time_utc", "actor", "area", "action", "target", "before", "after",
        ])
        .map_err(fault)?;
    for e in entries {
        writer
            .write_record([
                iso_utc(e.at),
                defused(&e.actor),
                e.filed().slug().to_owned(),
                e.action.code().to_owned(),
                defused(&e.target),
                defused(&word(&e.before)),
                defused(&word(&e.after)),
            ])
            .map_err(fault)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| crate::Error::Fault(format!("CSV export: {e}")))?;
    String::from_utf8(bytes).map_err(|e| crate::Error::Fault(format!("CSV export: {e}")))
}

/// The value with an apostrophe before a leading formula character (OWASP CSV injection).
fn defused(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::audit::Said;

    fn words(told: &Told) -> String {
        told.0
            .iter()
            .map(|s| match s {
                Said::Text(t) => t.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    fn entry(target: &str, before: &str) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: 0,
            actor: "a@b.example".into(),
            area: Area::Users,
            action: AuditAction::RolesChanged,
            target: target.into(),
            before: Told::text(before),
            after: Told::text("Marketer"),
        }
    }

    #[test]
    fn every_cell_is_quoted_and_formulas_are_defused() {
        let csv = to_csv(
            &[entry("=HYPERLINK(\"x\")", "Developer, Marketer")],
            b',',
            words,
        )
        .unwrap();
        let line = csv.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "\"1970-01-01T00:00:00Z\",\"a@b.example\",\"users\",\"roles-changed\",\
             \"'=HYPERLINK(\"\"x\"\")\",\"Developer, Marketer\",\"Marketer\""
        );
    }

    #[test]
    fn a_separator_inside_a_value_never_starts_a_cell_of_its_own() {
        for separator in [b';', b','] {
            let csv = to_csv(&[entry("Lab;=1+2", "Lab,=1+2")], separator, words).unwrap();
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(separator)
                .from_reader(csv.as_bytes());
            let records: Vec<_> = reader.records().map(|r| r.unwrap()).collect();
            assert_eq!(records.len(), 1);
            assert_eq!(records[0].len(), 7);
            assert!(records[0].iter().all(|cell| !cell.starts_with('=')));
            assert_eq!(&records[0][4], "Lab;=1+2");
            assert_eq!(&records[0][5], "Lab,=1+2");
        }
    }
}
