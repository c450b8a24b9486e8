//! The company profile over real HTTP: who may read and change it, validation, versions, audit.

mod common;

use common::{as_fabrikam, fabrikam_email, spawn_app};
use domain::error::ConflictKind;
use domain::{ApiError, Field, Invalid, Role};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn profile() -> Value {
    json!({
        "partnership_types": ["isv", "services"],
        "customers": "1 250",
        "revenue_range": "1m-10m",
        "revenue_currency": "eur",
        "size": "51-250",
        "work": ["build-apps", "consulting"],
        "countries": ["FR", "BE"],
        "growth_regions": ["north-america"]
    })
}

#[tokio::test]
async fn editors_save_the_profile_normalised_and_viewers_only_read_it() {
    let app = spawn_app(true).await;
    let marketer = as_fabrikam(&app, Role::Marketer).await;
    let saved = app
        .call(
            &marketer,
            "company_profile_save",
            json!({ "form": profile(), "version": 0 }),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["form"]["customers"], "1250");
    assert_eq!(saved["form"]["revenue_currency"], "EUR");
    assert_eq!(saved["form"]["countries"], json!(["BE", "FR"]));

    let viewer = as_fabrikam(&app, Role::BusinessContributor).await;
    let read: Value = app
        .call(&viewer, "company_profile", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["form"]["work"], json!(["build-apps", "consulting"]));
    let refused = app
        .call(
            &viewer,
            "company_profile_save",
            json!({ "form": profile(), "version": 1 }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let developer = as_fabrikam(&app, Role::Developer).await;
    assert_eq!(
        app.call(&developer, "company_profile", json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn an_invalid_profile_is_refused_beside_its_field_and_nothing_is_saved() {
    let app = spawn_app(true).await;
    let admin = as_fabrikam(&app, Role::GlobalAdmin).await;
    let mut bad = profile();
    bad["customers"] = json!("lots");
    let r = app
        .call(
            &admin,
            "company_profile_save",
            json!({ "form": bad, "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::Customers, Invalid::NotAWholeNumber)
    );
    let mut forged = profile();
    forged["work"] = json!(["mining"]);
    let r = app
        .call(
            &admin,
            "company_profile_save",
            json!({ "form": forged, "version": 0 }),
        )
        .await;
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::WorkKinds, Invalid::UnknownChoice)
    );
    let read: Value = app
        .call(&admin, "company_profile", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["version"], 0);
}

#[tokio::test]
async fn a_stale_save_is_a_conflict_and_every_save_is_audited() {
    let app = spawn_app(true).await;
    let admin = as_fabrikam(&app, Role::GlobalAdmin).await;
    let account_admin = as_fabrikam(&app, Role::AccountAdmin).await;
    app.call(
        &admin,
        "company_profile_save",
        json!({ "form": profile(), "version": 0 }),
    )
    .await;
    let mut changed = profile();
    changed["size"] = json!("251-1000");
    assert_eq!(
        app.call(
            &account_admin,
            "company_profile_save",
            json!({ "form": changed, "version": 1 })
        )
        .await
        .status(),
        StatusCode::OK
    );
    let late = app
        .call(
            &admin,
            "company_profile_save",
            json!({ "form": profile(), "version": 1 }),
        )
        .await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    // The conflict carries the record as the form reads it, to show beside the user's values.
    let ApiError::Conflict(ConflictKind::Stale { by, current, .. }) =
        late.json::<ApiError>().await.unwrap()
    else {
        panic!("expected a stale-version conflict")
    };
    assert_eq!(by, fabrikam_email(Role::AccountAdmin));
    let theirs: domain::profile::CompanyProfile = serde_json::from_str(&current).unwrap();
    assert_eq!(theirs.form.size, "251-1000");
    assert_eq!(theirs.version, 2);
    let log: Vec<Value> = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "CompanyProfile" }, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(
        log[0]["before"],
        json!([{ "Field": ["CompanySize", { "Choices": ["51-250"] }] }])
    );
    assert_eq!(
        log[0]["after"],
        json!([{ "Field": ["CompanySize", { "Choices": ["251-1000"] }] }])
    );
}
