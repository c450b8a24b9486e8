use domain::profile::{CompanyProfile, CompanyProfileForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The account's company profile.
#[server(prefix = "/api", endpoint = "company_profile", input = Json)]
pub async fn get_company_profile() -> Result<CompanyProfile, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::records::get::<CompanyProfileForm>(&db(), &principal()?).await)
}

/// Saves the company profile opened at `version`.
#[server(prefix = "/api", endpoint = "company_profile_save", input = Json)]
pub async fn save_company_profile(
    form: CompanyProfileForm,
    version: i64,
) -> Result<CompanyProfile, Error> {
    use crate::api::server::{answer, db, principal};
    let normalised = form.parse()?.to_form();
    answer(
        backend::records::save(
            &db(),
            &principal()?,
            &normalised,
            version,
            domain::audit::differences::profile,
        )
        .await,
    )
}
