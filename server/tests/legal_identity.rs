//! The legal identity over HTTP: DUNS lookups in the fictional directory and, through the HTTP
//! adapter, in a fake directory service started here; saving with versions; a verified company
//! going back to review when its legal name changes.

mod common;

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use axum::routing::get;
use axum::{Json, Router};
use backend::seed::demo_email;
use backend::testing::fresh_sqlite_url;
use common::{as_role, spawn_app, spawn_app_configured, TestApp};
use domain::Role;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn lookup(app: &TestApp, client: &Client, duns: &str) -> (StatusCode, Value) {
    let r = app
        .call(client, "company_lookup", json!({ "duns": duns }))
        .await;
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn invalid_duns(reason: &str) -> Value {
    json!({ "Validation": { "field": "Duns", "reason": reason } })
}

#[tokio::test]
async fn the_fictional_directory_finds_its_companies_and_says_why_it_does_not() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let (status, body) = lookup(&app, &admin, "20-486-1357").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["legal_name"], "Fabrikam SAS");
    assert_eq!(body["address"]["city"], "Bordeaux");
    assert_eq!(
        lookup(&app, &admin, "12345678").await,
        (StatusCode::UNPROCESSABLE_ENTITY, invalid_duns("DunsFormat"))
    );
    assert_eq!(
        lookup(&app, &admin, "999999999").await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            invalid_duns("DunsUnknown")
        )
    );
    // Looking up is part of editing the legal info.
    let viewer = as_role(&app, Role::Developer).await;
    assert_eq!(
        lookup(&app, &viewer, "204861357").await.0,
        StatusCode::FORBIDDEN
    );
}

/// A directory service speaking the adapter's contract, with a token and a broken number.
async fn fake_directory() -> String {
    async fn company(Path(duns): Path<String>, headers: HeaderMap) -> (AxumStatus, Json<Value>) {
        if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer s3cret") {
            return (AxumStatus::UNAUTHORIZED, Json(json!({})));
        }
        match duns.as_str() {
            "111111111" => (
                AxumStatus::OK,
                Json(
                    json!({ "duns": "111111111", "legal_name": "Remote Directory GmbH",
                    "address": { "country": "DE", "street": "Unter den Linden 1", "city": "Berlin",
                                 "region": "", "postal_code": "10117" } }),
                ),
            ),
            "222222222" => (AxumStatus::INTERNAL_SERVER_ERROR, Json(json!({}))),
            "333333333" => (AxumStatus::OK, Json(json!({ "unexpected": true }))),
            _ => (AxumStatus::NOT_FOUND, Json(json!({}))),
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = Router::new().route("/v1/companies/{duns}", get(company));
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/v1")
}

#[tokio::test]
async fn the_http_adapter_asks_the_configured_directory() {
    let url = fake_directory().await;
    let app = spawn_app_configured(fresh_sqlite_url(), true, |c| {
        c.company_directory_url = Some(url.clone());
        c.company_directory_token = Some("s3cret".into());
    })
    .await;
    let admin = as_role(&app, Role::AccountAdmin).await;
    let (status, body) = lookup(&app, &admin, "111111111").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["legal_name"], "Remote Directory GmbH");
    assert_eq!(
        lookup(&app, &admin, "444444444").await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            invalid_duns("DunsUnknown")
        )
    );
    // A failing or garbled directory is "unavailable", never a leak of its answer.
    for broken in ["222222222", "333333333"] {
        assert_eq!(
            lookup(&app, &admin, broken).await,
            (StatusCode::SERVICE_UNAVAILABLE, json!("Unavailable"))
        );
    }
    // A wrong token is refused by the directory: also unavailable.
    let wrong_token = spawn_app_configured(fresh_sqlite_url(), true, |c| {
        c.company_directory_url = Some(url.clone());
        c.company_directory_token = Some("wrong".into());
    })
    .await;
    let admin = as_role(&wrong_token, Role::GlobalAdmin).await;
    assert_eq!(
        lookup(&wrong_token, &admin, "111111111").await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
}

#[tokio::test]
async fn without_a_directory_lookups_are_unavailable() {
    let app = spawn_app(false).await;
    let client = common::browser();
    assert_eq!(
        app.sign_up(&client, "ada@fabrikam.example").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        lookup(&app, &client, "204861357").await,
        (StatusCode::SERVICE_UNAVAILABLE, json!("Unavailable"))
    );
}

async fn identity(app: &TestApp, client: &Client) -> Value {
    app.call(client, "legal_identity", json!({}))
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_legal_identity_saves_with_its_version_and_creates_the_legal_address() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let before = identity(&app, &admin).await;
    assert_eq!(before["form"]["legal_name"], "Contoso Ltd");
    assert_eq!(before["form"]["address"]["country"], "FR");
    let form = json!({ "legal_name": "Contoso France SAS", "duns": "15-048-3782", "address": {
        "country": "FR", "street": "1 rue de Rivoli", "city": "Paris", "region": "", "postal_code": "75001" } });
    let r = save_identity(&app, &admin, &form, json!(before["version"])).await;
    assert_eq!(r.status(), StatusCode::OK);
    let saved: Value = r.json().await.unwrap();
    assert_eq!(saved["form"]["duns"], "150483782");
    assert_eq!(saved["updated_by"], demo_email(Role::GlobalAdmin));
    // The legal address is now a location, marked legal.
    let locations: Value = app
        .call(&admin, "locations", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(locations[0]["form"]["is_legal"], true);
    assert_eq!(locations[0]["form"]["address"]["street"], "1 rue de Rivoli");
    // The workspace header's name follows.
    let me: Value = app
        .call(&admin, "me", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["account"]["legal_name"], "Contoso France SAS");

    // Someone still holding the old version is refused with the current record.
    let other = as_role(&app, Role::AccountAdmin).await;
    let r = save_identity(&app, &other, &form, json!(before["version"])).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let conflict: Value = r.json().await.unwrap();
    let current: Value =
        serde_json::from_str(conflict["Conflict"]["Stale"]["current"].as_str().unwrap()).unwrap();
    assert_eq!(current["form"]["legal_name"], "Contoso France SAS");

    // Editing the legal location moves the identity's version too.
    let mut moved = locations[0]["form"].clone();
    moved["address"]["street"] = json!("3 rue de Rivoli");
    let r = app
        .call(
            &admin,
            "locations_update",
            json!({ "id": locations[0]["id"], "form": moved, "version": locations[0]["version"] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = save_identity(&app, &admin, &form, json!(saved["version"])).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // Refused: a bad DUNS, an impossible postal code; a viewer may read but not save.
    let mut bad = form.clone();
    bad["duns"] = json!("123");
    let r = save_identity(&app, &admin, &bad, json!(99)).await;
    assert_eq!(r.json::<Value>().await.unwrap(), invalid_duns("DunsFormat"));
    let viewer = as_role(&app, Role::BillingAdmin).await;
    assert_eq!(
        identity(&app, &viewer).await["form"]["legal_name"],
        "Contoso France SAS"
    );
    assert_eq!(
        save_identity(&app, &viewer, &form, json!(3)).await.status(),
        StatusCode::FORBIDDEN
    );
    // The audit log has the change, before and after.
    let audit: Value = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "LegalInfo" }, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    let text = audit.to_string();
    assert!(text.contains("legal identity"), "{text}");
    // Each changed field with its value, worded in the reader's language by the page.
    assert!(
        text.contains(r#"{"Field":["CompanyName",{"Text":"Contoso France SAS"}]}"#),
        "{text}"
    );
    assert!(
        text.contains(r#"{"Field":["Duns",{"Text":"150483782"}]}"#),
        "{text}"
    );
}

/// Saves the legal identity `form` opened at `version`, as `client`.
async fn save_identity(
    app: &TestApp,
    client: &Client,
    form: &Value,
    version: Value,
) -> reqwest::Response {
    app.call(
        client,
        "legal_identity_save",
        json!({ "form": form, "version": version }),
    )
    .await
}

async fn verification_status(app: &TestApp, client: &Client) -> Value {
    let v: Value = app
        .call(client, "verification", json!({}))
        .await
        .json()
        .await
        .unwrap();
    v["status"].clone()
}

#[tokio::test]
async fn a_new_legal_name_sends_a_verified_company_back_to_review_but_a_duns_alone_does_not() {
    let app = spawn_app(true).await;
    // Contoso is seeded verified: start from Fabrikam, which is not.
    let admin = common::as_fabrikam(&app, Role::GlobalAdmin).await;
    let before = identity(&app, &admin).await;
    let mut form = json!({ "legal_name": "Contoso Ltd", "duns": "", "address": {
        "country": "FR", "street": "1 rue de Rivoli", "city": "Paris", "region": "", "postal_code": "75001" } });
    let saved: Value = save_identity(&app, &admin, &form, json!(before["version"]))
        .await
        .json()
        .await
        .unwrap();
    sqlx::query("INSERT INTO verification (account_id, status, version, updated_at) SELECT account_id, 'verified', 1, 0 FROM users WHERE email = $1")
        .bind(common::fabrikam_email(Role::GlobalAdmin))
        .execute(app.running.state.db.pool())
        .await
        .unwrap();
    form["duns"] = json!("150483782");
    let saved: Value = save_identity(&app, &admin, &form, json!(saved["version"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verification_status(&app, &admin).await, "Verified");
    form["legal_name"] = json!("Contoso Holding SA");
    let r = save_identity(&app, &admin, &form, json!(saved["version"])).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(verification_status(&app, &admin).await, "Submitted");
}

/// Two companies claim one DUNS number: the first keeps it; the other is refused beside the
/// field without learning who holds it, even when both save at the same moment.
async fn a_duns_number_held_by_another_account_is_refused(app: TestApp) {
    let contoso = as_role(&app, Role::GlobalAdmin).await;
    let fabrikam = common::as_fabrikam(&app, Role::GlobalAdmin).await;
    let form = |name: &str| {
        json!({ "legal_name": name, "duns": "20-486-1357", "address": {
            "country": "FR", "street": "18 rue Sainte-Catherine", "city": "Bordeaux", "region": "",
            "postal_code": "33000" } })
    };
    let (a, b) = (
        identity(&app, &contoso).await,
        identity(&app, &fabrikam).await,
    );
    let (contoso_form, fabrikam_form) = (form("Contoso Ltd"), form("Fabrikam SAS"));
    let (first, second) = tokio::join!(
        save_identity(&app, &contoso, &contoso_form, json!(a["version"])),
        save_identity(&app, &fabrikam, &fabrikam_form, json!(b["version"])),
    );
    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let refused = if first.status() == StatusCode::CONFLICT {
        first
    } else {
        second
    };
    let body = refused.text().await.unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({ "Conflict": "DunsTaken" })
    );
    assert!(
        !body.contains("Contoso") && !body.contains("Fabrikam"),
        "{body}"
    );

    // The refused account keeps what it had; another DUNS number is saved.
    let (holder, other, other_before) =
        if identity(&app, &contoso).await["form"]["duns"] == "204861357" {
            (contoso, fabrikam, b)
        } else {
            (fabrikam, contoso, a)
        };
    let kept = identity(&app, &other).await;
    assert_eq!(kept["form"], other_before["form"]);
    let mut own = form("Someone Else SAS");
    own["duns"] = json!("318402776");
    let r = save_identity(&app, &other, &own, json!(kept["version"])).await;
    assert_eq!(r.status(), StatusCode::OK);
    // The holder saves its own number again as often as it likes.
    let held = identity(&app, &holder).await;
    let r = save_identity(&app, &holder, &held["form"], json!(held["version"])).await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_duns_number_held_by_another_account_is_refused_on_sqlite() {
    a_duns_number_held_by_another_account_is_refused(spawn_app(true).await).await;
}

#[tokio::test]
async fn a_duns_number_held_by_another_account_is_refused_on_postgres() {
    if let Some(app) = common::spawn_app_on_postgres(true).await {
        a_duns_number_held_by_another_account_is_refused(app).await;
    }
}
