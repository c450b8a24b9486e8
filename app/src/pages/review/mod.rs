//! The platform reviewers' queue: open a submitted company, see its data and history, and start
//! the review, ask for information, approve or reject, with a reason sent to the company.

pub mod api;
// Tax profile: accepting tax exemption certificates.
pub mod tax;
pub mod tax_api;

use domain::programs::{program, EnrolmentReviewItem, EnrolmentState, EnrolmentStep};
use domain::verification::{ReviewItem, VerificationStatus, VerificationStep};
use domain::{ApiError, CountryCode};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::field::TextAreaField;

use crate::components::address::address_line;
use crate::components::{format_time, ErrorBanner};
use crate::forms::loaded_from;
use crate::i18n::{
    enrolment_state_name, error_text, text, tr, use_i18n, use_page_title, verification_status_name,
    Msg,
};
use crate::pages::legal_info::verification::VerificationHistory;
use crate::pages::programs::Requirements;
use crate::session::use_session;

#[component]
pub fn ReviewPage() -> impl IntoView {
    use_page_title(Msg::ReviewTitle);
    let session = use_session();
    let reviewer = move || session.me.with(|m| m.as_ref().is_some_and(|m| m.reviewer));
    // The company opened is in the address (`?company=<account id>`): a link to it works, and
    // Back returns to the queue.
    let query = use_query_map();
    let opened =
        Memo::new(move |_| query.with(|q| q.get("company").and_then(|id| id.parse::<i64>().ok())));
    // The queue's entry the reviewer clicked, so the company opens without asking again.
    let chosen = RwSignal::new(None::<ReviewItem>);
    view! {
        <h1>{tr(Msg::ReviewTitle)}</h1>
        <Show when=reviewer fallback=|| view! { <p class="banner banner-error" role="alert">{tr(Msg::OnlyReviewers)}</p> }>
            {move || match opened.get() {
                // Each queue in a card of its own, like the company opened from one.
                None => view! {
                    <section class="card" aria-labelledby="review-companies">
                        <h2 id="review-companies">{tr(Msg::ReviewCompanies)}</h2>
                        <Queue chosen=chosen/>
                    </section>
                    <EnrolmentQueue/>
                    // Tax profile.
                    <tax::CertificateQueue/>
                    // Payout and billing: new payout accounts to validate.
                    <crate::pages::payout::review::PayoutReviewQueue/>
                }.into_any(),
                Some(id) => match chosen.get_untracked().filter(|item| item.account_id == id) {
                    Some(item) => view! { <Company item=item/> }.into_any(),
                    None => view! { <CompanyFromQueue account_id=id/> }.into_any(),
                },
            }}
        </Show>
    }
}

/// The address of a company opened from the queue.
fn company_path(account_id: i64) -> String {
    format!("/settings/review?company={account_id}")
}

/// A company reached by its address: found in the queue, or said to be no longer in it.
#[component]
fn CompanyFromQueue(account_id: i64) -> impl IntoView {
    let items = LocalResource::new(api::review_queue);
    view! {
        {loaded_from(items, move |list| match list.into_iter().find(|i| i.account_id == account_id) {
            Some(item) => view! { <Company item=item/> }.into_any(),
            None => view! {
                <BackToQueue/>
                <p class="banner" role="status">{tr(Msg::ReviewCompanyGone)}</p>
            }.into_any(),
        })}
    }
}

#[component]
fn BackToQueue() -> impl IntoView {
    view! { <A href="/settings/review" attr:class="link-button">{tr(Msg::BackToQueue)}</A> }
}

#[component]
fn Queue(chosen: RwSignal<Option<ReviewItem>>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let items = LocalResource::new(api::review_queue);
    view! {
        <p class="lede">{tr(Msg::ReviewIntro)}</p>
        {loaded_from(items, move |list| if list.is_empty() {
            view! { <p>{tr(Msg::ReviewEmpty)}</p> }.into_any()
        } else {
            view! {
                <ul class="location-list">
                    {list.into_iter().map(|item| {
                        let label = format!("{} {}", i18n.t(Msg::OpenCompany), item.legal_name);
                        let item_chosen = item.clone();
                        let navigate = navigate.clone();
                        view! {
                            <li class="location">
                                <p><strong>{item.legal_name.clone()}</strong>" · "{item.partner_id.clone()}" · "{item.country.clone()}</p>
                                <p><span class="tag">{move || verification_status_name(item.status, i18n.locale.get())}</span>
                                    " "<span class="muted">{move || format_time(item.since, i18n.locale.get())}</span></p>
                                <button type="button" class="button button-small" aria-label=label
                                    on:click=move |_| {
                                        let id = item_chosen.account_id;
                                        chosen.set(Some(item_chosen.clone()));
                                        navigate(&company_path(id), Default::default());
                                    }>{tr(Msg::OpenCompany)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}

#[component]
fn Company(item: ReviewItem) -> impl IntoView {
    let i18n = use_i18n();
    let account_id = item.account_id;
    let reload = RwSignal::new(0u32);
    let details = LocalResource::new(move || {
        reload.track();
        api::review_company(account_id)
    });
    let reason = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let action = Action::new_local(move |step: &VerificationStep| {
        api::review_step(account_id, step.clone())
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            reason.set(String::new());
            failure.set(None);
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => failure.set(Some(e.0)),
        None => {}
    });
    let step = move |make: fn(String) -> VerificationStep| {
        move |_| {
            action.dispatch(make(reason.get_untracked()));
        }
    };
    // Approving tells the company it is verified: asked once more.
    let legal_name = StoredValue::new(item.legal_name.clone());
    let approve = move |_| {
        let legal_name = legal_name.get_value();
        let question = match i18n.locale.get_untracked() {
            domain::Locale::En => format!("Approve the verification of {legal_name}? Its admins are told it is verified."),
            domain::Locale::Fr => format!("Approuver la vérification de {legal_name} ? Ses administrateurs apprennent qu'elle est vérifiée."),
        };
        if crate::components::confirm(&question) {
            action.dispatch(VerificationStep::Approve);
        }
    };
    view! {
        <BackToQueue/>
        <section class="card" aria-labelledby="company-title">
            <h2 id="company-title">{item.legal_name.clone()}</h2>
            <p>{item.partner_id.clone()}" · "{move || CountryCode::parse(&item.country).map(|c| c.name(i18n.locale.get())).unwrap_or("")}</p>
            <ErrorBanner error=failure/>
            {loaded_from(details, move |(view, locations)| {
                let status = view.status;
                view! {
                    <p><span class="tag">{move || verification_status_name(status, i18n.locale.get())}</span></p>
                    <h3>{tr(Msg::Locations)}</h3>
                    <ul>
                        {locations.into_iter().map(|l| {
                            let line = address_line(&l.form.address, i18n.locale.get_untracked());
                            view! { <li>{format!("{}: {line}", l.form.name)}</li> }
                        }).collect_view()}
                    </ul>
                    <h3>{tr(Msg::History)}</h3>
                    <VerificationHistory view=view downloads=crate::api::downloads::REVIEW_VERIFICATION_DOCUMENT/>
                    <Show when=move || matches!(status, VerificationStatus::Submitted | VerificationStatus::InReview)>
                        <div class="button-row">
                            <Show when=move || status == VerificationStatus::Submitted>
                                <button type="button" class="button" on:click=step(|_| VerificationStep::StartReview)>{tr(Msg::StartReview)}</button>
                            </Show>
                            <button type="button" class="button button-strong" on:click=approve>{tr(Msg::Approve)}</button>
                        </div>
                        <TextAreaField id="review-reason" label=text(Msg::ReasonLabel) value=reason/>
                        <div class="button-row">
                            <button type="button" class="button" on:click=step(|reason| VerificationStep::RequestInformation { reason })>{tr(Msg::AskForInformation)}</button>
                            <button type="button" class="button button-danger" on:click=step(|reason| VerificationStep::Reject { reason })>{tr(Msg::Reject)}</button>
                        </div>
                    </Show>
                }.into_any()
            })}
        </section>
    }
}

// Programs.
/// Program enrolments waiting for a reviewer: each with its company, program, the program's
/// requirements evaluated now, and approve, ask for information or reject (with a reason sent
/// to the company's Global admins).
#[component]
fn EnrolmentQueue() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let failure = RwSignal::new(None::<ApiError>);
    let items = LocalResource::new(move || {
        reload.track();
        api::review_enrolments()
    });
    view! {
        <section class="card" aria-labelledby="review-enrolments">
            <h2 id="review-enrolments">{tr(Msg::ReviewEnrolments)}</h2>
            <ErrorBanner error=failure/>
            {loaded_from(items, move |list| if list.is_empty() {
                view! { <p>{tr(Msg::ReviewEnrolmentsEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="location-list">
                        {list.into_iter().map(|item| view! { <EnrolmentToReview item=item reload=reload failure=failure/> }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

/// One enrolment in the queue, with the reviewer's steps while it waits for them.
#[component]
fn EnrolmentToReview(
    item: EnrolmentReviewItem,
    reload: RwSignal<u32>,
    failure: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = program(item.program);
    let (id, version) = (item.enrolment_id, item.enrolment.version);
    let state = item.enrolment.state;
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<ApiError>);
    let action = Action::new_local(move |step: &EnrolmentStep| {
        api::review_enrolment_step(id, *step, version, reason.get_untracked())
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            failure.set(None);
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) if e.0.field() == Some(domain::Field::Message) => reason_error.set(Some(e.0)),
        Some(Err(e)) => failure.set(Some(e.0)),
        None => {}
    });
    let name = StoredValue::new(item.legal_name.clone());
    let label = move |msg: Msg| {
        format!(
            "{} {} · {}",
            i18n.t(msg),
            name.get_value(),
            p.name(i18n.locale.get())
        )
    };
    let reason_id = format!("enrolment-reason-{id}");
    let answer = item
        .enrolment
        .reason
        .clone()
        .filter(|_| state == EnrolmentState::PendingReview);
    view! {
        <li class="location">
            <p><strong>{item.legal_name.clone()}</strong>" · "{item.partner_id.clone()}" · "{item.country.clone()}</p>
            <p>{move || p.name(i18n.locale.get())}" "<span class="tag">{move || enrolment_state_name(state, i18n.locale.get())}</span>
                " "<span class="muted">{move || format_time(item.enrolment.since, i18n.locale.get())}</span></p>
            <p class="muted">{tr(Msg::ProgramEnrolled)}" "{tr(Msg::ProgramBy)}" "{item.enrolment.enrolled_by.clone()}</p>
            {answer.map(|a| view! { <p><strong>{tr(Msg::YourAnswer)}</strong>" "{a}</p> })}
            <Requirements requirements=item.requirements.clone() links=false/>
            <Show when=move || state == EnrolmentState::PendingReview>
                <TextAreaField id=reason_id.clone() label=text(Msg::ReasonLabel) value=reason
                    error=Signal::derive(move || reason_error.get().map(|e| error_text(&e, i18n.locale.get())))/>
                <div class="button-row">
                    <button type="button" class="button button-strong" aria-label=move || label(Msg::Approve)
                        on:click=move |_| { action.dispatch(EnrolmentStep::Approve); }>{tr(Msg::Approve)}</button>
                    <button type="button" class="button" aria-label=move || label(Msg::AskForInformation)
                        on:click=move |_| { action.dispatch(EnrolmentStep::RequestInformation); }>{tr(Msg::AskForInformation)}</button>
                    <button type="button" class="button button-danger" aria-label=move || label(Msg::Reject)
                        on:click=move |_| { action.dispatch(EnrolmentStep::Reject); }>{tr(Msg::Reject)}</button>
                </div>
            </Show>
        </li>
    }
}
