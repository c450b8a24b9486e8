//! Legal info: the company's legal identity and its locations. Addresses typed by hand are
//! checked with the postal rules of their country (for Armenia, Hungary, Kyrgyzstan, Moldova,
//! Uzbekistan and Russia down to regions); where the standard form differs, both are shown
//! side by side and the user chooses.

pub mod api;
mod contacts;
mod identity;
pub mod verification;

use domain::address::AddressInput;
use domain::locations::{Location, LocationForm};
use domain::{Access, ApiError, Area, CountryCode, Field, Locale};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Error;
use crate::components::address::{
    address_line, save_or_suggest, AddressFields, AddressIds, AddressSuggestion, Suggestion,
};
use crate::components::field::{SubmitButton, TextField};
use crate::components::shell::RequireArea;
use crate::components::ErrorBanner;
use crate::forms::{loaded_from, Conflict, Editable, FormKit, Saved};
use crate::i18n::{text, tr, use_i18n, use_page_title, Msg};
use crate::lens;
use crate::session::use_session;

impl Saved<LocationForm> for Location {
    fn form(&self) -> &LocationForm {
        &self.form
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn saved_by(&self) -> (&str, i64) {
        (&self.updated_by, self.updated_at)
    }
}

/// A location of the list; one not saved yet has id 0.
impl Editable for LocationForm {
    type Record = Location;
    const AREA: Area = Area::LegalInfo;
    async fn save(self, location: Location) -> Result<Location, Error> {
        match location.id {
            0 => api::add_location(self).await,
            id => api::update_location(id, self, location.version).await,
        }
    }
    fn problems(&self, _: &Location) -> Vec<ApiError> {
        LocationForm::problems(self)
    }
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)> {
        let address = address_line(&self.address, locale);
        let legal = Msg::IsLegalAddress.text(locale).to_owned();
        vec![
            (Msg::LocationName, self.name.clone()),
            (Msg::Address, address),
            (
                Msg::LegalAddress,
                if self.is_legal { legal } else { String::new() },
            ),
        ]
    }
}

/// Tells the page's sections that one of them saved: a new legal address becomes the first
/// location, a location can become the legal address, and a changed name or address sends a
/// verified company back to review; so the others read theirs again.
#[derive(Clone, Copy)]
pub(crate) struct Changed(RwSignal<u32>);

impl Changed {
    fn provide() {
        provide_context(Changed(RwSignal::new(0)));
    }

    /// The page's (a section shown elsewhere gets one of its own).
    pub(crate) fn get() -> Self {
        use_context().unwrap_or_else(|| Changed(RwSignal::new(0)))
    }

    pub(crate) fn saved(self) {
        self.0.update(|n| *n += 1);
    }

    /// Subscribes the caller to the next save.
    pub(crate) fn track(self) {
        self.0.track();
    }
}

#[component]
pub fn LegalInfoPage() -> impl IntoView {
    use_page_title(Msg::LegalInfoTitle);
    Changed::provide();
    view! {
        <h1>{tr(Msg::LegalInfoTitle)}</h1>
        <p class="lede">{tr(Msg::LegalInfoIntro)}</p>
        <RequireArea area=Area::LegalInfo>
            <identity::LegalIdentitySection/>
            <verification::VerificationSection/>
            <contacts::ContactsSection/>
            <LocationsSection/>
        </RequireArea>
    }
}

const LOCATION_ADDRESS: AddressIds = AddressIds {
    country: "location-country",
    street: "location-street",
    city: "location-city",
    region: "location-region",
    postal_code: "location-postal-code",
};

/// What the locations section shows besides the list.
#[derive(Clone, PartialEq)]
enum Editing {
    Nothing,
    New,
    Existing(Location),
}

#[component]
fn LocationsSection() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::LegalInfo, Access::Edit));
    let changed = Changed::get();
    let locations = LocalResource::new(move || {
        changed.track();
        api::list_locations()
    });
    let editing = RwSignal::new(Editing::Nothing);
    let failure = RwSignal::new(None::<ApiError>);
    let done = Callback::new(move |result: Result<(), ApiError>| {
        failure.set(result.err());
        editing.set(Editing::Nothing);
        changed.saved();
    });
    let remove = move |location: Location| {
        if crate::components::confirm(i18n.t(Msg::ConfirmRemoveLocation)) {
            spawn_local(async move {
                done.run(
                    api::remove_location(location.id, location.version)
                        .await
                        .map_err(|e| e.0),
                );
            });
        }
    };
    view! {
        <section class="card" aria-labelledby="locations-title">
            <h2 id="locations-title">{tr(Msg::Locations)}</h2>
            <ErrorBanner error=failure/>
            {loaded_from(locations, move |list| if list.is_empty() {
                view! { <p>{tr(if can_edit.get_untracked() { Msg::NoLocations } else { Msg::NoLocationsYet })}</p> }.into_any()
            } else {
                view! {
                    <ul class="location-list">
                        {list.into_iter().map(|location| {
                            let (edit, gone) = (location.clone(), location.clone());
                            let a = location.form.address.clone();
                            let country = CountryCode::parse(&a.country).map(|c| c.name(i18n.locale.get_untracked())).unwrap_or("");
                            let is_legal = location.form.is_legal;
                            view! {
                                <li class="location">
                                    <p><strong>{domain::locations::shown_name(&location.form.name, is_legal).map(str::to_owned)}</strong>
                                        {is_legal.then(|| view! { <span class="tag">{tr(Msg::LegalAddress)}</span> })}</p>
                                    <p class="address">{a.street.clone()}<br/>{format!("{} {}", a.written_postal_code(), a.city)}<br/>{a.region.clone()}{(!a.region.is_empty()).then_some(", ")}{country}</p>
                                    <Show when=move || can_edit.get()>
                                        <div class="button-row">
                                            <button type="button" class="button button-small"
                                                aria-label=format!("{} {}", i18n.t(Msg::EditLocation), edit.form.name)
                                                on:click={ let edit = edit.clone(); move |_| editing.set(Editing::Existing(edit.clone())) }>
                                                {tr(Msg::EditLocation)}
                                            </button>
                                            {if is_legal {
                                                view! { <p class="muted">{tr(Msg::LegalAddressKept)}</p> }.into_any()
                                            } else {
                                                let gone = gone.clone();
                                                view! {
                                                    <button type="button" class="button button-small button-danger"
                                                        aria-label=format!("{} {}", i18n.t(Msg::RemoveLocation), gone.form.name)
                                                        on:click=move |_| remove(gone.clone())>
                                                        {tr(Msg::RemoveLocation)}
                                                    </button>
                                                }.into_any()
                                            }}
                                        </div>
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <Show when=move || can_edit.get() && editing.get() == Editing::Nothing>
                <button type="button" class="button button-strong" on:click=move |_| editing.set(Editing::New)>
                    {tr(Msg::AddLocation)}
                </button>
            </Show>
            {move || match editing.get() {
                Editing::Nothing => ().into_any(),
                Editing::New => view! { <LocationEditor existing=None on_done=done on_cancel=Callback::new(move |()| editing.set(Editing::Nothing))/> }.into_any(),
                Editing::Existing(l) => view! { <LocationEditor existing=Some(l) on_done=done on_cancel=Callback::new(move |()| editing.set(Editing::Nothing))/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn LocationEditor(
    existing: Option<Location>,
    on_done: Callback<Result<(), ApiError>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let title = if existing.is_some() {
        Msg::EditLocation
    } else {
        Msg::AddLocation
    };
    let location = existing.unwrap_or_else(|| Location {
        id: 0,
        form: LocationForm {
            address: AddressInput {
                country: session.me.with_untracked(|m| {
                    m.as_ref()
                        .map(|m| m.account.country.clone())
                        .unwrap_or_default()
                }),
                ..Default::default()
            },
            ..Default::default()
        },
        version: 0,
        updated_by: String::new(),
        updated_at: 0,
    });
    let kit = FormKit::<LocationForm>::open(location).on_saved(move |_| on_done.run(Ok(())));
    let suggestion = RwSignal::new(None::<Suggestion>);
    // The address is saved in its standard form, or as typed if the user keeps it.
    let save_address = move |address: AddressInput| {
        suggestion.set(None);
        kit.update(|f| f.address = address);
        kit.send();
    };
    kit.on_submit(move || {
        if kit.check() {
            save_or_suggest(
                &kit.values().get_untracked().address,
                suggestion,
                save_address,
            );
        }
    });
    let (is_legal, set_legal) = kit.part(lens!(is_legal));
    // Say before saving that a verified company's new legal address goes back to review.
    let verification = LocalResource::new(api::get_verification);
    let back_to_review = move || {
        is_legal.get()
            && verification.get().is_some_and(|v| {
                v.is_ok_and(|v| v.status == domain::verification::VerificationStatus::Verified)
            })
    };
    view! {
        <Conflict kit=kit/>
        <form class="subcard" novalidate aria-labelledby="location-editor-title"
            on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); kit.submit(); }>
            <h3 id="location-editor-title">{tr(title)}</h3>
            <ErrorBanner error=kit.failure()/>
            <TextField id="location-name" label=text(Msg::LocationName) value=kit.bind(lens!(name)) autocomplete="off"
                error=kit.error(Field::LocationName)/>
            <AddressFields ids=LOCATION_ADDRESS address=kit.address(lens!(address)) problems=kit.errors()/>
            <label class="checkbox">
                <input type="checkbox" prop:checked=is_legal on:change=move |ev| set_legal.run(event_target_checked(&ev))/>
                {tr(Msg::IsLegalAddress)}
            </label>
            {move || suggestion.get().map(|(entered, suggested, changes)| view! {
                <AddressSuggestion entered=entered suggested=suggested changes=changes on_choose=Callback::new(save_address)/>
            })}
            <Show when=back_to_review>
                <p class="read-only-note" role="note">{tr(Msg::BackToReviewNote)}</p>
            </Show>
            <div class="button-row">
                <SubmitButton pending=kit.pending() label=Msg::Save/>
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>{tr(Msg::Cancel)}</button>
            </div>
        </form>
    }
}
