//! Editing one user's roles, with the shared conflict screen when someone saved first.

use domain::error::ConflictKind;
use domain::model::UserRow;
use domain::{ApiError, Field, Role};
use leptos::prelude::*;

use super::api::set_user_roles;
use super::roles::{manageable_roles, RolePicker};
use crate::components::conflict::{ConflictNotice, Difference};
use crate::components::field::SubmitButton;
use crate::components::ErrorBanner;
use crate::forms::reapply;
use crate::i18n::{error_text, role_name, tr, use_i18n, Msg};
use crate::session::use_session;

#[component]
pub fn RoleEditor(
    /// The user as the list showed them (their roles and version are what we opened).
    user: UserRow,
    on_done: Callback<Result<Msg, ApiError>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let opened = RwSignal::new(user.roles.clone());
    let version = RwSignal::new(user.version);
    let selected = RwSignal::new(user.roles.clone());
    let role_error = RwSignal::new(None::<ApiError>);
    let failure = RwSignal::new(None::<ApiError>);
    let collision = RwSignal::new(None::<(String, i64, UserRow)>);
    let action = Action::new_local(move |(roles, version): &(Vec<Role>, i64)| {
        set_user_roles(user.id, roles.clone(), *version)
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => on_done.run(Ok(Msg::Saved)),
        Some(Err(e)) => match e.0 {
            ApiError::Conflict(ConflictKind::Stale { by, at, current }) => {
                match serde_json::from_str::<UserRow>(&current) {
                    Ok(theirs) => collision.set(Some((by, at, theirs))),
                    Err(_) => failure.set(Some(ApiError::Internal)),
                }
            }
            e if e.field() == Some(Field::Roles) => role_error.set(Some(e)),
            e => failure.set(Some(e)),
        },
        None => {}
    });
    let save = move |roles: Vec<Role>, at_version: i64| {
        failure.set(None);
        match domain::users::parse_roles(&roles) {
            Ok(roles) => {
                role_error.set(None);
                action.dispatch((roles, at_version));
            }
            Err(e) => role_error.set(Some(e)),
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(selected.get_untracked(), version.get_untracked());
    };
    let reapply_mine = Callback::new(move |()| {
        if let Some((_, _, theirs)) = collision.get_untracked() {
            let merged = reapply(
                &opened.get_untracked(),
                &selected.get_untracked(),
                &theirs.roles,
            );
            collision.set(None);
            opened.set(theirs.roles.clone());
            version.set(theirs.version);
            selected.set(merged.clone());
            save(merged, theirs.version);
        }
    });
    let use_theirs = Callback::new(move |()| {
        if let Some((_, _, theirs)) = collision.get_untracked() {
            collision.set(None);
            opened.set(theirs.roles.clone());
            version.set(theirs.version);
            selected.set(theirs.roles);
        }
    });
    let names = move |roles: &[Role]| {
        roles
            .iter()
            .map(|r| role_name(*r, i18n.locale.get_untracked()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let manageable = manageable_roles(
        &session
            .me
            .with_untracked(|m| m.as_ref().map(|m| m.roles.clone()).unwrap_or_default()),
    );
    let title = format!(
        "{} · {}",
        Msg::EditRoles.text(i18n.locale.get_untracked()),
        user.name
    );
    view! {
        <section class="card" aria-labelledby="role-editor-title">
            <h2 id="role-editor-title">{title}</h2>
            {move || collision.get().map(|(by, at, theirs)| view! {
                <ConflictNotice by=by at=at
                    differences=vec![Difference { label: i18n.t(Msg::Roles), theirs: names(&theirs.roles), yours: names(&selected.get_untracked()) }]
                    on_reapply=reapply_mine on_use_theirs=use_theirs/>
            })}
            <form on:submit=on_submit novalidate>
                <ErrorBanner error=failure/>
                <RolePicker selected=selected manageable=manageable
                    error=Signal::derive(move || role_error.get().map(|e| error_text(&e, i18n.locale.get())))/>
                <div class="button-row">
                    <SubmitButton pending=action.pending() label=Msg::SaveRoles/>
                    <button type="button" class="button" on:click=move |_| on_cancel.run(())>{tr(Msg::Cancel)}</button>
                </div>
            </form>
        </section>
    }
}
