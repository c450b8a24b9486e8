//! Configuration from the environment. Every variable is documented in the README.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://path` (default `sqlite://data/partner-settings.db`) or `postgres://...`.
    pub database_url: String,
    /// `BIND_ADDR`: where to listen (default `127.0.0.1:3000`).
    pub bind_addr: SocketAddr,
    /// `DEMO_SEED`: `true` seeds the demo account at start (default `false`).
    pub demo_seed: bool,
    /// `DIST_DIR`: the built client (default `dist`).
    pub dist_dir: PathBuf,
    /// `SECURE_COOKIES`: `true` when served over HTTPS (adds `Secure`, the `__Host-` prefix and
    /// HSTS). Defaults to `true` when `PUBLIC_URL` starts with `https://`, else `false`.
    pub secure_cookies: bool,
    /// `PUBLIC_URL`: the address users reach the product at, for links in emails (default
    /// `http://BIND_ADDR`).
    pub public_url: String,
    /// `SMTP_URL`: where mail is sent (`smtp://host:port`, `smtps://user:pass@host`); unset, mail
    /// is kept in the database and shown on the demo mailbox page when `DEMO_SEED` is on.
    pub smtp_url: Option<String>,
    /// `TRUSTED_PROXIES`: comma-separated addresses of the load balancers in front of us. Only
    /// from them is `X-Forwarded-For` believed (for throttling by client address). Default: none.
    pub trusted_proxies: Vec<IpAddr>,
    /// `COMPANY_DIRECTORY_URL`: the company directory looked up by DUNS number (see
    /// `backend::directory` for what it must answer). Unset: the fictional directory with
    /// `DEMO_SEED`, else no lookup (companies are entered by hand).
    pub company_directory_url: Option<String>,
    /// `COMPANY_DIRECTORY_TOKEN`: the bearer token sent to that directory, if it needs one.
    pub company_directory_token: Option<String>,
    /// `TENANT_DIRECTORY_ISSUER`: the OpenID Connect issuer that tenants are associated
    /// through (for Entra ID: `https://login.microsoftonline.com/organizations/v2.0`). Unset:
    /// the built-in fictional directory with `DEMO_SEED`, else association is unavailable.
    pub tenant_directory_issuer: Option<String>,
    /// `TENANT_DIRECTORY_CLIENT_ID`: the product's client ID registered with that issuer.
    pub tenant_directory_client_id: Option<String>,
    /// `TENANT_DIRECTORY_CLIENT_SECRET`: its client secret.
    pub tenant_directory_client_secret: Option<String>,
    /// `TENANT_DIRECTORY_ADMIN_ROLES`: comma-separated directory role template IDs (the ID
    /// token's `wids`) whose holders may associate their tenant. Default: Entra ID's Global
    /// Administrator, `62e90394-69f5-4237-9190-012177145e10`.
    pub tenant_directory_admin_roles: Vec<String>,
    // Tax profile.
    /// `VAT_REGISTRY_URL`: the VAT registry EU VAT IDs are checked in, speaking the VIES REST
    /// API (`https://ec.europa.eu/taxation_customs/vies/rest-api`; see `backend::tax::registry`).
    /// Unset: the fictional registry with `DEMO_SEED`, else VAT IDs stay "not checked yet".
    pub vat_registry_url: Option<String>,
    /// `PAYOUT_KEY`: base64 of the 32-byte AES-256-GCM key payout bank details are sealed with.
    /// Unset: with `DEMO_SEED` one is generated and kept in `payout.key` beside the SQLite file,
    /// otherwise payout accounts cannot be saved.
    pub payout_key: Option<String>,
    /// `API_MAX_IN_FLIGHT`: server-function calls handled at once; more are refused at once
    /// with 503 and `Retry-After` (load shedding) rather than queued. Default 128.
    pub api_max_in_flight: usize,
    /// `REQUEST_TIMEOUT_SECS`: the longest a server-function call may take, its body included;
    /// then it is answered 408. Default 60 (a 5 MB upload needs about 1 Mbit/s).
    pub request_timeout: Duration,
    /// `BODY_TIMEOUT_SECS`: the longest wait for the next piece of a request body; then the
    /// call is answered 408. Default 10.
    pub body_timeout: Duration,
    /// `HEADER_TIMEOUT_SECS`: the longest a client may take to send a request's headers (the
    /// connection is closed after). Default 10.
    pub header_timeout: Duration,
}

/// The defaults of the serving limits (see the README's configuration table).
pub const DEFAULT_API_MAX_IN_FLIGHT: usize = 128;
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

impl Config {
    pub fn from_env() -> Result<Config, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let flag = |name: &str| -> Result<Option<bool>, String> {
            match var(name).as_deref().map(str::to_ascii_lowercase).as_deref() {
                None => Ok(None),
                Some("1" | "true" | "yes" | "on") => Ok(Some(true)),
                Some("0" | "false" | "no" | "off") => Ok(Some(false)),
                Some(other) => Err(format!("{name} must be true or false, got {other:?}")),
            }
        };
        let bind_addr: SocketAddr = var("BIND_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| format!("BIND_ADDR is not an address:port: {e}"))?;
        let trusted_proxies = var("TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse()
                    .map_err(|e| format!("TRUSTED_PROXIES: {p:?} is not an IP address: {e}"))
            })
            .collect::<Result<Vec<IpAddr>, String>>()?;
        let number = |name: &str, default: u64| -> Result<u64, String> {
            match var(name) {
                None => Ok(default),
                Some(text) => match text.trim().parse::<u64>() {
                    Ok(n) if n > 0 => Ok(n),
                    _ => Err(format!(
                        "{name} must be a whole number above 0, got {text:?}"
                    )),
                },
            }
        };
        let seconds = |name: &str, default: Duration| {
            number(name, default.as_secs()).map(Duration::from_secs)
        };
        let public_url = var("PUBLIC_URL").unwrap_or_else(|| format!("http://{bind_addr}"));
        let https = public_url.starts_with("https://");
        Ok(Config {
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/partner-settings.db".into()),
            bind_addr,
            demo_seed: flag("DEMO_SEED")?.unwrap_or(false),
            dist_dir: var("DIST_DIR").unwrap_or_else(|| "dist".into()).into(),
            secure_cookies: flag("SECURE_COOKIES")?.unwrap_or(https),
            trusted_proxies,
            public_url,
            smtp_url: var("SMTP_URL"),
            company_directory_url: var("COMPANY_DIRECTORY_URL"),
            company_directory_token: var("COMPANY_DIRECTORY_TOKEN"),
            tenant_directory_issuer: var("TENANT_DIRECTORY_ISSUER"),
            tenant_directory_client_id: var("TENANT_DIRECTORY_CLIENT_ID"),
            tenant_directory_client_secret: var("TENANT_DIRECTORY_CLIENT_SECRET"),
            tenant_directory_admin_roles: match var("TENANT_DIRECTORY_ADMIN_ROLES") {
                Some(list) => list
                    .split(',')
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
                    .collect(),
                None => vec![domain::tenants::GLOBAL_ADMINISTRATOR_ROLE.to_owned()],
            },
            // Tax profile.
            vat_registry_url: var("VAT_REGISTRY_URL"),
            payout_key: var("PAYOUT_KEY"),
            api_max_in_flight: number("API_MAX_IN_FLIGHT", DEFAULT_API_MAX_IN_FLIGHT as u64)?
                as usize,
            request_timeout: seconds("REQUEST_TIMEOUT_SECS", DEFAULT_REQUEST_TIMEOUT)?,
            body_timeout: seconds("BODY_TIMEOUT_SECS", DEFAULT_BODY_TIMEOUT)?,
            header_timeout: seconds("HEADER_TIMEOUT_SECS", DEFAULT_HEADER_TIMEOUT)?,
        })
    }
}
