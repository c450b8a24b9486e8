use domain::identifiers::Identifiers;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Every identifier of the account: partner ID, location IDs, publisher IDs.
#[server(prefix = "/api", endpoint = "identifiers", input = Json)]
pub async fn get_identifiers() -> Result<Identifiers, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::identifiers::view(&db(), &principal()?).await)
}
