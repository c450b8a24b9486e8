//! Signing up (with the link mailed to the founder) and signing in.

pub mod api;
mod confirm;
mod sign_in;
mod sign_up;

pub use confirm::ConfirmSignUpPage;
pub use sign_in::SignInPage;
pub use sign_up::SignUpPage;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::user_menu::LanguagePicker;
use crate::i18n::{tr, use_i18n, use_page_title, Msg};
use crate::session::use_session;

stylance::import_crate_style!(pub style, "src/pages/auth/auth.module.css");

/// The frame of the signed-out pages: product name, language and a card.
#[component]
fn AuthFrame(
    /// The page heading.
    title: Msg,
    /// The short name in the browser tab.
    tab: Msg,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(tab);
    view! {
        <header class=style::top>
            <span class=style::brand>{tr(Msg::ProductName)}</span>
        </header>
        <main id="main" class=style::main>
            <div class=style::card>
                <h1>{move || i18n.t(title)}</h1>
                {children()}
            </div>
            <div class=style::language><LanguagePicker/></div>
        </main>
    }
}

/// Where to go after signing in: the `next` query parameter if it is a path of ours (a page of
/// the workspace, or the demo mailbox, which asks visitors to sign in first).
fn next_path() -> impl Fn() -> String + Copy {
    let query = use_query_map();
    move || {
        query
            .with_untracked(|q| q.get("next"))
            .filter(|p| (p.starts_with("/settings/") || p == "/mailbox") && !p.starts_with("//"))
            .unwrap_or_else(|| "/settings/overview".to_owned())
    }
}

/// Sends a visitor who is already signed in straight to the workspace.
fn leave_when_signed_in() {
    let session = use_session();
    let navigate = use_navigate();
    let next = next_path();
    Effect::new(move |_| {
        if session.me.with(Option::is_some) {
            navigate(&next(), Default::default());
        }
    });
}

/// Moves the keyboard focus to the element `id` once it is rendered (a message that replaces
/// the form the focus was in).
fn focus_soon(id: &'static str) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(element) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}
