//! Who is calling. Below every other module: the store names the actor of an audit entry with
//! it, and every area scopes its queries to the caller's account.

use domain::Role;

/// Who is calling: the signed-in user, their account and roles, read from the database on every
/// request so a role change takes effect at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub account_id: i64,
    /// The user's email, as the audit log names them.
    pub email: String,
    pub roles: Vec<Role>,
    /// A platform reviewer (no partner role ever applies to them).
    pub reviewer: bool,
    /// The account was merged into another: it is read-only.
    pub account_merged: bool,
}
