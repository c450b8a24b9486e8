//! Tenants: association through an OpenID Connect directory (the built-in fictional one, or one
//! started here on its own port with a deliberate fault), uniqueness across accounts, removal
//! rules and who may do what.

mod common;

use std::sync::Arc;

use backend::seed::DEMO_TENANTS;
use backend::testing::fresh_sqlite_url;
use common::{as_role, browser, spawn_app, spawn_app_configured, spawn_app_on_postgres, TestApp};
use domain::error::{ConflictKind, SignInFailure};
use domain::tenants::{RemovalBlocker, TenantKind, TenantsView};
use domain::{ApiError, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use server::demo_directory::{self, DemoDirectory, Fault};

/// Signs in at the directory the way a browser would: follows the authorize URL (on `base`,
/// wherever the public address points), picks the directory user `choice` (an index in
/// `demo_directory::USERS`; the first two are the tenants' administrators) or cancels, and
/// answers the query the directory sends back to the Tenants page.
async fn through_directory(app: &TestApp, authorize_url: &str, choice: Option<usize>) -> Value {
    let url = reqwest::Url::parse(authorize_url).unwrap();
    let on_app = url.host_str() == Some("partner-settings.test");
    let base = if on_app {
        app.base.clone()
    } else {
        format!("{}://{}", url.scheme(), url.authority())
    };
    let page_url = format!("{base}{}?{}", url.path(), url.query().unwrap_or(""));
    let directory = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = directory.get(&page_url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(DEMO_TENANTS[1].admin),
        "the page offers the tenants"
    );
    let mut form: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    match choice {
        Some(i) => form.push(("user".into(), i.to_string())),
        None => form.push(("cancel".into(), "1".into())),
    }
    let back = directory
        .post(format!("{base}{}", url.path()))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(back.status().is_redirection(), "{}", back.status());
    let location = back.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("http://partner-settings.test/settings/tenants/associate?"),
        "{location}"
    );
    let query: std::collections::HashMap<String, String> = reqwest::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    match (query.get("code"), query.get("error")) {
        (Some(code), _) => json!({ "Code": { "code": code, "state": query["state"] } }),
        (None, Some(_)) => json!({ "Error": { "state": query["state"] } }),
        _ => panic!("neither code nor error in {location}"),
    }
}

async fn start(app: &TestApp, admin: &Client, kind: TenantKind) -> String {
    let r = app
        .call(admin, "tenant_association_start", json!({ "kind": kind }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json::<Value>().await.unwrap()["authorize_url"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn complete(app: &TestApp, admin: &Client, answer: &Value) -> reqwest::Response {
    app.call(
        admin,
        "tenant_association_complete",
        json!({ "answer": answer }),
    )
    .await
}

async fn tenants(app: &TestApp, client: &Client) -> TenantsView {
    let r = app.call(client, "tenants", json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn refusal(r: reqwest::Response, status: StatusCode) -> ApiError {
    assert_eq!(r.status(), status);
    r.json().await.unwrap()
}

async fn associates_through_the_demo_directory(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let before = tenants(&app, &admin).await;
    assert!(before.can_associate);
    assert_eq!(before.tenants.len(), 1, "the demo seeds its primary tenant");
    assert!(before.tenants[0].is_primary);

    let url = start(&app, &admin, TenantKind::Developer).await;
    assert!(url.contains("code_challenge_method=S256"), "PKCE: {url}");
    let answer = through_directory(&app, &url, Some(1)).await;
    let r = complete(&app, &admin, &answer).await;
    assert_eq!(r.status(), StatusCode::OK);
    let tenant: Value = r.json().await.unwrap();
    assert_eq!(tenant["tenant_id"], DEMO_TENANTS[1].tenant_id);
    assert_eq!(tenant["kind"], "Developer");
    assert_eq!(tenant["primary_domain"], "contoso-dev.example");
    assert_eq!(tenant["is_primary"], false);

    // The same answer again: its state was used once already.
    assert_eq!(
        refusal(complete(&app, &admin, &answer).await, StatusCode::CONFLICT).await,
        ApiError::Conflict(ConflictKind::DirectorySignIn(SignInFailure::Expired))
    );

    // Associating a tenant the account already has says so.
    let url = start(&app, &admin, TenantKind::Commercial).await;
    let answer = through_directory(&app, &url, Some(0)).await;
    assert_eq!(
        refusal(complete(&app, &admin, &answer).await, StatusCode::CONFLICT).await,
        ApiError::Conflict(ConflictKind::TenantAlreadyAssociated)
    );

    // Signing in as a user of the tenant who is not its administrator, or as a guest in it
    // (even one holding the admin role there), associates nothing.
    for (user, failure) in [
        (
            demo_directory::NON_ADMIN_USER,
            SignInFailure::NotAdministrator,
        ),
        (demo_directory::GUEST_USER, SignInFailure::Guest),
    ] {
        let url = start(&app, &admin, TenantKind::Developer).await;
        let answer = through_directory(&app, &url, Some(user)).await;
        assert_eq!(
            refusal(complete(&app, &admin, &answer).await, StatusCode::CONFLICT).await,
            ApiError::Conflict(ConflictKind::DirectorySignIn(failure)),
            "{failure:?}"
        );
    }
    assert_eq!(tenants(&app, &admin).await.tenants.len(), 2);

    // Cancelling at the directory associates nothing.
    let url = start(&app, &admin, TenantKind::Developer).await;
    let answer = through_directory(&app, &url, None).await;
    assert_eq!(
        refusal(complete(&app, &admin, &answer).await, StatusCode::CONFLICT).await,
        ApiError::Conflict(ConflictKind::DirectorySignIn(SignInFailure::Cancelled))
    );

    // A Developer sees the tenants and changes nothing.
    let developer = as_role(&app, Role::Developer).await;
    assert_eq!(tenants(&app, &developer).await.tenants.len(), 2);
    for (function, args) in [
        ("tenant_association_start", json!({ "kind": "Developer" })),
        (
            "tenant_remove",
            json!({ "tenant_id": DEMO_TENANTS[1].tenant_id }),
        ),
        (
            "tenant_rename",
            json!({ "tenant_id": DEMO_TENANTS[1].tenant_id, "display_name": "x", "version": 1 }),
        ),
    ] {
        let r = app.call(&developer, function, args).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{function}");
    }
    // An Account admin views but does not change tenants either.
    let account_admin = as_role(&app, Role::AccountAdmin).await;
    let r = app
        .call(
            &account_admin,
            "tenant_association_start",
            json!({ "kind": "Developer" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Rename: validated, versioned.
    for (name, status) in [
        ("  ", StatusCode::UNPROCESSABLE_ENTITY),
        ("Dev lab", StatusCode::OK),
        ("Stale", StatusCode::CONFLICT),
    ] {
        let args =
            json!({ "tenant_id": DEMO_TENANTS[1].tenant_id, "display_name": name, "version": 1 });
        let r = app.call(&admin, "tenant_rename", args).await;
        assert_eq!(r.status(), status, "{name:?}");
    }

    // Removal: never the primary tenant; the developer tenant goes, audited.
    let r = app
        .call(
            &admin,
            "tenant_remove",
            json!({ "tenant_id": DEMO_TENANTS[0].tenant_id }),
        )
        .await;
    assert_eq!(
        refusal(r, StatusCode::CONFLICT).await,
        ApiError::Conflict(ConflictKind::TenantRemoval(RemovalBlocker::Primary))
    );
    let r = app
        .call(
            &admin,
            "tenant_remove",
            json!({ "tenant_id": DEMO_TENANTS[1].tenant_id.to_uppercase() }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(tenants(&app, &admin).await.tenants.len(), 1);
    let audit: Vec<Value> = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": null, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    for action in ["TenantAssociated", "TenantRemoved"] {
        assert!(
            audit
                .iter()
                .any(|e| e["action"] == action && e["target"] == DEMO_TENANTS[1].tenant_id),
            "{action} audited"
        );
    }
}

#[tokio::test]
async fn a_global_admin_associates_renames_and_removes_a_tenant_on_sqlite() {
    associates_through_the_demo_directory(spawn_app(true).await).await;
}

#[tokio::test]
async fn a_global_admin_associates_renames_and_removes_a_tenant_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        associates_through_the_demo_directory(app).await;
    }
}

async fn a_tenant_belongs_to_one_account(app: TestApp) {
    // A second company signs up; its founder is its Global admin.
    let founder = browser();
    let r = app.sign_up(&founder, "ada@fabrikam.example").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(tenants(&app, &founder).await.tenants.is_empty());
    // It proves control of the tenant the demo account holds: refused, without naming who.
    let url = start(&app, &founder, TenantKind::Commercial).await;
    let answer = through_directory(&app, &url, Some(0)).await;
    let r = complete(&app, &founder, &answer).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body = r.text().await.unwrap();
    assert!(!body.contains("Contoso"), "{body}");
    assert_eq!(
        serde_json::from_str::<ApiError>(&body).unwrap(),
        ApiError::Conflict(ConflictKind::TenantTaken)
    );
    // Its first own tenant becomes its primary one.
    let url = start(&app, &founder, TenantKind::Developer).await;
    let answer = through_directory(&app, &url, Some(1)).await;
    assert_eq!(
        complete(&app, &founder, &answer).await.status(),
        StatusCode::OK
    );
    let mine = tenants(&app, &founder).await.tenants;
    assert_eq!(mine.len(), 1);
    assert!(mine[0].is_primary);
    // And now the demo account cannot take that one.
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let url = start(&app, &admin, TenantKind::Developer).await;
    let answer = through_directory(&app, &url, Some(1)).await;
    assert_eq!(
        refusal(complete(&app, &admin, &answer).await, StatusCode::CONFLICT).await,
        ApiError::Conflict(ConflictKind::TenantTaken)
    );
    // A state started by one user cannot be completed by another.
    let url = start(&app, &admin, TenantKind::Developer).await;
    let answer = through_directory(&app, &url, Some(1)).await;
    assert_eq!(
        refusal(
            complete(&app, &founder, &answer).await,
            StatusCode::CONFLICT
        )
        .await,
        ApiError::Conflict(ConflictKind::DirectorySignIn(SignInFailure::Expired))
    );
}

#[tokio::test]
async fn a_tenant_belongs_to_at_most_one_account_on_sqlite() {
    a_tenant_belongs_to_one_account(spawn_app(true).await).await;
}

#[tokio::test]
async fn a_tenant_belongs_to_at_most_one_account_on_postgres() {
    if let Some(app) = spawn_app_on_postgres(true).await {
        a_tenant_belongs_to_one_account(app).await;
    }
}

/// The Tenants page's return address under the tests' public URL.
const REDIRECT_URI: &str = "http://partner-settings.test/settings/tenants/associate";

/// A directory of our own on a free port, answering with `fault`.
async fn faulty_directory(fault: Fault) -> (Arc<DemoDirectory>, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let secret = "test-secret".to_owned();
    let directory = DemoDirectory::new(&base, &base, &secret, REDIRECT_URI, fault);
    let routes = demo_directory::routes::<()>(directory.clone());
    tokio::spawn(async move { axum::serve(listener, routes).await });
    (directory, secret)
}

#[tokio::test]
async fn bad_id_tokens_associate_nothing() {
    // The faultless directory last: the same flow succeeds, so each refusal is the fault's.
    for fault in [
        Fault::UnpublishedKey,
        Fault::Expired,
        Fault::IssuerOfAnotherTenant,
        Fault::None,
    ] {
        let (directory, secret) = faulty_directory(fault).await;
        let app = spawn_app_configured(fresh_sqlite_url(), true, |c| {
            c.tenant_directory_issuer = Some(directory.issuer());
            c.tenant_directory_client_id = Some(demo_directory::CLIENT_ID.into());
            c.tenant_directory_client_secret = Some(secret.clone());
        })
        .await;
        let admin = as_role(&app, Role::GlobalAdmin).await;
        let url = start(&app, &admin, TenantKind::Developer).await;
        let answer = through_directory(&app, &url, Some(1)).await;
        let r = complete(&app, &admin, &answer).await;
        if fault == Fault::None {
            assert_eq!(r.status(), StatusCode::OK);
            assert_eq!(tenants(&app, &admin).await.tenants.len(), 2);
        } else {
            assert_eq!(
                refusal(r, StatusCode::CONFLICT).await,
                ApiError::Conflict(ConflictKind::DirectorySignIn(SignInFailure::Rejected)),
                "{fault:?}"
            );
            assert_eq!(tenants(&app, &admin).await.tenants.len(), 1, "{fault:?}");
        }
    }
}

#[tokio::test]
async fn without_a_directory_association_is_unavailable() {
    let app = spawn_app(false).await;
    let founder = browser();
    assert_eq!(
        app.sign_up(&founder, "ada@fabrikam.example").await.status(),
        StatusCode::OK
    );
    assert!(!tenants(&app, &founder).await.can_associate);
    let r = app
        .call(
            &founder,
            "tenant_association_start",
            json!({ "kind": "Commercial" }),
        )
        .await;
    assert_eq!(
        refusal(r, StatusCode::SERVICE_UNAVAILABLE).await,
        ApiError::Unavailable
    );
}

#[tokio::test]
async fn the_demo_directory_sends_codes_only_to_the_registered_address() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let url = start(&app, &admin, TenantKind::Developer).await;
    let mut url = reqwest::Url::parse(&url).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut().clear();
    for (key, value) in pairs {
        let value = if key == "redirect_uri" {
            "https://attacker.example/catch".to_owned()
        } else {
            value
        };
        url.query_pairs_mut().append_pair(&key, &value);
    }
    let page = format!("{}{}?{}", app.base, url.path(), url.query().unwrap());
    let r = browser().get(&page).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let mut form: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    form.push(("user".into(), "1".into()));
    let r = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}{}", app.base, url.path()))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::BAD_REQUEST,
        "no code for a stranger"
    );
}

/// The audit log's CSV export: a French export, separated by semicolons as French spreadsheets
/// expect, keeps a value holding a semicolon in one cell, and no cell starts a formula.
#[tokio::test]
async fn the_audit_export_keeps_a_semicolon_inside_one_cell_and_defuses_formulas() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let tenant_id = DEMO_TENANTS[0].tenant_id;
    for (name, version) in [("Lab;=1+2", 1), ("=HYPERLINK(\"x\")", 2)] {
        let r = app
            .call(
                &admin,
                "tenant_rename",
                json!({ "tenant_id": tenant_id, "display_name": name, "version": version }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{name}");
    }
    let filter = json!({ "user": "", "area": { "In": "Tenants" }, "from": null, "to": null });
    for (locale, separator) in [("Fr", b';'), ("En", b',')] {
        let r = app
            .call(
                &admin,
                "audit_csv",
                json!({ "filter": filter, "locale": locale }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let csv: String = r.json().await.unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator)
            .from_reader(csv.as_bytes());
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(records.len(), 2, "{locale}");
        for record in &records {
            assert_eq!(record.len(), 7, "{locale}: {record:?}");
            assert!(
                record
                    .iter()
                    .all(|cell| !cell.starts_with(['=', '+', '-', '@'])),
                "{locale}: {record:?}"
            );
        }
        // Newest first: the second rename's "before" is the first rename's value.
        assert_eq!(&records[0][5], "Lab;=1+2", "{locale}");
        assert_eq!(&records[0][6], "'=HYPERLINK(\"x\")", "{locale}");
    }
}
