//! The Partner Settings server: serves the built client and the server functions, with sessions,
//! security headers and a health check. Everything runs through [`start`], which the binary and
//! the tests share.

pub mod api;
pub mod assets;
pub mod config;
pub mod demo_directory;
pub mod downloads;
pub mod security;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use backend::Db;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutBody};

pub use assets::Assets;
pub use config::Config;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub assets: Arc<Assets>,
    pub csp: Arc<str>,
    pub directory: backend::directory::Directory,
    pub tenant_directory: Option<backend::tenants::TenantDirectory>,
    /// The built-in fictional directory, served under `/demo-directory` (demo only).
    pub demo_directory: Option<Arc<demo_directory::DemoDirectory>>,
    /// Where VAT IDs are checked (tax profile).
    pub vat_registry: backend::tax::VatRegistry,
    /// The key payout bank details are sealed with (None: payout accounts cannot be saved).
    pub payout_key: Option<backend::payout::PayoutKey>,
}

/// The application's routes.
pub fn router(state: AppState) -> Router {
    let config = &state.config;
    let api = Router::new()
        .route("/api/{*function}", post(api::handle).get(api::handle))
        .route_layer(middleware::from_fn_with_state(state.clone(), api::guard))
        // Tax certificate uploads: the server-function handler reads bodies within axum's
        // DefaultBodyLimit (2 MB unless raised); raised here to the largest function's limit,
        // as the guard holds every caller to its function's (`api::guard`).
        .layer(DefaultBodyLimit::max(app::api::LARGEST_BODY_LIMIT))
        // Outermost first: errors of the layers below become typed answers; beyond
        // `api_max_in_flight` calls at once the next is refused at once (503), never queued;
        // a call over `request_timeout` (its body included) is stopped (408), and so is one
        // whose body stops arriving for `body_timeout`.
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(api::serving_error))
                .load_shed()
                .layer(GlobalConcurrencyLimitLayer::new(config.api_max_in_flight))
                .timeout(config.request_timeout)
                .layer(RequestBodyTimeoutLayer::new(config.body_timeout))
                .map_request(|request: Request<TimeoutBody<Body>>| request.map(Body::new)),
        );
    let mut routes = Router::new()
        .route("/healthz", get(healthz))
        .merge(api)
        .merge(downloads::routes());
    if let Some(directory) = &state.demo_directory {
        routes = routes.nest("/demo-directory", demo_directory::routes(directory.clone()));
    }
    routes
        .fallback(static_files)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .with_state(state)
}

/// `GET /healthz`: 200 only when the database answers.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => Json(serde_json::json!({ "status": "ok", "database": "ok" })).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable", "database": "unreachable" })),
            )
                .into_response()
        }
    }
}

async fn static_files(State(state): State<AppState>, request: Request) -> Response {
    if request.method() != axum::http::Method::GET && request.method() != axum::http::Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    state
        .assets
        .respond(request.uri().path(), request.headers())
}

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
    /// Asks the server to stop: it accepts no more connections, lets the open ones finish
    /// their requests, then `task` ends.
    pub shutdown: tokio::sync::watch::Sender<bool>,
}

/// Opens the database (migrating it; the programs' watch as its reactor), seeds the demo if
/// asked, loads the client and starts serving on `config.bind_addr` (port 0 picks a free one).
pub async fn start(config: Config) -> Result<Running, String> {
    app::api::register_server_functions();
    let db = backend::open(&config.database_url)
        .await
        .map_err(|e| format!("database: {e}"))?;
    if config.demo_seed
        && backend::seed::seed_demo(&db)
            .await
            .map_err(|e| format!("seed: {e}"))?
    {
        tracing::info!("demo account seeded");
    }
    let assigned = backend::identifiers::assign_missing_location_ids(&db)
        .await
        .map_err(|e| format!("location IDs: {e}"))?;
    if assigned > 0 {
        tracing::info!(assigned, "location IDs given to existing locations");
    }
    let assets = Assets::load(&config.dist_dir)
        .map_err(|e| format!("client files in {}: {e}", config.dist_dir.display()))?;
    let csp = security::content_security_policy(&assets.inline_script_hashes);
    let listener = tokio::net::TcpListener::bind(config.bind_addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind_addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let directory = backend::directory::Directory::configure(
        config.company_directory_url.as_deref(),
        config.company_directory_token.clone(),
        config.demo_seed,
    )
    .map_err(|e| format!("COMPANY_DIRECTORY_URL: {e}"))?;
    let (tenant_directory, demo_directory) = tenant_directory(&config, addr)?;
    // Tax profile.
    let vat_registry =
        backend::tax::VatRegistry::configure(config.vat_registry_url.as_deref(), config.demo_seed)
            .map_err(|e| format!("VAT_REGISTRY_URL: {e}"))?;
    let payout_key = payout_key(&config)?;
    let state = AppState {
        vat_registry,
        payout_key,
        directory,
        tenant_directory,
        demo_directory,
        db: db.clone(),
        config: Arc::new(config),
        assets: Arc::new(assets),
        csp: csp.into(),
    };
    let transport = backend::mail::Transport::from_env_value(state.config.smtp_url.as_deref())
        .map_err(|e| format!("SMTP_URL: {e}"))?;
    tokio::spawn(backend::mail::run_worker(db.clone(), transport));
    tokio::spawn(backend::invoices::run_overdue_job(db.clone()));
    // Programs: requirements that stop being met are watched after
    // each change that can move them, and by this round for everything else.
    tokio::spawn(backend::programs::run_watcher(db.clone()));
    // Tax profile.
    tokio::spawn(send_certificate_reminders(db.clone()));
    tokio::spawn(delete_expired_sessions(db));
    let app = router(state.clone());
    let (shutdown, stop) = tokio::sync::watch::channel(false);
    let header_timeout = state.config.header_timeout;
    let task = tokio::spawn(serve(listener, app, header_timeout, stop));
    Ok(Running {
        addr,
        state,
        task,
        shutdown,
    })
}

/// Serves `app` on `listener` over HTTP/1.1, each request carrying its peer's address
/// (`ConnectInfo`, as the throttles and logs need), like `axum::serve` but with hyper's
/// header-read timeout: a client that has not sent a request's headers within
/// `header_timeout` is disconnected (slow-headers attacks hold no connection for long). When
/// `stop` turns true, no connection is accepted any more and the open ones finish their
/// requests before this returns.
async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    header_timeout: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let connections = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            // Only `true` is ever sent; a dropped sender (Err) is no request to stop.
            Ok(()) = stop.changed() => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                accept_failed(e).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = app
            .clone()
            .map_request(move |request: Request<hyper::body::Incoming>| {
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let connection = builder.serve_connection(
            TokioIo::new(stream),
            hyper_util::service::TowerToHyperService::new(service),
        );
        let connection = connections.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
        });
    }
    drop(listener);
    connections.shutdown().await;
    Ok(())
}

/// What `axum::serve` does when accepting fails: a connection that failed on its way in is
/// skipped; anything else (out of file descriptors) is logged and waited out for a second.
async fn accept_failed(error: std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(%error, "accepting a connection failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// The directory tenants are associated through: the configured issuer, else the built-in
/// fictional one when the demo switch is on (reached by the server at the address it listens
/// on, by browsers at the public address), else none.
#[allow(clippy::type_complexity)]
fn tenant_directory(
    config: &Config,
    addr: SocketAddr,
) -> Result<
    (
        Option<backend::tenants::TenantDirectory>,
        Option<Arc<demo_directory::DemoDirectory>>,
    ),
    String,
> {
    let redirect = format!(
        "{}/settings/tenants/associate",
        config.public_url.trim_end_matches('/')
    );
    if let Some(issuer) = &config.tenant_directory_issuer {
        let client_id = config
            .tenant_directory_client_id
            .as_deref()
            .ok_or("TENANT_DIRECTORY_CLIENT_ID is required with TENANT_DIRECTORY_ISSUER")?;
        let directory = backend::tenants::TenantDirectory::new(
            issuer,
            client_id,
            config.tenant_directory_client_secret.clone(),
            &redirect,
            config.tenant_directory_admin_roles.clone(),
        )
        .map_err(|e| format!("TENANT_DIRECTORY_ISSUER: {e}"))?;
        return Ok((Some(directory), None));
    }
    if !config.demo_seed {
        return Ok((None, None));
    }
    let secret = backend::auth::random_token();
    let demo = demo_directory::DemoDirectory::new(
        &format!("http://{addr}/demo-directory"),
        &format!("{}/demo-directory", config.public_url.trim_end_matches('/')),
        &secret,
        &redirect,
        demo_directory::Fault::None,
    );
    let directory = backend::tenants::TenantDirectory::new(
        &demo.issuer(),
        demo_directory::CLIENT_ID,
        Some(secret),
        &redirect,
        config.tenant_directory_admin_roles.clone(),
    )?;
    Ok((Some(directory), Some(demo)))
}

/// The key payout bank details are sealed with: `PAYOUT_KEY`, else with the demo switch one
/// generated once and kept in the data folder (`payout.key`, owner-only), else none (payout
/// accounts cannot be saved; the page says the feature is not configured).
fn payout_key(config: &Config) -> Result<Option<backend::payout::PayoutKey>, String> {
    if let Some(text) = &config.payout_key {
        return backend::payout::PayoutKey::from_base64(text).map(Some);
    }
    if !config.demo_seed {
        return Ok(None);
    }
    let path = backend::payout::demo_key_path(&config.database_url);
    backend::payout::PayoutKey::load_or_create(&path).map(Some)
}

async fn delete_expired_sessions(db: Db) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        if let Err(e) = backend::auth::delete_expired_sessions(&db).await {
            tracing::warn!(error = %e, "could not delete expired sessions");
        }
        if let Err(e) = backend::auth::delete_expired_devices(&db).await {
            tracing::warn!(error = %e, "could not delete expired device cookies");
        }
        if let Err(e) = backend::throttle::purge(&db).await {
            tracing::warn!(error = %e, "could not forget old throttle events");
        }
        match backend::accounts::purge_abandoned_sign_ups(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(accounts = n, "abandoned sign-ups deleted"),
            Err(e) => tracing::warn!(error = %e, "could not delete abandoned sign-ups"),
        }
    }
}

/// Tax profile: the tax exemption certificates' expiry reminders, at start
/// and then hourly. Every instance runs it; each certificate is claimed by one of them.
async fn send_certificate_reminders(db: Db) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        match backend::tax::certificates::send_reminders(&db, backend::now()).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "tax certificate expiry reminders sent"),
            Err(e) => tracing::warn!(error = %e, "could not send tax certificate reminders"),
        }
    }
}
