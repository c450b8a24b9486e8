//! Password guessing over HTTP, on SQLite and PostgreSQL: parallel guesses get exactly the
//! limit's password checks (sign-in and the payout re-authentication), and device cookies keep
//! an account's owner signing in from their own browser whatever others guess.

mod common;

use backend::seed::{demo_email, DEMO_PASSWORD};
use backend::testing::{fresh_postgres_url, fresh_sqlite_url};
use common::{as_role, browser, spawn_app_configured, TestApp};
use domain::{ApiError, Field, Invalid, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// A demo server behind a "load balancer" at 127.0.0.1, so tests choose their client address
/// with `X-Forwarded-For`.
async fn behind_proxy(database_url: String) -> TestApp {
    spawn_app_configured(database_url, true, |config| {
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await
}

async fn on_both<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    test(behind_proxy(fresh_sqlite_url()).await).await;
    if let Some(url) = fresh_postgres_url().await {
        test(behind_proxy(url).await).await;
    }
}

/// A sign-in as the browser `client`, from client address `from`.
async fn sign_in_from(
    app: &TestApp,
    client: &Client,
    from: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(format!("{}/api/sign_in", app.base))
        .header("content-type", "application/json")
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-for", from)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("request")
}

/// The audit entries of `area` with `action` about `who`, as a Global admin reads them.
async fn audited(app: &TestApp, area: Value, action: &str, who: &str) -> usize {
    // From an address of its own: the guesses may have filled 127.0.0.1's limit.
    let admin = browser();
    let r = sign_in_from(
        app,
        &admin,
        "192.0.2.250",
        &demo_email(Role::GlobalAdmin),
        DEMO_PASSWORD,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let log: Vec<Value> = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": who, "area": area, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    log.iter().filter(|e| e["action"] == action).count()
}

/// Sends `count` requests made by `request` all at once and returns their statuses and bodies.
async fn in_parallel(
    count: usize,
    request: impl Fn() -> reqwest::RequestBuilder,
) -> Vec<(StatusCode, String)> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..count {
        let request = request();
        tasks.spawn(async move {
            let response = request.send().await.expect("request");
            (response.status(), response.text().await.unwrap())
        });
    }
    let mut answers = Vec::new();
    while let Some(answer) = tasks.join_next().await {
        answers.push(answer.unwrap());
    }
    answers
}

fn count(answers: &[(StatusCode, String)], status: StatusCode) -> usize {
    answers.iter().filter(|(s, _)| *s == status).count()
}

#[tokio::test]
async fn forty_parallel_wrong_passwords_get_exactly_five_password_checks() {
    on_both(|app| async move {
        let email = demo_email(Role::Marketer);
        let url = format!("{}/api/sign_in", app.base);
        let answers = in_parallel(40, || {
            reqwest::Client::new()
                .post(&url)
                .header("content-type", "application/json")
                .json(&json!({ "email": email, "password": "not the password" }))
        })
        .await;
        assert_eq!(count(&answers, StatusCode::UNAUTHORIZED), 5, "{answers:?}");
        assert_eq!(
            count(&answers, StatusCode::TOO_MANY_REQUESTS),
            35,
            "{answers:?}"
        );
        for (status, body) in &answers {
            let error: ApiError = serde_json::from_str(body).unwrap();
            match *status {
                StatusCode::UNAUTHORIZED => assert_eq!(error, ApiError::BadCredentials),
                _ => assert!(matches!(error, ApiError::TooManyRequests { .. })),
            }
        }
        // A check is audited after the password work: exactly five were done.
        assert_eq!(
            audited(&app, json!("SignIns"), "SignInFailed", &email).await,
            5
        );
    })
    .await;
}

fn iban_form() -> Value {
    json!({ "holder": "Contoso Ltd", "bank_country": "FR", "iban": "FR76 3000 6000 0112 3456 7890 189",
            "bic": "AGRIFRPP", "routing": "", "account_number": "", "currency": "EUR" })
}

#[tokio::test]
async fn forty_parallel_wrong_payout_passwords_get_exactly_five_password_checks() {
    on_both(|app| async move {
        let billing = as_role(&app, Role::BillingAdmin).await;
        let url = format!("{}/api/payout_change", app.base);
        let answers = in_parallel(40, || {
            billing
                .post(&url)
                .header("content-type", "application/json")
                .header("sec-fetch-site", "same-origin")
                .json(&json!({ "form": iban_form(), "password": "not my password", "version": 0 }))
        })
        .await;
        assert_eq!(
            count(&answers, StatusCode::UNPROCESSABLE_ENTITY),
            5,
            "{answers:?}"
        );
        assert_eq!(
            count(&answers, StatusCode::TOO_MANY_REQUESTS),
            35,
            "{answers:?}"
        );
        for (status, body) in &answers {
            let error: ApiError = serde_json::from_str(body).unwrap();
            match *status {
                StatusCode::UNPROCESSABLE_ENTITY => assert_eq!(
                    error,
                    ApiError::invalid(Field::Password, Invalid::PasswordIncorrect)
                ),
                _ => assert!(matches!(error, ApiError::TooManyRequests { .. })),
            }
        }
        assert_eq!(
            audited(
                &app,
                json!({ "In": "PayoutTax" }),
                "ReauthenticationFailed",
                &demo_email(Role::BillingAdmin)
            )
            .await,
            5
        );
    })
    .await;
}

/// The `Set-Cookie` header of `response` for the cookie `name`.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// `name=value` of a `Set-Cookie` header, as a browser sends it back.
fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_hundred_guesses_from_elsewhere_do_not_keep_the_owner_out_of_their_own_browser() {
    on_both(|app| async move {
        let email = demo_email(Role::Marketer);
        let owner = browser();
        let first = sign_in_from(&app, &owner, "192.0.2.10", &email, DEMO_PASSWORD).await;
        assert_eq!(first.status(), StatusCode::OK);
        let device = set_cookie(&first, "ps_device").expect("a device cookie at sign-in");
        for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=15552000"] {
            assert!(device.contains(attribute), "{device}");
        }
        let first_device = pair(&device);

        // The attacker: 100 wrong passwords from ten addresses of their own (under each
        // address's limit), without the owner's device cookie.
        let mut refused = 0;
        for attempt in 0..100 {
            let from = format!("198.51.100.{}", attempt / 10 + 1);
            let r = sign_in_from(&app, &browser(), &from, &email, "guess guess guess").await;
            match r.status() {
                StatusCode::UNAUTHORIZED => {}
                StatusCode::TOO_MANY_REQUESTS => refused += 1,
                other => panic!("attempt {attempt}: {other}"),
            }
        }
        assert_eq!(refused, 95, "the account's limit (5) took the rest");

        // Without the device cookie, even the owner and the right password wait.
        let elsewhere = sign_in_from(&app, &browser(), "192.0.2.10", &email, DEMO_PASSWORD).await;
        assert_eq!(elsewhere.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(elsewhere.headers().contains_key("retry-after"));

        // From the owner's browser (its device cookie), the sign-in goes through, from any
        // address, with a new session and a new device cookie.
        let again = sign_in_from(&app, &owner, "203.0.113.99", &email, DEMO_PASSWORD).await;
        assert_eq!(again.status(), StatusCode::OK);
        let renewed = pair(&set_cookie(&again, "ps_device").expect("a new device cookie"));
        assert_ne!(renewed, first_device);
        assert_eq!(
            app.call(&owner, "me", json!({})).await.status(),
            StatusCode::OK
        );

        // The replaced device cookie is no device any more.
        let replayed = Client::new()
            .post(format!("{}/api/sign_in", app.base))
            .header("content-type", "application/json")
            .header("cookie", &first_device)
            .json(&json!({ "email": email, "password": DEMO_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(replayed.status(), StatusCode::TOO_MANY_REQUESTS);
    })
    .await;
}

#[tokio::test]
async fn a_device_cookie_that_fails_too_often_is_no_longer_honoured() {
    on_both(|app| async move {
        let email = demo_email(Role::Developer);
        let device = browser();
        let r = sign_in_from(&app, &device, "192.0.2.20", &email, DEMO_PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK);
        // Ten failures with the device cookie are the device's own limit...
        for _ in 0..10 {
            let r = sign_in_from(&app, &device, "192.0.2.20", &email, "wrong wrong wrong").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
        // ...after which the cookie gets nothing, not even with the right password,
        let r = sign_in_from(&app, &device, "192.0.2.20", &email, DEMO_PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            r.json::<ApiError>().await.unwrap().status(),
            429,
            "a typed refusal"
        );
        // while the account's own limit was never touched: another browser signs in.
        let r = sign_in_from(&app, &browser(), "192.0.2.21", &email, DEMO_PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_device_cookie_counts_only_for_its_own_user_and_a_forged_one_not_at_all() {
    on_both(|app| async move {
        let marketer = demo_email(Role::Marketer);
        let developer = demo_email(Role::Developer);
        // A browser holding the Marketer's device cookie.
        let browser_of_marketer = browser();
        let r = sign_in_from(
            &app,
            &browser_of_marketer,
            "192.0.2.30",
            &marketer,
            DEMO_PASSWORD,
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK);
        // The Developer's account is at its limit.
        for _ in 0..5 {
            let r = sign_in_from(&app, &browser(), "198.51.100.7", &developer, "nope nope").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
        // The Marketer's device cookie is no device for the Developer's email.
        let r = sign_in_from(
            &app,
            &browser_of_marketer,
            "192.0.2.30",
            &developer,
            DEMO_PASSWORD,
        )
        .await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        // Nor is a made-up one.
        let forged = Client::new()
            .post(format!("{}/api/sign_in", app.base))
            .header("content-type", "application/json")
            .header(
                "cookie",
                format!("ps_device={}", backend::auth::random_token()),
            )
            .json(&json!({ "email": developer, "password": DEMO_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::TOO_MANY_REQUESTS);
    })
    .await;
}

#[tokio::test]
async fn over_https_the_device_cookie_is_host_prefixed_and_secure() {
    let app = spawn_app_configured(fresh_sqlite_url(), true, |config| {
        config.secure_cookies = true;
    })
    .await;
    let email = demo_email(Role::Marketer);
    let plain = Client::new();
    let r = app.sign_in(&plain, &email, DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let device = set_cookie(&r, "__Host-ps_device").expect("a __Host- device cookie");
    for attribute in [
        "HttpOnly",
        "SameSite=Lax",
        "Path=/",
        "Secure",
        "Max-Age=15552000",
    ] {
        assert!(device.contains(attribute), "{device}");
    }
    assert!(!device.contains("Domain"), "{device}");
    assert!(set_cookie(&r, "ps_device").is_none());
    for _ in 0..5 {
        app.sign_in(&Client::new(), &email, "wrong wrong wrong")
            .await;
    }
    let with_device = plain
        .post(format!("{}/api/sign_in", app.base))
        .header("content-type", "application/json")
        .header("cookie", pair(&device))
        .json(&json!({ "email": email, "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(with_device.status(), StatusCode::OK);
}

#[tokio::test]
async fn sign_in_answers_the_same_for_an_unknown_email_and_a_wrong_password_with_a_device_cookie() {
    let app = behind_proxy(fresh_sqlite_url()).await;
    let email = demo_email(Role::Marketer);
    let owner = browser();
    let r = sign_in_from(&app, &owner, "192.0.2.40", &email, DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let wrong = sign_in_from(&app, &owner, "192.0.2.40", &email, "wrong wrong wrong").await;
    let unknown = sign_in_from(
        &app,
        &owner,
        "192.0.2.40",
        "nobody@contoso.example",
        "wrong wrong wrong",
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());
}
