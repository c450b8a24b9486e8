//! The second presentation of the kit: a section that shows its record's values, with an
//! Update (or Edit) button for those who may change it that opens the form in place.

use domain::Access;
use leptos::prelude::*;

use super::{Conflict, Editable, FormKit, Saved};
use crate::components::field::SubmitButton;
use crate::components::{format_time, ErrorBanner, ReadOnlyNote};
use crate::i18n::{tr, use_i18n, Msg};
use crate::session::use_session;

/// A record shown in a section of its own and changed through its button.
pub trait Section: Editable {
    /// The section's heading.
    const TITLE: Msg;
    /// The id prefix of its headings (unique on the page).
    const ID: &'static str;
    /// The button that opens the form (My preferences says Edit).
    const ACTION: Msg = Msg::Update;
    fn load() -> impl std::future::Future<Output = Result<Self::Record, crate::api::Error>>;
    /// The inputs, bound to `kit`.
    fn inputs(kit: FormKit<Self>) -> AnyView;
    /// What the section shows under the values while not editing, from the record as saved
    /// (a change waiting for confirmation, a warning). Nothing by default.
    fn aside(_record: Signal<Self::Record>) -> AnyView {
        ().into_any()
    }
    /// Whether the record was never saved and the section says "Not set yet" rather than
    /// showing its values (My preferences shows its defaults instead).
    fn never_set(record: &Self::Record) -> bool {
        record.version() == 0
    }
}

/// The section of `T`, if the user may see its area: the values, and the button for editors.
pub fn section<T: Section>() -> impl IntoView {
    let session = use_session();
    let may_view = move || session.allows(T::AREA, Access::View);
    let title_id = format!("{}-title", T::ID);
    view! {
        <Show when=may_view>
            <section class="card update-section" aria-labelledby=title_id.clone()>
                <h2 id=title_id.clone()>{tr(T::TITLE)}</h2>
                {super::loaded(T::load, |record| view! { <SectionBody<T> kit=FormKit::closed(record)/> })}
            </section>
        </Show>
    }
}

#[component]
fn SectionBody<T: Section>(kit: FormKit<T>) -> impl IntoView {
    let i18n = use_i18n();
    let record = kit.record();
    let facts = move || {
        record.with(|r| {
            r.form()
                .facts(i18n.locale.get())
                .into_iter()
                .map(|(label, value)| view! { <dt>{tr(label)}</dt><dd>{value}</dd> })
                .collect_view()
        })
    };
    let last_change = move || {
        record.with(|r| {
            let (by, at) = r.saved_by();
            (r.version() > 0).then(|| {
                format!(
                    "{} {by}, {}",
                    i18n.t(Msg::LastChangedBy),
                    format_time(at, i18n.locale.get())
                )
            })
        })
    };
    let name = move || format!("{} {}", i18n.t(T::ACTION), i18n.t(T::TITLE));
    let form_title = format!("{}-form-title", T::ID);
    view! {
        <Show when=move || !kit.editing().get()>
            {move || if record.with(T::never_set) {
                view! { <p class="muted">{tr(Msg::NotSetYet)}</p> }.into_any()
            } else {
                view! { <dl class="facts">{facts}</dl> }.into_any()
            }}
            <p class="muted">{last_change}</p>
            {T::aside(record)}
            <p role="status" class="loading">{move || kit.saved().get().then(|| i18n.t(Msg::Saved))}</p>
            <Show when=move || kit.can_edit().get()
                fallback=|| view! { <ReadOnlyNote area=T::AREA/> }>
                <button type="button" class="button" aria-label=name on:click=move |_| kit.start()>
                    {tr(T::ACTION)}
                </button>
            </Show>
        </Show>
        <Show when=move || kit.editing().get()>
            <Conflict kit=kit/>
            <form novalidate aria-labelledby=form_title.clone()
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    kit.submit();
                }>
                <h3 id=form_title.clone() class="visually-hidden">{name}</h3>
                <ErrorBanner error=kit.failure()/>
                {T::inputs(kit)}
                <div class="button-row">
                    <SubmitButton pending=kit.pending() label=Msg::Save/>
                    <button type="button" class="button" on:click=move |_| kit.cancel()>{tr(Msg::Cancel)}</button>
                </div>
            </form>
        </Show>
    }
}
