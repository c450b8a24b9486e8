//! Files downloaded with a plain link: `GET {prefix}/{id}` for each prefix of
//! `app::api::downloads`. The caller is checked by the same permission check as every server
//! function ([`crate::api::permitted`]), and the answer is labelled so that a browser can only
//! save it: an attachment of the type read from the file's content at upload, and sandboxed by
//! its own Content-Security-Policy, so a file that is also valid HTML (a PDF/HTML polyglot)
//! never runs as a page of our origin.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, Response};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use domain::ApiError;

use crate::api::{caller, client_of, error_response, permitted, session_token};
use crate::AppState;

/// The answer's own policy: nothing it holds may run, load or be framed.
const SANDBOX: &str = "sandbox; default-src 'none'; frame-ancestors 'none'";

/// The download routes, one per prefix of the app's catalogue of downloads.
pub fn routes() -> Router<AppState> {
    app::api::downloads::catalogue()
        .into_iter()
        .fold(Router::new(), |router, (prefix, _)| {
            router.route(&format!("{prefix}/{{id}}"), get(download))
        })
}

async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Response<Body> {
    let path = request.uri().path().to_owned();
    let client = client_of(&state, &request);
    let Some((prefix, requirement)) = app::api::downloads::catalogue()
        .into_iter()
        .find(|(prefix, _)| path.starts_with(&format!("{prefix}/")))
    else {
        return error_response(ApiError::NotFound);
    };
    // A link from another site may make the browser download the user's own file, never read
    // it; still, nothing here is for other sites.
    let fetch_site = request
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok());
    if fetch_site == Some("cross-site") {
        tracing::info!(function = %path, %client, "download refused: cross-site");
        return error_response(ApiError::Forbidden);
    }
    let token = session_token(
        &request,
        app::api::server::session_cookie_name(state.config.secure_cookies),
    );
    let who = match caller(&state, token.as_deref()).await {
        Ok(who) => who,
        Err(e) => return error_response(e),
    };
    if let Err(refusal) = permitted(&state, requirement, who.as_ref()) {
        tracing::info!(function = %path, user_id = who.as_ref().map(|w| w.user_id), %client, status = refusal.status(), reason = %refusal, "download refused");
        return error_response(refusal);
    }
    let (Some(who), Ok(id)) = (who, id.parse::<i64>()) else {
        return error_response(ApiError::NotFound);
    };
    let file = match prefix {
        app::api::downloads::TAX_CERTIFICATE | app::api::downloads::REVIEW_TAX_CERTIFICATE => {
            backend::tax::certificates::file(&state.db, &who, id).await
        }
        app::api::downloads::VERIFICATION_DOCUMENT
        | app::api::downloads::REVIEW_VERIFICATION_DOCUMENT => {
            backend::verification::document_file(&state.db, &who, id).await
        }
        _ => return error_response(ApiError::NotFound),
    };
    match file {
        Ok(file) => attachment(file),
        Err(e) => error_response(e.into()),
    }
}

/// The file as an attachment: its stored (sniffed) type, its name for the browser to save it
/// under, its own sandboxing policy, and never cached.
fn attachment(file: backend::files::StoredFile) -> Response<Body> {
    let mut response = Body::from(file.content).into_response();
    let headers = response.headers_mut();
    let content_type = HeaderValue::from_str(&file.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, content_type);
    if let Ok(value) = HeaderValue::from_str(&content_disposition(&file.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(SANDBOX),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// `attachment` with the name twice (RFC 6266): plain ASCII for old browsers, and the exact
/// name percent-encoded in UTF-8 (RFC 8187).
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && !matches!(c, '"' | '\\' | ';' | '%') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn the_name_is_given_plainly_and_exactly() {
        assert_eq!(
            content_disposition("exemption 2026.pdf"),
            "attachment; filename=\"exemption 2026.pdf\"; filename*=UTF-8''exemption%202026.pdf"
        );
        assert_eq!(
            content_disposition("été\";x.pdf"),
            "attachment; filename=\"_t___x.pdf\"; filename*=UTF-8''%C3%A9t%C3%A9%22%3Bx.pdf"
        );
    }
}
