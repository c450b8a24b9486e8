use domain::model::MailMessage;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The demo mailbox: mail kept in the database when no SMTP server is configured. The server
/// answers 404 unless the demo switch is on.
#[server(prefix = "/api", endpoint = "mailbox", input = Json)]
pub async fn list_mailbox() -> Result<Vec<MailMessage>, Error> {
    use crate::api::server::{answer, db};
    let messages = answer(backend::mail::mailbox(&db(), 100).await)?;
    Ok(messages
        .into_iter()
        .map(|m| MailMessage {
            id: m.id,
            to: m.to,
            subject: m.subject,
            body: m.body,
            created_at: m.created_at,
            sent_at: m.sent_at,
        })
        .collect())
}
