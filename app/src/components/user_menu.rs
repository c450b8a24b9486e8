//! The user menu: who is signed in, the interface language and sign-out.

use domain::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::workspace::sign_out;
use crate::components::popover::{style, Popover};
use crate::i18n::{text, tr, use_i18n, Msg};
use crate::session::use_session;

#[component]
pub fn UserMenu() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let name = move || {
        session
            .me
            .with(|me| me.as_ref().map(|m| m.name.clone()).unwrap_or_default())
    };
    let email = move || {
        session
            .me
            .with(|me| me.as_ref().map(|m| m.email.clone()).unwrap_or_default())
    };
    let initials = move || {
        name()
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .take(2)
            .collect::<String>()
            .to_uppercase()
    };
    let signing_out = RwSignal::new(false);
    let do_sign_out = move |_| {
        signing_out.set(true);
        spawn_local(async move {
            // Whatever the answer, the client forgets the user: the server ended the session
            // or it had already ended.
            let _ = sign_out().await;
            signing_out.set(false);
            session.forget();
        });
    };

    view! {
        <Popover
            id="user-menu-panel"
            label=Signal::derive(move || format!("{}: {}", i18n.t(Msg::UserMenu), name()))
            button_class="avatar-button"
            title=text(Msg::UserMenu)
            button=move || view! { <span aria-hidden="true">{initials}</span> }
        >
            <p class=style::meta>{tr(Msg::SignedInAs)}</p>
            <p><strong>{name}</strong><br/>{email}</p>
            <LanguagePicker/>
            <button type="button" class="button" on:click=do_sign_out disabled=move || signing_out.get()>
                {move || if signing_out.get() { i18n.t(Msg::PleaseWait) } else { i18n.t(Msg::SignOut) }}
            </button>
        </Popover>
    }
}

/// Two toggle buttons, one per language, each named in its own language.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::session::use_session();
    view! {
        <div role="group" aria-labelledby="language-label" class="language-picker">
            <p id="language-label" class="field-label">{tr(Msg::Language)}</p>
            {Locale::ALL.into_iter().map(|locale| view! {
                <button
                    type="button"
                    class="toggle"
                    lang=locale.tag()
                    aria-pressed=move || (i18n.locale.get() == locale).to_string()
                    on:click=move |_| session.choose_language(locale)
                >
                    {locale.endonym()}
                </button>
            }).collect_view()}
        </div>
    }
}
