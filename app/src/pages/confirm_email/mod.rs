//! The page a confirmation link opens: confirms the address, or says why the link no longer
//! works and, for an expired one, offers to send a new link to the same address. The token
//! travels in the URL fragment, so it never reaches server logs or referrers.

pub mod api;

use domain::confirmations::EmailPurpose;
use domain::error::ConflictKind;
use domain::ApiError;
use leptos::prelude::*;

use crate::components::{token_from_fragment, ErrorBanner, Loading};
use crate::i18n::{tr, use_i18n, use_page_title, Msg};

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    use_page_title(Msg::ConfirmEmailTitle);
    let i18n = use_i18n();
    let token = token_from_fragment();
    let outcome = LocalResource::new({
        let token = token.clone();
        move || api::confirm_email(token.clone())
    });
    let renew = Action::new_local(move |(): &()| api::renew_confirmation(token.clone()));
    view! {
        <main id="main" class="centered-page">
            <h1>{tr(Msg::ConfirmEmailTitle)}</h1>
            <Suspense fallback=Loading>
                {move || outcome.get().map(|result| match result {
                    Ok(confirmed) if confirmed.purpose.personal() => view! {
                        <section class="card" role="status">
                            <p><strong>{confirmed.email.clone()}</strong></p>
                            <p>{tr(if confirmed.purpose == EmailPurpose::AlternateEmail {
                                Msg::AlternateEmailConfirmed
                            } else {
                                Msg::NotificationEmailConfirmed
                            })}</p>
                            <a class="button" href="/settings/preferences">{tr(Msg::OpenMyPreferences)}</a>
                        </section>
                    }.into_any(),
                    Ok(confirmed) => view! {
                        <section class="card" role="status">
                            <p><strong>{confirmed.email.clone()}</strong></p>
                            <p>{move || match i18n.locale.get() {
                                domain::Locale::En => format!("is now the primary contact email of {}. The platform's verification notices go to it from now on.", confirmed.company),
                                domain::Locale::Fr => format!("est désormais l'adresse du contact principal de {}. Les avis de vérification de la plateforme y sont envoyés dorénavant.", confirmed.company),
                            }}</p>
                            <a class="button" href="/settings/legal-info">{tr(Msg::OpenLegalInfo)}</a>
                        </section>
                    }.into_any(),
                    Err(e) => {
                        let expired = e.0 == ApiError::Conflict(ConflictKind::ConfirmationExpired);
                        // A used or replaced link cannot be renewed: a new one is asked for where
                        // the address is set.
                        let spent = matches!(
                            e.0,
                            ApiError::Conflict(ConflictKind::ConfirmationUsed | ConflictKind::ConfirmationUnusable)
                        );
                        view! {
                            <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/>
                            <Show when=move || spent>
                                <p>{tr(Msg::NewLinkWhere)}</p>
                                <div class="button-row">
                                    <a class="button" href="/settings/preferences">{tr(Msg::OpenMyPreferences)}</a>
                                    <a class="button" href="/settings/legal-info">{tr(Msg::OpenLegalInfo)}</a>
                                </div>
                            </Show>
                            <Show when=move || expired>
                                {move || match renew.value().get() {
                                    Some(Ok(())) => view! { <p class="banner" role="status">{tr(Msg::NewLinkSent)}</p> }.into_any(),
                                    Some(Err(e)) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                                    None => view! {
                                        <button type="button" class="button button-primary" disabled=move || renew.pending().get()
                                            on:click=move |_| { renew.dispatch(()); }>
                                            {move || if renew.pending().get() { i18n.t(Msg::PleaseWait) } else { i18n.t(Msg::SendNewLink) }}
                                        </button>
                                    }.into_any(),
                                }}
                            </Show>
                        }.into_any()
                    }
                })}
            </Suspense>
        </main>
    }
}
