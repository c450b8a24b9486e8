//! My preferences, reached from the bell: the signed-in user's own contact details for
//! notifications (a new notification email is confirmed from a link before it is used), the
//! channel of each notification category, and the alternate email for overdue invoices and late
//! payments. Each section opens with Edit and saves on its own version (the shared Update
//! editor: conflict screen, unsaved-changes guard, errors beside the fields).

pub mod api;

use std::future::Future;

use domain::confirmations::{EmailPurpose, PendingEmail};
use domain::model::{NotificationCategory, Versioned};
use domain::preferences::{
    AlternateEmailForm, CategoryChannel, Channel, ChannelsForm, ContactDetailsForm,
};
use domain::{ApiError, Area, Field, Locale};
use leptos::prelude::*;

use crate::api::Error;
use crate::components::alternate_email_warning::AlternateEmailWarning;
use crate::components::field::{FieldErrors, TextField};
use crate::components::shell::RequireArea;
use crate::components::{format_time, ErrorBanner};
use crate::i18n::{error_text, text, tr, use_i18n, use_page_title, Msg};
use crate::pages::identifiers::update::{update_section, Updatable};

#[component]
pub fn PreferencesPage() -> impl IntoView {
    use_page_title(Msg::MyPreferencesTitle);
    view! {
        <h1>{tr(Msg::MyPreferencesTitle)}</h1>
        <p class="lede">{tr(Msg::MyPreferencesIntro)}</p>
        <RequireArea area=Area::Notifications>
            {update_section::<ContactDetailsForm>()}
            {update_section::<ChannelsForm>()}
            {update_section::<AlternateEmailForm>()}
        </RequireArea>
    }
}

/// The error text beside `field`, from the problems found.
fn error_for(problems: RwSignal<FieldErrors>, field: Field) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        problems.with(|p| p.get(&field).map(|e| error_text(e, i18n.locale.get())))
    })
}

fn language_name(tag: &str) -> String {
    Locale::from_tag(tag)
        .map(|l| l.endonym().to_owned())
        .unwrap_or_default()
}

#[derive(Clone, Copy)]
pub struct ContactSignals {
    email: RwSignal<String>,
    job_title: RwSignal<String>,
    language: RwSignal<String>,
}

impl Updatable for ContactDetailsForm {
    type Signals = ContactSignals;
    const AREA: Area = Area::Notifications;
    const TITLE: Msg = Msg::NotificationContactDetails;
    const ID: &'static str = "notification-contact";
    const ACTION: Msg = Msg::Edit;

    fn load() -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::get_contact_details()
    }
    fn save(form: Self, version: i64) -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::save_contact_details(form, version)
    }
    fn problems(&self) -> Vec<ApiError> {
        ContactDetailsForm::problems(self)
    }
    fn signals(&self) -> ContactSignals {
        ContactSignals {
            email: RwSignal::new(self.notification_email.clone()),
            job_title: RwSignal::new(self.job_title.clone()),
            language: RwSignal::new(self.email_language.clone()),
        }
    }
    fn read(s: &ContactSignals) -> Self {
        ContactDetailsForm {
            notification_email: s.email.get(),
            job_title: s.job_title.get(),
            email_language: s.language.get(),
        }
    }
    fn write(&self, s: &ContactSignals) {
        s.email.set(self.notification_email.clone());
        s.job_title.set(self.job_title.clone());
        s.language.set(self.email_language.clone());
    }
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)> {
        let title = if self.job_title.is_empty() {
            Msg::NoneGiven.text(locale).to_owned()
        } else {
            self.job_title.clone()
        };
        vec![
            (Msg::NotificationEmail, self.notification_email.clone()),
            (Msg::JobTitle, title),
            (Msg::EmailLanguage, language_name(&self.email_language)),
        ]
    }
    fn inputs(s: ContactSignals, problems: RwSignal<FieldErrors>) -> AnyView {
        view! {
            <TextField id="notification-email" label=text(Msg::NotificationEmail) value=s.email kind="email"
                autocomplete="email" hint=text(Msg::NotificationEmailHint) error=error_for(problems, Field::NotificationEmail)/>
            <TextField id="job-title" label=text(Msg::JobTitle) value=s.job_title autocomplete="organization-title"
                error=error_for(problems, Field::JobTitle)/>
            <div class="field">
                <label for="email-language" class="field-label">{tr(Msg::EmailLanguage)}</label>
                <select id="email-language" on:change=move |ev| s.language.set(event_target_value(&ev))
                    prop:value=move || s.language.get()>
                    {Locale::ALL.into_iter().map(|l| view! {
                        <option value=l.tag() selected=move || s.language.get() == l.tag()>{l.endonym()}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" aria-live="polite">{error_for(problems, Field::EmailLanguage)}</p>
            </div>
        }
        .into_any()
    }
    fn never_set(_: &Versioned<Self>) -> bool {
        false
    }
    fn aside(current: Signal<Versioned<Self>>) -> AnyView {
        let version = Signal::derive(move || current.with(|c| c.version));
        view! { <PersonalEmailPending purpose=EmailPurpose::NotificationEmail version=version/> }
            .into_any()
    }
}

/// The user's new address of `purpose` waiting for its link, with resend and cancel. Asks again
/// each time the section's record changes (a save may have opened a request).
#[component]
fn PersonalEmailPending(
    /// Which of the user's addresses (notification or alternate email).
    purpose: EmailPurpose,
    /// The version of the section it belongs to, as saved.
    version: Signal<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let pending = LocalResource::new(move || {
        version.track();
        reload.track();
        api::pending_personal_email(purpose)
    });
    let pending = Signal::derive(move || pending.get().and_then(Result::ok).flatten());
    let failure = RwSignal::new(None::<ApiError>);
    let resent = RwSignal::new(false);
    let resend = Action::new_local(move |(): &()| api::resend_personal_email(purpose));
    let cancel = Action::new_local(move |(): &()| api::cancel_personal_email(purpose));
    let title_id = format!("pending-{}-title", purpose.code());
    let note = match purpose {
        EmailPurpose::AlternateEmail => Msg::PendingAlternateEmailNote,
        _ => Msg::PendingNotificationEmailNote,
    };
    Effect::new(move |_| {
        if let Some(result) = resend.value().get() {
            resent.set(result.is_ok());
            failure.set(result.err().map(|e| e.0));
            reload.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(result) = cancel.value().get() {
            resent.set(false);
            failure.set(result.err().map(|e| e.0));
            reload.update(|n| *n += 1);
        }
    });
    let now = move || (js_sys::Date::now() / 1000.0) as i64;
    view! {
        <ErrorBanner error=failure/>
        <p class="loading" role="status">{move || resent.get().then(|| i18n.t(Msg::LinkResent))}</p>
        {move || pending.get().map(|p: PendingEmail| {
            let expired = p.expires_at <= now();
            view! {
                <section class="pending-email" aria-labelledby=title_id.clone()>
                    <h3 id=title_id.clone()><span class="tag">{tr(Msg::PendingConfirmation)}</span></h3>
                    <p><strong>{p.email.clone()}</strong></p>
                    <p>{tr(if expired { Msg::PendingEmailExpired } else { note })}</p>
                    <p class="muted">{move || format_time(p.requested_at, i18n.locale.get())}</p>
                    <div class="button-row">
                        <button type="button" class="button button-small" disabled=move || resend.pending().get()
                            on:click=move |_| { resend.dispatch(()); }>{tr(Msg::ResendLink)}</button>
                        <button type="button" class="button button-small" disabled=move || cancel.pending().get()
                            on:click=move |_| { cancel.dispatch(()); }>{tr(Msg::CancelChange)}</button>
                    </div>
                </section>
            }
        })}
    }
}

fn category_name(category: NotificationCategory) -> Msg {
    match category {
        NotificationCategory::Account => Msg::PrefCategoryAccount,
        NotificationCategory::Users => Msg::PrefCategoryUsers,
        NotificationCategory::Verification => Msg::PrefCategoryVerification,
        NotificationCategory::Billing => Msg::PrefCategoryBilling,
        NotificationCategory::Programs => Msg::PrefCategoryPrograms,
        NotificationCategory::Merges => Msg::PrefCategoryMerges,
    }
}

fn channel_name(channel: Channel) -> Msg {
    match channel {
        Channel::Both => Msg::ChannelBoth,
        Channel::Email => Msg::ChannelEmail,
        Channel::Bell => Msg::ChannelBell,
    }
}

const CATEGORIES: usize = NotificationCategory::ALL.len();

impl Updatable for ChannelsForm {
    /// One signal per category, in catalogue order.
    type Signals = [RwSignal<Channel>; CATEGORIES];
    const AREA: Area = Area::Notifications;
    const TITLE: Msg = Msg::NotificationCategories;
    const ID: &'static str = "notification-categories";
    const ACTION: Msg = Msg::Edit;

    fn load() -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::get_channels()
    }
    fn save(form: Self, version: i64) -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::save_channels(form, version)
    }
    fn problems(&self) -> Vec<ApiError> {
        ChannelsForm::problems(self)
    }
    fn signals(&self) -> Self::Signals {
        NotificationCategory::ALL.map(|c| RwSignal::new(self.channel(c)))
    }
    fn read(s: &Self::Signals) -> Self {
        ChannelsForm {
            channels: NotificationCategory::ALL
                .into_iter()
                .zip(s.iter())
                .map(|(category, channel)| CategoryChannel {
                    category,
                    channel: channel.get(),
                })
                .collect(),
        }
    }
    fn write(&self, s: &Self::Signals) {
        for (category, signal) in NotificationCategory::ALL.into_iter().zip(s.iter()) {
            signal.set(self.channel(category));
        }
    }
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)> {
        NotificationCategory::ALL
            .into_iter()
            .map(|c| {
                (
                    category_name(c),
                    channel_name(self.channel(c)).text(locale).to_owned(),
                )
            })
            .collect()
    }
    fn inputs(s: Self::Signals, problems: RwSignal<FieldErrors>) -> AnyView {
        let rows = NotificationCategory::ALL
            .into_iter()
            .zip(s)
            .map(|(category, signal)| {
                let id = format!("channel-{}", category.code());
                view! {
                    <div class="field">
                        <label for=id.clone() class="field-label">{tr(category_name(category))}</label>
                        <select id=id.clone()
                            on:change=move |ev| {
                                if let Some(c) = Channel::from_code(&event_target_value(&ev)) {
                                    signal.set(c);
                                }
                            }
                            prop:value=move || signal.get().code()>
                            {Channel::ALL.into_iter().map(|c| view! {
                                <option value=c.code() selected=move || signal.get() == c>{tr(channel_name(c))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset>
                <legend>{tr(Msg::NotificationCategoriesLegend)}</legend>
                <p class="muted">{tr(Msg::NotificationCategoriesHint)}</p>
                {rows}
                <p class="field-error" aria-live="polite">{error_for(problems, Field::NotificationChannels)}</p>
            </fieldset>
        }
        .into_any()
    }
    fn never_set(_: &Versioned<Self>) -> bool {
        false
    }
}

#[derive(Clone, Copy)]
pub struct AlternateSignals {
    email: RwSignal<String>,
}

impl Updatable for AlternateEmailForm {
    type Signals = AlternateSignals;
    const AREA: Area = Area::Notifications;
    const TITLE: Msg = Msg::AlternateEmailTitle;
    const ID: &'static str = "alternate-email";
    const ACTION: Msg = Msg::Edit;

    fn load() -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::get_alternate_email()
    }
    fn save(form: Self, version: i64) -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::save_alternate_email(form, version)
    }
    fn problems(&self) -> Vec<ApiError> {
        AlternateEmailForm::problems(self)
    }
    fn signals(&self) -> AlternateSignals {
        AlternateSignals {
            email: RwSignal::new(self.alternate_email.clone()),
        }
    }
    fn read(s: &AlternateSignals) -> Self {
        AlternateEmailForm {
            alternate_email: s.email.get(),
        }
    }
    fn write(&self, s: &AlternateSignals) {
        s.email.set(self.alternate_email.clone());
    }
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)> {
        let value = match self.address() {
            Some(a) => a.to_owned(),
            None => Msg::NoAlternateEmail.text(locale).to_owned(),
        };
        vec![(Msg::AlternateEmail, value)]
    }
    fn inputs(s: AlternateSignals, problems: RwSignal<FieldErrors>) -> AnyView {
        view! {
            <TextField id="alternate-email-input" label=text(Msg::AlternateEmail) value=s.email kind="email"
                autocomplete="email" hint=text(Msg::AlternateEmailHint) error=error_for(problems, Field::AlternateEmail)/>
        }
        .into_any()
    }
    fn never_set(_: &Versioned<Self>) -> bool {
        false
    }
    fn aside(current: Signal<Versioned<Self>>) -> AnyView {
        let has_alternate = Signal::derive(move || current.with(|c| c.form.address().is_some()));
        let version = Signal::derive(move || current.with(|c| c.version));
        view! {
            <PersonalEmailPending purpose=EmailPurpose::AlternateEmail version=version/>
            <AlternateEmailWarning has_alternate=has_alternate/>
        }
        .into_any()
    }
}
