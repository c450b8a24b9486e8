//! The audit log: who changed what, when, from what to what; filterable and exportable.

pub mod api;

use domain::audit::{parse_date, AuditFilter, Filed};
use domain::Area;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::shell::RequireArea;
use crate::components::{format_time, ErrorBanner};
use crate::i18n::{
    area_text, audit_action_name, error_text, target_text, told_text, tr, use_i18n, use_page_title,
    Msg,
};

use crate::components::list::{breakable, email_cell, style};
use crate::forms::loaded_from;

#[component]
pub fn AuditPage() -> impl IntoView {
    use_page_title(Msg::AuditTitle);
    view! {
        <h1>{tr(Msg::AuditTitle)}</h1>
        <p class="lede">{tr(Msg::AuditIntro)}</p>
        <RequireArea area=Area::AuditLog changeable=false>
            <AuditLog/>
        </RequireArea>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let user = RwSignal::new(String::new());
    let area = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let filter_of = move || AuditFilter {
        user: user.get_untracked(),
        area: Filed::from_slug(&area.get_untracked()),
        from: parse_date(&from.get_untracked()),
        // "To" is inclusive: up to the end of that day.
        to: parse_date(&to.get_untracked()).map(|d| d + 86_400),
    };
    let applied = RwSignal::new(AuditFilter::default());
    // A range that ends before it starts is said beside "To" rather than listing nothing.
    let range_error = RwSignal::new(None::<domain::ApiError>);
    let checked = move || {
        let filter = filter_of();
        range_error.set(filter.check().err());
        range_error
            .with_untracked(Option::is_none)
            .then_some(filter)
    };
    let range_error_text = Signal::derive(move || {
        range_error.with(|e| e.as_ref().map(|e| error_text(e, i18n.locale.get())))
    });
    let entries = LocalResource::new(move || api::list_audit(applied.get()));
    let export_error = RwSignal::new(None::<domain::ApiError>);
    let export = move |_| {
        let Some(filter) = checked() else { return };
        let locale = i18n.locale.get_untracked();
        spawn_local(async move {
            match api::export_audit(filter, locale).await {
                Ok(csv) => download("audit-log.csv", &csv),
                Err(e) => export_error.set(Some(e.0)),
            }
        });
    };
    view! {
        <form class=style::toolbar on:submit=move |ev| {
            ev.prevent_default();
            if let Some(filter) = checked() {
                applied.set(filter);
            }
        }>
            <div class=style::search>
                <label for="audit-user">{tr(Msg::FilterUser)}</label>
                <input id="audit-user" type="search" bind:value=user/>
            </div>
            <div class=style::search>
                <label for="audit-area">{tr(Msg::FilterArea)}</label>
                <select id="audit-area" on:change=move |ev| area.set(event_target_value(&ev)) prop:value=move || area.get()>
                    <option value="">{tr(Msg::AllAreas)}</option>
                    {Area::ALL.into_iter().map(|a| view! {
                        <option value=a.slug()>{move || area_text(a, i18n.locale.get()).0}</option>
                    }).collect_view()}
                    <option value=Filed::SIGN_INS_SLUG>{tr(Msg::AuditSignIns)}</option>
                </select>
            </div>
            <div class=style::search>
                <label for="audit-from">{tr(Msg::FromDate)}</label>
                <input id="audit-from" type="date" bind:value=from/>
            </div>
            <div class=style::search>
                <label for="audit-to">{tr(Msg::ToDate)}</label>
                <input id="audit-to" type="date" bind:value=to
                    aria-invalid=move || range_error.with(Option::is_some).then_some("true")
                    aria-describedby=move || range_error.with(Option::is_some).then_some("audit-to-error")/>
                <p id="audit-to-error" class="field-error" aria-live="polite">{range_error_text}</p>
            </div>
            <div class="button-row">
                <button type="submit" class="button button-strong">{tr(Msg::ApplyFilters)}</button>
                <button type="button" class="button" on:click=export>{tr(Msg::ExportCsv)}</button>
            </div>
        </form>
        <ErrorBanner error=export_error/>
        {loaded_from(entries, move |list| if list.is_empty() {
            view! { <p>{tr(Msg::NoEntries)}</p> }.into_any()
        } else {
            view! {
                <table class=style::table>
                    <thead>
                        <tr>
                            <th scope="col">{tr(Msg::When)}</th>
                            <th scope="col">{tr(Msg::Who)}</th>
                            <th scope="col">{tr(Msg::FilterArea)}</th>
                            <th scope="col">{tr(Msg::What)}</th>
                            <th scope="col">{tr(Msg::Target)}</th>
                            <th scope="col">{tr(Msg::Before)}</th>
                            <th scope="col">{tr(Msg::After)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|e| view! {
                            <tr>
                                <th scope="row" data-label=move || i18n.t(Msg::When)>{move || format_time(e.at, i18n.locale.get())}</th>
                                <td data-label=move || i18n.t(Msg::Who)>{email_cell(&e.actor)}</td>
                                <td data-label=move || i18n.t(Msg::FilterArea)>{
                                    let filed = e.filed();
                                    move || filed_text(filed, i18n.locale.get())
                                }</td>
                                <td data-label=move || i18n.t(Msg::What)>{move || audit_action_name(e.action, i18n.locale.get())}</td>
                                <td data-label=move || i18n.t(Msg::Target)>{
                                    let target = e.target.clone();
                                    let action = e.action;
                                    move || breakable(&target_text(&target, action, i18n.locale.get()))
                                }</td>
                                <td data-label=move || i18n.t(Msg::Before)>{
                                    let before = e.before.clone();
                                    move || breakable(&told_text(&before, i18n.locale.get()))
                                }</td>
                                <td data-label=move || i18n.t(Msg::After)>{
                                    let after = e.after.clone();
                                    move || breakable(&told_text(&after, i18n.locale.get()))
                                }</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        })}
    }
}

/// The area an entry is filed under, in words.
fn filed_text(filed: Filed, locale: domain::Locale) -> &'static str {
    match filed {
        Filed::In(area) => area_text(area, locale).0,
        Filed::SignIns => Msg::AuditSignIns.text(locale),
    }
}

/// Saves `text` as a file through a temporary link to a Blob (no server round trip).
fn download(name: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(link) = document.create_element("a") {
            let _ = link.set_attribute("href", &url);
            let _ = link.set_attribute("download", name);
            if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
                link.click();
            }
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
