//! The information around the identifiers (publisher display name, seller contact, company
//! approver): each shown in its section and changed through its own Update action, by the
//! roles the catalogue lets edit its area. One editor serves all three.

use std::future::Future;

use domain::model::Versioned;
use domain::publishing::{ApproverForm, PublisherNameForm, SellerContactForm};
use domain::{Access, ApiError, Area, CountryCode, Field, Locale};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::Error;
use crate::components::address::{AddressFields, AddressIds, AddressSignals};
use crate::components::conflict::{reapply, route_save, Collision, ConflictNotice, Difference};
use crate::components::field::{
    accept_or_show, check_as_typed, FieldErrors, SubmitButton, TextField,
};
use crate::components::shell::use_unsaved_guard;
use crate::components::{format_time, ErrorBanner, Loading};
use crate::i18n::{error_text, text, tr, use_i18n, Msg};
use crate::session::use_session;

use super::api;

/// The error text beside `field`, from the problems found.
fn error_for(problems: RwSignal<FieldErrors>, field: Field) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        problems.with(|p| p.get(&field).map(|e| error_text(e, i18n.locale.get())))
    })
}

/// A record the Update action edits: how it loads and saves, how its fields bind to signals,
/// and how it reads when shown.
pub trait Updatable:
    Clone + PartialEq + Default + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// One signal per input.
    type Signals: Copy + Send + Sync + 'static;
    const AREA: Area;
    const TITLE: Msg;
    /// The id prefix of its inputs and headings (unique on the page).
    const ID: &'static str;

    fn load() -> impl Future<Output = Result<Versioned<Self>, Error>>;
    fn save(form: Self, version: i64) -> impl Future<Output = Result<Versioned<Self>, Error>>;
    fn problems(&self) -> Vec<ApiError>;
    fn signals(&self) -> Self::Signals;
    fn read(signals: &Self::Signals) -> Self;
    /// Puts `self` in the inputs (the signals live as long as the editor).
    fn write(&self, signals: &Self::Signals);
    /// Labels and values, to show the record and to compare two versions of it.
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)>;
    fn inputs(signals: Self::Signals, problems: RwSignal<FieldErrors>) -> AnyView;
    /// The button that opens the form (My preferences says Edit).
    const ACTION: Msg = Msg::Update;
    /// What the section shows under the values while not editing, from the record as saved
    /// (a change waiting for confirmation, a warning). Nothing by default.
    fn aside(_current: Signal<Versioned<Self>>) -> AnyView {
        ().into_any()
    }
    /// Whether the record was never saved and the section says "Not set yet" rather than
    /// showing its values (My preferences shows its defaults instead).
    fn never_set(record: &Versioned<Self>) -> bool {
        record.version == 0
    }
}

/// The section of `T`, if the user may see its area: the values, and Update for editors.
pub fn update_section<T: Updatable>() -> impl IntoView {
    let session = use_session();
    let may_view = move || session.allows(T::AREA, Access::View);
    view! {
        <Show when=may_view>
            {section_of::<T>()}
        </Show>
    }
}

fn section_of<T: Updatable>() -> impl IntoView {
    let record = LocalResource::new(T::load);
    let title_id = format!("{}-title", T::ID);
    view! {
        <section class="card update-section" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{tr(T::TITLE)}</h2>
            <Suspense fallback=Loading>
                {move || record.get().map(|result| match result {
                    Ok(r) => editor::<T>(r).into_any(),
                    Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

fn editor<T: Updatable>(initial: Versioned<T>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(T::AREA, Access::Edit));
    let current = RwSignal::new(initial);
    let editing = RwSignal::new(false);
    let signals = current.get_untracked().form.signals();
    let form = move || T::read(&signals);
    let opened = RwSignal::new(current.get_untracked().form);
    let problems = RwSignal::new(FieldErrors::new());
    let tried = check_as_typed(problems, move || form().problems());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let collision = RwSignal::new(None::<Collision<Versioned<T>>>);
    let dirty = Signal::derive(move || editing.get() && form() != opened.get());
    use_unsaved_guard(dirty);

    let action = Action::new_local(|(f, version): &(T, i64)| T::save(f.clone(), *version));
    let open = move |record: &Versioned<T>| {
        record.form.write(&signals);
        opened.set(record.form.clone());
    };
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            let on_saved = |r: Versioned<T>| {
                current.set(r);
                editing.set(false);
                saved.set(true);
            };
            route_save(result, on_saved, collision, problems, failure);
        }
    });
    let save = move |f: T, version: i64| {
        saved.set(false);
        tried.set(true);
        if accept_or_show(problems, f.problems()) {
            action.dispatch((f, version));
        }
    };
    let start = move |_| {
        open(&current.get_untracked());
        problems.set(FieldErrors::new());
        tried.set(false);
        failure.set(None);
        saved.set(false);
        editing.set(true);
    };
    // Keeps the user's changes when the other person left that record as it was opened.
    let reapply_mine = Callback::new(move |()| {
        if let Some((_, _, theirs)) = collision.get_untracked() {
            let merged = reapply(&opened.get_untracked(), &form(), &theirs.form);
            collision.set(None);
            current.set(theirs.clone());
            opened.set(theirs.form.clone());
            save(merged, theirs.version);
        }
    });
    let use_theirs = Callback::new(move |()| {
        if let Some((_, _, theirs)) = collision.get_untracked() {
            collision.set(None);
            current.set(theirs.clone());
            editing.set(false);
        }
    });
    let facts = move || {
        current.with(|r| {
            r.form
                .facts(i18n.locale.get())
                .into_iter()
                .map(|(label, value)| view! { <dt>{tr(label)}</dt><dd>{value}</dd> })
                .collect_view()
        })
    };
    let never_set = move || current.with(T::never_set);
    let last_change = move || {
        current.with(|r| {
            (r.version > 0).then(|| {
                format!(
                    "{} {}, {}",
                    i18n.t(Msg::LastChangedBy),
                    r.updated_by,
                    format_time(r.updated_at, i18n.locale.get())
                )
            })
        })
    };
    let form_title = format!("{}-form-title", T::ID);
    view! {
        <Show when=move || !editing.get()>
            {move || if never_set() {
                view! { <p class="muted">{tr(Msg::NotSetYet)}</p> }.into_any()
            } else {
                view! { <dl class="facts">{facts}</dl> }.into_any()
            }}
            <p class="muted">{last_change}</p>
            {T::aside(current.into())}
            <p role="status" class="loading">{move || saved.get().then(|| i18n.t(Msg::Saved))}</p>
            <Show when=move || can_edit.get()>
                <button type="button" class="button" aria-label=move || format!("{} {}", i18n.t(T::ACTION), i18n.t(T::TITLE))
                    on:click=start>{tr(T::ACTION)}</button>
            </Show>
        </Show>
        <Show when=move || editing.get()>
            {move || collision.get().map(|(by, at, theirs)| {
                let locale = i18n.locale.get();
                let (t, y) = (theirs.form.facts(locale), form().facts(locale));
                let differences = t
                    .into_iter()
                    .zip(y)
                    .filter(|((_, a), (_, b))| a != b)
                    .map(|((label, theirs), (_, yours))| Difference { label: i18n.t(label), theirs, yours })
                    .collect();
                view! { <ConflictNotice by=by at=at differences=differences on_reapply=reapply_mine on_use_theirs=use_theirs/> }
            })}
            <form novalidate aria-labelledby=form_title.clone()
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    save(form(), current.get_untracked().version);
                }>
                <h3 id=form_title.clone() class="visually-hidden">{move || format!("{} {}", i18n.t(T::ACTION), i18n.t(T::TITLE))}</h3>
                <ErrorBanner error=failure/>
                {T::inputs(signals, problems)}
                <div class="button-row">
                    <SubmitButton pending=action.pending() label=Msg::Save/>
                    <button type="button" class="button" on:click=move |_| editing.set(false)>{tr(Msg::Cancel)}</button>
                </div>
            </form>
        </Show>
    }
}

#[derive(Clone, Copy)]
pub struct NameSignals {
    display_name: RwSignal<String>,
}

impl Updatable for PublisherNameForm {
    type Signals = NameSignals;
    const AREA: Area = Area::PublisherName;
    const TITLE: Msg = Msg::PublisherDisplayName;
    const ID: &'static str = "publisher-name";

    fn load() -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::get_publisher_name()
    }
    fn save(form: Self, version: i64) -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::save_publisher_name(form, version)
    }
    fn problems(&self) -> Vec<ApiError> {
        self.check().err().unwrap_or_default()
    }
    fn signals(&self) -> NameSignals {
        NameSignals {
            display_name: RwSignal::new(self.display_name.clone()),
        }
    }
    fn read(s: &NameSignals) -> Self {
        PublisherNameForm {
            display_name: s.display_name.get(),
        }
    }
    fn write(&self, s: &NameSignals) {
        s.display_name.set(self.display_name.clone());
    }
    fn facts(&self, _: Locale) -> Vec<(Msg, String)> {
        vec![(Msg::PublisherDisplayName, self.display_name.clone())]
    }
    fn inputs(s: NameSignals, problems: RwSignal<FieldErrors>) -> AnyView {
        view! {
            <TextField id="publisher-display-name" label=text(Msg::PublisherDisplayName) value=s.display_name
                hint=text(Msg::PublisherDisplayNameHint) error=error_for(problems, Field::PublisherDisplayName)/>
        }
        .into_any()
    }
}

#[derive(Clone, Copy)]
pub struct PersonSignals {
    name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
}

impl PersonSignals {
    fn new(name: &str, email: &str, phone: &str) -> Self {
        PersonSignals {
            name: RwSignal::new(name.to_owned()),
            email: RwSignal::new(email.to_owned()),
            phone: RwSignal::new(phone.to_owned()),
        }
    }

    fn set(&self, name: &str, email: &str, phone: &str) {
        self.name.set(name.to_owned());
        self.email.set(email.to_owned());
        self.phone.set(phone.to_owned());
    }
}

/// Name, email and phone inputs of one person; `ids` and `fields` in that order.
fn person_inputs(
    s: PersonSignals,
    ids: [&'static str; 3],
    fields: [Field; 3],
    problems: RwSignal<FieldErrors>,
) -> impl IntoView {
    view! {
        <TextField id=ids[0] label=text(Msg::Name) value=s.name autocomplete="name" error=error_for(problems, fields[0])/>
        <TextField id=ids[1] label=text(Msg::Email) value=s.email kind="email" autocomplete="email" error=error_for(problems, fields[1])/>
        <TextField id=ids[2] label=text(Msg::Phone) value=s.phone kind="tel" autocomplete="tel"
            hint=text(Msg::PhoneHint) error=error_for(problems, fields[2])/>
    }
}

#[derive(Clone, Copy)]
pub struct SellerSignals {
    person: PersonSignals,
    address: AddressSignals,
}

impl Updatable for SellerContactForm {
    type Signals = SellerSignals;
    const AREA: Area = Area::SellerContact;
    const TITLE: Msg = Msg::SellerContact;
    const ID: &'static str = "seller-contact";

    fn load() -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::get_seller_contact()
    }
    fn save(form: Self, version: i64) -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::save_seller_contact(form, version)
    }
    fn problems(&self) -> Vec<ApiError> {
        self.check().err().unwrap_or_default()
    }
    fn signals(&self) -> SellerSignals {
        SellerSignals {
            person: PersonSignals::new(&self.name, &self.email, &self.phone),
            address: AddressSignals::new(&self.address),
        }
    }
    fn read(s: &SellerSignals) -> Self {
        SellerContactForm {
            name: s.person.name.get(),
            email: s.person.email.get(),
            phone: s.person.phone.get(),
            address: s.address.get(),
        }
    }
    fn write(&self, s: &SellerSignals) {
        s.person.set(&self.name, &self.email, &self.phone);
        s.address.set(&self.address);
    }
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)> {
        let a = &self.address;
        let country = CountryCode::parse(&a.country)
            .map(|c| c.name(locale).to_owned())
            .unwrap_or_default();
        let address = [
            a.street.as_str(),
            &format!("{} {}", a.postal_code, a.city),
            &a.region,
            &country,
        ]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
        vec![
            (Msg::Name, self.name.clone()),
            (Msg::Email, self.email.clone()),
            (Msg::Phone, self.phone.clone()),
            (Msg::Address, address),
        ]
    }
    fn inputs(s: SellerSignals, problems: RwSignal<FieldErrors>) -> AnyView {
        view! {
            {person_inputs(s.person, ["seller-name", "seller-email", "seller-phone"],
                [Field::SellerName, Field::SellerEmail, Field::SellerPhone], problems)}
            <fieldset>
                <legend>{tr(Msg::Address)}</legend>
                <AddressFields ids=AddressIds {
                    country: "seller-country", street: "seller-street", city: "seller-city",
                    region: "seller-region", postal_code: "seller-postal-code",
                } address=s.address problems=problems/>
            </fieldset>
        }
        .into_any()
    }
}

impl Updatable for ApproverForm {
    type Signals = PersonSignals;
    const AREA: Area = Area::CompanyApprover;
    const TITLE: Msg = Msg::CompanyApprover;
    const ID: &'static str = "company-approver";

    fn load() -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::get_company_approver()
    }
    fn save(form: Self, version: i64) -> impl Future<Output = Result<Versioned<Self>, Error>> {
        api::save_company_approver(form, version)
    }
    fn problems(&self) -> Vec<ApiError> {
        self.check().err().unwrap_or_default()
    }
    fn signals(&self) -> PersonSignals {
        PersonSignals::new(&self.name, &self.email, &self.phone)
    }
    fn read(s: &PersonSignals) -> Self {
        ApproverForm {
            name: s.name.get(),
            email: s.email.get(),
            phone: s.phone.get(),
        }
    }
    fn write(&self, s: &PersonSignals) {
        s.set(&self.name, &self.email, &self.phone);
    }
    fn facts(&self, _: Locale) -> Vec<(Msg, String)> {
        vec![
            (Msg::Name, self.name.clone()),
            (Msg::Email, self.email.clone()),
            (Msg::Phone, self.phone.clone()),
        ]
    }
    fn inputs(s: PersonSignals, problems: RwSignal<FieldErrors>) -> AnyView {
        person_inputs(
            s,
            ["approver-name", "approver-email", "approver-phone"],
            [
                Field::ApproverName,
                Field::ApproverEmail,
                Field::ApproverPhone,
            ],
            problems,
        )
        .into_any()
    }
}
