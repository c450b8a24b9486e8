//! Load benchmark: sends requests at a fixed rate to a running server and prints the achieved
//! requests per second and p50/p99 latency, first for `/healthz` (the floor: one trivial
//! database query) and then for the Overview read (`/api/me`: session, roles, profile and
//! unread count), in the same run. Run through `scripts/bench-load`.
//!
//! Usage: load_bench BASE_URL [RATE_PER_SEC] [SECONDS]

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

struct Figures {
    sent: usize,
    failed: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Figures {
    fn print(&self, name: &str) {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let pct = |p: f64| {
            sorted
                .get(((sorted.len() as f64 * p).ceil() as usize).saturating_sub(1))
                .copied()
                .unwrap_or_default()
        };
        println!(
            "{name:<28} {:>8.1} req/s  p50 {:>8.2} ms  p99 {:>8.2} ms  max {:>8.2} ms  ({} sent, {} failed)",
            self.sent as f64 / self.elapsed.as_secs_f64(),
            pct(0.50).as_secs_f64() * 1e3,
            pct(0.99).as_secs_f64() * 1e3,
            sorted.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
            self.sent,
            self.failed,
        );
    }

    fn p99(&self) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        sorted
            .get(((sorted.len() as f64 * 0.99).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    }
}

/// Open-loop load: one request every 1/rate seconds whatever the answers, for `seconds`.
async fn run(
    client: reqwest::Client,
    request: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    rate: u32,
    seconds: u32,
) -> Figures {
    let total = (rate * seconds) as usize;
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(total)));
    let failures = Arc::new(Mutex::new(0usize));
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate as f64));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for _ in 0..total {
        ticker.tick().await;
        let builder = request(&client);
        let (latencies, failures) = (latencies.clone(), failures.clone());
        tasks.push(tokio::spawn(async move {
            let start = Instant::now();
            let ok = match builder.send().await {
                Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
                Err(_) => false,
            };
            let took = start.elapsed();
            if ok {
                latencies.lock().await.push(took);
            } else {
                *failures.lock().await += 1;
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let elapsed = started.elapsed();
    let latencies = latencies.lock().await.clone();
    let failed = *failures.lock().await;
    Figures {
        sent: total,
        failed,
        elapsed,
        latencies,
    }
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let base = args
        .next()
        .unwrap_or_else(|| "http://127.0.0.1:3000".into());
    let rate: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(500);
    let seconds: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(256)
        .build()
        .expect("client");
    let signed_in = client
        .post(format!("{base}/api/sign_in"))
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"email":"{}","password":"{}"}}"#,
            backend::seed::demo_email(domain::Role::GlobalAdmin),
            backend::seed::DEMO_PASSWORD
        ))
        .send()
        .await
        .expect("sign in");
    assert!(
        signed_in.status().is_success(),
        "sign-in failed: {}",
        signed_in.status()
    );

    println!("open-loop load at {rate} req/s for {seconds} s per endpoint against {base}");
    // Warm both paths (connections, caches) before measuring.
    run(
        client.clone(),
        |c| c.get(format!("{base}/healthz")),
        rate,
        1,
    )
    .await;
    let floor = run(
        client.clone(),
        |c| c.get(format!("{base}/healthz")),
        rate,
        seconds,
    )
    .await;
    floor.print("GET /healthz (floor)");
    let me_url = format!("{base}/api/me");
    let overview = run(
        client.clone(),
        |c| {
            c.post(&me_url)
                .header("content-type", "application/json")
                .body("{}")
        },
        rate,
        seconds,
    )
    .await;
    overview.print("POST /api/me (Overview read)");
    println!(
        "Overview p99 / floor p99 = {:.2} (target: at most 3)",
        overview.p99().as_secs_f64() / floor.p99().as_secs_f64().max(1e-9)
    );
}
