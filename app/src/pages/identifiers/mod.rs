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
            let place = format!("{} · {}, {}", l.name, l.city, country);
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

/// An identifier in monospace with a Copy button that says when it copied (or could not).
#[component]
fn IdentifierValue(value: String, what: String) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(None::<bool>);
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
                outcome.set(Some(copied));
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
                {move || outcome.get().map(|ok| i18n.t(if ok { Msg::Copied } else { Msg::CopyFailed }))}
            </span>
        </div>
    }
}
