//! Shapes exchanged between the browser and the server. Integers are fixed-size (never `usize`):
//! the WASM client and the 64-bit server must agree on them.

use serde::{Deserialize, Serialize};

use crate::catalogue::Role;

/// The signed-in user, their account and roles: what the workspace shell needs on every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub account: AccountSummary,
    pub unread_notifications: u32,
    /// Whether this is a platform reviewer (staff of the vendor), not a partner user.
    pub reviewer: bool,
    /// The interface language the user chose, on whichever device (`None` until they choose).
    pub language: Option<crate::Locale>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub legal_name: String,
    pub partner_id: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// What a notification is about. The client writes the text in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationKind {
    /// Sent at sign-up: the company should complete its profile.
    Welcome,
    /// A platform reviewer took a step on the company's verification.
    VerificationUpdated,
    /// Another account invited this one to merge into it (to the invited account's Global and
    /// Account admins): see what would move, then accept or decline.
    MergeInvited,
    /// The invited account accepted (to the inviting account's Global and Account admins):
    /// the merge waits for their confirmation.
    MergeAccepted,
    /// The invited account declined, with a reason (to the inviting account's admins).
    MergeDeclined,
    /// The inviting account withdrew its invitation (to the invited account's admins).
    MergeCancelled,
    /// The merge is done (to the Global, Account and Billing admins of both former accounts):
    /// check the payout and tax details of the account that remains.
    MergeCompleted,
    /// Someone of this account invited another account to merge into it (to this account's
    /// Global and Account admins, so nobody's invitation goes unnoticed).
    MergeInvitationSent,
    /// Someone of this account accepted another account's invitation to merge into it (to this
    /// account's Global and Account admins): the merge waits for the other's confirmation.
    MergeAcceptedByUs,
    /// Someone of this account declined an invitation to merge (to this account's admins).
    MergeDeclinedByUs,
    /// Someone of this account withdrew its invitation to merge (to this account's admins).
    MergeCancelledByUs,
    // Programs.
    /// A requirement of an active program enrolment stopped being met: the enrolment needs
    /// action (to the Global admins).
    ProgramActionRequired,
    /// A platform reviewer approved, rejected or asked about an enrolment (to the Global
    /// admins).
    ProgramReviewed,
    // Tax profile.
    /// A tax exemption certificate expires within 30 days (to the Global and Billing admins,
    /// once per certificate): upload its renewal.
    TaxCertificateExpiring,
    // Payout and billing.
    /// Someone entered a new payout account (to the Global and Billing admins): a hijacked
    /// session must not redirect payouts silently.
    PayoutAccountChanged,
    /// A platform reviewer approved the new payout account: payouts go there now.
    PayoutAccountApproved,
    /// A platform reviewer needs the company to act on its new payout account.
    PayoutAccountActionRequired,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 17] = [
        NotificationKind::Welcome,
        NotificationKind::VerificationUpdated,
        NotificationKind::MergeInvited,
        NotificationKind::MergeAccepted,
        NotificationKind::MergeDeclined,
        NotificationKind::MergeCancelled,
        NotificationKind::MergeCompleted,
        NotificationKind::MergeInvitationSent,
        NotificationKind::MergeAcceptedByUs,
        NotificationKind::MergeDeclinedByUs,
        NotificationKind::MergeCancelledByUs,
        // Programs.
        NotificationKind::ProgramActionRequired,
        NotificationKind::ProgramReviewed,
        // Tax profile.
        NotificationKind::TaxCertificateExpiring,
        NotificationKind::PayoutAccountChanged,
        NotificationKind::PayoutAccountApproved,
        NotificationKind::PayoutAccountActionRequired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NotificationKind::Welcome => "welcome",
            NotificationKind::VerificationUpdated => "verification-updated",
            NotificationKind::MergeInvited => "merge-invited",
            NotificationKind::MergeAccepted => "merge-accepted",
            NotificationKind::MergeDeclined => "merge-declined",
            NotificationKind::MergeCancelled => "merge-cancelled",
            NotificationKind::MergeCompleted => "merge-completed",
            NotificationKind::MergeInvitationSent => "merge-invitation-sent",
            NotificationKind::MergeAcceptedByUs => "merge-accepted-by-us",
            NotificationKind::MergeDeclinedByUs => "merge-declined-by-us",
            NotificationKind::MergeCancelledByUs => "merge-cancelled-by-us",
            // Programs.
            NotificationKind::ProgramActionRequired => "program-action-required",
            NotificationKind::ProgramReviewed => "program-reviewed",
            // Tax profile.
            NotificationKind::TaxCertificateExpiring => "tax-certificate-expiring",
            NotificationKind::PayoutAccountChanged => "payout-account-changed",
            NotificationKind::PayoutAccountApproved => "payout-account-approved",
            NotificationKind::PayoutAccountActionRequired => "payout-account-action-required",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        NotificationKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The category the notification centre files it under and preferences are set for.
    pub fn category(self) -> NotificationCategory {
        match self {
            NotificationKind::Welcome => NotificationCategory::Account,
            NotificationKind::VerificationUpdated => NotificationCategory::Verification,
            NotificationKind::MergeInvited
            | NotificationKind::MergeAccepted
            | NotificationKind::MergeDeclined
            | NotificationKind::MergeCancelled
            | NotificationKind::MergeCompleted
            | NotificationKind::MergeInvitationSent
            | NotificationKind::MergeAcceptedByUs
            | NotificationKind::MergeDeclinedByUs
            | NotificationKind::MergeCancelledByUs => NotificationCategory::Merges,
            // Programs.
            NotificationKind::ProgramActionRequired | NotificationKind::ProgramReviewed => {
                NotificationCategory::Programs
            }
            // Tax profile.
            NotificationKind::TaxCertificateExpiring => NotificationCategory::Billing,
            NotificationKind::PayoutAccountChanged
            | NotificationKind::PayoutAccountApproved
            | NotificationKind::PayoutAccountActionRequired => NotificationCategory::Billing,
        }
    }
}

/// What a notification is about, broadly: the notification centre filters by it, and each
/// user chooses per category whether it reaches them by email, in the bell, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NotificationCategory {
    Account,
    Users,
    Verification,
    Billing,
    Programs,
    Merges,
}

impl NotificationCategory {
    pub const ALL: [NotificationCategory; 6] = [
        NotificationCategory::Account,
        NotificationCategory::Users,
        NotificationCategory::Verification,
        NotificationCategory::Billing,
        NotificationCategory::Programs,
        NotificationCategory::Merges,
    ];

    /// A stable identifier: stored in the database (preferences) and used in URLs (filters).
    pub fn code(self) -> &'static str {
        match self {
            NotificationCategory::Account => "account",
            NotificationCategory::Users => "users",
            NotificationCategory::Verification => "verification",
            NotificationCategory::Billing => "billing",
            NotificationCategory::Programs => "programs",
            NotificationCategory::Merges => "merges",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        NotificationCategory::ALL
            .into_iter()
            .find(|c| c.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    /// Unix time in seconds.
    pub created_at: i64,
    pub read: bool,
}

/// Whether a user can sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UserStatus {
    /// Invited, has not set a password yet.
    Invited,
    /// Signed up (the founder of a new account) and has not followed the emailed link yet:
    /// cannot sign in, and the account is not open.
    Pending,
    Active,
    /// Cannot sign in; their sessions ended when they were deactivated.
    Deactivated,
}

impl UserStatus {
    pub fn code(self) -> &'static str {
        match self {
            UserStatus::Invited => "invited",
            UserStatus::Pending => "pending",
            UserStatus::Active => "active",
            UserStatus::Deactivated => "deactivated",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            UserStatus::Invited,
            UserStatus::Pending,
            UserStatus::Active,
            UserStatus::Deactivated,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// One user of the account as the Users page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub status: UserStatus,
    /// The record's version, sent back with every change to it (no lost updates).
    pub version: i64,
    /// When the pending invitation expires (Unix seconds), for invited users.
    pub invitation_expires_at: Option<i64>,
}

/// The sign-up form as typed. [`NewPartner::parse`] turns it into checked values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpForm {
    pub email: String,
    pub name: String,
    pub password: String,
    pub company_name: String,
    pub country: String,
}

/// What sign-up answers, whether the address was free or already had an account (the owner of
/// a taken one is told by mail): check your inbox at `email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpStarted {
    pub email: String,
}

/// What the page a sign-up link opens shows before the founder enters their password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpLink {
    pub email: String,
    pub company: String,
}

/// A valid sign-up: the browser runs the same parse for early feedback; the server relies on it.
#[derive(Debug, Clone)]
pub struct NewPartner {
    pub email: crate::WorkEmail,
    pub name: crate::PersonName,
    pub password: crate::Password,
    pub company_name: crate::CompanyName,
    pub country: crate::CountryCode,
}

impl NewPartner {
    /// Checks every field in form order and returns the first refusal.
    pub fn parse(form: &SignUpForm) -> Result<NewPartner, crate::ApiError> {
        Ok(NewPartner {
            email: crate::WorkEmail::parse(&form.email)?,
            name: crate::PersonName::parse(&form.name)?,
            password: crate::Password::parse(&form.password)?,
            company_name: crate::CompanyName::parse(&form.company_name)?,
            country: crate::CountryCode::parse(&form.country)?,
        })
    }

    /// Every field's refusal, for showing them all at once beside their fields.
    pub fn problems(form: &SignUpForm) -> Vec<crate::ApiError> {
        [
            crate::WorkEmail::parse(&form.email).err(),
            crate::PersonName::parse(&form.name).err(),
            crate::Password::parse(&form.password).err(),
            crate::CompanyName::parse(&form.company_name).err(),
            crate::CountryCode::parse(&form.country).err(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// The "add a user" form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteForm {
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

/// A valid invitation.
#[derive(Debug, Clone)]
pub struct NewInvite {
    pub name: crate::PersonName,
    pub email: crate::WorkEmail,
    pub roles: Vec<Role>,
}

impl NewInvite {
    pub fn parse(form: &InviteForm) -> Result<NewInvite, crate::ApiError> {
        Ok(NewInvite {
            name: crate::PersonName::parse(&form.name)?,
            email: crate::WorkEmail::parse(&form.email)?,
            roles: crate::users::parse_roles(&form.roles)?,
        })
    }

    pub fn problems(form: &InviteForm) -> Vec<crate::ApiError> {
        [
            crate::PersonName::parse(&form.name).err(),
            crate::WorkEmail::parse(&form.email).err(),
            crate::users::parse_roles(&form.roles).err(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// What the set-password page shows about an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub name: String,
    pub email: String,
    pub company: String,
    /// The address already has an account with another company: the invitation cannot be
    /// accepted (the page says so instead of asking for a password).
    pub has_account_elsewhere: bool,
}

/// A record an account has one of (incentives, company profile, contacts) with its version and
/// last change: what a form opens, and what the conflict screen shows as "their version".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versioned<T> {
    pub form: T,
    pub version: i64,
    /// Who saved last (email) and when (Unix seconds); empty / 0 if never saved.
    pub updated_by: String,
    pub updated_at: i64,
}

/// The incentives settings of an account.
pub type IncentiveSettings = Versioned<IncentiveForm>;

/// The incentives settings form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncentiveForm {
    pub payment_contact_name: String,
    pub payment_contact_email: String,
    pub claims_email: String,
}

/// Valid incentives settings.
#[derive(Debug, Clone)]
pub struct ValidIncentives {
    pub payment_contact_name: crate::PersonName,
    pub payment_contact_email: crate::EmailAddress,
    pub claims_email: crate::EmailAddress,
}

impl IncentiveForm {
    pub fn parse(&self) -> Result<ValidIncentives, crate::ApiError> {
        use crate::Field;
        Ok(ValidIncentives {
            payment_contact_name: crate::PersonName::parse(&self.payment_contact_name)
                .map_err(|e| e.for_field(Field::PaymentContactName))?,
            payment_contact_email: crate::EmailAddress::parse(
                &self.payment_contact_email,
                Field::PaymentContactEmail,
            )?,
            claims_email: crate::EmailAddress::parse(&self.claims_email, Field::ClaimsEmail)?,
        })
    }

    pub fn problems(&self) -> Vec<crate::ApiError> {
        use crate::Field;
        [
            crate::PersonName::parse(&self.payment_contact_name)
                .err()
                .map(|e| e.for_field(Field::PaymentContactName)),
            crate::EmailAddress::parse(&self.payment_contact_email, Field::PaymentContactEmail)
                .err(),
            crate::EmailAddress::parse(&self.claims_email, Field::ClaimsEmail).err(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// A message of the demo mailbox (mail kept when no SMTP server is configured).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailMessage {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notification_kinds_round_trip_through_distinct_codes() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::from_code(kind.code()), Some(kind));
        }
        let mut codes: Vec<_> = NotificationKind::ALL.iter().map(|k| k.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), NotificationKind::ALL.len());
        for category in NotificationCategory::ALL {
            assert_eq!(
                NotificationCategory::from_code(category.code()),
                Some(category)
            );
        }
        assert_eq!(NotificationKind::from_code("nonsense"), None);
    }
}
