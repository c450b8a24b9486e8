//! What the audit log records and how it is filtered.

pub mod differences;

pub use crate::dates::{iso_utc, parse_date};

use serde::{Deserialize, Serialize};

use crate::catalogue::{Area, Role};
use crate::error::{ApiError, Field, Invalid, Requirement};
use crate::merge::MergeState;
use crate::model::{NotificationCategory, UserStatus};
use crate::payout::PayoutStatus;
use crate::preferences::Channel;
use crate::programs::EnrolmentState;
use crate::tax::profile::VatStatus;
use crate::tenants::TenantKind;
use crate::verification::VerificationStatus;

/// What happened. Stored by code; the client words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    SignUp,
    SignIn,
    SignInFailed,
    SignOut,
    UserInvited,
    InvitationResent,
    InvitationRevoked,
    InvitationAccepted,
    RolesChanged,
    UserDeactivated,
    UserReactivated,
    UserDeleted,
    SettingsChanged,
    VerificationStep,
    /// A document was attached to the answer to a reviewer's question.
    VerificationDocumentAttached,
    /// A document attached to an answer not yet sent was removed.
    VerificationDocumentRemoved,
    TenantAssociated,
    TenantRemoved,
    /// An account invited another to merge into it (recorded on both accounts).
    MergeInvited,
    /// The invited account accepted; the inviting one still has to confirm.
    MergeAccepted,
    /// The invited account declined, with a reason.
    MergeDeclined,
    /// The inviting account withdrew its invitation.
    MergeCancelled,
    /// The inviting account confirmed and the invited one was merged into it.
    MergeCompleted,
    // Programs.
    /// The company enrolled in a program, accepting its agreement.
    ProgramEnrolled,
    /// The company left a program (or withdrew a pending enrolment).
    ProgramLeft,
    /// A platform reviewer approved, rejected or asked about an enrolment.
    ProgramReviewed,
    /// The company answered the reviewer's question about an enrolment.
    ProgramAnswered,
    /// The platform saw a requirement of an enrolment stop being met, or be met again.
    ProgramStatusChanged,
    /// A program issued an identifier (Publisher ID, Windows publisher ID) to the company.
    IdentifierIssued,
    // Tax profile.
    /// A tax exemption certificate was uploaded.
    TaxCertificateSubmitted,
    /// A platform reviewer accepted a tax exemption certificate.
    TaxCertificateAccepted,
    // Payout and billing. Bank numbers never appear, only last 4.
    /// A new payout account was entered (pending validation).
    PayoutAccountSubmitted,
    /// A platform reviewer approved a payout account: payouts go there now.
    PayoutAccountApproved,
    /// A platform reviewer asked the partner to act on a payout account.
    PayoutAccountActionRequired,
    /// A wrong password was given to confirm a sensitive change (payout account).
    ReauthenticationFailed,
}

impl AuditAction {
    pub const ALL: [AuditAction; 35] = [
        AuditAction::SignUp,
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::SignOut,
        AuditAction::UserInvited,
        AuditAction::InvitationResent,
        AuditAction::InvitationRevoked,
        AuditAction::InvitationAccepted,
        AuditAction::RolesChanged,
        AuditAction::UserDeactivated,
        AuditAction::UserReactivated,
        AuditAction::UserDeleted,
        AuditAction::SettingsChanged,
        AuditAction::VerificationStep,
        AuditAction::VerificationDocumentAttached,
        AuditAction::VerificationDocumentRemoved,
        AuditAction::TenantAssociated,
        AuditAction::TenantRemoved,
        AuditAction::MergeInvited,
        AuditAction::MergeAccepted,
        AuditAction::MergeDeclined,
        AuditAction::MergeCancelled,
        AuditAction::MergeCompleted,
        // Programs.
        AuditAction::ProgramEnrolled,
        AuditAction::ProgramLeft,
        AuditAction::ProgramReviewed,
        AuditAction::ProgramAnswered,
        AuditAction::ProgramStatusChanged,
        AuditAction::IdentifierIssued,
        // Tax profile.
        AuditAction::TaxCertificateSubmitted,
        AuditAction::TaxCertificateAccepted,
        AuditAction::PayoutAccountSubmitted,
        AuditAction::PayoutAccountApproved,
        AuditAction::PayoutAccountActionRequired,
        AuditAction::ReauthenticationFailed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::SignUp => "sign-up",
            AuditAction::SignIn => "sign-in",
            AuditAction::SignInFailed => "sign-in-failed",
            AuditAction::SignOut => "sign-out",
            AuditAction::UserInvited => "user-invited",
            AuditAction::InvitationResent => "invitation-resent",
            AuditAction::InvitationRevoked => "invitation-revoked",
            AuditAction::InvitationAccepted => "invitation-accepted",
            AuditAction::RolesChanged => "roles-changed",
            AuditAction::UserDeactivated => "user-deactivated",
            AuditAction::UserReactivated => "user-reactivated",
            AuditAction::UserDeleted => "user-deleted",
            AuditAction::SettingsChanged => "settings-changed",
            AuditAction::VerificationStep => "verification-step",
            AuditAction::VerificationDocumentAttached => "verification-document-attached",
            AuditAction::VerificationDocumentRemoved => "verification-document-removed",
            AuditAction::TenantAssociated => "tenant-associated",
            AuditAction::TenantRemoved => "tenant-removed",
            AuditAction::MergeInvited => "merge-invited",
            AuditAction::MergeAccepted => "merge-accepted",
            AuditAction::MergeDeclined => "merge-declined",
            AuditAction::MergeCancelled => "merge-cancelled",
            AuditAction::MergeCompleted => "merge-completed",
            // Programs.
            AuditAction::ProgramEnrolled => "program-enrolled",
            AuditAction::ProgramLeft => "program-left",
            AuditAction::ProgramReviewed => "program-reviewed",
            AuditAction::ProgramAnswered => "program-answered",
            AuditAction::ProgramStatusChanged => "program-status-changed",
            AuditAction::IdentifierIssued => "identifier-issued",
            // Tax profile.
            AuditAction::TaxCertificateSubmitted => "tax-certificate-submitted",
            AuditAction::TaxCertificateAccepted => "tax-certificate-accepted",
            AuditAction::PayoutAccountSubmitted => "payout-account-submitted",
            AuditAction::PayoutAccountApproved => "payout-account-approved",
            AuditAction::PayoutAccountActionRequired => "payout-account-action-required",
            AuditAction::ReauthenticationFailed => "reauthentication-failed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Signing in and out: filed under sign-ins, not under an area of the workspace.
    pub const SIGN_INS: [AuditAction; 3] = [
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::SignOut,
    ];
}

/// Where the audit log files an entry: under the area of the workspace it changed, or under
/// sign-ins (which change no area).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Filed {
    In(Area),
    SignIns,
}

impl Filed {
    pub const SIGN_INS_SLUG: &'static str = "sign-ins";

    pub fn slug(self) -> &'static str {
        match self {
            Filed::In(area) => area.slug(),
            Filed::SignIns => Filed::SIGN_INS_SLUG,
        }
    }

    pub fn from_slug(slug: &str) -> Option<Filed> {
        if slug == Filed::SIGN_INS_SLUG {
            Some(Filed::SignIns)
        } else {
            Area::from_slug(slug).map(Filed::In)
        }
    }
}

/// One part of what an entry's before or after holds, kept as data so that each reader sees it
/// in their own language: a field's label, a role's name, a state in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Said {
    /// Words as typed (a name, an email address, a postal address), shown as they are.
    Text(String),
    /// A field's label, then what it held.
    Field(Field, Box<Said>),
    Roles(Vec<Role>),
    UserStatus(UserStatus),
    Enrolment(EnrolmentState),
    /// Choices of the company profile (partnership types, kinds of work...), by code.
    Choices(Vec<String>),
    /// Countries, by ISO code.
    Countries(Vec<String>),
    /// A language, by tag (`fr`).
    Language(String),
    /// The channel a notification category goes through.
    Channel(NotificationCategory, Channel),
    /// An address waiting for its owner to follow the emailed link.
    AwaitingConfirmation(String),
    Verification(VerificationStatus),
    Payout(PayoutStatus),
    /// What the VAT registry answered about a VAT ID.
    Vat(VatStatus),
    Tenant(TenantKind),
    Merge(MergeState),
    /// What a completed merge moved into the surviving account.
    Moved {
        users: u64,
        locations: u64,
        tenants: u64,
    },
    /// An arriving user's admin roles that the confirming Global admin kept, and dropped.
    AdminRolesKept(Vec<Role>),
    AdminRolesDropped(Vec<Role>),
    /// The version of a program agreement accepted.
    AgreementVersion(String),
    /// A requirement of a program, no longer met.
    Unmet(Requirement),
    Note(Note),
}

/// A fixed remark of an audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Note {
    /// The location is the company's legal address.
    LegalAddress,
    /// An invited address outside the company's email domains.
    OutsideDomains,
    /// A change that waited for a confirmation.
    ChangePending,
    /// That change, withdrawn.
    ChangeCancelled,
    /// A document waiting for the platform's review.
    Submitted,
    /// A document the platform accepted.
    Accepted,
}

impl Said {
    pub fn text(words: impl Into<String>) -> Said {
        Said::Text(words.into())
    }

    /// `field: words as typed`.
    pub fn typed(field: Field, words: impl Into<String>) -> Said {
        Said::Field(field, Box::new(Said::Text(words.into())))
    }
}

/// One side of a change (before or after): its parts, read one after another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Told(pub Vec<Said>);

impl Told {
    /// Nothing (the before of something new, the after of something removed).
    pub fn nothing() -> Told {
        Told(Vec::new())
    }

    pub fn of(said: Said) -> Told {
        Told(vec![said])
    }

    /// Words as typed, or nothing if there are none.
    pub fn text(words: &str) -> Told {
        if words.is_empty() {
            Told::nothing()
        } else {
            Told::of(Said::text(words))
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The fields of `pairs` (label, before, after) whose values differ, each side as `field: value`
/// parts: what a saved form changed.
pub fn changed_fields(pairs: Vec<(Field, Said, Said)>) -> (Told, Told) {
    let (before, after) = pairs
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(f, b, a)| (Said::Field(f, Box::new(b)), Said::Field(f, Box::new(a))))
        .unzip();
    (Told(before), Told(after))
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// Who acted (their email at the time), or the address tried for a failed sign-in.
    pub actor: String,
    pub area: Area,
    pub action: AuditAction,
    /// What was changed (a user's email, a settings record).
    pub target: String,
    pub before: Told,
    pub after: Told,
}

impl AuditEntry {
    pub fn filed(&self) -> Filed {
        if AuditAction::SIGN_INS.contains(&self.action) {
            Filed::SignIns
        } else {
            Filed::In(self.area)
        }
    }
}

/// Filters of the audit log page; empty means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// Part of the actor's email or of the target.
    pub user: String,
    pub area: Option<Filed>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub to: Option<i64>,
}

impl AuditFilter {
    /// Refuses a range that ends before it starts (it would silently list nothing).
    pub fn check(&self) -> Result<(), ApiError> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if to <= from => {
                Err(ApiError::invalid(Field::AuditTo, Invalid::DatesReversed))
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_range_that_ends_before_it_starts_is_refused() {
        let day = 86_400;
        let range = |from, to| AuditFilter {
            from: Some(from),
            to: Some(to),
            ..Default::default()
        };
        // "To" is exclusive: the day after the last day shown.
        assert!(range(10 * day, 11 * day).check().is_ok());
        assert_eq!(
            range(10 * day, 10 * day).check(),
            Err(ApiError::invalid(Field::AuditTo, Invalid::DatesReversed))
        );
        assert!(AuditFilter {
            from: Some(day),
            ..Default::default()
        }
        .check()
        .is_ok());
    }

    #[test]
    fn times_are_written_in_utc_iso_8601() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_795_000_000), "2026-11-18T11:06:40Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn dates_from_date_inputs_are_midnight_utc() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-02-29"), Some(951_782_400));
        assert_eq!(
            iso_utc(parse_date("2026-11-26").unwrap()),
            "2026-11-26T00:00:00Z"
        );
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn action_codes_round_trip() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.code()), Some(action));
        }
    }

    #[test]
    fn action_codes_are_distinct() {
        let mut codes: Vec<_> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len());
    }
}
