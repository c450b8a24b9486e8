//! User management: the account's users, their roles and status; inviting, editing roles,
//! deactivating and deleting, as far as the signed-in user's roles reach.

pub mod api;
mod editor;
mod invite;
mod roles;

use domain::model::{UserRow, UserStatus};
use domain::{Access, ApiError, Area, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::shell::RequireArea;
use crate::components::{confirm, format_time, ErrorBanner};
use crate::i18n::{role_name, status_name, tr, use_i18n, use_page_title, Msg};
use crate::session::use_session;
use editor::RoleEditor;
use invite::InviteForm;

use crate::components::list::{email_cell, style};
use crate::forms::loaded_from;

#[component]
pub fn UsersPage() -> impl IntoView {
    use_page_title(Msg::UsersTitle);
    view! {
        <h1>{tr(Msg::UsersTitle)}</h1>
        <p class="lede">{tr(Msg::UsersIntro)}</p>
        <RequireArea area=Area::Users>
            <UserManagement/>
        </RequireArea>
    }
}

/// What the page is doing besides listing.
#[derive(Clone, PartialEq)]
enum Panel {
    None,
    Invite,
    EditRoles(UserRow),
}

#[component]
fn UserManagement() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let reload = RwSignal::new(0u32);
    let users = LocalResource::new(move || {
        reload.track();
        api::list_users()
    });
    let search = RwSignal::new(String::new());
    let role_filter = RwSignal::new(String::new());
    let panel = RwSignal::new(Panel::None);
    let notice = RwSignal::new(None::<Msg>);
    let failure = RwSignal::new(None::<ApiError>);
    let can_edit = Memo::new(move |_| session.allows(Area::Users, Access::Edit));
    let my_roles = move || {
        session
            .me
            .with(|m| m.as_ref().map(|m| m.roles.clone()).unwrap_or_default())
    };
    let my_id = move || session.me.with(|m| m.as_ref().map_or(0, |m| m.user_id));

    let finished = Callback::new(move |result: Result<Msg, ApiError>| {
        match result {
            Ok(msg) => {
                notice.set(Some(msg));
                failure.set(None);
                panel.set(Panel::None);
            }
            Err(e) => {
                notice.set(None);
                failure.set(Some(e));
            }
        }
        reload.update(|n| *n += 1);
    });
    let act = move |row: UserRow, action: &'static str| {
        let (question, run): (Option<Msg>, _) = match action {
            "deactivate" => (Some(Msg::ConfirmDeactivate), action),
            "revoke" => (Some(Msg::ConfirmRevoke), action),
            "delete" => (Some(Msg::ConfirmDelete), action),
            _ => (None, action),
        };
        if let Some(question) = question {
            if !confirm(i18n.t(question)) {
                return;
            }
        }
        spawn_local(async move {
            let result = match run {
                "deactivate" => api::deactivate_user(row.id, row.version)
                    .await
                    .map(|_| Msg::Done),
                "reactivate" => api::reactivate_user(row.id, row.version)
                    .await
                    .map(|_| Msg::Done),
                "resend" => api::resend_invitation(row.id)
                    .await
                    .map(|_| Msg::InvitationSent),
                "revoke" => api::revoke_invitation(row.id).await.map(|_| Msg::Done),
                _ => api::delete_user(row.id, row.version)
                    .await
                    .map(|_| Msg::Done),
            };
            finished.run(result.map_err(|e| e.0));
        });
    };

    let filtered = move |list: Vec<UserRow>| {
        let needle = search.get().trim().to_lowercase();
        let role = Role::from_slug(&role_filter.get());
        list.into_iter()
            .filter(|u| {
                needle.is_empty()
                    || u.name.to_lowercase().contains(&needle)
                    || u.email.contains(&needle)
            })
            .filter(|u| role.is_none_or(|r| u.roles.contains(&r)))
            .collect::<Vec<_>>()
    };

    view! {
        <div role="status" class="banner-slot">
            {move || notice.get().map(|m| view! { <p class="banner banner-ok">{move || i18n.t(m)}</p> })}
        </div>
        <ErrorBanner error=failure/>
        <div class=style::toolbar>
            <div class=style::search>
                <label for="user-search">{tr(Msg::SearchUsers)}</label>
                <input id="user-search" type="search" bind:value=search/>
            </div>
            <div class=style::search>
                <label for="role-filter">{tr(Msg::FilterByRole)}</label>
                <select id="role-filter" on:change=move |ev| role_filter.set(event_target_value(&ev)) prop:value=move || role_filter.get()>
                    <option value="">{tr(Msg::AllRoles)}</option>
                    {Role::ALL.into_iter().map(|r| view! {
                        <option value=r.slug()>{move || role_name(r, i18n.locale.get())}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || can_edit.get()>
                <button type="button" class="button button-strong" aria-expanded=move || (panel.get() == Panel::Invite).to_string()
                    on:click=move |_| panel.set(Panel::Invite)>
                    {tr(Msg::AddUser)}
                </button>
            </Show>
        </div>
        {move || match panel.get() {
            Panel::None => ().into_any(),
            Panel::Invite => view! { <InviteForm on_done=finished on_cancel=Callback::new(move |()| panel.set(Panel::None))/> }.into_any(),
            Panel::EditRoles(row) => view! { <RoleEditor user=row on_done=finished on_cancel=Callback::new(move |()| panel.set(Panel::None))/> }.into_any(),
        }}
        {loaded_from(users, move |list| {
            let rows = filtered(list);
            if rows.is_empty() {
                return view! { <p>{tr(Msg::NoUsersMatch)}</p> }.into_any();
            }
            view! {
                <table class=style::table>
                    <thead>
                        <tr>
                            <th scope="col">{tr(Msg::Name)}</th>
                            <th scope="col">{tr(Msg::Email)}</th>
                            <th scope="col">{tr(Msg::Roles)}</th>
                            <th scope="col">{tr(Msg::Status)}</th>
                            <Show when=move || can_edit.get()><th scope="col">{tr(Msg::Actions)}</th></Show>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|user| {
                            let roles = user.roles.clone();
                            let is_me = user.id == my_id();
                            let reachable = user_is_reachable(&my_roles(), &user);
                            let row = user.clone();
                            view! {
                                <tr>
                                    <th scope="row" data-label=move || i18n.t(Msg::Name)>
                                        {user.name.clone()}{is_me.then(|| view! { " "<span class="muted">{tr(Msg::You)}</span> })}
                                    </th>
                                    <td data-label=move || i18n.t(Msg::Email)>{email_cell(&user.email)}</td>
                                    <td data-label=move || i18n.t(Msg::Roles)>
                                        {move || roles.iter().map(|r| role_name(*r, i18n.locale.get())).collect::<Vec<_>>().join(", ")}
                                    </td>
                                    <td data-label=move || i18n.t(Msg::Status)>
                                        {move || status_name(user.status, i18n.locale.get())}
                                        {user.invitation_expires_at.map(|at| view! {
                                            <span class="muted">" ("{tr(Msg::InvitationExpires)}" "{move || format_time(at, i18n.locale.get())}")"</span>
                                        })}
                                    </td>
                                    <Show when=move || can_edit.get()>
                                        <td data-label=move || i18n.t(Msg::Actions)>
                                            <RowActions user=row.clone() is_me=is_me reachable=reachable panel=panel act=act/>
                                        </td>
                                    </Show>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        })}
    }
}

/// Whether the signed-in user may change `user` at all (only a Global admin touches one).
fn user_is_reachable(my_roles: &[Role], user: &UserRow) -> bool {
    !user.roles.contains(&Role::GlobalAdmin) || my_roles.contains(&Role::GlobalAdmin)
}

#[component]
fn RowActions(
    user: UserRow,
    is_me: bool,
    reachable: bool,
    panel: RwSignal<Panel>,
    act: impl Fn(UserRow, &'static str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    if !reachable {
        return ().into_any();
    }
    let button = move |msg: Msg, action: &'static str, user: UserRow, danger: bool| {
        let label = format!("{} {}", msg.text(i18n.locale.get_untracked()), user.name);
        view! {
            <button type="button" class=if danger { "button button-small button-danger" } else { "button button-small" }
                aria-label=label on:click=move |_| act(user.clone(), action)>
                {move || i18n.t(msg)}
            </button>
        }
    };
    let edit_user = user.clone();
    let edit_label = format!(
        "{} {}",
        Msg::EditRoles.text(i18n.locale.get_untracked()),
        user.name
    );
    view! {
        <div class="button-row">
            <button type="button" class="button button-small" aria-label=edit_label
                on:click=move |_| panel.set(Panel::EditRoles(edit_user.clone()))>
                {tr(Msg::EditRoles)}
            </button>
            {match (user.status, is_me) {
                (_, true) => ().into_any(),
                // A pending founder is alone in an account nobody else can open yet.
                (UserStatus::Pending, false) => ().into_any(),
                (UserStatus::Invited, false) => view! {
                    {button(Msg::ResendInvitation, "resend", user.clone(), false)}
                    {button(Msg::RevokeInvitation, "revoke", user.clone(), true)}
                }.into_any(),
                (UserStatus::Active, false) => view! {
                    {button(Msg::Deactivate, "deactivate", user.clone(), true)}
                    {button(Msg::DeleteUser, "delete", user.clone(), true)}
                }.into_any(),
                (UserStatus::Deactivated, false) => view! {
                    {button(Msg::Reactivate, "reactivate", user.clone(), false)}
                    {button(Msg::DeleteUser, "delete", user.clone(), true)}
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}
