//! The legal identity card: legal name, DUNS number and legal address, edited by searching the
//! company directory by DUNS number or by entering the details by hand.

use std::future::Future;

use domain::address::AddressInput;
use domain::legal::{CompanyRecord, Duns, LegalIdentityForm};
use domain::model::Versioned;
use domain::verification::VerificationStatus;
use domain::{ApiError, Area, Field, Locale};
use leptos::prelude::*;

use super::api::{get_legal_identity, get_verification, lookup_company, save_legal_identity};
use crate::api::Error;
use crate::components::address::{
    address_line, save_or_suggest, AddressFields, AddressIds, AddressSuggestion, Suggestion,
};
use crate::components::field::{SubmitButton, TextField};
use crate::components::ErrorBanner;
use crate::forms::{loaded, Conflict, Editable, FormKit};
use crate::i18n::{error_text, text, tr, use_i18n, Msg};
use crate::lens;
use crate::session::use_session;

impl Editable for LegalIdentityForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::LegalInfo;
    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        save_legal_identity(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        LegalIdentityForm::problems(self)
    }
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)> {
        vec![
            (Msg::CompanyLegalName, self.legal_name.clone()),
            (Msg::DunsNumber, self.duns.clone()),
            (Msg::LegalAddress, address_line(&self.address, locale)),
        ]
    }
}

const LEGAL_ADDRESS: AddressIds = AddressIds {
    country: "legal-country",
    street: "legal-street",
    city: "legal-city",
    region: "legal-region",
    postal_code: "legal-postal-code",
};

#[component]
pub fn LegalIdentitySection() -> impl IntoView {
    let session = use_session();
    let changed = super::Changed::get();
    view! {
        <section class="card" aria-labelledby="legal-identity">
            <h2 id="legal-identity">{tr(Msg::LegalIdentity)}</h2>
            // The legal name is shown in the workspace's header too.
            {loaded(get_legal_identity, move |identity| {
                let kit = FormKit::<LegalIdentityForm>::closed(identity).on_saved(move |_| {
                    session.refresh();
                    changed.saved();
                });
                view! { <LegalIdentityBody kit=kit/> }
            })}
        </section>
    }
}

#[component]
fn LegalIdentityBody(kit: FormKit<LegalIdentityForm>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // A location made the legal address changes the identity: read it again, unless the user
    // is editing it (their save would then meet the conflict screen, as with another person).
    let changed = super::Changed::get();
    Effect::new(move |first: Option<()>| {
        changed.track();
        if first.is_some() && !kit.editing().get_untracked() {
            leptos::task::spawn_local(async move {
                if let Ok(identity) = get_legal_identity().await {
                    kit.refresh(identity);
                }
            });
        }
    });
    let partner_id = move || {
        session
            .me
            .get()
            .map(|m| m.account.partner_id)
            .unwrap_or_default()
    };
    let facts = move || {
        let f = kit.record().get().form;
        let duns = if f.duns.is_empty() {
            i18n.t(Msg::NotGiven).to_owned()
        } else {
            f.duns.clone()
        };
        let address = if f.address.street.is_empty() {
            i18n.t(Msg::NotGiven).to_owned()
        } else {
            address_line(&f.address, i18n.locale.get())
        };
        view! {
            <dl class="facts">
                <dt>{tr(Msg::CompanyLegalName)}</dt><dd><strong>{f.legal_name.clone()}</strong></dd>
                <dt>{tr(Msg::DunsNumber)}</dt><dd>{duns}</dd>
                <dt>{tr(Msg::LegalAddress)}</dt><dd>{address}</dd>
                <dt>{tr(Msg::PartnerId)}</dt><dd>{partner_id}</dd>
            </dl>
        }
    };
    view! {
        <Show when=move || !kit.editing().get()>
            {facts}
            <p class="loading" role="status">{move || kit.saved().get().then(|| i18n.t(Msg::Saved))}</p>
            <Show when=move || kit.can_edit().get()>
                <button type="button" class="button" on:click=move |_| kit.start()>
                    {tr(Msg::EditLegalIdentity)}
                </button>
            </Show>
        </Show>
        <Show when=move || kit.editing().get()>
            <LegalIdentityEditor kit=kit/>
        </Show>
    }
}

/// How the user fills the form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    SearchByDuns,
    Manual,
}

#[component]
fn LegalIdentityEditor(kit: FormKit<LegalIdentityForm>) -> impl IntoView {
    let i18n = use_i18n();
    let opened = kit.values().get_untracked();
    let mode = RwSignal::new(Mode::SearchByDuns);
    let search = RwSignal::new(String::new());
    let search_problem = RwSignal::new(None::<ApiError>);
    let found = RwSignal::new(None::<CompanyRecord>);
    let suggestion = RwSignal::new(None::<Suggestion>);

    let lookup = Action::new_local(|duns: &String| lookup_company(duns.clone()));
    Effect::new(move |_| match lookup.value().get() {
        Some(Ok(record)) => {
            kit.update(|f| *f = LegalIdentityForm::from_record(&record));
            found.set(Some(record));
        }
        Some(Err(e)) => match e.0.field() {
            Some(_) => search_problem.set(Some(e.0)),
            None => kit.fail(e.0),
        },
        None => {}
    });
    let on_search = move |_| {
        found.set(None);
        let typed = search.get_untracked();
        match Duns::parse(&typed) {
            Ok(_) => {
                search_problem.set(None);
                lookup.dispatch(typed);
            }
            Err(e) => search_problem.set(Some(e)),
        }
    };
    // The search's own problem, or the save's refusal of the number found (another account
    // holds it), since the DUNS field of the form is not shown while searching.
    let duns_refused = kit.error(Field::Duns);
    let search_error = Signal::derive(move || {
        search_problem
            .with(|p| p.as_ref().map(|e| error_text(e, i18n.locale.get())))
            .or_else(|| duns_refused.get())
    });
    // The legal address is saved in its standard form, or as typed if the user keeps it.
    let save_with = move |chosen: AddressInput| {
        suggestion.set(None);
        kit.update(|f| f.address = chosen);
        kit.send();
    };
    kit.on_submit(move || {
        if kit.check() {
            save_or_suggest(&kit.values().get_untracked().address, suggestion, save_with);
        }
    });

    // Say before saving that a verified company's new legal name or address goes back to review.
    let verification = LocalResource::new(get_verification);
    let back_to_review = move || {
        kit.values().with(|f| f.changes_verified_details(&opened))
            && verification
                .get()
                .is_some_and(|v| v.is_ok_and(|v| v.status == VerificationStatus::Verified))
    };
    let show_fields = move || mode.get() == Mode::Manual || found.with(Option::is_some);
    let radio = move |value: Mode, id: &'static str, label: Msg| {
        view! {
            <label class="radio" for=id>
                <input type="radio" id=id name="lookup-mode" prop:checked=move || mode.get() == value
                    on:change=move |_| { mode.set(value); search_problem.set(None); }/>
                {tr(label)}
            </label>
        }
    };
    view! {
        <Conflict kit=kit/>
        <form class="subcard" novalidate aria-labelledby="legal-editor-title"
            on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); kit.submit(); }>
            <h3 id="legal-editor-title">{tr(Msg::EditLegalIdentity)}</h3>
            <ErrorBanner error=kit.failure()/>
            <fieldset class="choice">
                <legend>{tr(Msg::HowToFill)}</legend>
                {radio(Mode::SearchByDuns, "mode-duns", Msg::SearchByDuns)}
                {radio(Mode::Manual, "mode-manual", Msg::EnterManually)}
            </fieldset>
            <Show when=move || mode.get() == Mode::SearchByDuns>
                <div class="search-row">
                    <TextField id="duns-search" label=text(Msg::DunsNumber) value=search hint=text(Msg::DunsHint)
                        error=search_error/>
                    <button type="button" class="button" on:click=on_search disabled=move || lookup.pending().get()
                        aria-busy=move || lookup.pending().get().to_string()>
                        {move || if lookup.pending().get() { i18n.t(Msg::Searching) } else { i18n.t(Msg::Search) }}
                    </button>
                </div>
                <p class="loading" role="status">
                    {move || found.get().map(|c| format!("{} {}", i18n.t(Msg::FoundInDirectory), c.legal_name))}
                </p>
            </Show>
            <Show when=show_fields>
                <TextField id="legal-name" label=text(Msg::CompanyLegalName) value=kit.bind(lens!(legal_name))
                    autocomplete="organization" error=kit.error(Field::CompanyName)/>
                <Show when=move || mode.get() == Mode::Manual>
                    <TextField id="legal-duns" label=text(Msg::DunsOptional) value=kit.bind(lens!(duns))
                        hint=text(Msg::DunsHint) error=kit.error(Field::Duns)/>
                </Show>
                <AddressFields ids=LEGAL_ADDRESS address=kit.address(lens!(address)) problems=kit.errors()/>
            </Show>
            {move || suggestion.get().map(|(entered, suggested, changes)| view! {
                <AddressSuggestion entered=entered suggested=suggested changes=changes on_choose=Callback::new(save_with)/>
            })}
            <Show when=back_to_review>
                <p class="read-only-note" role="note">{tr(Msg::LegalBackToReviewNote)}</p>
            </Show>
            <div class="button-row">
                <Show when=show_fields>
                    <SubmitButton pending=kit.pending() label=Msg::Save/>
                </Show>
                <button type="button" class="button" on:click=move |_| kit.cancel()>{tr(Msg::Cancel)}</button>
            </div>
        </form>
    }
}
