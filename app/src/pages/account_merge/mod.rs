//! Account merge: find another account by its global partner ID, invite it to merge into this
//! one, and the three-step handshake (it accepts or declines, this account confirms), with the
//! merge history of both sides. Only a Global admin acts (inviting, accepting and confirming
//! with their password again); Account admins follow. Only verified companies take part, and
//! arriving users keep their admin roles only where the confirming Global admin ticks them.

pub mod api;

use domain::error::ConflictKind;
use domain::merge::{
    arriving_roles, ArrivingUser, FoundAccount, KeptAdminRoles, MergeDirection, MergeOverview,
    MergePreview, MergeState, MergeStep, MergeSummary,
};
use domain::{Access, ApiError, Area, CountryCode, Field, Invalid, Role};
use leptos::prelude::*;

use crate::components::field::TextAreaField;
use leptos::task::spawn_local;

use crate::components::field::{SubmitButton, TextField};
use crate::components::shell::RequireArea;
use crate::components::{confirm, format_time, ErrorBanner};
use crate::forms::loaded_from;
use crate::i18n::{
    error_text, merge_state_label, role_name, roles_text, status_name, text, tr, use_i18n,
    use_page_title, Msg,
};
use crate::session::use_session;

#[component]
pub fn AccountMergePage() -> impl IntoView {
    use_page_title(Msg::MergeTitle);
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::AccountMerge, Access::Edit));
    let reload = RwSignal::new(0u32);
    let overview = LocalResource::new(move || {
        reload.track();
        api::merge_history()
    });
    let unverified = move || {
        matches!(
            overview.get(),
            Some(Ok(MergeOverview {
                verified: false,
                ..
            }))
        )
    };
    view! {
        <h1>{tr(Msg::MergeTitle)}</h1>
        <p class="lede">{tr(Msg::MergeIntro)}</p>
        <RequireArea area=Area::AccountMerge>
            <Show when=unverified>
                <p class="read-only-note" role="note" id="merge-not-verified">
                    {tr(Msg::MergeNotVerifiedNote)}" "
                    <a href="/settings/legal-info#verification">{tr(Msg::MergeGoToVerification)}</a>
                </p>
            </Show>
            <Show when=move || can_edit.get()>
                <FindAndInvite reload=reload/>
            </Show>
            <section class="card" aria-labelledby="merge-history-title">
                <h2 id="merge-history-title">{tr(Msg::MergeHistoryTitle)}</h2>
                {loaded_from(overview, move |o| if o.merges.is_empty() {
                    view! { <p>{tr(Msg::MergeNoHistory)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="merge-list">
                            {o.merges.into_iter().map(|m| view! { <MergeRow merge=m can_edit=can_edit reload=reload/> }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </section>
        </RequireArea>
    }
}

/// Step 1 and 2: find an account by partner ID, then invite it with a message and the
/// caller's password.
#[component]
fn FindAndInvite(reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let partner_id = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let found = RwSignal::new(None::<FoundAccount>);
    let id_error = RwSignal::new(None::<ApiError>);
    let message_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<ApiError>);
    let failure = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(false);
    let find = Action::new_local(|id: &String| api::find_account(id.clone()));
    let invite = Action::new_local(|(id, message, password): &(String, String, String)| {
        api::invite_to_merge(id.clone(), message.clone(), password.clone())
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
            // The password is never kept once sent, right or wrong.
            password.set(String::new());
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
                Err(e) if e.0.field() == Some(Field::Password) => password_error.set(Some(e.0)),
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
    let password_error_text = Signal::derive(move || {
        password_error
            .get()
            .map(|e| error_text(&e, i18n.locale.get()))
    });
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
                        password_error.set(None);
                        failure.set(None);
                        if password.get_untracked().is_empty() {
                            password_error.set(Some(ApiError::invalid(Field::Password, Invalid::Required)));
                            focus("merge-invite-password");
                            return;
                        }
                        invite.dispatch((partner_id.get_untracked(), message.get_untracked(), password.get_untracked()));
                    }>
                        <h3>{tr(Msg::MergeFound)}</h3>
                        <dl class="facts">
                            <dt>{tr(Msg::LegalName)}</dt><dd id="merge-found-name">{account.legal_name.clone()}</dd>
                            <dt>{tr(Msg::Country)}</dt><dd>{country}</dd>
                        </dl>
                        <TextAreaField id="merge-message" label=text(Msg::MergeMessageLabel) value=message
                            error=Signal::derive(move || message_error.get())/>
                        <TextField id="merge-invite-password" label=text(Msg::ConfirmWithPassword) value=password kind="password"
                            autocomplete="current-password" hint=text(Msg::MergePasswordHint) error=password_error_text/>
                        <SubmitButton pending=invite.pending() label=Msg::MergeSendInvitation/>
                    </form>
                }
            })}
        </section>
    }
}

/// Moves the keyboard focus to the element with `id` (a field refused before sending).
fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Why the preview is open: to accept, to confirm, or only to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Accept,
    Confirm,
    Look,
}

/// One merge of the history, with the steps this account may take on it now.
#[component]
fn MergeRow(merge: MergeSummary, can_edit: Memo<bool>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let failure = RwSignal::new(None::<ApiError>);
    let preview = RwSignal::new(None::<(Purpose, MergePreview)>);
    let declining = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let password = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<ApiError>);
    // The admin roles ticked to keep, as (user, role).
    let kept = RwSignal::new(Vec::<(i64, Role)>::new());
    let busy = RwSignal::new(false);
    let id = merge.id;
    let password_id = format!("merge-password-{id}");
    let open_preview = move |purpose: Purpose| {
        failure.set(None);
        password_error.set(None);
        kept.set(Vec::new());
        spawn_local(async move {
            match api::preview_merge(id).await {
                Ok(p) => preview.set(Some((purpose, p))),
                Err(e) => failure.set(Some(e.0)),
            }
        });
    };
    let finish = move |result: Result<MergeSummary, crate::api::Error>| {
        busy.set(false);
        password.set(String::new());
        match result {
            Ok(_) => reload.update(|n| *n += 1),
            Err(e) if e.0.field() == Some(Field::DeclineReason) => {
                reason_error.set(Some(error_text(&e.0, i18n.locale.get_untracked())))
            }
            Err(e) if e.0.field() == Some(Field::Password) => password_error.set(Some(e.0)),
            Err(e) => {
                // What the preview showed may be out of date (a user added or a role changed
                // on the other side): show it as it is now.
                if let Some((purpose, _)) = preview.get_untracked() {
                    if e.0 == ApiError::Malformed {
                        open_preview(purpose);
                    }
                }
                failure.set(Some(e.0))
            }
        }
    };
    let run = move |step: MergeStep| {
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let secret = password.get_untracked();
            let result = match step {
                MergeStep::Accept => api::accept_merge(id, secret).await,
                MergeStep::Cancel => api::cancel_merge(id).await,
                MergeStep::Confirm => {
                    let mut choice: Vec<KeptAdminRoles> = Vec::new();
                    for (user_id, role) in kept.get_untracked() {
                        match choice.iter_mut().find(|k| k.user_id == user_id) {
                            Some(k) => k.roles.push(role),
                            None => choice.push(KeptAdminRoles {
                                user_id,
                                roles: vec![role],
                            }),
                        }
                    }
                    api::confirm_merge(id, secret, choice).await
                }
                MergeStep::Decline => api::decline_merge(id, reason.get_untracked()).await,
                MergeStep::Expire => return,
            };
            finish(result);
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
    let we_invited = merge.direction == MergeDirection::WeInvited;
    let when = move |at: i64| format_time(at, i18n.locale.get());
    let completed = merge.state == MergeState::Completed;
    let open = merge.state.is_open();
    // Who cannot act here still sees what the merge would do.
    let only_look = move || open && !(can_edit.get() && (may_accept || may_confirm));
    let title = format!("{} ({})", merge.other_legal_name, merge.other_partner_id);
    let password_error_text = Signal::derive(move || {
        password_error
            .get()
            .map(|e| error_text(&e, i18n.locale.get()))
    });
    let on_step = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        password_error.set(None);
        let Some((purpose, _)) = preview.get_untracked() else {
            return;
        };
        let step = match purpose {
            Purpose::Accept => MergeStep::Accept,
            Purpose::Confirm => MergeStep::Confirm,
            Purpose::Look => return,
        };
        if password.get_untracked().is_empty() {
            password_error.set(Some(ApiError::invalid(Field::Password, Invalid::Required)));
            focus(&format!("merge-password-{id}"));
            return;
        }
        run(step);
    };
    view! {
        <li class="merge" id=format!("merge-{id}") data-state=merge.state.code()>
            <h3>{move || i18n.t(direction)}": "{title.clone()}" "<span class="tag">{move || i18n.t(merge_state_label(merge.state))}</span></h3>
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
            <div class="button-row">
                <Show when=only_look>
                    <button type="button" class="button" on:click=move |_| open_preview(Purpose::Look)>{tr(Msg::MergeSeePreview)}</button>
                </Show>
                <Show when=move || can_edit.get()>
                    {may_accept.then(|| view! {
                        <button type="button" class="button button-strong" on:click=move |_| open_preview(Purpose::Accept)>{tr(Msg::MergeAccept)}</button>
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
                        <button type="button" class="button button-strong" on:click=move |_| open_preview(Purpose::Confirm)>{tr(Msg::MergeReviewConfirm)}</button>
                    })}
                </Show>
            </div>
            {move || preview.get().map(|(purpose, p)| {
                let heading = match purpose {
                    Purpose::Accept => Msg::MergePreviewTitle,
                    Purpose::Confirm => Msg::MergeConfirmPreviewTitle,
                    Purpose::Look => Msg::MergeViewPreviewTitle,
                };
                let (other_line, other) = if we_invited {
                    (Msg::MergePreviewAbsorbs, format!("{} ({})", p.absorbed_legal_name, p.absorbed_partner_id))
                } else {
                    (Msg::MergePreviewSurvivor, format!("{} ({})", p.survivor_legal_name, p.survivor_partner_id))
                };
                let acting = purpose != Purpose::Look;
                let password_id = password_id.clone();
                view! {
                    <form class="merge-preview" role="region" aria-labelledby=format!("merge-preview-{id}") novalidate on:submit=on_step>
                        <h4 id=format!("merge-preview-{id}")>{tr(heading)}</h4>
                        <p>{tr(other_line)}" "<strong>{other}</strong></p>
                        <ul>
                            <li>{p.users}" "{tr(Msg::MergePreviewUsers)}</li>
                            <li>{p.locations}" "{tr(Msg::MergePreviewLocations)}</li>
                            <li>{p.tenants}" "{tr(Msg::MergePreviewTenants)}</li>
                        </ul>
                        <p>{tr(Msg::MergeAdminRolesDropped)}</p>
                        {match p.arriving {
                            Some(users) => view! {
                                <ArrivingUsers merge_id=id users=users choose={purpose == Purpose::Confirm} kept=kept/>
                            }.into_any(),
                            None => view! { <p class="muted">{tr(Msg::MergeArrivingHidden)}</p> }.into_any(),
                        }}
                        {acting.then(|| view! {
                            <p><strong>{tr(if purpose == Purpose::Accept { Msg::MergePreviewIrreversible } else { Msg::MergeConfirmIrreversible })}</strong></p>
                            <div class="field">
                                <label for=password_id.clone() class="field-label">{tr(Msg::ConfirmWithPassword)}</label>
                                <p id=format!("{password_id}-hint") class="muted">{tr(Msg::MergePasswordHint)}</p>
                                <input id=password_id.clone() type="password" autocomplete="current-password" bind:value=password
                                    aria-invalid=move || password_error.with(Option::is_some).then_some("true")
                                    aria-describedby=format!("{password_id}-hint {password_id}-error")/>
                                <p id=format!("{password_id}-error") class="field-error" aria-live="polite">{move || password_error_text.get()}</p>
                            </div>
                        })}
                        <div class="button-row">
                            {acting.then(|| view! {
                                <SubmitButton pending=Signal::derive(move || busy.get())
                                    label={if purpose == Purpose::Accept { Msg::MergeAcceptConfirm } else { Msg::MergeConfirm }}/>
                            })}
                            <button type="button" class="button" on:click=move |_| preview.set(None)>
                                {tr(if acting { Msg::Cancel } else { Msg::Close })}
                            </button>
                        </div>
                    </form>
                }
            })}
            <Show when=move || can_edit.get() && declining.get()>
                <form novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    reason_error.set(None);
                    run(MergeStep::Decline);
                }>
                    <TextAreaField id=format!("decline-reason-{id}") label=text(Msg::MergeDeclineReasonLabel) value=reason
                        error=Signal::derive(move || reason_error.get())/>
                    <div class="button-row">
                        <SubmitButton pending=Signal::derive(move || busy.get()) label=Msg::MergeDecline/>
                        <button type="button" class="button" on:click=move |_| declining.set(false)>{tr(Msg::Cancel)}</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}

/// The users who would arrive, with the roles they hold now and those they would arrive with;
/// when `choose`, a checkbox per admin role per user (unticked: dropped) writes into `kept`.
#[component]
fn ArrivingUsers(
    merge_id: i64,
    users: Vec<ArrivingUser>,
    choose: bool,
    kept: RwSignal<Vec<(i64, Role)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h5 class="arriving-title">{tr(Msg::MergeArrivingTitle)}</h5>
        <ul class="arriving-list">
            {users.into_iter().map(|user| {
                let user_id = user.user_id;
                let held = user.roles.clone();
                let admin_roles = user.admin_roles();
                let arrives_with = {
                    let held = held.clone();
                    move || {
                        let mine: Vec<Role> = kept.with(|k| k.iter().filter(|(u, _)| *u == user_id).map(|(_, r)| *r).collect());
                        arriving_roles(&held, &mine)
                    }
                };
                let status = user.status;
                let name = user.name.clone();
                view! {
                    <li class="arriving">
                        <p class="arriving-name"><strong>{user.name.clone()}</strong>" · "{user.email.clone()}" · "{move || status_name(status, i18n.locale.get())}</p>
                        <p>{tr(Msg::MergeRolesNow)}": "{move || roles_text(&held, i18n.locale.get())}</p>
                        {(choose && !admin_roles.is_empty()).then(|| view! {
                            <fieldset>
                                <legend>{tr(Msg::MergeKeepAdminRolesFor)}" "{name.clone()}</legend>
                                {admin_roles.iter().map(|role| {
                                    let role = *role;
                                    let box_id = format!("keep-{merge_id}-{user_id}-{}", role.slug());
                                    let label_for = box_id.clone();
                                    view! {
                                        <label class="checkbox" for=label_for>
                                            <input type="checkbox" id=box_id
                                                prop:checked=move || kept.with(|k| k.contains(&(user_id, role)))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    kept.update(|k| {
                                                        k.retain(|entry| *entry != (user_id, role));
                                                        if on { k.push((user_id, role)); }
                                                    });
                                                }/>
                                            {move || role_name(role, i18n.locale.get())}
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                        })}
                        <p>
                            {tr(Msg::MergeArrivesWith)}": "
                            {move || {
                                let roles = arrives_with();
                                if roles.is_empty() {
                                    i18n.t(Msg::MergeArrivesWithoutRole).to_owned()
                                } else {
                                    roles_text(&roles, i18n.locale.get())
                                }
                            }}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
