//! Identifiers: every location gets a 7-digit location ID that never changes and never equals a
//! partner ID; locations from before location IDs get theirs at start; who may see them.

mod common;

use common::{as_fabrikam, as_role, spawn_app};
use domain::identifiers::is_partner_id;
use domain::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn locations_get_lasting_location_ids_and_the_page_lists_every_identifier() {
    let app = spawn_app(true).await;
    // Contoso is seeded with its locations: Fabrikam starts without any.
    let admin = as_fabrikam(&app, Role::AccountAdmin).await;
    let mut added = Vec::new();
    for (name, street) in [
        ("Head office", "1 rue de Rivoli"),
        ("Lyon", "5 place Bellecour"),
    ] {
        let (city, code) = if name == "Lyon" {
            ("Lyon", "69002")
        } else {
            ("Paris", "75001")
        };
        let r = app
            .call(&admin, "locations_add", json!({ "form": { "name": name, "is_legal": false, "address": {
                "country": "FR", "street": street, "city": city, "region": "", "postal_code": code } } }))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        added.push(r.json::<Value>().await.unwrap());
    }
    let ids: Value = app
        .call(&admin, "identifiers", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let partner_id = ids["partner_id"].as_str().unwrap().to_owned();
    assert!(is_partner_id(&partner_id));
    let location_ids: Vec<String> = ids["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["location_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(location_ids.len(), 2);
    assert!(location_ids
        .iter()
        .all(|id| is_partner_id(id) && *id != partner_id));
    assert_ne!(location_ids[0], location_ids[1]);
    assert_eq!(ids["locations"][0]["is_legal"], true);
    assert_eq!(ids["publisher_id"], Value::Null);

    // Editing a location keeps its ID.
    let mut moved = added[1]["form"].clone();
    moved["address"]["street"] = json!("6 place Bellecour");
    app.call(
        &admin,
        "locations_update",
        json!({ "id": added[1]["id"], "form": moved, "version": added[1]["version"] }),
    )
    .await;
    let again: Value = app
        .call(&admin, "identifiers", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let mut before = location_ids.clone();
    let mut after: Vec<String> = again["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["location_id"].as_str().unwrap().to_owned())
        .collect();
    before.sort();
    after.sort();
    assert_eq!(before, after);

    // A location from before location IDs gets one at start.
    let db = &app.running.state.db;
    sqlx::query("UPDATE locations SET location_id = NULL WHERE id = $1")
        .bind(added[1]["id"].as_i64().unwrap())
        .execute(db.pool())
        .await
        .unwrap();
    assert_eq!(
        backend::identifiers::assign_missing_location_ids(db)
            .await
            .unwrap(),
        1
    );
    let healed: Value = app
        .call(&admin, "identifiers", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(healed["locations"].as_array().unwrap().len(), 2);

    // Developers see identifiers; a Billing admin does not.
    let developer = as_fabrikam(&app, Role::Developer).await;
    assert_eq!(
        app.call(&developer, "identifiers", json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    let billing = as_fabrikam(&app, Role::BillingAdmin).await;
    assert_eq!(
        app.call(&billing, "identifiers", json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_information_around_identifiers_is_changed_by_the_roles_the_catalogue_allows() {
    let app = spawn_app(true).await;
    let developer = as_role(&app, Role::Developer).await;
    let marketer = as_role(&app, Role::Marketer).await;
    let account_admin = as_role(&app, Role::AccountAdmin).await;

    // A Developer names what the company publishes: checked, versioned, audited.
    let r = app
        .call(
            &developer,
            "publisher_name_save",
            json!({ "form": { "display_name": "  " }, "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let saved: Value = app
        .call(
            &developer,
            "publisher_name_save",
            json!({ "form": { "display_name": " Contoso Apps " }, "version": 0 }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["form"]["display_name"], "Contoso Apps");
    assert_eq!(saved["version"], 1);
    let stale = app
        .call(
            &account_admin,
            "publisher_name_save",
            json!({ "form": { "display_name": "Other" }, "version": 0 }),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    // A Marketer sees it but changes nothing, and does not see the seller contact.
    let seen: Value = app
        .call(&marketer, "publisher_name", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["form"]["display_name"], "Contoso Apps");
    for (function, args) in [
        (
            "publisher_name_save",
            json!({ "form": { "display_name": "Mine" }, "version": 1 }),
        ),
        ("seller_contact", json!({})),
        ("company_approver", json!({})),
    ] {
        assert_eq!(
            app.call(&marketer, function, args).await.status(),
            StatusCode::FORBIDDEN,
            "{function}"
        );
    }

    // The seller contact and the approver: Account admins change them, Developers only see.
    let seller = json!({ "form": { "name": "Ada Lovelace", "email": "sales@contoso.example",
        "phone": "+33 1 23 45 67 89", "address": { "country": "FR", "street": "1 rue de Rivoli",
        "city": "Paris", "region": "", "postal_code": "75001" } }, "version": 0 });
    assert_eq!(
        app.call(&developer, "seller_contact_save", seller.clone())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let saved: Value = app
        .call(&account_admin, "seller_contact_save", seller)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["form"]["phone"], "+33123456789");
    let bad_phone = json!({ "form": { "name": "Grace Hopper", "email": "grace@contoso.example",
        "phone": "0123456789" }, "version": 0 });
    let r = app
        .call(&account_admin, "company_approver_save", bad_phone)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let seen: Value = app
        .call(&developer, "seller_contact", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["form"]["name"], "Ada Lovelace");
}
