//! The overdue invoice job, on SQLite and PostgreSQL: an unpaid invoice past its due date turns
//! overdue and its notice is queued exactly once, even when two servers run the job at once.

use backend::testing::{fresh_postgres_url, fresh_sqlite_url};
use backend::{invoices, seed, Db};
use domain::invoices::InvoiceStatus;
use sqlx::Row;

/// Runs `case` once per database, with the URL so a case can open a second pool ("server").
async fn on_both<F, Fut>(case: F)
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    case(fresh_sqlite_url()).await;
    if let Some(url) = fresh_postgres_url().await {
        case(url).await;
    }
}

/// The overdue notices in the outbox, as (recipient, subject), in queue order.
async fn overdue_notices(db: &Db) -> Vec<(String, String)> {
    sqlx::query("SELECT to_address, subject FROM outbox WHERE subject LIKE '%overdue%' ORDER BY id")
        .fetch_all(db.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get("to_address"), r.get("subject")))
        .collect()
}

async fn statuses(db: &Db, prefix: &str) -> Vec<(String, InvoiceStatus)> {
    sqlx::query("SELECT number, status FROM invoices WHERE number LIKE $1 ORDER BY number")
        .bind(format!("{prefix}-%"))
        .fetch_all(db.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let status: String = r.get("status");
            (r.get("number"), InvoiceStatus::from_code(&status).unwrap())
        })
        .collect()
}

#[tokio::test]
async fn the_overdue_demo_invoice_sends_one_notice_to_the_billing_admin() {
    on_both(|url| async move {
        let db = backend::open(&url).await.unwrap();
        seed::seed_demo(&db).await.unwrap();
        let now = backend::now();

        assert_eq!(invoices::mark_overdue(&db, now).await.unwrap(), 2);
        let contoso = statuses(&db, "CTS").await;
        assert_eq!(
            contoso.iter().map(|(_, s)| *s).collect::<Vec<_>>(),
            // Numbered in issue order: paid, past due, not yet due.
            [
                InvoiceStatus::Paid,
                InvoiceStatus::Overdue,
                InvoiceStatus::Unpaid
            ]
        );
        let notices = overdue_notices(&db).await;
        assert_eq!(notices.len(), 2, "{notices:?}");
        // Contoso's Billing admin set an alternate email for late payments; Fabrikam's did not.
        assert_eq!(notices[0].0, "accounts-payable@contoso.example");
        assert!(notices[0].1.contains(&contoso[1].0), "{notices:?}");
        assert_eq!(notices[1].0, "billing-admin@fabrikam.example");

        // Running again (the hourly round) changes nothing and sends nothing.
        assert_eq!(invoices::mark_overdue(&db, now).await.unwrap(), 0);
        assert_eq!(overdue_notices(&db).await.len(), 2);

        // A month later the invoice that was not yet due is overdue too, and only it is notified.
        assert_eq!(
            invoices::mark_overdue(&db, now + 31 * 86_400)
                .await
                .unwrap(),
            2
        );
        let notices = overdue_notices(&db).await;
        assert_eq!(notices.len(), 4);
        assert!(notices[2].1.contains(&contoso[2].0), "{notices:?}");
    })
    .await;
}

#[tokio::test]
async fn two_servers_running_the_job_at_once_send_each_notice_once() {
    on_both(|url| async move {
        let first = backend::open(&url).await.unwrap();
        seed::seed_demo(&first).await.unwrap();
        let second = backend::open(&url).await.unwrap();
        let now = backend::now();
        for round in 0..3 {
            let (a, b) = tokio::join!(
                invoices::mark_overdue(&first, now + round),
                invoices::mark_overdue(&second, now + round),
            );
            let total = a.unwrap() + b.unwrap();
            assert_eq!(total, if round == 0 { 2 } else { 0 }, "round {round}");
        }
        assert_eq!(overdue_notices(&first).await.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn without_a_billing_admin_the_global_admins_get_the_notice() {
    on_both(|url| async move {
        let db = backend::open(&url).await.unwrap();
        seed::seed_demo(&db).await.unwrap();
        sqlx::query("UPDATE users SET status = 'deactivated' WHERE email LIKE 'billing-admin@%'")
            .execute(db.pool())
            .await
            .unwrap();
        invoices::mark_overdue(&db, backend::now()).await.unwrap();
        let recipients: Vec<String> = overdue_notices(&db)
            .await
            .into_iter()
            .map(|(to, _)| to)
            .collect();
        assert_eq!(
            recipients,
            [
                "global-admin@contoso.example",
                "global-admin@fabrikam.example"
            ]
        );
    })
    .await;
}
