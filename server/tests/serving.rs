//! Static files, deep links, security headers and the health check.

mod common;

use common::spawn_app;
use reqwest::StatusCode;

#[tokio::test]
async fn healthz_answers_ok_when_the_database_answers() {
    let app = spawn_app(false).await;
    let response = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn healthz_answers_503_when_the_database_is_gone() {
    let app = spawn_app(false).await;
    app.running.state.db.pool().close().await;
    let response = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn deep_links_get_the_app_which_is_never_cached() {
    let app = spawn_app(false).await;
    for path in ["/", "/settings/overview", "/settings/users", "/signin"] {
        let response = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        assert!(response
            .text()
            .await
            .unwrap()
            .contains("<script type=\"module\">"));
    }
}

#[tokio::test]
async fn missing_files_are_404_not_the_app() {
    let app = spawn_app(false).await;
    let response = reqwest::get(format!("{}/app-ffffffffffffffff.js", app.base))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_precompressed() {
    let app = spawn_app(false).await;
    let client = reqwest::Client::new();
    let response = client
        .get(format!("{}/app-0123456789abcdef.js", app.base))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(response.headers()["vary"], "Accept-Encoding");
    let etag = response.headers()["etag"].clone();
    let again = client
        .get(format!("{}/app-0123456789abcdef.js", app.base))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app(false).await;
    for path in ["/settings/overview", "/healthz"] {
        let response = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(
            csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"),
            "{csp}"
        );
        assert!(
            csp.contains("'sha256-"),
            "the inline loader is allowed by hash: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(
            headers["referrer-policy"],
            "strict-origin-when-cross-origin"
        );
    }
}
