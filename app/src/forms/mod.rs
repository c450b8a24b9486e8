//! The form kit: one way for every versioned record to be edited. A page says what its record
//! is ([`Editable`]: how it loads, saves, checks itself and reads when shown) and lays out its
//! inputs; the kit ([`FormKit`]) owns the values as typed, the errors beside each field (checked
//! as typed once the user tried to save), the unsaved-changes guard, the save and where its
//! answer goes, the "someone else saved first" screen with a field-by-field reapply, and the
//! "Saved" status. A form that is always open ([`KitForm`]) and a section opened by its Update
//! button (`pages::identifiers::section`) are two presentations of the same kit.

mod reapply;
mod section;

use std::future::Future;

use domain::address::AddressInput;
use domain::error::ConflictKind;
use domain::model::Versioned;
use domain::{Access, ApiError, Area, Field, Locale};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use reapply::reapply;
pub use section::{section, Section};

use crate::api::Error;
use crate::components::address::AddressBinding;
use crate::components::conflict::{ConflictNotice, Difference};
use crate::components::field::{focus_first_invalid, Binding, FieldErrors, SubmitButton};
use crate::components::shell::use_unsaved_guard;
use crate::components::{format_time, ErrorBanner, Loading};
use crate::i18n::{error_text, use_i18n, Msg};
use crate::session::use_session;

/// A record of the account that a form edits against its version.
pub trait Editable:
    Clone + PartialEq + Default + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// What loading and saving answer: the record with its version (`Versioned<Self>`), or that
    /// and what the page shows beside it (the tax profile's country and VAT verdict).
    type Record: Saved<Self>;
    /// The area whose Edit access lets a user change the record.
    const AREA: Area;
    /// Saves these values over `record` (its version; its id, for one of a list).
    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>>;
    /// What the local check finds: the same check the server runs (some depend on the record,
    /// as a tax ID on the company's country).
    fn problems(&self, record: &Self::Record) -> Vec<ApiError>;
    /// Labels and values: how the record reads when shown, and what the conflict screen
    /// compares.
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)>;
    /// The record as someone else saved it, read from a refusal's `current` (what loading
    /// answers, as JSON); `mine` is the record this form was opened on.
    fn theirs(current: &str, mine: &Self::Record) -> Option<Self::Record> {
        let _ = mine;
        serde_json::from_str(current).ok()
    }
    /// What the status says after a save ("Saved.", or what the answer adds to it: a VAT ID the
    /// registry does not confirm).
    fn saved_message(record: &Self::Record) -> Msg {
        let _ = record;
        Msg::Saved
    }
    /// What the conflict screen adds to "someone else saved first".
    const CONFLICT_NOTE: Option<Msg> = None;
    /// What the values keep once a save is refused (a password is typed again each time).
    fn refused(&mut self) {}
    /// The saved values as the form shows them: a stored phone number in groups, as people
    /// write it.
    fn shown_as_typed(self) -> Self {
        self
    }
}

/// An answer that carries a versioned record.
pub trait Saved<T>: Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    fn form(&self) -> &T;
    /// 0 if never saved.
    fn version(&self) -> i64;
    /// Who saved last (email) and when (Unix seconds); empty and 0 if never saved.
    fn saved_by(&self) -> (&str, i64);
}

impl<T> Saved<T> for Versioned<T>
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    fn form(&self) -> &T {
        &self.form
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn saved_by(&self) -> (&str, i64) {
        (&self.updated_by, self.updated_at)
    }
}

/// One part of a record that an input edits (a field, or a field of a nested value).
pub struct Lens<T, V = String> {
    pub get: fn(&T) -> &V,
    pub get_mut: fn(&mut T) -> &mut V,
}

impl<T, V> Clone for Lens<T, V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T, V> Copy for Lens<T, V> {}

/// The [`Lens`] of a field path: `lens!(email)`, `lens!(address.city)`.
#[macro_export]
macro_rules! lens {
    ($($part:ident).+) => {
        $crate::forms::Lens { get: |r| &r.$($part).+, get_mut: |r| &mut r.$($part).+ }
    };
}

/// Who saved first, when, and the record as it now is.
type Collision<T> = (String, i64, <T as Editable>::Record);

/// The state of one form over a versioned record; `Copy`, so views and handlers share it.
pub struct FormKit<T: Editable> {
    /// The record as last loaded or saved.
    record: RwSignal<T::Record>,
    /// The values as typed.
    values: RwSignal<T>,
    /// The values the user started from, to tell their changes from someone else's.
    opened: RwSignal<T>,
    /// Refusals the server gave for a field; cleared as soon as the user types.
    refused: RwSignal<FieldErrors>,
    /// The values the refusals are about.
    refused_for: StoredValue<Option<T>>,
    tried: RwSignal<bool>,
    /// The errors shown beside the fields.
    shown: Memo<FieldErrors>,
    failure: RwSignal<Option<ApiError>>,
    saved: RwSignal<bool>,
    editing: RwSignal<bool>,
    collision: RwSignal<Option<Collision<T>>>,
    action: Action<(T, T::Record), Result<T::Record, Error>>,
    can_edit: Memo<bool>,
    on_saved: StoredValue<Option<Callback<T::Record>>>,
    /// What Save does, when the page puts a step before sending (an address's standard form).
    on_submit: StoredValue<Option<Callback<()>>>,
    /// An always-open form stays open after a save; a section closes.
    stays_open: bool,
}

impl<T: Editable> Clone for FormKit<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Editable> Copy for FormKit<T> {}

impl<T: Editable> FormKit<T> {
    /// A form that is open from the start (an always-open page form).
    pub fn open(initial: T::Record) -> Self {
        Self::new(initial, true)
    }

    /// A form that shows the record until [`FormKit::start`] opens it (an Update section).
    pub fn closed(initial: T::Record) -> Self {
        Self::new(initial, false)
    }

    fn new(initial: T::Record, stays_open: bool) -> Self {
        let session = use_session();
        let form = initial.form().clone().shown_as_typed();
        let values = RwSignal::new(form.clone());
        let refused = RwSignal::new(FieldErrors::new());
        let record = RwSignal::new(initial.clone());
        let tried = RwSignal::new(false);
        let kit = FormKit {
            values,
            opened: RwSignal::new(form),
            record,
            refused,
            refused_for: StoredValue::new(None),
            tried,
            shown: Memo::new(move |_| {
                let mut shown = refused.get();
                if tried.get() {
                    let found = values.with(|v| record.with(|r| v.problems(r)));
                    for problem in found {
                        if let Some(field) = problem.field() {
                            shown.entry(field).or_insert(problem);
                        }
                    }
                }
                shown
            }),
            failure: RwSignal::new(None),
            saved: RwSignal::new(false),
            editing: RwSignal::new(stays_open),
            collision: RwSignal::new(None),
            action: Action::new_local(|(values, record): &(T, T::Record)| {
                values.clone().save(record.clone())
            }),
            can_edit: Memo::new(move |_| session.allows(T::AREA, Access::Edit)),
            on_saved: StoredValue::new(None),
            on_submit: StoredValue::new(None),
            stays_open,
        };
        // A server refusal is about the values it was given: typing moves on from it.
        Effect::new(move |_| {
            let moved_on = kit
                .values
                .with(|v| kit.refused_for.with_value(|at| at.as_ref() != Some(v)));
            if moved_on && kit.refused.with_untracked(|r| !r.is_empty()) {
                kit.refused.set(FieldErrors::new());
            }
        });
        Effect::new(move |_| {
            if let Some(result) = kit.action.value().get() {
                kit.answer(result);
            }
        });
        use_unsaved_guard(kit.dirty());
        kit
    }

    /// Runs `then` with the record each time a save succeeds.
    pub fn on_saved(self, then: impl Fn(T::Record) + Send + Sync + 'static) -> Self {
        self.on_saved.set_value(Some(Callback::new(then)));
        self
    }

    /// Lets `submit` decide what Save does (after [`FormKit::check`], it ends with
    /// [`FormKit::send`]); reapplying after a conflict goes the same way.
    pub fn on_submit(self, submit: impl Fn() + Send + Sync + 'static) -> Self {
        self.on_submit
            .set_value(Some(Callback::new(move |()| submit())));
        self
    }

    fn answer(self, result: Result<T::Record, Error>) {
        match result {
            Ok(record) => {
                self.failure.set(None);
                self.show(record.clone());
                self.saved.set(true);
                if !self.stays_open {
                    self.editing.set(false);
                }
                if let Some(then) = self.on_saved.get_value() {
                    then.run(record);
                }
            }
            Err(e) => {
                self.values.update(T::refused);
                self.refused_for
                    .set_value(Some(self.values.get_untracked()));
                match e.0 {
                    ApiError::Conflict(ConflictKind::Stale { by, at, current }) => {
                        let theirs = self.record.with_untracked(|mine| T::theirs(&current, mine));
                        match theirs {
                            Some(theirs) => self.collision.set(Some((by, at, theirs))),
                            None => self.failure.set(Some(ApiError::Internal)),
                        }
                    }
                    e => match e.field() {
                        Some(field) => self.refused.update(|r| {
                            r.insert(field, e);
                        }),
                        None => self.failure.set(Some(e)),
                    },
                }
            }
        }
    }

    /// Shows `record` as saved and puts it in the inputs.
    fn show(self, record: T::Record) {
        let form = record.form().clone().shown_as_typed();
        self.values.set(form.clone());
        self.opened.set(form);
        self.record.set(record);
    }

    /// Opens the form on the record as saved (the Update button).
    pub fn start(self) {
        self.show(self.record.get_untracked());
        self.refused.set(FieldErrors::new());
        self.tried.set(false);
        self.failure.set(None);
        self.saved.set(false);
        self.collision.set(None);
        self.editing.set(true);
    }

    /// Closes the form without saving (Cancel, in a section).
    pub fn cancel(self) {
        self.collision.set(None);
        self.editing.set(false);
    }

    /// What the Save button does: the page's step if it set one, else [`FormKit::save`].
    pub fn submit(self) {
        match self.on_submit.get_value() {
            Some(submit) => submit.run(()),
            None => self.save(),
        }
    }

    /// Saves the values as typed, if the local check finds no field in error.
    pub fn save(self) {
        if self.check() {
            self.send();
        }
    }

    /// Checks the values as typed and shows what is wrong beside each field, the first one
    /// getting the focus; answers whether the form may be sent. From now on errors follow
    /// the typing.
    pub fn check(self) -> bool {
        self.saved.set(false);
        self.tried.set(true);
        self.failure.set(None);
        let valid = self.values.with_untracked(|v| {
            self.record
                .with_untracked(|r| v.problems(r).iter().all(|p| p.field().is_none()))
        });
        if !valid {
            focus_first_invalid();
        }
        valid
    }

    /// Sends the values as typed, against the version they were opened at.
    pub fn send(self) {
        self.action
            .dispatch((self.values.get_untracked(), self.record.get_untracked()));
    }

    /// Takes a newer answer about the record that leaves its values as they were (a verdict
    /// checked again), keeping what the user is typing.
    pub fn refresh(self, record: T::Record) {
        self.failure.set(None);
        self.record.set(record);
    }

    /// Shows a failure that belongs to no field (from a step of the page's own).
    pub fn fail(self, error: ApiError) {
        self.failure.set(Some(error));
    }

    /// Takes the other person's save, with the fields this user changed put back on top of it,
    /// and saves that.
    fn reapply_mine(self) {
        let Some((_, _, theirs)) = self.collision.get_untracked() else {
            return;
        };
        let merged = reapply(
            &self.opened.get_untracked(),
            &self.values.get_untracked(),
            theirs.form(),
        );
        self.collision.set(None);
        self.show(theirs);
        self.values.set(merged);
        self.submit();
    }

    /// Drops this user's changes for the other person's save.
    fn use_theirs(self) {
        if let Some((_, _, theirs)) = self.collision.get_untracked() {
            self.collision.set(None);
            self.show(theirs);
            if !self.stays_open {
                self.editing.set(false);
            }
        }
    }

    /// The record as saved.
    pub fn record(self) -> Signal<T::Record> {
        self.record.into()
    }

    /// The values as typed.
    pub fn values(self) -> Signal<T> {
        self.values.into()
    }

    /// Changes the values as typed.
    pub fn update(self, change: impl FnOnce(&mut T)) {
        self.values.update(change);
    }

    /// The input binding of one text part of the record.
    pub fn bind(self, lens: Lens<T>) -> Binding {
        Binding::new(
            Signal::derive(move || self.values.with(|v| (lens.get)(v).clone())),
            move |text| self.values.update(|v| *(lens.get_mut)(v) = text),
        )
    }

    /// One part of the values as typed, and a way to change it (lists, choices).
    pub fn part<V>(self, lens: Lens<T, V>) -> (Signal<V>, Callback<V>)
    where
        V: Clone + Send + Sync + 'static,
    {
        (
            Signal::derive(move || self.values.with(|v| (lens.get)(v).clone())),
            Callback::new(move |value| self.values.update(|v| *(lens.get_mut)(v) = value)),
        )
    }

    /// The errors to show beside the fields: the server's refusals, and once the user tried to
    /// save, what the local check finds as they type.
    pub fn errors(self) -> Signal<FieldErrors> {
        self.shown.into()
    }

    /// The error to show beside `field`.
    pub fn error(self, field: Field) -> Signal<Option<String>> {
        let i18n = use_i18n();
        Signal::derive(move || {
            self.shown
                .with(|shown| shown.get(&field).map(|e| error_text(e, i18n.locale.get())))
        })
    }

    /// The input bindings of an address in the record.
    pub fn address(self, at: Lens<T, AddressInput>) -> AddressBinding {
        let part = move |field: Lens<AddressInput>| {
            Binding::new(
                Signal::derive(move || self.values.with(|v| (field.get)((at.get)(v)).clone())),
                move |text| {
                    self.values
                        .update(|v| *(field.get_mut)((at.get_mut)(v)) = text)
                },
            )
        };
        AddressBinding {
            country: part(lens!(country)),
            street: part(lens!(street)),
            city: part(lens!(city)),
            region: part(lens!(region)),
            postal_code: part(lens!(postal_code)),
        }
    }

    /// Whether the user may change the record.
    pub fn can_edit(self) -> Signal<bool> {
        self.can_edit.into()
    }

    /// Whether the inputs are shown read-only (a role that may only view).
    pub fn read_only(self) -> Signal<bool> {
        let can_edit = self.can_edit;
        Signal::derive(move || !can_edit.get())
    }

    /// Whether the form is open (always, for a page form; after Update, for a section).
    pub fn editing(self) -> Signal<bool> {
        self.editing.into()
    }

    /// Whether the form holds changes not saved yet.
    pub fn dirty(self) -> Signal<bool> {
        Signal::derive(move || {
            self.editing.get()
                && self.can_edit.get()
                && self.values.with(|v| self.opened.with(|o| v != o))
        })
    }

    /// Whether the save is under way.
    pub fn pending(self) -> Signal<bool> {
        self.action.pending().into()
    }

    /// A failure that belongs to no field.
    pub fn failure(self) -> Signal<Option<ApiError>> {
        self.failure.into()
    }

    /// Whether the last save succeeded and nothing was typed since the form was opened.
    pub fn saved(self) -> Signal<bool> {
        self.saved.into()
    }
}

/// Loads what `load` answers and shows it with `show`, "Loading…" meanwhile and the error if it
/// fails. `load` runs again when a signal it reads changes (a reload counter).
pub fn loaded<R, Fut, V>(
    load: impl Fn() -> Fut + 'static,
    show: impl Fn(R) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    R: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<R, Error>> + 'static,
    V: IntoView + 'static,
{
    loaded_from(LocalResource::new(load), show)
}

/// Shows what `resource` answers with `show`, "Loading…" meanwhile and the error if it failed:
/// for a page that also reads the resource elsewhere.
pub fn loaded_from<R, V>(
    resource: LocalResource<Result<R, Error>>,
    show: impl Fn(R) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    R: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=Loading>
            {move || resource.get().map(|result| match result {
                Ok(record) => show(record).into_any(),
                Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
            })}
        </Suspense>
    }
}

/// The "someone else saved first" screen of `kit`, while there is a collision.
#[component]
pub fn Conflict<T: Editable>(kit: FormKit<T>) -> impl IntoView {
    let i18n = use_i18n();
    let on_reapply = Callback::new(move |()| kit.reapply_mine());
    let on_use_theirs = Callback::new(move |()| kit.use_theirs());
    move || {
        kit.collision.get().map(|(by, at, theirs)| {
            let locale = i18n.locale.get();
            let mine = kit.values.with(|v| v.facts(locale));
            let differences = theirs
                .form()
                .facts(locale)
                .into_iter()
                .zip(mine)
                .filter(|((_, theirs), (_, yours))| theirs != yours)
                .map(|((label, theirs), (_, yours))| Difference {
                    label: i18n.t(label),
                    theirs,
                    yours,
                })
                .collect();
            view! { <ConflictNotice by=by at=at differences=differences on_reapply=on_reapply on_use_theirs=on_use_theirs note=T::CONFLICT_NOTE/> }
        })
    }
}

/// "Saved" after a save, and who saved last and when.
#[component]
pub fn SaveStatus<T: Editable>(kit: FormKit<T>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status">
            {move || kit.saved.get().then(|| i18n.t(kit.record.with(T::saved_message)))}" "
            {move || kit.record.with(|r| {
                let (by, at) = r.saved_by();
                (r.version() > 0 && !by.is_empty()).then(|| format!(
                    "{} {by} · {}",
                    i18n.t(Msg::LastSavedBy),
                    format_time(at, i18n.locale.get())
                ))
            })}
        </p>
    }
}

/// An always-open form over `kit`: who may change it when the user may only view, the conflict
/// screen, the failure banner, the page's inputs, the status and Save.
#[component]
pub fn KitForm<T: Editable>(
    kit: FormKit<T>,
    /// The id of the heading that names the form, if it has one.
    #[prop(optional, into)]
    labelled_by: Option<String>,
    /// Classes of the form element.
    #[prop(default = "card")]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <Conflict kit=kit/>
        <form class=class aria-labelledby=labelled_by novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                kit.submit();
            }>
            <ErrorBanner error=kit.failure/>
            {children()}
            <SaveStatus kit=kit/>
            <Show when=move || kit.can_edit.get()>
                <SubmitButton pending=kit.pending() label=Msg::Save/>
            </Show>
        </form>
    }
}
