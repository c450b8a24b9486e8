//! Resources before authentication, over raw connections: the API knows who calls (and
//! refuses) before it reads a body, gives only allowed callers a large body limit, cuts slow
//! bodies and slow headers at their timeouts, and sheds load beyond its concurrency limit.

mod common;

use std::time::{Duration, Instant};

use backend::seed::{demo_email, DEMO_PASSWORD};
use backend::testing::fresh_sqlite_url;
use common::{as_role, browser, spawn_app, spawn_app_configured, TestApp};
use domain::{ApiError, Role};
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Taken by every test of this file: they run one at a time, so that one's memory
/// measurement sees no other test's servers.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A line of /proc/self/status in KiB (the server runs inside the test process).
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Starts measuring the process's peak memory: resets its high-water mark (Linux's
/// `clear_refs` 5) and returns the resident memory now, in KiB.
fn start_measuring() -> u64 {
    std::fs::write("/proc/self/clear_refs", "5").expect("peak memory can be reset");
    status_kib("VmRSS:")
}

/// How far resident memory rose above `start` at its peak since [`start_measuring`], in KiB.
fn peak_growth_kib(start: u64) -> u64 {
    status_kib("VmHWM:").saturating_sub(start)
}

/// Opens a connection and sends the head of a JSON POST to `function` announcing a body of
/// `length` bytes, with `cookie` if given, and the first `first` bytes of that body.
async fn start_post(
    app: &TestApp,
    function: &str,
    length: usize,
    cookie: Option<&str>,
    first: &[u8],
) -> TcpStream {
    let mut stream = TcpStream::connect(app.running.addr).await.unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST /api/{function} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Sec-Fetch-Site: same-origin\r\nContent-Length: {length}\r\n{cookie}\r\n",
        app.running.addr
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(first).await.unwrap();
    stream
}

/// Reads an HTTP response's head and as much of its body as arrives within `within`; `None`
/// when nothing came.
async fn read_answer(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut buffer = vec![0u8; 16 * 1024];
    let mut answer = Vec::new();
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        let left = deadline - Instant::now();
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => {
                answer.extend_from_slice(&buffer[..n]);
                let text = String::from_utf8_lossy(&answer);
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let length = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().to_owned())
                        })
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(0);
                    if body.len() >= length {
                        break;
                    }
                }
            }
        }
    }
    (!answer.is_empty()).then(|| String::from_utf8_lossy(&answer).into_owned())
}

fn status_of(answer: &str) -> u16 {
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn error_of(answer: &str) -> ApiError {
    let body = answer.split_once("\r\n\r\n").unwrap().1;
    serde_json::from_str(body).unwrap_or_else(|_| panic!("an ApiError body: {answer}"))
}

/// The session cookie (`name=value`) of a freshly signed-in demo user.
async fn session_of(app: &TestApp, role: Role) -> String {
    let response = app
        .sign_in(&reqwest::Client::new(), &demo_email(role), DEMO_PASSWORD)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ps_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn thirty_slow_unauthenticated_uploads_are_refused_before_their_body_is_read() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = spawn_app(true).await;
    let before = start_measuring();
    // Just under the upload's limit, so only the missing session refuses it.
    let announced = app::api::UPLOAD_BODY_LIMIT;
    let mut streams = Vec::new();
    for _ in 0..30 {
        // A 7 MB upload announced, 16 bytes of it sent, no session.
        let stream = start_post(
            &app,
            "tax_certificate_upload",
            announced,
            None,
            b"{\"upload\":{\"det",
        )
        .await;
        streams.push(stream);
    }
    let started = Instant::now();
    for stream in &mut streams {
        // Trickle a little more: the answer must not wait for the body.
        let _ = stream.write_all(b"ails").await;
        let answer = read_answer(stream, Duration::from_secs(5))
            .await
            .expect("an answer before the body is sent");
        assert_eq!(status_of(&answer), 401, "{answer}");
        assert_eq!(error_of(&answer), ApiError::Unauthenticated);
        assert!(
            answer
                .to_ascii_lowercase()
                .contains("cache-control: no-store"),
            "{answer}"
        );
    }
    // All thirty answered at once, with 20 bytes of each 7 MB body sent.
    assert!(started.elapsed() < Duration::from_secs(5));
    let grown_kib = peak_growth_kib(before);
    eprintln!("peak resident memory grew by {grown_kib} KiB over 30 slow unauthenticated uploads");
    // Thirty bodies read to their limit would be up to 30 × 7 MB = 210 MB.
    assert!(grown_kib < 16 * 1024, "grew by {grown_kib} KiB");
}

#[tokio::test]
async fn thirty_unauthenticated_uploads_sent_at_full_speed_are_not_kept() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = spawn_app(true).await;
    let body = std::sync::Arc::new(vec![b'A'; app::api::UPLOAD_BODY_LIMIT - 1]);
    let before = start_measuring();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..30 {
        let mut stream = start_post(
            &app,
            "tax_certificate_upload",
            app::api::UPLOAD_BODY_LIMIT,
            None,
            b"{",
        )
        .await;
        let body = body.clone();
        tasks.spawn(async move {
            // The server answers and closes without reading: the write fails part way.
            let _ = stream.write_all(&body).await;
            read_answer(&mut stream, Duration::from_secs(5)).await
        });
    }
    let mut answered = 0;
    while let Some(answer) = tasks.join_next().await {
        if let Some(answer) = answer.unwrap() {
            assert_eq!(status_of(&answer), 401, "{answer}");
            answered += 1;
        }
    }
    assert!(answered > 0);
    let grown_kib = peak_growth_kib(before);
    eprintln!("peak resident memory grew by {grown_kib} KiB over 30 unauthenticated 7 MB uploads");
    // Thirty bodies kept to their limit would be up to 30 × 7 MB = 210 MB (reading them
    // before knowing the caller, as the API once did, peaked 34 MB above the start here).
    assert!(grown_kib < 16 * 1024, "grew by {grown_kib} KiB");
}

#[tokio::test]
async fn a_slow_upload_from_an_allowed_caller_is_cut_at_the_request_timeout() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = spawn_app_configured(fresh_sqlite_url(), true, |config| {
        config.request_timeout = Duration::from_secs(2);
    })
    .await;
    let session = session_of(&app, Role::BillingAdmin).await;
    let mut stream = start_post(
        &app,
        "tax_certificate_upload",
        6 * 1024 * 1024,
        Some(&session),
        b"{",
    )
    .await;
    let started = Instant::now();
    let mut sent = 1;
    let answer = loop {
        // A few bytes every 200 ms: never idle long enough for the body timeout.
        if let Some(answer) = read_answer(&mut stream, Duration::from_millis(200)).await {
            break answer;
        }
        assert!(started.elapsed() < Duration::from_secs(6), "not cut");
        if stream.write_all(b"\"aaaa").await.is_ok() {
            sent += 5;
        }
    };
    assert_eq!(status_of(&answer), 408, "{answer}");
    assert_eq!(error_of(&answer), ApiError::TimedOut);
    assert!(answer.contains("cache-control: no-store"), "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(1900));
    assert!(sent < 200, "cut after {sent} bytes");
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_cut_at_the_body_timeout() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = spawn_app_configured(fresh_sqlite_url(), true, |config| {
        config.body_timeout = Duration::from_secs(1);
    })
    .await;
    let session = session_of(&app, Role::BillingAdmin).await;
    let mut stream = start_post(
        &app,
        "tax_certificate_upload",
        1000,
        Some(&session),
        b"{\"upload\":",
    )
    .await;
    let started = Instant::now();
    let answer = read_answer(&mut stream, Duration::from_secs(5))
        .await
        .expect("an answer");
    assert_eq!(status_of(&answer), 408, "{answer}");
    assert_eq!(error_of(&answer), ApiError::TimedOut);
    assert!(answer.contains("cache-control: no-store"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_client_slow_to_send_its_headers_is_disconnected() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = spawn_app_configured(fresh_sqlite_url(), false, |config| {
        config.header_timeout = Duration::from_secs(1);
    })
    .await;
    let mut stream = TcpStream::connect(app.running.addr).await.unwrap();
    stream
        .write_all(b"POST /api/sign_in HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buffer = [0u8; 1024];
    // The server closes the connection (maybe after a 408) once the timeout has passed.
    loop {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(_)) => continue,
            Err(_) => panic!("the connection was still open after 5 s"),
        }
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(4),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn beyond_its_concurrency_limit_the_api_sheds_load_with_retry_after() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = spawn_app_configured(fresh_sqlite_url(), false, |config| {
        config.api_max_in_flight = 2;
        config.body_timeout = Duration::from_secs(3);
    })
    .await;
    // Two calls in flight: sign-ins whose bodies are still on their way.
    let mut held = Vec::new();
    for _ in 0..2 {
        held.push(start_post(&app, "sign_in", 100, None, b"{\"email\":").await);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let shed = app
        .sign_in(&browser(), "ada@fabrikam.example", "whatever whatever")
        .await;
    assert_eq!(shed.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(shed.headers()["retry-after"], "1");
    assert_eq!(shed.headers()["cache-control"], "no-store");
    assert!(matches!(
        shed.json::<ApiError>().await.unwrap(),
        ApiError::Busy { .. }
    ));
    // Static files and the health check are not API calls: they are served.
    let health = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    // Once the held calls end (cut at the body timeout), calls are served again.
    for stream in &mut held {
        let answer = read_answer(stream, Duration::from_secs(6)).await.unwrap();
        assert_eq!(status_of(&answer), 408, "{answer}");
    }
    let served = app
        .sign_in(&browser(), "ada@fabrikam.example", "whatever whatever")
        .await;
    assert_eq!(served.status(), StatusCode::UNAUTHORIZED);
}

/// The largest sign-up anyone can legitimately send: every field at its longest, in 4-byte
/// characters wherever they are allowed.
fn largest_sign_up() -> serde_json::Value {
    let wide = |n: usize| "𝒜".repeat(n);
    let local = "a".repeat(64);
    let domain = format!("{}.example", "b".repeat(254 - 64 - 1 - ".example".len()));
    json!({ "form": {
        "email": format!("{local}@{domain}"),
        "name": wide(100),
        "password": wide(128),
        "company_name": wide(200),
        "country": "FR"
    }})
}

#[tokio::test]
async fn functions_open_to_anyone_read_small_bodies_only() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = spawn_app(false).await;
    let largest = serde_json::to_vec(&largest_sign_up()).unwrap();
    assert!(
        largest.len() < server::api::PUBLIC_BODY_LIMIT,
        "{} bytes",
        largest.len()
    );
    let response = app.call(&browser(), "sign_up", largest_sign_up()).await;
    assert_ne!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "the largest legitimate sign-up is read"
    );
    // A sign-in padded past the limit is refused, announced or not.
    let padding = "x".repeat(server::api::PUBLIC_BODY_LIMIT);
    let padded = app
        .call(
            &browser(),
            "sign_in",
            json!({ "email": "ada@fabrikam.example", "password": padding }),
        )
        .await;
    assert_eq!(padded.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        padded.json::<ApiError>().await.unwrap(),
        ApiError::Malformed
    );
    let mut stream = start_post(&app, "sign_in", 64 * 1024, None, b"{").await;
    let answer = read_answer(&mut stream, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(status_of(&answer), 400, "{answer}");
}

#[tokio::test]
async fn a_signed_in_caller_keeps_the_ordinary_body_limit() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = spawn_app(true).await;
    let marketer = as_role(&app, Role::Marketer).await;
    let padded = app
        .call(
            &marketer,
            "me",
            json!({ "padding": "x".repeat(100 * server::api::PUBLIC_BODY_LIMIT) }),
        )
        .await;
    assert_eq!(padded.status(), StatusCode::OK);
}
