use leptos::prelude::*;
use leptos_router::components::A;

use super::api::sign_in;
use super::{leave_when_signed_in, style, AuthFrame};
use crate::components::field::{SubmitButton, TextField};
use crate::components::ErrorBanner;
use crate::i18n::{text, tr, Msg};
use crate::session::use_session;

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    leave_when_signed_in();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let action = Action::new_local(move |(email, password): &(String, String)| {
        sign_in(email.clone(), password.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(me)) = action.value().get() {
            session.signed_in(me);
        }
    });
    let error = Signal::derive(move || match action.value().get() {
        Some(Err(e)) => Some(e.0),
        _ => None,
    });
    let no_field_error = Signal::derive(|| None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch((email.get_untracked(), password.get_untracked()));
    };

    view! {
        <AuthFrame title=Msg::SignInTitle tab=Msg::SignInButton>
            <form on:submit=on_submit novalidate>
                <ErrorBanner error=error/>
                <TextField id="email" label=text(Msg::WorkEmail) value=email kind="email" autocomplete="username" error=no_field_error/>
                <TextField id="password" label=text(Msg::Password) value=password kind="password" autocomplete="current-password" error=no_field_error/>
                <SubmitButton pending=action.pending() label=Msg::SignInButton/>
            </form>
            <p class=style::switch>
                {tr(Msg::NewPartner)}" "
                <A href="/signup">{tr(Msg::CreateAccountLink)}</A>
            </p>
        </AuthFrame>
    }
}
