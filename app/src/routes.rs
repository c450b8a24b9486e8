//! The workspace's pages in one table: the router is built from it, and so is the navigation
//! (each page the user's roles may view, in this order).

use domain::Area;
use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::{NestedRoute, StaticSegment};

use crate::components::shell::MenuItem;
use crate::i18n::Msg;
use crate::pages;

/// A page under `/settings/`.
pub struct WorkspacePage {
    /// Its path under `/settings/`.
    pub slug: &'static str,
    /// The menu entry: the area a user must be able to view, and its title; `None` for a page
    /// reached otherwise (My preferences from the bell, the review queue for reviewers).
    pub menu: Option<(Area, Msg)>,
    pub view: fn() -> AnyView,
}

pub const WORKSPACE: &[WorkspacePage] = &[
    WorkspacePage {
        slug: "overview",
        menu: Some((Area::Overview, Msg::OverviewTitle)),
        view: || view! { <pages::overview::OverviewPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "legal-info",
        menu: Some((Area::LegalInfo, Msg::LegalInfoTitle)),
        view: || view! { <pages::legal_info::LegalInfoPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "company-profile",
        menu: Some((Area::CompanyProfile, Msg::CompanyProfileTitle)),
        view: || view! { <pages::company_profile::CompanyProfilePage/> }.into_any(),
    },
    WorkspacePage {
        slug: "tenants",
        menu: Some((Area::Tenants, Msg::TenantsTitle)),
        view: || view! { <pages::tenants::TenantsPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "identifiers",
        menu: Some((Area::Identifiers, Msg::IdentifiersTitle)),
        view: || view! { <pages::identifiers::IdentifiersPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "support-details",
        menu: Some((Area::SupportDetails, Msg::SupportDetailsTitle)),
        view: || view! { <pages::support_details::SupportDetailsPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "account-merge",
        menu: Some((Area::AccountMerge, Msg::MergeTitle)),
        view: || view! { <pages::account_merge::AccountMergePage/> }.into_any(),
    },
    WorkspacePage {
        slug: "payout",
        menu: Some((Area::PayoutTax, Msg::PayoutTitle)),
        view: || view! { <pages::payout::PayoutPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "tax",
        menu: Some((Area::PayoutTax, Msg::TaxTitle)),
        view: || view! { <pages::tax::TaxPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "invoices",
        menu: Some((Area::PayoutTax, Msg::InvoicesTitle)),
        view: || view! { <pages::invoices::InvoicesPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "programs",
        menu: Some((Area::Programs, Msg::ProgramsTitle)),
        view: || view! { <pages::programs::ProgramsPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "users",
        menu: Some((Area::Users, Msg::UsersTitle)),
        view: || view! { <pages::users::UsersPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "incentives",
        menu: Some((Area::Incentives, Msg::IncentivesTitle)),
        view: || view! { <pages::incentives::IncentivesPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "audit",
        menu: Some((Area::AuditLog, Msg::AuditTitle)),
        view: || view! { <pages::audit::AuditPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "preferences",
        menu: None,
        view: || view! { <pages::preferences::PreferencesPage/> }.into_any(),
    },
    WorkspacePage {
        slug: "review",
        menu: None,
        view: || view! { <pages::review::ReviewPage/> }.into_any(),
    },
];

/// The routes of the table's pages, under the workspace's parent route.
#[component(transparent)]
pub fn WorkspaceRoutes() -> AnyNestedRoute {
    StaticVec::from(
        WORKSPACE
            .iter()
            .map(|page| NestedRoute::new(StaticSegment(page.slug), page.view))
            .collect::<Vec<_>>(),
    )
    .into_any_nested_route()
}

/// The navigation: the table's menu entries, in order.
pub fn menu() -> Vec<MenuItem> {
    WORKSPACE
        .iter()
        .filter_map(|page| {
            page.menu.map(|(area, title)| MenuItem {
                area,
                path: format!("/settings/{}", page.slug),
                title,
            })
        })
        .collect()
}
