//! Account merge: find another account by its global partner ID, invite it to merge into this
//! one, and the three-step handshake (it accepts or declines, this account confirms), with the
//! merge history of both sides.

pub mod api;

use domain::error::ConflictKind;
use domain::merge::{
    FoundAccount, MergeDirection, MergePreview, MergeState, MergeStep, MergeSummary,
};
use domain::{Access, ApiError, Area, CountryCode, Field};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::field::{SubmitButton, TextField};
use crate::components::shell::RequireArea;
use crate::components::{confirm, format_time, ErrorBanner, Loading, ReadOnlyNote};
use crate::i18n::{error_text, text, tr, use_i18n, use_page_title, Msg};
use crate::session::use_session;

#[component]
pub fn AccountMergePage() -> impl IntoView {
    use_page_title(Msg::MergeTitle);
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::AccountMerge, Access::Edit));
    let reload = RwSignal::new(0u32);
    let history = LocalResource::new(move || {
        reload.track();
        api::merge_history()
    });
    view! {
        <h1>{tr(Msg::MergeTitle)}</h1>
        <p class="lede">{tr(Msg::MergeIntro)}</p>
        <RequireArea area=Area::AccountMerge>
            <Show when=move || !can_edit.get()>
                <ReadOnlyNote area=Area::AccountMerge/>
            </Show>
            <Show when=move || can_edit.get()>
                <FindAndInvite reload=reload/>
            </Show>
            <section class="card" aria-labelledby="merge-history-title">
                <h2 id="merge-history-title">{tr(Msg::MergeHistoryTitle)}</h2>
                <Suspense fallback=Loading>
                    {move || history.get().map(|result| match result {
                        Ok(list) if list.is_empty() => view! { <p>{tr(Msg::MergeNoHistory)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="merge-list">
                                {list.into_iter().map(|m| view! { <MergeRow merge=m can_edit=can_edit reload=reload/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                    })}
                </Suspense>
            </section>
        </RequireArea>
    }
}

/// Step 1 and 2: find an account by partner ID, then invite it with a message.
#[component]
fn FindAndInvite(reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let partner_id = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let found = RwSignal::new(None::<FoundAccount>);
    let id_error = RwSignal::new(None::<ApiError>);
    let message_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(false);
    let find = Action::new_local(|id: &String| api::find_account(id.clone()));
    let invite = Action::new_local(|(id, message): &(String, String)| {
        api::invite_to_merge(id.clone(), message.clone())
    });
    // Changing the ID forgets the account found for the previous one.
    Effect::new(move |_| {
        partner_id.track();
        found.set(None);
    });
    Effect::new(move |_| {
        if let Some(result) = find.value().get() {
            match result {
                Ok(account) => found.set(Some(account)),
                Err(e) => id_error.set(Some(e.0)),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(result) = invite.value().get() {
            match result {
                Ok(_) => {
                    sent.set(true);
                    message.set(String::new());
                    partner_id.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(e) if e.0.field() == Some(Field::MergeMessage) => {
                    message_error.set(Some(error_text(&e.0, i18n.locale.get_untracked())))
                }
                Err(e) => {
                    // A crossing invitation is in the history below, to be answered.
                    if matches!(
                        e.0,
                        ApiError::Conflict(ConflictKind::MergeCrossInvitation(_))
                    ) {
                        reload.update(|n| *n += 1);
                    }
                    failure.set(Some(e.0));
                }
            }
        }
    });
    let id_error_text =
        Signal::derive(move || id_error.get().map(|e| error_text(&e, i18n.locale.get())));
    view! {
        <section class="card" aria-labelledby="merge-find-title">
            <h2 id="merge-find-title">{tr(Msg::MergeFindTitle)}</h2>
            <form novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                id_error.set(None);
                failure.set(None);
                sent.set(false);
                find.dispatch(partner_id.get_untracked());
            }>
                <TextField id="merge-partner-id" label=text(Msg::MergePartnerIdLabel) value=partner_id
                    hint=text(Msg::MergePartnerIdHint) error=id_error_text/>
                <SubmitButton pending=find.pending() label=Msg::Find/>
            </form>
            <p role="status" class="banner-slot">
                {move || sent.get().then(|| view! { <span class="banner banner-ok">{tr(Msg::MergeInvitationSent)}</span> })}
            </p>
            <ErrorBanner error=failure/>
            {move || found.get().map(|account| {
                let country = CountryCode::parse(&account.country)
                    .map(|c| c.name(i18n.locale.get()).to_owned())
                    .unwrap_or_default();
                view! {
                    <form class="merge-found" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        message_error.set(None);
                        failure.set(None);
                        invite.dispatch((partner_id.get_untracked(), message.get_untracked()));
                    }>
                        <h3>{tr(Msg::MergeFound)}</h3>
                        <dl class="facts">
                            <dt>{tr(Msg::LegalName)}</dt><dd id="merge-found-name">{account.legal_name.clone()}</dd>
                            <dt>{tr(Msg::Country)}</dt><dd>{country}</dd>
                        </dl>
                        <div class="field">
                            <label for="merge-message" class="field-label">{tr(Msg::MergeMessageLabel)}</label>
                            <textarea id="merge-message" rows="3" bind:value=message
                                aria-invalid=move || message_error.get().is_some().to_string()
                                aria-describedby="merge-message-error"></textarea>
                            <p id="merge-message-error" class="field-error">{move || message_error.get()}</p>
                        </div>
                        <SubmitButton pending=invite.pending() label=Msg::MergeSendInvitation/>
                    </form>
                }
            })}
        </section>
    }
}

fn state_label(state: MergeState) -> Msg {
    match state {
        MergeState::Invited => Msg::MergeStateInvited,
        MergeState::Accepted => Msg::MergeStateAccepted,
        MergeState::Declined => Msg::MergeStateDeclined,
        MergeState::Expired => Msg::MergeStateExpired,
        MergeState::Cancelled => Msg::MergeStateCancelled,
        MergeState::Completed => Msg::MergeStateCompleted,
    }
}

/// One merge of the history, with the steps this account may take on it now.
#[component]
fn MergeRow(merge: MergeSummary, can_edit: Memo<bool>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let failure = RwSignal::new(None::<ApiError>);
    let preview = RwSignal::new(None::<MergePreview>);
    let declining = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = merge.id;
    let finish = move |result: Result<MergeSummary, crate::api::Error>| {
        busy.set(false);
        match result {
            Ok(_) => reload.update(|n| *n += 1),
            Err(e) if e.0.field() == Some(Field::DeclineReason) => {
                reason_error.set(Some(error_text(&e.0, i18n.locale.get_untracked())))
            }
            Err(e) => failure.set(Some(e.0)),
        }
    };
    let run = move |step: MergeStep| {
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = match step {
                MergeStep::Accept => api::accept_merge(id).await,
                MergeStep::Cancel => api::cancel_merge(id).await,
                MergeStep::Confirm => api::confirm_merge(id).await,
                MergeStep::Decline => api::decline_merge(id, reason.get_untracked()).await,
                MergeStep::Expire => return,
            };
            finish(result);
        });
    };
    let show_preview = move |_| {
        failure.set(None);
        spawn_local(async move {
            match api::preview_merge(id).await {
                Ok(p) => preview.set(Some(p)),
                Err(e) => failure.set(Some(e.0)),
            }
        });
    };
    let can = |step| merge.can(step);
    let (may_accept, may_decline, may_cancel, may_confirm) = (
        can(MergeStep::Accept),
        can(MergeStep::Decline),
        can(MergeStep::Cancel),
        can(MergeStep::Confirm),
    );
    let direction = match merge.direction {
        MergeDirection::WeInvited => Msg::MergeWeInvited,
        MergeDirection::WeWereInvited => Msg::MergeWeWereInvited,
    };
    let when = move |at: i64| format_time(at, i18n.locale.get());
    let completed = merge.state == MergeState::Completed;
    let open = merge.state.is_open();
    let title = format!("{} ({})", merge.other_legal_name, merge.other_partner_id);
    view! {
        <li class="merge" id=format!("merge-{id}") data-state=merge.state.code()>
            <h3>{move || i18n.t(direction)}": "{title.clone()}" "<span class="tag">{move || i18n.t(state_label(merge.state))}</span></h3>
            <dl class="facts">
                <dt>{tr(Msg::MergeInvitedOn)}</dt><dd>{move || when(merge.invited_at)}", "{merge.invited_by.clone()}</dd>
                {open.then(|| view! { <dt>{tr(Msg::MergeExpiresOn)}</dt><dd>{move || when(merge.expires_at)}</dd> })}
                <dt>{tr(Msg::MergeMessageShown)}</dt><dd class="pre-wrap">{merge.message.clone()}</dd>
                {merge.answered_at.map(|at| view! {
                    <dt>{tr(Msg::MergeAnswered)}</dt><dd>{move || when(at)}", "{merge.answered_by.clone().unwrap_or_default()}</dd>
                })}
                {merge.decline_reason.clone().map(|r| view! { <dt>{tr(Msg::MergeReason)}</dt><dd class="pre-wrap">{r}</dd> })}
                {merge.finished_at.map(|at| view! {
                    <dt>{tr(Msg::MergeFinished)}</dt><dd>{move || when(at)}{merge.finished_by.clone().map(|by| format!(", {by}"))}</dd>
                })}
            </dl>
            {completed.then(|| view! { <p class="banner banner-ok">{tr(Msg::MergeCheckPayout)}</p> })}
            <ErrorBanner error=failure/>
            <Show when=move || can_edit.get()>
                <div class="button-row">
                    {may_accept.then(|| view! {
                        <button type="button" class="button button-strong" on:click=show_preview>{tr(Msg::MergeAccept)}</button>
                    })}
                    {may_decline.then(|| view! {
                        <button type="button" class="button button-danger" on:click=move |_| declining.set(true)>{tr(Msg::MergeDecline)}</button>
                    })}
                    {may_cancel.then(|| view! {
                        <button type="button" class="button" disabled=move || busy.get() on:click=move |_| {
                            if confirm(i18n.t(Msg::ConfirmCancelMerge)) { run(MergeStep::Cancel) }
                        }>{tr(Msg::MergeCancel)}</button>
                    })}
                    {may_confirm.then(|| view! {
                        <button type="button" class="button button-strong" disabled=move || busy.get() on:click=move |_| {
                            if confirm(i18n.t(Msg::ConfirmMergeQuestion)) { run(MergeStep::Confirm) }
                        }>{tr(Msg::MergeConfirm)}</button>
                    })}
                </div>
                {move || preview.get().map(|p| view! {
                    <div class="merge-preview" role="region" aria-labelledby=format!("merge-preview-{id}")>
                        <h4 id=format!("merge-preview-{id}")>{tr(Msg::MergePreviewTitle)}</h4>
                        <p>{tr(Msg::MergePreviewSurvivor)}" "<strong>{format!("{} ({})", p.survivor_legal_name, p.survivor_partner_id)}</strong></p>
                        <ul>
                            <li>{p.users}" "{tr(Msg::MergePreviewUsers)}</li>
                            <li>{p.locations}" "{tr(Msg::MergePreviewLocations)}</li>
                            <li>{p.tenants}" "{tr(Msg::MergePreviewTenants)}</li>
                        </ul>
                        <p><strong>{tr(Msg::MergePreviewIrreversible)}</strong></p>
                        <div class="button-row">
                            <button type="button" class="button button-strong" disabled=move || busy.get()
                                on:click=move |_| run(MergeStep::Accept)>{tr(Msg::MergeAcceptConfirm)}</button>
                            <button type="button" class="button" on:click=move |_| preview.set(None)>{tr(Msg::Cancel)}</button>
                        </div>
                    </div>
                })}
                <Show when=move || declining.get()>
                    <form novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        reason_error.set(None);
                        run(MergeStep::Decline);
                    }>
                        <div class="field">
                            <label for=format!("decline-reason-{id}") class="field-label">{tr(Msg::MergeDeclineReasonLabel)}</label>
                            <textarea id=format!("decline-reason-{id}") rows="3" bind:value=reason
                                aria-invalid=move || reason_error.get().is_some().to_string()
                                aria-describedby=format!("decline-reason-{id}-error")></textarea>
                            <p id=format!("decline-reason-{id}-error") class="field-error">{move || reason_error.get()}</p>
                        </div>
                        <div class="button-row">
                            <SubmitButton pending=Signal::derive(move || busy.get()) label=Msg::MergeDecline/>
                            <button type="button" class="button" on:click=move |_| declining.set(false)>{tr(Msg::Cancel)}</button>
                        </div>
                    </form>
                </Show>
            </Show>
        </li>
    }
}
