//! The Programs page's server functions: thin adapters over `backend::programs`.

use domain::programs::agreements::AgreementDocument;
use domain::programs::{EnrolmentStep, ProgramCode, ProgramView};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Every program, the company's enrolment in it if any, and each requirement evaluated now.
#[server(prefix = "/api", endpoint = "programs", input = Json)]
pub async fn list_programs() -> Result<Vec<ProgramView>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::programs::view(&db(), &principal()?).await)
}

/// The text of `program`'s agreement at `version` (an earlier one an enrolment accepted), or
/// its current one. The same published terms for every account; an unknown version is not
/// found.
#[server(prefix = "/api", endpoint = "programs_agreement", input = Json)]
pub async fn program_agreement(
    program: ProgramCode,
    version: Option<String>,
) -> Result<AgreementDocument, Error> {
    use crate::api::server::answer;
    answer(backend::programs::agreement(program, version.as_deref()))
}

/// Enrols the company in `program`, accepting the agreement at `agreement_version` (the one the
/// page showed); the server checks every requirement again, the agreement included, and
/// refuses a version that is not the current one.
#[server(prefix = "/api", endpoint = "programs_enrol", input = Json)]
pub async fn enrol_program(
    program: ProgramCode,
    agreement: bool,
    agreement_version: String,
) -> Result<Vec<ProgramView>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(
        backend::programs::enrol(&db(), &principal()?, program, agreement, &agreement_version)
            .await,
    )
}

/// The company's own step on its enrolment in `program` opened at `version`: leave, or answer
/// the reviewer with `message`.
#[server(prefix = "/api", endpoint = "programs_step", input = Json)]
pub async fn program_step(
    program: ProgramCode,
    step: EnrolmentStep,
    version: i64,
    message: String,
) -> Result<Vec<ProgramView>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(
        backend::programs::partner_step(&db(), &principal()?, program, step, version, &message)
            .await,
    )
}
