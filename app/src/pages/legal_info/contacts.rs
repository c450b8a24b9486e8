//! The primary contact and primary legal contact, edited together as one versioned record.

use domain::contacts::{Contact, Contacts, ContactsForm};
use domain::{Access, ApiError, Area, Field, Locale};
use leptos::prelude::*;

use domain::confirmations::PendingEmail;

use super::api::{
    cancel_primary_email, get_contacts, pending_primary_email, resend_primary_email, save_contacts,
};
use crate::components::conflict::{reapply, route_save, ConflictNotice, Difference};
use crate::components::field::{
    accept_or_show, check_as_typed, FieldErrors, SubmitButton, TextField,
};
use crate::components::{format_time, ErrorBanner, Loading};
use crate::i18n::{error_text, text, tr, use_i18n, Msg};
use crate::session::use_session;

#[component]
pub fn ContactsSection() -> impl IntoView {
    let contacts = LocalResource::new(get_contacts);
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
            <Suspense fallback=Loading>
                {move || contacts.get().map(|result| match result {
                    Ok(c) => view! { <ContactsEditor initial=c pending=pending refresh_pending=refresh_pending/> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[derive(Clone, Copy)]
struct ContactFields {
    name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    language: RwSignal<String>,
}

impl ContactFields {
    fn new(c: &Contact) -> Self {
        ContactFields {
            name: RwSignal::new(c.name.clone()),
            email: RwSignal::new(c.email.clone()),
            phone: RwSignal::new(c.phone.clone()),
            language: RwSignal::new(if c.language.is_empty() {
                "en".into()
            } else {
                c.language.clone()
            }),
        }
    }
    fn set(&self, c: &Contact) {
        self.name.set(c.name.clone());
        self.email.set(c.email.clone());
        self.phone.set(c.phone.clone());
        self.language.set(c.language.clone());
    }
    fn get(&self) -> Contact {
        Contact {
            name: self.name.get(),
            email: self.email.get(),
            phone: self.phone.get(),
            language: self.language.get(),
        }
    }
}

#[component]
fn ContactsEditor(
    initial: Contacts,
    /// The primary contact email waiting for confirmation, if any.
    pending: Signal<Option<PendingEmail>>,
    refresh_pending: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::LegalInfo, Access::Edit));
    let read_only = Signal::derive(move || !can_edit.get());
    let primary = ContactFields::new(&initial.form.primary);
    let legal = ContactFields::new(&initial.form.legal);
    let opened = RwSignal::new(initial.form.clone());
    let version = RwSignal::new(initial.version);
    let problems = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let collision = RwSignal::new(None::<(String, i64, Contacts)>);
    let form = move || ContactsForm {
        primary: primary.get(),
        legal: legal.get(),
    };
    let tried = check_as_typed(problems, move || form().problems());
    let action = Action::new_local(|(form, version): &(ContactsForm, i64)| {
        save_contacts(form.clone(), *version)
    });
    let load = move |c: &Contacts| {
        primary.set(&c.form.primary);
        legal.set(&c.form.legal);
        opened.set(c.form.clone());
        version.set(c.version);
    };
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            let on_saved = |c: Contacts| {
                load(&c);
                saved.set(true);
                refresh_pending.run(());
            };
            route_save(result, on_saved, collision, problems, failure);
        }
    });
    let save = move |f: ContactsForm, at: i64| {
        saved.set(false);
        tried.set(true);
        if accept_or_show(problems, f.problems()) {
            action.dispatch((f, at));
        }
    };
    let reapply_mine = Callback::new(move |()| {
        if let Some((_, _, theirs)) = collision.get_untracked() {
            let (was, mine) = (opened.get_untracked(), form());
            let merged = ContactsForm {
                primary: reapply(&was.primary, &mine.primary, &theirs.form.primary),
                legal: reapply(&was.legal, &mine.legal, &theirs.form.legal),
            };
            collision.set(None);
            load(&theirs);
            primary.set(&merged.primary);
            legal.set(&merged.legal);
            save(merged, theirs.version);
        }
    });
    let use_theirs = Callback::new(move |()| {
        if let Some((_, _, theirs)) = collision.get_untracked() {
            collision.set(None);
            load(&theirs);
        }
    });
    // No address confirmed yet: show the one waiting, so saving other fields keeps asking for it.
    Effect::new(move |_| {
        if let Some(p) = pending.get() {
            if primary.email.get_untracked().is_empty() {
                primary.email.set(p.email);
            }
        }
    });
    let error_for = move |field: Field| {
        Signal::derive(move || {
            problems.with(|p| p.get(&field).map(|e| error_text(e, i18n.locale.get())))
        })
    };
    let fieldset = move |legend: Msg,
                         ids: [&'static str; 4],
                         c: ContactFields,
                         fields: [Field; 4]| {
        view! {
            <fieldset>
                <legend>{tr(legend)}</legend>
                <TextField id=ids[0] label=text(Msg::Name) value=c.name autocomplete="name" error=error_for(fields[0]) disabled=read_only/>
                <TextField id=ids[1] label=text(Msg::Email) value=c.email kind="email" autocomplete="email" error=error_for(fields[1]) disabled=read_only/>
                <TextField id=ids[2] label=text(Msg::Phone) value=c.phone kind="tel" autocomplete="tel" hint=text(Msg::PhoneHint) error=error_for(fields[2]) disabled=read_only/>
                <div class="field">
                    <label for=ids[3] class="field-label">{tr(Msg::Language)}</label>
                    <select id=ids[3] disabled=read_only on:change=move |ev| c.language.set(event_target_value(&ev)) prop:value=move || c.language.get()>
                        {Locale::ALL.into_iter().map(|l| view! { <option value=l.tag() selected=move || c.language.get() == l.tag()>{l.endonym()}</option> }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">{error_for(fields[3])}</p>
                </div>
            </fieldset>
        }
    };
    view! {
        {move || collision.get().map(|(by, at, theirs)| {
            let line = |c: &Contact| format!("{} <{}> {}", c.name, c.email, c.phone);
            let mine = form();
            let differences = [
                (Msg::PrimaryContact, line(&theirs.form.primary), line(&mine.primary)),
                (Msg::LegalContact, line(&theirs.form.legal), line(&mine.legal)),
            ]
            .into_iter()
            .filter(|(_, t, y)| t != y)
            .map(|(m, theirs, yours)| Difference { label: i18n.t(m), theirs, yours })
            .collect();
            view! { <ConflictNotice by=by at=at differences=differences on_reapply=reapply_mine on_use_theirs=use_theirs/> }
        })}
        <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save(form(), version.get_untracked()); } novalidate>
            <ErrorBanner error=failure/>
            {fieldset(Msg::PrimaryContact, ["primary-name", "primary-email", "primary-phone", "primary-language"], primary, [Field::PrimaryName, Field::PrimaryEmail, Field::PrimaryPhone, Field::PrimaryLanguage])}
            <PendingEmailNotice pending=pending refresh=refresh_pending can_edit=can_edit.into()/>
            {fieldset(Msg::LegalContact, ["legal-name", "legal-email", "legal-phone", "legal-language"], legal, [Field::LegalName, Field::LegalEmail, Field::LegalPhone, Field::LegalLanguage])}
            <p class="loading" role="status">{move || saved.get().then(|| i18n.t(Msg::Saved))}</p>
            <Show when=move || can_edit.get()>
                <SubmitButton pending=action.pending() label=Msg::Save/>
            </Show>
        </form>
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
