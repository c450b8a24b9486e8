//! Support details over HTTP: normalised on save (E.164 phone), refused beside their field
//! (https website), a free-mail address allowed, the catalogue's roles, versions and audit.

mod common;

use common::{as_role, spawn_app};
use domain::{ApiError, Field, Invalid, Role};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn details(email: &str, website: &str) -> Value {
    json!({ "email": email, "phone_country": "FR", "phone": "01 23 45 67 89", "website": website,
            "hours_en": "Mon-Fri 9:00-18:00 CET", "hours_fr": "Lun.-ven. 9 h - 18 h" })
}

#[tokio::test]
async fn support_details_are_checked_normalised_versioned_and_audited() {
    let app = spawn_app(true).await;
    let marketer = as_role(&app, Role::Marketer).await;
    let r = app
        .call(
            &marketer,
            "support_details_save",
            json!({ "form": details("help@contoso.example", "http://contoso.example"), "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::SupportWebsite, Invalid::HttpsRequired)
    );
    // A free-mail address is a warning in the page, not a refusal.
    let r = app
        .call(
            &marketer,
            "support_details_save",
            json!({ "form": details("Contoso.Help@Gmail.com", "https://contoso.example/support"), "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let saved: Value = r.json().await.unwrap();
    assert_eq!(saved["form"]["email"], "contoso.help@gmail.com");
    assert_eq!(saved["form"]["phone"], "+33123456789");
    assert_eq!(saved["version"], 1);

    let stale = app
        .call(
            &marketer,
            "support_details_save",
            json!({ "form": details("help@contoso.example", "https://contoso.example"), "version": 0 }),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);

    let developer = as_role(&app, Role::Developer).await;
    let seen: Value = app
        .call(&developer, "support_details", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["form"]["phone"], "+33123456789");
    assert_eq!(
        app.call(
            &developer,
            "support_details_save",
            json!({ "form": details("help@contoso.example", "https://contoso.example"), "version": 1 }),
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let billing = as_role(&app, Role::BillingAdmin).await;
    assert_eq!(
        app.call(&billing, "support_details", json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let log: Vec<Value> = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "SupportDetails" }, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    // Each changed field with its label's key and its value, for the reader's language.
    assert_eq!(
        log[0]["after"][0],
        json!({ "Field": ["SupportEmail", { "Text": "contoso.help@gmail.com" }] })
    );
    assert!(log[0]["after"].to_string().contains("+33123456789"));

    // The same values again change nothing: no new version, nothing audited.
    let again: Value = app
        .call(
            &marketer,
            "support_details_save",
            json!({ "form": details("Contoso.Help@Gmail.com", "https://contoso.example/support"), "version": 1 }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["version"], 1);
    let log: Vec<Value> = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "SupportDetails" }, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
}
