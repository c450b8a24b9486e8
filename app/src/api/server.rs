//! Server-side plumbing shared by the server functions: the request's context as the server's
//! middleware prepared it, and the session cookie.

use axum::http::{header, HeaderValue};
use backend::{Db, Principal};
use domain::ApiError;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::Error;

/// What the server provides to every server function.
#[derive(Clone)]
pub struct ServerContext {
    pub db: Db,
    /// Whether cookies get `Secure` and the `__Host-` prefix (served over HTTPS).
    pub secure_cookies: bool,
    /// The address users reach the product at, for links in emails.
    pub public_url: String,
    /// Where DUNS numbers are looked up.
    pub directory: backend::directory::Directory,
    /// Where tenants are associated through (None: association unavailable).
    pub tenant_directory: Option<backend::tenants::TenantDirectory>,
    /// Where VAT IDs are checked (tax profile).
    pub vat_registry: backend::tax::VatRegistry,
    /// The key payout bank details are sealed with (None: payout accounts cannot be saved).
    pub payout_key: Option<backend::payout::PayoutKey>,
}

/// What the middleware learnt about a request, stored in its extensions.
#[derive(Clone, Debug)]
pub struct RequestMeta {
    /// The caller's address, as the throttles key it.
    pub client: String,
    /// The session token from the cookie, if any (valid or not).
    pub session_token: Option<String>,
    /// The signed-in user, when the session is alive.
    pub principal: Option<Principal>,
}

pub fn context() -> ServerContext {
    expect_context::<ServerContext>()
}

pub fn db() -> Db {
    context().db
}

pub fn request_meta() -> RequestMeta {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestMeta>().cloned())
        .expect("the server's middleware adds RequestMeta to every server-function request")
}

/// The signed-in caller. The middleware has already checked the function's permission.
pub fn principal() -> Result<Principal, Error> {
    request_meta()
        .principal
        .ok_or(Error(ApiError::Unauthenticated))
}

/// The session cookie's name: `__Host-` prefixed when it can be (ASVS 3.3.3).
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-ps_session"
    } else {
        "ps_session"
    }
}

/// Sets the session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS, gone after `max_age`.
pub fn set_session_cookie(token: &str, max_age_secs: i64) {
    let secure = context().secure_cookies;
    let value = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        session_cookie_name(secure),
        if secure { "; Secure" } else { "" }
    );
    if let Ok(value) = HeaderValue::from_str(&value) {
        expect_context::<ResponseOptions>().append_header(header::SET_COOKIE, value);
    }
}

pub fn clear_session_cookie() {
    set_session_cookie("", 0);
}

/// The sign-up cookie's name: it lets the browser that signed up see that attempt's mail in the
/// demo mailbox (its founder is not signed in yet).
pub fn sign_up_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-ps_signup"
    } else {
        "ps_signup"
    }
}

/// Sets the sign-up cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, gone after `max_age`.
pub fn set_sign_up_cookie(token: &str, max_age_secs: i64) {
    let secure = context().secure_cookies;
    let value = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{}",
        sign_up_cookie_name(secure),
        if secure { "; Secure" } else { "" }
    );
    if let Ok(value) = HeaderValue::from_str(&value) {
        expect_context::<ResponseOptions>().append_header(header::SET_COOKIE, value);
    }
}

/// The value of the request's cookie `name`, if it has a non-empty one.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = use_context::<axum::http::request::Parts>()?;
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// Maps a service result to a server-function result (logging faults, hiding their detail).
pub fn answer<T>(result: backend::Result<T>) -> Result<T, Error> {
    result.map_err(|e| Error(ApiError::from(e)))
}
