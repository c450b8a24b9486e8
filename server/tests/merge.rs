//! Account merge over HTTP with the two demo accounts: who may do what, what finding shows, and
//! a whole handshake after which Fabrikam's users work in Contoso's workspace. (Every rule and
//! the races are tested on both databases in backend/tests/merge.rs.)

mod common;

use backend::seed::{FABRIKAM_DOMAIN, FABRIKAM_TENANT};
use common::{as_role, signed_in, spawn_app, TestApp};
use domain::error::ConflictKind;
use domain::{ApiError, Field, Invalid, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

fn fabrikam(role: Role) -> String {
    format!("{}@{FABRIKAM_DOMAIN}", role.slug())
}

async fn me(app: &TestApp, client: &Client) -> Value {
    app.call(client, "me", json!({}))
        .await
        .json()
        .await
        .unwrap()
}

async fn ok(r: reqwest::Response) -> Value {
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn contoso_absorbs_fabrikam_through_the_three_step_handshake() {
    let app = spawn_app(true).await;
    let contoso = as_role(&app, Role::GlobalAdmin).await;
    let fabrikam_admin = signed_in(&app, &fabrikam(Role::GlobalAdmin)).await;
    let contoso_id = me(&app, &contoso).await["account"]["partner_id"].clone();
    let fabrikam_id = me(&app, &fabrikam_admin).await["account"]["partner_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Roles without edit access to Account merge cannot look accounts up or invite.
    for role in [
        Role::Developer,
        Role::BillingAdmin,
        Role::UserManagementAdmin,
    ] {
        let client = as_role(&app, role).await;
        let r = app
            .call(&client, "merge_find", json!({ "partner_id": fabrikam_id }))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{role:?}");
    }

    // Finding shows the legal name and country, nothing else.
    let account_admin = as_role(&app, Role::AccountAdmin).await;
    let found = ok(app
        .call(
            &account_admin,
            "merge_find",
            json!({ "partner_id": fabrikam_id }),
        )
        .await)
    .await;
    assert_eq!(
        found,
        json!({ "legal_name": "Fabrikam SAS", "country": "FR" })
    );
    let r = app
        .call(&contoso, "merge_find", json!({ "partner_id": "12a4567" }))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::PartnerId, Invalid::PartnerIdFormat)
    );
    let r = app
        .call(&contoso, "merge_find", json!({ "partner_id": contoso_id }))
        .await;
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::Conflict(ConflictKind::MergeWithSelf)
    );

    // Invite: a message is required.
    let r = app
        .call(
            &contoso,
            "merge_invite",
            json!({ "partner_id": fabrikam_id, "message": "  " }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let invited = ok(app
        .call(
            &contoso,
            "merge_invite",
            json!({ "partner_id": fabrikam_id, "message": "We are one company now." }),
        )
        .await)
    .await;
    let merge_id = invited["id"].as_i64().unwrap();
    assert_eq!(invited["state"], "Invited");

    // Fabrikam's Global admin is told, sees what accepting does, accepts.
    let bell: Vec<Value> = ok(app.call(&fabrikam_admin, "notifications", json!({})).await).await
        ["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        bell.iter().any(|n| n["kind"] == "MergeInvited"),
        "notified: {bell:?}"
    );
    // Contoso cannot answer its own invitation.
    let r = app
        .call(&contoso, "merge_accept", json!({ "merge_id": merge_id }))
        .await;
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::Conflict(ConflictKind::MergeStep)
    );
    let preview = ok(app
        .call(
            &fabrikam_admin,
            "merge_preview",
            json!({ "merge_id": merge_id }),
        )
        .await)
    .await;
    assert_eq!(preview["users"], Role::ALL.len());
    assert_eq!(preview["tenants"], 1);
    ok(app
        .call(
            &fabrikam_admin,
            "merge_accept",
            json!({ "merge_id": merge_id }),
        )
        .await)
    .await;

    // Contoso confirms: the merge runs.
    let done = ok(app
        .call(&contoso, "merge_confirm", json!({ "merge_id": merge_id }))
        .await)
    .await;
    assert_eq!(done["state"], "Completed");

    // Fabrikam's users now sign in to Contoso's workspace with their roles.
    let developer = signed_in(&app, &fabrikam(Role::Developer)).await;
    let who = me(&app, &developer).await;
    assert_eq!(who["account"]["partner_id"], contoso_id);
    assert_eq!(who["roles"], json!(["Developer"]));
    // Fabrikam's tenant is listed on Contoso's Tenants page, its partner ID as a location ID.
    let tenants = ok(app.call(&contoso, "tenants", json!({})).await).await;
    assert!(tenants["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["tenant_id"] == FABRIKAM_TENANT && t["is_primary"] == false));
    let ids = ok(app.call(&contoso, "identifiers", json!({})).await).await;
    assert!(ids["locations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["location_id"] == fabrikam_id.as_str()));
    // And the merged account's partner ID can no longer be invited.
    let r = app
        .call(&contoso, "merge_find", json!({ "partner_id": fabrikam_id }))
        .await;
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::Conflict(ConflictKind::AccountMerged)
    );
    // Contoso's history shows the completed merge.
    let history = ok(app.call(&contoso, "merge_history", json!({})).await).await;
    assert_eq!(history[0]["state"], "Completed");
    assert_eq!(history[0]["other_legal_name"], "Fabrikam SAS");
}

#[tokio::test]
async fn a_merged_account_is_read_only_even_for_a_session_that_outlived_the_merge() {
    let app = spawn_app(true).await;
    let founder = common::browser();
    assert_eq!(
        app.sign_up(&founder, "ada@wingtip.example").await.status(),
        StatusCode::OK
    );
    // Mark the account merged under a live session, as a confirm racing a request would.
    let db = &app.running.state.db;
    sqlx::query(
        "UPDATE accounts SET merged_into = (SELECT account_id FROM users WHERE email = $1), \
         merged_at = 1 WHERE id = (SELECT account_id FROM users WHERE email = $2)",
    )
    .bind(backend::seed::demo_email(Role::GlobalAdmin))
    .bind("ada@wingtip.example")
    .execute(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        app.call(&founder, "support_details", json!({}))
            .await
            .status(),
        StatusCode::OK,
        "reading still works"
    );
    let r = app
        .call(
            &founder,
            "tenant_association_start",
            json!({ "kind": "Commercial" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::Conflict(ConflictKind::AccountMerged)
    );
}
