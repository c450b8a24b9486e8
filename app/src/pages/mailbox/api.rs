use domain::model::MailMessage;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The demo mailbox: mail kept in the database when no SMTP server is configured. The server
/// answers 404 unless the demo switch is on. Only for a signed-in user, who sees the mail about
/// their own account, and for the browser that just signed up, which sees that sign-up's mail
/// (its founder cannot sign in yet): anyone else is answered 401.
#[server(prefix = "/api", endpoint = "mailbox", input = Json)]
pub async fn list_mailbox() -> Result<Vec<MailMessage>, Error> {
    use crate::api::server::{answer, context, request_cookie, request_meta, sign_up_cookie_name};
    use domain::ApiError;
    const LIMIT: i64 = 100;
    let ctx = context();
    let mut accounts = Vec::new();
    if let Some(who) = request_meta().principal {
        accounts.push(who.account_id);
    }
    if let Some(cookie) = request_cookie(sign_up_cookie_name(ctx.secure_cookies)) {
        if let Some(pending) =
            answer(backend::accounts::pending_account_of_browser(&ctx.db, &cookie).await)?
        {
            accounts.push(pending);
        }
    }
    if accounts.is_empty() {
        return Err(ApiError::Unauthenticated.into());
    }
    let mut messages = Vec::new();
    for account_id in accounts {
        messages.extend(answer(
            backend::mail::mailbox_of_account(&ctx.db, account_id, LIMIT).await,
        )?);
    }
    messages.sort_by_key(|m| std::cmp::Reverse(m.id));
    messages.truncate(LIMIT as usize);
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
