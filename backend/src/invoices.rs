//! Invoices and the overdue job: an unpaid invoice past its due date becomes overdue and its
//! notice goes, once, to the people who handle late payments.

use std::time::Duration;

use domain::invoices::{date_of, format_amount, Invoice, InvoiceStatus};
use domain::{Locale, Role};
use sqlx::Row;

use crate::error::{Error, Result};
use crate::mail;
use crate::principal::Principal;
use crate::store::{Db, WriteTx};

/// How often the overdue job looks again (it also runs once at start).
pub const OVERDUE_JOB_PERIOD: Duration = Duration::from_secs(3600);

/// The caller's account's invoices, newest first.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<Invoice>> {
    let rows = sqlx::query(
        "SELECT number, issued_on, due_on, amount_minor, currency, status FROM invoices \
         WHERE account_id = $1 ORDER BY issued_on DESC, id DESC",
    )
    .bind(who.account_id)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|row| {
            let status: String = row.try_get("status")?;
            Ok(Invoice {
                number: row.try_get("number")?,
                issued_on: row.try_get("issued_on")?,
                due_on: row.try_get("due_on")?,
                amount_minor: row.try_get("amount_minor")?,
                currency: row.try_get("currency")?,
                status: InvoiceStatus::from_code(&status)
                    .ok_or_else(|| Error::Fault(format!("invoice status {status}")))?,
            })
        })
        .collect()
}

/// Marks every unpaid invoice past its due date (on `now`'s UTC date) overdue and sends its
/// notice. Each invoice is claimed by a guarded update inside the transaction that queues its
/// mail, so two servers running this at once send each notice exactly once. Returns how many
/// invoices this call turned overdue.
pub async fn mark_overdue(db: &Db, now: i64) -> Result<u32> {
    let today = date_of(now);
    let due: Vec<i64> =
        sqlx::query("SELECT id FROM invoices WHERE status = 'unpaid' AND due_on < $1 ORDER BY id")
            .bind(&today)
            .fetch_all(db.reader())
            .await?
            .iter()
            .map(|row| row.try_get("id"))
            .collect::<std::result::Result<_, _>>()?;
    let mut marked = 0;
    for id in due {
        let mut tx = db.write().await?;
        let claimed = sqlx::query(
            "UPDATE invoices SET status = 'overdue', overdue_notified_at = $1 \
             WHERE id = $2 AND status = 'unpaid' \
             RETURNING account_id, number, due_on, amount_minor, currency",
        )
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(invoice) = claimed else {
            // Another server claimed it first (or it was paid meanwhile).
            tx.rollback().await?;
            continue;
        };
        let account_id: i64 = invoice.try_get("account_id")?;
        let notice = OverdueNotice {
            number: invoice.try_get("number")?,
            due_on: invoice.try_get("due_on")?,
            amount_minor: invoice.try_get("amount_minor")?,
            currency: invoice.try_get("currency")?,
        };
        for to in overdue_recipients(&mut tx, account_id).await? {
            mail::enqueue(
                &mut tx,
                account_id,
                &to,
                &notice.subject(),
                &notice.body(),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        marked += 1;
    }
    Ok(marked)
}

/// Runs [`mark_overdue`] at start and then every [`OVERDUE_JOB_PERIOD`].
pub async fn run_overdue_job(db: Db) {
    let mut every = tokio::time::interval(OVERDUE_JOB_PERIOD);
    loop {
        every.tick().await;
        match mark_overdue(&db, crate::now()).await {
            Ok(0) => {}
            Ok(marked) => tracing::info!(marked, "invoices became overdue; notices queued"),
            Err(e) => tracing::warn!(error = %e, "overdue invoice job failed; retrying later"),
        }
    }
}

/// Who gets an account's overdue notices: its active Billing admins (or, when it has none, its
/// Global admins), each at their alternate email for late payments when they set one, else at
/// their sign-in email.
async fn overdue_recipients(tx: &mut WriteTx, account_id: i64) -> Result<Vec<String>> {
    for role in [Role::BillingAdmin, Role::GlobalAdmin] {
        let rows = sqlx::query(
            "SELECT u.id, u.email FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE u.account_id = $1 AND u.status = 'active' AND r.role = $2 ORDER BY u.id",
        )
        .bind(account_id)
        .bind(role.slug())
        .fetch_all(&mut **tx)
        .await?;
        if rows.is_empty() {
            continue;
        }
        let mut addresses = Vec::with_capacity(rows.len());
        for row in rows {
            let sign_in: String = row.try_get("email")?;
            let alternate = crate::preferences::overdue_address(tx, row.try_get("id")?).await?;
            let email = alternate.unwrap_or(sign_in);
            if !addresses.contains(&email) {
                addresses.push(email);
            }
        }
        return Ok(addresses);
    }
    Ok(Vec::new())
}

/// The overdue notice of one invoice, in English and French.
struct OverdueNotice {
    number: String,
    due_on: String,
    amount_minor: i64,
    currency: String,
}

impl OverdueNotice {
    fn subject(&self) -> String {
        format!(
            "Partner Settings: invoice {n} is overdue / la facture {n} est en retard",
            n = self.number
        )
    }

    fn body(&self) -> String {
        format!(
            "Invoice {n} of {en} was due on {due} and has not been paid.\n\
             Open Partner Settings > Invoices to see it, and pay it to avoid an interruption of your programs.\n\n\
             La facture {n} de {fr} était due le {due} et n'a pas été payée.\n\
             Ouvrez Paramètres partenaire > Factures pour la consulter, et réglez-la pour éviter une interruption de vos programmes.\n",
            n = self.number,
            en = format_amount(self.amount_minor, &self.currency, Locale::En),
            fr = format_amount(self.amount_minor, &self.currency, Locale::Fr),
            due = self.due_on,
        )
    }
}

/// Seeds the demo invoices of an account, dated around `now`: one paid, one unpaid past its due
/// date (the overdue job's first run turns it overdue and sends its notice), one not yet due.
pub async fn seed_demo(tx: &mut WriteTx, account_id: i64, prefix: &str, now: i64) -> Result<()> {
    const DAY: i64 = 86_400;
    let invoices = [
        (75, 45, 1_250_000, "paid"),
        (45, 15, 842_075, "unpaid"),
        (5, -25, 1_310_040, "unpaid"),
    ];
    for (i, (issued_days_ago, due_days_ago, amount_minor, status)) in invoices.iter().enumerate() {
        let issued = now - issued_days_ago * DAY;
        sqlx::query(
            "INSERT INTO invoices (account_id, number, issued_on, due_on, amount_minor, currency, \
             status) VALUES ($1, $2, $3, $4, $5, 'EUR', $6)",
        )
        .bind(account_id)
        .bind(format!(
            "{prefix}-{}-{:04}",
            &date_of(issued)[..4],
            1001 + i as i64
        ))
        .bind(date_of(issued))
        .bind(date_of(now - due_days_ago * DAY))
        .bind(amount_minor)
        .bind(status)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
