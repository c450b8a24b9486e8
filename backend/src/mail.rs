//! The outbox: the one way mail leaves the server. Services enqueue a message inside the
//! transaction that causes it, so a change and its mail commit (or vanish) together; a worker
//! sends what is due later. A refused or unreachable server never loses a message: it stays in
//! the table and is retried with back-off, for ever. Without an SMTP server (the demo) messages
//! are kept unsent and shown on the demo mailbox page instead.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::Row;

use crate::error::{Error, Result};
use crate::now;
use crate::store::{Db, WriteTx};

/// The sender of every message unless the deployment names another.
pub const MAIL_FROM: &str = "Partner Settings <no-reply@partner-settings.example>";

/// How many messages one round sends at most, so a backlog cannot hold the worker for long.
const BATCH: i64 = 20;
/// How long a message taken for sending is hidden from other instances. Only matters if the
/// process dies mid-send: the message is then sent again once the lease runs out.
const LEASE_SECS: i64 = 600;
/// Per-command SMTP timeout, well inside the lease.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest stored error text; SMTP replies can be long and the mailbox page shows it.
const MAX_ERROR_CHARS: usize = 500;
/// Pause between rounds of the worker.
const WORKER_PAUSE: Duration = Duration::from_secs(2);

/// Queues a message, due now, inside the caller's transaction. `account_id` is the account the
/// message is about (the demo mailbox shows each account its own mail, and nobody else's).
pub async fn enqueue(
    tx: &mut WriteTx,
    account_id: i64,
    to: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (account_id, to_address, subject, body, created_at, attempts, \
         next_attempt_at) VALUES ($1, $2, $3, $4, $5, 0, $5)",
    )
    .bind(account_id)
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Queues a message on its own (tests of the outbox; the product queues mail with its change).
#[cfg(feature = "testing")]
pub async fn enqueue_now(
    db: &Db,
    account_id: i64,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<()> {
    let mut tx = db.write().await?;
    enqueue(&mut tx, account_id, to, subject, body, now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Where queued mail goes.
#[derive(Debug, Clone)]
pub enum Transport {
    /// Kept in the database for the demo mailbox page; never sent.
    Keep,
    /// Sent through SMTP (lettre).
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Transport {
    /// The transport an `SMTP_URL` setting asks for: none means [`Transport::Keep`];
    /// `smtp://host:port` is plain SMTP, `smtp://host?tls=required` STARTTLS and
    /// `smtps://host` TLS from the first byte; `user:password@` in the URL signs in. Must run
    /// inside the Tokio runtime: the connection pool starts a task there (lettre would panic).
    pub fn from_env_value(smtp_url: Option<&str>) -> std::result::Result<Transport, String> {
        let Some(url) = smtp_url.map(str::trim).filter(|url| !url.is_empty()) else {
            return Ok(Transport::Keep);
        };
        if tokio::runtime::Handle::try_current().is_err() {
            return Err("the SMTP transport must be created inside the Tokio runtime".into());
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("invalid SMTP URL: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Transport::Smtp(transport))
    }
}

/// What one round of [`deliver_due`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: u32,
    pub failed: u32,
}

/// Seconds to wait before the next try after `attempts` failed ones: 5, 10, 20, ... doubling,
/// capped at an hour so a long outage is still followed by delivery within the hour.
pub fn backoff(attempts: i64) -> i64 {
    const CAP: i64 = 3600;
    let doublings = attempts.saturating_sub(1).clamp(0, 20) as u32;
    (5_i64 << doublings).min(CAP)
}

/// Sends up to a batch of due messages, oldest first, from [`MAIL_FROM`].
pub async fn deliver_due(db: &Db, transport: &Transport) -> Result<DeliveryReport> {
    deliver_due_as(db, transport, MAIL_FROM).await
}

/// [`deliver_due`] with another sender address (`Name <address>` or a bare address).
pub async fn deliver_due_as(db: &Db, transport: &Transport, from: &str) -> Result<DeliveryReport> {
    let mut report = DeliveryReport::default();
    let Transport::Smtp(smtp) = transport else {
        return Ok(report);
    };
    let from: Mailbox = from
        .parse()
        .map_err(|e| Error::Fault(format!("invalid sender address {from:?}: {e}")))?;
    let now = now();
    let rows = sqlx::query(&format!(
        "SELECT id, to_address, subject, body, attempts, next_attempt_at FROM outbox \
         WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT {BATCH}"
    ))
    .bind(now)
    .fetch_all(db.reader())
    .await?;
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let attempts: i64 = row.try_get("attempts")?;
        // Take the message first, so another instance running the same round skips it rather
        // than sending it twice.
        let taken = db
            .write_once(
                sqlx::query(
                    "UPDATE outbox SET next_attempt_at = $1 \
             WHERE id = $2 AND sent_at IS NULL AND next_attempt_at = $3",
                )
                .bind(now + LEASE_SECS)
                .bind(id)
                .bind(row.try_get::<i64, _>("next_attempt_at")?),
            )
            .await?;
        if taken.rows_affected() != 1 {
            continue;
        }
        let outcome = send(
            smtp,
            &from,
            row.try_get("to_address")?,
            row.try_get("subject")?,
            row.try_get("body")?,
        )
        .await;
        match outcome {
            Ok(()) => {
                db.write_once(
                    sqlx::query("UPDATE outbox SET sent_at = $1 WHERE id = $2")
                        .bind(crate::now())
                        .bind(id),
                )
                .await?;
                report.sent += 1;
            }
            Err(error) => {
                let attempts = attempts + 1;
                let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
                tracing::warn!(id, attempts, %error, "mail not sent, will retry");
                db.write_once(
                    sqlx::query(
                        "UPDATE outbox SET attempts = $1, last_error = $2, next_attempt_at = $3 \
                     WHERE id = $4",
                    )
                    .bind(attempts)
                    .bind(&error)
                    .bind(crate::now() + backoff(attempts))
                    .bind(id),
                )
                .await?;
                report.failed += 1;
            }
        }
    }
    Ok(report)
}

/// Builds and sends one plain-text message; every failure, a bad address included, comes back as
/// its text to be stored with the message.
async fn send(
    smtp: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    to: &str,
    subject: &str,
    body: String,
) -> std::result::Result<(), String> {
    let to: Mailbox = to
        .parse()
        .map_err(|e| format!("invalid recipient address {to:?}: {e}"))?;
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| format!("cannot build message: {e}"))?;
    smtp.send(message)
        .await
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Delivers due mail for the life of the process, from [`MAIL_FROM`].
pub async fn run_worker(db: Db, transport: Transport) {
    run_worker_as(db, transport, MAIL_FROM.to_owned()).await
}

/// [`run_worker`] with another sender address. Returns at once with [`Transport::Keep`]: there
/// is nothing to send, the demo mailbox page reads the table.
pub async fn run_worker_as(db: Db, transport: Transport, from: String) {
    if matches!(transport, Transport::Keep) {
        tracing::info!("no SMTP server configured: mail is kept for the demo mailbox");
        return;
    }
    loop {
        match deliver_due_as(&db, &transport, &from).await {
            Ok(report) if report.sent > 0 || report.failed > 0 => {
                tracing::info!(sent = report.sent, failed = report.failed, "mail delivered");
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "mail delivery round failed"),
        }
        tokio::time::sleep(WORKER_PAUSE).await;
    }
}

/// One message as the demo mailbox page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxMessage {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// The newest `limit` messages, sent or not, newest first.
pub async fn mailbox(db: &Db, limit: i64) -> Result<Vec<MailboxMessage>> {
    let rows = sqlx::query(
        "SELECT id, to_address, subject, body, created_at, sent_at, attempts, last_error \
         FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit.max(0))
    .fetch_all(db.reader())
    .await?;
    messages(&rows)
}

/// The newest `limit` messages about `account_id`, newest first: what the demo mailbox shows
/// that account's signed-in users (or the founder of a sign-up still waiting for its link).
pub async fn mailbox_of_account(
    db: &Db,
    account_id: i64,
    limit: i64,
) -> Result<Vec<MailboxMessage>> {
    let rows = sqlx::query(
        "SELECT id, to_address, subject, body, created_at, sent_at, attempts, last_error \
         FROM outbox WHERE account_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(limit.max(0))
    .fetch_all(db.reader())
    .await?;
    messages(&rows)
}

fn messages(rows: &[sqlx::any::AnyRow]) -> Result<Vec<MailboxMessage>> {
    rows.iter()
        .map(|row| {
            Ok(MailboxMessage {
                id: row.try_get("id")?,
                to: row.try_get("to_address")?,
                subject: row.try_get("subject")?,
                body: row.try_get("body")?,
                created_at: row.try_get("created_at")?,
                sent_at: row.try_get("sent_at")?,
                attempts: row.try_get("attempts")?,
                last_error: row.try_get("last_error")?,
            })
        })
        .collect()
}
