//! Store tests: every case runs against SQLite and PostgreSQL, each on a fresh database.

use backend::store::{Reaction, Reactor, WriteTx};
use backend::testing::{fresh_postgres_url, fresh_sqlite_url};
use backend::{accounts, auth, notifications, seed, users, Db, Error};
use domain::error::ConflictKind;
use domain::model::{NewPartner, NotificationKind, SignUpForm};
use domain::{ApiError, Role};
use sqlx::Row;
use std::sync::{Arc, Mutex};

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

fn form(email: &str) -> SignUpForm {
    SignUpForm {
        email: email.into(),
        name: "Ada Lovelace".into(),
        password: "analytical engine 1843".into(),
        company_name: "Fabrikam SAS".into(),
        country: "FR".into(),
    }
}

fn partner(email: &str) -> NewPartner {
    NewPartner::parse(&form(email)).unwrap()
}

/// The token of the newest link mailed to `email`, read from the outbox.
async fn mailed_token(db: &Db, email: &str) -> String {
    let body: String = sqlx::query_scalar(
        "SELECT body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(email)
    .fetch_one(db.pool())
    .await
    .expect("a mail");
    let start = body.find("#token=").expect("a link") + "#token=".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

/// Signs up `email` and opens the account as its founder does: the mailed link and the
/// password chosen at sign-up.
async fn signed_up(db: &Db, email: &str) -> accounts::SignedIn {
    accounts::sign_up(
        db,
        partner(email),
        "10.0.0.1",
        "http://partner-settings.test",
    )
    .await
    .unwrap();
    let token = mailed_token(db, email).await;
    accounts::confirm_sign_up(db, &token, "analytical engine 1843", "10.0.0.1")
        .await
        .unwrap()
}

fn refusal(result: Result<impl Sized, Error>) -> ApiError {
    match result {
        Err(Error::Refused(e)) => e,
        Err(other) => panic!("expected a refusal, got {other:?}"),
        Ok(_) => panic!("expected a refusal, got success"),
    }
}

#[tokio::test]
async fn sign_up_opens_an_account_with_a_global_admin_and_a_welcome_notification_once_its_link_is_followed(
) {
    on_both(|db| async move {
        accounts::sign_up(
            &db,
            partner("ada@fabrikam.example"),
            "10.0.0.1",
            "http://partner-settings.test",
        )
        .await
        .unwrap();
        // Pending: the right password says "confirm your email", and nothing is signed in.
        let early = accounts::sign_in(
            &db,
            "ada@fabrikam.example",
            "analytical engine 1843",
            "10.0.0.2",
            None,
        );
        assert_eq!(refusal(early.await), ApiError::EmailUnconfirmed);
        let token = mailed_token(&db, "ada@fabrikam.example").await;
        let wrong = accounts::confirm_sign_up(&db, &token, "not the password", "10.0.0.2").await;
        assert_eq!(
            refusal(wrong),
            ApiError::invalid(domain::Field::Password, domain::Invalid::PasswordIncorrect)
        );
        let signed = accounts::confirm_sign_up(&db, &token, "analytical engine 1843", "10.0.0.2")
            .await
            .unwrap();
        let again = accounts::confirm_sign_up(&db, &token, "analytical engine 1843", "10.0.0.2");
        assert_eq!(
            refusal(again.await),
            ApiError::Conflict(ConflictKind::SignUpLinkUnusable)
        );
        let who = auth::resolve_session(&db, &signed.session.token)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(who.roles, vec![Role::GlobalAdmin]);
        let me = users::me(&db, &who).await.unwrap();
        assert_eq!(me.email, "ada@fabrikam.example");
        assert_eq!(me.account.legal_name, "Fabrikam SAS");
        assert_eq!(me.account.partner_id.len(), 7);
        assert_eq!(me.unread_notifications, 1);
        let list = notifications::list(&db, &who).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].kind, NotificationKind::Welcome);
        notifications::mark_all_read(&db, &who, None).await.unwrap();
        assert_eq!(notifications::unread_count(&db, &who).await.unwrap(), 0);
    })
    .await;
}

#[tokio::test]
async fn a_sign_up_with_a_taken_email_succeeds_alike_and_tells_its_owner() {
    on_both(|db| async move {
        signed_up(&db, "ada@fabrikam.example").await;
        accounts::sign_up(
            &db,
            partner("ADA@fabrikam.example"),
            "10.0.0.1",
            "http://partner-settings.test",
        )
        .await
        .unwrap();
        let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(accounts, 1);
        let subject: String = sqlx::query_scalar(
            "SELECT subject FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind("ada@fabrikam.example")
        .fetch_one(db.pool())
        .await
        .unwrap();
        assert!(subject.contains("someone tried to sign up"), "{subject}");
    })
    .await;
}

#[tokio::test]
async fn an_abandoned_sign_up_is_deleted_a_week_after_its_link_expired_and_a_fresh_one_stays() {
    on_both(|db| async move {
        for email in ["old@fabrikam.example", "new@fabrikam.example"] {
            accounts::sign_up(
                &db,
                partner(email),
                "10.0.0.1",
                "http://partner-settings.test",
            )
            .await
            .unwrap();
        }
        let kept_link = accounts::ABANDONED_SIGN_UP_SECS + 60;
        sqlx::query(
            "UPDATE sign_ups SET expires_at = expires_at - $1 WHERE user_id = \
             (SELECT id FROM users WHERE email = 'old@fabrikam.example')",
        )
        .bind(kept_link + 24 * 60 * 60)
        .execute(db.pool())
        .await
        .unwrap();
        let confirmed = signed_up(&db, "ada@fabrikam.example").await;
        assert_eq!(accounts::purge_abandoned_sign_ups(&db).await.unwrap(), 1);
        let left: Vec<String> = sqlx::query("SELECT email FROM users ORDER BY email")
            .fetch_all(db.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get("email").unwrap())
            .collect();
        assert_eq!(left, ["ada@fabrikam.example", "new@fabrikam.example"]);
        assert!(users::principal_of(&db, confirmed.user_id).await.is_ok());
        assert_eq!(accounts::purge_abandoned_sign_ups(&db).await.unwrap(), 0);
    })
    .await;
}

#[tokio::test]
async fn sign_in_answers_the_same_for_a_wrong_password_and_an_unknown_email() {
    on_both(|db| async move {
        signed_up(&db, "ada@fabrikam.example").await;
        let wrong = accounts::sign_in(
            &db,
            "ada@fabrikam.example",
            "not the password",
            "10.0.0.2",
            None,
        );
        assert_eq!(refusal(wrong.await), ApiError::BadCredentials);
        let unknown =
            accounts::sign_in(&db, "bob@fabrikam.example", "whatever123", "10.0.0.2", None);
        assert_eq!(refusal(unknown.await), ApiError::BadCredentials);
        let ok = accounts::sign_in(
            &db,
            " Ada@Fabrikam.example",
            "analytical engine 1843",
            "10.0.0.2",
            None,
        );
        assert!(ok.await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn repeated_failures_throttle_the_account_even_with_the_right_password() {
    on_both(|db| async move {
        signed_up(&db, "ada@fabrikam.example").await;
        for _ in 0..5 {
            let _ = accounts::sign_in(&db, "ada@fabrikam.example", "guess-guess", "10.0.0.9", None)
                .await;
        }
        let right = accounts::sign_in(
            &db,
            "ada@fabrikam.example",
            "analytical engine 1843",
            "10.0.0.3",
            None,
        );
        match refusal(right.await) {
            ApiError::TooManyRequests { retry_after_secs } => {
                assert!((1..=900).contains(&retry_after_secs))
            }
            other => panic!("expected throttling, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    on_both(|db| async move {
        let signed = signed_up(&db, "ada@fabrikam.example").await;
        auth::end_session(&db, &signed.session.token).await.unwrap();
        assert_eq!(
            auth::resolve_session(&db, &signed.session.token)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            auth::resolve_session(&db, "forged-token").await.unwrap(),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn the_user_list_shows_only_the_callers_own_account() {
    on_both(|db| async move {
        let ada = signed_up(&db, "ada@fabrikam.example").await;
        signed_up(&db, "bob@northwind.example").await;
        let who = auth::resolve_session(&db, &ada.session.token)
            .await
            .unwrap()
            .unwrap();
        let list = users::list(&db, &who).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].email, "ada@fabrikam.example");
    })
    .await;
}

#[tokio::test]
async fn the_demo_seed_creates_one_user_per_role_once() {
    on_both(|db| async move {
        assert!(seed::seed_demo(&db).await.unwrap());
        assert!(!seed::seed_demo(&db).await.unwrap());
        let signed = accounts::sign_in(
            &db,
            &seed::demo_email(Role::Marketer),
            seed::DEMO_PASSWORD,
            "10.0.0.1",
            None,
        )
        .await
        .unwrap();
        let who = auth::resolve_session(&db, &signed.session.token)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(who.roles, vec![Role::Marketer]);
        assert_eq!(users::list(&db, &who).await.unwrap().len(), Role::ALL.len());

        // Contoso is verified with what verification looks at: its legal identity with a DUNS
        // number and a legal address, a second site, and both contacts.
        let identity = backend::legal::get(&db, &who).await.unwrap().form;
        assert_eq!(identity.legal_name, "Contoso Ltd");
        assert_eq!(identity.duns, seed::CONTOSO_DUNS);
        assert_eq!(identity.address.postal_code, "75002");
        let locations = backend::locations::list(&db, &who).await.unwrap();
        let legal: Vec<bool> = locations.iter().map(|l| l.form.is_legal).collect();
        assert_eq!(legal, [true, false]);
        let contacts = backend::records::get::<domain::contacts::ContactsForm>(&db, &who)
            .await
            .unwrap()
            .form;
        assert_eq!(contacts.primary.email, seed::demo_email(Role::GlobalAdmin));
        assert_eq!(contacts.legal.email, seed::demo_email(Role::AccountAdmin));
        let verification = backend::verification::view(&db, who.account_id)
            .await
            .unwrap();
        assert_eq!(
            verification.status,
            domain::verification::VerificationStatus::Verified
        );
    })
    .await;
}

/// An SQLite database as it was before sign-up confirmation (migrations up to 18, with data)
/// is upgraded without losing a user or anything pointing at one: `users` is rebuilt with
/// foreign keys off, so its old table's drop cascades nowhere.
#[tokio::test]
async fn upgrading_an_sqlite_database_keeps_its_users_and_everything_that_points_at_them() {
    use sqlx::any::AnyPoolOptions;
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let url = fresh_sqlite_url();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA foreign_keys = ON").await?;
                Ok(())
            })
        })
        .connect(&format!("{url}?mode=rwc"))
        .await
        .unwrap();
    let all = sqlx::migrate!("migrations/sqlite");
    let before = sqlx::migrate::Migrator {
        migrations: all.iter().filter(|m| m.version < 19).cloned().collect(),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    before.run(&pool).await.unwrap();
    for statement in [
        "INSERT INTO accounts (id, partner_id, legal_name, country, created_at) VALUES (1, '1234567', 'Fabrikam SAS', 'FR', 0)",
        "INSERT INTO users (id, account_id, email, name, password_hash, created_at) VALUES (1, 1, 'ada@fabrikam.example', 'Ada', '', 0)",
        "INSERT INTO users (id, account_id, email, name, password_hash, created_at) VALUES (7, 1, 'gone@fabrikam.example', 'Gone', '', 0)",
        "DELETE FROM users WHERE id = 7",
        "INSERT INTO user_roles (user_id, role) VALUES (1, 'global-admin')",
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ('h', 1, 0, 0, 1)",
        "INSERT INTO notifications (user_id, kind, created_at) VALUES (1, 'welcome', 0)",
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    pool.close().await;

    let db = backend::open(&url).await.unwrap();
    for table in ["user_roles", "sessions", "notifications"] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE user_id = 1"))
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(n, 1, "{table}");
    }
    // The id of the deleted user is never handed out again.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (account_id, email, name, password_hash, created_at) \
         VALUES (1, 'bob@fabrikam.example', 'Bob', '', 0) RETURNING id",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert!(id > 7, "{id}");
    // An invited row may share an address with a user elsewhere; two users may not.
    sqlx::query("INSERT INTO accounts (id, partner_id, legal_name, country, created_at) VALUES (2, '7654321', 'Contoso Ltd', 'FR', 0)")
        .execute(db.pool())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO users (account_id, email, name, password_hash, created_at, status) \
         VALUES (2, 'ada@fabrikam.example', 'Ada', '', 0, 'invited')",
    )
    .execute(db.pool())
    .await
    .unwrap();
    let twice = sqlx::query(
        "INSERT INTO users (account_id, email, name, password_hash, created_at) \
         VALUES (2, 'bob@fabrikam.example', 'Bob', '', 0)",
    )
    .execute(db.pool())
    .await;
    assert!(twice.is_err());
    // Foreign keys are enforced again.
    let orphan = sqlx::query("INSERT INTO user_roles (user_id, role) VALUES (999, 'marketer')")
        .execute(db.pool())
        .await;
    assert!(orphan.is_err());
}

/// A reactor that notes the accounts it is told about.
#[derive(Default)]
struct Noting(Mutex<Vec<i64>>);

impl Noting {
    fn noted(&self) -> Vec<i64> {
        self.0.lock().unwrap().clone()
    }
}

impl Reactor for Noting {
    fn account_changed<'a>(&'a self, _tx: &'a mut WriteTx, account_id: i64) -> Reaction<'a> {
        self.0.lock().unwrap().push(account_id);
        Box::pin(async { Ok(()) })
    }
}

/// Runs `case` once per database, opened with a reactor of its own.
async fn on_both_noting<F, Fut>(case: F)
where
    F: Fn(Db, Arc<Noting>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let reactor = Arc::new(Noting::default());
    let url = fresh_sqlite_url();
    let db = Db::connect(&url, reactor.clone());
    case(db.await.expect("sqlite"), reactor).await;
    if let Some(url) = fresh_postgres_url().await {
        let reactor = Arc::new(Noting::default());
        let db = Db::connect(&url, reactor.clone());
        case(db.await.expect("postgres"), reactor).await;
    }
}

#[tokio::test]
async fn account_changed_events_reach_the_reactor_once_per_account_at_commit_never_after_rollback()
{
    on_both_noting(|db, reactor| async move {
        let mut tx = db.write().await.unwrap();
        tx.account_changed(7);
        tx.account_changed(8);
        tx.account_changed(7);
        assert!(reactor.noted().is_empty(), "nothing before the commit");
        tx.commit().await.unwrap();
        assert_eq!(reactor.noted(), [7, 8]);

        let mut tx = db.write().await.unwrap();
        tx.account_changed(9);
        tx.rollback().await.unwrap();
        let mut tx = db.write().await.unwrap();
        tx.account_changed(10);
        drop(tx);
        assert_eq!(reactor.noted(), [7, 8], "a rolled back change tells nobody");
    })
    .await;
}

#[tokio::test]
async fn locking_an_account_that_does_not_exist_is_not_found() {
    on_both(|db| async move {
        let founder = signed_up(&db, "ada@fabrikam.example").await;
        let who = users::principal_of(&db, founder.user_id).await.unwrap();
        let mut tx = db.write().await.unwrap();
        tx.lock_account(who.account_id).await.unwrap();
        let refused = tx.lock_account(who.account_id + 1000).await;
        assert!(matches!(refused, Err(Error::Refused(ApiError::NotFound))));
    })
    .await;
}
