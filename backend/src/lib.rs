//! The server's services and persistence. Plain async functions over a [`Db`]; no HTTP here, so
//! every rule can be tested directly against SQLite and PostgreSQL.
//!
//! Modules import in one direction (`scripts/check-layers` holds the order): `error` and
//! `principal` at the bottom, then the [`store`] (the one way to write), then the areas, each
//! building only on those below it. This root opens the database with its reactor ([`open`]).

pub mod error;
pub mod principal;
pub mod store;

pub mod accounts;
pub mod actions;
pub mod audit;
pub mod auth;
pub mod confirmations;
pub mod directory;
pub mod files;
pub mod identifiers;
pub mod incentives;
pub mod invoices;
pub mod legal;
pub mod locations;
pub mod mail;
pub mod merge;
pub mod notifications;
pub mod payout;
pub mod preferences;
pub mod programs;
pub mod records;
pub mod seed;
pub mod tax;
pub mod tenants;
#[cfg(feature = "testing")]
pub mod testing;
pub mod throttle;
pub mod users;
pub mod verification;

use std::sync::Arc;

pub use error::{Error, Result};
pub use principal::Principal;
pub use store::Db;

/// Opens the database at `url` (see [`Db::connect`]) for the product: every write transaction
/// that changes an account's data runs the programs' watch before it commits
/// ([`programs::Watch`]).
pub async fn open(url: &str) -> Result<Db> {
    Db::connect(url, Arc::new(programs::Watch)).await
}

/// Now, in Unix seconds: the unit every stored time uses.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
