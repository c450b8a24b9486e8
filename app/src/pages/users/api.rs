use domain::model::UserRow;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The users of the caller's account with their roles.
#[server(prefix = "/api", endpoint = "users", input = Json)]
pub async fn list_users() -> Result<Vec<UserRow>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::users::list(&db(), &principal()?).await)
}
