use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{tr, use_page_title, Msg};

#[component]
pub fn NotFound() -> impl IntoView {
    use_page_title(Msg::NotFoundTitle);
    view! {
        <main id="main" class="centered-page">
            <h1>{tr(Msg::NotFoundTitle)}</h1>
            <p>{tr(Msg::NotFoundBody)}</p>
            <A href="/settings/overview">{tr(Msg::GoToOverview)}</A>
        </main>
    }
}
