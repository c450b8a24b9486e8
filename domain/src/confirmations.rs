//! Email addresses that take effect only once their owner confirms them from a link mailed to
//! them: until then the address in use stays the old one.

use serde::{Deserialize, Serialize};

/// What a confirmed address becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailPurpose {
    /// The company's primary contact email (verification notices go there).
    PrimaryContact,
}

impl EmailPurpose {
    pub const ALL: [EmailPurpose; 1] = [EmailPurpose::PrimaryContact];

    pub fn code(self) -> &'static str {
        match self {
            EmailPurpose::PrimaryContact => "primary-contact",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "primary-contact" => Some(EmailPurpose::PrimaryContact),
            _ => None,
        }
    }
}

/// How long a confirmation link works.
pub const LINK_LIFETIME_SECS: i64 = 3 * 24 * 60 * 60;

/// An address waiting for confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingEmail {
    pub email: String,
    /// Who asked for the change (their sign-in email).
    pub requested_by: String,
    pub requested_at: i64,
    pub expires_at: i64,
}

/// What a confirmation link did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmedEmail {
    pub purpose: EmailPurpose,
    pub email: String,
    /// The partner company's legal name, so the page can say whose address it is now.
    pub company: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_round_trip_through_their_codes() {
        for p in EmailPurpose::ALL.iter().copied() {
            assert_eq!(EmailPurpose::from_code(p.code()), Some(p));
        }
        assert_eq!(EmailPurpose::from_code("other"), None);
    }
}
