//! Payout account and billing information over HTTP, on SQLite and PostgreSQL: bank numbers
//! never leave the server unmasked (every payout server function's answer, the reviewer's, the
//! audit log, the bell and the mail are read), nor sit in the database file in clear; changing
//! the payout account needs the password again; a platform reviewer approves or asks for
//! action (a partner cannot); Global and Billing admins are told; the catalogue's roles.

mod common;

use backend::seed::{demo_email, DEMO_PASSWORD, REVIEWER_EMAIL};
use backend::testing::fresh_sqlite_url;
use common::{
    as_role, browser, signed_in, spawn_app, spawn_app_on_postgres, spawn_app_with, TestApp,
};
use domain::error::ConflictKind;
use domain::{ApiError, Field, Invalid, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const IBAN: &str = "FR7630006000011234567890189";
const IBAN_SPACED: &str = "FR76 3000 6000 0112 3456 7890 189";
const US_ACCOUNT: &str = "123456789012";

fn iban_form() -> Value {
    json!({ "holder": "Contoso Ltd", "bank_country": "FR", "iban": IBAN_SPACED, "bic": "AGRIFRPP",
            "routing": "", "account_number": "", "currency": "EUR" })
}

fn us_form() -> Value {
    json!({ "holder": "Contoso Ltd", "bank_country": "US", "iban": "", "bic": "",
            "routing": "011000015", "account_number": US_ACCOUNT, "currency": "USD" })
}

fn billing_form(po: &str) -> Value {
    json!({ "address": { "country": "FR", "street": "1 rue de la Paix", "city": "Paris",
                         "region": "", "postal_code": "75002" },
            "email": "billing@contoso.example", "purchase_order": po })
}

/// Every answer read during a test, to check at the end that none holds a bank number.
#[derive(Default)]
struct Seen(Vec<String>);

impl Seen {
    async fn call(
        &mut self,
        app: &TestApp,
        client: &Client,
        f: &str,
        args: Value,
    ) -> (StatusCode, Value) {
        let response = app.call(client, f, args).await;
        let status = response.status();
        let body = response.text().await.unwrap();
        self.0.push(body.clone());
        (status, serde_json::from_str(&body).unwrap_or(Value::Null))
    }

    fn assert_no_bank_number(&self) {
        for body in &self.0 {
            for secret in [
                IBAN,
                IBAN_SPACED,
                "30006000011234567890",
                US_ACCOUNT,
                "1234 5678 9012",
            ] {
                assert!(!body.contains(secret), "{secret} in {body}");
            }
        }
    }
}

fn error(body: Value) -> ApiError {
    serde_json::from_value(body).expect("an ApiError")
}

async fn reviewer(app: &TestApp) -> Client {
    signed_in(app, REVIEWER_EMAIL).await
}

/// The whole journey, run on either database.
async fn payout_journey(app: &TestApp) {
    let mut seen = Seen::default();
    let billing = as_role(app, Role::BillingAdmin).await;
    let (status, view) = seen.call(app, &billing, "payout", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["configured"], true);
    assert_eq!(view["current"], Value::Null);
    assert_eq!(view["version"], 0);

    // A new IBAN, confirmed with the password: pending, masked.
    let (status, view) = seen
        .call(
            app,
            &billing,
            "payout_change",
            json!({ "form": iban_form(), "password": DEMO_PASSWORD, "version": 0 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["pending"]["status"], "Pending");
    assert_eq!(view["pending"]["last4"], "0189");
    assert_eq!(view["pending"]["bic"], "AGRIFRPP");
    assert_eq!(view["current"], Value::Null);
    assert_eq!(view["version"], 1);
    let first_id = view["pending"]["id"].as_i64().unwrap();

    // Global and Billing admins are told, in the bell and by mail; a Marketer is not.
    for role in [Role::GlobalAdmin, Role::BillingAdmin] {
        let client = as_role(app, role).await;
        let (_, list) = seen.call(app, &client, "notifications", json!({})).await;
        assert!(
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["kind"] == "PayoutAccountChanged"),
            "{role:?}: {list}"
        );
    }
    let marketer = as_role(app, Role::Marketer).await;
    let (_, list) = seen.call(app, &marketer, "notifications", json!({})).await;
    assert!(!list.to_string().contains("PayoutAccount"));
    // The demo mailbox, as a user of the account the mail is about.
    let (_, mail) = seen.call(app, &billing, "mailbox", json!({})).await;
    for role in [Role::GlobalAdmin, Role::BillingAdmin] {
        assert!(
            mail.as_array()
                .unwrap()
                .iter()
                .any(|m| m["to"] == demo_email(role)
                    && m["subject"]
                        .as_str()
                        .unwrap()
                        .contains("new payout account")
                    && m["body"].as_str().unwrap().contains("•••• 0189")),
            "{role:?}"
        );
    }
    assert!(!mail.to_string().contains(&demo_email(Role::Marketer)));

    // A partner cannot validate its own account, nor see the queue.
    let admin = as_role(app, Role::GlobalAdmin).await;
    let (status, _) = seen
        .call(
            app,
            &admin,
            "payout_review",
            json!({ "payout_id": first_id, "decision": "Approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = seen
        .call(app, &admin, "payout_review_queue", json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The reviewer sees it masked and approves it.
    let reviewer = reviewer(app).await;
    let (status, queue) = seen
        .call(app, &reviewer, "payout_review_queue", json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let item = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["payout"]["id"] == first_id)
        .expect("the new account is in the queue");
    assert_eq!(item["legal_name"], "Contoso Ltd");
    assert_eq!(item["payout"]["last4"], "0189");
    let (status, decided) = seen
        .call(
            app,
            &reviewer,
            "payout_review",
            json!({ "payout_id": first_id, "decision": "Approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["status"], "Approved");
    let (status, again) = seen
        .call(
            app,
            &reviewer,
            "payout_review",
            json!({ "payout_id": first_id, "decision": "Approve" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        error(again),
        ApiError::Conflict(ConflictKind::PayoutNotPending)
    );
    let (_, view) = seen.call(app, &billing, "payout", json!({})).await;
    assert_eq!(view["current"]["status"], "Approved");
    assert_eq!(view["current"]["last4"], "0189");
    assert_eq!(view["pending"], Value::Null);

    // A domestic account (US) entered next: payouts keep going to the approved IBAN.
    let (status, view) = seen
        .call(
            app,
            &billing,
            "payout_change",
            json!({ "form": us_form(), "password": DEMO_PASSWORD, "version": 1 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["current"]["last4"], "0189");
    assert_eq!(view["pending"]["last4"], "9012");
    assert_eq!(view["pending"]["scheme"], "Domestic");
    let second_id = view["pending"]["id"].as_i64().unwrap();
    // Opened before that change: refused, nothing replaced.
    let (status, stale) = seen
        .call(
            app,
            &admin,
            "payout_change",
            json!({ "form": iban_form(), "password": DEMO_PASSWORD, "version": 1 }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(matches!(
        error(stale),
        ApiError::Conflict(ConflictKind::Stale { .. })
    ));

    // Action required needs a reason, beside the reason field.
    let (status, refused) = seen
        .call(
            app,
            &reviewer,
            "payout_review",
            json!({ "payout_id": second_id, "decision": { "ActionRequired": { "reason": " " } } }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error(refused),
        ApiError::invalid(Field::Message, Invalid::Required)
    );
    let (status, decided) = seen
        .call(app, &reviewer, "payout_review",
            json!({ "payout_id": second_id, "decision": { "ActionRequired": { "reason": "The holder must be the legal entity" } } }))
        .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    let (_, view) = seen.call(app, &billing, "payout", json!({})).await;
    assert_eq!(view["current"]["last4"], "0189");
    assert_eq!(view["pending"]["status"], "ActionRequired");
    assert_eq!(
        view["pending"]["reason"],
        "The holder must be the legal entity"
    );
    let (_, list) = seen.call(app, &billing, "notifications", json!({})).await;
    let kinds = list.to_string();
    assert!(
        kinds.contains("PayoutAccountApproved") && kinds.contains("PayoutAccountActionRequired")
    );

    // The Financial contributor sees both, masked, and cannot change them.
    let financial = as_role(app, Role::FinancialContributor).await;
    let (status, view) = seen.call(app, &financial, "payout", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["current"]["last4"], "0189");
    let (status, _) = seen
        .call(
            app,
            &financial,
            "payout_change",
            json!({ "form": iban_form(), "password": DEMO_PASSWORD, "version": 2 }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The audit log names the accounts by their last four characters only.
    let (_, log) = seen
        .call(
            app,
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "PayoutTax" }, "from": null, "to": null } }),
        )
        .await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "PayoutAccountSubmitted",
        "PayoutAccountApproved",
        "PayoutAccountActionRequired",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    assert!(log.to_string().contains("•••• 0189"));
    let (_, mail) = seen.call(app, &billing, "mailbox", json!({})).await;
    assert!(mail.to_string().contains("•••• 9012"));

    seen.assert_no_bank_number();
}

#[tokio::test]
async fn bank_details_never_leave_the_server_unmasked_and_a_reviewer_decides() {
    let app = spawn_app(true).await;
    payout_journey(&app).await;
}

#[tokio::test]
async fn the_same_journey_works_on_postgresql() {
    let Some(app) = spawn_app_on_postgres(true).await else {
        return;
    };
    payout_journey(&app).await;
}

#[tokio::test]
async fn the_database_file_does_not_hold_bank_numbers_in_clear() {
    let url = fresh_sqlite_url();
    let app = spawn_app_with(url.clone(), true).await;
    let billing = as_role(&app, Role::BillingAdmin).await;
    for (form, version) in [(iban_form(), 0), (us_form(), 1)] {
        let r = app
            .call(
                &billing,
                "payout_change",
                json!({ "form": form, "password": DEMO_PASSWORD, "version": version }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    // The numbers can still be opened on the server, with the key kept next to the file.
    let db = backend::open(&url).await.unwrap();
    let key_path = backend::payout::demo_key_path(&url);
    let key = backend::payout::PayoutKey::load_or_create(&key_path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let reviewer = reviewer(&app).await;
    let queue: Value = app
        .call(&reviewer, "payout_review_queue", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let id = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["legal_name"] == "Contoso Ltd")
        .unwrap()["payout"]["id"]
        .clone();
    let r = app
        .call(
            &reviewer,
            "payout_review",
            json!({ "payout_id": id, "decision": "Approve" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let account_id: i64 =
        sqlx::query_scalar("SELECT account_id FROM payout_accounts WHERE status = 'approved'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    let opened = backend::payout::approved_bank_details(&db, &key, account_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(opened.last4().as_str(), "9012");
    assert!(serde_json::to_string(&opened).unwrap().contains(US_ACCOUNT));

    // Checkpoint the write-ahead log into the file, then read the file and what is left of the log.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(db.pool())
        .await
        .unwrap();
    let path = url.trim_start_matches("sqlite://");
    let mut bytes = std::fs::read(path).unwrap();
    bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    let holds = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(holds("Contoso Ltd"), "the file is readable as text at all");
    for secret in [IBAN, "30006000011234567890", US_ACCOUNT, "011000015"] {
        assert!(!holds(secret), "{secret} is in the database file in clear");
    }
}

#[tokio::test]
async fn changing_the_payout_account_needs_the_password_again() {
    let app = spawn_app(true).await;
    let billing = as_role(&app, Role::BillingAdmin).await;
    let change = |password: &'static str| {
        let (app, billing) = (&app, &billing);
        async move {
            app.call(
                billing,
                "payout_change",
                json!({ "form": iban_form(), "password": password, "version": 0 }),
            )
            .await
        }
    };
    let r = change("").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::Password, Invalid::Required)
    );
    let r = app
        .call(
            &billing,
            "payout_change",
            json!({ "form": iban_form(), "version": 0 }),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::BAD_REQUEST,
        "no password at all is a malformed call"
    );
    let r = change("not-my-password").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::Password, Invalid::PasswordIncorrect)
    );
    // Nothing was saved, nobody was told, and the failure is in the audit log.
    let view: Value = app
        .call(&billing, "payout", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["pending"], Value::Null);
    assert_eq!(view["version"], 0);
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let list: Value = app
        .call(&admin, "notifications", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert!(!list.to_string().contains("PayoutAccountChanged"));
    let log: Value = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "PayoutTax" }, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log[0]["action"], "ReauthenticationFailed");
    // Throttled like sign-in: after five wrong passwords even the right one waits.
    for _ in 0..4 {
        assert_eq!(
            change("still-not-it").await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let r = change(DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_wrong_iban_is_refused_beside_its_field_and_nothing_is_saved() {
    let app = spawn_app(true).await;
    let billing = as_role(&app, Role::BillingAdmin).await;
    let mut form = iban_form();
    form["iban"] = json!("FR7630006000011234567890188");
    let r = app
        .call(
            &billing,
            "payout_change",
            json!({ "form": form, "password": DEMO_PASSWORD, "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::Iban, Invalid::IbanChecksum)
    );
    let view: Value = app
        .call(&billing, "payout", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["version"], 0);
}

#[tokio::test]
async fn billing_information_is_checked_versioned_audited_and_completes_the_payout_profile() {
    let url = fresh_sqlite_url();
    let app = spawn_app_with(url.clone(), true).await;
    let billing = as_role(&app, Role::BillingAdmin).await;
    let r = app
        .call(
            &billing,
            "billing_save",
            json!({ "form": billing_form("PO 2026"), "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::PurchaseOrder, Invalid::PurchaseOrderFormat)
    );
    let mut bad_address = billing_form("");
    bad_address["address"]["postal_code"] = json!("7500");
    let r = app
        .call(
            &billing,
            "billing_save",
            json!({ "form": bad_address, "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(matches!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::Validation {
            field: Field::PostalCode,
            ..
        }
    ));

    let db = backend::open(&url).await.unwrap();
    let account_id: i64 =
        sqlx::query_scalar("SELECT id FROM accounts WHERE legal_name = 'Contoso Ltd'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    let complete = || async {
        let mut conn = db.pool().acquire().await.unwrap();
        backend::payout::payout_complete(&mut conn, account_id)
            .await
            .unwrap()
    };
    assert!(!complete().await);

    let r = app
        .call(
            &billing,
            "billing_save",
            json!({ "form": billing_form("PO-2026/114"), "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let saved: Value = r.json().await.unwrap();
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["form"]["purchase_order"], "PO-2026/114");
    let stale = app
        .call(
            &billing,
            "billing_save",
            json!({ "form": billing_form(""), "version": 0 }),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert!(
        !complete().await,
        "billing saved, but no approved payout account yet"
    );

    let r = app
        .call(
            &billing,
            "payout_change",
            json!({ "form": iban_form(), "password": DEMO_PASSWORD, "version": 0 }),
        )
        .await;
    let id = r.json::<Value>().await.unwrap()["pending"]["id"].clone();
    assert!(!complete().await, "pending is not approved");
    let reviewer = reviewer(&app).await;
    app.call(
        &reviewer,
        "payout_review",
        json!({ "payout_id": id, "decision": "Approve" }),
    )
    .await;
    assert!(complete().await);

    let financial = as_role(&app, Role::FinancialContributor).await;
    let seen: Value = app
        .call(&financial, "billing", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["form"]["email"], "billing@contoso.example");
    assert_eq!(
        app.call(
            &financial,
            "billing_save",
            json!({ "form": billing_form(""), "version": 1 })
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let log: Value = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "PayoutTax" }, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(log
        .to_string()
        .contains(r#"{"Field":["PurchaseOrder",{"Text":"PO-2026/114"#));
}

#[tokio::test]
async fn only_the_catalogues_roles_reach_the_payout_page() {
    let app = spawn_app(true).await;
    for role in [
        Role::GlobalAdmin,
        Role::BillingAdmin,
        Role::FinancialContributor,
        Role::AccountAdmin,
    ] {
        let client = as_role(&app, role).await;
        for f in ["payout", "billing"] {
            assert_eq!(
                app.call(&client, f, json!({})).await.status(),
                StatusCode::OK,
                "{role:?} {f}"
            );
        }
    }
    for role in [Role::Marketer, Role::Developer, Role::ReportViewer] {
        let client = as_role(&app, role).await;
        for f in [
            "payout",
            "billing",
            "payout_change",
            "billing_save",
            "payout_review_queue",
        ] {
            assert_eq!(
                app.call(&client, f, json!({})).await.status(),
                StatusCode::FORBIDDEN,
                "{role:?} {f}"
            );
        }
    }
    let account_admin = as_role(&app, Role::AccountAdmin).await;
    let r = app
        .call(
            &account_admin,
            "payout_change",
            json!({ "form": iban_form(), "password": DEMO_PASSWORD, "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn without_a_key_and_without_the_demo_the_payout_account_cannot_be_saved() {
    let app = spawn_app(false).await;
    let client = browser();
    app.sign_up(&client, "ada@fabrikam.example").await;
    let view: Value = app
        .call(&client, "payout", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["configured"], false);
    let r = app
        .call(
            &client,
            "payout_change",
            json!({ "form": iban_form(), "password": "analytical engine 1843", "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.json::<ApiError>().await.unwrap(), ApiError::Unavailable);
    let view: Value = app
        .call(&client, "payout", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["version"], 0);
    // Billing information needs no key.
    let r = app
        .call(
            &client,
            "billing_save",
            json!({ "form": billing_form(""), "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_configured_key_is_used_without_the_demo() {
    let (_, key) = backend::payout::PayoutKey::generate();
    let app =
        common::spawn_app_configured(fresh_sqlite_url(), false, |c| c.payout_key = Some(key)).await;
    let client = browser();
    app.sign_up(&client, "ada@fabrikam.example").await;
    let r = app
        .call(
            &client,
            "payout_change",
            json!({ "form": iban_form(), "password": "analytical engine 1843", "version": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["configured"], true);
}
