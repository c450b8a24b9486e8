//! The company profile: partnership types, customers, revenue, size, kinds of work, countries
//! of business and regions of growth. Validated as the user types (after the first save
//! attempt) with the same Rust code the server runs; versioned; leaving with unsaved changes
//! asks first.

pub mod api;

use std::future::Future;

use domain::country::countries_by_name;
use domain::currency::currencies_by_name;
use domain::model::Versioned;
use domain::profile::{
    CompanyProfileForm, CompanySize, PartnershipType, Region, RevenueRange, WorkKind,
};
use domain::{ApiError, Area, CountryCode, Field, Locale};
use leptos::prelude::*;

use crate::api::Error;
use crate::components::field::{SelectField, TextField};
use crate::components::shell::RequireArea;
use crate::forms::{loaded, Editable, FormKit, KitForm};
use crate::i18n::{profile_choice, text, tr, use_i18n, use_page_title, Msg};
use crate::lens;

impl Editable for CompanyProfileForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::CompanyProfile;
    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        api::save_company_profile(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        CompanyProfileForm::problems(self)
    }
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)> {
        let choice = |code: &str| profile_choice(code, locale).to_owned();
        let list = |codes: &[String]| {
            codes
                .iter()
                .map(|c| choice(c))
                .collect::<Vec<_>>()
                .join(", ")
        };
        vec![
            (Msg::PartnershipTypes, list(&self.partnership_types)),
            (Msg::Customers, self.customers.clone()),
            (Msg::AnnualRevenue, choice(&self.revenue_range)),
            (Msg::RevenueCurrency, self.revenue_currency.clone()),
            (Msg::CompanySize, choice(&self.size)),
            (Msg::WorkKinds, list(&self.work)),
            (Msg::BusinessCountries, self.countries.join(", ")),
            (Msg::GrowthRegions, list(&self.growth_regions)),
        ]
    }
}

#[component]
pub fn CompanyProfilePage() -> impl IntoView {
    use_page_title(Msg::CompanyProfileTitle);
    view! {
        <h1>{tr(Msg::CompanyProfileTitle)}</h1>
        <p class="lede">{tr(Msg::CompanyProfileIntro)}</p>
        <RequireArea area=Area::CompanyProfile>
            {loaded(api::get_company_profile, |profile| view! { <ProfileForm kit={FormKit::<CompanyProfileForm>::open(profile)}/> })}
        </RequireArea>
    }
}

/// Options of a profile choice, worded in the user's language.
fn choices(codes: Vec<&'static str>) -> Signal<Vec<(&'static str, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        codes
            .iter()
            .map(|code| (*code, profile_choice(code, i18n.locale.get()).to_owned()))
            .collect()
    })
}

#[component]
fn ProfileForm(kit: FormKit<CompanyProfileForm>) -> impl IntoView {
    let i18n = use_i18n();
    let read_only = kit.read_only();
    let currencies = Signal::derive(move || currencies_by_name(i18n.locale.get()));
    let choose_one = text(Msg::ChooseOne);
    view! {
        <KitForm kit=kit>
            <CheckboxGroup id="partnership-types" legend=Msg::PartnershipTypes
                options=PartnershipType::ALL.iter().map(|p| p.code()).collect()
                selected=kit.part(lens!(partnership_types)) disabled=read_only error=kit.error(Field::PartnershipTypes)/>
            <TextField id="customers" label=text(Msg::Customers) value=kit.bind(lens!(customers)) inputmode="numeric"
                error=kit.error(Field::Customers) disabled=read_only/>
            <div class="filters">
                <SelectField id="revenue-range" label=text(Msg::AnnualRevenue) value=kit.bind(lens!(revenue_range))
                    options=choices(RevenueRange::ALL.iter().map(|r| r.code()).collect()) placeholder=choose_one
                    error=kit.error(Field::Revenue) disabled=read_only/>
                <SelectField id="revenue-currency" label=text(Msg::RevenueCurrency) value=kit.bind(lens!(revenue_currency))
                    options=currencies placeholder=choose_one error=kit.error(Field::Currency) disabled=read_only/>
                <SelectField id="company-size" label=text(Msg::CompanySize) value=kit.bind(lens!(size))
                    options=choices(CompanySize::ALL.iter().map(|s| s.code()).collect()) placeholder=choose_one
                    error=kit.error(Field::CompanySize) disabled=read_only/>
            </div>
            <CheckboxGroup id="work" legend=Msg::WorkKinds
                options=WorkKind::ALL.iter().map(|w| w.code()).collect()
                selected=kit.part(lens!(work)) disabled=read_only error=kit.error(Field::WorkKinds)/>
            <CountryList selected=kit.part(lens!(countries)) disabled=read_only error=kit.error(Field::Countries)/>
            <CheckboxGroup id="growth-regions" legend=Msg::GrowthRegions
                options=Region::ALL.iter().map(|r| r.code()).collect()
                selected=kit.part(lens!(growth_regions)) disabled=read_only error=kit.error(Field::Regions)/>
        </KitForm>
    }
}

/// A list a form edits: its value, and how to change it.
type ListPart = (Signal<Vec<String>>, Callback<Vec<String>>);

/// Checkboxes for a multiple choice, worded by `profile_choice`.
#[component]
fn CheckboxGroup(
    id: &'static str,
    legend: Msg,
    options: Vec<&'static str>,
    selected: ListPart,
    #[prop(into)] disabled: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (selected, set) = selected;
    let error_id = format!("{id}-error");
    let described_by = error_id.clone();
    view! {
        <fieldset aria-describedby=described_by aria-invalid=move || error.get().is_some().then_some("true")>
            <legend>{tr(legend)}</legend>
            <div class="checkbox-grid">
                {options.into_iter().map(|code| view! {
                    <label class="checkbox">
                        <input
                            type="checkbox"
                            value=code
                            disabled=disabled
                            prop:checked=move || selected.with(|s| s.iter().any(|c| c == code))
                            on:change=move |ev| {
                                let mut chosen = selected.get_untracked();
                                chosen.retain(|c| c != code);
                                if event_target_checked(&ev) {
                                    chosen.push(code.to_owned());
                                }
                                set.run(chosen);
                            }
                        />
                        {move || profile_choice(code, i18n.locale.get())}
                    </label>
                }).collect_view()}
            </div>
            <p id=error_id class="field-error" aria-live="polite">{error}</p>
        </fieldset>
    }
}

/// The countries of business: a picker that adds one, and the chosen ones with a remove button.
#[component]
fn CountryList(
    selected: ListPart,
    #[prop(into)] disabled: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (selected, set) = selected;
    let name_of = move |code: &str| {
        CountryCode::parse(code)
            .map(|c| c.name(i18n.locale.get()))
            .unwrap_or("")
            .to_owned()
    };
    view! {
        <fieldset aria-describedby="countries-error" aria-invalid=move || error.get().is_some().then_some("true")>
            <legend>{tr(Msg::BusinessCountries)}</legend>
            <ul class="chips">
                {move || selected.get().into_iter().map(|code| {
                    let name = name_of(&code);
                    let label = format!("{} {name}", i18n.t(Msg::Remove));
                    let remove = code.clone();
                    view! {
                        <li class="chip">
                            {name}
                            <button type="button" class="chip-remove" aria-label=label disabled=disabled
                                on:click=move |_| {
                                    let mut chosen = selected.get_untracked();
                                    chosen.retain(|c| *c != remove);
                                    set.run(chosen);
                                }>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label for="add-country" class="field-label">{tr(Msg::AddCountry)}</label>
            <select id="add-country" disabled=disabled prop:value=""
                on:change=move |ev| {
                    let code = event_target_value(&ev);
                    if !code.is_empty() {
                        let mut chosen = selected.get_untracked();
                        if !chosen.contains(&code) {
                            chosen.push(code);
                            set.run(chosen);
                        }
                    }
                    if let Some(select) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok()) {
                        select.set_value("");
                    }
                }>
                <option value="">{tr(Msg::ChooseCountry)}</option>
                {move || countries_by_name(i18n.locale.get()).into_iter().map(|(code, name)| view! {
                    <option value=code>{name}</option>
                }).collect_view()}
            </select>
            <p id="countries-error" class="field-error" aria-live="polite">{error}</p>
        </fieldset>
    }
}
