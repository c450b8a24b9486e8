//! Verification over real HTTP: every state change, who may take it, and which are refused.

mod common;

use backend::seed::{demo_email, REVIEWER_EMAIL};
use common::{fabrikam_email, signed_in, spawn_app, TestApp};
use domain::error::ConflictKind;
use domain::{ApiError, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn status(app: &TestApp, client: &Client) -> String {
    let view: Value = app
        .call(client, "verification", json!({}))
        .await
        .json()
        .await
        .unwrap();
    view["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_company_goes_from_submitted_through_a_question_to_verified() {
    let app = spawn_app(true).await;
    // Contoso is seeded verified: Fabrikam starts from the beginning.
    let partner = signed_in(&app, &fabrikam_email(Role::AccountAdmin)).await;
    let admin = signed_in(&app, &fabrikam_email(Role::GlobalAdmin)).await;
    let reviewer = signed_in(&app, REVIEWER_EMAIL).await;
    assert_eq!(status(&app, &partner).await, "NotStarted");

    let r = app
        .call(&partner, "verification_step", json!({ "step": "Submit" }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let queue: Vec<Value> = app
        .call(&reviewer, "review_queue", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let company = queue
        .iter()
        .find(|c| c["legal_name"] == "Fabrikam SAS")
        .expect("Fabrikam waits");
    let account_id = company["account_id"].clone();

    let step = |s: Value| json!({ "account_id": account_id, "step": s });
    assert_eq!(
        app.call(&reviewer, "review_step", step(json!("StartReview")))
            .await
            .status(),
        StatusCode::OK
    );
    let empty = app
        .call(
            &reviewer,
            "review_step",
            step(json!({ "RequestInformation": { "reason": " " } })),
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unread_before: Value = app
        .call(&admin, "me", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let ask = app
        .call(
            &reviewer,
            "review_step",
            step(
                json!({ "RequestInformation": { "reason": "Send the registration certificate" } }),
            ),
        )
        .await;
    assert_eq!(ask.status(), StatusCode::OK);
    assert_eq!(status(&app, &partner).await, "ActionRequired");

    // The company's Global admin hears of it in the bell and by mail.
    let unread_after: Value = app
        .call(&admin, "me", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        unread_after["unread_notifications"].as_i64().unwrap(),
        unread_before["unread_notifications"].as_i64().unwrap() + 1
    );
    // The mail names the status in words and quotes the reviewer's question.
    let mail = common::outbox(&app).await;
    let to_admin: Vec<&str> = mail
        .iter()
        .filter(|m| m["to"] == fabrikam_email(Role::GlobalAdmin))
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert!(
        to_admin
            .iter()
            .any(|body| body.contains("is now: Action required.")
                && body.contains("> Send the registration certificate")),
        "{to_admin:?}"
    );
    assert!(
        to_admin
            .iter()
            .all(|body| !body.contains("action-required")),
        "{to_admin:?}"
    );

    let answer = app
        .call(
            &partner,
            "verification_step",
            json!({ "step": { "Answer": { "message": "Uploaded it" } } }),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        app.call(&reviewer, "review_step", step(json!("Approve")))
            .await
            .status(),
        StatusCode::OK
    );
    let view: Value = app
        .call(&partner, "verification", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["status"], "Verified");
    assert_eq!(view["history"].as_array().unwrap().len(), 5);

    // Out-of-order steps are refused.
    let again = app
        .call(&partner, "verification_step", json!({ "step": "Submit" }))
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(
        again.json::<ApiError>().await.unwrap(),
        ApiError::Conflict(ConflictKind::VerificationStep)
    );
    assert_eq!(
        app.call(&reviewer, "review_step", step(json!("Approve")))
            .await
            .status(),
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn partners_cannot_review_and_reviewers_cannot_act_for_a_partner() {
    let app = spawn_app(true).await;
    let admin = signed_in(&app, &demo_email(Role::GlobalAdmin)).await;
    for function in ["review_queue", "review_company", "review_step"] {
        let r = app
            .call(
                &admin,
                function,
                json!({ "account_id": 1, "step": "Approve" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{function}");
    }
    // A partner step named as the reviewer's is refused by the rules too.
    let r = app
        .call(&admin, "verification_step", json!({ "step": "Approve" }))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let reviewer = signed_in(&app, REVIEWER_EMAIL).await;
    let r = app
        .call(&reviewer, "verification_step", json!({ "step": "Submit" }))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let viewer = signed_in(&app, &demo_email(Role::BusinessContributor)).await;
    assert_eq!(
        app.call(&viewer, "verification", json!({})).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(&viewer, "verification_step", json!({ "step": "Submit" }))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn changing_the_legal_address_of_a_verified_company_sends_it_back_to_review() {
    let app = spawn_app(true).await;
    let partner = signed_in(&app, &fabrikam_email(Role::GlobalAdmin)).await;
    let paris = json!({ "name": "Head office", "is_legal": true, "address": {
        "country": "FR", "street": "1 rue de Rivoli", "city": "Paris", "region": "", "postal_code": "75001" } });
    let added: Value = app
        .call(&partner, "locations_add", json!({ "form": paris }))
        .await
        .json()
        .await
        .unwrap();
    sqlx::query("INSERT INTO verification (account_id, status, version, updated_at) SELECT account_id, 'verified', 1, 0 FROM users WHERE email = $1")
        .bind(fabrikam_email(Role::GlobalAdmin))
        .execute(app.running.state.db.pool())
        .await
        .unwrap();
    assert_eq!(status(&app, &partner).await, "Verified");

    let mut moved = added["form"].clone();
    moved["address"]["street"] = json!("2 rue de Rivoli");
    let r = app
        .call(
            &partner,
            "locations_update",
            json!({ "id": added["id"], "form": moved, "version": added["version"] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let view: Value = app
        .call(&partner, "verification", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["status"], "Submitted");
    assert_eq!(view["history"][0]["step"], "LegalDetailsChanged");
}
