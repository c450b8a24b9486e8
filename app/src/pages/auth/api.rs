//! Sign-up, sign-in and sign-out: the only server functions open to anyone (sign-out aside).

use domain::model::{Me, SignUpForm, SignUpStarted};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Starts opening a partner account: its founder (a Global admin) gets a link by mail and the
/// account opens when they follow it. Answers "check your inbox" whether or not the address
/// already has an account (its owner is told by mail instead), with the same cookie.
#[server(prefix = "/api", endpoint = "sign_up", input = Json)]
pub async fn sign_up(form: SignUpForm) -> Result<SignUpStarted, Error> {
    use crate::api::server::{answer, context, request_meta, set_sign_up_cookie};
    let partner = domain::model::NewPartner::parse(&form)?;
    let email = partner.email.as_str().to_owned();
    let ctx = context();
    let meta = request_meta();
    let started =
        answer(backend::accounts::sign_up(&ctx.db, partner, &meta.client, &ctx.public_url).await)?;
    set_sign_up_cookie(&started.browser_token, started.max_age_secs);
    Ok(SignUpStarted { email })
}

/// What a sign-up link opens (address and company), if it can still be used.
#[server(prefix = "/api", endpoint = "sign_up_link", input = Json)]
pub async fn sign_up_link_info(token: String) -> Result<domain::model::SignUpLink, Error> {
    use crate::api::server::{answer, db};
    answer(backend::accounts::sign_up_link(&db(), &token).await)
}

/// Opens the account with the sign-up link and the password chosen at sign-up, and signs its
/// founder in.
#[server(prefix = "/api", endpoint = "sign_up_confirm", input = Json)]
pub async fn confirm_sign_up(token: String, password: String) -> Result<Me, Error> {
    use crate::api::server::{answer, db, request_meta, set_session_cookie, set_sign_up_cookie};
    let db = db();
    let meta = request_meta();
    let signed =
        answer(backend::accounts::confirm_sign_up(&db, &token, &password, &meta.client).await)?;
    end_previous_session(&db, &meta).await?;
    set_session_cookie(&signed.session.token, signed.session.max_age_secs);
    set_sign_up_cookie("", 0);
    answer(signed_in_as(&db, signed.user_id).await)
}

/// Mails a founder who has not confirmed their address yet a new sign-up link (their password
/// proves it is them).
#[server(prefix = "/api", endpoint = "sign_up_resend", input = Json)]
pub async fn resend_sign_up_link(email: String, password: String) -> Result<SignUpStarted, Error> {
    use crate::api::server::{answer, context, request_meta, set_sign_up_cookie};
    let ctx = context();
    let meta = request_meta();
    let started = answer(
        backend::accounts::resend_sign_up(
            &ctx.db,
            &email,
            &password,
            &meta.client,
            &ctx.public_url,
        )
        .await,
    )?;
    set_sign_up_cookie(&started.browser_token, started.max_age_secs);
    Ok(SignUpStarted {
        email: email.trim().to_lowercase(),
    })
}

/// Signs in with email and password. The browser's device cookie, if it holds one for this
/// email, lets it sign in under its own throttle; a new one is set at each success.
#[server(prefix = "/api", endpoint = "sign_in", input = Json)]
pub async fn sign_in(email: String, password: String) -> Result<Me, Error> {
    use crate::api::server::{answer, context, db, request_meta, set_session_cookie};
    let db = db();
    let meta = request_meta();
    let secure = context().secure_cookies;
    let device = device_cookie(secure);
    let signed = answer(
        backend::accounts::sign_in(&db, &email, &password, &meta.client, device.as_deref()).await,
    )?;
    end_previous_session(&db, &meta).await?;
    set_session_cookie(&signed.session.token, signed.session.max_age_secs);
    set_device_cookie(secure, &signed.device);
    answer(signed_in_as(&db, signed.user_id).await)
}

/// The device cookie's name: `__Host-` prefixed when cookies are secure, like the session's.
#[cfg(feature = "ssr")]
pub fn device_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-ps_device"
    } else {
        "ps_device"
    }
}

/// The device cookie the browser sent, if any (valid or not: the service decides).
#[cfg(feature = "ssr")]
fn device_cookie(secure: bool) -> Option<String> {
    let parts = use_context::<axum::http::request::Parts>()?;
    let name = device_cookie_name(secure);
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// Sets the device cookie: HttpOnly, SameSite=Lax, Secure over HTTPS, for its whole lifetime
/// (it outlives sessions and sign-out: it identifies the browser, not a session).
#[cfg(feature = "ssr")]
fn set_device_cookie(secure: bool, device: &backend::auth::NewDevice) {
    use axum::http::{header, HeaderValue};
    let value = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        device_cookie_name(secure),
        device.token,
        device.max_age_secs,
        if secure { "; Secure" } else { "" }
    );
    if let Ok(value) = HeaderValue::from_str(&value) {
        expect_context::<leptos_axum::ResponseOptions>().append_header(header::SET_COOKIE, value);
    }
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
    backend::users::me(db, &backend::users::principal_of(db, user_id).await?).await
}

/// Who an invitation link is for (the set-password page), if it can still be used.
#[server(prefix = "/api", endpoint = "invitation", input = Json)]
pub async fn invitation_info(token: String) -> Result<domain::model::InvitationInfo, Error> {
    use crate::api::server::{answer, db};
    answer(backend::users::invitation_info(&db(), &token).await)
}

/// Sets the invited user's password with the link's token and signs them in.
#[server(prefix = "/api", endpoint = "invitation_accept", input = Json)]
pub async fn accept_invitation(token: String, password: String) -> Result<Me, Error> {
    use crate::api::server::{answer, db, request_meta, set_session_cookie};
    let password = domain::Password::parse(&password)?;
    let db = db();
    let (user_id, session) =
        answer(backend::users::accept_invitation(&db, &token, &password).await)?;
    end_previous_session(&db, &request_meta()).await?;
    set_session_cookie(&session.token, session.max_age_secs);
    answer(signed_in_as(&db, user_id).await)
}
