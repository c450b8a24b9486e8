//! A real server on a free port with its own fresh database, as the tests' only way in.

#![allow(dead_code)]

use std::path::PathBuf;

use backend::testing::{fresh_postgres_url, fresh_sqlite_url};
use reqwest::{Client, Response};
use serde_json::{json, Value};
use server::{start, Config, Running};

/// The smallest PDF and PNG files worth the name.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

pub struct TestApp {
    pub base: String,
    pub running: Running,
}

/// A throwaway client folder with an index.html holding an inline loader script, as Trunk makes.
fn test_dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ps-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!DOCTYPE html><html><head><script type=\"module\">import init from '/app-0123456789abcdef.js'; init();</script></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("app-0123456789abcdef.js"),
        "export default function init() {}\n".repeat(100),
    )
    .unwrap();
    dir
}

pub async fn spawn_app_with(database_url: String, demo_seed: bool) -> TestApp {
    spawn_app_configured(database_url, demo_seed, |_| {}).await
}

/// A server whose configuration `adjust` changes first (a directory URL, ...).
pub async fn spawn_app_configured(
    database_url: String,
    demo_seed: bool,
    adjust: impl FnOnce(&mut Config),
) -> TestApp {
    let mut config = Config {
        database_url,
        bind_addr: "127.0.0.1:0".parse().unwrap(),
        demo_seed,
        dist_dir: test_dist(),
        secure_cookies: false,
        trusted_proxies: Vec::new(),
        public_url: "http://partner-settings.test".into(),
        smtp_url: None,
        company_directory_url: None,
        company_directory_token: None,
        tenant_directory_issuer: None,
        tenant_directory_client_id: None,
        tenant_directory_client_secret: None,
        tenant_directory_admin_roles: vec![domain::tenants::GLOBAL_ADMINISTRATOR_ROLE.into()],
        // Tax profile.
        vat_registry_url: None,
        payout_key: None,
        api_max_in_flight: server::config::DEFAULT_API_MAX_IN_FLIGHT,
        request_timeout: server::config::DEFAULT_REQUEST_TIMEOUT,
        body_timeout: server::config::DEFAULT_BODY_TIMEOUT,
        header_timeout: server::config::DEFAULT_HEADER_TIMEOUT,
    };
    adjust(&mut config);
    let running = start(config).await.expect("server starts");
    TestApp {
        base: format!("http://{}", running.addr),
        running,
    }
}

/// A server on SQLite.
pub async fn spawn_app(demo_seed: bool) -> TestApp {
    spawn_app_with(fresh_sqlite_url(), demo_seed).await
}

/// A server on PostgreSQL (None when unreachable outside CI).
pub async fn spawn_app_on_postgres(demo_seed: bool) -> Option<TestApp> {
    Some(spawn_app_with(fresh_postgres_url().await?, demo_seed).await)
}

/// A browser-like client signed in as `email` with the demo password.
pub async fn signed_in(app: &TestApp, email: &str) -> Client {
    let client = browser();
    let response = app
        .sign_in(&client, email, backend::seed::DEMO_PASSWORD)
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::OK, "{email}");
    client
}

/// A browser-like client signed in as the demo user holding `role`.
pub async fn as_role(app: &TestApp, role: domain::Role) -> Client {
    signed_in(app, &backend::seed::demo_email(role)).await
}

/// A browser-like client that keeps cookies.
pub fn browser() -> Client {
    Client::builder().cookie_store(true).build().unwrap()
}

impl TestApp {
    /// Calls a server function the way the WASM client does: a same-origin JSON POST.
    pub async fn call(&self, client: &Client, function: &str, args: Value) -> Response {
        client
            .post(format!("{}/api/{function}", self.base))
            .header("content-type", "application/json")
            .header("sec-fetch-site", "same-origin")
            .json(&args)
            .send()
            .await
            .expect("request")
    }

    /// Signs up a company as its founder does: the sign-up form, then the link mailed to
    /// `email` with the password chosen at sign-up. Answers the confirmation's response
    /// (`client` is then signed in as the founder, a Global admin).
    pub async fn sign_up(&self, client: &Client, email: &str) -> Response {
        let started = self.start_sign_up(client, email).await;
        if started.status() != reqwest::StatusCode::OK {
            return started;
        }
        let token = mailed_token(self, email).await;
        self.call(
            client,
            "sign_up_confirm",
            json!({ "token": token, "password": SIGN_UP_PASSWORD }),
        )
        .await
    }

    /// The sign-up form alone: mails the link (or, for a taken address, tells its owner).
    pub async fn start_sign_up(&self, client: &Client, email: &str) -> Response {
        self.call(
            client,
            "sign_up",
            json!({ "form": {
                "email": email,
                "name": "Ada Lovelace",
                "password": SIGN_UP_PASSWORD,
                "company_name": "Fabrikam SAS",
                "country": "FR"
            }}),
        )
        .await
    }

    pub async fn sign_in(&self, client: &Client, email: &str, password: &str) -> Response {
        self.call(
            client,
            "sign_in",
            json!({ "email": email, "password": password }),
        )
        .await
    }
}

/// The password [`TestApp::sign_up`] signs up with.
pub const SIGN_UP_PASSWORD: &str = "analytical engine 1843";

/// Every queued mail, newest first, read straight from the database's outbox (the demo
/// mailbox over HTTP shows only a signed-in account's own): objects with `to`, `subject` and
/// `body`, as the mailbox answers them.
pub async fn outbox(app: &TestApp) -> Vec<Value> {
    use sqlx::Row;
    let rows = sqlx::query("SELECT to_address, subject, body FROM outbox ORDER BY id DESC")
        .fetch_all(app.running.state.db.pool())
        .await
        .expect("the outbox");
    rows.iter()
        .map(|row| {
            json!({
                "to": row.get::<String, _>("to_address"),
                "subject": row.get::<String, _>("subject"),
                "body": row.get::<String, _>("body"),
            })
        })
        .collect()
}

/// The token of the newest link mailed to `email`, read from the outbox.
pub async fn mailed_token(app: &TestApp, email: &str) -> String {
    let mail = outbox(app).await;
    let body = mail
        .iter()
        .find(|m| m["to"] == email)
        .unwrap_or_else(|| panic!("no mail to {email}"))["body"]
        .as_str()
        .unwrap()
        .to_owned();
    let start = body.find("#token=").expect("a link with a token") + "#token=".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

// Programs: the demo's Contoso is seeded verified with a complete
// company profile (so it can enrol in a program); tests that need an account with neither use
// the demo's Fabrikam, which has the same users.
/// The demo sign-in address at Fabrikam for `role`.
pub fn fabrikam_email(role: domain::Role) -> String {
    format!("{}@{}", role.slug(), backend::seed::FABRIKAM_DOMAIN)
}

/// A browser-like client signed in as Fabrikam's demo user holding `role`.
pub async fn as_fabrikam(app: &TestApp, role: domain::Role) -> Client {
    signed_in(app, &fabrikam_email(role)).await
}

/// The JSON of a successful answer (failing with its body otherwise).
pub async fn ok_json(response: Response) -> Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// The status and typed error of a refused call.
pub async fn error_of(response: Response) -> (reqwest::StatusCode, domain::ApiError) {
    let status = response.status();
    (
        status,
        response
            .json::<domain::ApiError>()
            .await
            .expect("an ApiError body"),
    )
}

/// A download the way a browser follows a link on the page: a same-origin GET.
pub async fn download(app: &TestApp, client: &Client, prefix: &str, id: i64) -> Response {
    client
        .get(format!("{}{prefix}/{id}", app.base))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap()
}

/// `partner` (a Fabrikam user who may answer) submits Fabrikam for verification, and `reviewer`
/// opens it from the queue and asks for the registration certificate. Gives its account id.
pub async fn reviewer_asks_fabrikam(app: &TestApp, partner: &Client, reviewer: &Client) -> Value {
    ok_json(
        app.call(partner, "verification_step", json!({ "step": "Submit" }))
            .await,
    )
    .await;
    let queue = ok_json(app.call(reviewer, "review_queue", json!({})).await).await;
    let account_id = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["legal_name"] == "Fabrikam SAS")
        .expect("Fabrikam waits")["account_id"]
        .clone();
    for step in [
        json!("StartReview"),
        json!({ "RequestInformation": { "reason": "Send the registration certificate" } }),
    ] {
        ok_json(
            app.call(
                reviewer,
                "review_step",
                json!({ "account_id": account_id, "step": step }),
            )
            .await,
        )
        .await;
    }
    account_id
}
