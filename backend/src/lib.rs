//! The server's services and persistence. Plain async functions over a [`Db`]; no HTTP here, so
//! every rule can be tested directly against SQLite and PostgreSQL.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod confirmations;
pub mod db;
pub mod directory;
pub mod error;
pub mod identifiers;
pub mod incentives;
pub mod invoices;
pub mod legal;
pub mod locations;
pub mod mail;
pub mod merge;
pub mod notifications;
// My preferences (issue 7, preferences part).
pub mod payout;
pub mod preferences;
pub mod records;
pub mod seed;
// Tax profile (issue 7, tax part).
pub mod tax;
pub mod tenants;
pub mod testing;
pub mod throttle;
pub mod users;
pub mod verification;
// Issue 7, notification centre.
pub mod actions;
// Programs (issue 7, programs part).
pub mod programs;

pub use auth::Principal;
pub use db::Db;
pub use error::{Error, Result};

/// Now, in Unix seconds: the unit every stored time uses.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
