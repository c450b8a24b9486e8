//! The signed-in user's own data: profile, roles and notifications.

use domain::model::{Me, Notification};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Who is signed in: name, email, account, roles and unread notifications.
#[server(prefix = "/api", endpoint = "me", input = Json)]
pub async fn get_me() -> Result<Me, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::users::me(&db(), &principal()?).await)
}

/// The caller's newest notifications.
#[server(prefix = "/api", endpoint = "notifications", input = Json)]
pub async fn list_notifications() -> Result<Vec<Notification>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::notifications::list(&db(), &principal()?).await)
}

/// Marks all of the caller's notifications read.
#[server(prefix = "/api", endpoint = "notifications_read", input = Json)]
pub async fn mark_notifications_read() -> Result<(), Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::notifications::mark_all_read(&db(), &principal()?).await)
}
