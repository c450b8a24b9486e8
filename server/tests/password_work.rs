//! Password work (argon2) happens only where it must: a bad invitation link is refused before
//! any hashing, and sign-up hashes once whether its address is free or taken. Alone in its test
//! binary, so the process-wide count of hashes sees nothing else.

mod common;

use backend::auth::passwords_hashed;
use common::{as_role, browser, spawn_app, spawn_app_on_postgres, TestApp};
use domain::error::ConflictKind;
use domain::{ApiError, Role};
use reqwest::StatusCode;
use serde_json::json;

async fn accept(app: &TestApp, token: &str) -> (StatusCode, ApiError) {
    let r = app
        .call(
            &browser(),
            "invitation_accept",
            json!({ "token": token, "password": "a long new passphrase" }),
        )
        .await;
    (r.status(), r.json().await.unwrap())
}

async fn journey(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let unusable = (
        StatusCode::CONFLICT,
        ApiError::Conflict(ConflictKind::InvitationUnusable),
    );

    // Unknown, expired and already-used links: refused, with no hash computed.
    let before = passwords_hashed();
    assert_eq!(accept(&app, "not-a-token").await, unusable);
    app.call(
        &admin,
        "users_invite",
        json!({ "form": { "name": "Late Comer", "email": "late@contoso.example", "roles": ["Marketer"] } }),
    )
    .await;
    let token = common::mailed_token(&app, "late@contoso.example").await;
    sqlx::query("UPDATE invitations SET expires_at = 0")
        .execute(app.running.state.db.pool())
        .await
        .unwrap();
    assert_eq!(accept(&app, &token).await, unusable);
    // An address that has an account elsewhere: refused before hashing too.
    app.call(
        &admin,
        "users_invite",
        json!({ "form": { "name": "Dev", "email": common::fabrikam_email(Role::Developer), "roles": ["Marketer"] } }),
    )
    .await;
    let token = common::mailed_token(&app, &common::fabrikam_email(Role::Developer)).await;
    assert_eq!(
        accept(&app, &token).await,
        (
            StatusCode::CONFLICT,
            ApiError::Conflict(ConflictKind::InvitationEmailHasAccount)
        )
    );
    assert_eq!(
        passwords_hashed(),
        before,
        "no argon2 work for a refused link"
    );

    // A good link: one hash.
    app.call(
        &admin,
        "users_invite",
        json!({ "form": { "name": "On Time", "email": "on.time@contoso.example", "roles": ["Marketer"] } }),
    )
    .await;
    let token = common::mailed_token(&app, "on.time@contoso.example").await;
    let r = app
        .call(
            &browser(),
            "invitation_accept",
            json!({ "token": token, "password": "a long new passphrase" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(passwords_hashed(), before + 1);

    // Sign-up does the same argon2 work for a free and for a taken address.
    let before = passwords_hashed();
    app.start_sign_up(&browser(), "free@northwind.example")
        .await;
    assert_eq!(passwords_hashed(), before + 1);
    app.start_sign_up(&browser(), &backend::seed::demo_email(Role::Marketer))
        .await;
    assert_eq!(passwords_hashed(), before + 2);
}

#[tokio::test]
async fn bad_links_cost_no_password_work_and_sign_up_costs_the_same_for_any_address() {
    // One after the other: the count is the process's.
    journey(spawn_app(true).await).await;
    if let Some(app) = spawn_app_on_postgres(true).await {
        journey(app).await;
    }
}
