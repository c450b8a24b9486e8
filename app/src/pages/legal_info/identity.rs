//! The legal identity card: legal name, DUNS number and legal address, edited by searching the
//! company directory by DUNS number or by entering the details by hand.

use domain::address::AddressInput;
use domain::legal::{CompanyRecord, Duns, LegalIdentity, LegalIdentityForm};
use domain::verification::VerificationStatus;
use domain::{Access, ApiError, Area, CountryCode, Field};
use leptos::prelude::*;

use super::api::{get_legal_identity, get_verification, lookup_company, save_legal_identity};
use crate::components::address::{
    save_or_suggest, AddressFields, AddressIds, AddressSignals, AddressSuggestion, Suggestion,
};
use crate::components::conflict::{reapply, route_save, ConflictNotice, Difference};
use crate::components::field::{
    accept_or_show, check_as_typed, FieldErrors, SubmitButton, TextField,
};
use crate::components::shell::use_unsaved_guard;
use crate::components::{ErrorBanner, Loading};
use crate::i18n::{error_text, text, tr, use_i18n, Msg};
use crate::session::use_session;

const LEGAL_ADDRESS: AddressIds = AddressIds {
    country: "legal-country",
    street: "legal-street",
    city: "legal-city",
    region: "legal-region",
    postal_code: "legal-postal-code",
};

fn address_lines(a: &AddressInput, locale: domain::Locale) -> String {
    let country = CountryCode::parse(&a.country)
        .map(|c| c.name(locale))
        .unwrap_or("");
    [
        a.street.clone(),
        format!("{} {}", a.postal_code, a.city).trim().to_owned(),
        a.region.clone(),
        country.to_owned(),
    ]
    .into_iter()
    .filter(|l| !l.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

#[component]
pub fn LegalIdentitySection() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::LegalInfo, Access::Edit));
    let reload = RwSignal::new(0u32);
    let identity = LocalResource::new(move || {
        reload.track();
        get_legal_identity()
    });
    let editing = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let partner_id = move || {
        session
            .me
            .get()
            .map(|m| m.account.partner_id)
            .unwrap_or_default()
    };
    let done = Callback::new(move |changed: bool| {
        editing.set(false);
        saved.set(changed);
        if changed {
            reload.update(|n| *n += 1);
            // The legal name is shown in the workspace's header too.
            session.refresh();
        }
    });
    view! {
        <section class="card" aria-labelledby="legal-identity">
            <h2 id="legal-identity">{tr(Msg::LegalIdentity)}</h2>
            <Suspense fallback=Loading>
                {move || identity.get().map(|result| match result {
                    Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                    Ok(current) if editing.get() => view! { <LegalIdentityEditor initial=current on_done=done/> }.into_any(),
                    Ok(current) => {
                        let f = current.form.clone();
                        let duns = if f.duns.is_empty() { i18n.t(Msg::NotGiven).to_owned() } else { f.duns.clone() };
                        let address = if f.address.street.is_empty() {
                            i18n.t(Msg::NotGiven).to_owned()
                        } else {
                            address_lines(&f.address, i18n.locale.get())
                        };
                        view! {
                            <dl class="facts">
                                <dt>{tr(Msg::CompanyLegalName)}</dt><dd><strong>{f.legal_name.clone()}</strong></dd>
                                <dt>{tr(Msg::DunsNumber)}</dt><dd>{duns}</dd>
                                <dt>{tr(Msg::LegalAddress)}</dt><dd>{address}</dd>
                                <dt>{tr(Msg::PartnerId)}</dt><dd>{partner_id}</dd>
                            </dl>
                            <p class="loading" role="status">{move || saved.get().then(|| i18n.t(Msg::Saved))}</p>
                            <Show when=move || can_edit.get()>
                                <button type="button" class="button" on:click=move |_| { saved.set(false); editing.set(true); }>
                                    {tr(Msg::EditLegalIdentity)}
                                </button>
                            </Show>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

/// How the user fills the form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    SearchByDuns,
    Manual,
}

#[component]
fn LegalIdentityEditor(initial: LegalIdentity, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let opened = RwSignal::new(initial.form.clone());
    let version = RwSignal::new(initial.version);
    let mode = RwSignal::new(Mode::SearchByDuns);
    let legal_name = RwSignal::new(initial.form.legal_name.clone());
    let duns = RwSignal::new(initial.form.duns.clone());
    let address = AddressSignals::new(&initial.form.address);
    let search = RwSignal::new(String::new());
    let found = RwSignal::new(None::<CompanyRecord>);
    let problems = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let suggestion = RwSignal::new(None::<Suggestion>);
    let collision = RwSignal::new(None::<(String, i64, LegalIdentity)>);
    let form = move || LegalIdentityForm {
        legal_name: legal_name.get(),
        duns: duns.get(),
        address: address.get(),
    };
    let load = move |f: &LegalIdentityForm| {
        legal_name.set(f.legal_name.clone());
        duns.set(f.duns.clone());
        address.set(&f.address);
    };
    let tried = check_as_typed(problems, move || form().problems());
    let dirty = Signal::derive(move || form() != opened.get());
    use_unsaved_guard(dirty);

    let lookup = Action::new_local(|duns: &String| lookup_company(duns.clone()));
    Effect::new(move |_| match lookup.value().get() {
        Some(Ok(record)) => {
            load(&LegalIdentityForm::from_record(&record));
            problems.set(FieldErrors::new());
            found.set(Some(record));
        }
        Some(Err(e)) => match e.0.field() {
            Some(f) => problems.update(|p| {
                p.insert(f, e.0.clone());
            }),
            None => failure.set(Some(e.0)),
        },
        None => {}
    });
    let on_search = move |_| {
        failure.set(None);
        found.set(None);
        let typed = search.get_untracked();
        if accept_or_show(problems, Duns::parse(&typed).err().into_iter().collect()) {
            lookup.dispatch(typed);
        }
    };

    let action = Action::new_local(|(form, version): &(LegalIdentityForm, i64)| {
        save_legal_identity(form.clone(), *version)
    });
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            let on_saved = |_: LegalIdentity| {
                opened.set(form());
                on_done.run(true);
            };
            route_save(result, on_saved, collision, problems, failure);
        }
    });
    let save_with = move |chosen: AddressInput| {
        suggestion.set(None);
        address.set(&chosen);
        action.dispatch((
            LegalIdentityForm {
                address: chosen,
                ..form()
            },
            version.get_untracked(),
        ));
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        tried.set(true);
        let typed = form();
        if !accept_or_show(problems, typed.problems()) {
            return;
        }
        save_or_suggest(&typed.address, suggestion, save_with);
    };
    let reapply_mine = Callback::new(move |()| {
        if let Some((_, _, theirs)) = collision.get_untracked() {
            let (was, mine) = (opened.get_untracked(), form());
            let merged = LegalIdentityForm {
                legal_name: reapply(&was.legal_name, &mine.legal_name, &theirs.form.legal_name),
                duns: reapply(&was.duns, &mine.duns, &theirs.form.duns),
                address: reapply(&was.address, &mine.address, &theirs.form.address),
            };
            collision.set(None);
            opened.set(theirs.form.clone());
            version.set(theirs.version);
            load(&merged);
        }
    });
    let use_theirs = Callback::new(move |()| {
        if let Some((_, _, theirs)) = collision.get_untracked() {
            collision.set(None);
            opened.set(theirs.form.clone());
            version.set(theirs.version);
            load(&theirs.form);
        }
    });

    // Say before saving that a verified company's new legal name or address goes back to review.
    let verification = LocalResource::new(get_verification);
    let back_to_review = move || {
        form().changes_verified_details(&opened.get())
            && verification
                .get()
                .is_some_and(|v| v.is_ok_and(|v| v.status == VerificationStatus::Verified))
    };
    let error_for = move |field: Field| {
        Signal::derive(move || {
            problems.with(|p| p.get(&field).map(|e| error_text(e, i18n.locale.get())))
        })
    };
    let show_fields = move || mode.get() == Mode::Manual || found.with(Option::is_some);
    let radio = move |value: Mode, id: &'static str, label: Msg| {
        view! {
            <label class="radio" for=id>
                <input type="radio" id=id name="lookup-mode" prop:checked=move || mode.get() == value
                    on:change=move |_| { mode.set(value); problems.set(FieldErrors::new()); }/>
                {tr(label)}
            </label>
        }
    };
    view! {
        {move || collision.get().map(|(by, at, theirs)| {
            let mine = form();
            let locale = i18n.locale.get_untracked();
            let differences = [
                (Msg::CompanyLegalName, theirs.form.legal_name.clone(), mine.legal_name.clone()),
                (Msg::DunsNumber, theirs.form.duns.clone(), mine.duns.clone()),
                (Msg::LegalAddress, address_lines(&theirs.form.address, locale), address_lines(&mine.address, locale)),
            ]
            .into_iter()
            .filter(|(_, t, y)| t != y)
            .map(|(m, theirs, yours)| Difference { label: i18n.t(m), theirs, yours })
            .collect();
            view! { <ConflictNotice by=by at=at differences=differences on_reapply=reapply_mine on_use_theirs=use_theirs/> }
        })}
        <form class="subcard" on:submit=on_submit novalidate aria-labelledby="legal-editor-title">
            <h3 id="legal-editor-title">{tr(Msg::EditLegalIdentity)}</h3>
            <ErrorBanner error=failure/>
            <fieldset class="choice">
                <legend>{tr(Msg::HowToFill)}</legend>
                {radio(Mode::SearchByDuns, "mode-duns", Msg::SearchByDuns)}
                {radio(Mode::Manual, "mode-manual", Msg::EnterManually)}
            </fieldset>
            <Show when=move || mode.get() == Mode::SearchByDuns>
                <div class="search-row">
                    <TextField id="duns-search" label=text(Msg::DunsNumber) value=search hint=text(Msg::DunsHint)
                        error=error_for(Field::Duns)/>
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
                <TextField id="legal-name" label=text(Msg::CompanyLegalName) value=legal_name autocomplete="organization"
                    error=error_for(Field::CompanyName)/>
                <Show when=move || mode.get() == Mode::Manual>
                    <TextField id="legal-duns" label=text(Msg::DunsOptional) value=duns hint=text(Msg::DunsHint)
                        error=error_for(Field::Duns)/>
                </Show>
                <AddressFields ids=LEGAL_ADDRESS address=address problems=problems/>
            </Show>
            {move || suggestion.get().map(|(entered, suggested, changes)| view! {
                <AddressSuggestion entered=entered suggested=suggested changes=changes on_choose=Callback::new(save_with)/>
            })}
            <Show when=back_to_review>
                <p class="read-only-note" role="note">{tr(Msg::LegalBackToReviewNote)}</p>
            </Show>
            <div class="button-row">
                <Show when=show_fields>
                    <SubmitButton pending=action.pending() label=Msg::Save/>
                </Show>
                <button type="button" class="button" on:click=move |_| on_done.run(false)>{tr(Msg::Cancel)}</button>
            </div>
        </form>
    }
}
