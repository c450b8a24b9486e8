//! The Account settings workspace: a Leptos client (built to WebAssembly by Trunk) and the server
//! functions it calls (compiled into the server with the `ssr` feature).

pub mod api;
pub mod components;
pub mod forms;
pub mod i18n;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::shell::Workspace;
use crate::pages::audit::AuditPage;
use crate::pages::auth::{ConfirmSignUpPage, SignInPage, SignUpPage};
use crate::pages::company_profile::CompanyProfilePage;
use crate::pages::incentives::IncentivesPage;
use crate::pages::invitation::InvitationPage;
use crate::pages::legal_info::LegalInfoPage;
use crate::pages::mailbox::MailboxPage;
use crate::pages::not_found::NotFound;
use crate::pages::overview::OverviewPage;
use crate::pages::review::ReviewPage;
use crate::pages::users::UsersPage;

/// The whole application: language, session and routes.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    session::provide_session();
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
                    <Route path=path!("overview") view=OverviewPage/>
                    <Route path=path!("legal-info") view=LegalInfoPage/>
                    <Route path=path!("review") view=ReviewPage/>
                    <Route path=path!("company-profile") view=CompanyProfilePage/>
                    <Route path=path!("tenants") view=pages::tenants::TenantsPage/>
                    <Route path=path!("tenants/associate") view=pages::tenants::AssociationReturn/>
                    <Route path=path!("account-merge") view=pages::account_merge::AccountMergePage/>
                    <Route path=path!("identifiers") view=pages::identifiers::IdentifiersPage/>
                    <Route path=path!("support-details") view=pages::support_details::SupportDetailsPage/>
                    <Route path=path!("invoices") view=pages::invoices::InvoicesPage/>
                    <Route path=path!("users") view=UsersPage/>
                    <Route path=path!("incentives") view=IncentivesPage/>
                    <Route path=path!("audit") view=AuditPage/>
                    // My preferences (issue 7, preferences part): reached from the bell.
                    <Route path=path!("preferences") view=pages::preferences::PreferencesPage/>
                    // Programs (issue 7, programs part).
                    <Route path=path!("programs") view=pages::programs::ProgramsPage/>
                    // Tax profile (issue 7, tax part).
                    <Route path=path!("tax") view=pages::tax::TaxPage/>
                    // Payout and billing (issue 7, payout part).
                    <Route path=path!("payout") view=pages::payout::PayoutPage/>
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
