//! My preferences over real HTTP: a new notification email is used only once confirmed (read
//! from the outbox), expired and used links say so, each category's channel decides bell and
//! email, the alternate email is refused at onmicrosoft.com and free-mail providers whatever the
//! browser sends, and nobody reads or changes another user's preferences.

mod common;

use backend::seed::{demo_email, REVIEWER_EMAIL};
use common::{browser, mailed_token, signed_in, spawn_app, spawn_app_on_postgres, TestApp};
use domain::error::ConflictKind;
use domain::{ApiError, Field, Invalid, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn get(app: &TestApp, client: &Client, function: &str) -> Value {
    let r = app.call(client, function, json!({})).await;
    assert_eq!(r.status(), StatusCode::OK, "{function}");
    r.json().await.unwrap()
}

/// The caller's own address of `purpose` waiting for confirmation (null: none).
async fn pending(app: &TestApp, client: &Client, purpose: &str) -> Value {
    let r = app
        .call(client, "preferences_pending", json!({ "purpose": purpose }))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{purpose}");
    r.json().await.unwrap()
}

/// Every message of the outbox, newest first.
async fn outbox(app: &TestApp) -> Vec<Value> {
    common::outbox(app).await
}

/// How many verification notices went to `to`.
async fn verification_mail_to(app: &TestApp, to: &str) -> usize {
    outbox(app)
        .await
        .iter()
        .filter(|m| {
            let body = m["body"].as_str().unwrap();
            m["to"] == to && (body.contains("Action required") || body.contains("Action requise"))
        })
        .count()
}

/// The Global admin's bell: how many verification notifications it holds.
async fn verification_bell(app: &TestApp, client: &Client) -> usize {
    get(app, client, "notifications").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "VerificationUpdated")
        .count()
}

/// Fabrikam's verification and a reviewer, to cause notices to its Global admins (the demo's
/// Contoso is verified already; Fabrikam has not submitted).
struct Notices {
    partner: Client,
    reviewer: Client,
    account_id: Value,
}

impl Notices {
    async fn new(app: &TestApp) -> Notices {
        let partner = signed_in(app, "account-admin@fabrikam.example").await;
        let reviewer = signed_in(app, REVIEWER_EMAIL).await;
        let r = app
            .call(&partner, "verification_step", json!({ "step": "Submit" }))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let queue = get(app, &reviewer, "review_queue").await;
        let account_id = queue
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["legal_name"] == "Fabrikam SAS")
            .expect("Fabrikam waits")["account_id"]
            .clone();
        Notices {
            partner,
            reviewer,
            account_id,
        }
    }

    /// One reviewer step (a question), which tells the Global admins; the partner answers so
    /// that the next question can follow.
    async fn one(&self, app: &TestApp) {
        let ask = app
            .call(
                &self.reviewer,
                "review_step",
                json!({ "account_id": self.account_id, "step": { "RequestInformation": { "reason": "Send the certificate" } } }),
            )
            .await;
        assert_eq!(ask.status(), StatusCode::OK);
        let answer = app
            .call(
                &self.partner,
                "verification_step",
                json!({ "step": { "Answer": { "message": "Sent" } } }),
            )
            .await;
        assert_eq!(answer.status(), StatusCode::OK);
    }
}

async fn save_contact(app: &TestApp, client: &Client, email: &str, language: &str) -> Value {
    let version = get(app, client, "preferences_contact").await["version"].clone();
    let r = app
        .call(
            client,
            "preferences_contact_save",
            json!({ "form": { "notification_email": email, "job_title": "Finance lead", "email_language": language }, "version": version }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn confirm(app: &TestApp, token: &str) -> (StatusCode, Value) {
    let r = app
        .call(&browser(), "email_confirm", json!({ "token": token }))
        .await;
    (r.status(), r.json().await.unwrap())
}

fn refusal(kind: ConflictKind) -> (StatusCode, Value) {
    (
        StatusCode::CONFLICT,
        serde_json::to_value(ApiError::Conflict(kind)).unwrap(),
    )
}

async fn notification_email_round_trip(app: TestApp) {
    let sign_in = "global-admin@fabrikam.example".to_string();
    let admin = signed_in(&app, &sign_in).await;
    let notices = Notices::new(&app).await;
    let fresh = get(&app, &admin, "preferences_contact").await;
    assert_eq!(fresh["form"]["notification_email"], sign_in.as_str());
    assert_eq!(fresh["form"]["email_language"], "en");
    assert_eq!(fresh["version"], 0);

    // Saved but not confirmed: the sign-in email still gets the notices.
    let chosen = "ga.notices@contoso.example";
    let saved = save_contact(&app, &admin, chosen, "fr").await;
    assert_eq!(saved["form"]["notification_email"], sign_in.as_str());
    assert_eq!(saved["form"]["job_title"], "Finance lead");
    assert_eq!(
        pending(&app, &admin, "NotificationEmail").await["email"],
        chosen
    );
    notices.one(&app).await;
    assert_eq!(verification_mail_to(&app, &sign_in).await, 1);
    assert_eq!(verification_mail_to(&app, chosen).await, 0);

    // Confirmed: from now on the new address gets them, in the user's email language.
    let token = mailed_token(&app, chosen).await;
    let (status, confirmed) = confirm(&app, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(confirmed["purpose"], "NotificationEmail");
    assert_eq!(confirmed["email"], chosen);
    assert_eq!(
        pending(&app, &admin, "NotificationEmail").await,
        Value::Null
    );
    assert_eq!(
        get(&app, &admin, "preferences_contact").await["form"]["notification_email"],
        chosen
    );
    notices.one(&app).await;
    assert_eq!(verification_mail_to(&app, &sign_in).await, 1);
    assert_eq!(verification_mail_to(&app, chosen).await, 1);
    let newest_to_chosen = outbox(&app)
        .await
        .into_iter()
        .find(|m| m["to"] == chosen)
        .unwrap();
    assert_eq!(
        newest_to_chosen["subject"],
        "Paramètres partenaire : mise à jour de la vérification"
    );

    // A used link says so.
    assert_eq!(
        confirm(&app, &token).await,
        refusal(ConflictKind::ConfirmationUsed)
    );

    // An expired link says so, and a new one can be sent to the same address.
    let later = "ga.later@contoso.example";
    save_contact(&app, &admin, later, "en").await;
    let expired = mailed_token(&app, later).await;
    sqlx::query("UPDATE email_confirmations SET expires_at = 0 WHERE email = $1")
        .bind(later)
        .execute(app.running.state.db.pool())
        .await
        .unwrap();
    assert_eq!(
        confirm(&app, &expired).await,
        refusal(ConflictKind::ConfirmationExpired)
    );
    let renew = app
        .call(
            &browser(),
            "email_confirm_renew",
            json!({ "token": expired }),
        )
        .await;
    assert_eq!(renew.status(), StatusCode::OK);
    let renewed = mailed_token(&app, later).await;
    assert_ne!(renewed, expired);

    // Going back to the sign-in email needs no link and withdraws the pending one.
    save_contact(&app, &admin, &sign_in, "en").await;
    assert_eq!(
        pending(&app, &admin, "NotificationEmail").await,
        Value::Null
    );
    assert_eq!(
        confirm(&app, &renewed).await,
        refusal(ConflictKind::ConfirmationUnusable)
    );
    notices.one(&app).await;
    assert_eq!(verification_mail_to(&app, &sign_in).await, 2);
    assert_eq!(verification_mail_to(&app, chosen).await, 1);

    // Every step is in the audit log.
    let log: Vec<Value> = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "Notifications" }, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(log
        .iter()
        .any(|e| e["target"] == "notification email (confirmed by link)"
            && e["after"] == json!([{ "Text": chosen }])));
    assert!(log
        .iter()
        .any(|e| e["after"] == json!([{ "AwaitingConfirmation": chosen }])));
}

#[tokio::test]
async fn a_new_notification_email_is_used_only_once_confirmed_on_sqlite() {
    notification_email_round_trip(spawn_app(true).await).await;
}

#[tokio::test]
async fn a_new_notification_email_is_used_only_once_confirmed_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        notification_email_round_trip(app).await;
    }
}

fn channels(verification: &str) -> Value {
    let all = [
        "Account",
        "Users",
        "Verification",
        "Billing",
        "Programs",
        "Merges",
    ];
    Value::Array(
        all.iter()
            .map(|c| {
                let channel = if *c == "Verification" {
                    verification
                } else {
                    "Both"
                };
                json!({ "category": c, "channel": channel })
            })
            .collect(),
    )
}

async fn save_channels(app: &TestApp, client: &Client, form: Value) -> reqwest::Response {
    let version = get(app, client, "preferences_channels").await["version"].clone();
    app.call(
        client,
        "preferences_channels_save",
        json!({ "form": { "channels": form }, "version": version }),
    )
    .await
}

async fn channels_decide_bell_and_email(app: TestApp) {
    let sign_in = "global-admin@fabrikam.example".to_string();
    let admin = signed_in(&app, &sign_in).await;
    let notices = Notices::new(&app).await;

    // By default: both.
    notices.one(&app).await;
    assert_eq!(verification_bell(&app, &admin).await, 1);
    assert_eq!(verification_mail_to(&app, &sign_in).await, 1);

    // Email only: no new notification in the bell.
    assert_eq!(
        save_channels(&app, &admin, channels("Email"))
            .await
            .status(),
        StatusCode::OK
    );
    notices.one(&app).await;
    assert_eq!(verification_bell(&app, &admin).await, 1);
    assert_eq!(verification_mail_to(&app, &sign_in).await, 2);

    // Bell only: no new email.
    assert_eq!(
        save_channels(&app, &admin, channels("Bell")).await.status(),
        StatusCode::OK
    );
    notices.one(&app).await;
    assert_eq!(verification_bell(&app, &admin).await, 2);
    assert_eq!(verification_mail_to(&app, &sign_in).await, 2);

    let saved = get(&app, &admin, "preferences_channels").await;
    assert_eq!(saved["version"], 2);
    assert!(saved["form"]["channels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["category"] == "Verification" && c["channel"] == "Bell"));

    // "Neither" does not exist, and a form that leaves a category out (or names one twice)
    // is refused rather than read as silence.
    let none = save_channels(&app, &admin, channels("Neither")).await;
    assert_eq!(none.status(), StatusCode::BAD_REQUEST);
    let mut missing = channels("Both");
    missing.as_array_mut().unwrap().pop();
    let r = save_channels(&app, &admin, missing).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::NotificationChannels, Invalid::UnknownChoice)
    );

    // A stale version is refused with who saved.
    let stale = app
        .call(
            &admin,
            "preferences_channels_save",
            json!({ "form": { "channels": channels("Both") }, "version": 1 }),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert!(matches!(
        stale.json::<ApiError>().await.unwrap(),
        ApiError::Conflict(ConflictKind::Stale { by, .. }) if by == sign_in
    ));
}

#[tokio::test]
async fn each_categorys_channel_decides_bell_and_email_on_sqlite() {
    channels_decide_bell_and_email(spawn_app(true).await).await;
}

#[tokio::test]
async fn each_categorys_channel_decides_bell_and_email_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        channels_decide_bell_and_email(app).await;
    }
}

async fn save_alternate(app: &TestApp, client: &Client, email: &str) -> reqwest::Response {
    let version = get(app, client, "preferences_alternate").await["version"].clone();
    app.call(
        client,
        "preferences_alternate_save",
        json!({ "form": { "alternate_email": email }, "version": version }),
    )
    .await
}

async fn overdue_address(app: &TestApp, email: &str) -> Option<String> {
    let mut conn = app.running.state.db.pool().acquire().await.unwrap();
    let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    backend::preferences::overdue_address(&mut conn, user_id)
        .await
        .unwrap()
}

async fn alternate_email_rules(app: TestApp) {
    // Fabrikam's Billing admin starts without an alternate email (Contoso's demo one has one).
    let billing = "billing-admin@fabrikam.example".to_string();
    let client = signed_in(&app, &billing).await;
    assert_eq!(
        get(&app, &client, "preferences_alternate").await["form"]["alternate_email"],
        ""
    );
    for (address, reason) in [
        ("ap@contoso.onmicrosoft.com", Invalid::OnMicrosoftDomain),
        ("ap@EU.Contoso.OnMicrosoft.COM.", Invalid::OnMicrosoftDomain),
        (
            "ap@gmail.com",
            Invalid::FreeMailProvider {
                domain: "gmail.com".into(),
            },
        ),
        // Another company's domain (Contoso's), or one only resembling Fabrikam's own.
        (
            "ap@contoso.example",
            Invalid::NotOwnDomain {
                domain: "contoso.example".into(),
            },
        ),
        (
            "ap@notfabrikam.example",
            Invalid::NotOwnDomain {
                domain: "notfabrikam.example".into(),
            },
        ),
    ] {
        let r = save_alternate(&app, &client, address).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{address}");
        assert_eq!(
            r.json::<ApiError>().await.unwrap(),
            ApiError::invalid(Field::AlternateEmail, reason),
            "{address}"
        );
    }
    assert_eq!(overdue_address(&app, &billing).await, None);

    // A valid address is not used until its owner follows the link mailed to it.
    let chosen = "accounts.payable@fabrikam.example";
    let r = save_alternate(&app, &client, "Accounts.Payable@Fabrikam.example").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.unwrap()["form"]["alternate_email"],
        ""
    );
    assert_eq!(overdue_address(&app, &billing).await, None);
    assert_eq!(
        pending(&app, &client, "AlternateEmail").await["email"],
        chosen
    );
    let token = mailed_token(&app, chosen).await;
    let (status, confirmed) = confirm(&app, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(confirmed["purpose"], "AlternateEmail");
    assert_eq!(
        overdue_address(&app, &billing).await.as_deref(),
        Some(chosen)
    );
    assert_eq!(pending(&app, &client, "AlternateEmail").await, Value::Null);
    assert_eq!(
        get(&app, &client, "preferences_alternate").await["form"]["alternate_email"],
        chosen
    );
    // Saving the confirmed address again sends nothing.
    let links = outbox(&app)
        .await
        .iter()
        .filter(|m| m["to"] == chosen)
        .count();
    assert_eq!(
        save_alternate(&app, &client, chosen).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        outbox(&app)
            .await
            .iter()
            .filter(|m| m["to"] == chosen)
            .count(),
        links
    );

    // Another new address waits in turn; the confirmed one stays in use meanwhile.
    let r = save_alternate(&app, &client, "ap@fabrikam.example").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        overdue_address(&app, &billing).await.as_deref(),
        Some(chosen)
    );
    // Clearing it goes back to none (NULL), not an empty address, and withdraws the link.
    assert_eq!(
        save_alternate(&app, &client, " ").await.status(),
        StatusCode::OK
    );
    assert_eq!(overdue_address(&app, &billing).await, None);
    assert_eq!(pending(&app, &client, "AlternateEmail").await, Value::Null);
    let withdrawn = mailed_token(&app, "ap@fabrikam.example").await;
    assert_eq!(
        confirm(&app, &withdrawn).await,
        refusal(ConflictKind::ConfirmationUnusable)
    );

    // The company's own addresses are not managed from My preferences.
    let r = app
        .call(
            &client,
            "preferences_pending",
            json!({ "purpose": "PrimaryContact" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn alternate_emails_outside_the_organisation_are_refused_by_the_server_on_sqlite() {
    alternate_email_rules(spawn_app(true).await).await;
}

#[tokio::test]
async fn alternate_emails_outside_the_organisation_are_refused_by_the_server_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        alternate_email_rules(app).await;
    }
}

async fn preferences_are_private(app: TestApp) {
    let ada = signed_in(&app, &demo_email(Role::BillingAdmin)).await;
    let bob = signed_in(&app, &demo_email(Role::Developer)).await;
    let ada_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(demo_email(Role::BillingAdmin))
        .fetch_one(app.running.state.db.pool())
        .await
        .unwrap();
    assert_eq!(
        save_alternate(&app, &ada, "ada.billing@contoso.example")
            .await
            .status(),
        StatusCode::OK
    );
    save_contact(&app, &ada, "ada.notices@contoso.example", "fr").await;

    // Bob sees his own defaults, never Ada's values nor her pending address.
    let his = get(&app, &bob, "preferences_contact").await;
    assert_eq!(
        his["form"]["notification_email"],
        demo_email(Role::Developer).as_str()
    );
    assert_eq!(his["form"]["job_title"], "");
    assert_eq!(
        get(&app, &bob, "preferences_alternate").await["form"]["alternate_email"],
        ""
    );
    assert_eq!(pending(&app, &bob, "NotificationEmail").await, Value::Null);

    // Naming Ada's id changes nothing of hers: the session says whose preferences these are.
    let r = app
        .call(
            &bob,
            "preferences_alternate_save",
            json!({ "form": { "alternate_email": "bob@contoso.example" }, "version": 0, "user_id": ada_id }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        pending(&app, &bob, "AlternateEmail").await["email"],
        "bob@contoso.example"
    );
    // Ada's stays the demo's confirmed one, with her own new address pending.
    assert_eq!(
        get(&app, &ada, "preferences_alternate").await["form"]["alternate_email"],
        "accounts-payable@contoso.example"
    );
    assert_eq!(
        pending(&app, &ada, "AlternateEmail").await["email"],
        "ada.billing@contoso.example"
    );
    // Bob cannot cancel or resend Ada's pending address.
    assert_eq!(
        app.call(
            &bob,
            "preferences_pending_cancel",
            json!({ "purpose": "NotificationEmail" })
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            &bob,
            "preferences_pending_resend",
            json!({ "purpose": "NotificationEmail" })
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        pending(&app, &ada, "NotificationEmail").await["email"],
        "ada.notices@contoso.example"
    );
    // Signed out, nothing.
    assert_eq!(
        app.call(&browser(), "preferences_contact", json!({}))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_user_cannot_read_or_change_another_users_preferences_on_sqlite() {
    preferences_are_private(spawn_app(true).await).await;
}

#[tokio::test]
async fn a_user_cannot_read_or_change_another_users_preferences_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        preferences_are_private(app).await;
    }
}

async fn email_language_of(app: &TestApp, email: &str) -> domain::Locale {
    let mut conn = app.running.state.db.pool().acquire().await.unwrap();
    let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    backend::notifications::delivery(
        &mut conn,
        user_id,
        domain::model::NotificationCategory::Account,
    )
    .await
    .unwrap()
    .language
}

/// The interface language is kept with the user: `me` answers it on any device, and their
/// emails use it until they choose an email language of their own.
async fn the_language_is_the_users(app: TestApp) {
    let email = "developer@fabrikam.example";
    let client = signed_in(&app, email).await;
    assert_eq!(get(&app, &client, "me").await["language"], Value::Null);
    assert_eq!(email_language_of(&app, email).await, domain::Locale::En);

    let r = app
        .call(&client, "me_language", json!({ "language": "Fr" }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let elsewhere = signed_in(&app, email).await;
    assert_eq!(get(&app, &elsewhere, "me").await["language"], "Fr");
    assert_eq!(email_language_of(&app, email).await, domain::Locale::Fr);
    assert_eq!(
        get(&app, &elsewhere, "preferences_contact").await["form"]["email_language"],
        "fr"
    );

    // An email language saved under My preferences wins over the interface's.
    save_contact(&app, &client, email, "en").await;
    assert_eq!(email_language_of(&app, email).await, domain::Locale::En);

    // Only a signed-in user has a language to keep.
    let r = app
        .call(&browser(), "me_language", json!({ "language": "Fr" }))
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_language_is_the_users_on_sqlite() {
    the_language_is_the_users(spawn_app(true).await).await;
}

#[tokio::test]
async fn the_language_is_the_users_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        the_language_is_the_users(app).await;
    }
}
