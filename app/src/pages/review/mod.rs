//! The platform reviewers' queue: open a submitted company, see its data and history, and start
//! the review, ask for information, approve or reject, with a reason sent to the company.

pub mod api;

use domain::verification::{ReviewItem, VerificationStatus, VerificationStep};
use domain::{ApiError, CountryCode};
use leptos::prelude::*;

use crate::components::{format_time, ErrorBanner, Loading};
use crate::i18n::{tr, use_i18n, use_page_title, verification_status_name, Msg};
use crate::pages::legal_info::verification::VerificationHistory;
use crate::session::use_session;

#[component]
pub fn ReviewPage() -> impl IntoView {
    use_page_title(Msg::ReviewTitle);
    let session = use_session();
    let reviewer = move || session.me.with(|m| m.as_ref().is_some_and(|m| m.reviewer));
    let open = RwSignal::new(None::<ReviewItem>);
    view! {
        <h1>{tr(Msg::ReviewTitle)}</h1>
        <Show when=reviewer fallback=|| view! { <p class="banner banner-error" role="alert">{tr(Msg::OnlyReviewers)}</p> }>
            {move || match open.get() {
                // Payout and billing (issue 7, payout part): new payout accounts to validate.
                None => view! { <Queue open=open/><crate::pages::payout::review::PayoutReviewQueue/> }.into_any(),
                Some(item) => view! { <Company item=item open=open/> }.into_any(),
            }}
        </Show>
    }
}

#[component]
fn Queue(open: RwSignal<Option<ReviewItem>>) -> impl IntoView {
    let i18n = use_i18n();
    let items = LocalResource::new(api::review_queue);
    view! {
        <p class="lede">{tr(Msg::ReviewIntro)}</p>
        <Suspense fallback=Loading>
            {move || items.get().map(|result| match result {
                Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p>{tr(Msg::ReviewEmpty)}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="location-list">
                        {list.into_iter().map(|item| {
                            let label = format!("{} {}", i18n.t(Msg::OpenCompany), item.legal_name);
                            let chosen = item.clone();
                            view! {
                                <li class="location">
                                    <p><strong>{item.legal_name.clone()}</strong>" · "{item.partner_id.clone()}" · "{item.country.clone()}</p>
                                    <p><span class="tag">{move || verification_status_name(item.status, i18n.locale.get())}</span>
                                        " "<span class="muted">{move || format_time(item.since, i18n.locale.get())}</span></p>
                                    <button type="button" class="button button-small" aria-label=label
                                        on:click=move |_| open.set(Some(chosen.clone()))>{tr(Msg::OpenCompany)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Company(item: ReviewItem, open: RwSignal<Option<ReviewItem>>) -> impl IntoView {
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
    view! {
        <button type="button" class="link-button" on:click=move |_| open.set(None)>{tr(Msg::BackToQueue)}</button>
        <section class="card" aria-labelledby="company-title">
            <h2 id="company-title">{item.legal_name.clone()}</h2>
            <p>{item.partner_id.clone()}" · "{move || CountryCode::parse(&item.country).map(|c| c.name(i18n.locale.get())).unwrap_or("")}</p>
            <ErrorBanner error=failure/>
            <Suspense fallback=Loading>
                {move || details.get().map(|result| match result {
                    Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                    Ok((view, locations)) => {
                        let status = view.status;
                        view! {
                            <p><span class="tag">{move || verification_status_name(status, i18n.locale.get())}</span></p>
                            <h3>{tr(Msg::Locations)}</h3>
                            <ul>
                                {locations.into_iter().map(|l| {
                                    let a = l.form.address;
                                    view! { <li>{format!("{}: {}, {} {}, {}, {}", l.form.name, a.street, a.postal_code, a.city, a.region, a.country)}</li> }
                                }).collect_view()}
                            </ul>
                            <h3>{tr(Msg::History)}</h3>
                            <VerificationHistory view=view/>
                            <Show when=move || matches!(status, VerificationStatus::Submitted | VerificationStatus::InReview)>
                                <div class="button-row">
                                    <Show when=move || status == VerificationStatus::Submitted>
                                        <button type="button" class="button" on:click=step(|_| VerificationStep::StartReview)>{tr(Msg::StartReview)}</button>
                                    </Show>
                                    <button type="button" class="button button-strong" on:click=step(|_| VerificationStep::Approve)>{tr(Msg::Approve)}</button>
                                </div>
                                <div class="field">
                                    <label for="review-reason" class="field-label">{tr(Msg::ReasonLabel)}</label>
                                    <textarea id="review-reason" rows="3" bind:value=reason></textarea>
                                </div>
                                <div class="button-row">
                                    <button type="button" class="button" on:click=step(|reason| VerificationStep::RequestInformation { reason })>{tr(Msg::AskForInformation)}</button>
                                    <button type="button" class="button button-danger" on:click=step(|reason| VerificationStep::Reject { reason })>{tr(Msg::Reject)}</button>
                                </div>
                            </Show>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}
