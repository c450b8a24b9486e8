//! The platform reviewers' side of payout accounts: the new accounts waiting for validation
//! (masked like everywhere), each approved or sent back to the company with a reason.

use domain::payout::{PayoutDecision, PayoutReviewItem};
use domain::{ApiError, CountryCode, Field};
use leptos::prelude::*;

use crate::components::field::TextAreaField;

use super::api::{payout_review_queue, review_payout};
use super::PayoutFacts;
use crate::components::field::FieldErrors;
use crate::components::ErrorBanner;
use crate::forms::loaded_from;
use crate::i18n::{error_text, text, tr, use_i18n, Msg};

/// The queue of pending payout accounts, shown on the reviewers' page.
#[component]
pub fn PayoutReviewQueue() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let items = LocalResource::new(move || {
        reload.track();
        payout_review_queue()
    });
    view! {
        <section class="card" aria-labelledby="payout-review-title">
            <h2 id="payout-review-title">{tr(Msg::PayoutReviewTitle)}</h2>
            <p class="lede">{tr(Msg::PayoutReviewIntro)}</p>
            {loaded_from(items, move |list| if list.is_empty() {
                view! { <p>{tr(Msg::PayoutReviewEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="location-list">
                        {list.into_iter().map(|item| view! { <PayoutReviewEntry item=item reload=reload/> }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn PayoutReviewEntry(item: PayoutReviewItem, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let payout_id = item.payout.id;
    let reason = RwSignal::new(String::new());
    let problems = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let action = Action::new_local(move |decision: &PayoutDecision| {
        review_payout(payout_id, decision.clone())
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => reload.update(|n| *n += 1),
        Some(Err(e)) => match e.0.field() {
            Some(field) => problems.update(|p| {
                p.insert(field, e.0.clone());
            }),
            None => failure.set(Some(e.0)),
        },
        None => {}
    });
    let reason_id = format!("payout-reason-{payout_id}");
    let reason_error = Signal::derive(move || {
        problems.with(|p| {
            p.get(&Field::Message)
                .map(|e| error_text(e, i18n.locale.get()))
        })
    });
    let country = item.country.clone();
    let approve_label = format!(
        "{} · {}",
        i18n.t(Msg::ApprovePayoutAccount),
        item.legal_name
    );
    let ask_label = format!("{} · {}", i18n.t(Msg::AskPayoutAction), item.legal_name);
    view! {
        <li class="location">
            <p><strong>{item.legal_name.clone()}</strong>" · "{item.partner_id.clone()}" · "
                {move || CountryCode::parse(&country).map(|c| c.name(i18n.locale.get())).unwrap_or("")}</p>
            <ErrorBanner error=failure/>
            <PayoutFacts account=item.payout.clone()/>
            <div class="button-row">
                <button type="button" class="button button-strong" aria-label=approve_label
                    disabled=move || action.pending().get()
                    on:click=move |_| { failure.set(None); action.dispatch(PayoutDecision::Approve); }>
                    {tr(Msg::ApprovePayoutAccount)}
                </button>
            </div>
            <TextAreaField id=reason_id label=text(Msg::ReasonLabel) value=reason error=reason_error/>
            <div class="button-row">
                <button type="button" class="button" aria-label=ask_label
                    disabled=move || action.pending().get()
                    on:click=move |_| {
                        failure.set(None);
                        problems.set(FieldErrors::new());
                        action.dispatch(PayoutDecision::ActionRequired { reason: reason.get_untracked() });
                    }>
                    {tr(Msg::AskPayoutAction)}
                </button>
            </div>
        </li>
    }
}
