//! The tax profile over HTTP: the VAT registry adapter against a local fake of VIES (valid,
//! invalid, down, too slow), certificate uploads (size and type from the content), expiry
//! reminders sent once even when two servers run the job at once, and who may do what.

mod common;

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode as AxumStatus;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use backend::tax::registry::{HttpVatRegistry, VatRegistry, Verdict};
use common::{
    as_role, browser, download, error_of, ok_json, signed_in, spawn_app, spawn_app_configured,
    spawn_app_on_postgres, TestApp, PDF, PNG,
};
use domain::error::ConflictKind;
use domain::files::encode_base64;
use domain::tax::certificate::{date_of, MAX_CERTIFICATE_BYTES};
use domain::tax::VatId;
use domain::{ApiError, Field, Invalid, Role};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Contoso's SIRET and its VAT ID (both made up, with valid check digits).
const SIRET: &str = "842 107 534 00013";
const VAT: &str = "FR03842107534";
/// A VAT ID of a valid format that the fake registry does not know.
const UNKNOWN_VAT: &str = "FR40303265045";

// --- A local fake of the VIES REST service -------------------------------------------------

const UP: u8 = 0;
/// Answers 500 with VIES's `errorWrappers` (`MS_UNAVAILABLE`).
const DOWN: u8 = 1;
/// Answers 200 but with `userError: MS_MAX_CONCURRENT_REQ` and `valid: false`: not a verdict.
const BUSY: u8 = 2;
/// Answers after three seconds.
const SLOW: u8 = 3;

#[derive(Clone, Default)]
struct FakeVies {
    mode: Arc<AtomicU8>,
    asked: Arc<Mutex<Vec<Value>>>,
}

impl FakeVies {
    fn set(&self, mode: u8) {
        self.mode.store(mode, Ordering::SeqCst);
    }
    fn asked(&self) -> Vec<Value> {
        self.asked.lock().unwrap().clone()
    }
}

async fn fake_vies() -> (String, FakeVies) {
    let fake = FakeVies::default();
    let routes = Router::new()
        .route("/check-vat-number", post(vies_answer))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/rest-api", listener.local_addr().unwrap());
    let routes = Router::new().nest("/rest-api", routes);
    tokio::spawn(async move { axum::serve(listener, routes).await });
    (url, fake)
}

async fn vies_answer(State(fake): State<FakeVies>, Json(asked): Json<Value>) -> Response {
    fake.asked.lock().unwrap().push(asked.clone());
    let (country, number) = (asked["countryCode"].clone(), asked["vatNumber"].clone());
    match fake.mode.load(Ordering::SeqCst) {
        DOWN => (
            AxumStatus::INTERNAL_SERVER_ERROR,
            Json(json!({ "actionSucceed": false, "errorWrappers": [
                { "error": "MS_UNAVAILABLE", "message": "The member state service is unavailable" }
            ]})),
        )
            .into_response(),
        BUSY => Json(json!({
            "countryCode": country, "vatNumber": number, "valid": false,
            "userError": "MS_MAX_CONCURRENT_REQ", "name": "---", "address": "---"
        }))
        .into_response(),
        mode => {
            if mode == SLOW {
                tokio::time::sleep(Duration::from_secs(3)).await;
            }
            let known = country == "FR" && number == "03842107534";
            Json(json!({
                "countryCode": country, "vatNumber": number,
                "requestDate": "2026-11-26T10:00:00.000Z", "valid": known,
                "requestIdentifier": "", "userError": if known { "VALID" } else { "INVALID" },
                "name": if known { "CONTOSO LTD" } else { "---" },
                "address": if known { "12 RUE DE LA PAIX\n75002 PARIS" } else { "---" },
                "traderName": "---", "traderCompanyType": "---"
            }))
            .into_response()
        }
    }
}

// --- Helpers ----------------------------------------------------------------------------------

async fn save(
    app: &TestApp,
    client: &reqwest::Client,
    tax_id: &str,
    vat_id: &str,
    version: i64,
) -> reqwest::Response {
    app.call(
        client,
        "tax_profile_save",
        json!({ "form": { "tax_id": tax_id, "vat_id": vat_id }, "version": version }),
    )
    .await
}

fn in_days(days: i64) -> String {
    date_of(backend::now() + days * 86_400)
}

async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    file_name: &str,
    content: &[u8],
    expires_on: &str,
) -> reqwest::Response {
    app.call(
        client,
        "tax_certificate_upload",
        json!({ "upload": {
            "details": { "region": "Texas", "expires_on": expires_on },
            "file_name": file_name,
            "content_base64": encode_base64(content),
        }}),
    )
    .await
}

async fn completeness(app: &TestApp) -> bool {
    let db = &app.running.state.db;
    let account_id: i64 = sqlx::query_scalar("SELECT account_id FROM users WHERE email = $1")
        .bind(backend::seed::demo_email(Role::BillingAdmin))
        .fetch_one(db.pool())
        .await
        .unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    backend::tax::tax_profile_complete(&mut conn, account_id)
        .await
        .unwrap()
}

// --- The VAT registry -------------------------------------------------------------------------

/// A Billing admin saves Contoso's SIRET and VAT ID; the registry's verdict comes back with the
/// name it gives; an unknown VAT ID is saved as not valid; when the registry is down (an error
/// status or a `userError`) the profile is saved all the same, "not checked yet", and "check
/// again" succeeds once it is back.
async fn vat_ids_are_checked_with_the_registry(app: TestApp, fake: FakeVies) {
    let billing = as_role(&app, Role::BillingAdmin).await;
    assert!(!completeness(&app).await);

    let saved = ok_json(save(&app, &billing, SIRET, "fr 03 842 107 534", 0).await).await;
    assert_eq!(saved["record"]["form"]["tax_id"], "84210753400013");
    assert_eq!(saved["record"]["form"]["vat_id"], VAT);
    assert_eq!(saved["record"]["version"], 1);
    assert_eq!(saved["vat"]["status"], "Valid");
    assert_eq!(saved["vat"]["name"], "CONTOSO LTD");
    assert_eq!(saved["vat"]["address"], "12 RUE DE LA PAIX\n75002 PARIS");
    assert!(saved["vat"]["checked_at"].as_i64().unwrap() > 0);
    assert_eq!(saved["complete"], true);
    assert_eq!(
        fake.asked(),
        vec![json!({ "countryCode": "FR", "vatNumber": "03842107534" })]
    );
    assert!(completeness(&app).await);

    // Saving again with the same VAT ID keeps the verdict without asking again.
    let same = ok_json(save(&app, &billing, "842107534", VAT, 1).await).await;
    assert_eq!(same["vat"]["status"], "Valid");
    assert_eq!(fake.asked().len(), 1);

    let unknown = ok_json(save(&app, &billing, SIRET, UNKNOWN_VAT, 2).await).await;
    assert_eq!(unknown["vat"]["status"], "Invalid");
    assert_eq!(unknown["vat"]["name"], "");
    assert_eq!(unknown["complete"], false);

    for trouble in [DOWN, BUSY] {
        fake.set(trouble);
        let version = ok_json(app.call(&billing, "tax_profile", json!({})).await).await["record"]
            ["version"]
            .as_i64()
            .unwrap();
        let kept = ok_json(save(&app, &billing, SIRET, VAT, version).await).await;
        assert_eq!(
            kept["record"]["form"]["vat_id"], VAT,
            "nothing typed is lost"
        );
        assert_eq!(kept["vat"]["status"], "NotChecked");
        assert_eq!(kept["vat"]["checked_at"], Value::Null);
        assert_eq!(kept["complete"], false);
        assert!(!completeness(&app).await);
        assert_eq!(
            error_of(app.call(&billing, "tax_vat_check", json!({})).await).await,
            (StatusCode::SERVICE_UNAVAILABLE, ApiError::Unavailable)
        );
        fake.set(UP);
        let checked = ok_json(app.call(&billing, "tax_vat_check", json!({})).await).await;
        assert_eq!(checked["vat"]["status"], "Valid");
        assert_eq!(checked["complete"], true);
        // A valid profile again, then the next trouble: change the VAT ID to have it asked.
        ok_json(save(&app, &billing, SIRET, UNKNOWN_VAT, version + 1).await).await;
    }

    // The audit log has each save, with the registry's verdict.
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let log: Vec<Value> = ok_json(
        app.call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "PayoutTax" }, "from": null, "to": null } }),
        )
        .await,
    )
    .await
    .as_array()
    .unwrap()
    .clone();
    assert!(log.iter().any(|e| e["after"]
        == json!([
            { "Field": ["VatId", { "Text": "FR03842107534" }] },
            { "Vat": "Valid" }
        ])));
    assert!(log
        .iter()
        .any(|e| e["after"].to_string().contains(r#"{"Vat":"NotChecked"}"#)));
}

#[tokio::test]
async fn vat_ids_are_checked_with_the_registry_on_sqlite() {
    let (url, fake) = fake_vies().await;
    let app = spawn_app_configured(backend::testing::fresh_sqlite_url(), true, |c| {
        c.vat_registry_url = Some(url)
    })
    .await;
    vat_ids_are_checked_with_the_registry(app, fake).await;
}

#[tokio::test]
async fn vat_ids_are_checked_with_the_registry_on_postgresql() {
    let Some(database_url) = backend::testing::fresh_postgres_url().await else {
        return;
    };
    let (url, fake) = fake_vies().await;
    let app = spawn_app_configured(database_url, true, |c| c.vat_registry_url = Some(url)).await;
    vat_ids_are_checked_with_the_registry(app, fake).await;
}

#[tokio::test]
async fn an_unreachable_or_slow_registry_gives_no_verdict_rather_than_a_wrong_one() {
    let vat = VatId::parse(VAT).unwrap();
    // Nothing listens on this port any more.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let unreachable =
        VatRegistry::Http(HttpVatRegistry::new(&closed, Duration::from_secs(2)).unwrap());
    assert_eq!(unreachable.check(&vat).await, None);

    let (url, fake) = fake_vies().await;
    fake.set(SLOW);
    let impatient =
        VatRegistry::Http(HttpVatRegistry::new(&url, Duration::from_millis(300)).unwrap());
    let started = std::time::Instant::now();
    assert_eq!(impatient.check(&vat).await, None);
    assert!(started.elapsed() < Duration::from_secs(2));
    fake.set(UP);
    assert!(matches!(
        impatient.check(&vat).await,
        Some(Verdict::Valid { name, .. }) if name == "CONTOSO LTD"
    ));
    assert_eq!(
        impatient.check(&VatId::parse(UNKNOWN_VAT).unwrap()).await,
        Some(Verdict::Invalid)
    );
}

#[tokio::test]
async fn the_demo_uses_the_fictional_registry_and_a_vat_id_must_be_of_the_companys_state() {
    let app = spawn_app(true).await;
    let billing = as_role(&app, Role::BillingAdmin).await;
    assert_eq!(
        error_of(save(&app, &billing, SIRET, "FR0384210753", 0).await).await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::invalid(
                Field::VatId,
                Invalid::VatIdFormat {
                    example: Some("FR40303265045".into())
                }
            )
        )
    );
    assert_eq!(
        error_of(save(&app, &billing, SIRET, "DE136695976", 0).await)
            .await
            .1,
        ApiError::invalid(
            Field::VatId,
            Invalid::VatIdOtherState {
                prefix: "FR".into(),
                example: Some("FR40303265045".into())
            }
        )
    );
    assert_eq!(
        error_of(save(&app, &billing, "842107535", VAT, 0).await)
            .await
            .1,
        ApiError::invalid(Field::TaxId, Invalid::TaxIdChecksum)
    );
    let saved = ok_json(save(&app, &billing, SIRET, VAT, 0).await).await;
    assert_eq!(saved["vat"]["status"], "Valid");
    assert_eq!(saved["vat"]["name"], "CONTOSO LTD");
    // Someone else's stale version is refused with the record as it now is.
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let (status, error) = error_of(save(&app, &admin, SIRET, "", 0).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let ApiError::Conflict(ConflictKind::Stale { by, current, .. }) = error else {
        panic!("{error:?}")
    };
    assert_eq!(by, backend::seed::demo_email(Role::BillingAdmin));
    let current: Value = serde_json::from_str(&current).unwrap();
    assert_eq!(current["record"]["form"]["vat_id"], VAT);
}

// --- Certificates -----------------------------------------------------------------------------

#[tokio::test]
async fn certificates_are_checked_by_content_and_size_and_come_back_unchanged() {
    let app = spawn_app(true).await;
    let billing = as_role(&app, Role::BillingAdmin).await;
    let expiry = in_days(200);

    let mut too_big = PDF.to_vec();
    too_big.resize(MAX_CERTIFICATE_BYTES as usize + 1, b' ');
    assert_eq!(
        error_of(upload(&app, &billing, "big.pdf", &too_big, &expiry).await).await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::invalid(
                Field::CertificateFile,
                Invalid::FileTooLarge {
                    max_bytes: 5 * 1024 * 1024
                }
            )
        )
    );
    // Far larger: refused by the server's guard before the body is read to its end.
    let huge = vec![b'A'; 12 * 1024 * 1024];
    assert_eq!(
        error_of(upload(&app, &billing, "huge.pdf", &huge, &expiry).await).await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::invalid(
                Field::CertificateFile,
                Invalid::FileTooLarge {
                    max_bytes: 5 * 1024 * 1024
                }
            )
        )
    );
    // Other functions keep axum's 2 MB default.
    let padded = app
        .call(
            &billing,
            "tax_profile",
            json!({ "padding": "x".repeat(3 * 1024 * 1024) }),
        )
        .await;
    assert_eq!(padded.status(), StatusCode::BAD_REQUEST);

    let html = b"<html><body>I am not a PDF</body></html>";
    assert_eq!(
        error_of(upload(&app, &billing, "exemption.pdf", html, &expiry).await)
            .await
            .1,
        ApiError::invalid(Field::CertificateFile, Invalid::FileType)
    );
    assert_eq!(
        error_of(upload(&app, &billing, "empty.pdf", b"", &expiry).await)
            .await
            .1,
        ApiError::invalid(Field::CertificateFile, Invalid::Required)
    );
    assert_eq!(
        error_of(upload(&app, &billing, "old.pdf", PDF, &in_days(0)).await)
            .await
            .1,
        ApiError::invalid(Field::CertificateExpiry, Invalid::DateNotInFuture)
    );
    let not_base64 = app
        .call(
            &billing,
            "tax_certificate_upload",
            json!({ "upload": { "details": { "region": "Texas", "expires_on": expiry },
                    "file_name": "x.pdf", "content_base64": "%%%%" } }),
        )
        .await;
    assert_eq!(not_base64.status(), StatusCode::BAD_REQUEST);

    let pdf = ok_json(
        upload(
            &app,
            &billing,
            "C:\\fakepath\\exemption-texas.pdf",
            PDF,
            &expiry,
        )
        .await,
    )
    .await;
    assert_eq!(pdf["file_name"], "exemption-texas.pdf");
    assert_eq!(pdf["content_type"], "application/pdf");
    assert_eq!(pdf["status"], "Submitted");
    assert_eq!(pdf["size"], PDF.len() as i64);
    // A PNG named .pdf is stored as the PNG it is.
    let png = ok_json(upload(&app, &billing, "scan.pdf", PNG, &expiry).await).await;
    assert_eq!(png["content_type"], "image/png");
    assert_eq!(png["file_name"], "scan.pdf.png");

    let list = ok_json(app.call(&billing, "tax_certificates", json!({})).await).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["id"], png["id"]);

    // Those who may view the page download it back, byte for byte, as an attachment of the
    // type read from its content, sandboxed, never cached.
    let contributor = as_role(&app, Role::FinancialContributor).await;
    let id = pdf["id"].as_i64().unwrap();
    let file = download(&app, &contributor, "/files/tax-certificates", id).await;
    assert_eq!(file.status(), StatusCode::OK);
    let header = |name: &str| file.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"exemption-texas.pdf\"; filename*=UTF-8''exemption-texas.pdf"
    );
    assert!(header("content-security-policy").starts_with("sandbox"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);
    // Another account's certificate does not exist for them; nobody else may download.
    let fabrikam = signed_in(&app, "billing-admin@fabrikam.example").await;
    for (client, status) in [
        (&fabrikam, StatusCode::NOT_FOUND),
        (&as_role(&app, Role::Marketer).await, StatusCode::FORBIDDEN),
        (&browser(), StatusCode::UNAUTHORIZED),
    ] {
        let r = download(&app, client, "/files/tax-certificates", id).await;
        assert_eq!(r.status(), status);
        assert!(!r.bytes().await.unwrap().starts_with(b"%PDF"));
    }
    // Another site's page cannot fetch it with the user's cookie either.
    let r = contributor
        .get(format!("{}/files/tax-certificates/{id}", app.base))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The reviewers' address is theirs alone.
    let r = download(&app, &contributor, "/files/review/tax-certificates", id).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let theirs = ok_json(app.call(&fabrikam, "tax_certificates", json!({})).await).await;
    assert_eq!(theirs, json!([]));

    // The upload is in the audit log.
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let log = ok_json(
        app.call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "PayoutTax" }, "from": null, "to": null } }),
        )
        .await,
    )
    .await;
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "TaxCertificateSubmitted"
            && e["after"][0] == json!({ "Text": "exemption-texas.pdf" })
            && e["after"][1] == json!({ "Field": ["CertificateRegion", { "Text": "Texas" }] })));
}

#[tokio::test]
async fn a_platform_reviewer_accepts_a_submitted_certificate_once() {
    let app = spawn_app(true).await;
    let billing = as_role(&app, Role::BillingAdmin).await;
    let pdf = ok_json(upload(&app, &billing, "exemption.pdf", PDF, &in_days(90)).await).await;
    let id = pdf["id"].clone();

    for role in [Role::GlobalAdmin, Role::BillingAdmin] {
        let partner = as_role(&app, role).await;
        for function in ["review_tax_certificates", "review_tax_certificate_accept"] {
            assert_eq!(
                app.call(&partner, function, json!({ "id": id }))
                    .await
                    .status(),
                StatusCode::FORBIDDEN,
                "{role:?} {function}"
            );
        }
    }
    let reviewer = signed_in(&app, backend::seed::REVIEWER_EMAIL).await;
    let waiting = ok_json(
        app.call(&reviewer, "review_tax_certificates", json!({}))
            .await,
    )
    .await;
    assert_eq!(waiting[0]["legal_name"], "Contoso Ltd");
    assert_eq!(waiting[0]["certificate"]["id"], id);
    let file = download(
        &app,
        &reviewer,
        "/files/review/tax-certificates",
        id.as_i64().unwrap(),
    )
    .await;
    assert_eq!(file.status(), StatusCode::OK);
    assert!(file.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("filename=\"exemption.pdf\""));
    let accepted = ok_json(
        app.call(
            &reviewer,
            "review_tax_certificate_accept",
            json!({ "id": id }),
        )
        .await,
    )
    .await;
    assert_eq!(accepted["status"], "Accepted");
    assert_eq!(accepted["accepted_by"], backend::seed::REVIEWER_EMAIL);
    assert_eq!(
        error_of(
            app.call(
                &reviewer,
                "review_tax_certificate_accept",
                json!({ "id": id })
            )
            .await
        )
        .await,
        (
            StatusCode::CONFLICT,
            ApiError::Conflict(ConflictKind::CertificateNotSubmitted)
        )
    );
    let waiting = ok_json(
        app.call(&reviewer, "review_tax_certificates", json!({}))
            .await,
    )
    .await;
    assert_eq!(waiting, json!([]));
    let list = ok_json(app.call(&billing, "tax_certificates", json!({})).await).await;
    assert_eq!(list[0]["status"], "Accepted");
}

// --- Reminders --------------------------------------------------------------------------------

/// A certificate expiring within 30 days gets one reminder, to the Global and Billing admins,
/// even when two servers run the job at the same moment; one expiring later gets none yet.
async fn a_reminder_is_sent_once(app: TestApp) {
    let billing = as_role(&app, Role::BillingAdmin).await;
    ok_json(upload(&app, &billing, "soon.pdf", PDF, &in_days(20)).await).await;
    ok_json(upload(&app, &billing, "later.pdf", PDF, &in_days(45)).await).await;
    let db = app.running.state.db.clone();
    let at = backend::now();
    let (a, b) = tokio::join!(
        backend::tax::certificates::send_reminders(&db, at),
        backend::tax::certificates::send_reminders(&db, at)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(
        backend::tax::certificates::send_reminders(&db, at + 3600)
            .await
            .unwrap(),
        0
    );
    for role in Role::ALL {
        let user = as_role(&app, role).await;
        let notes = ok_json(app.call(&user, "notifications", json!({})).await).await;
        let reminders = notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "TaxCertificateExpiring")
            .count();
        let expected = usize::from(matches!(role, Role::GlobalAdmin | Role::BillingAdmin));
        assert_eq!(reminders, expected, "{role:?}");
    }
    let mails: Vec<(String, String)> = sqlx::query_as(
        "SELECT to_address, subject FROM outbox WHERE subject LIKE 'Tax exemption certificate%'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    let mut recipients: Vec<&str> = mails.iter().map(|m| m.0.as_str()).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        vec![
            "billing-admin@contoso.example",
            "global-admin@contoso.example"
        ]
    );
    // A month later the second one is due, once.
    assert_eq!(
        backend::tax::certificates::send_reminders(&db, at + 20 * 86_400)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn a_reminder_is_sent_once_on_sqlite() {
    a_reminder_is_sent_once(spawn_app(true).await).await;
}

#[tokio::test]
async fn a_reminder_is_sent_once_on_postgresql() {
    let Some(app) = spawn_app_on_postgres(true).await else {
        return;
    };
    a_reminder_is_sent_once(app).await;
}

// --- Permissions ------------------------------------------------------------------------------

#[tokio::test]
async fn billing_and_global_admins_edit_financial_contributors_and_account_admins_view() {
    let app = spawn_app(true).await;
    let billing = as_role(&app, Role::BillingAdmin).await;
    ok_json(save(&app, &billing, SIRET, VAT, 0).await).await;
    ok_json(upload(&app, &billing, "exemption.pdf", PDF, &in_days(90)).await).await;
    for role in Role::ALL {
        let client = as_role(&app, role).await;
        let view =
            domain::catalogue::allows(&[role], domain::Area::PayoutTax, domain::Access::View);
        let edit =
            domain::catalogue::allows(&[role], domain::Area::PayoutTax, domain::Access::Edit);
        assert_eq!(
            view,
            matches!(
                role,
                Role::GlobalAdmin
                    | Role::BillingAdmin
                    | Role::FinancialContributor
                    | Role::AccountAdmin
            ),
            "{role:?}"
        );
        assert_eq!(
            edit,
            matches!(role, Role::GlobalAdmin | Role::BillingAdmin),
            "{role:?}"
        );
        let read = app.call(&client, "tax_profile", json!({})).await;
        if view {
            assert_eq!(
                ok_json(read).await["record"]["form"]["vat_id"],
                VAT,
                "{role:?}"
            );
        } else {
            assert_eq!(read.status(), StatusCode::FORBIDDEN, "{role:?}");
        }
        let write = save(&app, &client, SIRET, VAT, 1).await.status();
        let sent = upload(&app, &client, "x.pdf", PDF, &in_days(90))
            .await
            .status();
        if edit {
            assert_ne!(write, StatusCode::FORBIDDEN, "{role:?}");
            assert_eq!(sent, StatusCode::OK, "{role:?}");
        } else {
            assert_eq!(
                (write, sent),
                (StatusCode::FORBIDDEN, StatusCode::FORBIDDEN),
                "{role:?}"
            );
        }
    }
    assert_eq!(
        app.call(&browser(), "tax_profile", json!({}))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}
