use domain::confirmations::ConfirmedEmail;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Confirms an email address from the link mailed to it (no sign-in: the token is the proof).
#[server(prefix = "/api", endpoint = "email_confirm", input = Json)]
pub async fn confirm_email(token: String) -> Result<ConfirmedEmail, Error> {
    use crate::api::server::{answer, db};
    answer(backend::preferences::confirm_email(&db(), &token).await)
}

/// Sends a new link in place of an expired one, to the same address.
#[server(prefix = "/api", endpoint = "email_confirm_renew", input = Json)]
pub async fn renew_confirmation(token: String) -> Result<(), Error> {
    use crate::api::server::{answer, context};
    let ctx = context();
    answer(backend::confirmations::renew(&ctx.db, &token, &ctx.public_url).await)
}
