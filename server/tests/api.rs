//! The API over real HTTP: sign-up, sign-in, throttling, sessions and permission checks.

mod common;

use backend::seed::{demo_email, DEMO_PASSWORD};
use common::{as_role, browser, spawn_app, spawn_app_on_postgres};
use domain::{ApiError, Role};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn error_of(response: reqwest::Response) -> ApiError {
    response.json::<ApiError>().await.expect("an ApiError body")
}

#[tokio::test]
async fn sign_up_creates_a_global_admin_and_sets_a_safe_session_cookie() {
    let app = spawn_app(false).await;
    let client = browser();
    let response = app.sign_up(&client, "ada@fabrikam.example").await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("ps_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["roles"], json!(["GlobalAdmin"]));
    assert_eq!(me["unread_notifications"], json!(1));

    let me = app.call(&client, "me", json!({})).await;
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["email"], "ada@fabrikam.example");
    assert_eq!(me["account"]["legal_name"], "Fabrikam SAS");
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
async fn a_duplicate_sign_up_is_a_conflict_on_the_email() {
    let app = spawn_app(false).await;
    app.sign_up(&browser(), "ada@fabrikam.example").await;
    let again = app.sign_up(&browser(), "Ada@Fabrikam.example").await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(
        error_of(again).await,
        ApiError::Conflict(domain::error::ConflictKind::EmailTaken)
    );
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
