use domain::audit::{AuditEntry, AuditFilter};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The account's audit log, newest first, filtered.
#[server(prefix = "/api", endpoint = "audit", input = Json)]
pub async fn list_audit(filter: AuditFilter) -> Result<Vec<AuditEntry>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::audit::list(&db(), &principal()?, &filter).await)
}

/// The same entries as CSV, for download, with the cell separator spreadsheets in `locale`
/// expect.
#[server(prefix = "/api", endpoint = "audit_csv", input = Json)]
pub async fn export_audit(filter: AuditFilter, locale: domain::Locale) -> Result<String, Error> {
    use crate::api::server::{answer, db, principal};
    let entries = answer(backend::audit::list(&db(), &principal()?, &filter).await)?;
    answer(backend::audit::to_csv(
        &entries,
        locale.list_separator(),
        |told| crate::i18n::told_text(told, locale),
    ))
}
