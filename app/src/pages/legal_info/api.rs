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

/// Attaches a document (PDF, PNG or JPEG by content, at most 10 MB, at most 5) to the answer
/// to the reviewer's open question, as base64 inside the JSON body (downloaded with a plain
/// link, `crate::api::downloads`). Returns the documents attached.
#[server(prefix = "/api", endpoint = "verification_document_upload", input = Json)]
pub async fn upload_verification_document(
    upload: domain::verification::DocumentUpload,
) -> Result<Vec<domain::verification::VerificationDocument>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::verification::attach(&db(), &principal()?, &upload).await)
}

/// Removes a document attached to the answer before it is sent. Returns those still attached.
#[server(prefix = "/api", endpoint = "verification_document_remove", input = Json)]
pub async fn remove_verification_document(
    id: i64,
) -> Result<Vec<domain::verification::VerificationDocument>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::verification::detach(&db(), &principal()?, id).await)
}

/// The company's primary contact and primary legal contact.
#[server(prefix = "/api", endpoint = "contacts", input = Json)]
pub async fn get_contacts() -> Result<domain::contacts::Contacts, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::records::get::<domain::contacts::ContactsForm>(&db(), &principal()?).await)
}

/// Saves both contacts, opened at `version`. A new primary contact email is mailed a
/// confirmation link and used only once confirmed.
#[server(prefix = "/api", endpoint = "contacts_save", input = Json)]
pub async fn save_contacts(
    form: domain::contacts::ContactsForm,
    version: i64,
) -> Result<domain::contacts::Contacts, Error> {
    use crate::api::server::{answer, context, principal};
    let normalised = form.parse()?;
    let ctx = context();
    answer(
        backend::confirmations::save_contacts(
            &ctx.db,
            &principal()?,
            normalised,
            version,
            &ctx.public_url,
        )
        .await,
    )
}

/// The primary contact email waiting for confirmation, if any.
#[server(prefix = "/api", endpoint = "contacts_pending", input = Json)]
pub async fn pending_primary_email() -> Result<Option<domain::confirmations::PendingEmail>, Error> {
    use crate::api::server::{answer, db, principal};
    use domain::confirmations::EmailPurpose;
    answer(
        backend::confirmations::pending(&db(), &principal()?, EmailPurpose::PrimaryContact).await,
    )
}

/// Withdraws the pending primary contact email (the one in use stays).
#[server(prefix = "/api", endpoint = "contacts_pending_cancel", input = Json)]
pub async fn cancel_primary_email() -> Result<(), Error> {
    use crate::api::server::{answer, db, principal};
    use domain::confirmations::EmailPurpose;
    answer(backend::confirmations::cancel(&db(), &principal()?, EmailPurpose::PrimaryContact).await)
}

/// Mails the pending primary contact email a new link.
#[server(prefix = "/api", endpoint = "contacts_pending_resend", input = Json)]
pub async fn resend_primary_email() -> Result<(), Error> {
    use crate::api::server::{answer, context, principal};
    use domain::confirmations::EmailPurpose;
    let ctx = context();
    answer(
        backend::confirmations::resend(
            &ctx.db,
            &principal()?,
            EmailPurpose::PrimaryContact,
            &ctx.public_url,
        )
        .await,
    )
}

/// The legal identity: legal name, DUNS number and legal address, with its version.
#[server(prefix = "/api", endpoint = "legal_identity", input = Json)]
pub async fn get_legal_identity() -> Result<domain::legal::LegalIdentity, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::legal::get(&db(), &principal()?).await)
}

/// Saves the legal identity opened at `version`; the address is validated like any other.
#[server(prefix = "/api", endpoint = "legal_identity_save", input = Json)]
pub async fn save_legal_identity(
    form: domain::legal::LegalIdentityForm,
    version: i64,
) -> Result<domain::legal::LegalIdentity, Error> {
    use crate::api::server::{answer, db, principal};
    let valid = form.parse()?;
    answer(backend::legal::save(&db(), &principal()?, valid, version).await)
}

/// Looks a DUNS number up in the company directory, to fill the legal identity form.
#[server(prefix = "/api", endpoint = "company_lookup", input = Json)]
pub async fn lookup_company(duns: String) -> Result<domain::legal::CompanyRecord, Error> {
    use crate::api::server::{answer, context, principal};
    use backend::throttle::{self, DIRECTORY_LOOKUPS_PER_USER};
    let duns = domain::legal::Duns::parse(&duns)?;
    let (who, ctx) = (principal()?, context());
    let subject = who.user_id.to_string();
    let _counted = answer(throttle::hit(&ctx.db, DIRECTORY_LOOKUPS_PER_USER, &subject).await)?;
    answer(ctx.directory.find(&duns).await)
}
