//! Server functions of the payout and billing page, and the platform reviewers' side of
//! payout accounts. Bank numbers only come in (with the user's password); what goes out is
//! masked (`PayoutAccountSummary` holds the last four characters only).

use domain::model::Versioned;
use domain::payout::{
    BillingForm, PayoutAccountForm, PayoutAccountSummary, PayoutDecision, PayoutReviewItem,
    PayoutView,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Where payouts go and what waits for review, masked.
#[server(prefix = "/api", endpoint = "payout", input = Json)]
pub async fn get_payout() -> Result<PayoutView, Error> {
    use crate::api::server::{answer, context, principal};
    let context = context();
    answer(
        backend::payout::view(
            &context.db,
            context.payout_key.as_ref(),
            principal()?.account_id,
        )
        .await,
    )
}

/// Enters a new payout account (pending validation), confirmed with the user's `password`.
#[server(prefix = "/api", endpoint = "payout_change", input = Json)]
pub async fn change_payout_account(
    form: PayoutAccountForm,
    password: String,
    version: i64,
) -> Result<PayoutView, Error> {
    use crate::api::server::{answer, context, principal};
    let valid = form.parse()?;
    let context = context();
    answer(
        backend::payout::change(
            &context.db,
            context.payout_key.as_ref(),
            &principal()?,
            valid,
            &password,
            version,
        )
        .await,
    )
}

/// The billing information.
#[server(prefix = "/api", endpoint = "billing", input = Json)]
pub async fn get_billing() -> Result<Versioned<BillingForm>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::payout::billing(&db(), &principal()?).await)
}

/// Saves the billing information opened at `version`.
#[server(prefix = "/api", endpoint = "billing_save", input = Json)]
pub async fn save_billing(
    form: BillingForm,
    version: i64,
) -> Result<Versioned<BillingForm>, Error> {
    use crate::api::server::{answer, db, principal};
    let tidy = form.parse()?;
    answer(backend::payout::save_billing(&db(), &principal()?, &tidy, version).await)
}

/// Payout accounts waiting for a platform reviewer (masked like everywhere).
#[server(prefix = "/api", endpoint = "payout_review_queue", input = Json)]
pub async fn payout_review_queue() -> Result<Vec<PayoutReviewItem>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::payout::review_queue(&db(), &principal()?).await)
}

/// A reviewer approves a pending payout account or asks the company to act, with a reason.
#[server(prefix = "/api", endpoint = "payout_review", input = Json)]
pub async fn review_payout(
    payout_id: i64,
    decision: PayoutDecision,
) -> Result<PayoutAccountSummary, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::payout::review(&db(), &principal()?, payout_id, &decision).await)
}
