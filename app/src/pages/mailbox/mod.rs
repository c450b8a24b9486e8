//! The demo mailbox: the mail the product sent, kept locally when no SMTP server is configured.
//! The server answers only when the demo switch is on.

pub mod api;

use leptos::prelude::*;

use crate::components::{format_time, ErrorBanner, Loading};
use crate::i18n::{tr, use_i18n, use_page_title, Msg};

#[component]
pub fn MailboxPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(Msg::MailboxTitle);
    let messages = LocalResource::new(api::list_mailbox);
    view! {
        <main id="main" class="centered-page wide">
            <h1>{tr(Msg::MailboxTitle)}</h1>
            <p class="lede">{tr(Msg::MailboxIntro)}</p>
            <Suspense fallback=Loading>
                {move || messages.get().map(|result| match result {
                    Err(e) if e.0 == domain::ApiError::Unauthenticated => view! {
                        <p class="banner" role="status">{tr(Msg::MailboxSignInFirst)}</p>
                        <a class="button button-primary" href="/signin?next=/mailbox">{tr(Msg::SignInLink)}</a>
                    }.into_any(),
                    Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{tr(Msg::NoMail)}</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|m| view! {
                        <article class="card" aria-label=m.subject.clone()>
                            <h2>{m.subject.clone()}</h2>
                            <p class="muted">{tr(Msg::MailTo)}": "{m.to.clone()}" · "{move || format_time(m.created_at, i18n.locale.get())}</p>
                            <div class="mail-body">{linkified(&m.body)}</div>
                        </article>
                    }).collect_view().into_any(),
                })}
            </Suspense>
        </main>
    }
}

/// The body as text, with its web addresses as links.
fn linkified(body: &str) -> impl IntoView {
    body.split_inclusive(char::is_whitespace)
        .map(|word| {
            let trimmed = word.trim_end();
            if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
                let rest = word[trimmed.len()..].to_owned();
                view! { <a href=trimmed.to_owned()>{trimmed.to_owned()}</a>{rest} }.into_any()
            } else {
                word.to_owned().into_any()
            }
        })
        .collect_view()
}
