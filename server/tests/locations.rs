//! Company locations over real HTTP: address validation on the server, the legal address rule,
//! versions and permissions.

mod common;

use common::{as_role, spawn_app};
use domain::error::ConflictKind;
use domain::{ApiError, Field, Invalid, Role};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn moscow(region: &str, postal_code: &str) -> Value {
    json!({ "name": "Moscow office", "is_legal": false, "address": {
        "country": "RU", "street": "УЛ. ТВЕРСКАЯ, 7", "city": "МОСКВА", "region": region, "postal_code": postal_code } })
}

fn paris() -> Value {
    json!({ "name": "Head office", "is_legal": false, "address": {
        "country": "FR", "street": "1 rue de Rivoli", "city": "Paris", "region": "", "postal_code": "75001" } })
}

#[tokio::test]
async fn the_first_location_becomes_the_legal_address_and_cannot_be_removed() {
    let app = spawn_app(true).await;
    // Contoso is seeded with its locations: Fabrikam starts without any.
    let admin = common::as_fabrikam(&app, Role::AccountAdmin).await;
    let first: Value = app
        .call(&admin, "locations_add", json!({ "form": paris() }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["form"]["is_legal"], true);
    let second = app
        .call(
            &admin,
            "locations_add",
            json!({ "form": moscow("Москва", "125009") }),
        )
        .await;
    assert_eq!(second.status(), StatusCode::OK);
    let list: Vec<Value> = app
        .call(&admin, "locations", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["form"]["name"], "Head office");

    let r = app
        .call(
            &admin,
            "locations_remove",
            json!({ "id": first["id"], "version": first["version"] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::Conflict(ConflictKind::LegalAddress)
    );

    // Marking Moscow legal moves the role; then Paris may go.
    let moscow_loc = &list[1];
    let mut form = moscow_loc["form"].clone();
    form["is_legal"] = json!(true);
    let r = app
        .call(
            &admin,
            "locations_update",
            json!({ "id": moscow_loc["id"], "form": form, "version": moscow_loc["version"] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let list: Vec<Value> = app
        .call(&admin, "locations", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["form"]["name"], "Moscow office");
    let paris_now = &list[1];
    assert_eq!(paris_now["form"]["is_legal"], false);
    let r = app
        .call(
            &admin,
            "locations_remove",
            json!({ "id": paris_now["id"], "version": paris_now["version"] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn impossible_addresses_are_refused_by_the_server_beside_their_field() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let r = app
        .call(
            &admin,
            "locations_add",
            json!({ "form": moscow("Atlantis", "125009") }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::Region, Invalid::UnknownRegion)
    );
    let r = app
        .call(
            &admin,
            "locations_add",
            json!({ "form": moscow("Москва", "12") }),
        )
        .await;
    assert!(matches!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::Validation {
            field: Field::PostalCode,
            ..
        }
    ));
    // A region spelled differently can be kept as typed: the user's choice.
    let r = app
        .call(
            &admin,
            "locations_add",
            json!({ "form": moscow("moskva", "125009") }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn viewers_read_locations_and_stale_edits_are_refused() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let added: Value = app
        .call(&admin, "locations_add", json!({ "form": paris() }))
        .await
        .json()
        .await
        .unwrap();
    let viewer = as_role(&app, Role::BusinessContributor).await;
    assert_eq!(
        app.call(&viewer, "locations", json!({})).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(&viewer, "locations_add", json!({ "form": paris() }))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let marketer = as_role(&app, Role::Marketer).await;
    assert_eq!(
        app.call(&marketer, "locations", json!({})).await.status(),
        StatusCode::FORBIDDEN
    );

    let update = json!({ "id": added["id"], "form": paris(), "version": added["version"] });
    assert_eq!(
        app.call(&admin, "locations_update", update.clone())
            .await
            .status(),
        StatusCode::OK
    );
    let stale = app.call(&admin, "locations_update", update).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_moldovan_postal_code_is_stored_without_its_prefix_however_typed() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::AccountAdmin).await;
    for typed in ["MD-2012", "md 2012", "2012"] {
        let form = json!({ "name": format!("Chișinău {typed}"), "is_legal": false, "address": {
            "country": "MD", "street": "Str. Ștefan cel Mare 1", "city": "CHIȘINĂU", "region": "",
            "postal_code": typed } });
        let r = app
            .call(&admin, "locations_add", json!({ "form": form }))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{typed}");
        let saved: Value = r.json().await.unwrap();
        assert_eq!(saved["form"]["address"]["postal_code"], "2012", "{typed}");
    }
}
