//! Email addresses that take effect only once their owner confirms them from a link mailed to
//! them: until then the address in use stays the old one.

use serde::{Deserialize, Serialize};

/// What a confirmed address becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailPurpose {
    /// The company's primary contact email (verification notices go there).
    PrimaryContact,
    /// One user's notification email (My preferences): their notifications go there.
    NotificationEmail,
    /// One user's alternate email for overdue invoices and late payments (My preferences).
    AlternateEmail,
}

impl EmailPurpose {
    pub const ALL: [EmailPurpose; 3] = [
        EmailPurpose::PrimaryContact,
        EmailPurpose::NotificationEmail,
        EmailPurpose::AlternateEmail,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EmailPurpose::PrimaryContact => "primary-contact",
            EmailPurpose::NotificationEmail => "notification-email",
            EmailPurpose::AlternateEmail => "alternate-email",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        EmailPurpose::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Whether the address belongs to one user (their own request, which only they see,
    /// resend or cancel) rather than to the company.
    pub fn personal(self) -> bool {
        match self {
            EmailPurpose::PrimaryContact => false,
            EmailPurpose::NotificationEmail | EmailPurpose::AlternateEmail => true,
        }
    }

    /// The area of the workspace the address is set in (audit log, permissions).
    pub fn area(self) -> crate::Area {
        match self {
            EmailPurpose::PrimaryContact => crate::Area::LegalInfo,
            EmailPurpose::NotificationEmail | EmailPurpose::AlternateEmail => {
                crate::Area::Notifications
            }
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

    #[test]
    fn a_notification_email_is_personal_and_a_primary_contact_is_the_companys() {
        assert!(EmailPurpose::NotificationEmail.personal());
        assert!(!EmailPurpose::PrimaryContact.personal());
        assert_eq!(
            EmailPurpose::NotificationEmail.area(),
            crate::Area::Notifications
        );
        assert_eq!(EmailPurpose::PrimaryContact.area(), crate::Area::LegalInfo);
    }
}
