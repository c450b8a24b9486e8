use domain::locations::{Location, LocationForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The company's locations, the legal address first.
#[server(prefix = "/api", endpoint = "locations", input = Json)]
pub async fn list_locations() -> Result<Vec<Location>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::locations::list(&db(), &principal()?).await)
}

/// Adds a location; its address is validated with the same rules as in the browser.
#[server(prefix = "/api", endpoint = "locations_add", input = Json)]
pub async fn add_location(form: LocationForm) -> Result<Location, Error> {
    use crate::api::server::{answer, db, principal};
    let valid = form.parse()?;
    answer(backend::locations::add(&db(), &principal()?, valid).await)
}

/// Changes a location opened at `version`.
#[server(prefix = "/api", endpoint = "locations_update", input = Json)]
pub async fn update_location(id: i64, form: LocationForm, version: i64) -> Result<Location, Error> {
    use crate::api::server::{answer, db, principal};
    let valid = form.parse()?;
    answer(backend::locations::update(&db(), &principal()?, id, valid, version).await)
}

/// Removes a location (never the legal address).
#[server(prefix = "/api", endpoint = "locations_remove", input = Json)]
pub async fn remove_location(id: i64, version: i64) -> Result<(), Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::locations::remove(&db(), &principal()?, id, version).await)
}

/// Where the company's verification stands, with its history.
#[server(prefix = "/api", endpoint = "verification", input = Json)]
pub async fn get_verification() -> Result<domain::verification::VerificationView, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::verification::view(&db(), principal()?.account_id).await)
}

/// The partner's step: submit for verification, or answer the reviewer.
#[server(prefix = "/api", endpoint = "verification_step", input = Json)]
pub async fn take_verification_step(
    step: domain::verification::VerificationStep,
) -> Result<domain::verification::VerificationView, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::verification::partner_step(&db(), &principal()?, step).await)
}

/// The company's primary contact and primary legal contact.
#[server(prefix = "/api", endpoint = "contacts", input = Json)]
pub async fn get_contacts() -> Result<domain::contacts::Contacts, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::records::get(&db(), &principal()?, backend::records::CONTACTS).await)
}

/// Saves both contacts, opened at `version`.
#[server(prefix = "/api", endpoint = "contacts_save", input = Json)]
pub async fn save_contacts(
    form: domain::contacts::ContactsForm,
    version: i64,
) -> Result<domain::contacts::Contacts, Error> {
    use crate::api::server::{answer, db, principal};
    let normalised = form.parse()?;
    answer(
        backend::records::save(
            &db(),
            &principal()?,
            backend::records::CONTACTS,
            &normalised,
            version,
            domain::contacts::differences,
        )
        .await,
    )
}
