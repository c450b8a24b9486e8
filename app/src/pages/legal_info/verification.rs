//! The company's verification on the Legal info page: status, history, and the partner's steps.

use domain::verification::{VerificationStatus, VerificationStep, VerificationView};
use domain::{Access, ApiError, Area};
use leptos::prelude::*;

use crate::components::field::TextAreaField;

use super::api::{get_verification, take_verification_step};
use crate::components::{format_time, ErrorBanner};
use crate::forms::loaded_from;
use crate::i18n::{text, tr, use_i18n, verification_status_name, verification_step_text, Msg};
use crate::session::use_session;

/// The history of a verification, oldest first.
#[component]
pub fn VerificationHistory(view: VerificationView) -> impl IntoView {
    let i18n = use_i18n();
    if view.history.is_empty() {
        return view! { <p class="muted">{tr(Msg::NoHistory)}</p> }.into_any();
    }
    view! {
        <ol class="history">
            {view.history.into_iter().map(|e| view! {
                <li>
                    <span class="muted">{move || format_time(e.at, i18n.locale.get())}" · "{e.actor.clone()}</span>
                    <br/>
                    {move || verification_step_text(&e.step, i18n.locale.get())}
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
pub fn VerificationSection() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::LegalInfo, Access::Edit));
    let reload = RwSignal::new(0u32);
    let changed = super::Changed::get();
    let current = LocalResource::new(move || {
        reload.track();
        changed.track();
        get_verification()
    });
    let answer = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let action = Action::new_local(|step: &VerificationStep| take_verification_step(step.clone()));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            answer.set(String::new());
            failure.set(None);
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => failure.set(Some(e.0)),
        None => {}
    });
    view! {
        <section class="card" id="verification" aria-labelledby="verification-title">
            <h2 id="verification-title">{tr(Msg::VerificationTitle)}</h2>
            <p class="muted">{tr(Msg::VerificationIntro)}</p>
            <ErrorBanner error=failure/>
            {loaded_from(current, move |view| {
                let status = view.status;
                view! {
                    <p class="status-line">
                        <span class="tag" data-status=status.code()>{move || verification_status_name(status, i18n.locale.get())}</span>
                    </p>
                    <h3>{tr(Msg::History)}</h3>
                    <VerificationHistory view=view/>
                    <Show when=move || can_edit.get() && matches!(status, VerificationStatus::NotStarted | VerificationStatus::Rejected)>
                        <button type="button" class="button button-strong" disabled=move || action.pending().get()
                            on:click=move |_| { action.dispatch(VerificationStep::Submit); }>
                            {tr(Msg::SubmitForVerification)}
                        </button>
                    </Show>
                    <Show when=move || can_edit.get() && status == VerificationStatus::ActionRequired>
                        <TextAreaField id="verification-answer" label=text(Msg::YourAnswer) value=answer/>
                        <button type="button" class="button button-strong" disabled=move || action.pending().get()
                            on:click=move |_| { action.dispatch(VerificationStep::Answer { message: answer.get_untracked() }); }>
                            {tr(Msg::SendAnswer)}
                        </button>
                    </Show>
                }.into_any()
            })}
        </section>
    }
}
