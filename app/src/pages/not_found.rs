use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{use_i18n, use_page_title, Msg};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(Msg::NotFoundTitle);
    view! {
        <main id="main" class="centered-page">
            <h1>{move || i18n.t(Msg::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Msg::NotFoundBody)}</p>
            <A href="/settings/overview">{move || i18n.t(Msg::GoToOverview)}</A>
        </main>
    }
}
