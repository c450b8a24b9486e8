use domain::support::{SupportDetails, SupportDetailsForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The company's support details.
#[server(prefix = "/api", endpoint = "support_details", input = Json)]
pub async fn get_support_details() -> Result<SupportDetails, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::records::get::<SupportDetailsForm>(&db(), &principal()?).await)
}

/// Saves the support details opened at `version` (a free-mail address is only a warning).
#[server(prefix = "/api", endpoint = "support_details_save", input = Json)]
pub async fn save_support_details(
    form: SupportDetailsForm,
    version: i64,
) -> Result<SupportDetails, Error> {
    use crate::api::server::{answer, db, principal};
    let normalised = form.parse()?;
    answer(
        backend::records::save(
            &db(),
            &principal()?,
            &normalised,
            version,
            domain::audit::differences::support_details,
        )
        .await,
    )
}
