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
// My preferences: not in the menu, reached from the bell.
pub mod preferences;
// Programs.
pub mod payout;
pub mod programs;
pub mod review;
pub mod support_details;
// Tax profile.
pub mod tax;
pub mod tenants;
pub mod users;
