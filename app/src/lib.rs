#![recursion_limit = "256"]
//! The Account settings workspace: a Leptos client (built to WebAssembly by Trunk) and the server
//! functions it calls (compiled into the server with the `ssr` feature).

pub mod api;
pub mod components;
pub mod forms;
pub mod i18n;
pub mod pages;
pub mod routes;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::shell::{Menu, Workspace};
use crate::pages::auth::{ConfirmSignUpPage, SignInPage, SignUpPage};
use crate::pages::invitation::InvitationPage;
use crate::pages::mailbox::MailboxPage;
use crate::pages::not_found::NotFound;

/// The whole application: language, session and routes.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    session::provide_session();
    provide_context(Menu(routes::menu()));
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/settings/overview"/> }/>
                <Route path=path!("/signin") view=SignInPage/>
                <Route path=path!("/signup") view=SignUpPage/>
                <Route path=path!("/signup/confirm") view=ConfirmSignUpPage/>
                <Route path=path!("/invitation") view=InvitationPage/>
                <Route path=path!("/confirm-email") view=pages::confirm_email::ConfirmEmailPage/>
                <Route path=path!("/mailbox") view=MailboxPage/>
                <ParentRoute path=path!("/settings") view=Workspace>
                    <Route path=path!("") view=|| view! { <Redirect path="/settings/overview"/> }/>
                    // Where the tenant's directory sends the user back after sign-in.
                    <Route path=path!("tenants/associate") view=pages::tenants::AssociationReturn/>
                    // A program's agreement, to read before enrolling or after.
                    <Route path=path!("programs/:program/agreement") view=pages::programs::agreement::AgreementPage/>
                    <routes::WorkspaceRoutes/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Starts the client when the WASM module loads.
#[cfg(feature = "csr")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
