//! The primary contact email takes effect only when confirmed from the link mailed to it: the
//! old address stays in use until then; resend, cancel, expiry and renewal, reuse refused.

mod common;

use common::{as_role, browser, mailed_token, spawn_app, spawn_app_on_postgres, TestApp};
use domain::error::ConflictKind;
use domain::{ApiError, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

fn contacts(primary_email: &str) -> Value {
    json!({
        "primary": { "name": "Paula Primary", "email": primary_email, "phone": "+33 1 00 00 00 01", "language": "fr" },
        "legal": { "name": "Lou Legal", "email": "legal@contoso.example", "phone": "+33 1 00 00 00 02", "language": "en" }
    })
}

async fn get(app: &TestApp, client: &Client, function: &str) -> Value {
    app.call(client, function, json!({}))
        .await
        .json()
        .await
        .unwrap()
}

async fn save(app: &TestApp, client: &Client, email: &str) -> Value {
    let version = get(app, client, "contacts").await["version"].clone();
    let r = app
        .call(
            client,
            "contacts_save",
            json!({ "form": contacts(email), "version": version }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn confirm(app: &TestApp, token: &str) -> (StatusCode, Value) {
    let r = app
        .call(&browser(), "email_confirm", json!({ "token": token }))
        .await;
    (r.status(), r.json().await.unwrap())
}

fn refusal(kind: ConflictKind) -> (StatusCode, Value) {
    (
        StatusCode::CONFLICT,
        serde_json::to_value(ApiError::Conflict(kind)).unwrap(),
    )
}

async fn confirmation_round_trip(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    save(&app, &admin, "first@contoso.example").await;
    let first = mailed_token(&app, "first@contoso.example").await;
    let (status, confirmed) = confirm(&app, &first).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(confirmed["email"], "first@contoso.example");
    assert_eq!(confirmed["company"], "Contoso Ltd");
    assert_eq!(get(&app, &admin, "contacts_pending").await, Value::Null);
    assert_eq!(
        get(&app, &admin, "contacts").await["form"]["primary"]["email"],
        "first@contoso.example"
    );
    assert_eq!(
        confirm(&app, &first).await,
        refusal(ConflictKind::ConfirmationUsed)
    );

    // A change keeps the old address in use until the new one is confirmed.
    let saved = save(&app, &admin, "second@contoso.example").await;
    assert_eq!(saved["form"]["primary"]["email"], "first@contoso.example");
    assert_eq!(
        get(&app, &admin, "contacts_pending").await["email"],
        "second@contoso.example"
    );
    let old_link = mailed_token(&app, "second@contoso.example").await;
    // Resending replaces the link: the old one stops working, the new one works.
    assert_eq!(
        app.call(&admin, "contacts_pending_resend", json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    let new_link = mailed_token(&app, "second@contoso.example").await;
    assert_ne!(old_link, new_link);
    assert_eq!(
        confirm(&app, &old_link).await,
        refusal(ConflictKind::ConfirmationUnusable)
    );
    assert_eq!(confirm(&app, &new_link).await.0, StatusCode::OK);
    assert_eq!(
        get(&app, &admin, "contacts").await["form"]["primary"]["email"],
        "second@contoso.example"
    );

    // A cancelled change never takes effect.
    save(&app, &admin, "third@contoso.example").await;
    let cancelled = mailed_token(&app, "third@contoso.example").await;
    assert_eq!(
        app.call(&admin, "contacts_pending_cancel", json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        confirm(&app, &cancelled).await,
        refusal(ConflictKind::ConfirmationUnusable)
    );
    assert_eq!(
        get(&app, &admin, "contacts").await["form"]["primary"]["email"],
        "second@contoso.example"
    );
    assert_eq!(
        confirm(&app, "not-a-token").await,
        refusal(ConflictKind::ConfirmationUnusable)
    );

    // An expired link says so; whoever holds it may have a new one sent to the same address.
    save(&app, &admin, "fourth@contoso.example").await;
    let expired = mailed_token(&app, "fourth@contoso.example").await;
    sqlx::query("UPDATE email_confirmations SET expires_at = 0 WHERE email = $1")
        .bind("fourth@contoso.example")
        .execute(app.running.state.db.pool())
        .await
        .unwrap();
    assert_eq!(
        confirm(&app, &expired).await,
        refusal(ConflictKind::ConfirmationExpired)
    );
    let r = app
        .call(
            &browser(),
            "email_confirm_renew",
            json!({ "token": expired }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let renewed = mailed_token(&app, "fourth@contoso.example").await;
    assert_ne!(renewed, expired);
    let r = app
        .call(
            &browser(),
            "email_confirm_renew",
            json!({ "token": renewed }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(confirm(&app, &renewed).await.0, StatusCode::OK);

    // Viewers see the pending state but cannot act on it; the audit log has each step.
    let viewer = as_role(&app, Role::BillingAdmin).await;
    assert_eq!(
        app.call(&viewer, "contacts_pending", json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(&viewer, "contacts_pending_cancel", json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let log: Vec<Value> = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "LegalInfo" }, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    let targets: Vec<&str> = log.iter().filter_map(|e| e["target"].as_str()).collect();
    assert!(
        targets.contains(&"primary contact email (confirmed by link)"),
        "{targets:?}"
    );
    assert!(log
        .iter()
        .any(|e| e["after"] == json!([{ "AwaitingConfirmation": "fourth@contoso.example" }])));
}

#[tokio::test]
async fn a_new_primary_contact_email_is_used_only_once_confirmed_on_sqlite() {
    confirmation_round_trip(spawn_app(true).await).await;
}

#[tokio::test]
async fn a_new_primary_contact_email_is_used_only_once_confirmed_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        confirmation_round_trip(app).await;
    }
}

async fn mails_to(app: &TestApp, to: &str) -> usize {
    common::outbox(app)
        .await
        .iter()
        .filter(|m| m["to"] == to)
        .count()
}

/// Calls `function` with `args` 25 times: the address gets at most the limit of links.
async fn resend_until_refused(
    app: &TestApp,
    client: &Client,
    function: &str,
    args: Value,
    to: &str,
) {
    let mut statuses = Vec::new();
    for _ in 0..25 {
        statuses.push(app.call(client, function, args.clone()).await.status());
    }
    // The first link and four resends: five per address per hour.
    assert_eq!(mails_to(app, to).await, 5, "{statuses:?}");
    assert!(
        statuses[..4].iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert!(
        statuses[4..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

async fn resend_flood(app: TestApp) {
    // The primary contact email, pointed at a stranger's address.
    let admin = as_role(&app, Role::AccountAdmin).await;
    save(&app, &admin, "stranger@northwind.example").await;
    resend_until_refused(
        &app,
        &admin,
        "contacts_pending_resend",
        json!({}),
        "stranger@northwind.example",
    )
    .await;
    // A refused resend changes nothing: the pending link still works.
    let token = mailed_token(&app, "stranger@northwind.example").await;
    assert_eq!(confirm(&app, &token).await.0, StatusCode::OK);

    // A user's notification email, the same.
    let marketer = as_role(&app, Role::Marketer).await;
    let version = get(&app, &marketer, "preferences_contact").await["version"].clone();
    let r = app
        .call(
            &marketer,
            "preferences_contact_save",
            json!({ "form": { "notification_email": "other@northwind.example", "job_title": "", "email_language": "en" }, "version": version }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    resend_until_refused(
        &app,
        &marketer,
        "preferences_pending_resend",
        json!({ "purpose": "NotificationEmail" }),
        "other@northwind.example",
    )
    .await;

    // A Billing admin's alternate email for overdue notices, the same.
    let billing = common::as_fabrikam(&app, Role::BillingAdmin).await;
    let version = get(&app, &billing, "preferences_alternate").await["version"].clone();
    let r = app
        .call(
            &billing,
            "preferences_alternate_save",
            json!({ "form": { "alternate_email": "payables@fabrikam.example" }, "version": version }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    resend_until_refused(
        &app,
        &billing,
        "preferences_pending_resend",
        json!({ "purpose": "AlternateEmail" }),
        "payables@fabrikam.example",
    )
    .await;
}

#[tokio::test]
async fn confirmation_links_to_one_address_stop_at_the_limit_on_sqlite() {
    resend_flood(spawn_app(true).await).await;
}

#[tokio::test]
async fn confirmation_links_to_one_address_stop_at_the_limit_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        resend_flood(app).await;
    }
}

#[tokio::test]
async fn one_user_cannot_spread_confirmation_links_over_many_addresses() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::AccountAdmin).await;
    // Twenty links per user per hour, whatever the addresses.
    for n in 0..20 {
        save(&app, &admin, &format!("address{n}@northwind.example")).await;
    }
    let version = get(&app, &admin, "contacts").await["version"].clone();
    let refused = app
        .call(
            &admin,
            "contacts_save",
            json!({ "form": contacts("address20@northwind.example"), "version": version }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mails_to(&app, "address20@northwind.example").await, 0);
}
