//! The role and permission catalogue: which role may view or edit which area of the workspace.
//!
//! This table is the single source of truth. The client reads it to build menus and to render
//! pages read-only; the server reads it to allow or refuse every server function; the Overview
//! page reads it to explain a user's permissions in plain words.

use serde::{Deserialize, Serialize};

/// A role a user of a partner account can hold. A user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    GlobalAdmin,
    AccountAdmin,
    UserManagementAdmin,
    BillingAdmin,
    IncentiveAdmin,
    IncentiveUser,
    ReferralsAdmin,
    Developer,
    BusinessContributor,
    FinancialContributor,
    Marketer,
    ReportViewer,
}

impl Role {
    pub const ALL: [Role; 12] = [
        Role::GlobalAdmin,
        Role::AccountAdmin,
        Role::UserManagementAdmin,
        Role::BillingAdmin,
        Role::IncentiveAdmin,
        Role::IncentiveUser,
        Role::ReferralsAdmin,
        Role::Developer,
        Role::BusinessContributor,
        Role::FinancialContributor,
        Role::Marketer,
        Role::ReportViewer,
    ];

    /// The admin roles: those that reach other people's access, the company's identity or its
    /// money. Only a Global admin grants or removes them, and users arriving through an account
    /// merge lose them unless the confirming Global admin keeps them.
    pub const ADMIN: [Role; 6] = [
        Role::GlobalAdmin,
        Role::AccountAdmin,
        Role::UserManagementAdmin,
        Role::BillingAdmin,
        Role::IncentiveAdmin,
        Role::ReferralsAdmin,
    ];

    /// Whether this is one of the [`Role::ADMIN`] roles.
    pub fn is_admin(self) -> bool {
        Role::ADMIN.contains(&self)
    }

    /// A stable identifier: stored in the database and used in demo emails.
    pub fn slug(self) -> &'static str {
        match self {
            Role::GlobalAdmin => "global-admin",
            Role::AccountAdmin => "account-admin",
            Role::UserManagementAdmin => "user-management-admin",
            Role::BillingAdmin => "billing-admin",
            Role::IncentiveAdmin => "incentive-admin",
            Role::IncentiveUser => "incentive-user",
            Role::ReferralsAdmin => "referrals-admin",
            Role::Developer => "developer",
            Role::BusinessContributor => "business-contributor",
            Role::FinancialContributor => "financial-contributor",
            Role::Marketer => "marketer",
            Role::ReportViewer => "report-viewer",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.slug() == slug)
    }

    /// Whether a user holding `granter_roles` may give this role to someone or take it away.
    /// Only a Global admin grants or removes an admin role ([`Role::ADMIN`], Global admin
    /// included): otherwise a User management admin could hand out the keys to the company's
    /// identity, money or people. The other roles need edit access to Users.
    pub fn can_be_managed_by(self, granter_roles: &[Role]) -> bool {
        if self.is_admin() {
            granter_roles.contains(&Role::GlobalAdmin)
        } else {
            access(granter_roles, Area::Users) == Access::Edit
        }
    }
}

/// An area of the Account settings workspace, as permissions see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Area {
    /// Your own profile, roles and permissions ("find your role").
    Overview,
    /// Your own notifications and notification preferences.
    Notifications,
    /// The account's users and their roles.
    Users,
    /// Legal information, verification, contacts and locations.
    LegalInfo,
    /// How the company describes itself.
    CompanyProfile,
    /// Directory tenants associated with the account.
    Tenants,
    /// Partner ID, location IDs and publisher IDs (never changed; viewing them).
    Identifiers,
    /// The publisher display name shown on the company's offers and apps.
    PublisherName,
    /// The seller contact: who is contacted about the company's sales.
    SellerContact,
    /// The company approver of what is published under its name.
    CompanyApprover,
    /// The support email, phone, website and hours shown to the company's customers.
    SupportDetails,
    /// Merging two partner accounts.
    AccountMerge,
    /// Payout account, billing information and tax profile.
    PayoutTax,
    /// Programs the company is enrolled in.
    Programs,
    /// Incentive payment and claims settings.
    Incentives,
    /// Co-sell referral settings.
    Referrals,
    /// The record of every change made in the workspace.
    AuditLog,
}

impl Area {
    pub const ALL: [Area; 17] = [
        Area::Overview,
        Area::Notifications,
        Area::Users,
        Area::LegalInfo,
        Area::CompanyProfile,
        Area::Tenants,
        Area::Identifiers,
        Area::PublisherName,
        Area::SellerContact,
        Area::CompanyApprover,
        Area::SupportDetails,
        Area::AccountMerge,
        Area::PayoutTax,
        Area::Programs,
        Area::Incentives,
        Area::Referrals,
        Area::AuditLog,
    ];
}

impl Area {
    /// A stable identifier, stored in the audit log.
    pub fn slug(self) -> &'static str {
        match self {
            Area::Overview => "overview",
            Area::Notifications => "notifications",
            Area::Users => "users",
            Area::LegalInfo => "legal-info",
            Area::CompanyProfile => "company-profile",
            Area::Tenants => "tenants",
            Area::Identifiers => "identifiers",
            Area::PublisherName => "publisher-name",
            Area::SellerContact => "seller-contact",
            Area::CompanyApprover => "company-approver",
            Area::SupportDetails => "support-details",
            Area::AccountMerge => "account-merge",
            Area::PayoutTax => "payout-tax",
            Area::Programs => "programs",
            Area::Incentives => "incentives",
            Area::Referrals => "referrals",
            Area::AuditLog => "audit-log",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.slug() == slug)
    }

    /// The roles that may edit this area, for the "who can change this" line of read-only pages.
    pub fn editors(self) -> Vec<Role> {
        self.roles_with(Access::Edit)
    }

    /// The roles that may open this area, for the line a page shows to a role that may not.
    pub fn viewers(self) -> Vec<Role> {
        self.roles_with(Access::View)
    }

    fn roles_with(self, least: Access) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|r| role_access(*r, self) >= least)
            .collect()
    }
}

/// How far a role reaches into an area. Ordered: `Edit` includes `View`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Access {
    None,
    View,
    Edit,
}

/// The catalogue itself: what one role may do in one area.
pub const fn role_access(role: Role, area: Area) -> Access {
    use Access::{Edit, View};
    use Area::*;
    match (role, area) {
        // Everyone manages their own profile view and their own notifications.
        (_, Overview) => View,
        (_, Notifications) => Edit,
        (Role::GlobalAdmin, _) => Edit,

        (
            Role::AccountAdmin,
            LegalInfo | CompanyProfile | Identifiers | PublisherName | SellerContact
            | CompanyApprover | SupportDetails | Programs,
        ) => Edit,
        // A merge can hand the whole company to another account: only a Global admin acts on
        // one; Account admins follow it.
        (Role::AccountAdmin, Tenants | PayoutTax | AuditLog | AccountMerge) => View,

        (Role::UserManagementAdmin, Users) => Edit,

        (Role::BillingAdmin, PayoutTax) => Edit,
        (Role::BillingAdmin, LegalInfo) => View,

        (Role::IncentiveAdmin, Incentives) => Edit,
        (Role::IncentiveAdmin, Programs) => View,
        (Role::IncentiveUser, Incentives) => View,

        (Role::ReferralsAdmin, Referrals) => Edit,
        (Role::ReferralsAdmin, CompanyProfile | Tenants) => View,

        // Developers name what they publish; who sells and approves is the company's call.
        (Role::Developer, PublisherName) => Edit,
        (
            Role::Developer,
            Identifiers | SellerContact | CompanyApprover | Tenants | SupportDetails,
        ) => View,

        (
            Role::BusinessContributor,
            CompanyProfile | LegalInfo | Programs | SupportDetails | Tenants,
        ) => View,

        (Role::FinancialContributor, PayoutTax) => View,

        (Role::Marketer, CompanyProfile | SupportDetails) => Edit,
        (Role::Marketer, Tenants | Identifiers | PublisherName) => View,

        _ => Access::None,
    }
}

/// What every signed-in person has, whatever their roles (a platform reviewer has none):
/// their own overview and their own notifications.
pub const fn baseline(area: Area) -> Access {
    match area {
        Area::Overview => Access::View,
        Area::Notifications => Access::Edit,
        _ => Access::None,
    }
}

/// The widest access that any of `roles` gives to `area`.
pub fn access(roles: &[Role], area: Area) -> Access {
    roles
        .iter()
        .map(|role| role_access(*role, area))
        .fold(baseline(area), Access::max)
}

/// Whether `roles` reach `area` at least at level `needed`.
pub fn allows(roles: &[Role], area: Area, needed: Access) -> bool {
    access(roles, area) >= needed
}

/// Every area `roles` can reach, with the widest access, in catalogue order.
pub fn permissions(roles: &[Role]) -> Vec<(Area, Access)> {
    Area::ALL
        .into_iter()
        .map(|area| (area, access(roles, area)))
        .filter(|(_, level)| *level != Access::None)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roles_that_open_an_area_include_those_that_change_it() {
        for area in Area::ALL {
            let viewers = area.viewers();
            assert!(
                area.editors().iter().all(|r| viewers.contains(r)),
                "{area:?}"
            );
        }
        assert_eq!(
            Area::PayoutTax.viewers(),
            vec![
                Role::GlobalAdmin,
                Role::AccountAdmin,
                Role::BillingAdmin,
                Role::FinancialContributor
            ]
        );
    }

    #[test]
    fn every_role_can_view_overview_and_manage_its_own_notifications() {
        for role in Role::ALL {
            assert_eq!(role_access(role, Area::Overview), Access::View, "{role:?}");
            assert_eq!(
                role_access(role, Area::Notifications),
                Access::Edit,
                "{role:?}"
            );
        }
    }

    #[test]
    fn global_admin_edits_every_area() {
        for area in Area::ALL {
            let expected = if area == Area::Overview {
                Access::View
            } else {
                Access::Edit
            };
            assert_eq!(role_access(Role::GlobalAdmin, area), expected, "{area:?}");
        }
    }

    #[test]
    fn only_a_global_admin_changes_tenants_and_every_company_profile_viewer_sees_them() {
        assert_eq!(Area::Tenants.editors(), vec![Role::GlobalAdmin]);
        for role in Role::ALL {
            if role_access(role, Area::CompanyProfile) >= Access::View {
                assert!(role_access(role, Area::Tenants) >= Access::View, "{role:?}");
            }
        }
        assert_eq!(role_access(Role::Developer, Area::Tenants), Access::View);
    }

    #[test]
    fn whoever_may_change_information_around_identifiers_may_see_the_identifiers() {
        for area in [
            Area::PublisherName,
            Area::SellerContact,
            Area::CompanyApprover,
        ] {
            for role in Role::ALL {
                if role_access(role, area) >= Access::View {
                    assert!(
                        role_access(role, Area::Identifiers) >= Access::View,
                        "{role:?} {area:?}"
                    );
                }
            }
        }
        assert_eq!(
            Area::PublisherName.editors(),
            vec![Role::GlobalAdmin, Role::AccountAdmin, Role::Developer]
        );
        assert_eq!(
            Area::SellerContact.editors(),
            vec![Role::GlobalAdmin, Role::AccountAdmin]
        );
    }

    #[test]
    fn only_a_global_admin_acts_on_a_merge_and_account_admins_follow_it() {
        assert_eq!(Area::AccountMerge.editors(), vec![Role::GlobalAdmin]);
        for role in Role::ALL {
            let expected = match role {
                Role::GlobalAdmin => Access::Edit,
                Role::AccountAdmin => Access::View,
                _ => Access::None,
            };
            assert_eq!(role_access(role, Area::AccountMerge), expected, "{role:?}");
        }
        // No combination of other roles reaches it either.
        let everyone_else: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| *r != Role::GlobalAdmin)
            .collect();
        assert_eq!(access(&everyone_else, Area::AccountMerge), Access::View);
    }

    #[test]
    fn only_a_global_admin_grants_or_removes_global_admin() {
        for role in Role::ALL {
            assert_eq!(
                Role::GlobalAdmin.can_be_managed_by(&[role]),
                role == Role::GlobalAdmin,
                "{role:?}"
            );
        }
    }

    #[test]
    fn user_management_admin_manages_the_other_roles_but_no_admin_role() {
        let uma = [Role::UserManagementAdmin];
        for role in Role::ALL {
            assert_eq!(role.can_be_managed_by(&uma), !role.is_admin(), "{role:?}");
            assert!(role.can_be_managed_by(&[Role::GlobalAdmin]), "{role:?}");
        }
        assert!(!Role::Marketer.can_be_managed_by(&[Role::AccountAdmin]));
        assert!(!Role::BillingAdmin.can_be_managed_by(&[Role::AccountAdmin]));
    }

    #[test]
    fn incentive_user_views_incentives_and_incentive_admin_edits_them() {
        assert_eq!(
            role_access(Role::IncentiveUser, Area::Incentives),
            Access::View
        );
        assert_eq!(
            role_access(Role::IncentiveAdmin, Area::Incentives),
            Access::Edit
        );
        assert_eq!(role_access(Role::Marketer, Area::Incentives), Access::None);
    }

    #[test]
    fn several_roles_combine_to_the_widest_access() {
        let roles = [Role::IncentiveUser, Role::IncentiveAdmin];
        assert_eq!(access(&roles, Area::Incentives), Access::Edit);
        assert_eq!(access(&[], Area::Incentives), Access::None);
        assert_eq!(
            access(&[], Area::Overview),
            Access::View,
            "everyone sees their own overview"
        );
        assert!(allows(&roles, Area::Incentives, Access::View));
        assert!(!allows(
            &[Role::IncentiveUser],
            Area::Incentives,
            Access::Edit
        ));
    }

    #[test]
    fn permissions_list_only_reachable_areas() {
        let list = permissions(&[Role::ReportViewer]);
        assert_eq!(
            list,
            vec![
                (Area::Overview, Access::View),
                (Area::Notifications, Access::Edit)
            ]
        );
    }

    #[test]
    fn area_slugs_round_trip_and_incentives_are_edited_by_incentive_and_global_admins() {
        for area in Area::ALL {
            assert_eq!(Area::from_slug(area.slug()), Some(area));
        }
        assert_eq!(
            Area::Incentives.editors(),
            vec![Role::GlobalAdmin, Role::IncentiveAdmin]
        );
    }

    #[test]
    fn role_slugs_round_trip_and_are_unique() {
        for role in Role::ALL {
            assert_eq!(Role::from_slug(role.slug()), Some(role));
        }
        let mut slugs: Vec<_> = Role::ALL.iter().map(|r| r.slug()).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), Role::ALL.len());
    }
}
