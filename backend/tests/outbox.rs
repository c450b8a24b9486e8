//! Outbox tests: every case runs against SQLite and PostgreSQL, each on a fresh database, and
//! sends to a tiny SMTP server written here, so no mail leaves the machine.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use backend::mail::{self, DeliveryReport, Transport};
use backend::testing::{fresh_postgres_url, fresh_sqlite_url};
use backend::Db;
use tokio::net::{TcpListener, TcpStream};

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

/// An SMTP server that says just enough SMTP for lettre and keeps what it receives. It refuses
/// the first `refuse` MAIL FROM commands (counted over all connections, so the client's
/// connection pool makes no difference) with a transient error.
struct Sink {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<String>>>,
    mail_commands: Arc<AtomicUsize>,
}

impl Sink {
    async fn start(refuse: usize) -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = Sink {
            addr: listener.local_addr().unwrap(),
            received: Arc::default(),
            mail_commands: Arc::default(),
        };
        let (received, mail_commands) = (sink.received.clone(), sink.mail_commands.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (received, mail_commands) = (received.clone(), mail_commands.clone());
                tokio::spawn(async move {
                    let _ = converse(Line::new(stream), refuse, received, mail_commands).await;
                });
            }
        });
        sink
    }

    fn transport(&self) -> Transport {
        Transport::from_env_value(Some(&format!("smtp://{}", self.addr))).unwrap()
    }

    fn received(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }
}

async fn converse(
    mut conn: Line,
    refuse: usize,
    received: Arc<Mutex<Vec<String>>>,
    mail_commands: Arc<AtomicUsize>,
) -> std::io::Result<()> {
    conn.write("220 sink ready").await?;
    while let Some(line) = conn.read_line().await? {
        let verb = line.get(..4).unwrap_or(&line).to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" => conn.write("250-sink\r\n250 8BITMIME").await?,
            "HELO" | "RCPT" | "RSET" | "NOOP" => conn.write("250 ok").await?,
            "MAIL" => {
                if mail_commands.fetch_add(1, Ordering::SeqCst) < refuse {
                    conn.write("451 4.3.0 try later").await?;
                } else {
                    conn.write("250 ok").await?;
                }
            }
            "DATA" => {
                conn.write("354 go ahead").await?;
                let mut data = String::new();
                while let Some(line) = conn.read_line().await? {
                    if line == "." {
                        break;
                    }
                    data.push_str(&line);
                    data.push('\n');
                }
                received.lock().unwrap().push(data);
                conn.write("250 queued").await?;
            }
            "QUIT" => {
                conn.write("221 bye").await?;
                return Ok(());
            }
            _ => conn.write("502 not implemented").await?,
        }
    }
    Ok(())
}

/// Lines over a TCP stream with only tokio's `net` feature.
struct Line {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Line {
    fn new(stream: TcpStream) -> Line {
        Line {
            stream,
            buffer: Vec::new(),
        }
    }

    /// The next line without its CRLF, or `None` at the end of the stream.
    async fn read_line(&mut self) -> std::io::Result<Option<String>> {
        loop {
            if let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buffer.drain(..=end).collect();
                let line = String::from_utf8_lossy(&line);
                return Ok(Some(line.trim_end_matches(['\r', '\n']).to_owned()));
            }
            self.stream.readable().await?;
            let mut chunk = [0u8; 4096];
            match self.stream.try_read(&mut chunk) {
                Ok(0) => return Ok(None),
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
    }

    async fn write(&mut self, reply: &str) -> std::io::Result<()> {
        let bytes = format!("{reply}\r\n").into_bytes();
        let mut written = 0;
        while written < bytes.len() {
            self.stream.writable().await?;
            match self.stream.try_write(&bytes[written..]) {
                Ok(n) => written += n,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

async fn next_attempt_at(db: &Db, id: i64) -> i64 {
    sqlx::query_scalar("SELECT next_attempt_at FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .unwrap()
}

/// A new partner account for the mail to be about.
async fn an_account(db: &Db) -> i64 {
    use std::sync::atomic::{AtomicI64, Ordering};
    static NEXT: AtomicI64 = AtomicI64::new(1_000_000);
    sqlx::query_scalar(
        "INSERT INTO accounts (partner_id, legal_name, country, created_at) \
         VALUES ($1, 'Fabrikam SAS', 'FR', 0) RETURNING id",
    )
    .bind(NEXT.fetch_add(1, Ordering::SeqCst).to_string())
    .fetch_one(db.pool())
    .await
    .unwrap()
}

async fn only_message(db: &Db) -> mail::MailboxMessage {
    let mut messages = mail::mailbox(db, 10).await.unwrap();
    assert_eq!(messages.len(), 1, "{messages:?}");
    messages.remove(0)
}

#[tokio::test]
async fn a_message_refused_by_the_smtp_server_is_retried_with_back_off_and_delivered_later() {
    on_both(|db| async move {
        let sink = Sink::start(1).await;
        let transport = sink.transport();
        mail::enqueue_now(
            &db,
            an_account(&db).await,
            "ada@fabrikam.example",
            "Your invitation",
            "Welcome aboard.",
        )
        .await
        .unwrap();

        let before = backend::now();
        let report = mail::deliver_due(&db, &transport).await.unwrap();
        let after = backend::now();
        assert_eq!(report, DeliveryReport { sent: 0, failed: 1 });
        let message = only_message(&db).await;
        assert_eq!(message.attempts, 1);
        assert_eq!(message.sent_at, None);
        let error = message.last_error.clone().expect("the error is kept");
        assert!(error.contains("try later"), "{error}");
        let due = next_attempt_at(&db, message.id).await;
        assert!(
            (before + 5..=after + 5).contains(&due),
            "{before} {due} {after}"
        );

        let report = mail::deliver_due(&db, &transport).await.unwrap();
        assert_eq!(report, DeliveryReport::default(), "not due yet");
        assert_eq!(sink.mail_commands.load(Ordering::SeqCst), 1);

        sqlx::query("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2")
            .bind(backend::now() - 1)
            .bind(message.id)
            .execute(db.pool())
            .await
            .unwrap();
        let report = mail::deliver_due(&db, &transport).await.unwrap();
        assert_eq!(report, DeliveryReport { sent: 1, failed: 0 });
        let received = sink.received();
        assert_eq!(received.len(), 1);
        assert!(
            received[0].contains("Subject: Your invitation"),
            "{}",
            received[0]
        );
        assert!(
            received[0].contains("ada@fabrikam.example"),
            "{}",
            received[0]
        );
        assert!(received[0].contains("Welcome aboard."), "{}", received[0]);
        let message = only_message(&db).await;
        assert!(message.sent_at.is_some());
        assert_eq!(message.attempts, 1);

        let report = mail::deliver_due(&db, &transport).await.unwrap();
        assert_eq!(
            report,
            DeliveryReport::default(),
            "sent mail is not sent again"
        );
    })
    .await;
}

#[tokio::test]
async fn with_no_smtp_server_configured_mail_is_kept_for_the_mailbox() {
    on_both(|db| async move {
        let transport = Transport::from_env_value(None).unwrap();
        assert!(matches!(transport, Transport::Keep));
        assert!(matches!(
            Transport::from_env_value(Some("  ")).unwrap(),
            Transport::Keep
        ));
        let account = an_account(&db).await;
        let mut tx = db.write().await.unwrap();
        mail::enqueue(
            &mut tx,
            account,
            "ada@fabrikam.example",
            "Reset",
            "Your link.",
            backend::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let report = mail::deliver_due(&db, &transport).await.unwrap();
        assert_eq!(report, DeliveryReport::default());
        let message = only_message(&db).await;
        assert_eq!(message.to, "ada@fabrikam.example");
        assert_eq!(message.subject, "Reset");
        assert_eq!(message.body, "Your link.");
        assert_eq!(message.sent_at, None);
        assert_eq!(message.attempts, 0);
        assert_eq!(message.last_error, None);
    })
    .await;
}

#[tokio::test]
async fn mail_enqueued_in_a_rolled_back_transaction_is_never_sent() {
    on_both(|db| async move {
        let account = an_account(&db).await;
        let mut tx = db.write().await.unwrap();
        mail::enqueue(
            &mut tx,
            account,
            "ada@fabrikam.example",
            "Reset",
            "Your link.",
            backend::now(),
        )
        .await
        .unwrap();
        tx.rollback().await.unwrap();
        assert!(mail::mailbox(&db, 10).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_mailbox_lists_the_newest_first_up_to_the_limit() {
    on_both(|db| async move {
        let account = an_account(&db).await;
        for subject in ["one", "two", "three"] {
            mail::enqueue_now(&db, account, "ada@fabrikam.example", subject, "body")
                .await
                .unwrap();
        }
        let subjects: Vec<String> = mail::mailbox(&db, 2)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.subject)
            .collect();
        assert_eq!(subjects, ["three", "two"]);
    })
    .await;
}

#[tokio::test]
async fn an_accounts_mailbox_holds_only_the_mail_about_it() {
    on_both(|db| async move {
        let (ours, theirs) = (an_account(&db).await, an_account(&db).await);
        mail::enqueue_now(&db, ours, "ada@fabrikam.example", "ours", "body")
            .await
            .unwrap();
        // Even mail to the same address belongs to the account it is about.
        mail::enqueue_now(&db, theirs, "ada@fabrikam.example", "theirs", "body")
            .await
            .unwrap();
        let subjects = |messages: Vec<mail::MailboxMessage>| {
            messages.into_iter().map(|m| m.subject).collect::<Vec<_>>()
        };
        assert_eq!(
            subjects(mail::mailbox_of_account(&db, ours, 10).await.unwrap()),
            ["ours"]
        );
        assert_eq!(
            subjects(mail::mailbox_of_account(&db, theirs, 10).await.unwrap()),
            ["theirs"]
        );
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_smtp_server_never_loses_a_message() {
    on_both(|db| async move {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let transport =
            Transport::from_env_value(Some(&format!("smtp://127.0.0.1:{port}"))).unwrap();
        let account = an_account(&db).await;
        mail::enqueue_now(&db, account, "ada@fabrikam.example", "Hello", "Body")
            .await
            .unwrap();
        let report = mail::deliver_due(&db, &transport).await.unwrap();
        assert_eq!(report, DeliveryReport { sent: 0, failed: 1 });
        let message = only_message(&db).await;
        assert_eq!(message.attempts, 1);
        assert_eq!(message.sent_at, None);
        assert!(message.last_error.is_some());
    })
    .await;
}

#[tokio::test]
async fn an_invalid_address_is_a_failure_kept_with_its_error() {
    on_both(|db| async move {
        let sink = Sink::start(0).await;
        let account = an_account(&db).await;
        mail::enqueue_now(&db, account, "not an address", "Hello", "Body")
            .await
            .unwrap();
        let report = mail::deliver_due(&db, &sink.transport()).await.unwrap();
        assert_eq!(report, DeliveryReport { sent: 0, failed: 1 });
        let message = only_message(&db).await;
        assert_eq!(message.attempts, 1);
        assert!(message.last_error.unwrap().contains("invalid recipient"));
        assert!(sink.received().is_empty());
    })
    .await;
}

#[test]
fn back_off_doubles_from_five_seconds_up_to_an_hour() {
    let waits: Vec<i64> = (1..=12).map(mail::backoff).collect();
    assert_eq!(
        waits,
        [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]
    );
    assert_eq!(mail::backoff(0), 5);
    assert_eq!(mail::backoff(1_000_000), 3600);
}

#[tokio::test]
async fn smtp_urls_choose_plain_starttls_or_tls_and_bad_ones_are_refused() {
    for url in [
        "smtp://127.0.0.1:2525",
        "smtp://user:secret@mail.example.com:587?tls=required",
        "smtps://mail.example.com",
    ] {
        assert!(
            matches!(Transport::from_env_value(Some(url)), Ok(Transport::Smtp(_))),
            "{url}"
        );
    }
    assert!(Transport::from_env_value(Some("ftp://mail.example.com")).is_err());
    assert!(Transport::from_env_value(Some("not a url")).is_err());
}

#[test]
fn outside_the_runtime_an_smtp_transport_is_an_error_not_a_panic() {
    assert!(Transport::from_env_value(Some("smtp://127.0.0.1:2525")).is_err());
    assert!(matches!(
        Transport::from_env_value(None),
        Ok(Transport::Keep)
    ));
}
