//! The account's users and their roles.

pub mod api;

use domain::model::UserStatus;
use domain::Area;
use leptos::prelude::*;

use crate::components::shell::RequireArea;
use crate::components::{ErrorBanner, Loading};
use crate::i18n::{role_name, use_i18n, use_page_title, Msg};

stylance::import_crate_style!(style, "src/pages/users/users.module.css");

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(Msg::UsersTitle);
    view! {
        <h1>{move || i18n.t(Msg::UsersTitle)}</h1>
        <p class="lede">{move || i18n.t(Msg::UsersIntro)}</p>
        <RequireArea area=Area::Users>
            <UserTable/>
        </RequireArea>
    }
}

#[component]
fn UserTable() -> impl IntoView {
    let i18n = use_i18n();
    let users = LocalResource::new(api::list_users);
    view! {
        <Suspense fallback=Loading>
            {move || users.get().map(|result| match result {
                Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                Ok(list) => view! {
                    <div class=style::scroll>
                        <table class=style::table>
                            <thead>
                                <tr>
                                    <th scope="col">{move || i18n.t(Msg::Name)}</th>
                                    <th scope="col">{move || i18n.t(Msg::Email)}</th>
                                    <th scope="col">{move || i18n.t(Msg::Roles)}</th>
                                    <th scope="col">{move || i18n.t(Msg::Status)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|user| {
                                    let roles = user.roles.clone();
                                    view! {
                                        <tr>
                                            <th scope="row" data-label=move || i18n.t(Msg::Name)>{user.name}</th>
                                            <td data-label=move || i18n.t(Msg::Email)>{user.email}</td>
                                            <td data-label=move || i18n.t(Msg::Roles)>
                                                {move || roles.iter().map(|r| role_name(*r, i18n.locale.get())).collect::<Vec<_>>().join(", ")}
                                            </td>
                                            <td data-label=move || i18n.t(Msg::Status)>
                                                {move || match user.status { UserStatus::Active => i18n.t(Msg::StatusActive) }}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            })}
        </Suspense>
    }
}
