//! The fields of a postal address, and the side-by-side choice between an address as typed
//! and its standard form (see `domain::address::validate`). Shared by every form with an address.

use domain::address::{validate, AddressField, AddressInput, Validation};
use domain::country::countries_by_name;
use domain::Field;
use leptos::prelude::*;

use crate::components::field::{Binding, FieldErrors, SelectField, TextField};
use crate::i18n::{error_text, text, tr, use_i18n, Msg};

/// The inputs of an address, each bound to its part of a form's record (`FormKit::address`).
#[derive(Clone, Copy)]
pub struct AddressBinding {
    pub country: Binding,
    pub street: Binding,
    pub city: Binding,
    pub region: Binding,
    pub postal_code: Binding,
}

/// One signal per address field, for a form not on the form kit.
#[derive(Clone, Copy)]
pub struct AddressSignals {
    pub country: RwSignal<String>,
    pub street: RwSignal<String>,
    pub city: RwSignal<String>,
    pub region: RwSignal<String>,
    pub postal_code: RwSignal<String>,
}

impl AddressSignals {
    pub fn new(a: &AddressInput) -> Self {
        AddressSignals {
            country: RwSignal::new(a.country.clone()),
            street: RwSignal::new(a.street.clone()),
            city: RwSignal::new(a.city.clone()),
            region: RwSignal::new(a.region.clone()),
            postal_code: RwSignal::new(a.postal_code.clone()),
        }
    }

    pub fn get(&self) -> AddressInput {
        AddressInput {
            country: self.country.get(),
            street: self.street.get(),
            city: self.city.get(),
            region: self.region.get(),
            postal_code: self.postal_code.get(),
        }
    }

    pub fn set(&self, a: &AddressInput) {
        self.country.set(a.country.clone());
        self.street.set(a.street.clone());
        self.city.set(a.city.clone());
        self.region.set(a.region.clone());
        self.postal_code.set(a.postal_code.clone());
    }
}

impl From<AddressSignals> for AddressBinding {
    fn from(s: AddressSignals) -> Self {
        AddressBinding {
            country: s.country.into(),
            street: s.street.into(),
            city: s.city.into(),
            region: s.region.into(),
            postal_code: s.postal_code.into(),
        }
    }
}

/// An address as typed, its standard form, and the fields where they differ.
pub type Suggestion = (AddressInput, AddressInput, Vec<AddressField>);

/// For an address that passed the form's own checks: saves it when it is in its standard form,
/// otherwise puts both forms in `suggestion` for the user to choose.
pub fn save_or_suggest(
    typed: &AddressInput,
    suggestion: RwSignal<Option<Suggestion>>,
    save: impl FnOnce(AddressInput),
) {
    match validate(typed) {
        Validation::Valid(address) => save(address),
        Validation::Suggest {
            entered,
            suggested,
            changes,
        } => suggestion.set(Some((entered, suggested, changes))),
        // Already shown beside the fields by the form's own check.
        Validation::Invalid(_) => {}
    }
}

/// The element ids of one form's address inputs (unique on the page).
#[derive(Clone, Copy)]
pub struct AddressIds {
    pub country: &'static str,
    pub street: &'static str,
    pub city: &'static str,
    pub region: &'static str,
    pub postal_code: &'static str,
}

/// An address on one line, as the sections and conflict screens show it: street, postal code
/// and city, region, country name; empty parts left out.
pub fn address_line(a: &AddressInput, locale: domain::Locale) -> String {
    let country = domain::CountryCode::parse(&a.country)
        .map(|c| c.name(locale))
        .unwrap_or("");
    [
        a.street.as_str(),
        &format!("{} {}", a.written_postal_code(), a.city),
        &a.region,
        country,
    ]
    .iter()
    .map(|s| s.trim())
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

/// Every country by its name in the user's language, as select options.
pub fn country_options() -> Signal<Vec<(&'static str, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        countries_by_name(i18n.locale.get())
            .into_iter()
            .map(|(code, name)| (code, name.to_owned()))
            .collect()
    })
}

/// Country, street, city, region and postal code, each with its error beside it.
#[component]
pub fn AddressFields(
    ids: AddressIds,
    #[prop(into)] address: AddressBinding,
    /// The errors shown beside the form's fields.
    #[prop(into)]
    problems: Signal<FieldErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_for = move |field: Field| {
        Signal::derive(move || {
            problems.with(|p| p.get(&field).map(|e| error_text(e, i18n.locale.get())))
        })
    };
    view! {
        <SelectField id=ids.country label=text(Msg::Country) value=address.country options=country_options()
            placeholder=text(Msg::ChooseCountry) error=error_for(Field::Country)/>
        <TextField id=ids.street label=text(Msg::Street) value=address.street autocomplete="street-address" error=error_for(Field::Street)/>
        <TextField id=ids.city label=text(Msg::City) value=address.city autocomplete="address-level2" error=error_for(Field::City)/>
        <TextField id=ids.region label=text(Msg::RegionLabel) value=address.region autocomplete="address-level1" error=error_for(Field::Region)/>
        <TextField id=ids.postal_code label=text(Msg::PostalCode) value=address.postal_code autocomplete="postal-code" error=error_for(Field::PostalCode)/>
    }
}

/// An address as typed beside its standard form, field by field where they differ; the user
/// takes one or the other.
#[component]
pub fn AddressSuggestion(
    entered: AddressInput,
    suggested: AddressInput,
    changes: Vec<AddressField>,
    /// Called with the address the user chose.
    on_choose: Callback<AddressInput>,
) -> impl IntoView {
    let label = |f: AddressField| match f {
        AddressField::Street => Msg::Street,
        AddressField::City => Msg::City,
        AddressField::Region => Msg::RegionLabel,
        AddressField::PostalCode => Msg::PostalCode,
    };
    let value = |a: &AddressInput, f: AddressField| a.get(f).to_owned();
    let rows = changes
        .iter()
        .map(|f| {
            view! {
                <tr><th scope="row">{tr(label(*f))}</th><td>{value(&entered, *f)}</td><td>{value(&suggested, *f)}</td></tr>
            }
        })
        .collect_view();
    view! {
        <section class="suggestion" role="alert" aria-labelledby="suggestion-title">
            <h3 id="suggestion-title">{tr(Msg::SuggestionTitle)}</h3>
            <p>{tr(Msg::SuggestionIntro)}</p>
            <table class="compare">
                <thead><tr><th scope="col">{tr(Msg::Field)}</th><th scope="col">{tr(Msg::YouTyped)}</th><th scope="col">{tr(Msg::Suggested)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="button-row">
                <button type="button" class="button button-strong" on:click=move |_| on_choose.run(suggested.clone())>{tr(Msg::UseSuggested)}</button>
                <button type="button" class="button" on:click=move |_| on_choose.run(entered.clone())>{tr(Msg::KeepMine)}</button>
            </div>
        </section>
    }
}
