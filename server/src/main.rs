use server::{start, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("configuration error: {e}");
            std::process::exit(2);
        }
    };
    let demo = config.demo_seed;
    let running = match start(config).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("cannot start: {e}");
            std::process::exit(1);
        }
    };
    println!("Partner Settings is running at http://{}/", running.addr);
    if demo {
        println!(
            "Demo sign-in: {} / {} (one user per role: <role>@{}, same password)",
            backend::seed::demo_email(domain::Role::GlobalAdmin),
            backend::seed::DEMO_PASSWORD,
            backend::seed::DEMO_DOMAIN
        );
    }
    let mut task = running.task;
    tokio::select! {
        result = &mut task => {
            if let Ok(Err(e)) = result {
                eprintln!("server stopped: {e}");
                std::process::exit(1);
            }
        }
        _ = tokio::signal::ctrl_c() => {
            println!("shutting down");
            // Requests under way may finish (at most the request timeout); none is accepted.
            let _ = running.shutdown.send(true);
            let _ = tokio::time::timeout(running.state.config.request_timeout, task).await;
        }
    }
}
