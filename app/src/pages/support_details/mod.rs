//! Support details: the email, phone, website and hours the company's customers see. The phone
//! is typed nationally with a country picker and stored in E.164; the website must be https;
//! a free-mail address is allowed but flagged.

pub mod api;

use std::future::Future;

use domain::contacts::grouped_phone;
use domain::model::Versioned;
use domain::support::{calling_code, SupportDetailsForm};
use domain::{ApiError, Area, Field, Invalid, Locale};
use leptos::prelude::*;

use crate::api::Error;
use crate::components::field::{SelectField, TextField};
use crate::components::shell::RequireArea;
use crate::forms::{loaded, Editable, FormKit, KitForm};
use crate::i18n::{text, tr, use_i18n, use_page_title, Msg};
use crate::lens;
use crate::session::use_session;

impl Editable for SupportDetailsForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::SupportDetails;
    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        api::save_support_details(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        SupportDetailsForm::problems(self)
    }
    fn facts(&self, _: Locale) -> Vec<(Msg, String)> {
        vec![
            (Msg::Email, self.email.clone()),
            (Msg::PhoneCountry, self.phone_country.clone()),
            (Msg::Phone, grouped_phone(&self.phone)),
            (Msg::Website, self.website.clone()),
            (Msg::HoursEn, self.hours_en.clone()),
            (Msg::HoursFr, self.hours_fr.clone()),
        ]
    }
    fn shown_as_typed(self) -> Self {
        SupportDetailsForm {
            phone: grouped_phone(&self.phone),
            ..self
        }
    }
}

#[component]
pub fn SupportDetailsPage() -> impl IntoView {
    use_page_title(Msg::SupportDetailsTitle);
    view! {
        <h1>{tr(Msg::SupportDetailsTitle)}</h1>
        <p class="lede">{tr(Msg::SupportDetailsIntro)}</p>
        <RequireArea area=Area::SupportDetails>
            {loaded(api::get_support_details, |d| view! { <SupportEditor initial=d/> })}
        </RequireArea>
    }
}

#[component]
fn SupportEditor(mut initial: Versioned<SupportDetailsForm>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // A number not typed yet is national to the company's own country, until changed.
    if initial.form.phone_country.is_empty() {
        initial.form.phone_country = session.me.with_untracked(|m| {
            m.as_ref()
                .map(|m| m.account.country.clone())
                .unwrap_or_default()
        });
    }
    let kit = FormKit::<SupportDetailsForm>::open(initial);
    let read_only = kit.read_only();
    let email_warning = move || {
        kit.values()
            .with(|f| f.warnings())
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
        <KitForm kit=kit labelled_by="support-form-title">
            <h2 id="support-form-title">{tr(Msg::SupportContact)}</h2>
            <TextField id="support-email" label=text(Msg::Email) value=kit.bind(lens!(email)) kind="email" autocomplete="email"
                error=kit.error(Field::SupportEmail) disabled=read_only/>
            <p id="support-email-warning" class="field-warning" aria-live="polite">{email_warning}</p>
            <fieldset>
                <legend>{tr(Msg::Phone)}</legend>
                <SelectField id="support-phone-country" label=text(Msg::PhoneCountry)
                    value=kit.bind(lens!(phone_country)) options=Signal::derive(countries) disabled=read_only/>
                <TextField id="support-phone" label=text(Msg::PhoneNumber) value=kit.bind(lens!(phone)) kind="tel" autocomplete="tel-national"
                    hint=text(Msg::SupportPhoneHint) error=kit.error(Field::SupportPhone) disabled=read_only/>
            </fieldset>
            <TextField id="support-website" label=text(Msg::Website) value=kit.bind(lens!(website)) kind="url" autocomplete="url"
                hint=text(Msg::WebsiteHint) error=kit.error(Field::SupportWebsite) disabled=read_only/>
            <TextField id="support-hours-en" label=text(Msg::HoursEn) value=kit.bind(lens!(hours_en))
                hint=text(Msg::HoursHint) error=kit.error(Field::SupportHoursEn) disabled=read_only/>
            <TextField id="support-hours-fr" label=text(Msg::HoursFr) value=kit.bind(lens!(hours_fr))
                error=kit.error(Field::SupportHoursFr) disabled=read_only/>
        </KitForm>
    }
}
