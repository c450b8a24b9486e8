//! User management: list, invite, change roles and status. The rules live in `domain::users`
//! and are checked by the backend; the catalogue gates each function.

use domain::model::{InviteForm, UserRow};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The users of the caller's account with their roles and status.
#[server(prefix = "/api", endpoint = "users", input = Json)]
pub async fn list_users() -> Result<Vec<UserRow>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::users::list(&db(), &principal()?).await)
}

/// The company's own email domains: the invitation form warns about an address outside them.
#[server(prefix = "/api", endpoint = "users_own_domains", input = Json)]
pub async fn own_email_domains() -> Result<Vec<String>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::accounts::own_domains(&db(), principal()?.account_id).await)
}

/// Invites a teammate by email with one or more roles.
#[server(prefix = "/api", endpoint = "users_invite", input = Json)]
pub async fn invite_user(form: InviteForm) -> Result<UserRow, Error> {
    use crate::api::server::{answer, context, principal};
    let invite = domain::model::NewInvite::parse(&form)?;
    let ctx = context();
    answer(backend::users::invite(&ctx.db, &principal()?, invite, &ctx.public_url).await)
}

/// Sends an invited user a fresh link.
#[server(prefix = "/api", endpoint = "users_resend_invitation", input = Json)]
pub async fn resend_invitation(user_id: i64) -> Result<(), Error> {
    use crate::api::server::{answer, context, principal};
    let ctx = context();
    answer(
        backend::users::resend_invitation(&ctx.db, &principal()?, user_id, &ctx.public_url).await,
    )
}

/// Withdraws an invitation.
#[server(prefix = "/api", endpoint = "users_revoke_invitation", input = Json)]
pub async fn revoke_invitation(user_id: i64) -> Result<(), Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::users::revoke_invitation(&db(), &principal()?, user_id).await)
}

/// Replaces a user's roles (refused if the user changed since `version`).
#[server(prefix = "/api", endpoint = "users_set_roles", input = Json)]
pub async fn set_user_roles(
    user_id: i64,
    roles: Vec<Role>,
    version: i64,
) -> Result<UserRow, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::users::set_roles(&db(), &principal()?, user_id, &roles, version).await)
}

/// Deactivates a user; their sessions end at once.
#[server(prefix = "/api", endpoint = "users_deactivate", input = Json)]
pub async fn deactivate_user(user_id: i64, version: i64) -> Result<UserRow, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::users::deactivate(&db(), &principal()?, user_id, version).await)
}

/// Lets a deactivated user sign in again.
#[server(prefix = "/api", endpoint = "users_reactivate", input = Json)]
pub async fn reactivate_user(user_id: i64, version: i64) -> Result<UserRow, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::users::reactivate(&db(), &principal()?, user_id, version).await)
}

/// Deletes a user.
#[server(prefix = "/api", endpoint = "users_delete", input = Json)]
pub async fn delete_user(user_id: i64, version: i64) -> Result<(), Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::users::delete(&db(), &principal()?, user_id, version).await)
}
