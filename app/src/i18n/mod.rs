//! English and French for every string of the interface. Each message is one enum variant with
//! both texts side by side, so a missing translation does not compile.

mod audit;
mod describe;
mod messages;

pub use audit::*;
pub use describe::*;
pub use messages::Msg;

use domain::Locale;
use leptos::prelude::*;

const STORAGE_KEY: &str = "partner-settings.locale";

/// The interface language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The text of `msg` in the current language (tracks the language signal).
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.locale.get())
    }

    /// Changes the language, remembers the choice and updates `<html lang>`.
    pub fn set(&self, locale: Locale) {
        self.locale.set(locale);
        remember(locale);
    }
}

/// Provides the language: the remembered choice, else the browser's, else English.
pub fn provide_i18n() -> I18n {
    let initial = remembered().or_else(browser_locale).unwrap_or_default();
    let i18n = I18n {
        locale: RwSignal::new(initial),
    };
    Effect::new(move |_| set_document_lang(i18n.locale.get()));
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn remembered() -> Option<Locale> {
    let storage = web_sys::window()?.local_storage().ok()??;
    Locale::from_tag(&storage.get_item(STORAGE_KEY).ok()??)
}

fn remember(locale: Locale) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(STORAGE_KEY, locale.tag());
    }
}

fn browser_locale() -> Option<Locale> {
    let navigator = web_sys::window()?.navigator();
    navigator
        .languages()
        .iter()
        .filter_map(|lang| lang.as_string())
        .chain(navigator.language())
        .find_map(|tag| Locale::from_tag(&tag))
}

fn set_document_lang(locale: Locale) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", locale.tag());
    }
}

/// Keeps the browser tab's title on the current page, in the current language (WCAG 2.4.2).
pub fn use_page_title(page: Msg) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let title = format!("{} · {}", i18n.t(page), i18n.t(Msg::ProductName));
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title);
        }
    });
}

/// The text of `msg` as a view that follows the language. Every message shares this one
/// closure type, so the WASM holds one copy of its rendering code instead of one per message.
pub fn tr(msg: Msg) -> impl IntoView {
    let i18n = use_i18n();
    move || i18n.t(msg)
}

/// The text of `msg` as a signal (for labels and attributes), following the language.
pub fn text(msg: Msg) -> Signal<&'static str> {
    let i18n = use_i18n();
    Signal::derive(move || i18n.t(msg))
}
