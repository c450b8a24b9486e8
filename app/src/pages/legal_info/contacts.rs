//! The primary contact and primary legal contact, edited together as one versioned record.

use std::future::Future;

use domain::confirmations::PendingEmail;
use domain::contacts::{grouped_phone, Contact, ContactsForm};
use domain::model::Versioned;
use domain::{ApiError, Area, Field, Locale};
use leptos::prelude::*;

use super::api::{
    cancel_primary_email, get_contacts, pending_primary_email, resend_primary_email, save_contacts,
};
use crate::api::Error;
use crate::components::field::{SelectField, TextField};
use crate::components::{format_time, ErrorBanner};
use crate::forms::{loaded, Editable, FormKit, KitForm, Lens};
use crate::i18n::{text, tr, use_i18n, Msg};
use crate::lens;

impl Editable for ContactsForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::LegalInfo;
    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        save_contacts(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        ContactsForm::problems(self)
    }
    fn facts(&self, _: Locale) -> Vec<(Msg, String)> {
        let line = |c: &Contact| {
            let phone = grouped_phone(&c.phone);
            format!("{} <{}> {phone} ({})", c.name, c.email, c.language)
        };
        vec![
            (Msg::PrimaryContact, line(&self.primary)),
            (Msg::LegalContact, line(&self.legal)),
        ]
    }
    fn shown_as_typed(mut self) -> Self {
        for contact in [&mut self.primary, &mut self.legal] {
            contact.phone = grouped_phone(&contact.phone);
        }
        self
    }
}

#[component]
pub fn ContactsSection() -> impl IntoView {
    let pending_reload = RwSignal::new(0u32);
    let pending = LocalResource::new(move || {
        pending_reload.track();
        pending_primary_email()
    });
    let pending = Signal::derive(move || pending.get().and_then(Result::ok).flatten());
    let refresh_pending = Callback::new(move |()| pending_reload.update(|n| *n += 1));
    view! {
        <section class="card" aria-labelledby="contacts-title">
            <h2 id="contacts-title">{tr(Msg::ContactsTitle)}</h2>
            {loaded(get_contacts, move |mut initial| {
                // A language never chosen reads as English, the language the form shows first.
                for contact in [&mut initial.form.primary, &mut initial.form.legal] {
                    if contact.language.is_empty() {
                        contact.language = Locale::En.tag().to_owned();
                    }
                }
                view! { <ContactsEditor initial=initial pending=pending refresh_pending=refresh_pending/> }
            })}
        </section>
    }
}

/// The inputs of one contact, bound to its part of the record.
struct ContactInputs {
    legend: Msg,
    ids: [&'static str; 4],
    fields: [Field; 4],
    parts: [Lens<ContactsForm>; 4],
}

impl ContactInputs {
    fn view(self, kit: FormKit<ContactsForm>) -> impl IntoView {
        let read_only = kit.read_only();
        let [name, email, phone, language] = self.parts;
        let languages: Vec<_> = Locale::ALL
            .into_iter()
            .map(|l| (l.tag(), l.endonym().to_owned()))
            .collect();
        view! {
            <fieldset>
                <legend>{tr(self.legend)}</legend>
                <TextField id=self.ids[0] label=text(Msg::Name) value=kit.bind(name) autocomplete="name"
                    error=kit.error(self.fields[0]) disabled=read_only/>
                <TextField id=self.ids[1] label=text(Msg::Email) value=kit.bind(email) kind="email" autocomplete="email"
                    error=kit.error(self.fields[1]) disabled=read_only/>
                <TextField id=self.ids[2] label=text(Msg::Phone) value=kit.bind(phone) kind="tel" autocomplete="tel"
                    hint=text(Msg::PhoneHint) error=kit.error(self.fields[2]) disabled=read_only/>
                <SelectField id=self.ids[3] label=text(Msg::Language) value=kit.bind(language)
                    options=Signal::stored(languages) error=kit.error(self.fields[3]) disabled=read_only/>
            </fieldset>
        }
    }
}

#[component]
fn ContactsEditor(
    initial: Versioned<ContactsForm>,
    /// The primary contact email waiting for confirmation, if any.
    pending: Signal<Option<PendingEmail>>,
    refresh_pending: Callback<()>,
) -> impl IntoView {
    let kit = FormKit::<ContactsForm>::open(initial).on_saved(move |_| refresh_pending.run(()));
    // No address confirmed yet: show the one waiting, so saving other fields keeps asking for it.
    Effect::new(move |_| {
        if let Some(p) = pending.get() {
            if kit.values().with_untracked(|f| f.primary.email.is_empty()) {
                kit.update(|f| f.primary.email = p.email);
            }
        }
    });
    let primary = ContactInputs {
        legend: Msg::PrimaryContact,
        ids: [
            "primary-name",
            "primary-email",
            "primary-phone",
            "primary-language",
        ],
        fields: [
            Field::PrimaryName,
            Field::PrimaryEmail,
            Field::PrimaryPhone,
            Field::PrimaryLanguage,
        ],
        parts: [
            lens!(primary.name),
            lens!(primary.email),
            lens!(primary.phone),
            lens!(primary.language),
        ],
    };
    let legal = ContactInputs {
        legend: Msg::LegalContact,
        ids: ["legal-name", "legal-email", "legal-phone", "legal-language"],
        fields: [
            Field::LegalName,
            Field::LegalEmail,
            Field::LegalPhone,
            Field::LegalLanguage,
        ],
        parts: [
            lens!(legal.name),
            lens!(legal.email),
            lens!(legal.phone),
            lens!(legal.language),
        ],
    };
    view! {
        <KitForm kit=kit class="">
            {primary.view(kit)}
            <PendingEmailNotice pending=pending refresh=refresh_pending can_edit=kit.can_edit()/>
            {legal.view(kit)}
        </KitForm>
    }
}

/// The new primary contact email waiting for its confirmation link, with resend and cancel.
#[component]
fn PendingEmailNotice(
    pending: Signal<Option<PendingEmail>>,
    refresh: Callback<()>,
    can_edit: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let failure = RwSignal::new(None::<ApiError>);
    let resent = RwSignal::new(false);
    let resend = Action::new_local(|(): &()| resend_primary_email());
    let cancel = Action::new_local(|(): &()| cancel_primary_email());
    Effect::new(move |_| {
        if let Some(result) = resend.value().get() {
            resent.set(result.is_ok());
            failure.set(result.err().map(|e| e.0));
            refresh.run(());
        }
    });
    Effect::new(move |_| {
        if let Some(result) = cancel.value().get() {
            resent.set(false);
            failure.set(result.err().map(|e| e.0));
            refresh.run(());
        }
    });
    let now = move || (js_sys::Date::now() / 1000.0) as i64;
    view! {
        {move || pending.get().map(|p| {
            let expired = p.expires_at <= now();
            view! {
                <section class="pending-email" id="pending-email" aria-labelledby="pending-email-title">
                    <h3 id="pending-email-title"><span class="tag">{tr(Msg::PendingConfirmation)}</span></h3>
                    <p><strong>{p.email.clone()}</strong></p>
                    <p>{tr(if expired { Msg::PendingEmailExpired } else { Msg::PendingEmailNote })}</p>
                    <p class="muted">{move || format!("{} · {}", p.requested_by, format_time(p.requested_at, i18n.locale.get()))}</p>
                    <ErrorBanner error=failure/>
                    <p class="loading" role="status">{move || resent.get().then(|| i18n.t(Msg::LinkResent))}</p>
                    <Show when=move || can_edit.get()>
                        <div class="button-row">
                            <button type="button" class="button button-small" disabled=move || resend.pending().get()
                                on:click=move |_| { resend.dispatch(()); }>{tr(Msg::ResendLink)}</button>
                            <button type="button" class="button button-small" disabled=move || cancel.pending().get()
                                on:click=move |_| { cancel.dispatch(()); }>{tr(Msg::CancelChange)}</button>
                        </div>
                    </Show>
                </section>
            }
        })}
    }
}
