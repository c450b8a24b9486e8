//! The bell's notification centre over real HTTP, on SQLite and PostgreSQL: actions appear and
//! disappear with the account's data and are shown only to who may act on them; a mandatory
//! action cannot be archived, a recommended one can, for the user who archived it only;
//! notifications are paged and filtered by category; a user reads and changes only their own.

mod common;

use backend::seed::{demo_email, DEMO_PASSWORD, FABRIKAM_DOMAIN, REVIEWER_EMAIL};
use common::{as_role, mailed_token, signed_in, spawn_app, spawn_app_on_postgres, TestApp};
use domain::error::ConflictKind;
use domain::{ApiError, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

fn fabrikam(role: Role) -> String {
    format!("{}@{FABRIKAM_DOMAIN}", role.slug())
}

async fn ok(r: reqwest::Response) -> Value {
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn call(app: &TestApp, client: &Client, function: &str, args: Value) -> Value {
    ok(app.call(client, function, args).await).await
}

async fn refusal(r: reqwest::Response) -> (StatusCode, ApiError) {
    let status = r.status();
    (status, r.json::<ApiError>().await.expect("an ApiError"))
}

/// The caller's actions as (kind, subject, mandatory-as-the-client-sees-it) tuples.
async fn actions(app: &TestApp, client: &Client) -> Vec<Value> {
    call(app, client, "notification_actions", json!({}))
        .await
        .as_array()
        .cloned()
        .unwrap()
}

async fn has_action(app: &TestApp, client: &Client, kind: &str) -> bool {
    actions(app, client).await.iter().any(|a| a["kind"] == kind)
}

async fn action_of(app: &TestApp, client: &Client, kind: &str) -> Value {
    actions(app, client)
        .await
        .into_iter()
        .find(|a| a["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} action"))
}

async fn unread(app: &TestApp, client: &Client) -> i64 {
    call(app, client, "notification_count", json!({})).await["unread"]
        .as_i64()
        .unwrap()
}

async fn page(app: &TestApp, client: &Client, category: Value, before: Value) -> Value {
    call(
        app,
        client,
        "notifications",
        json!({ "category": category, "before": before }),
    )
    .await
}

async fn partner_id(app: &TestApp, client: &Client) -> String {
    call(app, client, "me", json!({})).await["account"]["partner_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// `inviter` invites the account whose partner ID is `invitee`; answers the merge's id.
async fn invite(app: &TestApp, inviter: &Client, invitee: &str) -> i64 {
    call(
        app,
        inviter,
        "merge_invite",
        json!({ "partner_id": invitee, "message": "We are one company now.",
                "password": DEMO_PASSWORD }),
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

async fn save_primary_email(app: &TestApp, client: &Client, email: &str) {
    let version = call(app, client, "contacts", json!({})).await["version"].clone();
    let form = json!({
        "primary": { "name": "Paula Primary", "email": email, "phone": "+33 1 00 00 00 01", "language": "fr" },
        "legal": { "name": "Lou Legal", "email": "legal@contoso.example", "phone": "+33 1 00 00 00 02", "language": "en" }
    });
    call(
        app,
        client,
        "contacts_save",
        json!({ "form": form, "version": version }),
    )
    .await;
}

async fn actions_follow_the_data(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let account_admin = as_role(&app, Role::AccountAdmin).await;
    let billing = as_role(&app, Role::BillingAdmin).await;
    let marketer = as_role(&app, Role::Marketer).await;
    for kind in [
        "VerifyPrimaryEmail",
        "AnswerReviewer",
        "AnswerMergeInvitation",
    ] {
        assert!(!has_action(&app, &admin, kind).await, "{kind} at start");
    }

    // A new primary contact email waits for confirmation: a mandatory action for those who
    // edit legal info, leading to the pending change; nobody can archive it.
    save_primary_email(&app, &admin, "new-primary@contoso.example").await;
    let verify = action_of(&app, &account_admin, "VerifyPrimaryEmail").await;
    assert!(verify["subject"].is_i64(), "{verify}");
    assert!(has_action(&app, &admin, "VerifyPrimaryEmail").await);
    assert!(!has_action(&app, &billing, "VerifyPrimaryEmail").await);
    assert!(!has_action(&app, &marketer, "VerifyPrimaryEmail").await);
    let r = app
        .call(
            &admin,
            "notification_action_archive",
            json!({ "kind": "VerifyPrimaryEmail", "subject": verify["subject"] }),
        )
        .await;
    assert_eq!(
        refusal(r).await,
        (
            StatusCode::CONFLICT,
            ApiError::Conflict(ConflictKind::ActionMandatory)
        )
    );
    assert!(has_action(&app, &admin, "VerifyPrimaryEmail").await);
    // Once confirmed, it is gone by itself.
    let token = mailed_token(&app, "new-primary@contoso.example").await;
    call(
        &app,
        &common::browser(),
        "email_confirm",
        json!({ "token": token }),
    )
    .await;
    assert!(!has_action(&app, &admin, "VerifyPrimaryEmail").await);
    assert!(!has_action(&app, &account_admin, "VerifyPrimaryEmail").await);

    // A reviewer's question is a mandatory action until it is answered (Fabrikam: the demo's
    // Contoso is verified already).
    let fabrikam_admin = signed_in(&app, &fabrikam(Role::GlobalAdmin)).await;
    let fabrikam_account_admin = signed_in(&app, &fabrikam(Role::AccountAdmin)).await;
    let fabrikam_billing = signed_in(&app, &fabrikam(Role::BillingAdmin)).await;
    let reviewer = signed_in(&app, REVIEWER_EMAIL).await;
    let account_id = common::reviewer_asks_fabrikam(&app, &fabrikam_account_admin, &reviewer).await;
    let reviewer_action = action_of(&app, &fabrikam_admin, "AnswerReviewer").await;
    assert!(!has_action(&app, &fabrikam_billing, "AnswerReviewer").await);
    assert!(!has_action(&app, &admin, "AnswerReviewer").await);
    let r = app
        .call(
            &fabrikam_admin,
            "notification_action_archive",
            json!({ "kind": "AnswerReviewer", "subject": reviewer_action["subject"] }),
        )
        .await;
    assert_eq!(
        refusal(r).await.1,
        ApiError::Conflict(ConflictKind::ActionMandatory)
    );
    call(
        &app,
        &fabrikam_account_admin,
        "verification_step",
        json!({ "step": { "Answer": { "message": "Uploaded it" } } }),
    )
    .await;
    assert!(!has_action(&app, &fabrikam_admin, "AnswerReviewer").await);
    // Approved, Fabrikam may take part in a merge.
    call(
        &app,
        &reviewer,
        "review_step",
        json!({ "account_id": account_id, "step": "Approve" }),
    )
    .await;

    // A merge invitation from Fabrikam: a recommended action for Contoso's Global admins (only
    // they answer one; an Account admin follows it on the page).
    let second_admin = as_role(&app, Role::Developer).await;
    let users = call(&app, &admin, "users", json!({})).await;
    let developer = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == demo_email(Role::Developer))
        .unwrap()
        .clone();
    call(
        &app,
        &admin,
        "users_set_roles",
        json!({ "user_id": developer["id"], "roles": ["GlobalAdmin", "Developer"],
                "version": developer["version"] }),
    )
    .await;
    let contoso_id = partner_id(&app, &admin).await;
    let merge_id = invite(&app, &fabrikam_admin, &contoso_id).await;
    let answer = action_of(&app, &admin, "AnswerMergeInvitation").await;
    assert_eq!(answer["subject"], json!(merge_id));
    assert!(has_action(&app, &second_admin, "AnswerMergeInvitation").await);
    assert!(!has_action(&app, &account_admin, "AnswerMergeInvitation").await);
    assert!(!has_action(&app, &marketer, "AnswerMergeInvitation").await);
    assert!(!has_action(&app, &fabrikam_admin, "AnswerMergeInvitation").await);
    let before = call(&app, &admin, "notification_count", json!({})).await["actions"]
        .as_i64()
        .unwrap();
    // One Global admin archives it for themselves; the other still sees it.
    let archive = json!({ "kind": "AnswerMergeInvitation", "subject": merge_id });
    call(&app, &admin, "notification_action_archive", archive.clone()).await;
    assert!(!has_action(&app, &admin, "AnswerMergeInvitation").await);
    assert!(has_action(&app, &second_admin, "AnswerMergeInvitation").await);
    let after = call(&app, &admin, "notification_count", json!({})).await["actions"]
        .as_i64()
        .unwrap();
    assert_eq!(after, before - 1);
    // Archiving again is harmless; an action that is not there, or not theirs, is not found.
    call(&app, &admin, "notification_action_archive", archive.clone()).await;
    let r = app
        .call(
            &admin,
            "notification_action_archive",
            json!({ "kind": "AnswerMergeInvitation", "subject": merge_id + 1000 }),
        )
        .await;
    assert_eq!(
        refusal(r).await,
        (StatusCode::NOT_FOUND, ApiError::NotFound)
    );
    let r = app
        .call(&marketer, "notification_action_archive", archive.clone())
        .await;
    assert_eq!(
        refusal(r).await,
        (StatusCode::NOT_FOUND, ApiError::NotFound)
    );
    // Answered, it is gone for everyone.
    call(
        &app,
        &second_admin,
        "merge_decline",
        json!({ "merge_id": merge_id, "reason": "Not the same company." }),
    )
    .await;
    assert!(!has_action(&app, &second_admin, "AnswerMergeInvitation").await);

    // The platform reviewer has no actions of a partner account.
    assert_eq!(actions(&app, &reviewer).await, Vec::<Value>::new());
}

#[tokio::test]
async fn actions_appear_and_disappear_with_the_data_on_sqlite() {
    actions_follow_the_data(spawn_app(true).await).await;
}

#[tokio::test]
async fn actions_appear_and_disappear_with_the_data_on_postgresql() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        actions_follow_the_data(app).await;
    }
}

/// A company without a complete tax profile is told, and the action is mandatory.
#[tokio::test]
async fn a_company_without_a_tax_profile_is_asked_to_complete_it() {
    let app = spawn_app(true).await;
    let founder = common::browser();
    assert_eq!(
        app.sign_up(&founder, "ada@fabrikam-new.example")
            .await
            .status(),
        StatusCode::OK
    );
    let tax = action_of(&app, &founder, "CompleteTaxProfile").await;
    assert_eq!(tax["subject"], Value::Null);
    let r = app
        .call(
            &founder,
            "notification_action_archive",
            json!({ "kind": "CompleteTaxProfile", "subject": null }),
        )
        .await;
    assert_eq!(
        refusal(r).await.1,
        ApiError::Conflict(ConflictKind::ActionMandatory)
    );
    // Roles that do not edit payout and tax are not asked.
    let marketer = as_role(&app, Role::Marketer).await;
    assert!(!has_action(&app, &marketer, "CompleteTaxProfile").await);
}

/// Fabrikam's admins receive `rounds` × (invited, cancelled) merge notifications from Contoso.
/// Only verified companies merge: Fabrikam's verification is written approved directly (these
/// tests are about the notifications, which a reviewer's approval would add to).
async fn merge_notifications(app: &TestApp, rounds: usize) {
    sqlx::query(
        "INSERT INTO verification (account_id, status, version, updated_at) \
         SELECT account_id, 'verified', 1, 0 FROM users WHERE email = $1",
    )
    .bind(fabrikam(Role::GlobalAdmin))
    .execute(app.running.state.db.pool())
    .await
    .unwrap();
    let contoso = as_role(app, Role::GlobalAdmin).await;
    let fabrikam_admin = signed_in(app, &fabrikam(Role::GlobalAdmin)).await;
    let fabrikam_id = partner_id(app, &fabrikam_admin).await;
    for _ in 0..rounds {
        let id = invite(app, &contoso, &fabrikam_id).await;
        call(app, &contoso, "merge_cancel", json!({ "merge_id": id })).await;
    }
}

async fn paging_and_categories(app: TestApp) {
    let fabrikam_admin = signed_in(&app, &fabrikam(Role::GlobalAdmin)).await;
    // The demo's founders have their welcome notification.
    let seeded = unread(&app, &fabrikam_admin).await;
    merge_notifications(&app, 12).await;
    let total = seeded + 24;
    assert_eq!(unread(&app, &fabrikam_admin).await, total);

    // Twenty a page, newest first; the next page starts below the last id shown.
    let first = page(&app, &fabrikam_admin, Value::Null, Value::Null).await;
    let items = first["items"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    assert_eq!(first["more"], true);
    let ids: Vec<i64> = items.iter().map(|n| n["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");
    assert_eq!(items[0]["kind"], "MergeCancelled");
    assert_eq!(items[0]["read"], false);
    let second = page(
        &app,
        &fabrikam_admin,
        Value::Null,
        json!(ids.last().unwrap()),
    )
    .await;
    let rest: Vec<i64> = second["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert_eq!(rest.len() as i64, total - 20);
    assert_eq!(second["more"], false);
    assert!(rest.iter().all(|id| id < ids.last().unwrap()));

    // The filter is on the server: merges has them all, verification and billing none, account
    // only the welcome.
    let merges = page(&app, &fabrikam_admin, json!("Merges"), Value::Null).await;
    assert_eq!(merges["items"].as_array().unwrap().len(), 20);
    assert!(merges["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["kind"].as_str().unwrap().starts_with("Merge")));
    assert_eq!(merges["more"], true);
    let account = page(&app, &fabrikam_admin, json!("Account"), Value::Null).await;
    assert!(account["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["kind"] == "Welcome"));
    for other in ["Verification", "Billing"] {
        let none = page(&app, &fabrikam_admin, json!(other), Value::Null).await;
        assert_eq!(none, json!({ "items": [], "more": false }), "{other}");
    }
    let r = app
        .call(
            &fabrikam_admin,
            "notifications",
            json!({ "category": "Gossip" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // Marking all read in one category leaves the others as they were.
    assert_eq!(
        call(
            &app,
            &fabrikam_admin,
            "notifications_read",
            json!({ "category": "Verification" })
        )
        .await,
        json!(total)
    );
    assert_eq!(
        call(
            &app,
            &fabrikam_admin,
            "notifications_read",
            json!({ "category": "Merges" })
        )
        .await,
        json!(seeded)
    );
}

#[tokio::test]
async fn notifications_are_paged_and_filtered_by_category_on_sqlite() {
    paging_and_categories(spawn_app(true).await).await;
}

#[tokio::test]
async fn notifications_are_paged_and_filtered_by_category_on_postgresql() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        paging_and_categories(app).await;
    }
}

async fn only_their_own(app: TestApp) {
    let fabrikam_admin = signed_in(&app, &fabrikam(Role::GlobalAdmin)).await;
    let fabrikam_account_admin = signed_in(&app, &fabrikam(Role::AccountAdmin)).await;
    let (seeded, seeded_theirs) = (
        unread(&app, &fabrikam_admin).await,
        unread(&app, &fabrikam_account_admin).await,
    );
    merge_notifications(&app, 1).await;
    let contoso = signed_in(&app, &demo_email(Role::GlobalAdmin)).await;
    let merges = || json!("Merges");
    let mine = page(&app, &fabrikam_admin, merges(), Value::Null).await;
    let ids: Vec<i64> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    // Each user lists only their own (the Account admin was told too, in their own rows).
    let theirs = page(&app, &fabrikam_account_admin, merges(), Value::Null).await;
    assert_eq!(theirs["items"].as_array().unwrap().len(), 2);
    assert!(theirs["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| !ids.contains(&n["id"].as_i64().unwrap())));

    // Marking one read answers the unread left; again is harmless.
    assert_eq!(
        call(
            &app,
            &fabrikam_admin,
            "notification_mark_read",
            json!({ "id": ids[0] })
        )
        .await,
        json!(seeded + 1)
    );
    assert_eq!(
        call(
            &app,
            &fabrikam_admin,
            "notification_mark_read",
            json!({ "id": ids[0] })
        )
        .await,
        json!(seeded + 1)
    );
    let after = page(&app, &fabrikam_admin, merges(), Value::Null).await;
    assert_eq!(after["items"][0]["read"], true);
    assert_eq!(after["items"][1]["read"], false);

    // Someone else's notification, in the same account or another, is not found and stays
    // unread.
    for other in [&fabrikam_account_admin, &contoso] {
        let r = app
            .call(other, "notification_mark_read", json!({ "id": ids[1] }))
            .await;
        assert_eq!(
            refusal(r).await,
            (StatusCode::NOT_FOUND, ApiError::NotFound)
        );
    }
    assert_eq!(unread(&app, &fabrikam_admin).await, seeded + 1);
    assert_eq!(
        unread(&app, &fabrikam_account_admin).await,
        seeded_theirs + 2
    );
    // Marking all read is the caller's own: the others' stay unread.
    assert_eq!(
        call(&app, &fabrikam_admin, "notifications_read", json!({})).await,
        json!(0)
    );
    assert_eq!(
        unread(&app, &fabrikam_account_admin).await,
        seeded_theirs + 2
    );
}

#[tokio::test]
async fn a_user_reads_only_their_own_notifications_on_sqlite() {
    only_their_own(spawn_app(true).await).await;
}

#[tokio::test]
async fn a_user_reads_only_their_own_notifications_on_postgresql() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        only_their_own(app).await;
    }
}
