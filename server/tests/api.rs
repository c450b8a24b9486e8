//! The API over real HTTP: sign-up (with its emailed link), sign-in, throttling, sessions and
//! permission checks.

mod common;

use backend::seed::{demo_email, DEMO_PASSWORD};
use common::{as_role, browser, spawn_app, spawn_app_on_postgres};
use domain::error::ConflictKind;
use domain::{ApiError, Role};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn error_of(response: reqwest::Response) -> ApiError {
    response.json::<ApiError>().await.expect("an ApiError body")
}

/// The names and attributes of a response's cookies, values left out (what a visitor can
/// compare between two answers).
fn cookie_shapes(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| {
            let cookie = v.to_str().unwrap();
            let (pair, attributes) = cookie.split_once(';').unwrap_or((cookie, ""));
            format!("{}={{…}};{attributes}", pair.split('=').next().unwrap())
        })
        .collect()
}

async fn sign_up_journey(app: common::TestApp) {
    let client = browser();
    let started = app.start_sign_up(&client, "ada@fabrikam.example").await;
    assert_eq!(started.status(), StatusCode::OK);
    // No session yet: only the sign-up cookie, HttpOnly and same-site only.
    let shapes = cookie_shapes(&started);
    assert_eq!(
        shapes,
        vec!["ps_signup={…}; Path=/; HttpOnly; SameSite=Strict; Max-Age=86400"],
        "{shapes:?}"
    );
    let body: Value = started.json().await.unwrap();
    assert_eq!(body, json!({ "email": "ada@fabrikam.example" }));
    assert_eq!(
        app.call(&client, "me", json!({})).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Until the link is followed, the right password says "confirm your email" (not a bad
    // password), and a wrong one looks as usual.
    let early = app
        .sign_in(&browser(), "ada@fabrikam.example", common::SIGN_UP_PASSWORD)
        .await;
    assert_eq!(early.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_of(early).await, ApiError::EmailUnconfirmed);
    let wrong = app
        .sign_in(&browser(), "ada@fabrikam.example", "not the password")
        .await;
    assert_eq!(error_of(wrong).await, ApiError::BadCredentials);

    // The link shows what it opens, and needs the password chosen at sign-up.
    let token = common::mailed_token(&app, "ada@fabrikam.example").await;
    let info: Value = app
        .call(&browser(), "sign_up_link", json!({ "token": token }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        info,
        json!({ "email": "ada@fabrikam.example", "company": "Fabrikam SAS" })
    );
    let stranger = browser();
    let refused = app
        .call(
            &stranger,
            "sign_up_confirm",
            json!({ "token": token, "password": "the stranger's own password" }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(refused).await,
        ApiError::invalid(domain::Field::Password, domain::Invalid::PasswordIncorrect)
    );
    assert_eq!(
        app.call(&stranger, "me", json!({})).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let confirmed = app
        .call(
            &client,
            "sign_up_confirm",
            json!({ "token": token, "password": common::SIGN_UP_PASSWORD }),
        )
        .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    let shapes = cookie_shapes(&confirmed);
    assert!(
        shapes.contains(&"ps_session={…}; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200".into()),
        "{shapes:?}"
    );
    assert!(
        shapes.contains(&"ps_signup={…}; Path=/; HttpOnly; SameSite=Strict; Max-Age=0".into()),
        "the sign-up cookie is cleared: {shapes:?}"
    );
    let me: Value = confirmed.json().await.unwrap();
    assert_eq!(me["roles"], json!(["GlobalAdmin"]));
    assert_eq!(me["unread_notifications"], json!(1));
    let me: Value = app
        .call(&client, "me", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "ada@fabrikam.example");
    assert_eq!(me["account"]["legal_name"], "Fabrikam SAS");
    let log: Value = app
        .call(
            &client,
            "audit",
            json!({ "filter": { "user": "", "area": null, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "SignUp" && e["after"] == json!([{ "Roles": ["GlobalAdmin"] }])));

    // The link works once; the founder now signs in like anyone.
    let again = app
        .call(
            &browser(),
            "sign_up_confirm",
            json!({ "token": token, "password": common::SIGN_UP_PASSWORD }),
        )
        .await;
    assert_eq!(
        error_of(again).await,
        ApiError::Conflict(ConflictKind::SignUpLinkUnusable)
    );
    let signed_in = app
        .sign_in(&browser(), "ada@fabrikam.example", common::SIGN_UP_PASSWORD)
        .await;
    assert_eq!(signed_in.status(), StatusCode::OK);
}

#[tokio::test]
async fn sign_up_opens_the_account_only_through_the_mailed_link_and_its_password_on_sqlite() {
    sign_up_journey(spawn_app(false).await).await;
}

#[tokio::test]
async fn sign_up_opens_the_account_only_through_the_mailed_link_and_its_password_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(false).await {
        sign_up_journey(app).await;
    }
}

#[tokio::test]
async fn the_same_journey_works_on_postgresql() {
    let Some(app) = spawn_app_on_postgres(true).await else {
        return;
    };
    let client = browser();
    assert_eq!(
        app.sign_up(&client, "ada@fabrikam.example").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(&client, "me", json!({})).await.status(),
        StatusCode::OK
    );
    let marketer = browser();
    let signed = app
        .sign_in(&marketer, &demo_email(Role::Marketer), DEMO_PASSWORD)
        .await;
    assert_eq!(signed.status(), StatusCode::OK);
    assert_eq!(
        app.call(&marketer, "users", json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_pending_founder_cannot_call_any_signed_in_function() {
    use app::api::Requirement;
    let app = spawn_app(true).await;
    let founder = browser();
    assert_eq!(
        app.start_sign_up(&founder, "ada@fabrikam.example")
            .await
            .status(),
        StatusCode::OK
    );
    for (path, requirement) in app::api::catalogue() {
        if matches!(requirement, Requirement::Public | Requirement::DemoOnly) {
            continue;
        }
        let function = path.trim_start_matches("/api/");
        let status = app.call(&founder, function, json!({})).await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }
    // The demo mailbox shows that browser its sign-up mail, and only that.
    let mail: Vec<Value> = app
        .call(&founder, "mailbox", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert_eq!(mail[0]["to"], "ada@fabrikam.example");
    assert!(mail[0]["body"]
        .as_str()
        .unwrap()
        .contains("/signup/confirm#token="));
}

async fn taken_address_journey(app: common::TestApp) {
    // Ada opened her account; Ben's address was never used.
    app.sign_up(&browser(), "ada@fabrikam.example").await;
    let accounts_before = accounts(&app).await;
    let free = app.start_sign_up(&browser(), "ben@fabrikam.example").await;
    let taken = app.start_sign_up(&browser(), "Ada@Fabrikam.example").await;
    assert_eq!(free.status(), StatusCode::OK);
    assert_eq!(taken.status(), free.status());
    assert_eq!(cookie_shapes(&taken), cookie_shapes(&free));
    let (free, taken): (Value, Value) = (free.json().await.unwrap(), taken.json().await.unwrap());
    assert_eq!(free, json!({ "email": "ben@fabrikam.example" }));
    assert_eq!(taken, json!({ "email": "ada@fabrikam.example" }));
    // Nothing new for the taken address; its owner is told, in both languages.
    assert_eq!(accounts(&app).await, accounts_before + 1);
    let mail = common::outbox(&app).await;
    let told = mail
        .iter()
        .find(|m| m["to"] == "ada@fabrikam.example")
        .unwrap();
    assert!(told["subject"]
        .as_str()
        .unwrap()
        .contains("someone tried to sign up with your address"));
    let body = told["body"].as_str().unwrap();
    assert!(body.contains("If it was not you") && body.contains("Si ce n'était pas vous"));
    assert!(!body.contains("#token="), "{body}");
    // Ada's sign-in is unchanged.
    let signed = app
        .sign_in(&browser(), "ada@fabrikam.example", common::SIGN_UP_PASSWORD)
        .await;
    assert_eq!(signed.status(), StatusCode::OK);
}

async fn accounts(app: &common::TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(app.running.state.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn sign_up_of_a_taken_address_is_indistinguishable_from_a_free_one_on_sqlite() {
    taken_address_journey(spawn_app(false).await).await;
}

#[tokio::test]
async fn sign_up_of_a_taken_address_is_indistinguishable_from_a_free_one_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(false).await {
        taken_address_journey(app).await;
    }
}

async fn replaced_and_expired_journey(app: common::TestApp) {
    let accounts_before = accounts(&app).await;
    // A stranger signs up Ada's address first: the link goes to Ada, who cannot use it with
    // her own password, and her own sign-up replaces the stranger's attempt.
    let stranger = browser();
    app.call(
        &stranger,
        "sign_up",
        json!({ "form": { "email": "ada@fabrikam.example", "name": "Mallory", "password": "mallory's passphrase",
            "company_name": "Mallory Ltd", "country": "FR" } }),
    )
    .await;
    let strangers_link = common::mailed_token(&app, "ada@fabrikam.example").await;
    let refused = app
        .call(
            &browser(),
            "sign_up_confirm",
            json!({ "token": strangers_link, "password": common::SIGN_UP_PASSWORD }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ada = browser();
    assert_eq!(
        app.start_sign_up(&ada, "ada@fabrikam.example")
            .await
            .status(),
        StatusCode::OK
    );
    let replaced = app
        .call(
            &stranger,
            "sign_up_confirm",
            json!({ "token": strangers_link, "password": "mallory's passphrase" }),
        )
        .await;
    assert_eq!(
        error_of(replaced).await,
        ApiError::Conflict(ConflictKind::SignUpLinkUnusable)
    );
    // The stranger's browser no longer sees anything in the demo mailbox.
    assert_eq!(
        app.call(&stranger, "mailbox", json!({})).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Ada lets her link expire (24 hours): it says so, and signing up again works.
    sqlx::query("UPDATE sign_ups SET expires_at = $1")
        .bind(backend::now())
        .execute(app.running.state.db.pool())
        .await
        .unwrap();
    let token = common::mailed_token(&app, "ada@fabrikam.example").await;
    let expired = app
        .call(
            &ada,
            "sign_up_confirm",
            json!({ "token": token, "password": common::SIGN_UP_PASSWORD }),
        )
        .await;
    assert_eq!(
        error_of(expired).await,
        ApiError::Conflict(ConflictKind::SignUpLinkExpired)
    );
    let confirmed = app.sign_up(&ada, "ada@fabrikam.example").await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    let me: Value = app.call(&ada, "me", json!({})).await.json().await.unwrap();
    assert_eq!(me["account"]["legal_name"], "Fabrikam SAS");
    assert_eq!(
        accounts(&app).await,
        accounts_before + 1,
        "replaced attempts leave nothing behind"
    );
}

#[tokio::test]
async fn a_new_sign_up_replaces_a_pending_or_expired_one_and_its_link_stops_working_on_sqlite() {
    replaced_and_expired_journey(spawn_app(true).await).await;
}

#[tokio::test]
async fn a_new_sign_up_replaces_a_pending_or_expired_one_and_its_link_stops_working_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        replaced_and_expired_journey(app).await;
    }
}

#[tokio::test]
async fn wrong_passwords_at_the_sign_up_link_are_throttled_like_sign_in() {
    let app = spawn_app(false).await;
    app.start_sign_up(&browser(), "ada@fabrikam.example").await;
    let token = common::mailed_token(&app, "ada@fabrikam.example").await;
    for _ in 0..5 {
        let r = app
            .call(
                &browser(),
                "sign_up_confirm",
                json!({ "token": token, "password": "a guess at it" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let throttled = app
        .call(
            &browser(),
            "sign_up_confirm",
            json!({ "token": token, "password": common::SIGN_UP_PASSWORD }),
        )
        .await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn mails_to(app: &common::TestApp, to: &str) -> usize {
    common::outbox(app)
        .await
        .iter()
        .filter(|m| m["to"] == to)
        .count()
}

#[tokio::test]
async fn a_pending_founder_gets_a_new_link_from_sign_in_and_resends_stop_at_the_limit() {
    let app = spawn_app(true).await;
    app.start_sign_up(&browser(), "ada@fabrikam.example").await;
    let first = common::mailed_token(&app, "ada@fabrikam.example").await;
    let resend = |password: &'static str| {
        let app = &app;
        async move {
            app.call(
                &browser(),
                "sign_up_resend",
                json!({ "email": "ada@fabrikam.example", "password": password }),
            )
            .await
        }
    };
    // Only the person who signed up can ask (their password), so a stranger cannot flood.
    let wrong = resend("not the password").await;
    assert_eq!(error_of(wrong).await, ApiError::BadCredentials);
    let sent = resend(common::SIGN_UP_PASSWORD).await;
    assert_eq!(sent.status(), StatusCode::OK);
    assert_eq!(
        cookie_shapes(&sent),
        vec!["ps_signup={…}; Path=/; HttpOnly; SameSite=Strict; Max-Age=86400"]
    );
    let second = common::mailed_token(&app, "ada@fabrikam.example").await;
    assert_ne!(first, second);
    let old = app
        .call(
            &browser(),
            "sign_up_confirm",
            json!({ "token": first, "password": common::SIGN_UP_PASSWORD }),
        )
        .await;
    assert_eq!(
        error_of(old).await,
        ApiError::Conflict(ConflictKind::SignUpLinkUnusable)
    );
    // Five sign-up mails per address per hour: the sign-up, and this resend made two (the
    // wrong password counted too); two more pass, then 429 and no mail.
    for _ in 0..2 {
        assert_eq!(
            resend(common::SIGN_UP_PASSWORD).await.status(),
            StatusCode::OK
        );
    }
    let before = mails_to(&app, "ada@fabrikam.example").await;
    let refused = resend(common::SIGN_UP_PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(mails_to(&app, "ada@fabrikam.example").await, before);
    // A new sign-up of the address is refused the same way: no sixth mail.
    let again = app.start_sign_up(&browser(), "ada@fabrikam.example").await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mails_to(&app, "ada@fabrikam.example").await, before);
}

#[tokio::test]
async fn sign_ups_of_a_taken_address_stop_at_the_same_limit_as_a_free_one() {
    let app = spawn_app(true).await;
    // The demo's Global admin exists: five "someone tried" mails, then 429 as for any address.
    let taken = demo_email(Role::GlobalAdmin);
    let before = mails_to(&app, &taken).await;
    for _ in 0..5 {
        assert_eq!(
            app.start_sign_up(&browser(), &taken).await.status(),
            StatusCode::OK
        );
    }
    assert_eq!(
        app.start_sign_up(&browser(), &taken).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(mails_to(&app, &taken).await, before + 5);
}

#[tokio::test]
async fn free_mail_addresses_are_refused_beside_the_email_field() {
    let app = spawn_app(false).await;
    let response = app.sign_up(&browser(), "ada@gmail.com").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(response).await,
        ApiError::invalid(
            domain::Field::Email,
            domain::Invalid::FreeMailProvider {
                domain: "gmail.com".into()
            }
        )
    );
}

#[tokio::test]
async fn a_common_password_is_refused_by_the_server() {
    let app = spawn_app(false).await;
    let response = app
        .call(
            &browser(),
            "sign_up",
            json!({ "form": {
            "email": "ada@fabrikam.example", "name": "Ada", "password": "password123",
            "company_name": "Fabrikam", "country": "FR" }}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(response).await,
        ApiError::invalid(domain::Field::Password, domain::Invalid::PasswordTooCommon)
    );
}

#[tokio::test]
async fn sign_in_succeeds_and_a_wrong_password_looks_like_an_unknown_email() {
    let app = spawn_app(false).await;
    app.sign_up(&browser(), "ada@fabrikam.example").await;
    let ok = app
        .sign_in(&browser(), "ada@fabrikam.example", "analytical engine 1843")
        .await;
    assert_eq!(ok.status(), StatusCode::OK);

    let wrong = app
        .sign_in(&browser(), "ada@fabrikam.example", "wrong password!")
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let wrong_body = wrong.text().await.unwrap();
    let unknown = app
        .sign_in(&browser(), "nobody@fabrikam.example", "wrong password!")
        .await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.text().await.unwrap(), wrong_body);
    assert_eq!(
        serde_json::from_str::<ApiError>(&wrong_body).unwrap(),
        ApiError::BadCredentials
    );
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_throttled_with_retry_after() {
    let app = spawn_app(false).await;
    app.sign_up(&browser(), "ada@fabrikam.example").await;
    for _ in 0..5 {
        let r = app
            .sign_in(&browser(), "ada@fabrikam.example", "not-the-password")
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let throttled = app
        .sign_in(&browser(), "ada@fabrikam.example", "analytical engine 1843")
        .await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u32 = throttled.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after));
    assert!(matches!(
        error_of(throttled).await,
        ApiError::TooManyRequests { .. }
    ));
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = spawn_app(false).await;
    let client = browser();
    app.sign_up(&client, "ada@fabrikam.example").await;
    assert_eq!(
        app.call(&client, "sign_out", json!({})).await.status(),
        StatusCode::OK
    );
    let after = app.call(&client, "me", json!({})).await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_of(after).await, ApiError::Unauthenticated);
}

#[tokio::test]
async fn server_functions_need_a_session() {
    let app = spawn_app(false).await;
    for function in [
        "me",
        "notifications",
        "notifications_read",
        "users",
        "sign_out",
    ] {
        let response = app.call(&browser(), function, json!({})).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{function}");
    }
}

#[tokio::test]
async fn a_forged_session_cookie_is_not_a_session() {
    let app = spawn_app(false).await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/me", app.base))
        .header("content-type", "application/json")
        .header("cookie", "ps_session=forged")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_server_functions_are_not_found() {
    let app = spawn_app(false).await;
    let response = app.call(&browser(), "drop_everything", json!({})).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cross_site_and_non_json_requests_are_refused() {
    let app = spawn_app(false).await;
    let client = browser();
    let url = format!("{}/api/sign_in", app.base);
    let cross_site = client
        .post(&url)
        .header("content-type", "application/json")
        .header("sec-fetch-site", "cross-site")
        .body(r#"{"email":"a@b.example","password":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    let other_origin = client
        .post(&url)
        .header("content-type", "application/json")
        .header("origin", "https://evil.example")
        .body(r#"{"email":"a@b.example","password":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(other_origin.status(), StatusCode::FORBIDDEN);
    let form = client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=a%40b.example&password=x")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn malformed_arguments_are_a_bad_request_not_a_server_error() {
    let app = spawn_app(false).await;
    let response = app
        .call(&browser(), "sign_in", json!({ "email": 42 }))
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_of(response).await, ApiError::Malformed);
}

#[tokio::test]
async fn marking_all_notifications_read_clears_the_unread_count() {
    let app = spawn_app(false).await;
    let client = browser();
    app.sign_up(&client, "ada@fabrikam.example").await;
    let list: Value = app
        .call(&client, "notifications", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["kind"], "Welcome");
    assert_eq!(list["items"][0]["read"], false);
    app.call(&client, "notifications_read", json!({})).await;
    let me: Value = app
        .call(&client, "me", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["unread_notifications"], 0);
}

#[tokio::test]
async fn each_user_sees_only_their_own_accounts_users() {
    let app = spawn_app(true).await;
    let outsider = browser();
    app.sign_up(&outsider, "ada@fabrikam.example").await;
    let users: Value = app
        .call(&outsider, "users", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let emails: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, vec!["ada@fabrikam.example"]);
}

/// The permission matrix: every server function × every role, answered exactly as the
/// catalogue says. A registered server function missing from the catalogue fails the test.
#[tokio::test]
async fn every_server_function_answers_every_role_as_the_catalogue_says() {
    use app::api::Requirement;
    let app = spawn_app(true).await;
    let catalogue = app::api::catalogue();
    let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    for path in &registered {
        assert!(
            catalogue.iter().any(|(p, _)| p == path),
            "server function {path} has no entry in app::api::catalogue"
        );
    }
    for role in Role::ALL {
        let client = as_role(&app, role).await;
        for (path, requirement) in &catalogue {
            if path.ends_with("/sign_out") {
                continue; // checked last: it would end the session the others need
            }
            let function = path.trim_start_matches("/api/");
            let status = app.call(&client, function, json!({})).await.status();
            let allowed = match requirement {
                Requirement::Public | Requirement::DemoOnly => true,
                Requirement::Reviewer => false,
                Requirement::Permission(area, level) => {
                    domain::catalogue::allows(&[role], *area, *level)
                }
            };
            if allowed {
                assert!(
                    status != StatusCode::FORBIDDEN && status != StatusCode::UNAUTHORIZED,
                    "{role:?} should reach {path}, got {status}"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{role:?} must not reach {path}"
                );
            }
        }
    }
    // A merge can hand the company to another account: every step of one needs edit access
    // to Account merge, which only a Global admin has; an Account admin only follows it.
    for function in [
        "merge_find",
        "merge_invite",
        "merge_accept",
        "merge_decline",
        "merge_cancel",
        "merge_confirm",
    ] {
        let path = format!("/api/{function}");
        let requirement = catalogue.iter().find(|(p, _)| *p == path).unwrap().1;
        assert_eq!(
            requirement,
            Requirement::Permission(domain::Area::AccountMerge, domain::Access::Edit),
            "{function}"
        );
    }
    assert_eq!(
        domain::Area::AccountMerge.editors(),
        vec![Role::GlobalAdmin]
    );
}

fn session_cookie(response: &reqwest::Response) -> String {
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn signing_in_again_ends_the_previous_session() {
    let app = spawn_app(false).await;
    let plain = reqwest::Client::new();
    let first = app.sign_up(&plain, "ada@fabrikam.example").await;
    let old = session_cookie(&first);
    let again = plain
        .post(format!("{}/api/sign_in", app.base))
        .header("content-type", "application/json")
        .header("cookie", &old)
        .json(&json!({ "email": "ada@fabrikam.example", "password": "analytical engine 1843" }))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    let new = session_cookie(&again);
    assert_ne!(old, new);
    let me_with = |cookie: String| {
        plain
            .post(format!("{}/api/me", app.base))
            .header("content-type", "application/json")
            .header("cookie", cookie)
            .body("{}")
            .send()
    };
    assert_eq!(
        me_with(old).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(me_with(new).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn every_api_answer_says_no_store_refusals_included() {
    let app = spawn_app(true).await;
    let marketer = as_role(&app, Role::Marketer).await;
    let post = |headers: &[(&str, &str)], function: &str, body: &str| {
        let mut request = reqwest::Client::new().post(format!("{}/api/{function}", app.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(body.to_owned()).send()
    };
    let json = [("content-type", "application/json")];
    let mut answers = vec![
        (
            "a success",
            StatusCode::OK,
            app.call(&marketer, "me", json!({})).await,
        ),
        (
            "no session",
            StatusCode::UNAUTHORIZED,
            app.call(&browser(), "me", json!({})).await,
        ),
        (
            "no permission",
            StatusCode::FORBIDDEN,
            app.call(&marketer, "users", json!({})).await,
        ),
        (
            "a wrong password",
            StatusCode::UNAUTHORIZED,
            app.sign_in(&browser(), &demo_email(Role::Developer), "wrong wrong")
                .await,
        ),
        (
            "a cross-site request",
            StatusCode::FORBIDDEN,
            post(
                &[json[0], ("sec-fetch-site", "cross-site")],
                "sign_in",
                "{}",
            )
            .await
            .unwrap(),
        ),
        (
            "a foreign origin",
            StatusCode::FORBIDDEN,
            post(
                &[json[0], ("origin", "https://evil.example")],
                "sign_in",
                "{}",
            )
            .await
            .unwrap(),
        ),
        (
            "a form post",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            post(
                &[("content-type", "application/x-www-form-urlencoded")],
                "sign_in",
                "a=b",
            )
            .await
            .unwrap(),
        ),
        (
            "a GET",
            StatusCode::METHOD_NOT_ALLOWED,
            reqwest::get(format!("{}/api/me", app.base)).await.unwrap(),
        ),
        (
            "an unknown function",
            StatusCode::NOT_FOUND,
            app.call(&marketer, "drop_everything", json!({})).await,
        ),
        (
            "malformed arguments",
            StatusCode::BAD_REQUEST,
            app.call(&browser(), "sign_in", json!({ "email": 42 }))
                .await,
        ),
    ];
    for _ in 0..4 {
        app.sign_in(&browser(), &demo_email(Role::Developer), "wrong wrong")
            .await;
    }
    answers.push((
        "too many attempts",
        StatusCode::TOO_MANY_REQUESTS,
        app.sign_in(&browser(), &demo_email(Role::Developer), DEMO_PASSWORD)
            .await,
    ));
    for (what, status, response) in answers {
        assert_eq!(response.status(), status, "{what}");
        assert_eq!(
            response
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{what}"
        );
    }
}

#[tokio::test]
async fn one_client_cannot_spread_sign_up_mails_over_many_addresses() {
    let app = spawn_app(false).await;
    // Fifty sign-ups (or new links) per client address per hour, whatever the addresses.
    for n in 0..50 {
        let r = app
            .start_sign_up(&browser(), &format!("founder{n}@northwind.example"))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{n}");
    }
    let refused = app
        .start_sign_up(&browser(), "founder50@northwind.example")
        .await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mails_to(&app, "founder50@northwind.example").await, 0);
    let resend = app
        .call(
            &browser(),
            "sign_up_resend",
            json!({ "email": "founder1@northwind.example", "password": common::SIGN_UP_PASSWORD }),
        )
        .await;
    assert_eq!(resend.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mails_to(&app, "founder1@northwind.example").await, 1);
}
