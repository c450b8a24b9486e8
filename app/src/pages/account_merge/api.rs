use domain::merge::{FoundAccount, KeptAdminRoles, MergeOverview, MergePreview, MergeSummary};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Finds an account by its global partner ID: only its legal name and country.
#[server(prefix = "/api", endpoint = "merge_find", input = Json)]
pub async fn find_account(partner_id: String) -> Result<FoundAccount, Error> {
    use crate::api::server::{answer, db, principal};
    let partner_id = domain::identifiers::PartnerId::parse(&partner_id)?;
    answer(backend::merge::find(&db(), &principal()?, &partner_id).await)
}

/// Invites the account with `partner_id` to merge into the caller's account, confirmed with
/// the caller's `password`.
#[server(prefix = "/api", endpoint = "merge_invite", input = Json)]
pub async fn invite_to_merge(
    partner_id: String,
    message: String,
    password: String,
) -> Result<MergeSummary, Error> {
    use crate::api::server::{answer, db, principal};
    let partner_id = domain::identifiers::PartnerId::parse(&partner_id)?;
    let message = domain::merge::MergeMessage::parse(&message)?;
    let who = principal()?;
    answer(backend::merge::invite(&db(), &who, &password, &partner_id, &message).await)
}

/// Every merge the caller's account took part in, newest first, and whether its company is
/// verified (only verified companies take part in a merge).
#[server(prefix = "/api", endpoint = "merge_history", input = Json)]
pub async fn merge_history() -> Result<MergeOverview, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::merge::overview(&db(), &principal()?).await)
}

/// Exactly what the merge will do, shown before accepting.
#[server(prefix = "/api", endpoint = "merge_preview", input = Json)]
pub async fn preview_merge(merge_id: i64) -> Result<MergePreview, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::merge::preview(&db(), &principal()?, merge_id).await)
}

/// The invited account accepts, confirmed with the caller's `password`.
#[server(prefix = "/api", endpoint = "merge_accept", input = Json)]
pub async fn accept_merge(merge_id: i64, password: String) -> Result<MergeSummary, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::merge::accept(&db(), &principal()?, merge_id, &password).await)
}

/// The invited account declines, saying why.
#[server(prefix = "/api", endpoint = "merge_decline", input = Json)]
pub async fn decline_merge(merge_id: i64, reason: String) -> Result<MergeSummary, Error> {
    use crate::api::server::{answer, db, principal};
    let reason = domain::merge::DeclineReason::parse(&reason)?;
    answer(backend::merge::decline(&db(), &principal()?, merge_id, &reason).await)
}

/// The inviting account withdraws its invitation.
#[server(prefix = "/api", endpoint = "merge_cancel", input = Json)]
pub async fn cancel_merge(merge_id: i64) -> Result<MergeSummary, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::merge::cancel(&db(), &principal()?, merge_id).await)
}

/// The inviting account confirms, with the caller's `password`: the merge runs, whole or not
/// at all. `kept` names, user by user, the admin roles an arriving user keeps (none for users
/// not named).
#[server(prefix = "/api", endpoint = "merge_confirm", input = Json)]
pub async fn confirm_merge(
    merge_id: i64,
    password: String,
    kept: Vec<KeptAdminRoles>,
) -> Result<MergeSummary, Error> {
    use crate::api::server::{answer, db, principal};
    let who = principal()?;
    answer(backend::merge::confirm(&db(), &who, merge_id, &password, &kept).await)
}
