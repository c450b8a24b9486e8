use domain::ApiError;
use leptos::prelude::*;
use leptos_router::components::A;

use super::api::{resend_sign_up_link, sign_in};
use super::{focus_soon, leave_when_signed_in, style, AuthFrame};
use crate::components::field::{focus_first_invalid, SubmitButton, TextField};
use crate::components::ErrorBanner;
use crate::i18n::{text, tr, use_i18n, Msg};
use crate::session::use_session;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    leave_when_signed_in();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let action = Action::new_local(move |(email, password): &(String, String)| {
        sign_in(email.clone(), password.clone())
    });
    // A founder who has not followed the sign-up link yet may ask for a new one, with the
    // email and password just typed (only they can).
    let resend = Action::new_local(move |(email, password): &(String, String)| {
        resend_sign_up_link(email.clone(), password.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(me)) = action.value().get() {
            session.signed_in(me);
        }
    });
    let unconfirmed = Signal::derive(
        move || matches!(action.value().get(), Some(Err(e)) if e.0 == ApiError::EmailUnconfirmed),
    );
    let error = Signal::derive(move || match action.value().get() {
        Some(Err(e)) if e.0 != ApiError::EmailUnconfirmed => Some(e.0),
        _ => None,
    });
    Effect::new(move |_| {
        if unconfirmed.get() {
            focus_soon("unconfirmed-title");
        }
    });
    // An empty field is said beside it, in the browser; what the server answers never tells
    // which of the two was wrong.
    let tried = RwSignal::new(false);
    let required = move |value: RwSignal<String>| {
        Signal::derive(move || {
            (tried.get() && value.with(|v| v.trim().is_empty()))
                .then(|| i18n.t(Msg::ErrRequired).to_owned())
        })
    };
    let (email_error, password_error) = (required(email), required(password));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        resend.value().set(None);
        tried.set(true);
        let blank = |value: RwSignal<String>| value.with_untracked(|v| v.trim().is_empty());
        if blank(email) || blank(password) {
            action.value().set(None);
            focus_first_invalid();
            return;
        }
        action.dispatch((email.get_untracked(), password.get_untracked()));
    };

    view! {
        <AuthFrame title=Msg::SignInTitle tab=Msg::SignInButton>
            <form on:submit=on_submit novalidate>
                <ErrorBanner error=error/>
                <Show when=move || unconfirmed.get()>
                    <section class="banner" role="alert" aria-labelledby="unconfirmed-title">
                        <p id="unconfirmed-title" tabindex="-1"><strong>{tr(Msg::ConfirmSignUpTab)}</strong></p>
                        <p>{tr(Msg::ErrEmailUnconfirmed)}</p>
                        {move || match resend.value().get() {
                            Some(Ok(sent)) => view! {
                                <p role="status">{move || match i18n.locale.get() {
                                    domain::Locale::En => format!("A new link was sent to {}. It works once, for 24 hours; earlier links no longer work.", sent.email),
                                    domain::Locale::Fr => format!("Un nouveau lien a été envoyé à {}. Il fonctionne une fois, pendant 24 heures ; les liens précédents ne fonctionnent plus.", sent.email),
                                }}</p>
                            }.into_any(),
                            other => view! {
                                <ErrorBanner error=Signal::derive(move || match &other { Some(Err(e)) => Some(e.0.clone()), _ => None })/>
                                <button type="button" class="button" disabled=move || resend.pending().get()
                                    on:click=move |_| { resend.dispatch((email.get_untracked(), password.get_untracked())); }>
                                    {move || if resend.pending().get() { i18n.t(Msg::PleaseWait) } else { i18n.t(Msg::SendNewSignUpLink) }}
                                </button>
                            }.into_any(),
                        }}
                    </section>
                </Show>
                <TextField id="email" label=text(Msg::WorkEmail) value=email kind="email" autocomplete="username" error=email_error/>
                <TextField id="password" label=text(Msg::Password) value=password kind="password" autocomplete="current-password" error=password_error/>
                <SubmitButton pending=action.pending() label=Msg::SignInButton/>
            </form>
            <p class=style::switch>
                {tr(Msg::NewPartner)}" "
                <A href="/signup">{tr(Msg::CreateAccountLink)}</A>
            </p>
        </AuthFrame>
    }
}
