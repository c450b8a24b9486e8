//! Sign-up, sign-in and sign-out: the only server functions open to anyone (sign-out aside).

use domain::model::{Me, SignUpForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Opens a partner account and signs its first user (a Global admin) in.
#[server(prefix = "/api", endpoint = "sign_up", input = Json)]
pub async fn sign_up(form: SignUpForm) -> Result<Me, Error> {
    use crate::api::server::{answer, db, request_meta, set_session_cookie};
    let partner = domain::model::NewPartner::parse(&form)?;
    let db = db();
    let meta = request_meta();
    let signed = answer(backend::accounts::sign_up(&db, partner, &meta.client).await)?;
    end_previous_session(&db, &meta).await?;
    set_session_cookie(&signed.session.token, signed.session.max_age_secs);
    answer(signed_in_as(&db, signed.user_id).await)
}

/// Signs in with email and password.
#[server(prefix = "/api", endpoint = "sign_in", input = Json)]
pub async fn sign_in(email: String, password: String) -> Result<Me, Error> {
    use crate::api::server::{answer, db, request_meta, set_session_cookie};
    let db = db();
    let meta = request_meta();
    let signed = answer(backend::accounts::sign_in(&db, &email, &password, &meta.client).await)?;
    end_previous_session(&db, &meta).await?;
    set_session_cookie(&signed.session.token, signed.session.max_age_secs);
    answer(signed_in_as(&db, signed.user_id).await)
}

/// Ends the caller's session on the server and clears the cookie.
#[server(prefix = "/api", endpoint = "sign_out", input = Json)]
pub async fn sign_out() -> Result<(), Error> {
    use crate::api::server::{answer, clear_session_cookie, db, request_meta};
    if let Some(token) = request_meta().session_token {
        answer(backend::auth::end_session(&db(), &token).await)?;
    }
    clear_session_cookie();
    Ok(())
}

/// A sign-in replaces any session the browser already had (ASVS 7.2.4): the old one ends.
#[cfg(feature = "ssr")]
async fn end_previous_session(
    db: &backend::Db,
    meta: &crate::api::server::RequestMeta,
) -> Result<(), Error> {
    match &meta.session_token {
        Some(old) => crate::api::server::answer(backend::auth::end_session(db, old).await),
        None => Ok(()),
    }
}

#[cfg(feature = "ssr")]
async fn signed_in_as(db: &backend::Db, user_id: i64) -> backend::Result<Me> {
    let roles = backend::auth::roles_of(db, user_id).await?;
    let account_id = backend::users::account_of(db, user_id).await?;
    backend::users::me(
        db,
        &backend::Principal {
            user_id,
            account_id,
            roles,
        },
    )
    .await
}
