use domain::profile::{CompanyProfile, CompanyProfileForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The account's company profile.
#[server(prefix = "/api", endpoint = "company_profile", input = Json)]
pub async fn get_company_profile() -> Result<CompanyProfile, Error> {
    use crate::api::server::{answer, db, principal};
    let record = answer(
        backend::records::get::<CompanyProfileForm>(
            &db(),
            &principal()?,
            backend::records::COMPANY_PROFILE,
        )
        .await,
    )?;
    Ok(wire(record))
}

/// Saves the company profile opened at `version`.
#[server(prefix = "/api", endpoint = "company_profile_save", input = Json)]
pub async fn save_company_profile(
    form: CompanyProfileForm,
    version: i64,
) -> Result<CompanyProfile, Error> {
    use crate::api::server::{answer, db, principal};
    let normalised = form.parse()?.to_form();
    let record = answer(
        backend::records::save(
            &db(),
            &principal()?,
            backend::records::COMPANY_PROFILE,
            &normalised,
            version,
            domain::profile::differences,
        )
        .await,
    )?;
    Ok(wire(record))
}

#[cfg(feature = "ssr")]
fn wire(record: backend::records::Versioned<CompanyProfileForm>) -> CompanyProfile {
    CompanyProfile {
        form: record.value,
        version: record.version,
        updated_by: record.updated_by,
        updated_at: record.updated_at,
    }
}
