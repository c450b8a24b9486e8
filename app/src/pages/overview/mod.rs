//! Overview, the "find your role" page: who you are, your roles and what they let you do.

use domain::{catalogue, Access};
use leptos::prelude::*;

use crate::i18n::{area_text, role_name, tr, use_i18n, use_page_title, Msg};
use crate::session::use_session;

stylance::import_crate_style!(style, "src/pages/overview/overview.module.css");

#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(Msg::OverviewTitle);
    let session = use_session();
    let show_permissions = RwSignal::new(false);
    let me = move || session.me.get();
    let field = move |label: Msg, value: fn(&domain::model::Me) -> String| {
        view! {
            <div class=style::pair>
                <dt>{move || i18n.t(label)}</dt>
                <dd>{move || me().map(|m| value(&m)).unwrap_or_default()}</dd>
            </div>
        }
    };
    let roles = move || me().map(|m| m.roles).unwrap_or_default();

    view! {
        <h1>{tr(Msg::OverviewTitle)}</h1>
        <p class="lede">{tr(Msg::OverviewIntro)}</p>
        <section class="card" aria-labelledby="personal-info">
            <h2 id="personal-info">{tr(Msg::PersonalInfo)}</h2>
            <dl class=style::pairs>
                {field(Msg::Name, |m| m.name.clone())}
                {field(Msg::Email, |m| m.email.clone())}
                {field(Msg::Company, |m| m.account.legal_name.clone())}
                {field(Msg::PartnerId, |m| m.account.partner_id.clone())}
            </dl>
        </section>
        <section class="card" aria-labelledby="your-roles">
            <h2 id="your-roles">{tr(Msg::YourRoles)}</h2>
            <Show when=move || me().is_some() && roles().is_empty()>
                <p id="no-role">{move || i18n.t(if me().is_some_and(|m| m.reviewer) { Msg::ReviewerHoldsNoRole } else { Msg::NoRoleHeld })}</p>
            </Show>
            <ul class=style::roles>
                {move || roles().into_iter().map(|role| view! {
                    <li class="tag">{move || role_name(role, i18n.locale.get())}</li>
                }).collect_view()}
            </ul>
            <button
                type="button"
                class="button"
                aria-expanded=move || show_permissions.get().to_string()
                aria-controls="permission-list"
                on:click=move |_| show_permissions.update(|s| *s = !*s)
            >
                {move || if show_permissions.get() { i18n.t(Msg::HidePermissions) } else { i18n.t(Msg::ViewPermissions) }}
            </button>
            <div id="permission-list" hidden=move || !show_permissions.get()>
                <p>{tr(Msg::PermissionsIntro)}</p>
                <ul class=style::permissions>
                    {move || catalogue::permissions(&roles()).into_iter().map(|(area, access)| {
                        let level = if access == Access::Edit { Msg::CanEdit } else { Msg::CanView };
                        view! {
                            <li>
                                <span class=style::area>{move || area_text(area, i18n.locale.get()).0}</span>
                                <span class="tag">{move || i18n.t(level)}</span>
                                <span class=style::what>{move || area_text(area, i18n.locale.get()).1}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </section>
    }
}
