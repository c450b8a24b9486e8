//! A group of role checkboxes, shared by the invitation form and the role editor.

use domain::Role;
use leptos::prelude::*;

use crate::i18n::{role_name, tr, use_i18n, Msg};

#[component]
pub fn RolePicker(
    /// The checked roles.
    selected: RwSignal<Vec<Role>>,
    /// The roles the signed-in user may grant or remove. Only these are offered, beside the
    /// roles already checked when the picker opens (disabled when out of reach).
    manageable: Vec<Role>,
    /// The error beside the group, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Offered: the roles the signed-in user may grant, and those the user already holds (shown
    // disabled when out of reach, so nothing is hidden about them).
    let held = selected.get_untracked();
    let shown = Role::ALL
        .into_iter()
        .filter(|role| manageable.contains(role) || held.contains(role));
    view! {
        <fieldset aria-describedby="roles-error">
            <legend>{tr(Msg::Roles)}</legend>
            <p class="muted">{tr(Msg::RolesHint)}</p>
            <div class="checkbox-grid">
                {shown.map(|role| {
                    let id = format!("role-{}", role.slug());
                    let enabled = manageable.contains(&role);
                    view! {
                        <label class="checkbox">
                            <input
                                type="checkbox"
                                id=id
                                disabled=!enabled
                                prop:checked=move || selected.with(|s| s.contains(&role))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    selected.update(|s| {
                                        s.retain(|r| *r != role);
                                        if on {
                                            s.push(role);
                                            s.sort();
                                        }
                                    });
                                }
                            />
                            {move || role_name(role, i18n.locale.get())}
                        </label>
                    }
                }).collect_view()}
            </div>
            <p id="roles-error" class="field-error" aria-live="polite">{move || error.get()}</p>
        </fieldset>
    }
}

/// The roles `my_roles` may grant or remove.
pub fn manageable_roles(my_roles: &[Role]) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| r.can_be_managed_by(my_roles))
        .collect()
}
