//! User management over real HTTP: invitations, the role rules, deactivation, versions,
//! incentives read-only access and the audit log.

mod common;

use backend::seed::{demo_email, DEMO_PASSWORD};
use common::{as_role, browser, spawn_app, TestApp};
use domain::error::ConflictKind;
use domain::{ApiError, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn users(app: &TestApp, client: &Client) -> Vec<Value> {
    let r = app.call(client, "users", json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json::<Vec<Value>>().await.unwrap()
}

async fn user_by_email(app: &TestApp, client: &Client, email: &str) -> Value {
    users(app, client)
        .await
        .into_iter()
        .find(|u| u["email"] == email)
        .unwrap_or_else(|| panic!("{email} not listed"))
}

async fn error_of(response: reqwest::Response) -> (StatusCode, ApiError) {
    let status = response.status();
    (
        status,
        response.json::<ApiError>().await.expect("ApiError body"),
    )
}

async fn invite(app: &TestApp, client: &Client, email: &str, roles: &[&str]) -> reqwest::Response {
    app.call(
        client,
        "users_invite",
        json!({ "form": { "name": "Invited Person", "email": email, "roles": roles } }),
    )
    .await
}

async fn set_roles(
    app: &TestApp,
    client: &Client,
    user: &Value,
    roles: &[&str],
) -> reqwest::Response {
    app.call(
        client,
        "users_set_roles",
        json!({ "user_id": user["id"], "roles": roles, "version": user["version"] }),
    )
    .await
}

#[tokio::test]
async fn an_invitation_link_sets_a_password_once_and_signs_the_user_in() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let r = invite(
        &app,
        &admin,
        "new.person@contoso.example",
        &["IncentiveUser"],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let invited = user_by_email(&app, &admin, "new.person@contoso.example").await;
    assert_eq!(invited["status"], "Invited");
    assert!(invited["invitation_expires_at"].as_i64().unwrap() > backend::now() + 6 * 86_400);

    // Until they accept, they cannot sign in.
    let early = app
        .sign_in(
            &browser(),
            "new.person@contoso.example",
            "whatever-password",
        )
        .await;
    assert_eq!(early.status(), StatusCode::UNAUTHORIZED);

    let token = common::mailed_token(&app, "new.person@contoso.example").await;
    let info: Value = app
        .call(&browser(), "invitation", json!({ "token": token }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["company"], "Contoso Ltd");

    let newcomer = browser();
    let accepted = app
        .call(
            &newcomer,
            "invitation_accept",
            json!({ "token": token, "password": "a long new passphrase" }),
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let me: Value = app
        .call(&newcomer, "me", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"], json!(["IncentiveUser"]));

    let reused = app
        .call(
            &browser(),
            "invitation_accept",
            json!({ "token": token, "password": "another passphrase" }),
        )
        .await;
    assert_eq!(
        error_of(reused).await,
        (
            StatusCode::CONFLICT,
            ApiError::Conflict(ConflictKind::InvitationUnusable)
        )
    );
    let signed_in = app
        .sign_in(
            &browser(),
            "new.person@contoso.example",
            "a long new passphrase",
        )
        .await;
    assert_eq!(signed_in.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_expired_or_replaced_invitation_link_is_refused() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    invite(&app, &admin, "late@contoso.example", &["Developer"]).await;
    let first = common::mailed_token(&app, "late@contoso.example").await;
    sqlx::query("UPDATE invitations SET expires_at = 0")
        .execute(app.running.state.db.pool())
        .await
        .unwrap();
    let expired = app
        .call(
            &browser(),
            "invitation_accept",
            json!({ "token": first, "password": "a long new passphrase" }),
        )
        .await;
    assert_eq!(
        error_of(expired).await.1,
        ApiError::Conflict(ConflictKind::InvitationUnusable)
    );

    let invited = user_by_email(&app, &admin, "late@contoso.example").await;
    let resent = app
        .call(
            &admin,
            "users_resend_invitation",
            json!({ "user_id": invited["id"] }),
        )
        .await;
    assert_eq!(resent.status(), StatusCode::OK);
    let second = common::mailed_token(&app, "late@contoso.example").await;
    assert_ne!(first, second);
    let ok = app
        .call(
            &browser(),
            "invitation_accept",
            json!({ "token": second, "password": "a long new passphrase" }),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_revoked_invitation_removes_the_user_and_its_link() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::UserManagementAdmin).await;
    invite(&app, &admin, "gone@contoso.example", &["Marketer"]).await;
    let token = common::mailed_token(&app, "gone@contoso.example").await;
    let invited = user_by_email(&app, &admin, "gone@contoso.example").await;
    let revoked = app
        .call(
            &admin,
            "users_revoke_invitation",
            json!({ "user_id": invited["id"] }),
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert!(users(&app, &admin)
        .await
        .iter()
        .all(|u| u["email"] != "gone@contoso.example"));
    let late = app
        .call(
            &browser(),
            "invitation_accept",
            json!({ "token": token, "password": "a long new passphrase" }),
        )
        .await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn only_a_global_admin_grants_global_admin_or_touches_a_global_admin() {
    let app = spawn_app(true).await;
    let uma = as_role(&app, Role::UserManagementAdmin).await;
    let dev = user_by_email(&app, &uma, &demo_email(Role::Developer)).await;
    let r = set_roles(&app, &uma, &dev, &["Developer", "GlobalAdmin"]).await;
    assert_eq!(
        error_of(r).await,
        (StatusCode::FORBIDDEN, ApiError::Forbidden)
    );
    let r = invite(&app, &uma, "boss@contoso.example", &["GlobalAdmin"]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let ga = user_by_email(&app, &uma, &demo_email(Role::GlobalAdmin)).await;
    assert_eq!(
        set_roles(&app, &uma, &ga, &["GlobalAdmin", "Marketer"])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let deactivate = app
        .call(
            &uma,
            "users_deactivate",
            json!({ "user_id": ga["id"], "version": ga["version"] }),
        )
        .await;
    assert_eq!(deactivate.status(), StatusCode::FORBIDDEN);

    // The Global admin may grant it.
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let r = set_roles(&app, &admin, &dev, &["Developer", "GlobalAdmin"]).await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_last_global_admin_cannot_step_down_and_nobody_raises_their_own_roles() {
    let app = spawn_app(true).await;
    let first = as_role(&app, Role::GlobalAdmin).await;
    // Raising one's own roles is refused, even for a Global admin.
    let me = user_by_email(&app, &first, &demo_email(Role::GlobalAdmin)).await;
    let r = set_roles(&app, &first, &me, &["GlobalAdmin", "Marketer"]).await;
    assert_eq!(
        error_of(r).await,
        (
            StatusCode::CONFLICT,
            ApiError::Conflict(ConflictKind::OwnRoles)
        )
    );

    // A second Global admin gives the first one a second role, then steps down itself.
    let dev = user_by_email(&app, &first, &demo_email(Role::Developer)).await;
    assert_eq!(
        set_roles(&app, &first, &dev, &["Developer", "GlobalAdmin"])
            .await
            .status(),
        StatusCode::OK
    );
    let second = as_role(&app, Role::Developer).await;
    let me = user_by_email(&app, &second, &demo_email(Role::GlobalAdmin)).await;
    assert_eq!(
        set_roles(&app, &second, &me, &["GlobalAdmin", "Marketer"])
            .await
            .status(),
        StatusCode::OK
    );
    let itself = user_by_email(&app, &second, &demo_email(Role::Developer)).await;
    assert_eq!(
        set_roles(&app, &second, &itself, &["Developer"])
            .await
            .status(),
        StatusCode::OK,
        "two admins: one may step down"
    );

    // Now the first is the last Global admin: it can neither drop the role nor remove itself.
    let last = user_by_email(&app, &first, &demo_email(Role::GlobalAdmin)).await;
    let r = set_roles(&app, &first, &last, &["Marketer"]).await;
    assert_eq!(
        error_of(r).await,
        (
            StatusCode::CONFLICT,
            ApiError::Conflict(ConflictKind::LastGlobalAdmin)
        )
    );
    for function in ["users_deactivate", "users_delete"] {
        let r = app
            .call(
                &first,
                function,
                json!({ "user_id": last["id"], "version": last["version"] }),
            )
            .await;
        assert_eq!(error_of(r).await.0, StatusCode::CONFLICT, "{function}");
    }
    let still: Value = app
        .call(&first, "me", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still["roles"], json!(["GlobalAdmin", "Marketer"]));
}

#[tokio::test]
async fn deactivating_a_user_ends_their_sessions_and_blocks_sign_in_until_reactivated() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let marketer = as_role(&app, Role::Marketer).await;
    assert_eq!(
        app.call(&marketer, "me", json!({})).await.status(),
        StatusCode::OK
    );

    let target = user_by_email(&app, &admin, &demo_email(Role::Marketer)).await;
    let r = app
        .call(
            &admin,
            "users_deactivate",
            json!({ "user_id": target["id"], "version": target["version"] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.call(&marketer, "me", json!({})).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let again = app
        .sign_in(&browser(), &demo_email(Role::Marketer), DEMO_PASSWORD)
        .await;
    assert_eq!(
        error_of(again).await,
        (StatusCode::FORBIDDEN, ApiError::Deactivated)
    );

    let target = user_by_email(&app, &admin, &demo_email(Role::Marketer)).await;
    assert_eq!(target["status"], "Deactivated");
    let r = app
        .call(
            &admin,
            "users_reactivate",
            json!({ "user_id": target["id"], "version": target["version"] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.sign_in(&browser(), &demo_email(Role::Marketer), DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn deleting_a_user_removes_them_and_their_sessions() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let victim = as_role(&app, Role::ReportViewer).await;
    let target = user_by_email(&app, &admin, &demo_email(Role::ReportViewer)).await;
    let r = app
        .call(
            &admin,
            "users_delete",
            json!({ "user_id": target["id"], "version": target["version"] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.call(&victim, "me", json!({})).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert!(users(&app, &admin)
        .await
        .iter()
        .all(|u| u["email"] != demo_email(Role::ReportViewer)));
    let own = user_by_email(&app, &admin, &demo_email(Role::GlobalAdmin)).await;
    let r = app
        .call(
            &admin,
            "users_delete",
            json!({ "user_id": own["id"], "version": own["version"] }),
        )
        .await;
    assert_eq!(
        error_of(r).await.1,
        ApiError::Conflict(ConflictKind::OwnUser)
    );
}

#[tokio::test]
async fn a_stale_version_is_refused_with_who_changed_it_and_the_current_record() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let uma = as_role(&app, Role::UserManagementAdmin).await;
    let opened = user_by_email(&app, &admin, &demo_email(Role::Developer)).await;
    assert_eq!(
        set_roles(&app, &uma, &opened, &["Developer", "Marketer"])
            .await
            .status(),
        StatusCode::OK
    );
    let late = set_roles(&app, &admin, &opened, &["Developer", "BillingAdmin"]).await;
    let (status, error) = error_of(late).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let ApiError::Conflict(ConflictKind::Stale { by, at, current }) = error else {
        panic!("{error:?}")
    };
    assert_eq!(by, demo_email(Role::UserManagementAdmin));
    assert!(at > 0);
    let current: Value = serde_json::from_str(&current).unwrap();
    assert_eq!(current["roles"], json!(["Developer", "Marketer"]));
}

#[tokio::test]
async fn another_accounts_user_is_not_found() {
    let app = spawn_app(true).await;
    let outsider = browser();
    app.sign_up(&outsider, "ada@fabrikam.example").await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let dev = user_by_email(&app, &admin, &demo_email(Role::Developer)).await;
    let r = set_roles(&app, &outsider, &dev, &["Marketer"]).await;
    assert_eq!(
        error_of(r).await,
        (StatusCode::NOT_FOUND, ApiError::NotFound)
    );
}

#[tokio::test]
async fn incentive_users_read_incentives_and_only_incentive_admins_change_them() {
    let app = spawn_app(true).await;
    let viewer = as_role(&app, Role::IncentiveUser).await;
    let editor = as_role(&app, Role::IncentiveAdmin).await;
    let form = json!({ "payment_contact_name": "Chloé Robert", "payment_contact_email": "pay@contoso.example", "claims_email": "claims@contoso.example" });
    let refused = app
        .call(
            &viewer,
            "incentives_save",
            json!({ "form": form, "version": 0 }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let saved = app
        .call(
            &editor,
            "incentives_save",
            json!({ "form": form, "version": 0 }),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let read: Value = app
        .call(&viewer, "incentives", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["form"]["claims_email"], "claims@contoso.example");
    assert_eq!(read["version"], 1);
    let stale = app
        .call(
            &editor,
            "incentives_save",
            json!({ "form": form, "version": 0 }),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let bad = app
        .call(&editor, "incentives_save", json!({ "form": { "payment_contact_name": "", "payment_contact_email": "x", "claims_email": "y" }, "version": 1 }))
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let marketer = as_role(&app, Role::Marketer).await;
    assert_eq!(
        app.call(&marketer, "incentives", json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_audit_log_records_sign_ins_failures_and_role_changes_and_exports_csv() {
    let app = spawn_app(true).await;
    let _ = app
        .sign_in(&browser(), &demo_email(Role::Developer), "wrong password!")
        .await;
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let dev = user_by_email(&app, &admin, &demo_email(Role::Developer)).await;
    set_roles(&app, &admin, &dev, &["Developer", "Marketer"]).await;

    let log: Vec<Value> = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": null, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        &actions[..3],
        ["RolesChanged", "SignIn", "SignInFailed"],
        "newest first"
    );
    assert_eq!(log[0]["before"], json!([{ "Roles": ["Developer"] }]));
    assert_eq!(
        log[0]["after"],
        json!([{ "Roles": ["Developer", "Marketer"] }])
    );

    let users_only: Vec<Value> = app
        .call(
            &admin,
            "audit",
            json!({ "filter": { "user": "developer", "area": { "In": "Users" }, "from": null, "to": null } }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(users_only.len(), 1);

    let csv: String = app
        .call(
            &admin,
            "audit_csv",
            json!({ "filter": { "user": "", "area": null, "from": null, "to": null }, "locale": "En" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(csv.starts_with(
        "\"time_utc\",\"actor\",\"area\",\"action\",\"target\",\"before\",\"after\"\r\n"
    ));
    assert!(csv.contains(",\"roles-changed\","));

    let account_admin = as_role(&app, Role::AccountAdmin).await;
    let filter = json!({ "filter": { "user": "", "area": null, "from": null, "to": null } });
    assert_eq!(
        app.call(&account_admin, "audit", filter.clone())
            .await
            .status(),
        StatusCode::OK
    );
    let marketer = as_role(&app, Role::Marketer).await;
    assert_eq!(
        app.call(&marketer, "audit", filter).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_mailbox_exists_only_in_demo_mode() {
    let app = spawn_app(false).await;
    let r = app.call(&browser(), "mailbox", json!({})).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let admin = browser();
    app.sign_up(&admin, "ada@fabrikam.example").await;
    let r = app.call(&admin, "mailbox", json!({})).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn mailbox_of(app: &TestApp, client: &Client) -> Vec<Value> {
    let r = app.call(client, "mailbox", json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn the_mailbox_needs_a_session_and_shows_only_the_callers_accounts_mail() {
    let app = spawn_app(true).await;
    let r = app.call(&browser(), "mailbox", json!({})).await;
    assert_eq!(
        error_of(r).await,
        (StatusCode::UNAUTHORIZED, ApiError::Unauthenticated)
    );
    let contoso = as_role(&app, Role::GlobalAdmin).await;
    let fabrikam = common::as_fabrikam(&app, Role::GlobalAdmin).await;
    assert_eq!(
        invite(&app, &contoso, "cleo@contoso.example", &["Marketer"])
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        invite(&app, &fabrikam, "fred@fabrikam.example", &["Marketer"])
            .await
            .status(),
        StatusCode::OK
    );
    // Mail to one company's address about the other company belongs to the other company.
    assert_eq!(
        invite(&app, &fabrikam, "ines@contoso.example", &["Marketer"])
            .await
            .status(),
        StatusCode::OK
    );
    let to = |mail: &[Value]| {
        mail.iter()
            .map(|m| m["to"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let seen_by_contoso = to(&mailbox_of(&app, &as_role(&app, Role::Marketer).await).await);
    assert!(seen_by_contoso.contains(&"cleo@contoso.example".to_owned()));
    assert!(!seen_by_contoso.contains(&"fred@fabrikam.example".to_owned()));
    assert!(!seen_by_contoso.contains(&"ines@contoso.example".to_owned()));
    let seen_by_fabrikam = to(&mailbox_of(&app, &fabrikam).await);
    assert!(seen_by_fabrikam.contains(&"fred@fabrikam.example".to_owned()));
    assert!(seen_by_fabrikam.contains(&"ines@contoso.example".to_owned()));
    assert!(!seen_by_fabrikam.contains(&"cleo@contoso.example".to_owned()));
    // A forged sign-up cookie is not a way in either.
    let forged = reqwest::Client::new()
        .post(format!("{}/api/mailbox", app.base))
        .header("content-type", "application/json")
        .header("cookie", "ps_signup=forged")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_user_management_admin_neither_grants_nor_removes_an_admin_role() {
    let app = spawn_app(true).await;
    let uma = as_role(&app, Role::UserManagementAdmin).await;
    let dev = user_by_email(&app, &uma, &demo_email(Role::Developer)).await;
    for role in [
        "AccountAdmin",
        "BillingAdmin",
        "UserManagementAdmin",
        "IncentiveAdmin",
        "ReferralsAdmin",
    ] {
        let r = invite(&app, &uma, "someone@contoso.example", &["Marketer", role]).await;
        assert_eq!(
            error_of(r).await,
            (StatusCode::FORBIDDEN, ApiError::Forbidden),
            "invite as {role}"
        );
        let r = set_roles(&app, &uma, &dev, &["Developer", role]).await;
        assert_eq!(
            error_of(r).await,
            (StatusCode::FORBIDDEN, ApiError::Forbidden),
            "grant {role}"
        );
    }
    // Taking one away is as far out of reach.
    for role in [Role::BillingAdmin, Role::AccountAdmin, Role::IncentiveAdmin] {
        let holder = user_by_email(&app, &uma, &demo_email(role)).await;
        let r = set_roles(&app, &uma, &holder, &["Marketer"]).await;
        assert_eq!(
            error_of(r).await,
            (StatusCode::FORBIDDEN, ApiError::Forbidden),
            "remove {role:?}"
        );
        let unchanged = user_by_email(&app, &uma, &demo_email(role)).await;
        assert_eq!(unchanged["roles"], json!([role]));
    }
    assert!(users(&app, &uma)
        .await
        .iter()
        .all(|u| u["email"] != "someone@contoso.example"));
    // The other roles are theirs to give and take.
    assert_eq!(
        invite(&app, &uma, "mia@contoso.example", &["Marketer"])
            .await
            .status(),
        StatusCode::OK
    );
    let r = set_roles(&app, &uma, &dev, &["Developer", "Marketer"]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let dev: Value = r.json().await.unwrap();
    assert_eq!(
        set_roles(&app, &uma, &dev, &["Developer"]).await.status(),
        StatusCode::OK
    );
    // A Global admin grants admin roles.
    let ga = as_role(&app, Role::GlobalAdmin).await;
    assert_eq!(
        invite(&app, &ga, "noa@contoso.example", &["BillingAdmin"])
            .await
            .status(),
        StatusCode::OK
    );
}

async fn audit_of(app: &TestApp, client: &Client) -> Vec<Value> {
    app.call(
        client,
        "audit",
        json!({ "filter": { "user": "", "area": { "In": "Users" }, "from": null, "to": null } }),
    )
    .await
    .json()
    .await
    .unwrap()
}

async fn outside_domains_journey(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let domains: Vec<String> = app
        .call(&admin, "users_own_domains", json!({}))
        .await
        .json()
        .await
        .unwrap();
    // Its users' sign-in domain and its tenant's primary domain.
    assert_eq!(domains, ["contoso-partner.example", "contoso.example"]);
    let uma = as_role(&app, Role::UserManagementAdmin).await;
    assert_eq!(
        app.call(&uma, "users_own_domains", json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    let marketer = as_role(&app, Role::Marketer).await;
    assert_eq!(
        app.call(&marketer, "users_own_domains", json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // Outside the domains: allowed, and the audit entry says so.
    let r = invite(&app, &admin, "ivy@northwind.example", &["Marketer"]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = invite(&app, &admin, "max@eu.contoso.example", &["Marketer"]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let log = audit_of(&app, &admin).await;
    let entry = |target: &str| {
        log.iter()
            .find(|e| e["action"] == "UserInvited" && e["target"] == target)
            .unwrap_or_else(|| panic!("no invitation of {target}"))["after"]
            .clone()
    };
    assert_eq!(
        entry("ivy@northwind.example"),
        json!([{ "Roles": ["Marketer"] }, { "Note": "OutsideDomains" }])
    );
    assert_eq!(
        entry("max@eu.contoso.example"),
        json!([{ "Roles": ["Marketer"] }])
    );
    // An invited address does not make its domain the company's.
    let domains: Vec<String> = app
        .call(&admin, "users_own_domains", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert!(!domains.contains(&"northwind.example".to_owned()));
}

#[tokio::test]
async fn an_invitation_outside_the_company_domains_is_allowed_and_audited_as_such_on_sqlite() {
    outside_domains_journey(spawn_app(true).await).await;
}

#[tokio::test]
async fn an_invitation_outside_the_company_domains_is_allowed_and_audited_as_such_on_postgres() {
    if let Some(app) = common::spawn_app_on_postgres(true).await {
        outside_domains_journey(app).await;
    }
}

async fn account_elsewhere_journey(app: TestApp) {
    let admin = as_role(&app, Role::GlobalAdmin).await;
    let elsewhere = common::fabrikam_email(Role::Developer);
    // Answered like any other invitation: the inviter learns nothing about other companies.
    let r = invite(&app, &admin, &elsewhere, &["Developer"]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let invited = user_by_email(&app, &admin, &elsewhere).await;
    assert_eq!(invited["status"], "Invited");
    // The invitee learns it from the link, and cannot accept.
    let token = common::mailed_token(&app, &elsewhere).await;
    let info: Value = app
        .call(&browser(), "invitation", json!({ "token": token }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["company"], "Contoso Ltd");
    assert_eq!(info["has_account_elsewhere"], true);
    let r = app
        .call(
            &browser(),
            "invitation_accept",
            json!({ "token": token, "password": "a long new passphrase" }),
        )
        .await;
    assert_eq!(
        error_of(r).await,
        (
            StatusCode::CONFLICT,
            ApiError::Conflict(ConflictKind::InvitationEmailHasAccount)
        )
    );
    // Their own account is untouched: they sign in to Fabrikam as before.
    let them = common::signed_in(&app, &elsewhere).await;
    let me: Value = app.call(&them, "me", json!({})).await.json().await.unwrap();
    assert_eq!(me["account"]["legal_name"], "Fabrikam SAS");
    // An address already in this account is refused beside the field.
    let r = invite(&app, &admin, &demo_email(Role::Marketer), &["Developer"]).await;
    assert_eq!(
        error_of(r).await,
        (
            StatusCode::CONFLICT,
            ApiError::Conflict(ConflictKind::EmailTaken)
        )
    );
    // A fresh address invited in one company and free elsewhere shows no warning.
    let r = invite(&app, &admin, "new.face@contoso.example", &["Marketer"]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let token = common::mailed_token(&app, "new.face@contoso.example").await;
    let info: Value = app
        .call(&browser(), "invitation", json!({ "token": token }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["has_account_elsewhere"], false);

    // Someone's pending sign-up of an address does not block its invitation: accepting it
    // proves the mailbox and replaces that attempt.
    let stranger = browser();
    app.start_sign_up(&stranger, "zoe@contoso.example").await;
    let strangers_link = common::mailed_token(&app, "zoe@contoso.example").await;
    invite(&app, &admin, "zoe@contoso.example", &["Marketer"]).await;
    let token = common::mailed_token(&app, "zoe@contoso.example").await;
    let zoe = browser();
    let r = app
        .call(
            &zoe,
            "invitation_accept",
            json!({ "token": token, "password": "zoe's long passphrase" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = app
        .call(
            &stranger,
            "sign_up_confirm",
            json!({ "token": strangers_link, "password": common::SIGN_UP_PASSWORD }),
        )
        .await;
    assert_eq!(
        error_of(r).await,
        (
            StatusCode::CONFLICT,
            ApiError::Conflict(ConflictKind::SignUpLinkUnusable)
        )
    );
    let signed = app
        .sign_in(&browser(), "zoe@contoso.example", "zoe's long passphrase")
        .await;
    assert_eq!(signed.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_address_with_an_account_elsewhere_is_invited_like_any_other_but_cannot_accept_on_sqlite(
) {
    account_elsewhere_journey(spawn_app(true).await).await;
}

#[tokio::test]
async fn an_address_with_an_account_elsewhere_is_invited_like_any_other_but_cannot_accept_on_postgres(
) {
    if let Some(app) = common::spawn_app_on_postgres(true).await {
        account_elsewhere_journey(app).await;
    }
}

async fn mails_to(app: &TestApp, to: &str) -> usize {
    common::outbox(app)
        .await
        .iter()
        .filter(|m| m["to"] == to)
        .count()
}

async fn resend_flood(app: TestApp) {
    let admin = as_role(&app, Role::UserManagementAdmin).await;
    invite(&app, &admin, "target@northwind.example", &["Marketer"]).await;
    let invited = user_by_email(&app, &admin, "target@northwind.example").await;
    let mut statuses = Vec::new();
    for _ in 0..25 {
        let r = app
            .call(
                &admin,
                "users_resend_invitation",
                json!({ "user_id": invited["id"] }),
            )
            .await;
        statuses.push(r.status());
    }
    // The invitation and four resends: five per address per hour, then 429 and no mail.
    assert_eq!(mails_to(&app, "target@northwind.example").await, 5);
    assert!(
        statuses[..4].iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert!(
        statuses[4..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // Another admin cannot add to it either.
    let other = as_role(&app, Role::GlobalAdmin).await;
    let r = app
        .call(
            &other,
            "users_resend_invitation",
            json!({ "user_id": invited["id"] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mails_to(&app, "target@northwind.example").await, 5);
}

#[tokio::test]
async fn twenty_five_invitation_resends_queue_at_most_the_limit_on_sqlite() {
    resend_flood(spawn_app(true).await).await;
}

#[tokio::test]
async fn twenty_five_invitation_resends_queue_at_most_the_limit_on_postgres() {
    if let Some(app) = common::spawn_app_on_postgres(true).await {
        resend_flood(app).await;
    }
}

#[tokio::test]
async fn one_admin_cannot_spread_invitations_over_many_addresses() {
    let app = spawn_app(true).await;
    let admin = as_role(&app, Role::UserManagementAdmin).await;
    // Fifty invitation mails per user per hour: a whole team, not the world.
    for n in 0..50 {
        let r = invite(
            &app,
            &admin,
            &format!("person{n}@contoso.example"),
            &["Marketer"],
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK, "{n}");
    }
    let r = invite(&app, &admin, "person50@contoso.example", &["Marketer"]).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mails_to(&app, "person50@contoso.example").await, 0);
}
