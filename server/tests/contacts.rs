//! Primary and legal contacts over real HTTP: validation, permissions, versions, and the primary
//! contact receiving verification news.

mod common;

use backend::seed::REVIEWER_EMAIL;
use common::{as_fabrikam, browser, signed_in, spawn_app};
use domain::{ApiError, Field, Invalid, Role};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn contacts(primary_email: &str, phone: &str) -> Value {
    json!({
        "primary": { "name": "Paula Primary", "email": primary_email, "phone": phone, "language": "fr" },
        "legal": { "name": "Lou Legal", "email": "legal@contoso.example", "phone": "+33 1 00 00 00 02", "language": "en" }
    })
}

#[tokio::test]
async fn contacts_are_validated_saved_versioned_and_readable_by_viewers() {
    let app = spawn_app(true).await;
    // Contoso is seeded with its contacts: Fabrikam starts without any.
    let admin = as_fabrikam(&app, Role::AccountAdmin).await;
    let bad = app
        .call(
            &admin,
            "contacts_save",
            json!({ "form": contacts("paula@contoso.example", "01 23"), "version": 0 }),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::PrimaryPhone, Invalid::PhoneFormat)
    );

    let saved = app
        .call(
            &admin,
            "contacts_save",
            json!({ "form": contacts("Paula@Contoso.example", "+33 1 00 00 00 01"), "version": 0 }),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: Value = saved.json().await.unwrap();
    // The primary contact email waits for its confirmation link.
    assert_eq!(saved["form"]["primary"]["email"], "");
    let pending: Value = app
        .call(&admin, "contacts_pending", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pending["email"], "paula@contoso.example");
    assert_eq!(saved["form"]["primary"]["phone"], "+33100000001");

    let stale = app
        .call(
            &admin,
            "contacts_save",
            json!({ "form": contacts("x@contoso.example", "+33 1 00 00 00 01"), "version": 0 }),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let viewer = as_fabrikam(&app, Role::BillingAdmin).await;
    assert_eq!(
        app.call(&viewer, "contacts", json!({})).await.status(),
        StatusCode::OK
    );
    let refused = app
        .call(
            &viewer,
            "contacts_save",
            json!({ "form": contacts("x@contoso.example", "+33 1 00 00 00 01"), "version": 1 }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_primary_contact_is_mailed_each_reviewer_decision() {
    let app = spawn_app(true).await;
    // Contoso is seeded verified: Fabrikam goes through the review.
    let admin = as_fabrikam(&app, Role::GlobalAdmin).await;
    app.call(
        &admin,
        "contacts_save",
        json!({ "form": contacts("paula@contoso.example", "+33 1 00 00 00 01"), "version": 0 }),
    )
    .await;
    let token = common::mailed_token(&app, "paula@contoso.example").await;
    let r = app
        .call(&browser(), "email_confirm", json!({ "token": token }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    app.call(&admin, "verification_step", json!({ "step": "Submit" }))
        .await;
    let reviewer = signed_in(&app, REVIEWER_EMAIL).await;
    let queue: Vec<Value> = app
        .call(&reviewer, "review_queue", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let account_id = queue[0]["account_id"].clone();
    let r = app
        .call(
            &reviewer,
            "review_step",
            json!({ "account_id": account_id, "step": "Approve" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let mail = common::outbox(&app).await;
    assert!(mail.iter().any(|m| m["to"] == "paula@contoso.example"
        && m["body"]
            .as_str()
            .unwrap()
            .contains("est maintenant : Vérifiée.")));
}
