use domain::model::{IncentiveForm, IncentiveSettings};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The account's incentives settings.
#[server(prefix = "/api", endpoint = "incentives", input = Json)]
pub async fn get_incentives() -> Result<IncentiveSettings, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::incentives::get(&db(), &principal()?).await)
}

/// Saves the incentives settings opened at `version`.
#[server(prefix = "/api", endpoint = "incentives_save", input = Json)]
pub async fn save_incentives(
    form: IncentiveForm,
    version: i64,
) -> Result<IncentiveSettings, Error> {
    use crate::api::server::{answer, db, principal};
    let valid = form.parse()?;
    answer(backend::incentives::update(&db(), &principal()?, valid, version).await)
}
