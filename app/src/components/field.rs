//! A labelled form field with its hint and its error right beside it.

use std::collections::HashMap;

use domain::{ApiError, Field};
use leptos::prelude::*;

stylance::import_crate_style!(style, "src/components/field.module.css");

/// The text an input shows, and what typing does with it: a signal of the input's own, or one
/// part of a form's record (`FormKit::bind`).
#[derive(Clone, Copy)]
pub struct Binding {
    value: Signal<String>,
    set: Callback<String>,
}

impl Binding {
    pub fn new(value: Signal<String>, set: impl Fn(String) + Send + Sync + 'static) -> Self {
        Binding {
            value,
            set: Callback::new(set),
        }
    }
}

impl From<RwSignal<String>> for Binding {
    fn from(signal: RwSignal<String>) -> Self {
        Binding::new(signal.into(), move |text| signal.set(text))
    }
}

/// What an input's `aria-describedby` names: the hint of the field `id` while it has one, and
/// its error while it has one.
fn described_by(
    id: &str,
    has_hint: impl Fn() -> bool + Send + Sync + 'static,
    has_error: impl Fn() -> bool + Send + Sync + 'static,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    move || {
        let ids: Vec<&str> = [(has_hint(), &hint_id), (has_error(), &error_id)]
            .into_iter()
            .filter_map(|(shown, id)| shown.then_some(id.as_str()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A text input with a visible label, an optional hint and an error announced with the field.
#[component]
pub fn TextField(
    /// The element id (unique on the page: a per-row form gives each row's its own); the hint
    /// and error ids derive from it.
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: Signal<&'static str>,
    /// The field's value, two-way bound.
    #[prop(into)]
    value: Binding,
    /// The input type (`text`, `email`, `password`).
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser autofill hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The keyboard a phone shows (`numeric` for a number typed as text).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Help shown under the label.
    #[prop(optional, into)]
    hint: MaybeProp<&'static str>,
    /// The error to show beside the field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Read-only rendering (a role that may only view).
    #[prop(optional, into)]
    disabled: MaybeProp<bool>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = described_by(
        &id,
        move || hint.get().is_some(),
        move || error.with(Option::is_some),
    );
    view! {
        <div class=style::field>
            <label for=id.clone() class=style::label>{label}</label>
            {move || hint.get().map(|h| view! { <p id=hint_id.clone() class=style::hint>{h}</p> })}
            <input
                id=id.clone()
                name=id
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                class=style::input
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                disabled=move || disabled.get().unwrap_or(false)
                prop:value=move || value.value.get()
                on:input=move |ev| value.set.run(event_target_value(&ev))
            />
            <p id=error_id class=style::error aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// A multi-line text input with a visible label and its error beside it.
#[component]
pub fn TextAreaField(
    /// The element id (unique on the page); the error id derives from it.
    #[prop(into)]
    id: String,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] value: Binding,
    #[prop(optional, into)] error: MaybeProp<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = described_by(&id, || false, move || error.with(Option::is_some));
    view! {
        <div class=style::field>
            <label for=id.clone() class=style::label>{label}</label>
            <textarea
                id=id.clone()
                name=id
                rows="3"
                class=style::input
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                prop:value=move || value.value.get()
                on:input=move |ev| value.set.run(event_target_value(&ev))
            ></textarea>
            <p id=error_id class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// A select with a visible label and its error beside it.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] value: Binding,
    /// The options as (value, text).
    #[prop(into)]
    options: Signal<Vec<(&'static str, String)>>,
    /// The text of an empty first option, for a choice not made yet.
    #[prop(optional, into)]
    placeholder: MaybeProp<&'static str>,
    #[prop(optional, into)] error: MaybeProp<String>,
    /// Read-only rendering (a role that may only view).
    #[prop(optional, into)]
    disabled: MaybeProp<bool>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = described_by(&id, || false, move || error.with(Option::is_some));
    view! {
        <div class=style::field>
            <label for=id.clone() class=style::label>{label}</label>
            <select
                id=id.clone()
                name=id
                class=style::input
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                disabled=move || disabled.get().unwrap_or(false)
                on:change=move |ev| value.set.run(event_target_value(&ev))
                prop:value=move || value.value.get()
            >
                {move || placeholder.get().map(|p| view! { <option value="">{p}</option> })}
                {move || options.get().into_iter().map(|(code, name)| view! {
                    <option value=code selected=move || value.value.with(|v| v == code)>{name}</option>
                }).collect_view()}
            </select>
            <p id=error_id class=style::error aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// A form's submit button: disabled and saying "Please wait…" while the request runs, so the
/// user sees progress and cannot send twice.
#[component]
pub fn SubmitButton(
    /// Whether the request is under way.
    #[prop(into)]
    pending: Signal<bool>,
    /// The button's text when idle.
    label: crate::i18n::Msg,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <button type="submit" class="button button-primary" disabled=pending aria-busy=move || pending.get().to_string()>
            {move || if pending.get() { i18n.t(crate::i18n::Msg::PleaseWait) } else { i18n.t(label) }}
        </button>
    }
}

/// Validation errors keyed by field, each shown beside its input.
pub type FieldErrors = HashMap<Field, ApiError>;

/// Records the local check's `found` problems in `errors` and, if there are any, moves the
/// keyboard focus to the first invalid field. Returns whether the form may be sent.
pub fn accept_or_show(errors: RwSignal<FieldErrors>, found: Vec<ApiError>) -> bool {
    let by_field: FieldErrors = found
        .into_iter()
        .filter_map(|e| e.field().map(|f| (f, e)))
        .collect();
    let valid = by_field.is_empty();
    errors.set(by_field);
    if !valid {
        focus_first_invalid();
    }
    valid
}

/// Re-checks the form as the user types, once they have tried to save (earlier, errors on
/// half-typed fields would only get in the way). Returns the "tried" flag: set it on submit.
pub fn check_as_typed(
    errors: RwSignal<FieldErrors>,
    check: impl Fn() -> Vec<ApiError> + Send + Sync + 'static,
) -> RwSignal<bool> {
    let tried = RwSignal::new(false);
    Effect::new(move |_| {
        let found = check();
        if tried.get() {
            errors.set(
                found
                    .into_iter()
                    .filter_map(|e| e.field().map(|f| (f, e)))
                    .collect(),
            );
        }
    });
    tried
}

/// Moves the keyboard focus to the first field marked invalid, once it is rendered.
pub(crate) fn focus_first_invalid() {
    request_animation_frame(|| {
        let first = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[aria-invalid='true']").ok().flatten());
        if let Some(element) = first {
            use wasm_bindgen::JsCast;
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}
