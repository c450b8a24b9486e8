//! The platform reviewers' side of verification. Only principals of the reviewer kind pass the
//! guard; no partner role reaches these functions.

use domain::locations::Location;
use domain::verification::{ReviewItem, VerificationStep, VerificationView};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Companies waiting for a reviewer.
#[server(prefix = "/api", endpoint = "review_queue", input = Json)]
pub async fn review_queue() -> Result<Vec<ReviewItem>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::verification::queue(&db(), &principal()?).await)
}

/// A company's verification and its locations, for review.
#[server(prefix = "/api", endpoint = "review_company", input = Json)]
pub async fn review_company(account_id: i64) -> Result<(VerificationView, Vec<Location>), Error> {
    use crate::api::server::{answer, db, principal};
    let who = principal()?;
    let db = db();
    let view = answer(backend::verification::view(&db, account_id).await)?;
    let company = backend::Principal { account_id, ..who };
    let locations = answer(backend::locations::list(&db, &company).await)?;
    Ok((view, locations))
}

/// A reviewer's step on a company: start review, ask for information, approve or reject.
#[server(prefix = "/api", endpoint = "review_step", input = Json)]
pub async fn review_step(
    account_id: i64,
    step: VerificationStep,
) -> Result<VerificationView, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::verification::reviewer_step(&db(), &principal()?, account_id, step).await)
}

// Programs.

/// Program enrolments waiting for a reviewer (or for the company's answer to one).
#[server(prefix = "/api", endpoint = "review_enrolments", input = Json)]
pub async fn review_enrolments() -> Result<Vec<domain::programs::EnrolmentReviewItem>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::programs::review_queue(&db(), &principal()?).await)
}

/// A reviewer's step on an enrolment opened at `version`: approve, reject with `reason`, or
/// ask the company for something (`reason`).
#[server(prefix = "/api", endpoint = "review_enrolment_step", input = Json)]
pub async fn review_enrolment_step(
    enrolment_id: i64,
    step: domain::programs::EnrolmentStep,
    version: i64,
    reason: String,
) -> Result<domain::programs::EnrolmentReviewItem, Error> {
    use crate::api::server::{answer, db, principal};
    answer(
        backend::programs::review_step(&db(), &principal()?, enrolment_id, step, version, &reason)
            .await,
    )
}
