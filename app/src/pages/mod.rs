//! One folder per area of the workspace.

pub mod account_merge;
pub mod audit;
pub mod auth;
pub mod company_profile;
pub mod confirm_email;
pub mod identifiers;
pub mod incentives;
pub mod invitation;
pub mod invoices;
pub mod legal_info;
pub mod mailbox;
pub mod not_found;
pub mod overview;
// My preferences (issue 7, preferences part): not in the menu, reached from the bell.
pub mod preferences;
// Programs (issue 7, programs part).
pub mod payout;
pub mod programs;
pub mod review;
pub mod support_details;
// Tax profile (issue 7, tax part).
pub mod tax;
pub mod tenants;
pub mod users;

use domain::Area;

use crate::i18n::Msg;

/// The built pages of the workspace, in menu order: (area, path, title). A page appears in the
/// navigation only if the user's roles reach its area; unbuilt areas are simply absent.
pub const WORKSPACE_PAGES: &[(Area, &str, Msg)] = &[
    (Area::Overview, "/settings/overview", Msg::OverviewTitle),
    (Area::LegalInfo, "/settings/legal-info", Msg::LegalInfoTitle),
    (
        Area::CompanyProfile,
        "/settings/company-profile",
        Msg::CompanyProfileTitle,
    ),
    (Area::Tenants, "/settings/tenants", Msg::TenantsTitle),
    (
        Area::Identifiers,
        "/settings/identifiers",
        Msg::IdentifiersTitle,
    ),
    (
        Area::SupportDetails,
        "/settings/support-details",
        Msg::SupportDetailsTitle,
    ),
    (
        Area::AccountMerge,
        "/settings/account-merge",
        Msg::MergeTitle,
    ),
    (Area::PayoutTax, "/settings/payout", Msg::PayoutTitle),
    (Area::PayoutTax, "/settings/tax", Msg::TaxTitle),
    (Area::PayoutTax, "/settings/invoices", Msg::InvoicesTitle),
    (Area::Programs, "/settings/programs", Msg::ProgramsTitle),
    (Area::Users, "/settings/users", Msg::UsersTitle),
    (
        Area::Incentives,
        "/settings/incentives",
        Msg::IncentivesTitle,
    ),
    (Area::AuditLog, "/settings/audit", Msg::AuditTitle),
];
