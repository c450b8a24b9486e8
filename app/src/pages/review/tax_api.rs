//! The platform reviewers' side of tax exemption certificates: the submitted ones and accepting
//! them (their files are downloaded with a plain link, `crate::api::downloads`).

use domain::tax::certificate::{Certificate, CertificateForReview};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Certificates waiting for a reviewer, oldest first.
#[server(prefix = "/api", endpoint = "review_tax_certificates", input = Json)]
pub async fn review_tax_certificates() -> Result<Vec<CertificateForReview>, Error> {
    use crate::api::server::{answer, db};
    answer(backend::tax::certificates::awaiting_review(&db()).await)
}

/// Accepts a submitted certificate.
#[server(prefix = "/api", endpoint = "review_tax_certificate_accept", input = Json)]
pub async fn accept_tax_certificate(id: i64) -> Result<Certificate, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::tax::certificates::accept(&db(), &principal()?, id).await)
}
