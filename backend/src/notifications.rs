//! The notification centre behind the bell.

use domain::model::{Notification, NotificationCategory, NotificationKind};
use domain::notification_centre::{NotificationPage, NOTIFICATION_PAGE_SIZE};
use domain::preferences::Channel;
use domain::{ApiError, Locale, Role};
use sqlx::{AnyConnection, Row};

use crate::error::Result;
use crate::principal::Principal;
use crate::store::{Db, WriteTx};

/// How many notifications [`list`] answers at most.
#[cfg(feature = "testing")]
const LIST_LIMIT: i64 = 50;

/// Leaves a notification for `user_id`, inside the caller's transaction.
pub async fn push(tx: &mut WriteTx, user_id: i64, kind: NotificationKind, now: i64) -> Result<()> {
    sqlx::query("INSERT INTO notifications (user_id, kind, created_at) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(kind.code())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An email in English and in French: each recipient gets the one of their email language
/// (My preferences). [`Letter::same`] is one text for everybody (a bilingual one).
#[derive(Debug, Clone, Copy)]
pub struct Letter<'a> {
    pub subject_en: &'a str,
    pub body_en: &'a str,
    pub subject_fr: &'a str,
    pub body_fr: &'a str,
}

impl<'a> Letter<'a> {
    /// The same subject and body whatever the recipient's language.
    pub fn same(subject: &'a str, body: &'a str) -> Letter<'a> {
        Letter {
            subject_en: subject,
            body_en: body,
            subject_fr: subject,
            body_fr: body,
        }
    }

    /// (subject, body) in `locale`.
    pub fn in_language(&self, locale: Locale) -> (&'a str, &'a str) {
        match locale {
            Locale::En => (self.subject_en, self.body_en),
            Locale::Fr => (self.subject_fr, self.body_fr),
        }
    }
}

/// Tells every active user of `account_id` holding one of `roles` about `kind`: a notification
/// in their bell and an email (`subject`, `body`), inside the caller's transaction, each as
/// their preferences say (see [`tell_user`]). Every notice to a group of a company's users
/// goes through here, so preferences apply to all.
pub async fn tell_roles(
    tx: &mut WriteTx,
    account_id: i64,
    roles: &[Role],
    kind: NotificationKind,
    subject: &str,
    body: &str,
    at: i64,
) -> Result<()> {
    tell_roles_in(
        tx,
        account_id,
        roles,
        kind,
        &Letter::same(subject, body),
        at,
    )
    .await
    .map(drop)
}

/// [`tell_roles`] with a letter per language. Returns the addresses an email went to.
pub async fn tell_roles_in(
    tx: &mut WriteTx,
    account_id: i64,
    roles: &[Role],
    kind: NotificationKind,
    letter: &Letter<'_>,
    at: i64,
) -> Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT DISTINCT u.id, u.email, r.role FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.account_id = $1 AND u.status = 'active' ORDER BY u.id",
    )
    .bind(account_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut told: Vec<i64> = Vec::new();
    let mut mailed: Vec<String> = Vec::new();
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        let role: String = row.try_get("role")?;
        let wanted = Role::from_slug(&role).is_some_and(|r| roles.contains(&r));
        if !wanted || told.contains(&id) {
            continue;
        }
        told.push(id);
        let email: String = row.try_get("email")?;
        if let Some(address) = tell_user_in(tx, id, &email, kind, letter, at).await? {
            mailed.push(address);
        }
    }
    Ok(mailed)
}

/// Tells one user about `kind` as their preferences say: a notification in their bell if the
/// channel of the kind's category includes the bell, and an email if it includes email, to
/// their confirmed notification email or else to `email` (their sign-in email).
pub async fn tell_user(
    tx: &mut WriteTx,
    user_id: i64,
    email: &str,
    kind: NotificationKind,
    subject: &str,
    body: &str,
    at: i64,
) -> Result<()> {
    tell_user_in(tx, user_id, email, kind, &Letter::same(subject, body), at)
        .await
        .map(drop)
}

/// [`tell_user`] with a letter per language: the email is in the user's email language.
/// Returns the address an email went to, if one did.
pub async fn tell_user_in(
    tx: &mut WriteTx,
    user_id: i64,
    email: &str,
    kind: NotificationKind,
    letter: &Letter<'_>,
    at: i64,
) -> Result<Option<String>> {
    let how = delivery(tx, user_id, kind.category()).await?;
    if how.channel.bell() {
        push(tx, user_id, kind, at).await?;
    }
    if !how.channel.email() {
        return Ok(None);
    }
    let to = how.notification_email.unwrap_or_else(|| email.to_owned());
    let (subject, body) = letter.in_language(how.language);
    let account_id: i64 = sqlx::query("SELECT account_id FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("account_id")?;
    crate::mail::enqueue(tx, account_id, &to, subject, body, at).await?;
    Ok(Some(to))
}

/// How a notice of `category` reaches a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub channel: Channel,
    /// Their confirmed notification email; `None`: their sign-in email.
    pub notification_email: Option<String>,
    /// The language of their emails.
    pub language: Locale,
}

/// How a notice of `category` reaches `user_id`, from their preferences (defaults without any).
pub async fn delivery(
    conn: &mut AnyConnection,
    user_id: i64,
    category: NotificationCategory,
) -> Result<Delivery> {
    let row = sqlx::query(
        "SELECT u.language, p.notification_email, p.email_language, p.contact_version, c.channel \
         FROM users u \
         LEFT JOIN user_preferences p ON p.user_id = u.id \
         LEFT JOIN notification_channels c ON c.user_id = u.id AND c.category = $2 \
         WHERE u.id = $1",
    )
    .bind(user_id)
    .bind(category.code())
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok(Delivery {
            channel: Channel::default(),
            notification_email: None,
            language: Locale::default(),
        });
    };
    Ok(Delivery {
        channel: row
            .try_get::<Option<String>, _>("channel")?
            .and_then(|c| Channel::from_code(&c))
            .unwrap_or_default(),
        notification_email: row.try_get("notification_email")?,
        language: email_language(
            row.try_get("email_language")?,
            row.try_get("contact_version")?,
            &row.try_get::<String, _>("language")?,
        ),
    })
}

/// The language a user's emails are written in: the email language they saved under My
/// preferences (`contact_version` above 0), else the interface language they chose, else
/// English.
pub fn email_language(
    saved: Option<String>,
    contact_version: Option<i64>,
    interface: &str,
) -> Locale {
    let chosen = saved.filter(|_| contact_version.unwrap_or(0) > 0);
    chosen
        .and_then(|tag| Locale::from_tag(&tag))
        .or_else(|| Locale::from_tag(interface))
        .unwrap_or_default()
}

/// How many of the caller's notifications are unread.
pub async fn unread_count(db: &Db, who: &Principal) -> Result<u32> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(who.user_id)
    .fetch_one(db.reader())
    .await?;
    Ok(row.try_get::<i64, _>("n")?.clamp(0, u32::MAX as i64) as u32)
}

/// The caller's newest notifications, newest first.
#[cfg(feature = "testing")]
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<Notification>> {
    let rows = sqlx::query(
        "SELECT id, kind, created_at, read_at FROM notifications \
         WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(who.user_id)
    .bind(LIST_LIMIT)
    .fetch_all(db.reader())
    .await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in rows {
        let code: String = row.try_get("kind")?;
        let Some(kind) = NotificationKind::from_code(&code) else {
            tracing::warn!(%code, "unknown notification kind skipped");
            continue;
        };
        list.push(Notification {
            id: row.try_get("id")?,
            kind,
            created_at: row.try_get("created_at")?,
            read: row.try_get::<Option<i64>, _>("read_at")?.is_some(),
        });
    }
    Ok(list)
}

// Notification centre: pages filtered by category, marking one or all read.

/// The notification codes of `category`: the category comes from the kind, so the filter is
/// on the kinds that belong to it.
fn kind_codes(category: NotificationCategory) -> Vec<&'static str> {
    NotificationKind::ALL
        .into_iter()
        .filter(|k| k.category() == category)
        .map(NotificationKind::code)
        .collect()
}

/// `AND kind IN ($first, ...)` for `codes`, or nothing without a category. Placeholders only:
/// the codes are bound, never written into the SQL.
fn kind_filter(codes: &[&str], first: usize) -> String {
    if codes.is_empty() {
        return " AND 1 = 0".into();
    }
    let places: Vec<String> = (first..first + codes.len())
        .map(|n| format!("${n}"))
        .collect();
    format!(" AND kind IN ({})", places.join(", "))
}

/// One page of the caller's notifications, newest first: those of `category` (all without
/// one), older than the notification `before` (the newest without it).
pub async fn page(
    db: &Db,
    who: &Principal,
    category: Option<NotificationCategory>,
    before: Option<i64>,
) -> Result<NotificationPage> {
    let size = i64::from(NOTIFICATION_PAGE_SIZE);
    let codes = category.map(kind_codes);
    let mut sql = String::from(
        "SELECT id, kind, created_at, read_at FROM notifications WHERE user_id = $1 AND id < $2",
    );
    if let Some(codes) = &codes {
        sql.push_str(&kind_filter(codes, 4));
    }
    sql.push_str(" ORDER BY id DESC LIMIT $3");
    let mut query = sqlx::query(&sql)
        .bind(who.user_id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(size + 1);
    for code in codes.iter().flatten() {
        query = query.bind(*code);
    }
    let rows = query.fetch_all(db.reader()).await?;
    let more = rows.len() as i64 > size;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows.into_iter().take(size as usize) {
        let code: String = row.try_get("kind")?;
        let Some(kind) = NotificationKind::from_code(&code) else {
            tracing::warn!(%code, "unknown notification kind skipped");
            continue;
        };
        items.push(Notification {
            id: row.try_get("id")?,
            kind,
            created_at: row.try_get("created_at")?,
            read: row.try_get::<Option<i64>, _>("read_at")?.is_some(),
        });
    }
    Ok(NotificationPage { items, more })
}

/// Marks one of the caller's notifications read (again is fine) and answers how many stay
/// unread. Anyone else's notification is not found.
pub async fn mark_read(db: &Db, who: &Principal, id: i64) -> Result<u32> {
    let done = db.write_once(sqlx::query(
        "UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3",
    )
    .bind(crate::now())
    .bind(id)
    .bind(who.user_id)
    )
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::NotFound.into());
    }
    unread_count(db, who).await
}

/// Marks every notification of the caller read, or those of `category` only, and answers how
/// many stay unread.
pub async fn mark_all_read(
    db: &Db,
    who: &Principal,
    category: Option<NotificationCategory>,
) -> Result<u32> {
    let codes = category.map(kind_codes);
    let mut sql = String::from(
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
    );
    if let Some(codes) = &codes {
        sql.push_str(&kind_filter(codes, 3));
    }
    let mut query = sqlx::query(&sql).bind(crate::now()).bind(who.user_id);
    for code in codes.iter().flatten() {
        query = query.bind(*code);
    }
    db.write_once(query).await?;
    unread_count(db, who).await
}
