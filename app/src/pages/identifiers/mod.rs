//! Identifiers: the partner ID, one location ID per company location, and the publisher IDs
//! that program enrolments issue. Each in its own expandable section, each copied in one click.

pub mod api;
pub mod update;

use domain::identifiers::{windows_publisher_name, Identifiers};
use domain::publishing::{ApproverForm, PublisherNameForm, SellerContactForm};
use domain::{Area, CountryCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::shell::RequireArea;
use crate::forms::loaded_from;
use crate::i18n::{tr, use_i18n, use_page_title, Msg};

#[component]
pub fn IdentifiersPage() -> impl IntoView {
    provide_context(LastCopy(RwSignal::new(None)));
    use_page_title(Msg::IdentifiersTitle);
    let identifiers = LocalResource::new(api::get_identifiers);
    view! {
        <h1>{tr(Msg::IdentifiersTitle)}</h1>
        <p class="lede">{tr(Msg::IdentifiersIntro)}</p>
        <RequireArea area=Area::Identifiers changeable=false>
            {loaded_from(identifiers, move |ids| view! { <IdentifierSections ids=ids/> }.into_any())}
        </RequireArea>
    }
}

#[component]
fn IdentifierSections(ids: Identifiers) -> impl IntoView {
    let i18n = use_i18n();
    let locations = ids
        .locations
        .iter()
        .map(|l| {
            let country = CountryCode::parse(&l.country)
                .map(|c| c.name(i18n.locale.get_untracked()))
                .unwrap_or("");
            let place = match domain::locations::shown_name(&l.name, l.is_legal) {
                Some(name) => format!("{name} · {}, {country}", l.city),
                None => format!("{}, {country}", l.city),
            };
            view! {
                <li class="identifier-row">
                    <span>{place.clone()}{l.is_legal.then(|| view! { " " <span class="tag">{tr(Msg::LegalAddress)}</span> })}</span>
                    <IdentifierValue value=l.location_id.clone() what=format!("{} {}", i18n.t(Msg::LocationId), l.name)/>
                </li>
            }
        })
        .collect_view();
    let no_locations = ids.locations.is_empty();
    view! {
        <div class="identifiers">
            <details class="card" open>
                <summary><h2>{tr(Msg::PartnerId)}</h2></summary>
                <p class="muted">{tr(Msg::PartnerIdAbout)}</p>
                <IdentifierValue value=ids.partner_id.clone() what=i18n.t(Msg::PartnerId).to_owned()/>
            </details>
            <details class="card" open>
                <summary><h2>{tr(Msg::LocationIds)}</h2></summary>
                <p class="muted">{tr(Msg::LocationIdsAbout)}</p>
                {if no_locations {
                    view! { <p>{tr(Msg::NoLocationIds)}" "<a href="/settings/legal-info">{tr(Msg::LegalInfoTitle)}</a></p> }.into_any()
                } else {
                    view! { <ul class="identifier-list">{locations}</ul> }.into_any()
                }}
            </details>
            <details class="card" open>
                <summary><h2>{tr(Msg::PublisherId)}</h2></summary>
                {match ids.publisher_id.clone() {
                    Some(id) => view! { <IdentifierValue value=id what=i18n.t(Msg::PublisherId).to_owned()/> }.into_any(),
                    None => view! { <p>{tr(Msg::PublisherIdNotIssued)}</p> }.into_any(),
                }}
            </details>
            <details class="card" open>
                <summary><h2>{tr(Msg::WindowsPublisherId)}</h2></summary>
                {match ids.windows_publisher_id.clone() {
                    Some(guid) => view! { <IdentifierValue value=windows_publisher_name(&guid) what=i18n.t(Msg::WindowsPublisherId).to_owned()/> }.into_any(),
                    None => view! { <p>{tr(Msg::WindowsPublisherIdNotIssued)}</p> }.into_any(),
                }}
            </details>
            {crate::forms::section::<PublisherNameForm>()}
            {crate::forms::section::<SellerContactForm>()}
            {crate::forms::section::<ApproverForm>()}
        </div>
    }
}

/// The page's last copy: which value (its number on the page) and whether it worked. One
/// "Copied" shows at a time, and for a few seconds only.
#[derive(Clone, Copy)]
struct LastCopy(RwSignal<Option<Copied>>);

/// Which value was copied, whether it worked, and which copy of the page's it was (a timer
/// clears only its own).
type Copied = (u32, bool, u64);

impl LastCopy {
    const SHOWN_FOR: std::time::Duration = std::time::Duration::from_secs(4);

    /// The page's (a value shown elsewhere gets one of its own).
    fn get() -> Self {
        use_context().unwrap_or_else(|| LastCopy(RwSignal::new(None)))
    }

    fn done(self, which: u32, copied: bool) {
        let copy = self
            .0
            .with_untracked(|last| last.map_or(0, |(_, _, n)| n + 1));
        let shown = Some((which, copied, copy));
        self.0.set(shown);
        set_timeout(
            move || {
                if self.0.get_untracked() == shown {
                    self.0.set(None);
                }
            },
            Self::SHOWN_FOR,
        );
    }

    fn of(self, which: u32) -> Option<bool> {
        self.0
            .get()
            .filter(|(w, _, _)| *w == which)
            .map(|(_, ok, _)| ok)
    }
}

/// An identifier in monospace with a Copy button that says when it copied (or could not).
#[component]
fn IdentifierValue(value: String, what: String) -> impl IntoView {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let which = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let i18n = use_i18n();
    let last = LastCopy::get();
    let copy = {
        let value = value.clone();
        move |_| {
            let value = value.clone();
            spawn_local(async move {
                let copied = match web_sys::window().map(|w| w.navigator().clipboard()) {
                    Some(clipboard) => {
                        wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&value))
                            .await
                            .is_ok()
                    }
                    None => false,
                };
                last.done(which, copied);
            });
        }
    };
    view! {
        <div class="identifier-value">
            <code>{value.clone()}</code>
            <button type="button" class="button button-small" aria-label=format!("{} {}", i18n.t(Msg::Copy), what) on:click=copy>
                {tr(Msg::Copy)}
            </button>
            <span role="status" class="copied">
                {move || last.of(which).map(|ok| i18n.t(if ok { Msg::Copied } else { Msg::CopyFailed }))}
            </span>
        </div>
    }
}
