//! My preferences, reached from the bell: the signed-in user's own contact details for
//! notifications (a new notification email is confirmed from a link before it is used), the
//! channel of each notification category, and the alternate email for overdue invoices and late
//! payments. Each section opens with Edit and saves on its own version (a section of the form
//! kit: conflict screen, unsaved-changes guard, errors beside the fields).

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
use crate::components::field::{Binding, SelectField, TextField};
use crate::components::shell::RequireArea;
use crate::components::{format_time, ErrorBanner};
use crate::forms::{section, Editable, FormKit, Section};
use crate::i18n::{text, tr, use_i18n, use_page_title, Msg};
use crate::lens;

#[component]
pub fn PreferencesPage() -> impl IntoView {
    use_page_title(Msg::MyPreferencesTitle);
    view! {
        <h1>{tr(Msg::MyPreferencesTitle)}</h1>
        <p class="lede">{tr(Msg::MyPreferencesIntro)}</p>
        <RequireArea area=Area::Notifications>
            {section::<ContactDetailsForm>()}
            {section::<ChannelsForm>()}
            {section::<AlternateEmailForm>()}
        </RequireArea>
    }
}

fn language_name(tag: &str) -> String {
    Locale::from_tag(tag)
        .map(|l| l.endonym().to_owned())
        .unwrap_or_default()
}

/// The languages a message can be written in, as select options.
fn languages() -> Vec<(&'static str, String)> {
    Locale::ALL
        .into_iter()
        .map(|l| (l.tag(), l.endonym().to_owned()))
        .collect()
}

impl Editable for ContactDetailsForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::Notifications;

    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        api::save_contact_details(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        ContactDetailsForm::problems(self)
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
}

impl Section for ContactDetailsForm {
    fn load() -> impl Future<Output = Result<Self::Record, Error>> {
        api::get_contact_details()
    }
    const TITLE: Msg = Msg::NotificationContactDetails;
    const ID: &'static str = "notification-contact";
    const ACTION: Msg = Msg::Edit;

    fn inputs(kit: FormKit<Self>) -> AnyView {
        view! {
            <TextField id="notification-email" label=text(Msg::NotificationEmail) value=kit.bind(lens!(notification_email))
                kind="email" autocomplete="email" hint=text(Msg::NotificationEmailHint) error=kit.error(Field::NotificationEmail)/>
            <TextField id="job-title" label=text(Msg::JobTitle) value=kit.bind(lens!(job_title)) autocomplete="organization-title"
                error=kit.error(Field::JobTitle)/>
            <SelectField id="email-language" label=text(Msg::EmailLanguage) value=kit.bind(lens!(email_language))
                options=Signal::derive(languages) error=kit.error(Field::EmailLanguage)/>
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

impl Editable for ChannelsForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::Notifications;

    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        api::save_channels(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        ChannelsForm::problems(self)
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
}

impl Section for ChannelsForm {
    fn load() -> impl Future<Output = Result<Self::Record, Error>> {
        api::get_channels()
    }
    const TITLE: Msg = Msg::NotificationCategories;
    const ID: &'static str = "notification-categories";
    const ACTION: Msg = Msg::Edit;

    fn inputs(kit: FormKit<Self>) -> AnyView {
        let i18n = use_i18n();
        let channels = Signal::derive(move || {
            Channel::ALL
                .into_iter()
                .map(|c| (c.code(), i18n.t(channel_name(c)).to_owned()))
                .collect::<Vec<_>>()
        });
        let rows = NotificationCategory::ALL
            .into_iter()
            .map(|category| {
                let channel = Binding::new(
                    Signal::derive(move || kit.values().with(|f| f.channel(category).code().to_owned())),
                    move |code| {
                        if let Some(channel) = Channel::from_code(&code) {
                            kit.update(|f| set_channel(f, category, channel));
                        }
                    },
                );
                view! {
                    <SelectField id=format!("channel-{}", category.code()) label=text(category_name(category))
                        value=channel options=channels/>
                }
            })
            .collect_view();
        view! {
            <fieldset>
                <legend>{tr(Msg::NotificationCategoriesLegend)}</legend>
                <p class="muted">{tr(Msg::NotificationCategoriesHint)}</p>
                {rows}
                <p class="field-error" aria-live="polite">{kit.error(Field::NotificationChannels)}</p>
            </fieldset>
        }
        .into_any()
    }
    fn never_set(_: &Versioned<Self>) -> bool {
        false
    }
}

/// Sets the channel of `category`, keeping the list in catalogue order.
fn set_channel(form: &mut ChannelsForm, category: NotificationCategory, channel: Channel) {
    match form.channels.iter_mut().find(|c| c.category == category) {
        Some(entry) => entry.channel = channel,
        None => {
            form.channels.push(CategoryChannel { category, channel });
            form.channels.sort_by_key(|c| {
                NotificationCategory::ALL
                    .iter()
                    .position(|k| *k == c.category)
            });
        }
    }
}

impl Editable for AlternateEmailForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::Notifications;

    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        api::save_alternate_email(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        AlternateEmailForm::problems(self)
    }
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)> {
        let value = match self.address() {
            Some(a) => a.to_owned(),
            None => Msg::NoAlternateEmail.text(locale).to_owned(),
        };
        vec![(Msg::AlternateEmail, value)]
    }
}

impl Section for AlternateEmailForm {
    fn load() -> impl Future<Output = Result<Self::Record, Error>> {
        api::get_alternate_email()
    }
    const TITLE: Msg = Msg::AlternateEmailTitle;
    const ID: &'static str = "alternate-email";
    const ACTION: Msg = Msg::Edit;

    fn inputs(kit: FormKit<Self>) -> AnyView {
        view! {
            <TextField id="alternate-email-input" label=text(Msg::AlternateEmail) value=kit.bind(lens!(alternate_email))
                kind="email" autocomplete="email" hint=text(Msg::AlternateEmailHint) error=kit.error(Field::AlternateEmail)/>
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
