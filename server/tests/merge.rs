//! Account merge over HTTP with the two demo accounts, each test on its own fresh database on
//! SQLite and on PostgreSQL: who may do what, what finding shows, the takeover scripts an
//! attacker would try (and their refusals), and a whole handshake after which Fabrikam's users
//! work in Contoso's workspace without the admin roles nobody chose to keep. (Every rule and
//! the races are tested on both databases in backend/tests/merge.rs.)
//!
//! The demo's Contoso is seeded verified; Fabrikam is not, and is verified here the way it
//! really happens: its Global admin submits, the demo reviewer approves.

mod common;

use std::collections::BTreeMap;
use std::future::Future;

use backend::seed::{demo_email, DEMO_PASSWORD, FABRIKAM_DOMAIN, FABRIKAM_TENANT, REVIEWER_EMAIL};
use common::{as_role, signed_in, spawn_app, spawn_app_on_postgres, TestApp};
use domain::error::ConflictKind;
use domain::{ApiError, Field, Invalid, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use sqlx::Row;

fn fabrikam(role: Role) -> String {
    format!("{}@{FABRIKAM_DOMAIN}", role.slug())
}

/// Runs `case` on a fresh demo server on SQLite, then on one on PostgreSQL (when reachable).
async fn on_both<F, Fut>(case: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    case(spawn_app(true).await).await;
    if let Some(app) = spawn_app_on_postgres(true).await {
        case(app).await;
    }
}

async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body = r.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn call(app: &TestApp, client: &Client, function: &str, args: Value) -> Value {
    ok(app.call(client, function, args).await).await
}

/// The status and typed error of a refused call.
async fn refusal(r: reqwest::Response) -> (StatusCode, ApiError) {
    let status = r.status();
    (status, r.json::<ApiError>().await.expect("an ApiError"))
}

async fn me(app: &TestApp, client: &Client) -> Value {
    call(app, client, "me", json!({})).await
}

async fn partner_id(app: &TestApp, client: &Client) -> String {
    me(app, client).await["account"]["partner_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Verifies Fabrikam through the product: its Global admin submits, the reviewer approves.
async fn verify_fabrikam(app: &TestApp) {
    let admin = signed_in(app, &fabrikam(Role::GlobalAdmin)).await;
    call(
        app,
        &admin,
        "verification_step",
        json!({ "step": "Submit" }),
    )
    .await;
    approve_fabrikam(app).await;
}

/// The demo reviewer approves Fabrikam's submitted verification.
async fn approve_fabrikam(app: &TestApp) {
    let reviewer = signed_in(app, REVIEWER_EMAIL).await;
    let queue = call(app, &reviewer, "review_queue", json!({})).await;
    let account_id = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["legal_name"].as_str().unwrap().starts_with("Fabrikam"))
        .expect("Fabrikam waits for review")["account_id"]
        .clone();
    call(
        app,
        &reviewer,
        "review_step",
        json!({ "account_id": account_id, "step": "Approve" }),
    )
    .await;
    let admin = signed_in(app, &fabrikam(Role::GlobalAdmin)).await;
    assert_eq!(
        call(app, &admin, "verification", json!({})).await["status"],
        "Verified"
    );
}

/// A verified company saves a new legal name: its verification goes back to review.
async fn rename(app: &TestApp, client: &Client, legal_name: &str) {
    let before = call(app, client, "legal_identity", json!({})).await;
    let form = json!({ "legal_name": legal_name, "duns": "", "address": {
        "country": "FR", "street": "1 rue de Rivoli", "city": "Paris", "region": "",
        "postal_code": "75001" } });
    call(
        app,
        client,
        "legal_identity_save",
        json!({ "form": form, "version": before["version"] }),
    )
    .await;
    assert_ne!(
        call(app, client, "verification", json!({})).await["status"],
        "Verified"
    );
}

async fn invite(
    app: &TestApp,
    client: &Client,
    partner_id: &str,
    password: &str,
) -> reqwest::Response {
    app.call(
        client,
        "merge_invite",
        json!({ "partner_id": partner_id, "message": "We are one company now.",
                "password": password }),
    )
    .await
}

async fn accept(
    app: &TestApp,
    client: &Client,
    merge_id: i64,
    password: &str,
) -> reqwest::Response {
    app.call(
        client,
        "merge_accept",
        json!({ "merge_id": merge_id, "password": password }),
    )
    .await
}

async fn confirm(
    app: &TestApp,
    client: &Client,
    merge_id: i64,
    password: &str,
    kept: Value,
) -> reqwest::Response {
    app.call(
        client,
        "merge_confirm",
        json!({ "merge_id": merge_id, "password": password, "kept": kept }),
    )
    .await
}

/// The state of the caller's newest merge, as its history shows it.
async fn newest_state(app: &TestApp, client: &Client) -> Value {
    call(app, client, "merge_history", json!({})).await["merges"][0]["state"].clone()
}

/// The users who would arrive, by email, as the preview lists them.
async fn arriving(app: &TestApp, client: &Client, merge_id: i64) -> BTreeMap<String, Value> {
    let preview = call(
        app,
        client,
        "merge_preview",
        json!({ "merge_id": merge_id }),
    )
    .await;
    preview["arriving"]
        .as_array()
        .expect("the arriving users are listed")
        .iter()
        .map(|u| (u["email"].as_str().unwrap().to_owned(), u.clone()))
        .collect()
}

/// The kinds of the merge notifications in the caller's bell (newest page of the Merges
/// category).
async fn bell(app: &TestApp, client: &Client) -> Vec<String> {
    call(
        app,
        client,
        "notifications",
        json!({ "category": "Merges", "before": null }),
    )
    .await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// How many mails were queued to each address so far (read from the outbox itself).
async fn mail_counts(app: &TestApp) -> BTreeMap<String, usize> {
    let rows = sqlx::query("SELECT to_address FROM outbox")
        .fetch_all(app.running.state.db.pool())
        .await
        .unwrap();
    let mut counts = BTreeMap::new();
    for row in rows {
        *counts
            .entry(row.get::<String, _>("to_address"))
            .or_insert(0) += 1;
    }
    counts
}

/// Contoso invites Fabrikam (both verified), Fabrikam's Global admin accepts: answers the
/// merge's id, waiting for Contoso's confirmation.
async fn accepted_merge(app: &TestApp) -> i64 {
    verify_fabrikam(app).await;
    let contoso = as_role(app, Role::GlobalAdmin).await;
    let fabrikam_admin = signed_in(app, &fabrikam(Role::GlobalAdmin)).await;
    let fabrikam_id = partner_id(app, &fabrikam_admin).await;
    let merge_id = ok(invite(app, &contoso, &fabrikam_id, DEMO_PASSWORD).await).await["id"]
        .as_i64()
        .unwrap();
    ok(accept(app, &fabrikam_admin, merge_id, DEMO_PASSWORD).await).await;
    merge_id
}

#[tokio::test]
async fn contoso_absorbs_fabrikam_through_the_three_step_handshake() {
    on_both(|app| async move {
        verify_fabrikam(&app).await;
        let contoso = as_role(&app, Role::GlobalAdmin).await;
        let fabrikam_admin = signed_in(&app, &fabrikam(Role::GlobalAdmin)).await;
        let contoso_id = partner_id(&app, &contoso).await;
        let fabrikam_id = partner_id(&app, &fabrikam_admin).await;

        // Roles without edit access to Account merge cannot look accounts up or invite.
        for role in [
            Role::AccountAdmin,
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
        let found = call(
            &app,
            &contoso,
            "merge_find",
            json!({ "partner_id": fabrikam_id }),
        )
        .await;
        assert_eq!(
            found,
            json!({ "legal_name": "Fabrikam SAS", "country": "FR" })
        );
        let r = app
            .call(&contoso, "merge_find", json!({ "partner_id": "12a4567" }))
            .await;
        assert_eq!(
            refusal(r).await,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiError::invalid(Field::PartnerId, Invalid::PartnerIdFormat)
            )
        );
        let r = app
            .call(&contoso, "merge_find", json!({ "partner_id": contoso_id }))
            .await;
        assert_eq!(
            refusal(r).await.1,
            ApiError::Conflict(ConflictKind::MergeWithSelf)
        );

        // Invite: a message is required.
        let r = app
            .call(
                &contoso,
                "merge_invite",
                json!({ "partner_id": fabrikam_id, "message": "  ", "password": DEMO_PASSWORD }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let invited = ok(invite(&app, &contoso, &fabrikam_id, DEMO_PASSWORD).await).await;
        let merge_id = invited["id"].as_i64().unwrap();
        assert_eq!(invited["state"], "Invited");

        // Fabrikam's Global admin is told, sees what accepting does, accepts.
        assert!(bell(&app, &fabrikam_admin)
            .await
            .contains(&"MergeInvited".to_owned()));
        // Contoso cannot answer its own invitation.
        let r = accept(&app, &contoso, merge_id, DEMO_PASSWORD).await;
        assert_eq!(
            refusal(r).await.1,
            ApiError::Conflict(ConflictKind::MergeStep)
        );
        let preview = call(
            &app,
            &fabrikam_admin,
            "merge_preview",
            json!({ "merge_id": merge_id }),
        )
        .await;
        assert_eq!(preview["users"], Role::ALL.len());
        assert_eq!(preview["tenants"], 1);
        // Each arriving user with the roles they hold now.
        let users = arriving(&app, &fabrikam_admin, merge_id).await;
        assert_eq!(users.len(), Role::ALL.len());
        assert_eq!(
            users[&fabrikam(Role::GlobalAdmin)]["roles"],
            json!(["GlobalAdmin"])
        );
        ok(accept(&app, &fabrikam_admin, merge_id, DEMO_PASSWORD).await).await;

        // Contoso confirms: the merge runs.
        let done = ok(confirm(&app, &contoso, merge_id, DEMO_PASSWORD, json!([])).await).await;
        assert_eq!(done["state"], "Completed");

        // Fabrikam's users now sign in to Contoso's workspace with their other roles.
        let developer = signed_in(&app, &fabrikam(Role::Developer)).await;
        let who = me(&app, &developer).await;
        assert_eq!(who["account"]["partner_id"], contoso_id.as_str());
        assert_eq!(who["roles"], json!(["Developer"]));
        // Fabrikam's tenant is listed on Contoso's Tenants page, its partner ID as a location ID.
        let tenants = call(&app, &contoso, "tenants", json!({})).await;
        assert!(tenants["tenants"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["tenant_id"] == FABRIKAM_TENANT && t["is_primary"] == false));
        let ids = call(&app, &contoso, "identifiers", json!({})).await;
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
            refusal(r).await.1,
            ApiError::Conflict(ConflictKind::AccountMerged)
        );
        // Contoso's history shows the completed merge.
        let history = call(&app, &contoso, "merge_history", json!({})).await;
        assert_eq!(history["verified"], true);
        assert_eq!(history["merges"][0]["state"], "Completed");
        assert_eq!(history["merges"][0]["other_legal_name"], "Fabrikam SAS");
    })
    .await;
}

/// The takeover script of an Account admin (invite an account they also control, accept as
/// its founder, confirm) ends at the first step: only a Global admin acts on a merge. An
/// Account admin still follows it: the page, the history and the preview.
#[tokio::test]
async fn an_account_admin_follows_a_merge_but_cannot_invite_accept_confirm_or_cancel_it() {
    on_both(|app| async move {
        verify_fabrikam(&app).await;
        let contoso_aa = as_role(&app, Role::AccountAdmin).await;
        let fabrikam_aa = signed_in(&app, &fabrikam(Role::AccountAdmin)).await;
        let contoso = as_role(&app, Role::GlobalAdmin).await;
        let fabrikam_admin = signed_in(&app, &fabrikam(Role::GlobalAdmin)).await;
        let fabrikam_id = partner_id(&app, &fabrikam_admin).await;

        let r = invite(&app, &contoso_aa, &fabrikam_id, DEMO_PASSWORD).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            call(&app, &contoso, "merge_history", json!({})).await["merges"],
            json!([]),
            "nothing was sent"
        );

        let merge_id = ok(invite(&app, &contoso, &fabrikam_id, DEMO_PASSWORD).await).await["id"]
            .as_i64()
            .unwrap();
        // The invited Account admin sees the invitation and what would move, and cannot answer.
        assert_eq!(newest_state(&app, &fabrikam_aa).await, "Invited");
        assert!(!arriving(&app, &fabrikam_aa, merge_id).await.is_empty());
        let r = accept(&app, &fabrikam_aa, merge_id, DEMO_PASSWORD).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = app
            .call(
                &fabrikam_aa,
                "merge_decline",
                json!({ "merge_id": merge_id, "reason": "No" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert_eq!(newest_state(&app, &fabrikam_admin).await, "Invited");

        ok(accept(&app, &fabrikam_admin, merge_id, DEMO_PASSWORD).await).await;
        // The inviting Account admin sees who would arrive, and can neither confirm nor cancel.
        assert_eq!(
            arriving(&app, &contoso_aa, merge_id).await.len(),
            Role::ALL.len()
        );
        let r = confirm(&app, &contoso_aa, merge_id, DEMO_PASSWORD, json!([])).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = app
            .call(&contoso_aa, "merge_cancel", json!({ "merge_id": merge_id }))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert_eq!(newest_state(&app, &contoso).await, "Accepted");
        assert_eq!(
            me(&app, &fabrikam_aa).await["account"]["partner_id"],
            fabrikam_id.as_str(),
            "nothing moved"
        );
    })
    .await;
}

#[tokio::test]
async fn a_global_admin_without_their_password_is_refused_beside_it_and_nothing_moves() {
    on_both(|app| async move {
        verify_fabrikam(&app).await;
        let contoso = as_role(&app, Role::GlobalAdmin).await;
        let fabrikam_admin = signed_in(&app, &fabrikam(Role::GlobalAdmin)).await;
        let fabrikam_id = partner_id(&app, &fabrikam_admin).await;
        let required = (
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::invalid(Field::Password, Invalid::Required),
        );
        let wrong = (
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::invalid(Field::Password, Invalid::PasswordIncorrect),
        );

        // Invite.
        assert_eq!(
            refusal(invite(&app, &contoso, &fabrikam_id, "").await).await,
            required
        );
        assert_eq!(
            refusal(invite(&app, &contoso, &fabrikam_id, "Contoso-guess-2026").await).await,
            wrong
        );
        assert_eq!(
            call(&app, &contoso, "merge_history", json!({})).await["merges"],
            json!([])
        );
        assert!(!bell(&app, &fabrikam_admin)
            .await
            .contains(&"MergeInvited".to_owned()));
        let merge_id = ok(invite(&app, &contoso, &fabrikam_id, DEMO_PASSWORD).await).await["id"]
            .as_i64()
            .unwrap();

        // Accept.
        assert_eq!(
            refusal(accept(&app, &fabrikam_admin, merge_id, "").await).await,
            required
        );
        assert_eq!(
            refusal(accept(&app, &fabrikam_admin, merge_id, "Contoso-guess-2026").await).await,
            wrong
        );
        assert_eq!(newest_state(&app, &contoso).await, "Invited");
        ok(accept(&app, &fabrikam_admin, merge_id, DEMO_PASSWORD).await).await;

        // Confirm.
        assert_eq!(
            refusal(confirm(&app, &contoso, merge_id, "", json!([])).await).await,
            required
        );
        assert_eq!(
            refusal(confirm(&app, &contoso, merge_id, "Contoso-guess-2026", json!([])).await).await,
            wrong
        );
        assert_eq!(newest_state(&app, &contoso).await, "Accepted");
        assert_eq!(
            me(&app, &fabrikam_admin).await["account"]["partner_id"],
            fabrikam_id.as_str(),
            "nothing moved"
        );
        // The failed attempts are in the audit log.
        let audit = call(
            &app,
            &contoso,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "AccountMerge" }, "from": null, "to": null } }),
        )
        .await;
        let text = audit.to_string();
        assert!(text.contains("ReauthenticationFailed"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn an_unverified_company_is_refused_at_invite_and_at_accept_or_confirm_once_sent_back_to_review(
) {
    on_both(|app| async move {
        let contoso = as_role(&app, Role::GlobalAdmin).await;
        let fabrikam_admin = signed_in(&app, &fabrikam(Role::GlobalAdmin)).await;
        let contoso_id = partner_id(&app, &contoso).await;
        let fabrikam_id = partner_id(&app, &fabrikam_admin).await;
        let not_verified = |ours| {
            (
                StatusCode::CONFLICT,
                ApiError::Conflict(ConflictKind::MergeNotVerified { ours }),
            )
        };

        // Fabrikam is not verified: refused whichever side invites, and the page knows.
        assert_eq!(
            refusal(invite(&app, &contoso, &fabrikam_id, DEMO_PASSWORD).await).await,
            not_verified(false)
        );
        assert_eq!(
            refusal(invite(&app, &fabrikam_admin, &contoso_id, DEMO_PASSWORD).await).await,
            not_verified(true)
        );
        let page = call(&app, &fabrikam_admin, "merge_history", json!({})).await;
        assert_eq!(page, json!({ "verified": false, "merges": [] }));

        // Verified, invited; then a new legal name sends Fabrikam back to review.
        verify_fabrikam(&app).await;
        let merge_id = ok(invite(&app, &contoso, &fabrikam_id, DEMO_PASSWORD).await).await["id"]
            .as_i64()
            .unwrap();
        rename(&app, &fabrikam_admin, "Fabrikam France SAS").await;
        assert_eq!(
            refusal(accept(&app, &fabrikam_admin, merge_id, DEMO_PASSWORD).await).await,
            not_verified(true)
        );
        assert_eq!(newest_state(&app, &contoso).await, "Invited");
        approve_fabrikam(&app).await;
        ok(accept(&app, &fabrikam_admin, merge_id, DEMO_PASSWORD).await).await;

        // Now Contoso goes back to review before confirming.
        rename(&app, &contoso, "Contoso France SAS").await;
        assert_eq!(
            refusal(confirm(&app, &contoso, merge_id, DEMO_PASSWORD, json!([])).await).await,
            not_verified(true)
        );
        assert_eq!(newest_state(&app, &contoso).await, "Accepted");
        assert_eq!(
            me(&app, &fabrikam_admin).await["account"]["partner_id"],
            fabrikam_id.as_str(),
            "nothing moved"
        );
    })
    .await;
}

/// The takeover of item one: the other company's Global admin arrives, after a confirmation
/// that kept nothing, with no admin role, and cannot demote the survivor's Global admin.
#[tokio::test]
async fn after_a_confirm_that_keeps_no_role_the_other_global_admin_arrives_without_admin_roles() {
    on_both(|app| async move {
        let merge_id = accepted_merge(&app).await;
        let contoso = as_role(&app, Role::GlobalAdmin).await;
        let former_admin = signed_in(&app, &fabrikam(Role::GlobalAdmin)).await;
        ok(confirm(&app, &contoso, merge_id, DEMO_PASSWORD, json!([])).await).await;

        // Their session outlived the merge; a fresh sign-in says the same.
        for client in [
            former_admin.clone(),
            signed_in(&app, &fabrikam(Role::GlobalAdmin)).await,
        ] {
            let who = me(&app, &client).await;
            assert_eq!(who["account"]["legal_name"], "Contoso Ltd");
            assert_eq!(who["roles"], json!([]), "{who}");
        }
        for role in Role::ALL.into_iter().filter(|r| r.is_admin()) {
            let arrived = signed_in(&app, &fabrikam(role)).await;
            assert_eq!(me(&app, &arrived).await["roles"], json!([]), "{role:?}");
        }
        let developer = signed_in(&app, &fabrikam(Role::Developer)).await;
        assert_eq!(me(&app, &developer).await["roles"], json!(["Developer"]));

        // The demotion of Contoso's Global admin is refused.
        let users = call(&app, &contoso, "users", json!({})).await;
        let real_admin = users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == demo_email(Role::GlobalAdmin))
            .unwrap()
            .clone();
        let r = app
            .call(
                &former_admin,
                "users_set_roles",
                json!({ "user_id": real_admin["id"], "roles": ["Developer"],
                        "version": real_admin["version"] }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = invite(&app, &former_admin, "1234567", DEMO_PASSWORD).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let me_now = me(&app, &contoso).await;
        assert_eq!(me_now["roles"], json!(["GlobalAdmin"]));
    })
    .await;
}

#[tokio::test]
async fn with_one_admin_role_kept_exactly_that_role_arrives() {
    on_both(|app| async move {
        let merge_id = accepted_merge(&app).await;
        let contoso = as_role(&app, Role::GlobalAdmin).await;
        let users = arriving(&app, &contoso, merge_id).await;
        let billing = &users[&fabrikam(Role::BillingAdmin)];
        assert_eq!(billing["roles"], json!(["BillingAdmin"]));
        let kept = json!([{ "user_id": billing["user_id"], "roles": ["BillingAdmin"] }]);
        ok(confirm(&app, &contoso, merge_id, DEMO_PASSWORD, kept).await).await;

        let arrived = signed_in(&app, &fabrikam(Role::BillingAdmin)).await;
        assert_eq!(me(&app, &arrived).await["roles"], json!(["BillingAdmin"]));
        for role in Role::ALL
            .into_iter()
            .filter(|r| r.is_admin() && *r != Role::BillingAdmin)
        {
            let other = signed_in(&app, &fabrikam(role)).await;
            assert_eq!(me(&app, &other).await["roles"], json!([]), "{role:?}");
        }
        // The decision is in the audit log.
        let audit = call(
            &app,
            &contoso,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "AccountMerge" }, "from": null, "to": null } }),
        )
        .await;
        let entry = audit
            .as_array()
            .unwrap()
            .iter()
            .find(|e| {
                e["action"] == "RolesChanged"
                    && e["target"]
                        .as_str()
                        .unwrap()
                        .starts_with(&fabrikam(Role::BillingAdmin))
            })
            .expect("the decision about the Billing admin is audited")
            .clone();
        assert_eq!(entry["area"], "AccountMerge");
        assert_eq!(
            entry["after"],
            json!([
                { "Roles": ["BillingAdmin"] },
                { "AdminRolesKept": ["BillingAdmin"] },
                { "AdminRolesDropped": [] }
            ])
        );
    })
    .await;
}

#[tokio::test]
async fn a_forged_role_choice_is_refused_and_nothing_moves() {
    on_both(|app| async move {
        let merge_id = accepted_merge(&app).await;
        let contoso = as_role(&app, Role::GlobalAdmin).await;
        let users = arriving(&app, &contoso, merge_id).await;
        let developer_id = users[&fabrikam(Role::Developer)]["user_id"].clone();
        let contoso_users = call(&app, &contoso, "users", json!({})).await;
        let contoso_marketer = contoso_users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == demo_email(Role::Marketer))
            .unwrap()["id"]
            .clone();
        for forged in [
            // Another account's user.
            json!([{ "user_id": contoso_marketer, "roles": ["GlobalAdmin"] }]),
            // A role the user does not hold.
            json!([{ "user_id": developer_id, "roles": ["GlobalAdmin"] }]),
            // A role that is not an admin role.
            json!([{ "user_id": developer_id, "roles": ["Developer"] }]),
            // A user nobody has.
            json!([{ "user_id": 987654, "roles": ["GlobalAdmin"] }]),
        ] {
            assert_eq!(
                refusal(confirm(&app, &contoso, merge_id, DEMO_PASSWORD, forged.clone()).await)
                    .await,
                (StatusCode::BAD_REQUEST, ApiError::Malformed),
                "{forged}"
            );
        }
        assert_eq!(newest_state(&app, &contoso).await, "Accepted");
        let developer = signed_in(&app, &fabrikam(Role::Developer)).await;
        assert_eq!(
            me(&app, &developer).await["account"]["legal_name"],
            "Fabrikam SAS"
        );
        let marketer = as_role(&app, Role::Marketer).await;
        assert_eq!(me(&app, &marketer).await["roles"], json!(["Marketer"]));
    })
    .await;
}

#[tokio::test]
async fn an_invitation_after_find_reached_its_limit_answers_429_without_the_legal_name() {
    on_both(|app| async move {
        verify_fabrikam(&app).await;
        let contoso = as_role(&app, Role::GlobalAdmin).await;
        let fabrikam_admin = signed_in(&app, &fabrikam(Role::GlobalAdmin)).await;
        let fabrikam_id = partner_id(&app, &fabrikam_admin).await;
        for _ in 0..backend::throttle::MERGE_LOOKUPS_PER_ACCOUNT.max_events {
            call(
                &app,
                &contoso,
                "merge_find",
                json!({ "partner_id": fabrikam_id }),
            )
            .await;
        }
        let r = app
            .call(&contoso, "merge_find", json!({ "partner_id": fabrikam_id }))
            .await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let r = invite(&app, &contoso, &fabrikam_id, DEMO_PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let body = r.text().await.unwrap();
        assert!(!body.contains("Fabrikam"), "{body}");
        assert!(matches!(
            serde_json::from_str::<ApiError>(&body).unwrap(),
            ApiError::TooManyRequests { .. }
        ));
        assert_eq!(
            call(&app, &contoso, "merge_history", json!({})).await["merges"],
            json!([])
        );
    })
    .await;
}

/// The four who must hear of every step: both companies' Global and Account admins.
struct Watchers {
    clients: Vec<(String, Client)>,
}

impl Watchers {
    async fn new(app: &TestApp) -> Watchers {
        let mut clients = Vec::new();
        for email in [
            demo_email(Role::GlobalAdmin),
            demo_email(Role::AccountAdmin),
            fabrikam(Role::GlobalAdmin),
            fabrikam(Role::AccountAdmin),
        ] {
            let client = signed_in(app, &email).await;
            clients.push((email, client));
        }
        Watchers { clients }
    }

    async fn bells(&self, app: &TestApp) -> Vec<Vec<String>> {
        let mut all = Vec::new();
        for (_, client) in &self.clients {
            all.push(bell(app, client).await);
        }
        all
    }

    /// Takes a step with `act` and checks that each of the four got exactly one more
    /// notification, of the kind their side should get, and one more mail; and that
    /// `not_told` got no mail.
    async fn expect_told<Fut: Future<Output = ()>>(
        &self,
        app: &TestApp,
        (contoso_kind, fabrikam_kind): (&str, &str),
        not_told: &[String],
        act: Fut,
    ) {
        let (bells, mails) = (self.bells(app).await, mail_counts(app).await);
        act.await;
        let (bells_after, mails_after) = (self.bells(app).await, mail_counts(app).await);
        for (i, (email, _)) in self.clients.iter().enumerate() {
            let kind = if i < 2 { contoso_kind } else { fabrikam_kind };
            let count = |list: &[String]| list.iter().filter(|k| *k == kind).count();
            assert_eq!(
                count(&bells_after[i]),
                count(&bells[i]) + 1,
                "{email} hears of {kind}: {:?}",
                bells_after[i]
            );
            assert_eq!(
                bells_after[i].len(),
                bells[i].len() + 1,
                "{email}: one merge notification per step"
            );
            let mailed = |m: &BTreeMap<String, usize>| m.get(email).copied().unwrap_or(0);
            assert_eq!(
                mailed(&mails_after),
                mailed(&mails) + 1,
                "{email} gets a mail"
            );
        }
        for email in not_told {
            assert_eq!(
                mails_after.get(email),
                mails.get(email),
                "{email} is not told"
            );
        }
    }
}

#[tokio::test]
async fn both_sides_global_and_account_admins_get_a_notification_and_a_mail_at_every_step() {
    on_both(|app| async move {
        verify_fabrikam(&app).await;
        let watchers = Watchers::new(&app).await;
        let contoso = watchers.clients[0].1.clone();
        let fabrikam_admin = watchers.clients[2].1.clone();
        let fabrikam_id = partner_id(&app, &fabrikam_admin).await;
        let bystanders = [demo_email(Role::Marketer), fabrikam(Role::Developer)];
        let id_of = |v: Value| v["id"].as_i64().unwrap();

        // Invited, then declined.
        let mut merge_id = 0;
        watchers
            .expect_told(
                &app,
                ("MergeInvitationSent", "MergeInvited"),
                &bystanders,
                async {
                    merge_id =
                        id_of(ok(invite(&app, &contoso, &fabrikam_id, DEMO_PASSWORD).await).await);
                },
            )
            .await;
        watchers
            .expect_told(
                &app,
                ("MergeDeclined", "MergeDeclinedByUs"),
                &bystanders,
                async {
                    call(
                        &app,
                        &fabrikam_admin,
                        "merge_decline",
                        json!({ "merge_id": merge_id, "reason": "Not yet." }),
                    )
                    .await;
                },
            )
            .await;

        // Invited again, then cancelled.
        let merge_id = id_of(ok(invite(&app, &contoso, &fabrikam_id, DEMO_PASSWORD).await).await);
        watchers
            .expect_told(
                &app,
                ("MergeCancelledByUs", "MergeCancelled"),
                &bystanders,
                async {
                    call(
                        &app,
                        &contoso,
                        "merge_cancel",
                        json!({ "merge_id": merge_id }),
                    )
                    .await;
                },
            )
            .await;

        // Invited a third time, accepted, confirmed.
        let merge_id = id_of(ok(invite(&app, &contoso, &fabrikam_id, DEMO_PASSWORD).await).await);
        watchers
            .expect_told(
                &app,
                ("MergeAccepted", "MergeAcceptedByUs"),
                &bystanders,
                async {
                    ok(accept(&app, &fabrikam_admin, merge_id, DEMO_PASSWORD).await).await;
                },
            )
            .await;
        watchers
            .expect_told(
                &app,
                ("MergeCompleted", "MergeCompleted"),
                &bystanders,
                async {
                    ok(confirm(&app, &contoso, merge_id, DEMO_PASSWORD, json!([])).await).await;
                },
            )
            .await;
        // Those who check payout and tax hear of the completion too, on both sides.
        for email in [demo_email(Role::BillingAdmin), fabrikam(Role::BillingAdmin)] {
            let client = signed_in(&app, &email).await;
            assert!(bell(&app, &client)
                .await
                .contains(&"MergeCompleted".to_owned()));
        }
    })
    .await;
}

#[tokio::test]
async fn a_merged_account_is_read_only_even_for_a_session_that_outlived_the_merge() {
    on_both(|app| async move {
        let fabrikam_admin = signed_in(&app, &fabrikam(Role::GlobalAdmin)).await;
        // Mark Fabrikam merged under a live session, as a confirm racing a request would.
        let db = &app.running.state.db;
        sqlx::query(
            "UPDATE accounts SET merged_into = (SELECT account_id FROM users WHERE email = $1), \
             merged_at = 1 WHERE id = (SELECT account_id FROM users WHERE email = $2)",
        )
        .bind(demo_email(Role::GlobalAdmin))
        .bind(fabrikam(Role::GlobalAdmin))
        .execute(db.pool())
        .await
        .unwrap();
        assert_eq!(
            app.call(&fabrikam_admin, "support_details", json!({}))
                .await
                .status(),
            StatusCode::OK,
            "reading still works"
        );
        let r = app
            .call(
                &fabrikam_admin,
                "tenant_association_start",
                json!({ "kind": "Commercial" }),
            )
            .await;
        assert_eq!(
            refusal(r).await,
            (
                StatusCode::CONFLICT,
                ApiError::Conflict(ConflictKind::AccountMerged)
            )
        );
    })
    .await;
}
