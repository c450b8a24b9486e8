use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use super::tx::{Reactor, WriteTx};
use crate::error::{Error, Result};

/// Which database the pool talks to. Queries are written once, with `$n` placeholders that both
/// accept, and only the migrations differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The one connection pool of the process, and the reactor its write transactions hand their
/// "account changed" events to.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    reactor: Arc<dyn Reactor>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.backend)
            .finish()
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://...`), creating an SQLite file and its
    /// folder if missing, and applies pending migrations. Every write transaction hands its
    /// "account changed" events to `reactor`.
    pub async fn connect(url: &str, reactor: Arc<dyn Reactor>) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(Error::Fault(format!(
                "DATABASE_URL must start with sqlite: or postgres:, got {url:?}"
            )));
        };
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // sqlx sets none of these for us. WAL lets readers run beside the writer;
                        // with WAL, committed transactions survive a killed process at NORMAL.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let failed =
            |e: sqlx::migrate::MigrateError| Error::Fault(format!("migration failed: {e}"));
        match backend {
            Backend::Sqlite => {
                // Migrations up to the users rebuild, the rebuild, then the rest.
                let before = sqlx::migrate::Migrator {
                    migrations: SQLITE_MIGRATIONS
                        .iter()
                        .filter(|m| m.version < USERS_REBUILT_BY)
                        .cloned()
                        .collect(),
                    ignore_missing: true,
                    ..sqlx::migrate::Migrator::DEFAULT
                };
                before.run(&pool).await.map_err(failed)?;
                rebuild_users_without_unique_email(&pool).await?;
                SQLITE_MIGRATIONS.run(&pool).await.map_err(failed)?;
            }
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await.map_err(failed)?,
        }
        Ok(Db {
            pool,
            backend,
            reactor,
        })
    }

    /// Begins a write transaction (see [`WriteTx`]). On SQLite it takes the write lock at
    /// `BEGIN IMMEDIATE`, waiting for it on busy_timeout: a deferred transaction that read first
    /// would fail with SQLITE_BUSY at once when another writer got there between its read and
    /// its first write. Writers are thus serialized, and what such a transaction reads stays
    /// true until it commits. On PostgreSQL it is an ordinary READ COMMITTED transaction: the
    /// caller guards its writes (`UPDATE ... WHERE state = <expected>`, unique keys, the
    /// account lock) instead.
    pub async fn write(&self) -> Result<WriteTx> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(WriteTx::new(tx, Arc::clone(&self.reactor)))
    }

    /// Runs one statement in a write transaction of its own (a session touched, a message
    /// taken from the outbox: nothing else is written with it).
    pub async fn write_once<'q>(
        &self,
        statement: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<sqlx::any::AnyQueryResult> {
        let mut tx = self.write().await?;
        let done = statement.execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done)
    }

    /// The pool to read from (queries that write go through [`Db::write`]).
    pub fn reader(&self) -> &AnyPool {
        &self.pool
    }

    /// The pool itself, for tests that arrange or inspect rows directly.
    #[cfg(feature = "testing")]
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Answers whether the database responds (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// The SQLite migration that expects `users.email` without its column UNIQUE (see
/// [`rebuild_users_without_unique_email`]).
const USERS_REBUILT_BY: i64 = 19;

/// Rebuilds SQLite's `users` table without the UNIQUE of its `email` column (migration 19 then
/// makes it unique among users who are not merely invited, and once per account). SQLite
/// cannot drop a column constraint, and dropping the old table with foreign keys on would
/// delete every row that references a user; `PRAGMA foreign_keys` is ignored inside a
/// transaction and sqlx runs each SQLite migration inside one, so this step runs here, on one
/// connection, in its own transaction. Does nothing once the table has been rebuilt.
async fn rebuild_users_without_unique_email(pool: &AnyPool) -> Result<()> {
    let mut conn = pool.acquire().await?;
    let sql: Option<String> =
        sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")
            .fetch_optional(&mut *conn)
            .await?;
    if !sql.is_some_and(|sql| sql.contains("email TEXT NOT NULL UNIQUE")) {
        return Ok(());
    }
    conn.execute("PRAGMA foreign_keys = OFF").await?;
    let rebuilt = conn
        .execute(
            "BEGIN IMMEDIATE;
             CREATE TABLE users_rebuilt (
                 id INTEGER PRIMARY KEY AUTOINCREMENT,
                 account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                 email TEXT NOT NULL,
                 name TEXT NOT NULL,
                 password_hash TEXT NOT NULL,
                 created_at INTEGER NOT NULL,
                 status TEXT NOT NULL DEFAULT 'active',
                 version INTEGER NOT NULL DEFAULT 1,
                 updated_at INTEGER NOT NULL DEFAULT 0,
                 updated_by TEXT NOT NULL DEFAULT '',
                 kind TEXT NOT NULL DEFAULT 'partner'
             );
             INSERT INTO users_rebuilt (id, account_id, email, name, password_hash, created_at,
                 status, version, updated_at, updated_by, kind)
                 SELECT id, account_id, email, name, password_hash, created_at, status, version,
                 updated_at, updated_by, kind FROM users;
             UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence
                 WHERE name IN ('users', 'users_rebuilt')) WHERE name = 'users_rebuilt';
             DROP TABLE users;
             ALTER TABLE users_rebuilt RENAME TO users;
             CREATE INDEX users_account ON users(account_id);
             COMMIT;",
        )
        .await;
    if rebuilt.is_err() {
        let _ = conn.execute("ROLLBACK").await;
    }
    // Back on for this pooled connection whatever happened.
    conn.execute("PRAGMA foreign_keys = ON").await?;
    rebuilt?;
    Ok(())
}

/// Makes sure the file's folder exists and the URL asks SQLite to create the file.
fn prepare_sqlite_url(url: &str) -> Result<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::Fault(format!("cannot create {parent:?}: {e}")))?;
            }
        }
    }
    Ok(if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}
