//! The company profile: partnership types, customers, revenue, size, kinds of work, countries
//! of business and regions of growth. Validated as the user types (after the first save
//! attempt) with the same Rust code the server runs; versioned; leaving with unsaved changes
//! asks first.

pub mod api;

use domain::country::countries_by_name;
use domain::currency::currencies_by_name;
use domain::error::ConflictKind;
use domain::profile::{
    CompanyProfile, CompanyProfileForm, CompanySize, PartnershipType, Region, RevenueRange,
    WorkKind,
};
use domain::{Access, ApiError, Area, CountryCode, Field};
use leptos::prelude::*;

use crate::components::conflict::{reapply, ConflictNotice, Difference};
use crate::components::field::{FieldErrors, SubmitButton};
use crate::components::shell::{use_unsaved_guard, RequireArea};
use crate::components::{format_time, ErrorBanner, Loading, ReadOnlyNote};
use crate::i18n::{error_text, profile_choice, tr, use_i18n, use_page_title, Msg};
use crate::session::use_session;

#[component]
pub fn CompanyProfilePage() -> impl IntoView {
    use_page_title(Msg::CompanyProfileTitle);
    view! {
        <h1>{tr(Msg::CompanyProfileTitle)}</h1>
        <p class="lede">{tr(Msg::CompanyProfileIntro)}</p>
        <RequireArea area=Area::CompanyProfile>
            <ProfileLoader/>
        </RequireArea>
    }
}

#[component]
fn ProfileLoader() -> impl IntoView {
    let profile = LocalResource::new(api::get_company_profile);
    view! {
        <Suspense fallback=Loading>
            {move || profile.get().map(|result| match result {
                Ok(profile) => view! { <ProfileForm initial=profile/> }.into_any(),
                Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
            })}
        </Suspense>
    }
}

/// The form's fields, one signal each.
#[derive(Clone, Copy)]
struct Fields {
    partnership_types: RwSignal<Vec<String>>,
    customers: RwSignal<String>,
    revenue_range: RwSignal<String>,
    revenue_currency: RwSignal<String>,
    size: RwSignal<String>,
    work: RwSignal<Vec<String>>,
    countries: RwSignal<Vec<String>>,
    growth_regions: RwSignal<Vec<String>>,
}

impl Fields {
    fn new(form: &CompanyProfileForm) -> Self {
        Fields {
            partnership_types: RwSignal::new(form.partnership_types.clone()),
            customers: RwSignal::new(form.customers.clone()),
            revenue_range: RwSignal::new(form.revenue_range.clone()),
            revenue_currency: RwSignal::new(form.revenue_currency.clone()),
            size: RwSignal::new(form.size.clone()),
            work: RwSignal::new(form.work.clone()),
            countries: RwSignal::new(form.countries.clone()),
            growth_regions: RwSignal::new(form.growth_regions.clone()),
        }
    }

    fn set(&self, form: &CompanyProfileForm) {
        self.partnership_types.set(form.partnership_types.clone());
        self.customers.set(form.customers.clone());
        self.revenue_range.set(form.revenue_range.clone());
        self.revenue_currency.set(form.revenue_currency.clone());
        self.size.set(form.size.clone());
        self.work.set(form.work.clone());
        self.countries.set(form.countries.clone());
        self.growth_regions.set(form.growth_regions.clone());
    }

    /// The form as typed (tracks every field).
    fn form(&self) -> CompanyProfileForm {
        CompanyProfileForm {
            partnership_types: self.partnership_types.get(),
            customers: self.customers.get(),
            revenue_range: self.revenue_range.get(),
            revenue_currency: self.revenue_currency.get(),
            size: self.size.get(),
            work: self.work.get(),
            countries: self.countries.get(),
            growth_regions: self.growth_regions.get(),
        }
    }
}

/// Takes the user's changes (fields that differ from what they opened) on top of `theirs`.
fn merged(
    opened: &CompanyProfileForm,
    mine: &CompanyProfileForm,
    theirs: &CompanyProfileForm,
) -> CompanyProfileForm {
    CompanyProfileForm {
        partnership_types: reapply(
            &opened.partnership_types,
            &mine.partnership_types,
            &theirs.partnership_types,
        ),
        customers: reapply(&opened.customers, &mine.customers, &theirs.customers),
        revenue_range: reapply(
            &opened.revenue_range,
            &mine.revenue_range,
            &theirs.revenue_range,
        ),
        revenue_currency: reapply(
            &opened.revenue_currency,
            &mine.revenue_currency,
            &theirs.revenue_currency,
        ),
        size: reapply(&opened.size, &mine.size, &theirs.size),
        work: reapply(&opened.work, &mine.work, &theirs.work),
        countries: reapply(&opened.countries, &mine.countries, &theirs.countries),
        growth_regions: reapply(
            &opened.growth_regions,
            &mine.growth_regions,
            &theirs.growth_regions,
        ),
    }
}

#[component]
fn ProfileForm(initial: CompanyProfile) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::CompanyProfile, Access::Edit));
    let read_only = Signal::derive(move || !can_edit.get());
    let fields = Fields::new(&initial.form);
    let opened = RwSignal::new(initial.form.clone());
    let version = RwSignal::new(initial.version);
    let last_saved = RwSignal::new((initial.updated_by.clone(), initial.updated_at));
    let saved = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let server_errors = RwSignal::new(FieldErrors::new());
    let general_error = RwSignal::new(None::<ApiError>);
    let collision = RwSignal::new(None::<(String, i64, CompanyProfile)>);
    // Validation as the user types, once they have tried to save; server refusals beside it.
    let errors = Memo::new(move |_| {
        let mut shown = server_errors.get();
        if tried.get() {
            for problem in fields.form().problems() {
                if let Some(field) = problem.field() {
                    shown.entry(field).or_insert(problem);
                }
            }
        }
        shown
    });
    let dirty = Signal::derive(move || can_edit.get() && fields.form() != opened.get());
    use_unsaved_guard(dirty);

    let action = Action::new_local(|(form, version): &(CompanyProfileForm, i64)| {
        api::save_company_profile(form.clone(), *version)
    });
    let load = move |profile: &CompanyProfile| {
        fields.set(&profile.form);
        opened.set(profile.form.clone());
        version.set(profile.version);
        last_saved.set((profile.updated_by.clone(), profile.updated_at));
    };
    Effect::new(move |_| {
        let Some(result) = action.value().get() else {
            return;
        };
        match result {
            Ok(profile) => {
                load(&profile);
                saved.set(true);
                general_error.set(None);
                server_errors.set(FieldErrors::new());
            }
            Err(e) => match e.0 {
                ApiError::Conflict(ConflictKind::Stale { by, at, current }) => {
                    match serde_json::from_str::<CompanyProfile>(&current) {
                        Ok(theirs) => collision.set(Some((by, at, theirs))),
                        Err(_) => general_error.set(Some(ApiError::Internal)),
                    }
                }
                error => match error.field() {
                    Some(field) => server_errors.update(|s| {
                        s.insert(field, error);
                    }),
                    None => general_error.set(Some(error)),
                },
            },
        }
    });
    let save = move |form: CompanyProfileForm, at_version: i64| {
        saved.set(false);
        tried.set(true);
        server_errors.set(FieldErrors::new());
        if form.problems().is_empty() {
            action.dispatch((form, at_version));
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(fields.form(), version.get_untracked());
    };
    let reapply_mine = Callback::new(move |()| {
        if let Some((_, _, theirs)) = collision.get_untracked() {
            let mine = merged(&opened.get_untracked(), &fields.form(), &theirs.form);
            collision.set(None);
            load(&theirs);
            fields.set(&mine);
            save(mine, theirs.version);
        }
    });
    let use_theirs = Callback::new(move |()| {
        if let Some((_, _, theirs)) = collision.get_untracked() {
            collision.set(None);
            load(&theirs);
        }
    });
    let error_for = move |field: Field| {
        Signal::derive(move || {
            errors.with(|e| e.get(&field).map(|e| error_text(e, i18n.locale.get())))
        })
    };
    view! {
        <Show when=move || !can_edit.get()>
            <ReadOnlyNote area=Area::CompanyProfile/>
        </Show>
        {move || collision.get().map(|(by, at, theirs)| {
            let mine = fields.form();
            let list = |v: &[String]| v.iter().map(|c| profile_choice(c, i18n.locale.get_untracked()).to_owned()).collect::<Vec<_>>().join(", ");
            let rows = [
                (Msg::PartnershipTypes, list(&theirs.form.partnership_types), list(&mine.partnership_types)),
                (Msg::Customers, theirs.form.customers.clone(), mine.customers.clone()),
                (Msg::AnnualRevenue, profile_choice(&theirs.form.revenue_range, i18n.locale.get_untracked()).to_owned(), profile_choice(&mine.revenue_range, i18n.locale.get_untracked()).to_owned()),
                (Msg::RevenueCurrency, theirs.form.revenue_currency.clone(), mine.revenue_currency.clone()),
                (Msg::CompanySize, profile_choice(&theirs.form.size, i18n.locale.get_untracked()).to_owned(), profile_choice(&mine.size, i18n.locale.get_untracked()).to_owned()),
                (Msg::WorkKinds, list(&theirs.form.work), list(&mine.work)),
                (Msg::BusinessCountries, theirs.form.countries.join(", "), mine.countries.join(", ")),
                (Msg::GrowthRegions, list(&theirs.form.growth_regions), list(&mine.growth_regions)),
            ];
            let differences = rows
                .into_iter()
                .filter(|(_, t, y)| t != y)
                .map(|(m, theirs, yours)| Difference { label: i18n.t(m), theirs, yours })
                .collect();
            view! { <ConflictNotice by=by at=at differences=differences on_reapply=reapply_mine on_use_theirs=use_theirs/> }
        })}
        <form class="card" on:submit=on_submit novalidate>
            <ErrorBanner error=general_error/>
            <CheckboxGroup id="partnership-types" legend=Msg::PartnershipTypes
                options=PartnershipType::ALL.iter().map(|p| p.code()).collect()
                selected=fields.partnership_types disabled=read_only error=error_for(Field::PartnershipTypes)/>
            <div class="field">
                <label for="customers" class="field-label">{tr(Msg::Customers)}</label>
                <input id="customers" type="text" inputmode="numeric" bind:value=fields.customers disabled=read_only
                    aria-invalid=move || error_for(Field::Customers).get().is_some().then_some("true")
                    aria-describedby="customers-error"/>
                <p id="customers-error" class="field-error" aria-live="polite">{error_for(Field::Customers)}</p>
            </div>
            <div class="filters">
                <ChoiceSelect id="revenue-range" label=Msg::AnnualRevenue value=fields.revenue_range disabled=read_only
                    options=Signal::derive(move || RevenueRange::ALL.iter().map(|r| (r.code(), profile_choice(r.code(), i18n.locale.get()).to_owned())).collect())
                    error=error_for(Field::Revenue)/>
                <ChoiceSelect id="revenue-currency" label=Msg::RevenueCurrency value=fields.revenue_currency disabled=read_only
                    options=Signal::derive(move || currencies_by_name(i18n.locale.get()))
                    error=error_for(Field::Currency)/>
                <ChoiceSelect id="company-size" label=Msg::CompanySize value=fields.size disabled=read_only
                    options=Signal::derive(move || CompanySize::ALL.iter().map(|s| (s.code(), profile_choice(s.code(), i18n.locale.get()).to_owned())).collect())
                    error=error_for(Field::CompanySize)/>
            </div>
            <CheckboxGroup id="work" legend=Msg::WorkKinds
                options=WorkKind::ALL.iter().map(|w| w.code()).collect()
                selected=fields.work disabled=read_only error=error_for(Field::WorkKinds)/>
            <CountryList selected=fields.countries disabled=read_only error=error_for(Field::Countries)/>
            <CheckboxGroup id="growth-regions" legend=Msg::GrowthRegions
                options=Region::ALL.iter().map(|r| r.code()).collect()
                selected=fields.growth_regions disabled=read_only error=error_for(Field::Regions)/>
            <p class="loading" role="status">
                {move || saved.get().then(|| i18n.t(Msg::Saved))}" "
                {move || {
                    let (by, at) = last_saved.get();
                    (!by.is_empty()).then(|| format!("{} {by} · {}", i18n.t(Msg::LastSavedBy), format_time(at, i18n.locale.get())))
                }}
            </p>
            <Show when=move || can_edit.get()>
                <SubmitButton pending=action.pending() label=Msg::Save/>
            </Show>
        </form>
    }
}

/// Checkboxes for a multiple choice, worded by `profile_choice`.
#[component]
fn CheckboxGroup(
    id: &'static str,
    legend: Msg,
    options: Vec<&'static str>,
    selected: RwSignal<Vec<String>>,
    #[prop(into)] disabled: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
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
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    s.retain(|c| c != code);
                                    if on {
                                        s.push(code.to_owned());
                                    }
                                });
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

/// A single choice from a list of (code, words).
#[component]
fn ChoiceSelect(
    id: &'static str,
    label: Msg,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(&'static str, String)>>,
    #[prop(into)] disabled: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = error_id.clone();
    view! {
        <div class="field">
            <label for=id class="field-label">{tr(label)}</label>
            <select id=id disabled=disabled aria-describedby=described_by
                aria-invalid=move || error.get().is_some().then_some("true")
                on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
                <option value="">{tr(Msg::ChooseOne)}</option>
                {move || options.get().into_iter().map(|(code, words)| view! {
                    <option value=code selected=move || value.with(|v| v == code)>{words}</option>
                }).collect_view()}
            </select>
            <p id=error_id class="field-error" aria-live="polite">{error}</p>
        </div>
    }
}

/// The countries of business: a picker that adds one, and the chosen ones with a remove button.
#[component]
fn CountryList(
    selected: RwSignal<Vec<String>>,
    #[prop(into)] disabled: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
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
                                on:click=move |_| selected.update(|s| s.retain(|c| *c != remove))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label for="add-country" class="field-label">{tr(Msg::AddCountry)}</label>
            <select id="add-country" disabled=disabled prop:value=""
                on:change=move |ev| {
                    let code = event_target_value(&ev);
                    if !code.is_empty() {
                        selected.update(|s| if !s.contains(&code) { s.push(code) });
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
