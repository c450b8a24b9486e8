//! Programs over real HTTP, on SQLite and PostgreSQL: enrolment refused while a requirement is
//! unmet or the agreement is not accepted (whatever the client does), active at once or pending
//! review, the reviewer's steps, identifiers issued on activation, the watch that marks an
//! enrolment "action required" and tells the Global admins, leaving, who may do what,
//! concurrent enrolments, and the agreement's versions (read, accepted, recorded, refused when
//! not current).

mod common;

use backend::seed::{demo_email, REVIEWER_EMAIL};
use common::{as_role, browser, signed_in, spawn_app, spawn_app_on_postgres, TestApp};
use domain::error::ConflictKind;
use domain::programs::agreements::{self, FIRST_VERSION};
use domain::programs::{ProgramCode, Requirement};
use domain::{ApiError, Field, Invalid, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn programs(app: &TestApp, client: &Client) -> Vec<Value> {
    let r = app.call(client, "programs", json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

fn find<'a>(list: &'a [Value], code: &str) -> &'a Value {
    list.iter()
        .find(|p| p["code"] == code)
        .unwrap_or_else(|| panic!("{code} listed"))
}

async fn program(app: &TestApp, client: &Client, code: &str) -> Value {
    find(&programs(app, client).await, code).clone()
}

/// The current agreement version of the program named `code` on the wire (a made-up name has
/// none: the first version is sent).
fn current_version(code: &str) -> &'static str {
    serde_json::from_value::<ProgramCode>(json!(code))
        .map(|c| agreements::current(c).version)
        .unwrap_or(FIRST_VERSION)
}

/// Enrols in `code` as the page does, accepting (or not) the current agreement.
async fn enrol(app: &TestApp, client: &Client, code: &str, agreement: bool) -> reqwest::Response {
    enrol_accepting(app, client, code, agreement, current_version(code)).await
}

async fn enrol_accepting(
    app: &TestApp,
    client: &Client,
    code: &str,
    agreement: bool,
    version: &str,
) -> reqwest::Response {
    app.call(
        client,
        "programs_enrol",
        json!({ "program": code, "agreement": agreement, "agreement_version": version }),
    )
    .await
}

async fn agreement(
    app: &TestApp,
    client: &Client,
    code: &str,
    version: Option<&str>,
) -> reqwest::Response {
    app.call(
        client,
        "programs_agreement",
        json!({ "program": code, "version": version }),
    )
    .await
}

async fn step(
    app: &TestApp,
    client: &Client,
    code: &str,
    step: &str,
    version: &Value,
    message: &str,
) -> reqwest::Response {
    app.call(
        client,
        "programs_step",
        json!({ "program": code, "step": step, "version": version, "message": message }),
    )
    .await
}

async fn identifiers(app: &TestApp, client: &Client) -> Value {
    app.call(client, "identifiers", json!({}))
        .await
        .json()
        .await
        .unwrap()
}

async fn unread(app: &TestApp, client: &Client) -> i64 {
    let me: Value = app
        .call(client, "me", json!({}))
        .await
        .json()
        .await
        .unwrap();
    me["unread_notifications"].as_i64().unwrap()
}

async fn mailbox(app: &TestApp) -> Vec<Value> {
    common::outbox(app).await
}

async fn audit_actions(app: &TestApp, action: &str) -> Vec<(String, String, String)> {
    use sqlx::Row;
    sqlx::query("SELECT actor, target, after_value FROM audit_log WHERE action = $1 ORDER BY id")
        .bind(action)
        .fetch_all(app.running.state.db.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get::<String, _>("actor"),
                r.get::<String, _>("target"),
                codes(&backend::store::told_from(
                    &r.get::<String, _>("after_value"),
                )),
            )
        })
        .collect()
}

/// What an audit entry's side holds, as codes (`active`) and words as typed.
fn codes(told: &domain::audit::Told) -> String {
    use domain::audit::Said;
    told.0
        .iter()
        .map(|said| match said {
            Said::Enrolment(state) => state.code().to_owned(),
            Said::Text(words) => words.clone(),
            Said::AgreementVersion(version) => format!("(agreement {version})"),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

async fn conflict(r: reqwest::Response) -> ConflictKind {
    assert_eq!(r.status(), StatusCode::CONFLICT);
    match r.json::<ApiError>().await.unwrap() {
        ApiError::Conflict(kind) => kind,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn enrolment_is_refused_with_an_unmet_requirement_or_without_the_agreement() {
    let app = spawn_app(true).await;
    // A new company meets nothing yet: the server names exactly what is missing.
    let newcomer = browser();
    assert_eq!(
        app.sign_up(&newcomer, "ada@northwind.example")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        conflict(enrol(&app, &newcomer, "WindowsDeveloper", true).await).await,
        ConflictKind::RequirementsNotMet(vec![
            Requirement::LegalInfoVerified,
            Requirement::CompanyProfileComplete,
        ])
    );
    assert_eq!(
        conflict(enrol(&app, &newcomer, "WindowsDeveloper", false).await).await,
        ConflictKind::RequirementsNotMet(vec![
            Requirement::LegalInfoVerified,
            Requirement::CompanyProfileComplete,
            Requirement::AgreementAccepted,
        ])
    );
    assert_eq!(
        conflict(enrol(&app, &newcomer, "CspIndirectReseller", true).await).await,
        ConflictKind::RequirementsNotMet(vec![
            Requirement::MemberOf(domain::programs::ProgramCode::PartnerNetwork),
            Requirement::LegalInfoVerified,
            Requirement::CommercialTenant,
            Requirement::CompanyProfileComplete,
        ])
    );
    // The demo company meets everything but the agreement, which is said beside its checkbox.
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let r = enrol(&app, &admin, "WindowsDeveloper", false).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::invalid(Field::ProgramAgreement, Invalid::Required)
    );
    // A forged program is a malformed request; nothing was stored anywhere.
    let r = enrol(&app, &admin, "Everything", true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    for p in programs(&app, &admin).await {
        assert!(p["enrolment"].is_null(), "{p}");
    }
    for p in programs(&app, &newcomer).await {
        assert!(p["enrolment"].is_null(), "{p}");
    }
    assert!(audit_actions(&app, "program-enrolled").await.is_empty());
}

async fn windows_is_active_at_once_and_issues_its_publisher_id(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let before = program(&app, &admin, "WindowsDeveloper").await;
    assert!(before["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r[1] == true || r[0] == "AgreementAccepted"));
    assert!(identifiers(&app, &admin).await["windows_publisher_id"].is_null());

    let r = enrol(&app, &admin, "WindowsDeveloper", true).await;
    assert_eq!(r.status(), StatusCode::OK);
    let list: Vec<Value> = r.json().await.unwrap();
    let windows = find(&list, "WindowsDeveloper");
    assert_eq!(windows["enrolment"]["state"], "Active");
    assert_eq!(
        windows["enrolment"]["enrolled_by"],
        demo_email(Role::GlobalAdmin)
    );
    assert!(windows["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r[1] == true));

    // The Windows publisher ID is issued and shown on the Identifiers page, to its viewers too.
    let ids = identifiers(&app, &admin).await;
    let guid = ids["windows_publisher_id"].as_str().unwrap().to_owned();
    assert!(domain::tenants::Guid::parse(&guid).is_ok(), "{guid}");
    assert!(ids["publisher_id"].is_null());
    let developer = as_role(&app, Role::Developer).await;
    assert_eq!(
        identifiers(&app, &developer).await["windows_publisher_id"],
        guid.as_str()
    );
    let issued = audit_actions(&app, "identifier-issued").await;
    assert_eq!(issued.len(), 1);
    assert_eq!(issued[0].2, guid);
    let enrolled = audit_actions(&app, "program-enrolled").await;
    assert_eq!(
        enrolled,
        vec![(
            demo_email(Role::GlobalAdmin),
            "windows-developer".to_owned(),
            "active (agreement 1.1)".to_owned()
        )]
    );

    // Enrolling twice is refused; leaving needs the version the page showed.
    assert_eq!(
        conflict(enrol(&app, &admin, "WindowsDeveloper", true).await).await,
        ConflictKind::AlreadyEnrolled
    );
    let version = windows["enrolment"]["version"].clone();
    assert_eq!(
        conflict(step(&app, &admin, "WindowsDeveloper", "Leave", &json!(99), "").await).await,
        ConflictKind::EnrolmentStep
    );
    let r = step(&app, &admin, "WindowsDeveloper", "Leave", &version, "").await;
    assert_eq!(r.status(), StatusCode::OK);
    let left = program(&app, &admin, "WindowsDeveloper").await;
    assert_eq!(left["enrolment"]["state"], "Left");
    assert_eq!(
        audit_actions(&app, "program-left").await[0].2,
        "left".to_owned()
    );
    assert_eq!(
        conflict(
            step(
                &app,
                &admin,
                "WindowsDeveloper",
                "Leave",
                &left["enrolment"]["version"],
                ""
            )
            .await
        )
        .await,
        ConflictKind::EnrolmentStep
    );

    // Enrolling again keeps the identifier already issued.
    assert_eq!(
        enrol(&app, &admin, "WindowsDeveloper", true).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        identifiers(&app, &admin).await["windows_publisher_id"],
        guid.as_str()
    );
    assert_eq!(audit_actions(&app, "identifier-issued").await.len(), 1);
}

#[tokio::test]
async fn the_windows_program_is_active_at_once_and_issues_its_publisher_id() {
    windows_is_active_at_once_and_issues_its_publisher_id(spawn_app(true).await).await;
}

#[tokio::test]
async fn the_windows_program_is_active_at_once_and_issues_its_publisher_id_on_postgresql() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        windows_is_active_at_once_and_issues_its_publisher_id(app).await;
    }
}

async fn the_reviewer_queue(app: &TestApp, reviewer: &Client) -> Vec<Value> {
    let r = app.call(reviewer, "review_enrolments", json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn review(
    app: &TestApp,
    reviewer: &Client,
    item: &Value,
    step: &str,
    reason: &str,
) -> reqwest::Response {
    app.call(
        reviewer,
        "review_enrolment_step",
        json!({
            "enrolment_id": item["enrolment_id"],
            "step": step,
            "version": item["enrolment"]["version"],
            "reason": reason,
        }),
    )
    .await
}

async fn a_reviewed_program_waits_for_the_reviewer(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let reviewer = signed_in(&app, REVIEWER_EMAIL).await;
    let r = enrol(&app, &admin, "PartnerNetwork", true).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        program(&app, &admin, "PartnerNetwork").await["enrolment"]["state"],
        "PendingReview"
    );
    // Partners never reach the queue.
    assert_eq!(
        app.call(&admin, "review_enrolments", json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    let queue = the_reviewer_queue(&app, &reviewer).await;
    assert_eq!(queue.len(), 1);
    let item = queue[0].clone();
    assert_eq!(item["legal_name"], "Contoso Ltd");
    assert_eq!(item["program"], "PartnerNetwork");

    // A question needs a reason; asked, the company's Global admins hear of it.
    let r = review(&app, &reviewer, &item, "RequestInformation", "  ").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unread_before = unread(&app, &admin).await;
    let r = review(
        &app,
        &reviewer,
        &item,
        "RequestInformation",
        "Which regions do you serve?",
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let asked: Value = r.json().await.unwrap();
    assert_eq!(asked["enrolment"]["state"], "InformationRequested");
    assert_eq!(unread(&app, &admin).await, unread_before + 1);
    let network = program(&app, &admin, "PartnerNetwork").await;
    assert_eq!(network["enrolment"]["state"], "InformationRequested");
    assert_eq!(
        network["enrolment"]["reason"],
        "Which regions do you serve?"
    );
    // The old version no longer applies.
    assert_eq!(
        conflict(review(&app, &reviewer, &item, "Approve", "").await).await,
        ConflictKind::EnrolmentStep
    );

    // The company answers: back in the queue; the reviewer approves.
    let r = step(
        &app,
        &admin,
        "PartnerNetwork",
        "Answer",
        &network["enrolment"]["version"],
        "France and Belgium",
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let item = the_reviewer_queue(&app, &reviewer).await[0].clone();
    assert_eq!(item["enrolment"]["state"], "PendingReview");
    assert_eq!(item["enrolment"]["reason"], "France and Belgium");
    let r = review(&app, &reviewer, &item, "Approve", "").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        program(&app, &admin, "PartnerNetwork").await["enrolment"]["state"],
        "Active"
    );
    assert!(the_reviewer_queue(&app, &reviewer).await.is_empty());
    // The network issues no identifier.
    let ids = identifiers(&app, &admin).await;
    assert!(ids["publisher_id"].is_null() && ids["windows_publisher_id"].is_null());
    let reviewed = audit_actions(&app, "program-reviewed").await;
    assert_eq!(
        reviewed
            .iter()
            .map(|(actor, _, after)| (actor.as_str(), after.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (REVIEWER_EMAIL, "information-requested"),
            (REVIEWER_EMAIL, "active")
        ]
    );
    assert!(mailbox(&app)
        .await
        .iter()
        .any(|m| m["to"] == demo_email(Role::GlobalAdmin)
            && m["body"]
                .as_str()
                .unwrap()
                .contains("Partner network membership")));

    // Membership counts for the programs that need it: the indirect reseller program (no
    // review) is active at once.
    let r = enrol(&app, &admin, "CspIndirectReseller", true).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        program(&app, &admin, "CspIndirectReseller").await["enrolment"]["state"],
        "Active"
    );

    // Leaving the network takes that requirement away from the reseller enrolment.
    let network = program(&app, &admin, "PartnerNetwork").await;
    let r = step(
        &app,
        &admin,
        "PartnerNetwork",
        "Leave",
        &network["enrolment"]["version"],
        "",
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        program(&app, &admin, "CspIndirectReseller").await["enrolment"]["state"],
        "ActionRequired"
    );

    // Enrolled again, the reviewer rejects it with a reason the company sees.
    assert_eq!(
        enrol(&app, &admin, "PartnerNetwork", true).await.status(),
        StatusCode::OK
    );
    let item = the_reviewer_queue(&app, &reviewer).await[0].clone();
    let r = review(
        &app,
        &reviewer,
        &item,
        "Reject",
        "Your company profile does not describe partner work",
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let network = program(&app, &admin, "PartnerNetwork").await;
    assert_eq!(network["enrolment"]["state"], "Rejected");
    assert_eq!(
        network["enrolment"]["reason"],
        "Your company profile does not describe partner work"
    );
}

#[tokio::test]
async fn a_reviewed_program_waits_for_the_reviewer_who_asks_approves_or_rejects() {
    a_reviewed_program_waits_for_the_reviewer(spawn_app(true).await).await;
}

#[tokio::test]
async fn a_reviewed_program_waits_for_the_reviewer_on_postgresql() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        a_reviewed_program_waits_for_the_reviewer(app).await;
    }
}

/// Makes the demo company's legal address new, which sends its verification back to review.
async fn move_legal_address(app: &TestApp, admin: &Client) {
    let paris = json!({ "name": "Head office", "is_legal": true, "address": {
        "country": "FR", "street": "1 rue de Rivoli", "city": "Paris", "region": "", "postal_code": "75001" } });
    let r = app
        .call(admin, "locations_add", json!({ "form": paris }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let verification: Value = app
        .call(admin, "verification", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verification["status"], "Submitted");
}

#[tokio::test]
async fn the_reviewer_cannot_approve_an_enrolment_whose_requirements_are_no_longer_met() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let reviewer = signed_in(&app, REVIEWER_EMAIL).await;
    assert_eq!(
        enrol(&app, &admin, "PartnerNetwork", true).await.status(),
        StatusCode::OK
    );
    move_legal_address(&app, &admin).await;
    let item = the_reviewer_queue(&app, &reviewer).await[0].clone();
    assert!(item["requirements"]
        .as_array()
        .unwrap()
        .contains(&json!(["LegalInfoVerified", false])));
    assert_eq!(
        conflict(review(&app, &reviewer, &item, "Approve", "").await).await,
        ConflictKind::RequirementsNotMet(vec![Requirement::LegalInfoVerified])
    );
    assert_eq!(
        program(&app, &admin, "PartnerNetwork").await["enrolment"]["state"],
        "PendingReview"
    );
}

async fn a_revoked_verification_marks_the_enrolment(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let account_admin = as_role(&app, Role::AccountAdmin).await;
    assert_eq!(
        enrol(&app, &account_admin, "WindowsDeveloper", true)
            .await
            .status(),
        StatusCode::OK
    );
    let (admin_unread, account_admin_unread) = (
        unread(&app, &admin).await,
        unread(&app, &account_admin).await,
    );
    let mail_before = mailbox(&app).await.len();

    // The verification goes back to review: the active enrolment needs action at once.
    move_legal_address(&app, &account_admin).await;
    let windows = program(&app, &admin, "WindowsDeveloper").await;
    assert_eq!(windows["enrolment"]["state"], "ActionRequired");
    assert_eq!(windows["enrolment"]["by"], backend::programs::SYSTEM);
    assert!(windows["requirements"]
        .as_array()
        .unwrap()
        .contains(&json!(["LegalInfoVerified", false])));

    // The Global admins are told, in the bell and by mail; nobody else.
    assert_eq!(unread(&app, &admin).await, admin_unread + 1);
    assert_eq!(unread(&app, &account_admin).await, account_admin_unread);
    let bell: Vec<Value> = serde_json::from_value(
        app.call(&admin, "notifications", json!({}))
            .await
            .json::<Value>()
            .await
            .unwrap()["items"]
            .clone(),
    )
    .unwrap();
    assert_eq!(bell[0]["kind"], "ProgramActionRequired");
    let mail = mailbox(&app).await;
    assert_eq!(mail.len(), mail_before + 1);
    assert!(mail.iter().any(|m| m["to"] == demo_email(Role::GlobalAdmin)
        && m["body"].as_str().unwrap().contains("action-required")
        && m["body"]
            .as_str()
            .unwrap()
            .contains("Windows and games developer")));
    let changes = audit_actions(&app, "program-status-changed").await;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].0, backend::programs::SYSTEM);
    assert!(changes[0].2.starts_with("action-required"), "{changes:?}");

    // Verified again, the enrolment is active again by itself (without a second notice).
    let reviewer = signed_in(&app, REVIEWER_EMAIL).await;
    let queue: Vec<Value> = app
        .call(&reviewer, "review_queue", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let contoso = queue
        .iter()
        .find(|c| c["legal_name"] == "Contoso Ltd")
        .expect("Contoso waits for review");
    let r = app
        .call(
            &reviewer,
            "review_step",
            json!({ "account_id": contoso["account_id"], "step": "Approve" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        program(&app, &admin, "WindowsDeveloper").await["enrolment"]["state"],
        "Active"
    );
    assert_eq!(audit_actions(&app, "program-status-changed").await.len(), 2);
    let bell: Vec<Value> = serde_json::from_value(
        app.call(&admin, "notifications", json!({}))
            .await
            .json::<Value>()
            .await
            .unwrap()["items"]
            .clone(),
    )
    .unwrap();
    assert_eq!(
        bell.iter()
            .filter(|n| n["kind"] == "ProgramActionRequired")
            .count(),
        1
    );
}

#[tokio::test]
async fn a_revoked_verification_marks_an_active_enrolment_and_tells_the_global_admins() {
    a_revoked_verification_marks_the_enrolment(spawn_app(true).await).await;
}

#[tokio::test]
async fn a_revoked_verification_marks_an_active_enrolment_on_postgresql() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        a_revoked_verification_marks_the_enrolment(app).await;
    }
}

/// A requirement lost by a change that does not watch by itself (here: written straight to the
/// database) is caught by the background watch, once, even with two servers running it.
async fn the_background_watch_acts_once(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    assert_eq!(
        enrol(&app, &admin, "WindowsDeveloper", true).await.status(),
        StatusCode::OK
    );
    let db = app.running.state.db.clone();
    sqlx::query("DELETE FROM account_records WHERE kind = 'company-profile'")
        .execute(db.pool())
        .await
        .unwrap();
    let unread_before = unread(&app, &admin).await;
    let (a, b) = tokio::join!(
        backend::programs::watch_all(&db),
        backend::programs::watch_all(&db)
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(
        program(&app, &admin, "WindowsDeveloper").await["enrolment"]["state"],
        "ActionRequired"
    );
    assert_eq!(unread(&app, &admin).await, unread_before + 1);
    assert_eq!(audit_actions(&app, "program-status-changed").await.len(), 1);
}

#[tokio::test]
async fn the_background_watch_takes_each_step_once() {
    the_background_watch_acts_once(spawn_app(true).await).await;
}

#[tokio::test]
async fn the_background_watch_takes_each_step_once_on_postgresql() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        the_background_watch_acts_once(app).await;
    }
}

#[tokio::test]
async fn account_and_global_admins_enrol_incentive_admins_and_business_contributors_only_view() {
    let app = spawn_app(true).await;
    for role in Role::ALL {
        let client = as_role(&app, role).await;
        let view = app.call(&client, "programs", json!({})).await.status();
        let enrolled = enrol(&app, &client, "PartnerNetwork", false).await.status();
        match role {
            Role::GlobalAdmin | Role::AccountAdmin => {
                assert_eq!(view, StatusCode::OK, "{role:?}");
                // Reached the rules (the agreement is missing), not refused at the door.
                assert_eq!(enrolled, StatusCode::UNPROCESSABLE_ENTITY, "{role:?}");
            }
            Role::IncentiveAdmin | Role::BusinessContributor => {
                assert_eq!(view, StatusCode::OK, "{role:?}");
                assert_eq!(enrolled, StatusCode::FORBIDDEN, "{role:?}");
            }
            _ => {
                assert_eq!(view, StatusCode::FORBIDDEN, "{role:?}");
                assert_eq!(enrolled, StatusCode::FORBIDDEN, "{role:?}");
            }
        }
        let leave = step(&app, &client, "PartnerNetwork", "Leave", &json!(1), "").await;
        assert_ne!(leave.status(), StatusCode::OK, "{role:?}");
        assert_eq!(
            app.call(&client, "review_enrolments", json!({}))
                .await
                .status(),
            StatusCode::FORBIDDEN,
            "{role:?}"
        );
    }
    // The reviewer is no partner: the Programs page is not theirs.
    let reviewer = signed_in(&app, REVIEWER_EMAIL).await;
    assert_eq!(
        app.call(&reviewer, "programs", json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
    // A partner's step named as the reviewer's is refused.
    let admin = as_role(&app, Role::GlobalAdmin).await;
    assert_eq!(
        step(&app, &admin, "PartnerNetwork", "Approve", &json!(1), "")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

async fn concurrent_enrolments_give_one(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    // Eight requests at once, as eight tabs would send them: they race at the server.
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (client, base) = (admin.clone(), app.base.clone());
        tasks.spawn(async move {
            client
                .post(format!("{base}/api/programs_enrol"))
                .header("content-type", "application/json")
                .header("sec-fetch-site", "same-origin")
                .json(&json!({
                    "program": "WindowsDeveloper",
                    "agreement": true,
                    "agreement_version": current_version("WindowsDeveloper"),
                }))
                .send()
                .await
                .expect("request")
                .status()
        });
    }
    let statuses = tasks.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    use sqlx::Row;
    let db = app.running.state.db.pool();
    let rows: i64 = sqlx::query("SELECT COUNT(*) AS n FROM program_enrolments")
        .fetch_one(db)
        .await
        .unwrap()
        .get("n");
    assert_eq!(rows, 1);
    let issued: i64 = sqlx::query("SELECT COUNT(*) AS n FROM issued_identifiers")
        .fetch_one(db)
        .await
        .unwrap()
        .get("n");
    assert_eq!(issued, 1);
    assert_eq!(audit_actions(&app, "program-enrolled").await.len(), 1);
}

#[tokio::test]
async fn two_enrolments_at_once_give_one() {
    concurrent_enrolments_give_one(spawn_app(true).await).await;
}

#[tokio::test]
async fn two_enrolments_at_once_give_one_on_postgresql() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        concurrent_enrolments_give_one(app).await;
    }
}

/// Makes Contoso's payout account (approved by the reviewer, with billing information) and tax
/// profile (tax ID and a VAT ID the fictional registry confirms) complete, through the pages'
/// own server functions.
async fn complete_payout_and_tax(app: &TestApp, admin: &Client, reviewer: &Client) {
    let call = |client: &Client, function: &'static str, args: Value| {
        let client = client.clone();
        async move {
            let r = app.call(&client, function, args).await;
            assert_eq!(r.status(), StatusCode::OK, "{function}");
            r.json::<Value>().await.unwrap()
        }
    };
    let view = call(
        admin,
        "payout_change",
        json!({ "form": { "holder": "Contoso Ltd", "bank_country": "FR",
                          "iban": "FR76 3000 6000 0112 3456 7890 189", "bic": "AGRIFRPP",
                          "routing": "", "account_number": "", "currency": "EUR" },
                "password": backend::seed::DEMO_PASSWORD, "version": 0 }),
    )
    .await;
    let payout_id = view["pending"]["id"].clone();
    call(
        reviewer,
        "payout_review",
        json!({ "payout_id": payout_id, "decision": "Approve" }),
    )
    .await;
    call(
        admin,
        "billing_save",
        json!({ "form": { "address": { "country": "FR", "street": "1 rue de la Paix", "city": "Paris",
                                       "region": "", "postal_code": "75002" },
                          "email": "billing@contoso.example", "purchase_order": "" },
                "version": 0 }),
    )
    .await;
    let saved = call(
        admin,
        "tax_profile_save",
        json!({ "form": { "tax_id": "842107534", "vat_id": "FR03842107534" }, "version": 0 }),
    )
    .await;
    assert_eq!(saved["complete"], true, "{saved}");
}

#[tokio::test]
async fn the_reviewer_approves_a_marketplace_enrolment_and_the_publisher_id_is_issued() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let reviewer = signed_in(&app, REVIEWER_EMAIL).await;
    // Without payout and tax the program is refused, naming both.
    let r = enrol(&app, &admin, "MarketplacePublisher", true).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<ApiError>().await.unwrap(),
        ApiError::Conflict(ConflictKind::RequirementsNotMet(vec![
            Requirement::PayoutComplete,
            Requirement::TaxProfileComplete
        ]))
    );
    complete_payout_and_tax(&app, &admin, &reviewer).await;
    let r = enrol(&app, &admin, "MarketplacePublisher", true).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(identifiers(&app, &admin).await["publisher_id"].is_null());
    let item = the_reviewer_queue(&app, &reviewer).await[0].clone();
    assert_eq!(
        review(&app, &reviewer, &item, "Approve", "").await.status(),
        StatusCode::OK
    );
    let ids = identifiers(&app, &admin).await;
    let publisher_id = ids["publisher_id"].as_str().unwrap();
    assert!(publisher_id.starts_with("contosoltd"), "{publisher_id}");
}

async fn agreement_versions(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    // The Windows agreement is at its second version; the page names it and its date.
    let current = agreements::current(ProgramCode::WindowsDeveloper);
    assert_eq!(current.version, "1.1");
    let windows = program(&app, &admin, "WindowsDeveloper").await;
    assert_eq!(windows["agreement_version"], "1.1");
    assert_eq!(windows["agreement_effective"], current.effective);
    assert_eq!(
        program(&app, &admin, "PartnerNetwork").await["agreement_version"],
        FIRST_VERSION
    );

    // Anyone who may see Programs reads every agreement, before enrolling, in both languages.
    let contributor = as_role(&app, Role::BusinessContributor).await;
    for code in ProgramCode::ALL {
        let name = serde_json::to_value(code).unwrap();
        let r = agreement(&app, &contributor, name.as_str().unwrap(), None).await;
        assert_eq!(r.status(), StatusCode::OK, "{code:?}");
        let doc: Value = r.json().await.unwrap();
        assert_eq!(doc["version"], agreements::current(code).version);
        assert_eq!(doc["version"], doc["current_version"]);
        assert!(doc["en"].as_array().unwrap().len() >= 3, "{doc}");
        assert_eq!(
            doc["en"].as_array().unwrap().len(),
            doc["fr"].as_array().unwrap().len()
        );
    }
    // An earlier version stays readable and says which one is current.
    let old: Value = agreement(&app, &admin, "WindowsDeveloper", Some("1.0"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (&old["version"], &old["current_version"]),
        (&json!("1.0"), &json!("1.1"))
    );
    let now: Value = agreement(&app, &admin, "WindowsDeveloper", None)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(old["en"], now["en"]);
    // An unknown version is not found; an unknown program is a malformed request.
    assert_eq!(
        agreement(&app, &admin, "WindowsDeveloper", Some("9.9"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        agreement(&app, &admin, "Everything", None).await.status(),
        StatusCode::BAD_REQUEST
    );
    // Who may not see Programs may not read them here either.
    let developer = as_role(&app, Role::Developer).await;
    assert_eq!(
        agreement(&app, &developer, "WindowsDeveloper", None)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // Accepting the earlier version, or one that never was, is refused: the agreement changed,
    // here is the current one to read. Nothing is stored or audited.
    for version in ["1.0", "1.2", "", "1.1 ", "<script>"] {
        let r = enrol_accepting(&app, &admin, "WindowsDeveloper", true, version).await;
        assert_eq!(
            conflict(r).await,
            ConflictKind::AgreementChanged {
                current: "1.1".into()
            },
            "{version:?}"
        );
    }
    // An enrolment without the version at all (an older page) is malformed.
    let r = app
        .call(
            &admin,
            "programs_enrol",
            json!({ "program": "WindowsDeveloper", "agreement": true }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(program(&app, &admin, "WindowsDeveloper").await["enrolment"].is_null());
    assert!(audit_actions(&app, "program-enrolled").await.is_empty());

    // The current version is accepted and recorded with the enrolment and in its audit entry.
    let r = enrol_accepting(&app, &admin, "WindowsDeveloper", true, "1.1").await;
    assert_eq!(r.status(), StatusCode::OK);
    let enrolment = &program(&app, &admin, "WindowsDeveloper").await["enrolment"];
    assert_eq!(enrolment["agreement_version"], "1.1");
    assert_eq!(
        enrolment["agreement_accepted_by"],
        demo_email(Role::GlobalAdmin)
    );
    assert_eq!(enrolment["agreement_accepted_at"], enrolment["enrolled_at"]);
    assert_eq!(
        audit_actions(&app, "program-enrolled").await,
        vec![(
            demo_email(Role::GlobalAdmin),
            "windows-developer".to_owned(),
            "active (agreement 1.1)".to_owned()
        )]
    );

    // An enrolment stored before versions were kept accepted the first version.
    use sqlx::Row;
    let db = app.running.state.db.pool();
    let account: i64 = sqlx::query("SELECT account_id FROM users WHERE email = $1")
        .bind(demo_email(Role::GlobalAdmin))
        .fetch_one(db)
        .await
        .unwrap()
        .get("account_id");
    sqlx::query(
        "INSERT INTO program_enrolments (account_id, program, state, since, state_by, \
         enrolled_at, enrolled_by, agreement_accepted_at, agreement_accepted_by, version) \
         VALUES ($1, 'partner-network', 'left', 1, 'a@contoso.example', 1, 'a@contoso.example', \
         1, 'a@contoso.example', 1)",
    )
    .bind(account)
    .execute(db)
    .await
    .unwrap();
    assert_eq!(
        program(&app, &admin, "PartnerNetwork").await["enrolment"]["agreement_version"],
        FIRST_VERSION
    );
}

#[tokio::test]
async fn the_current_agreement_version_is_read_accepted_and_recorded_and_no_other() {
    agreement_versions(spawn_app(true).await).await;
}

#[tokio::test]
async fn the_current_agreement_version_is_read_accepted_and_recorded_on_postgresql() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        agreement_versions(app).await;
    }
}
