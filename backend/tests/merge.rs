//! Account merge tests: every case runs against SQLite and PostgreSQL, each on a fresh
//! database. Companies are made with `accounts::create_account` (a Global admin) plus users,
//! locations and tenants written beside it, and are verified (only verified companies merge)
//! unless a test says otherwise. Every user has the same password, [`PASSWORD`].

use std::collections::BTreeSet;

use backend::auth::{self, PasswordHashString};
use backend::testing::{fresh_postgres_url, fresh_sqlite_url};
use backend::{accounts, audit, identifiers, locations, mail, merge, notifications, users};
use backend::{Db, Error, Principal};
use domain::address::AddressInput;
use domain::audit::{AuditAction, AuditFilter};
use domain::error::ConflictKind;
use domain::identifiers::PartnerId;
use domain::locations::ValidLocation;
use domain::merge::{
    DeclineReason, MergeDirection, MergeMessage, MergeState, MergeSummary,
    MERGE_INVITATION_LIFETIME_SECS,
};
use domain::model::{NewPartner, NotificationKind, SignUpForm};
use domain::{ApiError, Field, Invalid, Password, Role};
use sqlx::Row;
use tokio::sync::OnceCell;

/// Runs `case` once per database.
async fn on_both<F, Fut>(case: F)
where
    F: Fn(Db) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    case(backend::open(&fresh_sqlite_url()).await.expect("sqlite")).await;
    if let Some(url) = fresh_postgres_url().await {
        case(backend::open(&url).await.expect("postgres")).await;
    }
}

fn refusal(result: Result<impl Sized, Error>) -> ApiError {
    match result {
        Err(Error::Refused(e)) => e,
        Err(other) => panic!("expected a refusal, got {other:?}"),
        Ok(_) => panic!("expected a refusal, got success"),
    }
}

fn conflict(kind: ConflictKind) -> ApiError {
    ApiError::Conflict(kind)
}

/// Every test user's password: inviting, accepting and confirming ask for it again.
const PASSWORD: &str = "analytical engine 1843";

/// One password hash for every test user (argon2 is slow on purpose).
async fn hash() -> &'static PasswordHashString {
    static HASH: OnceCell<PasswordHashString> = OnceCell::const_new();
    HASH.get_or_init(|| async {
        auth::hash_password(&Password::parse(PASSWORD).unwrap())
            .await
            .unwrap()
    })
    .await
}

/// A partner account and its first user, a Global admin.
struct Company {
    id: i64,
    partner_id: String,
    admin: Principal,
}

/// A verified company: the merges' usual party.
async fn company(db: &Db, name: &str, domain: &str) -> Company {
    let company = unverified_company(db, name, domain).await;
    set_verification(db, &company, "verified").await;
    company
}

/// Sets `company`'s verification status as a reviewer's (or the partner's) step would leave it.
async fn set_verification(db: &Db, company: &Company, status: &str) {
    sqlx::query(
        "INSERT INTO verification (account_id, status, version, updated_at) VALUES ($1, $2, 1, 0) \
         ON CONFLICT (account_id) DO UPDATE SET status = $2, version = verification.version + 1",
    )
    .bind(company.id)
    .bind(status)
    .execute(db.pool())
    .await
    .unwrap();
}

async fn unverified_company(db: &Db, name: &str, domain: &str) -> Company {
    let form = SignUpForm {
        email: format!("ga@{domain}"),
        name: "Grace Admin".into(),
        password: PASSWORD.into(),
        company_name: name.into(),
        country: "FR".into(),
    };
    let partner = NewPartner::parse(&form).unwrap();
    let user_id = accounts::create_account(db, &partner, hash().await, &[Role::GlobalAdmin])
        .await
        .unwrap();
    let admin = users::principal_of(db, user_id).await.unwrap();
    let partner_id = users::me(db, &admin).await.unwrap().account.partner_id;
    Company {
        id: admin.account_id,
        partner_id,
        admin,
    }
}

/// Another user of `company` with `roles`, in `status` ('active', 'invited', 'deactivated'),
/// with the same password as the company's Global admin.
async fn add_user(
    db: &Db,
    company: &Company,
    email: &str,
    roles: &[Role],
    status: &str,
) -> Principal {
    let id: i64 = sqlx::query(
        "INSERT INTO users (account_id, email, name, password_hash, created_at, status) \
         VALUES ($1, $2, 'Someone Else', (SELECT password_hash FROM users WHERE id = $4), 0, $3) \
         RETURNING id",
    )
    .bind(company.id)
    .bind(email)
    .bind(status)
    .bind(company.admin.user_id)
    .fetch_one(db.pool())
    .await
    .unwrap()
    .try_get("id")
    .unwrap();
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role.slug())
            .execute(db.pool())
            .await
            .unwrap();
    }
    users::principal_of(db, id).await.unwrap()
}

async fn add_location(db: &Db, who: &Principal, name: &str, is_legal: bool) {
    let valid = ValidLocation {
        name: name.into(),
        address: AddressInput {
            country: "FR".into(),
            street: "1 rue de la Paix".into(),
            city: "Paris".into(),
            region: String::new(),
            postal_code: "75002".into(),
        },
        is_legal,
    };
    locations::add(db, who, valid).await.unwrap();
}

async fn add_tenant(db: &Db, company: &Company, tenant_id: &str, primary: bool) {
    sqlx::query(
        "INSERT INTO tenants (account_id, tenant_id, primary_domain, display_name, kind, \
         is_primary, associated_by, associated_at, updated_at, updated_by) \
         VALUES ($1, $2, 'contoso.example', 'Contoso', 'commercial', $3, 'x', 0, 0, 'x')",
    )
    .bind(company.id)
    .bind(tenant_id)
    .bind(i64::from(primary))
    .execute(db.pool())
    .await
    .unwrap();
}

fn pid(id: &str) -> PartnerId {
    PartnerId::parse(id).unwrap()
}

fn message() -> MergeMessage {
    MergeMessage::parse("We are the same company since the acquisition.").unwrap()
}

async fn invite(db: &Db, from: &Company, to: &Company) -> MergeSummary {
    merge::invite(db, &from.admin, PASSWORD, &pid(&to.partner_id), &message())
        .await
        .unwrap()
}

async fn kinds(db: &Db, who: &Principal) -> Vec<NotificationKind> {
    notifications::list(db, who)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect()
}

/// The recipients of queued mail whose subject contains `subject`.
async fn mailed(db: &Db, subject: &str) -> BTreeSet<String> {
    mail::mailbox(db, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.subject.contains(subject))
        .map(|m| m.to)
        .collect()
}

/// The audit actions recorded in `account_id`'s log (newest first).
async fn audited(db: &Db, account_id: i64) -> Vec<AuditAction> {
    let reader = Principal {
        user_id: 0,
        account_id,
        email: "auditor@platform.example".into(),
        roles: vec![Role::GlobalAdmin],
        reviewer: false,
        account_merged: false,
    };
    audit::list(db, &reader, &AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

async fn count(db: &Db, sql: &str, accounts: [i64; 2]) -> i64 {
    sqlx::query(sql)
        .bind(accounts[0])
        .bind(accounts[1])
        .fetch_one(db.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// Users, locations and tenants of two accounts together.
async fn rows_of(db: &Db, accounts: [i64; 2]) -> [i64; 3] {
    [
        count(
            db,
            "SELECT COUNT(*) AS n FROM users WHERE account_id IN ($1, $2)",
            accounts,
        )
        .await,
        count(
            db,
            "SELECT COUNT(*) AS n FROM locations WHERE account_id IN ($1, $2)",
            accounts,
        )
        .await,
        count(
            db,
            "SELECT COUNT(*) AS n FROM tenants WHERE account_id IN ($1, $2)",
            accounts,
        )
        .await,
    ]
}

async fn open_merges(db: &Db) -> i64 {
    let row =
        sqlx::query("SELECT COUNT(*) AS n FROM merges WHERE state IN ('invited', 'accepted')")
            .fetch_one(db.pool())
            .await
            .unwrap();
    row.try_get("n").unwrap()
}

#[tokio::test]
async fn an_account_is_found_by_its_partner_id_and_shows_only_its_legal_name_and_country() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        add_location(&db, &b.admin, "Siège", true).await;
        let found = merge::find(&db, &a.admin, &pid(&b.partner_id))
            .await
            .unwrap();
        assert_eq!(found.legal_name, "Fabrikam SAS");
        assert_eq!(found.country, "FR");
        // The JSON the client gets holds these two fields and nothing else.
        let json = serde_json::to_value(&found).unwrap();
        assert_eq!(json.as_object().unwrap().len(), 2);

        let location_id = identifiers::view(&db, &b.admin).await.unwrap().locations[0]
            .location_id
            .clone();
        assert_eq!(
            refusal(merge::find(&db, &a.admin, &pid(&location_id)).await),
            ApiError::invalid(Field::PartnerId, Invalid::LocationIdGiven)
        );
        let unknown = if b.partner_id == "9999999" {
            "9999998"
        } else {
            "9999999"
        };
        let unknown = if a.partner_id == unknown {
            "9999997"
        } else {
            unknown
        };
        assert_eq!(
            refusal(merge::find(&db, &a.admin, &pid(unknown)).await),
            ApiError::invalid(Field::PartnerId, Invalid::UnknownPartnerId)
        );
        assert_eq!(
            refusal(merge::find(&db, &a.admin, &pid(&a.partner_id)).await),
            conflict(ConflictKind::MergeWithSelf)
        );
        assert_eq!(
            PartnerId::parse("12345"),
            Err(ApiError::invalid(
                Field::PartnerId,
                Invalid::PartnerIdFormat
            ))
        );
    })
    .await;
}

#[tokio::test]
async fn an_invitation_tells_both_accounts_active_admins_and_is_recorded_on_both_sides() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        let a_account_admin = add_user(
            &db,
            &a,
            "aa@contoso.example",
            &[Role::AccountAdmin],
            "active",
        )
        .await;
        let b_account_admin = add_user(
            &db,
            &b,
            "aa@fabrikam.example",
            &[Role::AccountAdmin],
            "active",
        )
        .await;
        let b_marketer =
            add_user(&db, &b, "mk@fabrikam.example", &[Role::Marketer], "active").await;
        let b_gone = add_user(
            &db,
            &b,
            "old@fabrikam.example",
            &[Role::GlobalAdmin],
            "deactivated",
        )
        .await;

        let sent = invite(&db, &a, &b).await;
        assert_eq!(sent.direction, MergeDirection::WeInvited);
        assert_eq!(sent.state, MergeState::Invited);
        assert_eq!(sent.other_legal_name, "Fabrikam SAS");
        assert_eq!(sent.other_partner_id, b.partner_id);
        assert_eq!(sent.message, message().as_str());
        assert_eq!(sent.invited_by, "ga@contoso.example");
        assert_eq!(
            sent.expires_at,
            sent.invited_at + MERGE_INVITATION_LIFETIME_SECS
        );

        assert!(kinds(&db, &b.admin)
            .await
            .contains(&NotificationKind::MergeInvited));
        assert!(kinds(&db, &b_account_admin)
            .await
            .contains(&NotificationKind::MergeInvited));
        for not_told in [&b_marketer, &b_gone, &a.admin] {
            assert!(!kinds(&db, not_told)
                .await
                .contains(&NotificationKind::MergeInvited));
        }
        // The inviting account's own admins hear of it too, in their words.
        for told in [&a.admin, &a_account_admin] {
            assert!(kinds(&db, told)
                .await
                .contains(&NotificationKind::MergeInvitationSent));
        }
        for not_told in [&b.admin, &b_marketer] {
            assert!(!kinds(&db, not_told)
                .await
                .contains(&NotificationKind::MergeInvitationSent));
        }
        assert_eq!(
            mailed(&db, "invitation to merge").await,
            BTreeSet::from([
                "aa@contoso.example".to_owned(),
                "aa@fabrikam.example".to_owned(),
                "ga@contoso.example".to_owned(),
                "ga@fabrikam.example".to_owned()
            ])
        );
        assert_eq!(audited(&db, a.id).await[0], AuditAction::MergeInvited);
        assert_eq!(audited(&db, b.id).await[0], AuditAction::MergeInvited);

        let theirs = merge::history(&db, &b.admin).await.unwrap();
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0].id, sent.id);
        assert_eq!(theirs[0].direction, MergeDirection::WeWereInvited);
        assert_eq!(theirs[0].other_legal_name, "Contoso France");
        assert_eq!(theirs[0].other_partner_id, a.partner_id);
        assert_eq!(merge::history(&db, &a.admin).await.unwrap(), vec![sent]);
    })
    .await;
}

#[tokio::test]
async fn an_account_is_in_one_open_merge_at_most_and_a_crossing_invitation_is_shown_the_first() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        let c = company(&db, "Northwind Traders", "northwind.example").await;
        assert_eq!(
            refusal(merge::invite(&db, &a.admin, PASSWORD, &pid(&a.partner_id), &message()).await),
            conflict(ConflictKind::MergeWithSelf)
        );
        let first = invite(&db, &a, &b).await;
        assert_eq!(
            refusal(merge::invite(&db, &c.admin, PASSWORD, &pid(&b.partner_id), &message()).await),
            conflict(ConflictKind::MergePending { ours: false })
        );
        assert_eq!(
            refusal(merge::invite(&db, &a.admin, PASSWORD, &pid(&c.partner_id), &message()).await),
            conflict(ConflictKind::MergePending { ours: true })
        );
        assert_eq!(
            refusal(merge::invite(&db, &c.admin, PASSWORD, &pid(&a.partner_id), &message()).await),
            conflict(ConflictKind::MergePending { ours: false })
        );
        match refusal(merge::invite(&db, &b.admin, PASSWORD, &pid(&a.partner_id), &message()).await)
        {
            ApiError::Conflict(ConflictKind::MergeCrossInvitation(theirs)) => {
                assert_eq!(theirs.id, first.id);
                assert_eq!(theirs.direction, MergeDirection::WeWereInvited);
                assert_eq!(theirs.other_partner_id, a.partner_id);
                assert_eq!(theirs.state, MergeState::Invited);
            }
            other => panic!("expected the crossing invitation, got {other:?}"),
        }
        assert_eq!(open_merges(&db).await, 1);
        // The validated inputs refuse what the form should not send.
        assert_eq!(
            MergeMessage::parse("   "),
            Err(ApiError::invalid(Field::MergeMessage, Invalid::Required))
        );
    })
    .await;
}

#[tokio::test]
async fn only_the_invited_account_answers_and_only_the_inviting_account_confirms_or_cancels() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        let c = company(&db, "Northwind Traders", "northwind.example").await;
        let sent = invite(&db, &a, &b).await;
        let step = conflict(ConflictKind::MergeStep);
        let reason = DeclineReason::parse("No").unwrap();
        assert_eq!(
            refusal(merge::accept(&db, &a.admin, sent.id, PASSWORD).await),
            step
        );
        assert_eq!(
            refusal(merge::decline(&db, &a.admin, sent.id, &reason).await),
            step
        );
        assert_eq!(
            refusal(merge::confirm(&db, &a.admin, sent.id, PASSWORD, &[]).await),
            step
        );
        assert_eq!(refusal(merge::cancel(&db, &b.admin, sent.id).await), step);
        // A third account does not even see it.
        assert_eq!(
            refusal(merge::accept(&db, &c.admin, sent.id, PASSWORD).await),
            ApiError::NotFound
        );
        assert_eq!(
            refusal(merge::preview(&db, &c.admin, sent.id).await),
            ApiError::NotFound
        );
        assert_eq!(
            refusal(merge::accept(&db, &b.admin, 999_999, PASSWORD).await),
            ApiError::NotFound
        );

        let accepted = merge::accept(&db, &b.admin, sent.id, PASSWORD)
            .await
            .unwrap();
        assert_eq!(accepted.state, MergeState::Accepted);
        assert_eq!(accepted.answered_by.as_deref(), Some("ga@fabrikam.example"));
        assert!(kinds(&db, &a.admin)
            .await
            .contains(&NotificationKind::MergeAccepted));
        assert!(kinds(&db, &b.admin)
            .await
            .contains(&NotificationKind::MergeAcceptedByUs));
        assert_eq!(
            mailed(&db, "accepted to merge").await,
            BTreeSet::from([
                "ga@contoso.example".to_owned(),
                "ga@fabrikam.example".to_owned()
            ])
        );
        assert_eq!(
            refusal(merge::accept(&db, &b.admin, sent.id, PASSWORD).await),
            step
        );
        assert_eq!(
            refusal(merge::decline(&db, &b.admin, sent.id, &reason).await),
            step
        );
        assert_eq!(
            refusal(merge::confirm(&db, &b.admin, sent.id, PASSWORD, &[]).await),
            step
        );
        assert_eq!(audited(&db, a.id).await[0], AuditAction::MergeAccepted);
        assert_eq!(audited(&db, b.id).await[0], AuditAction::MergeAccepted);

        let reviewer = Principal {
            reviewer: true,
            ..a.admin.clone()
        };
        assert_eq!(
            refusal(merge::confirm(&db, &reviewer, sent.id, PASSWORD, &[]).await),
            ApiError::Forbidden
        );
    })
    .await;
}

#[tokio::test]
async fn declining_needs_a_reason_tells_both_accounts_and_frees_them() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        let sent = invite(&db, &a, &b).await;
        assert_eq!(
            DeclineReason::parse(" \n "),
            Err(ApiError::invalid(Field::DeclineReason, Invalid::Required))
        );
        let reason = DeclineReason::parse("We are not the same company.").unwrap();
        let declined = merge::decline(&db, &b.admin, sent.id, &reason)
            .await
            .unwrap();
        assert_eq!(declined.state, MergeState::Declined);
        assert_eq!(
            declined.decline_reason.as_deref(),
            Some("We are not the same company.")
        );
        assert_eq!(declined.finished_by.as_deref(), Some("ga@fabrikam.example"));
        assert!(kinds(&db, &a.admin)
            .await
            .contains(&NotificationKind::MergeDeclined));
        assert!(kinds(&db, &b.admin)
            .await
            .contains(&NotificationKind::MergeDeclinedByUs));
        assert_eq!(
            mailed(&db, "declined to merge").await,
            BTreeSet::from([
                "ga@contoso.example".to_owned(),
                "ga@fabrikam.example".to_owned()
            ])
        );
        assert_eq!(audited(&db, a.id).await[0], AuditAction::MergeDeclined);
        assert_eq!(audited(&db, b.id).await[0], AuditAction::MergeDeclined);
        let ours = merge::history(&db, &a.admin).await.unwrap();
        assert_eq!(ours[0].state, MergeState::Declined);
        assert_eq!(ours[0].decline_reason, declined.decline_reason);
        assert_eq!(
            refusal(merge::preview(&db, &b.admin, sent.id).await),
            conflict(ConflictKind::MergeStep)
        );
        // Both accounts are free again, in either direction.
        let again = invite(&db, &b, &a).await;
        assert_eq!(again.state, MergeState::Invited);
        assert_eq!(merge::history(&db, &a.admin).await.unwrap().len(), 2);
    })
    .await;
}

/// Moves merge `id`'s invitation back in time by `secs`.
async fn age(db: &Db, id: i64, secs: i64) {
    sqlx::query("UPDATE merges SET invited_at = invited_at - $1 WHERE id = $2")
        .bind(secs)
        .bind(id)
        .execute(db.pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn an_invitation_not_finished_within_fourteen_days_expires_and_no_longer_blocks() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        let c = company(&db, "Northwind Traders", "northwind.example").await;
        let sent = invite(&db, &a, &b).await;
        age(&db, sent.id, MERGE_INVITATION_LIFETIME_SECS - 60).await;
        assert_eq!(
            merge::history(&db, &b.admin).await.unwrap()[0].state,
            MergeState::Invited
        );
        age(&db, sent.id, 61).await;
        // Seen as expired on both sides before anyone wrote it down.
        for who in [&a.admin, &b.admin] {
            let seen = &merge::history(&db, who).await.unwrap()[0];
            assert_eq!(seen.state, MergeState::Expired);
            assert_eq!(seen.finished_at, Some(seen.expires_at));
        }
        let expired = conflict(ConflictKind::MergeExpired);
        assert_eq!(
            refusal(merge::preview(&db, &b.admin, sent.id).await),
            expired
        );
        // Nobody wrote the expiry down, yet a new invitation to the same account goes through.
        let next = invite(&db, &c, &b).await;
        assert_eq!(
            refusal(merge::accept(&db, &b.admin, sent.id, PASSWORD).await),
            expired
        );
        assert_eq!(
            refusal(merge::cancel(&db, &a.admin, sent.id).await),
            expired
        );

        // An accepted merge expires too if it is not confirmed in time, and says so.
        merge::accept(&db, &b.admin, next.id, PASSWORD)
            .await
            .unwrap();
        age(&db, next.id, MERGE_INVITATION_LIFETIME_SECS).await;
        assert_eq!(
            refusal(merge::confirm(&db, &c.admin, next.id, PASSWORD, &[]).await),
            expired
        );
        assert_eq!(open_merges(&db).await, 0);
        let third = company(&db, "Tailspin Toys", "tailspin.example").await;
        invite(&db, &third, &b).await;
        let states: Vec<MergeState> = merge::history(&db, &b.admin)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.state)
            .collect();
        assert_eq!(
            states,
            vec![
                MergeState::Invited,
                MergeState::Expired,
                MergeState::Expired
            ]
        );
        assert_eq!(accounts::merged_into(&db, b.id).await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn the_inviter_can_cancel_before_and_after_the_answer() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        let sent = invite(&db, &a, &b).await;
        let cancelled = merge::cancel(&db, &a.admin, sent.id).await.unwrap();
        assert_eq!(cancelled.state, MergeState::Cancelled);
        assert_eq!(cancelled.finished_by.as_deref(), Some("ga@contoso.example"));
        assert!(kinds(&db, &b.admin)
            .await
            .contains(&NotificationKind::MergeCancelled));
        assert!(kinds(&db, &a.admin)
            .await
            .contains(&NotificationKind::MergeCancelledByUs));
        assert_eq!(
            mailed(&db, "cancelled").await,
            BTreeSet::from([
                "ga@contoso.example".to_owned(),
                "ga@fabrikam.example".to_owned()
            ])
        );
        assert_eq!(audited(&db, a.id).await[0], AuditAction::MergeCancelled);
        assert_eq!(audited(&db, b.id).await[0], AuditAction::MergeCancelled);
        assert_eq!(
            refusal(merge::accept(&db, &b.admin, sent.id, PASSWORD).await),
            conflict(ConflictKind::MergeStep)
        );

        let again = invite(&db, &a, &b).await;
        merge::accept(&db, &b.admin, again.id, PASSWORD)
            .await
            .unwrap();
        assert_eq!(
            merge::cancel(&db, &a.admin, again.id).await.unwrap().state,
            MergeState::Cancelled
        );
        assert_eq!(
            refusal(merge::cancel(&db, &a.admin, again.id).await),
            conflict(ConflictKind::MergeStep)
        );
        assert_eq!(
            refusal(merge::confirm(&db, &a.admin, again.id, PASSWORD, &[]).await),
            conflict(ConflictKind::MergeStep)
        );
        assert_eq!(accounts::merged_into(&db, b.id).await.unwrap(), None);
        assert_eq!(open_merges(&db).await, 0);
    })
    .await;
}

#[tokio::test]
async fn confirming_moves_users_locations_and_tenants_and_leaves_the_invited_account_read_only() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        add_location(&db, &a.admin, "Contoso HQ", true).await;
        let a_billing = add_user(
            &db,
            &a,
            "billing@contoso.example",
            &[Role::BillingAdmin],
            "active",
        )
        .await;
        let a_account_admin = add_user(
            &db,
            &a,
            "aa@contoso.example",
            &[Role::AccountAdmin],
            "active",
        )
        .await;
        let b_billing = add_user(
            &db,
            &b,
            "billing@fabrikam.example",
            &[Role::BillingAdmin, Role::Marketer],
            "active",
        )
        .await;
        let b_invited = add_user(
            &db,
            &b,
            "new@fabrikam.example",
            &[Role::Developer],
            "invited",
        )
        .await;
        add_location(&db, &b.admin, "Fabrikam siège", true).await;
        add_location(&db, &b.admin, "Fabrikam Lyon", false).await;
        let b_ids = identifiers::view(&db, &b.admin).await.unwrap().locations;
        let b_legal_old_id = b_ids
            .iter()
            .find(|l| l.is_legal)
            .unwrap()
            .location_id
            .clone();
        let lyon_id = b_ids
            .iter()
            .find(|l| !l.is_legal)
            .unwrap()
            .location_id
            .clone();
        add_tenant(&db, &a, "tenant-a", true).await;
        add_tenant(&db, &b, "tenant-b1", true).await;
        add_tenant(&db, &b, "tenant-b2", false).await;
        sqlx::query(
            "INSERT INTO email_confirmations (account_id, purpose, email, token_hash, \
             requested_by, created_at, expires_at) VALUES ($1, 'primary-contact', \
             'contact@fabrikam.example', 'hash-1', 'ga@fabrikam.example', 0, 9999999999)",
        )
        .bind(b.id)
        .execute(db.pool())
        .await
        .unwrap();
        let before = rows_of(&db, [a.id, b.id]).await;
        // New legal addresses sent both back to review: verified again.
        set_verification(&db, &a, "verified").await;
        set_verification(&db, &b, "verified").await;

        let sent = invite(&db, &a, &b).await;
        let preview = merge::preview(&db, &b.admin, sent.id).await.unwrap();
        assert_eq!(preview.survivor_legal_name, "Contoso France");
        assert_eq!(preview.survivor_partner_id, a.partner_id);
        assert_eq!(preview.absorbed_legal_name, "Fabrikam SAS");
        assert_eq!(preview.absorbed_partner_id, b.partner_id);
        assert_eq!(
            (preview.users, preview.locations, preview.tenants),
            (3, 2, 2)
        );
        merge::accept(&db, &b.admin, sent.id, PASSWORD)
            .await
            .unwrap();
        assert_eq!(
            merge::preview(&db, &a.admin, sent.id).await.unwrap(),
            preview
        );
        let done = merge::confirm(&db, &a.admin, sent.id, PASSWORD, &[])
            .await
            .unwrap();
        assert_eq!(done.state, MergeState::Completed);
        assert_eq!(done.finished_by.as_deref(), Some("ga@contoso.example"));

        // Nothing was lost, and everything now belongs to the survivor.
        assert_eq!(rows_of(&db, [a.id, b.id]).await, before);
        assert_eq!(rows_of(&db, [a.id, a.id]).await, before);
        // Nobody's admin role was kept: they arrive with their other roles only.
        for (moved, roles) in [
            (&b.admin, vec![]),
            (&b_billing, vec![Role::Marketer]),
            (&b_invited, vec![Role::Developer]),
        ] {
            let now = users::principal_of(&db, moved.user_id).await.unwrap();
            assert_eq!(now.account_id, a.id);
            assert_eq!(now.roles, roles, "{}", moved.email);
        }
        assert_eq!(users::list(&db, &a.admin).await.unwrap().len(), 6);

        let ids = identifiers::view(&db, &a.admin).await.unwrap();
        assert_eq!(ids.partner_id, a.partner_id);
        assert_eq!(ids.locations.len(), 3);
        let legal: Vec<_> = ids.locations.iter().filter(|l| l.is_legal).collect();
        assert_eq!(legal.len(), 1);
        assert_eq!(legal[0].name, "Contoso HQ");
        let absorbed = ids
            .locations
            .iter()
            .find(|l| l.location_id == b.partner_id)
            .unwrap();
        assert_eq!(absorbed.name, "Fabrikam SAS");
        assert!(!absorbed.is_legal);
        assert!(ids
            .locations
            .iter()
            .any(|l| l.location_id == lyon_id && l.name == "Fabrikam Lyon"));
        assert!(!ids
            .locations
            .iter()
            .any(|l| l.location_id == b_legal_old_id));

        let tenants = sqlx::query(
            "SELECT tenant_id, is_primary FROM tenants WHERE account_id = $1 ORDER BY tenant_id",
        )
        .bind(a.id)
        .fetch_all(db.pool())
        .await
        .unwrap();
        let tenants: Vec<(String, i64)> = tenants
            .iter()
            .map(|r| {
                (
                    r.try_get("tenant_id").unwrap(),
                    r.try_get("is_primary").unwrap(),
                )
            })
            .collect();
        assert_eq!(
            tenants,
            vec![
                ("tenant-a".into(), 1),
                ("tenant-b1".into(), 0),
                ("tenant-b2".into(), 0)
            ]
        );
        let open_confirmations = count(
            &db,
            "SELECT COUNT(*) AS n FROM email_confirmations WHERE account_id IN ($1, $2) \
             AND cancelled_at IS NULL",
            [b.id, b.id],
        )
        .await;
        assert_eq!(open_confirmations, 0);

        let merged = accounts::merged_into(&db, b.id).await.unwrap().unwrap();
        assert_eq!(merged.legal_name, "Contoso France");
        assert_eq!(merged.partner_id, a.partner_id);
        assert!(merged.merged_at > 0);
        assert_eq!(accounts::merged_into(&db, a.id).await.unwrap(), None);

        // Global, Account and Billing admins of both former accounts, as they were before the
        // merge, are told and asked to check payout and tax.
        for told in [&a.admin, &a_billing, &a_account_admin, &b.admin, &b_billing] {
            assert!(kinds(&db, told)
                .await
                .contains(&NotificationKind::MergeCompleted));
        }
        assert!(!kinds(&db, &b_invited)
            .await
            .contains(&NotificationKind::MergeCompleted));
        assert_eq!(
            mailed(&db, "check payout and tax").await,
            BTreeSet::from([
                "aa@contoso.example".to_owned(),
                "billing@contoso.example".to_owned(),
                "billing@fabrikam.example".to_owned(),
                "ga@contoso.example".to_owned(),
                "ga@fabrikam.example".to_owned(),
            ])
        );
        assert_eq!(audited(&db, a.id).await[0], AuditAction::MergeCompleted);
        assert_eq!(audited(&db, b.id).await[0], AuditAction::MergeCompleted);
        let history = merge::history(&db, &a.admin).await.unwrap();
        assert_eq!(history[0].state, MergeState::Completed);
        assert_eq!(history[0].direction, MergeDirection::WeInvited);

        // The merged account takes part in nothing any more, from either side.
        let c = company(&db, "Northwind Traders", "northwind.example").await;
        assert_eq!(
            refusal(merge::find(&db, &c.admin, &pid(&b.partner_id)).await),
            conflict(ConflictKind::AccountMerged)
        );
        assert_eq!(
            refusal(merge::invite(&db, &c.admin, PASSWORD, &pid(&b.partner_id), &message()).await),
            conflict(ConflictKind::AccountMerged)
        );
        // A request still holding the absorbed account (read before the merge) is refused.
        let stale = Principal {
            account_id: b.id,
            ..b.admin.clone()
        };
        assert_eq!(
            refusal(merge::invite(&db, &stale, PASSWORD, &pid(&c.partner_id), &message()).await),
            conflict(ConflictKind::AccountMerged)
        );
        // The survivor can go on merging.
        invite(&db, &a, &c).await;
    })
    .await;
}

#[tokio::test]
async fn an_account_without_a_legal_address_becomes_a_location_made_from_the_account() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        let sent = invite(&db, &a, &b).await;
        let preview = merge::preview(&db, &b.admin, sent.id).await.unwrap();
        assert_eq!(
            (preview.users, preview.locations, preview.tenants),
            (1, 1, 0)
        );
        merge::accept(&db, &b.admin, sent.id, PASSWORD)
            .await
            .unwrap();
        merge::confirm(&db, &a.admin, sent.id, PASSWORD, &[])
            .await
            .unwrap();
        let ids = identifiers::view(&db, &a.admin).await.unwrap();
        assert_eq!(ids.locations.len(), 1);
        assert_eq!(ids.locations[0].location_id, b.partner_id);
        assert_eq!(ids.locations[0].name, "Fabrikam SAS");
        assert_eq!(ids.locations[0].country, "FR");
        assert!(!ids.locations[0].is_legal);
    })
    .await;
}

#[tokio::test]
async fn an_invitation_of_an_address_that_arrives_or_is_already_there_is_superseded_by_the_merge() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        // Contoso invited Fabrikam's developer, who arrives as a user; Fabrikam invited
        // Contoso's marketer, who is already there; both invited the same consultant.
        add_user(
            &db,
            &a,
            "dev@fabrikam.example",
            &[Role::Developer],
            "invited",
        )
        .await;
        add_user(
            &db,
            &b,
            "dev@fabrikam.example",
            &[Role::Developer],
            "active",
        )
        .await;
        add_user(&db, &a, "mkt@contoso.example", &[Role::Marketer], "active").await;
        add_user(&db, &b, "mkt@contoso.example", &[Role::Marketer], "invited").await;
        add_user(
            &db,
            &a,
            "ext@northwind.example",
            &[Role::Marketer],
            "invited",
        )
        .await;
        add_user(
            &db,
            &b,
            "ext@northwind.example",
            &[Role::Developer],
            "invited",
        )
        .await;
        let sent = invite(&db, &a, &b).await;
        merge::accept(&db, &b.admin, sent.id, PASSWORD)
            .await
            .unwrap();
        merge::confirm(&db, &a.admin, sent.id, PASSWORD, &[])
            .await
            .unwrap();
        let rows =
            sqlx::query("SELECT email, status FROM users WHERE account_id = $1 ORDER BY email")
                .bind(a.id)
                .fetch_all(db.pool())
                .await
                .unwrap();
        let users: Vec<(String, String)> = rows
            .iter()
            .map(|r| (r.try_get("email").unwrap(), r.try_get("status").unwrap()))
            .collect();
        let user = |email: &str, status: &str| (email.to_owned(), status.to_owned());
        assert_eq!(
            users,
            vec![
                user("dev@fabrikam.example", "active"),
                user("ext@northwind.example", "invited"),
                user("ga@contoso.example", "active"),
                user("ga@fabrikam.example", "active"),
                user("mkt@contoso.example", "active"),
            ]
        );
    })
    .await;
}

/// The audit entries of `account_id`'s log (newest first).
async fn audit_entries(db: &Db, account_id: i64) -> Vec<domain::audit::AuditEntry> {
    let reader = Principal {
        user_id: 0,
        account_id,
        email: "auditor@platform.example".into(),
        roles: vec![Role::GlobalAdmin],
        reviewer: false,
        account_merged: false,
    };
    audit::list(db, &reader, &AuditFilter::default())
        .await
        .unwrap()
}

async fn state_of(db: &Db, who: &Principal, id: i64) -> MergeState {
    merge::history(db, who)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.id == id)
        .unwrap()
        .state
}

#[tokio::test]
async fn only_verified_companies_take_part_and_it_is_checked_again_at_each_step() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        let u = unverified_company(&db, "Wingtip Toys", "wingtip.example").await;
        let not_verified = |ours| conflict(ConflictKind::MergeNotVerified { ours });

        // At the invitation, either side.
        assert_eq!(
            refusal(merge::invite(&db, &a.admin, PASSWORD, &pid(&u.partner_id), &message()).await),
            not_verified(false)
        );
        assert_eq!(
            refusal(merge::invite(&db, &u.admin, PASSWORD, &pid(&a.partner_id), &message()).await),
            not_verified(true)
        );
        assert_eq!(open_merges(&db).await, 0);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) AS n FROM merge_participants WHERE account_id IN ($1, $2)",
                [a.id, u.id]
            )
            .await,
            0,
            "a refused invitation claims nobody"
        );
        assert!(merge::history(&db, &a.admin).await.unwrap().is_empty());

        // At the acceptance: the invited company went back to review meanwhile.
        let sent = invite(&db, &a, &b).await;
        set_verification(&db, &b, "submitted").await;
        assert_eq!(
            refusal(merge::accept(&db, &b.admin, sent.id, PASSWORD).await),
            not_verified(true)
        );
        assert_eq!(state_of(&db, &a.admin, sent.id).await, MergeState::Invited);
        set_verification(&db, &b, "verified").await;
        merge::accept(&db, &b.admin, sent.id, PASSWORD)
            .await
            .unwrap();

        // At the confirmation, on either side; nothing moves.
        let before = rows_of(&db, [b.id, b.id]).await;
        set_verification(&db, &a, "in-review").await;
        assert_eq!(
            refusal(merge::confirm(&db, &a.admin, sent.id, PASSWORD, &[]).await),
            not_verified(true)
        );
        set_verification(&db, &a, "verified").await;
        set_verification(&db, &b, "action-required").await;
        assert_eq!(
            refusal(merge::confirm(&db, &a.admin, sent.id, PASSWORD, &[]).await),
            not_verified(false)
        );
        assert_eq!(state_of(&db, &a.admin, sent.id).await, MergeState::Accepted);
        assert_eq!(rows_of(&db, [b.id, b.id]).await, before);
        assert_eq!(accounts::merged_into(&db, b.id).await.unwrap(), None);
        // Declining and cancelling stay possible whatever the verification says.
        assert_eq!(
            merge::cancel(&db, &a.admin, sent.id).await.unwrap().state,
            MergeState::Cancelled
        );
    })
    .await;
}

#[tokio::test]
async fn inviting_accepting_and_confirming_need_the_password_again_and_nothing_moves_without_it() {
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        let required = ApiError::invalid(Field::Password, Invalid::Required);
        let wrong = ApiError::invalid(Field::Password, Invalid::PasswordIncorrect);
        let to_b = pid(&b.partner_id);
        assert_eq!(
            refusal(merge::invite(&db, &a.admin, "", &to_b, &message()).await),
            required
        );
        assert_eq!(
            refusal(merge::invite(&db, &a.admin, "not my password", &to_b, &message()).await),
            wrong
        );
        assert_eq!(open_merges(&db).await, 0);
        assert!(!kinds(&db, &b.admin)
            .await
            .contains(&NotificationKind::MergeInvited));
        assert!(audited(&db, a.id)
            .await
            .contains(&AuditAction::ReauthenticationFailed));

        let sent = invite(&db, &a, &b).await;
        assert_eq!(
            refusal(merge::accept(&db, &b.admin, sent.id, "").await),
            required
        );
        assert_eq!(
            refusal(merge::accept(&db, &b.admin, sent.id, "not my password").await),
            wrong
        );
        assert_eq!(state_of(&db, &a.admin, sent.id).await, MergeState::Invited);
        merge::accept(&db, &b.admin, sent.id, PASSWORD)
            .await
            .unwrap();
        assert_eq!(
            refusal(merge::confirm(&db, &a.admin, sent.id, "not my password", &[]).await),
            wrong
        );
        assert_eq!(state_of(&db, &a.admin, sent.id).await, MergeState::Accepted);
        assert_eq!(accounts::merged_into(&db, b.id).await.unwrap(), None);
        merge::confirm(&db, &a.admin, sent.id, PASSWORD, &[])
            .await
            .unwrap();
        assert!(accounts::merged_into(&db, b.id).await.unwrap().is_some());
    })
    .await;
}

#[tokio::test]
async fn the_confirming_global_admin_keeps_admin_roles_user_by_user_and_the_audit_log_says_so() {
    use domain::merge::KeptAdminRoles;
    on_both(|db| async move {
        let a = company(&db, "Contoso France", "contoso.example").await;
        let b = company(&db, "Fabrikam SAS", "fabrikam.example").await;
        let x = add_user(
            &db,
            &b,
            "x@fabrikam.example",
            &[Role::AccountAdmin, Role::BillingAdmin, Role::Developer],
            "active",
        )
        .await;
        let y = add_user(
            &db,
            &b,
            "y@fabrikam.example",
            &[Role::GlobalAdmin],
            "active",
        )
        .await;

        // The invited side sees who would arrive at once, the inviting side once it accepted.
        let sent = invite(&db, &a, &b).await;
        assert_eq!(
            merge::preview(&db, &a.admin, sent.id)
                .await
                .unwrap()
                .arriving,
            None
        );
        let theirs = merge::preview(&db, &b.admin, sent.id)
            .await
            .unwrap()
            .arriving
            .unwrap();
        let x_seen = theirs.iter().find(|u| u.user_id == x.user_id).unwrap();
        assert_eq!(
            x_seen.roles,
            vec![Role::AccountAdmin, Role::BillingAdmin, Role::Developer]
        );
        assert_eq!(x_seen.arrives_with_by_default(), vec![Role::Developer]);
        merge::accept(&db, &b.admin, sent.id, PASSWORD)
            .await
            .unwrap();
        let arriving = merge::preview(&db, &a.admin, sent.id)
            .await
            .unwrap()
            .arriving
            .unwrap();
        assert_eq!(arriving.len(), 3);
        assert!(arriving
            .iter()
            .any(|u| u.user_id == y.user_id && u.arrives_with_by_default().is_empty()));

        // A choice the page cannot send is refused whole, and nothing moves.
        let keep = |user_id, roles: Vec<Role>| KeptAdminRoles { user_id, roles };
        for forged in [
            vec![keep(a.admin.user_id, vec![Role::GlobalAdmin])],
            vec![keep(x.user_id, vec![Role::GlobalAdmin])],
            vec![keep(x.user_id, vec![Role::Developer])],
            vec![keep(999_999, vec![Role::GlobalAdmin])],
        ] {
            assert_eq!(
                refusal(merge::confirm(&db, &a.admin, sent.id, PASSWORD, &forged).await),
                ApiError::Malformed,
                "{forged:?}"
            );
        }
        assert_eq!(state_of(&db, &a.admin, sent.id).await, MergeState::Accepted);
        assert_eq!(
            users::principal_of(&db, y.user_id).await.unwrap().roles,
            vec![Role::GlobalAdmin]
        );

        merge::confirm(
            &db,
            &a.admin,
            sent.id,
            PASSWORD,
            &[keep(x.user_id, vec![Role::BillingAdmin])],
        )
        .await
        .unwrap();
        for (who, roles) in [
            (&x, vec![Role::BillingAdmin, Role::Developer]),
            (&y, vec![]),
            (&b.admin, vec![]),
        ] {
            let now = users::principal_of(&db, who.user_id).await.unwrap();
            assert_eq!(now.account_id, a.id);
            assert_eq!(now.roles, roles, "{}", who.email);
        }
        // The survivor's own Global admin is untouched.
        assert_eq!(
            users::principal_of(&db, a.admin.user_id)
                .await
                .unwrap()
                .roles,
            vec![Role::GlobalAdmin]
        );

        // Each decision is in both audit logs, by the confirming Global admin.
        for account_id in [a.id, b.id] {
            let decisions: Vec<_> = audit_entries(&db, account_id)
                .await
                .into_iter()
                .filter(|e| e.action == AuditAction::RolesChanged)
                .collect();
            assert_eq!(decisions.len(), 3, "{decisions:?}");
            let of_x = decisions
                .iter()
                .find(|e| e.target.starts_with("x@fabrikam.example"))
                .unwrap();
            assert_eq!(of_x.actor, "ga@contoso.example");
            assert_eq!(of_x.area, domain::Area::AccountMerge);
            use domain::audit::Said;
            use domain::Role::{AccountAdmin, BillingAdmin, Developer, GlobalAdmin};
            assert_eq!(
                of_x.before.0,
                [Said::Roles(vec![AccountAdmin, BillingAdmin, Developer])]
            );
            assert_eq!(
                of_x.after.0,
                [
                    Said::Roles(vec![BillingAdmin, Developer]),
                    Said::AdminRolesKept(vec![BillingAdmin]),
                    Said::AdminRolesDropped(vec![AccountAdmin]),
                ]
            );
            let of_y = decisions
                .iter()
                .find(|e| e.target.starts_with("y@fabrikam.example"))
                .unwrap();
            assert_eq!(
                of_y.after.0,
                [
                    Said::Roles(vec![]),
                    Said::AdminRolesKept(vec![]),
                    Said::AdminRolesDropped(vec![GlobalAdmin]),
                ]
            );
        }
    })
    .await;
}

/// Exactly one of two racing results is a success; returns the other's refusal.
fn one_wins<A: std::fmt::Debug, B: std::fmt::Debug>(
    first: Result<A, Error>,
    second: Result<B, Error>,
) -> (bool, ApiError) {
    match (first, second) {
        (Ok(_), Err(Error::Refused(e))) => (true, e),
        (Err(Error::Refused(e)), Ok(_)) => (false, e),
        other => panic!("expected exactly one success and one refusal, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_steps_have_exactly_one_outcome_and_lose_no_row() {
    on_both(|db| async move {
        for round in 0..5 {
            let a = company(&db, "Contoso France", &format!("contoso{round}.example")).await;
            let b = company(&db, "Fabrikam SAS", &format!("fabrikam{round}.example")).await;
            // Second Global admins: only Global admins act on a merge.
            let a2 = add_user(
                &db,
                &a,
                &format!("ga2@contoso{round}.example"),
                &[Role::GlobalAdmin],
                "active",
            )
            .await;
            let b2 = add_user(
                &db,
                &b,
                &format!("ga2@fabrikam{round}.example"),
                &[Role::GlobalAdmin],
                "active",
            )
            .await;
            add_location(&db, &b.admin, "Fabrikam siège", true).await;
            // A new legal address sent it back to review: verified again.
            set_verification(&db, &b, "verified").await;
            add_tenant(&db, &b, &format!("tenant-{round}"), true).await;
            let before = rows_of(&db, [a.id, b.id]).await;

            // Two admins of the invited account accept at the same instant.
            let sent = invite(&db, &a, &b).await;
            let (first, second) = tokio::join!(
                merge::accept(&db, &b.admin, sent.id, PASSWORD),
                merge::accept(&db, &b2, sent.id, PASSWORD)
            );
            let (_, lost) = one_wins(first, second);
            assert_eq!(lost, conflict(ConflictKind::MergeStep));
            let audited_accepts = audited(&db, a.id)
                .await
                .into_iter()
                .filter(|x| *x == AuditAction::MergeAccepted)
                .count();
            assert_eq!(audited_accepts, 1);

            // One admin of the inviting account confirms while another cancels.
            let (confirmed, cancelled) = tokio::join!(
                merge::confirm(&db, &a.admin, sent.id, PASSWORD, &[]),
                merge::cancel(&db, &a2, sent.id)
            );
            let (confirm_won, lost) = one_wins(confirmed, cancelled);
            assert_eq!(lost, conflict(ConflictKind::MergeStep));
            let state = merge::history(&db, &a.admin).await.unwrap()[0].state;
            let merged = accounts::merged_into(&db, b.id).await.unwrap();
            if confirm_won {
                assert_eq!(state, MergeState::Completed);
                assert!(merged.is_some());
                assert_eq!(rows_of(&db, [a.id, a.id]).await, before);
            } else {
                assert_eq!(state, MergeState::Cancelled);
                assert!(merged.is_none());
                assert_eq!(rows_of(&db, [b.id, b.id]).await[0], 2);
            }
            assert_eq!(rows_of(&db, [a.id, b.id]).await, before, "no row lost");
            assert_eq!(open_merges(&db).await, 0);

            // Two fresh accounts invite each other at the same instant.
            let c = company(
                &db,
                "Northwind Traders",
                &format!("northwind{round}.example"),
            )
            .await;
            let d = company(&db, "Tailspin Toys", &format!("tailspin{round}.example")).await;
            let (to_c, to_d, text) = (pid(&c.partner_id), pid(&d.partner_id), message());
            let (c_to_d, d_to_c) = tokio::join!(
                merge::invite(&db, &c.admin, PASSWORD, &to_d, &text),
                merge::invite(&db, &d.admin, PASSWORD, &to_c, &text)
            );
            let c_won = c_to_d.is_ok();
            let winner = match (&c_to_d, &d_to_c) {
                (Ok(m), _) | (_, Ok(m)) => m.id,
                _ => panic!("neither invitation went through: {c_to_d:?} {d_to_c:?}"),
            };
            let (_, lost) = one_wins(c_to_d, d_to_c);
            match lost {
                ApiError::Conflict(ConflictKind::MergeCrossInvitation(theirs)) => {
                    assert_eq!(theirs.id, winner);
                    assert_eq!(theirs.direction, MergeDirection::WeWereInvited);
                }
                other => panic!("expected the crossing invitation, got {other:?}"),
            }
            assert_eq!(open_merges(&db).await, 1);
            let claimed = count(
                &db,
                "SELECT COUNT(*) AS n FROM merge_participants WHERE account_id IN ($1, $2)",
                [c.id, d.id],
            )
            .await;
            assert_eq!(claimed, 2);
            // Clear the way for the next round.
            let inviter = if c_won { &c.admin } else { &d.admin };
            merge::cancel(&db, inviter, winner).await.unwrap();
        }
    })
    .await;
}
