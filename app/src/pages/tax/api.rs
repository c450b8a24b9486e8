//! The tax profile's server functions. Certificates are uploaded as base64 inside the JSON body
//! (the API takes only same-origin JSON POSTs; the server caps the body and checks the file
//! itself) and downloaded with a plain link (`crate::api::downloads`).

use domain::tax::certificate::{Certificate, CertificateUpload};
use domain::tax::profile::{TaxProfile, TaxProfileForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The company's tax profile, with the VAT registry's verdict.
#[server(prefix = "/api", endpoint = "tax_profile", input = Json)]
pub async fn get_tax_profile() -> Result<TaxProfile, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::tax::get(&db(), &principal()?).await)
}

/// Saves the tax profile opened at `version`; a new VAT ID is checked with the registry (kept
/// as "not checked yet" when the registry cannot be reached).
#[server(prefix = "/api", endpoint = "tax_profile_save", input = Json)]
pub async fn save_tax_profile(form: TaxProfileForm, version: i64) -> Result<TaxProfile, Error> {
    use crate::api::server::{answer, context, principal};
    let context = context();
    answer(
        backend::tax::save(
            &context.db,
            &context.vat_registry,
            &principal()?,
            &form,
            version,
        )
        .await,
    )
}

/// Asks the VAT registry again about the saved VAT ID.
#[server(prefix = "/api", endpoint = "tax_vat_check", input = Json)]
pub async fn check_vat_again() -> Result<TaxProfile, Error> {
    use crate::api::server::{answer, context, principal};
    let context = context();
    answer(backend::tax::check_again(&context.db, &context.vat_registry, &principal()?).await)
}

/// The company's tax exemption certificates, newest first.
#[server(prefix = "/api", endpoint = "tax_certificates", input = Json)]
pub async fn list_tax_certificates() -> Result<Vec<Certificate>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::tax::certificates::list(&db(), &principal()?).await)
}

/// Uploads a tax exemption certificate (PDF, PNG or JPEG by content, at most 5 MB).
#[server(prefix = "/api", endpoint = "tax_certificate_upload", input = Json)]
pub async fn upload_tax_certificate(upload: CertificateUpload) -> Result<Certificate, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::tax::certificates::upload(&db(), &principal()?, &upload).await)
}
