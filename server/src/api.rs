//! The server-function endpoint. Every call passes through [`guard`], which is the one place
//! where permissions are checked: it finds the function in the app's catalogue (no entry, no
//! call), reads the session, and refuses unauthenticated or unauthorised callers before the
//! function runs and before any of the body is read. It also gives each error its HTTP status
//! and logs refused calls.

use std::net::{IpAddr, SocketAddr};

use app::api::server::{session_cookie_name, RequestMeta, ServerContext};
use app::api::Requirement;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Response, StatusCode};
use axum::middleware::Next;
use axum::response::IntoResponse;
use domain::ApiError;
use leptos::prelude::provide_context;

use crate::security::cross_site_refusal;
use crate::AppState;

/// Runs the server function named by the path, with the app's context.
pub async fn handle(State(state): State<AppState>, request: Request) -> impl IntoResponse {
    let context = ServerContext {
        db: state.db.clone(),
        secure_cookies: state.config.secure_cookies,
        public_url: state.config.public_url.clone(),
        directory: state.directory.clone(),
        tenant_directory: state.tenant_directory.clone(),
        vat_registry: state.vat_registry.clone(),
        payout_key: state.payout_key.clone(),
    };
    leptos_axum::handle_server_fns_with_context(move || provide_context(context.clone()), request)
        .await
}

/// The largest body of a function open to anyone (sign-up, sign-in, invitation links,
/// confirmations): the largest legitimate one, a sign-up with every field at its longest in
/// 4-byte characters (email 254, name 100, password 128, company name 200, country 2), is
/// under 3 KB of JSON; nobody needs to be signed in to send one, so nobody may send more.
pub const PUBLIC_BODY_LIMIT: usize = 8 * 1024;

/// Checks the request against the function's requirement, then maps errors to statuses. The
/// caller is known and allowed **before** any of the body is read: a refused caller's body is
/// never read at all, and only a caller allowed to call a function gets that function's body
/// limit (the upload's 7 MB only for those who may upload; [`PUBLIC_BODY_LIMIT`] for the
/// functions open to anyone).
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response<Body> {
    let path = request.uri().path().to_owned();
    let client = client_of(&state, &request);
    if let Some((status, why)) = cross_site_refusal(&request) {
        tracing::info!(function = %path, %client, status = status.as_u16(), reason = why, "call refused");
        return (status, why).into_response();
    }
    let Some(requirement) = app::api::requirement(&path) else {
        return error_response(ApiError::NotFound);
    };
    let session_token = session_token(&request, session_cookie_name(state.config.secure_cookies));
    let principal = match caller(&state, session_token.as_deref()).await {
        Ok(principal) => principal,
        Err(e) => return error_response(e),
    };
    if let Err(refusal) = permitted(&state, requirement, principal.as_ref()) {
        if refusal != ApiError::NotFound {
            log_refusal(&path, principal.as_ref(), &client, &refusal);
        }
        return error_response(refusal);
    }
    let refuse = |error: ApiError| {
        log_refusal(&path, principal.as_ref(), &client, &error);
        error_response(error)
    };
    let limit = match requirement {
        Requirement::Public | Requirement::DemoOnly => (PUBLIC_BODY_LIMIT, ApiError::Malformed),
        Requirement::Reviewer | Requirement::Permission(..) => app::api::body_limit(&path),
    };
    let mut request = match limit_body(request, limit).await {
        Ok(request) => request,
        Err(refusal) => return refuse(refusal),
    };
    let user_id = principal.as_ref().map(|who| who.user_id);
    request.extensions_mut().insert(RequestMeta {
        client: client.clone(),
        session_token,
        principal,
    });
    let response = with_error_status(next.run(request).await).await;
    if matches!(response.status().as_u16(), 401 | 403 | 429) {
        let reason = response
            .extensions()
            .get::<ApiError>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info!(function = %path, user_id, %client, status = response.status().as_u16(), %reason, "call refused");
    }
    response
}

/// The caller's address as the throttles key it (see [`client_address`]).
pub fn client_of(state: &AppState, request: &Request) -> String {
    match request.extensions().get::<ConnectInfo<SocketAddr>>() {
        Some(ConnectInfo(peer)) => {
            let forwarded = request
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok());
            client_address(peer.ip(), forwarded, &state.config.trusted_proxies).to_string()
        }
        None => "unknown".into(),
    }
}

/// The signed-in person behind a session token, if its session is alive.
pub async fn caller(
    state: &AppState,
    session_token: Option<&str>,
) -> Result<Option<backend::Principal>, ApiError> {
    match session_token {
        Some(token) => backend::auth::resolve_session(&state.db, token)
            .await
            .map_err(ApiError::from),
        None => Ok(None),
    }
}

/// Whether `principal` meets `requirement`: the one permission check of the server, for server
/// functions and downloads alike (the catalogue says who may view or edit each area).
pub fn permitted(
    state: &AppState,
    requirement: Requirement,
    principal: Option<&backend::Principal>,
) -> Result<(), ApiError> {
    match requirement {
        Requirement::Public => Ok(()),
        Requirement::DemoOnly if state.config.demo_seed => Ok(()),
        Requirement::DemoOnly => Err(ApiError::NotFound),
        Requirement::Reviewer => match principal {
            None => Err(ApiError::Unauthenticated),
            Some(who) if !who.reviewer => Err(ApiError::Forbidden),
            Some(_) => Ok(()),
        },
        Requirement::Permission(area, level) => match principal {
            None => Err(ApiError::Unauthenticated),
            Some(who) if !domain::catalogue::allows(&who.roles, area, level) => {
                Err(ApiError::Forbidden)
            }
            // A merged account is read-only: its users moved to the survivor, but a session
            // resolved just before the merge must not write to it either.
            Some(who) if level == domain::Access::Edit && who.account_merged => Err(
                ApiError::Conflict(domain::error::ConflictKind::AccountMerged),
            ),
            Some(_) => Ok(()),
        },
    }
}

/// Logs a refused call: the function, who (the user's id, else the client's address) and why;
/// never a secret or a body.
fn log_refusal(path: &str, who: Option<&backend::Principal>, client: &str, error: &ApiError) {
    let status = error.status();
    match who {
        Some(who) => {
            tracing::info!(function = %path, user_id = who.user_id, %client, status, reason = %error, "call refused")
        }
        None => tracing::info!(function = %path, %client, status, reason = %error, "call refused"),
    }
}

/// Reads the request's body up to `limit`; a longer body (announced or sent) is refused with
/// `refusal`, before any of it is kept beyond the limit. A body that stops arriving (the body
/// timeout) is answered `TimedOut`.
async fn limit_body(
    request: Request,
    (limit, refusal): (usize, ApiError),
) -> Result<Request, ApiError> {
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|length| length > limit as u64) {
        return Err(refusal);
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        if timed_out(&e) {
            ApiError::TimedOut
        } else {
            refusal
        }
    })?;
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Whether reading a body failed because the body timeout struck.
fn timed_out(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = error.source();
    }
    false
}

/// Answers the errors of the API's serving layers: at capacity (load shedding) 503 `Busy`
/// with `Retry-After`, over the request timeout 408 `TimedOut`.
pub async fn serving_error(error: tower::BoxError) -> Response<Body> {
    if error.is::<tower::load_shed::error::Overloaded>() {
        tracing::warn!("call refused: the API is at capacity");
        return error_response(ApiError::Busy {
            retry_after_secs: BUSY_RETRY_SECS,
        });
    }
    if error.is::<tower::timeout::error::Elapsed>() {
        tracing::info!("call stopped: over the request timeout");
        return error_response(ApiError::TimedOut);
    }
    tracing::error!(%error, "serving error");
    error_response(ApiError::Internal)
}

/// `Retry-After` of a call refused at capacity.
const BUSY_RETRY_SECS: u32 = 1;

/// The caller's address: the peer's, unless the peer is a trusted proxy, in which case the
/// nearest address in `X-Forwarded-For` that is not itself a trusted proxy (addresses further
/// left could be forged by the client).
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_for.unwrap_or_default().rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(address) => {
                client = address;
                if !trusted.contains(&address) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

pub fn session_token(request: &Request, cookie_name: &str) -> Option<String> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie_name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// A refusal in the same JSON shape the server functions use, with its status.
pub fn error_response(error: ApiError) -> Response<Body> {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(&error).unwrap_or_default()))
        .unwrap_or_default();
    if let ApiError::TooManyRequests { retry_after_secs } | ApiError::Busy { retry_after_secs } =
        error
    {
        if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    // For the guard's log of refusals (never sent: extensions stay in the server).
    response.extensions_mut().insert(error);
    response
}

/// Server functions answer every error with 500; this reads the error and answers with its own
/// status (422, 401, 403, 409, 429 with Retry-After, ...).
async fn with_error_status(response: Response<Body>) -> Response<Body> {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return error_response(ApiError::Internal);
    };
    match serde_json::from_slice::<ApiError>(&bytes) {
        Ok(error) => {
            let mut mapped = error_response(error);
            for (name, value) in parts.headers.iter() {
                if name == header::SET_COOKIE {
                    mapped.headers_mut().append(name, value.clone());
                }
            }
            mapped
        }
        Err(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::client_address;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        let peer = ip("203.0.113.7");
        assert_eq!(client_address(peer, Some("198.51.100.1"), &[]), peer);
        assert_eq!(
            client_address(peer, Some("198.51.100.1"), &[ip("10.0.0.1")]),
            peer
        );
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client() {
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        let forwarded = Some("6.6.6.6, 198.51.100.1, 10.0.0.2");
        assert_eq!(
            client_address(ip("10.0.0.1"), forwarded, &proxies),
            ip("198.51.100.1")
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), None, &proxies),
            ip("10.0.0.1")
        );
    }
}
