//! Directory tenants: the organisations in an identity provider (such as Microsoft Entra ID)
//! where a partner's users live. A tenant ID is a GUID, and is also the account's "Microsoft ID"
//! for that tenant.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Field, Invalid, SignInFailure};

/// Whether a tenant serves the company's business or its development work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TenantKind {
    /// A commercial tenant: the Partner tab.
    Commercial,
    /// A developer tenant: the Developer tab.
    Developer,
}

impl TenantKind {
    pub const ALL: [TenantKind; 2] = [TenantKind::Commercial, TenantKind::Developer];

    /// Stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            TenantKind::Commercial => "commercial",
            TenantKind::Developer => "developer",
        }
    }

    pub fn from_code(code: &str) -> Option<TenantKind> {
        TenantKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A GUID in its canonical form: 8-4-4-4-12 hexadecimal digits, lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Guid(String);

impl Guid {
    /// Accepts a GUID with or without braces, in any case; answers it lower case.
    pub fn parse(input: &str) -> Result<Guid, Invalid> {
        let trimmed = input.trim();
        let bare = trimmed
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .unwrap_or(trimmed);
        let groups: Vec<&str> = bare.split('-').collect();
        let well_formed = groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()));
        if well_formed {
            Ok(Guid(bare.to_ascii_lowercase()))
        } else {
            Err(Invalid::GuidFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name a tenant is shown under: 1 to 256 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TenantDisplayName(String);

impl TenantDisplayName {
    pub const MAX: usize = 256;

    pub fn parse(input: &str) -> Result<TenantDisplayName, ApiError> {
        let name = input.trim();
        let invalid = |reason| ApiError::invalid(Field::TenantDisplayName, reason);
        if name.is_empty() {
            return Err(invalid(Invalid::Required));
        }
        if name.chars().count() > Self::MAX {
            return Err(invalid(Invalid::TooLong {
                max: Self::MAX as u32,
            }));
        }
        if name.chars().any(char::is_control) {
            return Err(invalid(Invalid::ForbiddenCharacters));
        }
        Ok(TenantDisplayName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One associated tenant, as the Tenants page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    pub tenant_id: Guid,
    pub primary_domain: String,
    pub display_name: String,
    pub kind: TenantKind,
    /// The first tenant the account associated; it cannot be removed.
    pub is_primary: bool,
    /// Email of the Global admin who associated it.
    pub associated_by: String,
    /// Unix seconds.
    pub associated_at: i64,
    pub version: i64,
}

pub use crate::error::details::RemovalBlocker;

/// Whether `tenant` may be removed from an account holding `all` (which includes it).
pub fn removal_blocker(all: &[Tenant], tenant: &Tenant) -> Option<RemovalBlocker> {
    if tenant.is_primary {
        return Some(RemovalBlocker::Primary);
    }
    let commercial = all
        .iter()
        .filter(|t| t.kind == TenantKind::Commercial)
        .count();
    if tenant.kind == TenantKind::Commercial && commercial <= 1 {
        return Some(RemovalBlocker::LastCommercial);
    }
    None
}

/// Where a directory sign-in started on the Tenants page sends the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectorySignIn {
    pub authorize_url: String,
}

/// What the directory sent back to the Tenants page's return address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DirectoryAnswer {
    Code {
        code: String,
        state: String,
    },
    /// The directory's `error` parameter (the administrator cancelled, or was refused).
    Error {
        state: String,
    },
}

/// What the Tenants page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantsView {
    pub tenants: Vec<Tenant>,
    /// Whether a directory is configured to associate tenants through.
    pub can_associate: bool,
}

/// The primary domain a tenant is known by, taken from the signed-in administrator's user name
/// (`admin@contoso.example` gives `contoso.example`); empty when the name has no domain.
pub fn domain_of_user_name(user_name: &str) -> String {
    user_name
        .rsplit_once('@')
        .map(|(_, domain)| domain.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|d| !d.is_empty() && d.contains('.'))
        .unwrap_or_default()
}

/// Entra ID's role template ID of the Global Administrator, the directory role that may
/// associate its tenant unless the operator names others.
pub const GLOBAL_ADMINISTRATOR_ROLE: &str = "62e90394-69f5-4237-9190-012177145e10";

/// What the directory's ID token says about the person who signed in, beyond who they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryUser<'a> {
    /// The token's issuer.
    pub issuer: &'a str,
    /// Entra ID's `wids`: the template IDs of the user's tenant-wide directory roles (absent
    /// when the application is not set up to receive them).
    pub roles: Option<&'a [String]>,
    /// Entra ID's `acct`: 0 for a member of the tenant, 1 for a guest (when configured).
    pub account_status: Option<u8>,
    /// Entra ID's `idp`: who authenticated the user, when it is not the tenant itself (guests
    /// from another organisation or a personal account).
    pub identity_provider: Option<&'a str>,
}

/// Whether the person who signed in may associate the tenant: a member of it (never a guest)
/// holding one of `admin_roles` (directory role template IDs, compared without case). The
/// sign-in alone proves only that *some* user of the tenant signed in.
pub fn may_associate(user: &DirectoryUser, admin_roles: &[String]) -> Result<(), SignInFailure> {
    let guest = user.account_status == Some(1)
        || user
            .identity_provider
            .is_some_and(|idp| idp.trim_end_matches('/') != user.issuer.trim_end_matches('/'));
    if guest {
        return Err(SignInFailure::Guest);
    }
    let holds = user.roles.unwrap_or_default().iter().any(|held| {
        admin_roles
            .iter()
            .any(|wanted| wanted.trim().eq_ignore_ascii_case(held.trim()))
    });
    if !holds {
        return Err(SignInFailure::NotAdministrator);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_member_holding_an_admin_role_may_associate() {
        let admin = vec![GLOBAL_ADMINISTRATOR_ROLE.to_uppercase()];
        let wanted = vec![GLOBAL_ADMINISTRATOR_ROLE.to_owned()];
        let issuer = "https://login.example/t/v2.0";
        let member = DirectoryUser {
            issuer,
            roles: Some(&admin),
            account_status: Some(0),
            identity_provider: None,
        };
        assert_eq!(may_associate(&member, &wanted), Ok(()));
        let same_idp = DirectoryUser {
            identity_provider: Some("https://login.example/t/v2.0/"),
            ..member.clone()
        };
        assert_eq!(may_associate(&same_idp, &wanted), Ok(()));

        let other_role = vec!["fe930be7-5e62-47db-91af-98c3a49a38b1".to_owned()];
        for roles in [None, Some(&[][..]), Some(&other_role[..])] {
            let user = DirectoryUser {
                roles,
                ..member.clone()
            };
            assert_eq!(
                may_associate(&user, &wanted),
                Err(SignInFailure::NotAdministrator)
            );
        }
        let guest = DirectoryUser {
            account_status: Some(1),
            ..member.clone()
        };
        assert_eq!(may_associate(&guest, &wanted), Err(SignInFailure::Guest));
        let from_elsewhere = DirectoryUser {
            identity_provider: Some("https://sts.windows.net/another-tenant/"),
            ..member.clone()
        };
        assert_eq!(
            may_associate(&from_elsewhere, &wanted),
            Err(SignInFailure::Guest)
        );
        assert_eq!(
            may_associate(&member, &other_role),
            Err(SignInFailure::NotAdministrator),
            "the operator's list decides"
        );
    }

    fn tenant(id: &str, kind: TenantKind, primary: bool) -> Tenant {
        Tenant {
            tenant_id: Guid::parse(id).unwrap(),
            primary_domain: "contoso.example".into(),
            display_name: "Contoso".into(),
            kind,
            is_primary: primary,
            associated_by: "a@contoso.example".into(),
            associated_at: 0,
            version: 1,
        }
    }

    #[test]
    fn guids_are_canonical_lower_case_and_braces_are_accepted() {
        assert_eq!(
            Guid::parse(" {6A1F3C2E-8D4B-4F7A-9C21-5E0B7D3A9F14} ")
                .unwrap()
                .as_str(),
            "6a1f3c2e-8d4b-4f7a-9c21-5e0b7d3a9f14"
        );
        for bad in [
            "",
            "6a1f3c2e8d4b4f7a9c215e0b7d3a9f14",
            "6a1f3c2e-8d4b-4f7a-9c21-5e0b7d3a9f1",
            "6a1f3c2e-8d4b-4f7a-9c21-5e0b7d3a9f14-",
            "6a1f3c2g-8d4b-4f7a-9c21-5e0b7d3a9f14",
            "{6a1f3c2e-8d4b-4f7a-9c21-5e0b7d3a9f14",
            "6a1f3c2e-8d4b-4f7a-9c21-5e0b7d3a9f14}",
            "6a1f3c2e-8d4b-4f7a9-c21-5e0b7d3a9f14",
        ] {
            assert_eq!(Guid::parse(bad), Err(Invalid::GuidFormat), "{bad:?}");
        }
    }

    #[test]
    fn display_names_are_trimmed_bounded_and_printable() {
        assert_eq!(
            TenantDisplayName::parse("  Contoso Dev ").unwrap().as_str(),
            "Contoso Dev"
        );
        assert!(TenantDisplayName::parse(" ").is_err());
        assert!(TenantDisplayName::parse(&"x".repeat(257)).is_err());
        assert!(TenantDisplayName::parse(&"é".repeat(256)).is_ok());
        assert!(TenantDisplayName::parse("a\u{0}b").is_err());
    }

    #[test]
    fn the_primary_and_the_last_commercial_tenant_cannot_be_removed() {
        let primary = tenant(
            "6a1f3c2e-8d4b-4f7a-9c21-5e0b7d3a9f14",
            TenantKind::Commercial,
            true,
        );
        let dev = tenant(
            "b2e9d7a4-1c3f-4e8b-a6d5-7f0c2b9e4a31",
            TenantKind::Developer,
            false,
        );
        let second = tenant(
            "c3f0e8b5-2d4a-4f9c-b7e6-8a1d3c0f5b42",
            TenantKind::Commercial,
            false,
        );
        let all = vec![primary.clone(), dev.clone(), second.clone()];
        assert_eq!(
            removal_blocker(&all, &primary),
            Some(RemovalBlocker::Primary)
        );
        assert_eq!(removal_blocker(&all, &dev), None);
        assert_eq!(removal_blocker(&all, &second), None);
        // A merged-in commercial tenant that is the only commercial one left (the primary was
        // a developer tenant) stays.
        let dev_primary = tenant(
            "d4a1f9c6-3e5b-4a0d-8c7f-9b2e4d1a6c53",
            TenantKind::Developer,
            true,
        );
        let all = vec![dev_primary, second.clone()];
        assert_eq!(
            removal_blocker(&all, &second),
            Some(RemovalBlocker::LastCommercial)
        );
    }

    #[test]
    fn the_primary_domain_comes_from_the_user_name() {
        assert_eq!(
            domain_of_user_name("Admin@Contoso-Dev.Example."),
            "contoso-dev.example"
        );
        assert_eq!(domain_of_user_name("admin"), "");
        assert_eq!(domain_of_user_name("admin@localhost"), "");
    }

    #[test]
    fn kind_codes_round_trip() {
        for kind in TenantKind::ALL {
            assert_eq!(TenantKind::from_code(kind.code()), Some(kind));
        }
    }
}
