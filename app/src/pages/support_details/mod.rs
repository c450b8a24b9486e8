//! Support details: the email, phone, website and hours the company's customers see. The phone
//! is typed nationally with a country picker and stored in E.164; the website must be https;
//! a free-mail address is allowed but flagged.

pub mod api;

use domain::support::{calling_code, SupportDetails, SupportDetailsForm};
use domain::{Access, ApiError, Area, Field, Invalid};
use leptos::prelude::*;

use crate::components::conflict::{reapply, route_save, ConflictNotice, Difference};
use crate::components::field::{
    accept_or_show, check_as_typed, FieldErrors, SubmitButton, TextField,
};
use crate::components::shell::{use_unsaved_guard, RequireArea};
use crate::components::{ErrorBanner, Loading, ReadOnlyNote};
use crate::i18n::{error_text, text, tr, use_i18n, use_page_title, Msg};
use crate::session::use_session;

#[component]
pub fn SupportDetailsPage() -> impl IntoView {
    use_page_title(Msg::SupportDetailsTitle);
    let details = LocalResource::new(api::get_support_details);
    view! {
        <h1>{tr(Msg::SupportDetailsTitle)}</h1>
        <p class="lede">{tr(Msg::SupportDetailsIntro)}</p>
        <RequireArea area=Area::SupportDetails>
            <Suspense fallback=Loading>
                {move || details.get().map(|result| match result {
                    Ok(d) => view! { <SupportEditor initial=d/> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                })}
            </Suspense>
        </RequireArea>
    }
}

#[derive(Clone, Copy)]
struct Fields {
    email: RwSignal<String>,
    phone_country: RwSignal<String>,
    phone: RwSignal<String>,
    website: RwSignal<String>,
    hours_en: RwSignal<String>,
    hours_fr: RwSignal<String>,
}

impl Fields {
    fn new(f: &SupportDetailsForm, default_country: String) -> Self {
        let country = if f.phone_country.is_empty() {
            default_country
        } else {
            f.phone_country.clone()
        };
        Fields {
            email: RwSignal::new(f.email.clone()),
            phone_country: RwSignal::new(country),
            phone: RwSignal::new(f.phone.clone()),
            website: RwSignal::new(f.website.clone()),
            hours_en: RwSignal::new(f.hours_en.clone()),
            hours_fr: RwSignal::new(f.hours_fr.clone()),
        }
    }
    fn set(&self, f: &SupportDetailsForm) {
        self.email.set(f.email.clone());
        if !f.phone_country.is_empty() {
            self.phone_country.set(f.phone_country.clone());
        }
        self.phone.set(f.phone.clone());
        self.website.set(f.website.clone());
        self.hours_en.set(f.hours_en.clone());
        self.hours_fr.set(f.hours_fr.clone());
    }
    fn form(&self) -> SupportDetailsForm {
        SupportDetailsForm {
            email: self.email.get(),
            phone_country: self.phone_country.get(),
            phone: self.phone.get(),
            website: self.website.get(),
            hours_en: self.hours_en.get(),
            hours_fr: self.hours_fr.get(),
        }
    }
}

#[component]
fn SupportEditor(initial: SupportDetails) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::SupportDetails, Access::Edit));
    let read_only = Signal::derive(move || !can_edit.get());
    let account_country = session.me.with_untracked(|m| {
        m.as_ref()
            .map(|m| m.account.country.clone())
            .unwrap_or_default()
    });
    let fields = Fields::new(&initial.form, account_country);
    let opened = RwSignal::new(fields.form());
    let version = RwSignal::new(initial.version);
    let problems = RwSignal::new(FieldErrors::new());
    let tried = check_as_typed(problems, move || fields.form().problems());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let collision = RwSignal::new(None::<(String, i64, SupportDetails)>);
    let dirty = Signal::derive(move || can_edit.get() && fields.form() != opened.get());
    use_unsaved_guard(dirty);

    let action = Action::new_local(|(form, version): &(SupportDetailsForm, i64)| {
        api::save_support_details(form.clone(), *version)
    });
    let load = move |d: &SupportDetails| {
        fields.set(&d.form);
        opened.set(fields.form());
        version.set(d.version);
    };
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            let on_saved = |d: SupportDetails| {
                load(&d);
                saved.set(true);
            };
            route_save(result, on_saved, collision, problems, failure);
        }
    });
    let save = move |f: SupportDetailsForm, at: i64| {
        saved.set(false);
        tried.set(true);
        if accept_or_show(problems, f.problems()) {
            action.dispatch((f, at));
        }
    };
    let reapply_mine = Callback::new(move |()| {
        if let Some((_, _, theirs)) = collision.get_untracked() {
            let (was, mine, t) = (opened.get_untracked(), fields.form(), theirs.form.clone());
            let merged = SupportDetailsForm {
                email: reapply(&was.email, &mine.email, &t.email),
                phone_country: reapply(&was.phone_country, &mine.phone_country, &t.phone_country),
                phone: reapply(&was.phone, &mine.phone, &t.phone),
                website: reapply(&was.website, &mine.website, &t.website),
                hours_en: reapply(&was.hours_en, &mine.hours_en, &t.hours_en),
                hours_fr: reapply(&was.hours_fr, &mine.hours_fr, &t.hours_fr),
            };
            collision.set(None);
            load(&theirs);
            fields.set(&merged);
            save(merged, theirs.version);
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
            problems.with(|p| p.get(&field).map(|e| error_text(e, i18n.locale.get())))
        })
    };
    // A free-mail support address may be saved, but customers should see the company's domain.
    let email_warning = move || {
        fields
            .form()
            .warnings()
            .first()
            .and_then(|w| match w {
                ApiError::Validation {
                    reason: Invalid::FreeMailProvider { domain },
                    ..
                } => Some(match i18n.locale.get() {
                    domain::Locale::En => format!("{domain} is a free-mail provider: customers trust an address at your company's domain more. You can still save it."),
                    domain::Locale::Fr => format!("{domain} est une messagerie gratuite : les clients font davantage confiance à une adresse au domaine de votre entreprise. Vous pouvez tout de même l'enregistrer."),
                }),
                _ => None,
            })
    };
    let countries = move || {
        domain::country::countries_by_name(i18n.locale.get())
            .into_iter()
            .filter_map(|(code, name)| {
                calling_code(code).map(|cc| (code, format!("{name} (+{cc})")))
            })
            .collect::<Vec<_>>()
    };
    view! {
        <Show when=move || !can_edit.get()>
            <ReadOnlyNote area=Area::SupportDetails/>
        </Show>
        {move || collision.get().map(|(by, at, theirs)| {
            let (t, y) = (theirs.form.clone(), fields.form());
            let differences = [
                (Msg::Email, t.email.clone(), y.email.clone()),
                (Msg::Phone, t.phone.clone(), y.phone.clone()),
                (Msg::Website, t.website.clone(), y.website.clone()),
                (Msg::HoursEn, t.hours_en.clone(), y.hours_en.clone()),
                (Msg::HoursFr, t.hours_fr.clone(), y.hours_fr.clone()),
            ]
            .into_iter()
            .filter(|(_, t, y)| t != y)
            .map(|(m, theirs, yours)| Difference { label: i18n.t(m), theirs, yours })
            .collect();
            view! { <ConflictNotice by=by at=at differences=differences on_reapply=reapply_mine on_use_theirs=use_theirs/> }
        })}
        <form class="card" aria-labelledby="support-form-title" novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save(fields.form(), version.get_untracked()); }>
            <h2 id="support-form-title">{tr(Msg::SupportContact)}</h2>
            <ErrorBanner error=failure/>
            <TextField id="support-email" label=text(Msg::Email) value=fields.email kind="email" autocomplete="email"
                error=error_for(Field::SupportEmail) disabled=read_only/>
            <p id="support-email-warning" class="field-warning" aria-live="polite">{email_warning}</p>
            <fieldset>
                <legend>{tr(Msg::Phone)}</legend>
                <div class="field">
                    <label for="support-phone-country" class="field-label">{tr(Msg::PhoneCountry)}</label>
                    <select id="support-phone-country" disabled=read_only
                        on:change=move |ev| fields.phone_country.set(event_target_value(&ev))
                        prop:value=move || fields.phone_country.get()>
                        {move || countries().into_iter().map(|(code, name)| view! {
                            <option value=code selected=move || fields.phone_country.with(|c| c == code)>{name}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField id="support-phone" label=text(Msg::PhoneNumber) value=fields.phone kind="tel" autocomplete="tel-national"
                    hint=text(Msg::SupportPhoneHint) error=error_for(Field::SupportPhone) disabled=read_only/>
            </fieldset>
            <TextField id="support-website" label=text(Msg::Website) value=fields.website kind="url" autocomplete="url"
                hint=text(Msg::WebsiteHint) error=error_for(Field::SupportWebsite) disabled=read_only/>
            <TextField id="support-hours-en" label=text(Msg::HoursEn) value=fields.hours_en
                hint=text(Msg::HoursHint) error=error_for(Field::SupportHoursEn) disabled=read_only/>
            <TextField id="support-hours-fr" label=text(Msg::HoursFr) value=fields.hours_fr
                error=error_for(Field::SupportHoursFr) disabled=read_only/>
            <p class="loading" role="status">{move || saved.get().then(|| i18n.t(Msg::Saved))}</p>
            <Show when=move || can_edit.get()>
                <SubmitButton pending=action.pending() label=Msg::Save/>
            </Show>
        </form>
    }
}
