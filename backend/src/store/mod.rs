//! The store: the one way to write, and the records every area keeps.
//!
//! - [`Db`] holds the process's one pool. Reads take a connection from [`Db::reader`]; every
//!   write goes through a [`WriteTx`] from [`Db::write`].
//! - [`WriteTx`] begins the right way on each database (`BEGIN IMMEDIATE` on SQLite), locks the
//!   account row ([`WriteTx::lock_account`], not found if there is none), moves a version on or
//!   refuses a stale one ([`WriteTx::bump_version`], [`check_version`], [`stale`]: the one place
//!   a `Stale` conflict is built), writes audit entries ([`WriteTx::audit`]) and collects
//!   "account changed" events ([`WriteTx::account_changed`]), handed to the [`Reactor`] the
//!   `Db` was opened with, once per account, just before the commit.
//! - [`record`]: typed versioned records an account has one of ([`Record`]), so a key cannot be
//!   read as the wrong type.
//!
//! The store imports no area: areas build on it.

mod audit;
mod db;
pub mod record;
mod tx;

pub use audit::{told_from, Change};
pub use db::{Backend, Db};
pub use record::Record;
pub use tx::{check_version, stale, Reaction, Reactor, VersionColumns, WriteTx};
