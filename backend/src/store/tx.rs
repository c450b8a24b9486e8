//! The write transaction: the only way to write.

use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::sync::Arc;

use domain::error::ConflictKind;
use domain::ApiError;
use serde::Serialize;
use sqlx::{Any, AnyConnection, Transaction};

use super::audit::{self, Change};
use crate::error::{Error, Result};

/// What a [`Reactor`] returns: its work inside the transaction.
pub type Reaction<'a> = Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

/// Reacts to "account changed" events, inside the transaction that raised them, just before it
/// commits: its writes commit with the change that caused them, or not at all. Set where the
/// [`super::Db`] is opened (the composition root), so the areas that raise events need not know
/// who listens.
pub trait Reactor: Send + Sync + 'static {
    /// Handles a change to `account_id`'s data (once per account and transaction).
    fn account_changed<'a>(&'a self, tx: &'a mut WriteTx, account_id: i64) -> Reaction<'a>;
}

/// A transaction that writes. Begun by [`super::Db::write`]: on SQLite with `BEGIN IMMEDIATE`,
/// which takes the write lock at once (waiting for it on busy_timeout), so what the transaction
/// reads stays true until it commits and it never fails with SQLITE_BUSY halfway; on PostgreSQL
/// an ordinary READ COMMITTED transaction whose writes are guarded (`UPDATE ... WHERE version =
/// <seen>`, unique keys, [`WriteTx::lock_account`]).
///
/// It dereferences to the connection (`.execute(&mut *tx)`). Dropped without [`WriteTx::commit`],
/// it rolls back and its events are forgotten.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    changed: Vec<i64>,
    reactor: Arc<dyn Reactor>,
}

impl Deref for WriteTx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// The version columns of a versioned row: `{prefix}version`, `{prefix}updated_at` and
/// `{prefix}updated_by` of `table`, the row named by `key_column`.
#[derive(Debug, Clone, Copy)]
pub struct VersionColumns {
    pub table: &'static str,
    pub prefix: &'static str,
    pub key_column: &'static str,
}

impl WriteTx {
    pub(super) fn new(tx: Transaction<'static, Any>, reactor: Arc<dyn Reactor>) -> WriteTx {
        WriteTx {
            tx,
            changed: Vec::new(),
            reactor,
        }
    }

    /// Takes the account's lock for the rest of the transaction, with a write: the write lock
    /// on SQLite (already held since `BEGIN IMMEDIATE`), the account row's lock on PostgreSQL,
    /// so two changes to one account's rules never interleave. Not found if there is no such
    /// account.
    pub async fn lock_account(&mut self, account_id: i64) -> Result<()> {
        let found = sqlx::query("UPDATE accounts SET partner_id = partner_id WHERE id = $1")
            .bind(account_id)
            .execute(&mut *self.tx)
            .await?
            .rows_affected();
        if found == 0 {
            return Err(ApiError::NotFound.into());
        }
        Ok(())
    }

    /// Moves the row's version on if it still is `opened`, recording who (`by`) and when.
    /// False when someone saved first (the caller answers [`stale`] with the row as it is).
    pub async fn bump_version(
        &mut self,
        columns: VersionColumns,
        key: i64,
        opened: i64,
        by: &str,
    ) -> Result<bool> {
        let VersionColumns {
            table,
            prefix: p,
            key_column,
        } = columns;
        let done = sqlx::query(&format!(
            "UPDATE {table} SET {p}version = {p}version + 1, {p}updated_at = $1, \
             {p}updated_by = $2 WHERE {key_column} = $3 AND {p}version = $4"
        ))
        .bind(crate::now())
        .bind(by)
        .bind(key)
        .bind(opened)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Writes an audit entry in this transaction: it commits with the change it records.
    pub async fn audit(&mut self, change: Change<'_>) -> Result<()> {
        audit::write(&mut self.tx, change).await
    }

    /// Notes that `account_id`'s data changed in a way account-wide rules read; the reactor
    /// handles it just before the commit.
    pub fn account_changed(&mut self, account_id: i64) {
        if !self.changed.contains(&account_id) {
            self.changed.push(account_id);
        }
    }

    /// Runs the reactor once for each account that changed, then commits.
    pub async fn commit(mut self) -> Result<()> {
        let reactor = Arc::clone(&self.reactor);
        let mut handled: Vec<i64> = Vec::new();
        while let Some(account_id) = self
            .changed
            .iter()
            .copied()
            .find(|id| !handled.contains(id))
        {
            handled.push(account_id);
            reactor.account_changed(&mut self, account_id).await?;
        }
        self.tx.commit().await?;
        Ok(())
    }

    /// Gives up every write of the transaction, and its events.
    pub async fn rollback(self) -> Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

/// The refusal of a save made over someone else's: who saved, when, and the record as it now
/// is (`current`, as JSON), so the form can show theirs beside yours. Every `Stale` conflict is
/// built here.
pub fn stale<T: Serialize>(by: &str, at: i64, current: &T) -> Error {
    ApiError::Conflict(ConflictKind::Stale {
        by: by.to_owned(),
        at,
        current: serde_json::to_string(current).unwrap_or_default(),
    })
    .into()
}

/// Refuses with [`stale`] if the record is no longer at the version the form was opened with.
pub fn check_version<T: Serialize>(
    found: i64,
    opened: i64,
    by: &str,
    at: i64,
    current: &T,
) -> Result<()> {
    if found == opened {
        Ok(())
    } else {
        Err(stale(by, at, current))
    }
}
