//! Fresh databases for tests: every test gets its own, on SQLite and on PostgreSQL.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor};

/// The PostgreSQL server every development and CI machine runs (trust auth).
pub const POSTGRES_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        crate::now(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A URL for a new, empty SQLite file in the system's temporary folder.
pub fn fresh_sqlite_url() -> String {
    let path = std::env::temp_dir().join(format!("{}.db", unique_name("partner_settings_test")));
    format!("sqlite://{}", path.display())
}

/// A URL for a new, empty PostgreSQL database, or `None` when the server cannot be reached and
/// this is not CI. Under CI (`CI=true`) an unreachable server is a failure, never a silent skip.
pub async fn fresh_postgres_url() -> Option<String> {
    sqlx::any::install_default_drivers();
    let admin = std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| POSTGRES_ADMIN_URL.into());
    let mut conn = match sqlx::PgConnection::connect(&admin).await {
        Ok(conn) => conn,
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true and PostgreSQL at {admin} cannot be reached: {e}")
        }
        Err(e) => {
            eprintln!("WARNING: PostgreSQL tests skipped, {admin} unreachable: {e}");
            return None;
        }
    };
    drop_stale_databases(&mut conn).await;
    let name = unique_name("ps_test");
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create test database");
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    Some(format!("{base}/{name}"))
}

/// Drops test databases left by runs more than an hour old (their name holds their creation
/// time), so the shared server does not fill up. Best effort: a database in use is skipped.
async fn drop_stale_databases(conn: &mut sqlx::PgConnection) {
    let Ok(names) = sqlx::query_scalar::<_, String>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'ps\\_test\\_%'",
    )
    .fetch_all(&mut *conn)
    .await
    else {
        return;
    };
    let cutoff = crate::now() - 3600;
    for name in names {
        let created = name.split('_').nth(3).and_then(|t| t.parse::<i64>().ok());
        if created.is_some_and(|t| t < cutoff) {
            let _ = conn
                .execute(format!("DROP DATABASE IF EXISTS {name}").as_str())
                .await;
        }
    }
}
