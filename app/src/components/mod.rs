//! Components shared by the pages of the workspace.

pub mod address;
// My preferences.
pub mod alternate_email_warning;
pub mod bell;
pub mod conflict;
pub mod field;
pub mod file;
pub mod icons;
pub mod list;
pub mod popover;
pub mod shell;
pub mod user_menu;

use domain::ApiError;
use leptos::prelude::*;

use crate::i18n::{error_text, tr, use_i18n, Msg};

/// A message about a failed request, announced to screen readers.
#[component]
pub fn ErrorBanner(
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div role="alert" class="banner-slot">
            {move || error.get().map(|e| view! {
                <p class="banner banner-error">{error_text(&e, i18n.locale.get())}</p>
            })}
        </div>
    }
}

/// The token of a link mailed to the user, from its `#token=...` fragment (fragments never
/// reach server logs or referrers).
pub fn token_from_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .and_then(|hash| hash.strip_prefix("#token=").map(str::to_owned))
        .unwrap_or_default()
}

/// For a user who may only view `area`: says so and names the roles that may change it.
#[component]
pub fn ReadOnlyNote(area: domain::Area) -> impl IntoView {
    let editors = role_names(area.editors());
    view! { <p class="read-only-note" role="note">{tr(Msg::ReadOnlyNote)}" "<strong>{editors}</strong></p> }
}

/// What a page says to a user whose roles may not open it: which roles can.
#[component]
pub fn NoAccessNote(area: domain::Area) -> impl IntoView {
    let viewers = role_names(area.viewers());
    view! {
        <p class="banner banner-error" role="alert">
            {tr(Msg::ErrForbidden)}" "{tr(Msg::NoAccessNote)}" "<strong>{viewers}</strong>
        </p>
    }
}

/// The names of `roles`, in the user's language, as one line.
fn role_names(roles: Vec<domain::Role>) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || {
        roles
            .iter()
            .map(|r| crate::i18n::role_name(*r, i18n.locale.get()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Asks the browser's own confirmation dialog (keyboard and screen-reader friendly).
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

/// "Loading…", announced politely.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{tr(Msg::Loading)}</p> }
}

/// Formats a Unix time as a date and time in the user's language.
pub fn format_time(unix_secs: i64, locale: domain::Locale) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_secs as f64 * 1000.0));
    format_with(
        &date,
        locale,
        &[("dateStyle", "medium"), ("timeStyle", "short")],
    )
}

/// Formats a calendar date (`YYYY-MM-DD`, as invoices and certificates carry them) the way
/// [`format_time`] writes a date, whatever the time zone; anything else is shown as it is.
pub fn format_date(iso: &str, locale: domain::Locale) -> String {
    // The date-only ISO form is read as midnight UTC, and written back in UTC.
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if iso.len() != 10 || date.get_time().is_nan() {
        return iso.to_owned();
    }
    format_with(
        &date,
        locale,
        &[("dateStyle", "medium"), ("timeZone", "UTC")],
    )
}

/// One way to write dates per language, everywhere: the region each language's users expect
/// (day before month in both: `1 Dec 2026`, `1 déc. 2026`).
fn format_with(date: &js_sys::Date, locale: domain::Locale, options: &[(&str, &str)]) -> String {
    let region = match locale {
        domain::Locale::En => "en-GB",
        domain::Locale::Fr => "fr-FR",
    };
    let opts = js_sys::Object::new();
    for (key, value) in options {
        let _ = js_sys::Reflect::set(&opts, &(*key).into(), &(*value).into());
    }
    date.to_locale_string(region, &opts)
        .as_string()
        .unwrap_or_default()
}
