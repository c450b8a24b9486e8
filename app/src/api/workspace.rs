//! What every page of the workspace shows around it: who is signed in (profile, roles) and the
//! bell's notification centre (their notifications and the actions their account waits for).
//! Beside the catalogue rather than with a page, since the shell and the bell call them.

use domain::model::{Me, NotificationCategory};
use domain::notification_centre::{Action, ActionKind, NotificationCount, NotificationPage};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Who is signed in: name, email, account, roles and unread notifications.
#[server(prefix = "/api", endpoint = "me", input = Json)]
pub async fn get_me() -> Result<Me, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::users::me(&db(), &principal()?).await)
}

/// Keeps the interface language the caller chose: the workspace opens in it on their other
/// devices, and their emails use it until they pick an email language under My preferences.
#[server(prefix = "/api", endpoint = "me_language", input = Json)]
pub async fn set_language(language: domain::Locale) -> Result<(), Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::users::set_language(&db(), &principal()?, language).await)
}

/// One page of the caller's notifications, newest first: of `category` (all without one),
/// older than the notification `before` (the newest without it).
#[server(prefix = "/api", endpoint = "notifications", input = Json)]
pub async fn list_notifications(
    category: Option<NotificationCategory>,
    before: Option<i64>,
) -> Result<NotificationPage, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::notifications::page(&db(), &principal()?, category, before).await)
}

/// Marks all of the caller's notifications read (of `category` only, when given); answers how
/// many stay unread.
#[server(prefix = "/api", endpoint = "notifications_read", input = Json)]
pub async fn mark_notifications_read(category: Option<NotificationCategory>) -> Result<u32, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::notifications::mark_all_read(&db(), &principal()?, category).await)
}

/// Marks one of the caller's notifications read; answers how many stay unread.
#[server(prefix = "/api", endpoint = "notification_mark_read", input = Json)]
pub async fn mark_notification_read(id: i64) -> Result<u32, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::notifications::mark_read(&db(), &principal()?, id).await)
}

/// What the bell polls: the caller's unread notifications and open actions.
#[server(prefix = "/api", endpoint = "notification_count", input = Json)]
pub async fn poll_notifications() -> Result<NotificationCount, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::actions::count(&db(), &principal()?).await)
}

/// The actions the caller's account waits for and the caller may take.
#[server(prefix = "/api", endpoint = "notification_actions", input = Json)]
pub async fn list_actions() -> Result<Vec<Action>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::actions::list(&db(), &principal()?).await)
}

/// Archives a recommended action for the caller (a mandatory one is refused).
#[server(prefix = "/api", endpoint = "notification_action_archive", input = Json)]
pub async fn archive_action(kind: ActionKind, subject: Option<i64>) -> Result<(), Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::actions::archive(&db(), &principal()?, kind, subject).await)
}

/// Ends the caller's session on the server and clears the cookie.
#[server(prefix = "/api", endpoint = "sign_out", input = Json)]
pub async fn sign_out() -> Result<(), Error> {
    use crate::api::server::{answer, clear_session_cookie, db, request_meta};
    let meta = request_meta();
    let db = db();
    if let Some(who) = &meta.principal {
        let change = backend::audit::Change::by(
            who,
            domain::Area::Overview,
            domain::audit::AuditAction::SignOut,
            &who.email,
        );
        answer(backend::audit::record(&db, change).await)?;
    }
    if let Some(token) = meta.session_token {
        answer(backend::auth::end_session(&db, &token).await)?;
    }
    clear_session_cookie();
    Ok(())
}
