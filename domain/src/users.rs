//! The rules of user management, checked by the server before any change (and by the client to
//! offer only what is allowed).

use crate::catalogue::Role;
use crate::error::{ApiError, ConflictKind, Field, Invalid};

/// The roles chosen for a user: at least one, no duplicates, in catalogue order.
pub fn parse_roles(roles: &[Role]) -> Result<Vec<Role>, ApiError> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(ApiError::invalid(Field::Roles, Invalid::NoRole));
    }
    Ok(roles)
}

/// Who acts, as the rules need them.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub user_id: i64,
    pub roles: &'a [Role],
}

/// The user being changed.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub user_id: i64,
    pub roles: &'a [Role],
    /// Whether the target is an active user (invited and deactivated ones do not count as the
    /// account's Global admins).
    pub active: bool,
}

fn is_global_admin(roles: &[Role]) -> bool {
    roles.contains(&Role::GlobalAdmin)
}

/// Only a Global admin changes a Global admin; each role added or removed must be one `actor`
/// manages.
fn check_reach(actor: Actor, target: Target, changed: &[Role]) -> Result<(), ApiError> {
    if is_global_admin(target.roles) && !is_global_admin(actor.roles) {
        return Err(ApiError::Forbidden);
    }
    if changed.iter().any(|r| !r.can_be_managed_by(actor.roles)) {
        return Err(ApiError::Forbidden);
    }
    Ok(())
}

/// Checks that inviting a user with `roles` is allowed for `actor`.
pub fn check_invite(actor: Actor, roles: &[Role]) -> Result<Vec<Role>, ApiError> {
    let roles = parse_roles(roles)?;
    if roles.iter().any(|r| !r.can_be_managed_by(actor.roles)) {
        return Err(ApiError::Forbidden);
    }
    Ok(roles)
}

/// Checks a change of `target`'s roles to `new_roles`. `active_global_admins` counts the
/// account's active Global admins, the target included.
pub fn check_role_change(
    actor: Actor,
    target: Target,
    new_roles: &[Role],
    active_global_admins: u32,
) -> Result<Vec<Role>, ApiError> {
    let new_roles = parse_roles(new_roles)?;
    let added: Vec<Role> = new_roles
        .iter()
        .copied()
        .filter(|r| !target.roles.contains(r))
        .collect();
    let removed: Vec<Role> = target
        .roles
        .iter()
        .copied()
        .filter(|r| !new_roles.contains(r))
        .collect();
    if actor.user_id == target.user_id && !added.is_empty() {
        return Err(ApiError::Conflict(ConflictKind::OwnRoles));
    }
    let changed: Vec<Role> = added.iter().chain(removed.iter()).copied().collect();
    check_reach(actor, target, &changed)?;
    if target.active && removed.contains(&Role::GlobalAdmin) && active_global_admins <= 1 {
        return Err(ApiError::Conflict(ConflictKind::LastGlobalAdmin));
    }
    Ok(new_roles)
}

/// Checks deactivating or deleting `target`.
pub fn check_removal(
    actor: Actor,
    target: Target,
    active_global_admins: u32,
) -> Result<(), ApiError> {
    if actor.user_id == target.user_id {
        return Err(ApiError::Conflict(ConflictKind::OwnUser));
    }
    check_reach(actor, target, &[])?;
    if target.active && is_global_admin(target.roles) && active_global_admins <= 1 {
        return Err(ApiError::Conflict(ConflictKind::LastGlobalAdmin));
    }
    Ok(())
}

/// Checks reactivating `target` (or managing their invitation).
pub fn check_reactivation(actor: Actor, target: Target) -> Result<(), ApiError> {
    if actor.user_id == target.user_id {
        return Err(ApiError::Conflict(ConflictKind::OwnUser));
    }
    check_reach(actor, target, &[])
}

/// The domain of an email address, in lower case (what follows the last `@`).
pub fn email_domain(email: &str) -> String {
    email
        .rsplit_once('@')
        .map(|(_, domain)| domain)
        .unwrap_or_default()
        .trim()
        .to_lowercase()
}

/// Whether `email` is outside the company's own email domains (`own`, in lower case): neither
/// one of them nor a subdomain of one. Inviting such an address is allowed, but the invitation
/// form warns and the audit log says so.
pub fn outside_own_domains(email: &str, own: &[String]) -> bool {
    let domain = email_domain(email);
    if domain.is_empty() {
        return false;
    }
    !own.iter().any(|own| {
        domain == *own
            || domain
                .strip_suffix(own.as_str())
                .is_some_and(|rest| rest.ends_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;

    const GA: Actor = Actor {
        user_id: 1,
        roles: &[GlobalAdmin],
    };
    const UMA: Actor = Actor {
        user_id: 2,
        roles: &[UserManagementAdmin],
    };

    fn target(user_id: i64, roles: &'static [Role]) -> Target<'static> {
        Target {
            user_id,
            roles,
            active: true,
        }
    }

    #[test]
    fn only_a_global_admin_grants_or_removes_global_admin() {
        let dev = target(3, &[Developer]);
        assert_eq!(
            check_role_change(UMA, dev, &[GlobalAdmin], 1),
            Err(ApiError::Forbidden)
        );
        assert_eq!(
            check_role_change(GA, dev, &[GlobalAdmin, Developer], 1),
            Ok(vec![GlobalAdmin, Developer])
        );
        assert_eq!(check_invite(UMA, &[GlobalAdmin]), Err(ApiError::Forbidden));
        assert_eq!(check_invite(UMA, &[Marketer]), Ok(vec![Marketer]));
    }

    #[test]
    fn a_user_management_admin_cannot_change_a_global_admin_at_all() {
        let ga = target(5, &[GlobalAdmin, Marketer]);
        assert_eq!(
            check_role_change(UMA, ga, &[GlobalAdmin], 2),
            Err(ApiError::Forbidden)
        );
        assert_eq!(check_removal(UMA, ga, 2), Err(ApiError::Forbidden));
        assert_eq!(check_reactivation(UMA, ga), Err(ApiError::Forbidden));
    }

    #[test]
    fn the_last_global_admin_can_be_neither_demoted_nor_removed() {
        let other_ga = target(9, &[GlobalAdmin]);
        let last = Err(ApiError::Conflict(ConflictKind::LastGlobalAdmin));
        assert_eq!(
            check_role_change(GA, other_ga, &[Marketer], 1).map(|_| ()),
            last
        );
        assert_eq!(check_removal(GA, other_ga, 1), last);
        assert!(check_role_change(GA, other_ga, &[Marketer], 2).is_ok());
        assert!(check_removal(GA, other_ga, 2).is_ok());
        let own = Target {
            user_id: 1,
            roles: &[GlobalAdmin, Marketer],
            active: true,
        };
        assert_eq!(check_role_change(GA, own, &[Marketer], 1).map(|_| ()), last);
    }

    #[test]
    fn nobody_raises_their_own_roles_or_removes_themselves() {
        let me = Actor {
            user_id: 7,
            roles: &[UserManagementAdmin],
        };
        let myself = target(7, &[UserManagementAdmin]);
        assert_eq!(
            check_role_change(me, myself, &[UserManagementAdmin, BillingAdmin], 1),
            Err(ApiError::Conflict(ConflictKind::OwnRoles))
        );
        assert_eq!(
            check_removal(me, myself, 1),
            Err(ApiError::Conflict(ConflictKind::OwnUser))
        );
    }

    #[test]
    fn only_a_global_admin_grants_or_removes_an_admin_role() {
        let dev = target(3, &[Developer]);
        for admin in Role::ADMIN {
            assert_eq!(
                check_invite(UMA, &[admin]),
                Err(ApiError::Forbidden),
                "{admin:?}"
            );
            assert_eq!(
                check_role_change(UMA, dev, &[Developer, admin], 1),
                Err(ApiError::Forbidden),
                "{admin:?}"
            );
            assert!(check_invite(GA, &[admin]).is_ok(), "{admin:?}");
            assert!(
                check_role_change(GA, dev, &[Developer, admin], 2).is_ok(),
                "{admin:?}"
            );
        }
        // Taking one away is as much out of reach as giving it.
        let billing = target(4, &[BillingAdmin, Marketer]);
        assert_eq!(
            check_role_change(UMA, billing, &[Marketer], 1),
            Err(ApiError::Forbidden)
        );
        let account_admin = target(6, &[AccountAdmin]);
        assert_eq!(
            check_role_change(UMA, account_admin, &[Developer], 1),
            Err(ApiError::Forbidden)
        );
        assert!(check_role_change(GA, billing, &[Marketer], 1).is_ok());
    }

    #[test]
    fn a_user_management_admin_grants_and_removes_the_other_roles() {
        for role in Role::ALL.into_iter().filter(|r| !r.is_admin()) {
            assert_eq!(check_invite(UMA, &[role]), Ok(vec![role]), "{role:?}");
            let dev = target(3, &[Developer]);
            assert!(
                check_role_change(UMA, dev, &[Developer, role], 1).is_ok(),
                "{role:?}"
            );
        }
        // An admin role the target holds may stay while the others change around it.
        let billing = target(4, &[BillingAdmin, Marketer]);
        assert_eq!(
            check_role_change(UMA, billing, &[BillingAdmin, Developer], 1),
            Ok(vec![BillingAdmin, Developer])
        );
    }

    #[test]
    fn roles_a_user_holds_without_user_management_reach_grant_nothing() {
        for role in Role::ALL
            .into_iter()
            .filter(|r| !matches!(r, GlobalAdmin | UserManagementAdmin))
        {
            let actor = Actor {
                user_id: 8,
                roles: &[AccountAdmin, BillingAdmin],
            };
            assert_eq!(
                check_invite(actor, &[role]),
                Err(ApiError::Forbidden),
                "{role:?}"
            );
        }
    }

    #[test]
    fn an_address_is_inside_the_company_domains_at_them_or_their_subdomains() {
        let own = vec![
            "contoso.example".to_owned(),
            "contoso-partner.example".to_owned(),
        ];
        assert!(!outside_own_domains("ada@contoso.example", &own));
        assert!(!outside_own_domains("Ada@Contoso.Example", &own));
        assert!(!outside_own_domains("ada@eu.contoso.example", &own));
        assert!(!outside_own_domains("ada@contoso-partner.example", &own));
        assert!(outside_own_domains("ada@fabrikam.example", &own));
        // A look-alike that merely ends with the same letters is outside.
        assert!(outside_own_domains("ada@evilcontoso.example", &own));
        assert!(outside_own_domains("ada@contoso.example.evil", &own));
        assert!(outside_own_domains("ada@fabrikam.example", &[]));
        assert_eq!(email_domain("a@B.example"), "b.example");
    }

    #[test]
    fn a_user_keeps_at_least_one_role() {
        assert_eq!(
            check_role_change(GA, target(3, &[Developer]), &[], 1),
            Err(ApiError::invalid(Field::Roles, Invalid::NoRole))
        );
    }
}
