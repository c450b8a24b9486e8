//! Response headers that hold for every answer, and the cross-site request checks of the API.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, Response, StatusCode};
use axum::middleware::Next;

use crate::AppState;

/// Builds the Content-Security-Policy: only our own origin, the WASM loader's inline script by
/// hash, no plugins, no `<base>`, and no framing (a later issue adds an allow-list of portals).
pub fn content_security_policy(inline_script_hashes: &[String]) -> String {
    let scripts = std::iter::once("'self' 'wasm-unsafe-eval'".to_string())
        .chain(inline_script_hashes.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Adds the security headers to every response; every answer of the API (refusals, load
/// shedding and timeouts included) is `Cache-Control: no-store`: it is about one user at one
/// moment, and no browser or proxy cache may keep it. An answer that brings a stricter policy
/// of its own (a download's sandbox) keeps it.
pub async fn headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(csp) = HeaderValue::from_str(&state.csp) {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if state.config.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Why a request to the API is refused before it reaches a server function (cross-site request
/// forgery defence, ASVS 3.5): state changes come only as same-origin JSON POSTs. A JSON body is
/// not a "simple" request, so another site's page cannot send one without a CORS preflight we
/// never grant; `Sec-Fetch-Site` and `Origin` are checked as well.
pub fn cross_site_refusal(request: &Request) -> Option<(StatusCode, &'static str)> {
    if request.method() != Method::POST {
        return Some((StatusCode::METHOD_NOT_ALLOWED, "use POST"));
    }
    let headers = request.headers();
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !is_json {
        return Some((StatusCode::UNSUPPORTED_MEDIA_TYPE, "send application/json"));
    }
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site.is_some_and(|site| site != "same-origin" && site != "none") {
        return Some((StatusCode::FORBIDDEN, "cross-site request refused"));
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let origin_host = origin.split("://").nth(1).unwrap_or_default();
        if origin_host != host {
            return Some((StatusCode::FORBIDDEN, "cross-origin request refused"));
        }
    }
    None
}
