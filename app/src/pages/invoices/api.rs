use domain::invoices::Invoice;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The account's invoices, newest first.
#[server(prefix = "/api", endpoint = "invoices", input = Json)]
pub async fn list_invoices() -> Result<Vec<Invoice>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::invoices::list(&db(), &principal()?).await)
}
