//! A program's agreement, to read before enrolling (the enrolment form links here) or after
//! (an enrolment links to the version it accepted): `/settings/programs/<program>/agreement`,
//! `?version=` for an earlier version, `?from=enrol` to lead back to the enrolment form. The
//! texts are `domain::programs::agreements`, served by the server.

use domain::programs::{program, ProgramCode};
use domain::{ApiError, Area};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api;
use crate::components::shell::RequireArea;
use crate::components::{format_date, ErrorBanner};
use crate::forms::loaded_from;
use crate::i18n::{tr, use_i18n, use_page_title, Msg};

/// The address of `code`'s agreement page: the current version for the enrolment form
/// (`version` `None`), or the version an enrolment accepted.
pub fn agreement_href(code: ProgramCode, version: Option<&str>) -> String {
    match version {
        None => format!("/settings/programs/{}/agreement?from=enrol", code.code()),
        Some(v) => format!("/settings/programs/{}/agreement?version={v}", code.code()),
    }
}

#[component]
pub fn AgreementPage() -> impl IntoView {
    use_page_title(Msg::AgreementTitle);
    let params = use_params_map();
    let query = use_query_map();
    let code = params.with_untracked(|p| p.get("program").and_then(|c| ProgramCode::from_code(&c)));
    let version = query.with_untracked(|q| q.get("version"));
    let from_enrol = query.with_untracked(|q| q.get("from")).as_deref() == Some("enrol");
    let document =
        code.map(|code| LocalResource::new(move || api::program_agreement(code, version.clone())));
    view! {
        <RequireArea area=Area::Programs changeable=false>
            <p>{back_link(code, from_enrol)}</p>
            {match document {
                None => view! { <ErrorBanner error=Signal::derive(|| Some(ApiError::NotFound))/> }.into_any(),
                Some(document) => loaded_from(document, |doc| view! { <AgreementText doc=doc/> }).into_any(),
            }}
        </RequireArea>
    }
}

/// The way back: to the enrolment form the user came from, or to the Programs page.
fn back_link(code: Option<ProgramCode>, from_enrol: bool) -> AnyView {
    match code {
        Some(code) if from_enrol => view! {
            <a href=format!("/settings/programs?enrol={}", code.code())>{tr(Msg::BackToEnrolment)}</a>
        }
        .into_any(),
        _ => view! { <a href="/settings/programs">{tr(Msg::BackToPrograms)}</a> }.into_any(),
    }
}

/// The agreement: its program, version and effective date, whether it is still current, and
/// its sections in the user's language.
#[component]
fn AgreementText(doc: domain::programs::agreements::AgreementDocument) -> impl IntoView {
    let i18n = use_i18n();
    let p = program(doc.program);
    let effective = doc.effective.clone();
    let earlier = (doc.version != doc.current_version).then(|| {
        let current = doc.current_version.clone();
        view! {
            <p class="banner" role="note">
                {tr(Msg::AgreementEarlierVersion)}" "{current}". "
                <a href=format!("/settings/programs/{}/agreement", p.code.code())>{tr(Msg::ReadCurrentAgreement)}</a>
            </p>
        }
    });
    let doc = StoredValue::new(doc);
    view! {
        <h1>{tr(Msg::AgreementOf)}" "{move || p.name(i18n.locale.get())}</h1>
        <dl class="facts">
            <dt>{tr(Msg::AgreementVersion)}</dt>
            <dd>{doc.with_value(|d| d.version.clone())}</dd>
            <dt>{tr(Msg::AgreementEffective)}</dt>
            <dd>{move || format_date(&effective, i18n.locale.get())}</dd>
        </dl>
        {earlier}
        {move || doc.with_value(|d| {
            d.sections(i18n.locale.get()).iter().enumerate().map(|(n, s)| {
                let id = format!("agreement-section-{n}");
                let labelled_by = id.clone();
                view! {
                    <section aria-labelledby=labelled_by>
                        <h2 id=id>{s.heading.clone()}</h2>
                        {s.paragraphs.iter().map(|para| view! { <p>{para.clone()}</p> }).collect_view()}
                    </section>
                }
            }).collect_view()
        })}
    }
}
