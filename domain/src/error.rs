use serde::{Deserialize, Serialize};

pub mod details;

pub use details::{MergeSummary, RemovalBlocker, Requirement};

/// A form field a validation error belongs to, so the interface can show the message beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Email,
    Name,
    Password,
    CompanyName,
    Country,
    Roles,
    PaymentContactName,
    PaymentContactEmail,
    ClaimsEmail,
    /// A reason or answer written to the other side (verification).
    Message,
    LocationName,
    PrimaryName,
    PrimaryEmail,
    PrimaryPhone,
    PrimaryLanguage,
    LegalName,
    LegalEmail,
    LegalPhone,
    LegalLanguage,
    Street,
    City,
    Region,
    PostalCode,
    PartnershipTypes,
    Customers,
    Revenue,
    Currency,
    CompanySize,
    WorkKinds,
    Countries,
    Regions,
    /// The DUNS number of a company lookup or of the legal identity.
    Duns,
    SupportEmail,
    SupportPhone,
    SupportWebsite,
    SupportHoursEn,
    SupportHoursFr,
    TenantDisplayName,
    PublisherDisplayName,
    SellerName,
    SellerEmail,
    SellerPhone,
    ApproverName,
    ApproverEmail,
    ApproverPhone,
    /// The global partner ID of another account (account merge).
    PartnerId,
    /// The message sent with an invitation to merge.
    MergeMessage,
    /// Why an invitation to merge was declined.
    DeclineReason,
    /// The IBAN of the payout bank account.
    Iban,
    /// The BIC (SWIFT code) of the payout bank.
    Bic,
    /// The bank routing number (ABA in the US) of an account without IBAN.
    RoutingNumber,
    /// The account number of an account without IBAN.
    BankAccountNumber,
    /// The purchase order number printed on invoices.
    PurchaseOrder,
    /// The company's national tax identification number.
    TaxId,
    /// The company's EU VAT identification number.
    VatId,
    /// A second address for notifications, outside the company's directory tenant.
    AlternateEmail,
    // My preferences.
    /// The address a user's notifications are emailed to (My preferences).
    NotificationEmail,
    /// The user's job title (My preferences).
    JobTitle,
    /// The language of the user's emails (My preferences).
    EmailLanguage,
    /// The channel of each notification category (My preferences).
    NotificationChannels,
    // Programs.
    /// The program agreement checkbox of the enrolment form.
    ProgramAgreement,
    // Tax profile: a tax exemption certificate's file, issuing region and expiry date.
    CertificateFile,
    CertificateRegion,
    CertificateExpiry,
    // Verification: a document attached to the answer to a reviewer's question.
    VerificationDocument,
    // Payout and billing.
    /// Whose name the payout bank account is in.
    AccountHolder,
    /// Where invoices and billing questions go.
    BillingEmail,
    // Audit log.
    /// The last day of the audit log's date filter.
    AuditTo,
}

/// Why an input was refused. The client turns each case into a sentence in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Invalid {
    Required,
    TooShort {
        min: u32,
    },
    TooLong {
        max: u32,
    },
    /// Control characters or similar that have no place in a name.
    ForbiddenCharacters,
    EmailFormat,
    /// The address belongs to a free-mail provider (the domain is given back for the message).
    FreeMailProvider {
        domain: String,
    },
    PasswordTooCommon,
    UnknownCountry,
    /// A user needs at least one role.
    NoRole,
    UnknownCurrency,
    /// A value that is not one of the offered choices.
    UnknownChoice,
    NotAWholeNumber,
    OutOfRange {
        min: u64,
        max: u64,
    },
    /// The postal code does not have the country's format; `example` is one that does.
    PostalCodeFormat {
        example: Option<String>,
    },
    /// The postal code belongs to another region than `region`.
    PostalCodeNotInRegion {
        region: String,
    },
    /// None of the country's regions has this name.
    UnknownRegion,
    /// A phone number not in international form (`+` and 8 to 15 digits).
    PhoneFormat,
    /// Not a phone number, where one may be typed as dialled in its country or in
    /// international form.
    NationalPhoneFormat,
    /// A DUNS number is nine digits.
    DunsFormat,
    /// The company directory has no company with this DUNS number.
    DunsUnknown,
    /// A web address that is not `https://`.
    HttpsRequired,
    /// Not a web address with a real host name.
    UrlFormat,
    /// Not a GUID (8-4-4-4-12 hexadecimal digits).
    GuidFormat,
    /// A partner ID is seven digits, not starting with 0.
    PartnerIdFormat,
    /// The number is a location ID; the account's global partner ID is needed instead.
    LocationIdGiven,
    /// No partner account has this partner ID.
    UnknownPartnerId,
    /// Not an IBAN: two letters, two check digits, then letters and digits.
    IbanFormat,
    /// The IBAN's check digits do not match (a typing mistake).
    IbanChecksum,
    /// The IBAN belongs to a bank of `iban_country`, not of the bank country chosen.
    IbanOtherCountry {
        iban_country: String,
    },
    /// IBANs of `country` are `length` characters long.
    IbanCountryLength {
        country: String,
        length: u32,
    },
    /// Not a BIC: 8 or 11 letters and digits (bank, country, location, optional branch).
    BicFormat,
    /// The country of this bank account uses IBANs: the IBAN is needed instead.
    IbanRequired,
    /// Not a routing number of the country's format (nine digits for an ABA number).
    RoutingNumberFormat,
    /// The routing number's check digit does not match (a typing mistake).
    RoutingNumberChecksum,
    /// Not an account number of the country's format (number of digits or characters).
    BankAccountNumberFormat,
    /// A purchase order number holds letters, digits and `- / _ .` only (no spaces).
    PurchaseOrderFormat,
    /// The tax ID does not have the country's format; `example` is one that does.
    TaxIdFormat {
        example: Option<String>,
    },
    /// The tax ID's check digits do not match (a typing mistake).
    TaxIdChecksum,
    /// Not a VAT ID of an EU member state's format; `example` is one that does (of the
    /// member state its prefix names, when it names one).
    VatIdFormat {
        example: Option<String>,
    },
    /// The VAT ID's check digits do not match (a typing mistake).
    VatIdChecksum,
    /// A VAT ID of another member state than the company's, whose VAT IDs start with `prefix`
    /// (`FR`; `EL` for Greece); `example` is one of them.
    VatIdOtherState {
        prefix: String,
        example: Option<String>,
    },
    /// An address at `onmicrosoft.com` (a directory tenant's default domain) is not accepted
    /// here: it is not a mailbox anyone reads.
    OnMicrosoftDomain,
    /// An address outside the company's own domains (its users' sign-in emails and its
    /// tenants'), where the address must be the organisation's own.
    NotOwnDomain {
        domain: String,
    },
    // Tax profile.
    /// The file is larger than `max_bytes`.
    FileTooLarge {
        max_bytes: u64,
    },
    /// The file's content is none of the accepted types (PDF, PNG, JPEG), whatever its name
    /// or the type the browser claimed.
    FileType,
    /// No more files may be attached: `max` already are.
    TooManyFiles {
        max: u32,
    },
    /// Not a date written `YYYY-MM-DD`, or a day that does not exist.
    DateFormat,
    /// The date must be after today (an expiry date).
    DateNotInFuture,
    /// A date range whose end comes before its start.
    DatesReversed,
    // Payout and billing.
    /// The password re-entered to confirm a sensitive change is not the user's password.
    PasswordIncorrect,
}

/// Which business rule a conflicting request broke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConflictKind {
    /// An invitation to an address that is already one of this account's users. (Sign-up never
    /// says an address is taken: it answers the same for a free one.)
    EmailTaken,
    /// The change would leave the account without an active Global admin.
    LastGlobalAdmin,
    /// Nobody can give themselves a role they do not hold.
    OwnRoles,
    /// Nobody can deactivate or delete their own user.
    OwnUser,
    /// The invitation link was used, revoked or has expired.
    InvitationUnusable,
    /// The invited address already has a Partner Settings account with another company: it
    /// cannot also join this one (the invitee learns it from the link, the inviter never does).
    InvitationEmailHasAccount,
    /// The user is not (or no longer) invited.
    NotInvited,
    /// The user must be signed up or activated for this.
    NotActive,
    /// The legal address cannot be removed; another location must become legal first.
    LegalAddress,
    /// This verification step does not follow from where the verification stands.
    VerificationStep,
    /// The confirmation link expired before it was used (a new one can be sent).
    ConfirmationExpired,
    /// The confirmation link was already used.
    ConfirmationUsed,
    /// The confirmation link is unknown, cancelled or replaced by a newer one.
    ConfirmationUnusable,
    /// The sign-up link expired before it was followed: signing in offers a new one, and a new
    /// sign-up of the address replaces the attempt.
    SignUpLinkExpired,
    /// The sign-up link is unknown, was already used, or a newer sign-up or link replaced it.
    SignUpLinkUnusable,
    /// The tenant is associated with another partner account (which is never named).
    TenantTaken,
    /// Another partner account holds this DUNS number (which is never named).
    DunsTaken,
    /// The tenant is already associated with this account.
    TenantAlreadyAssociated,
    /// The tenant cannot be removed, and why.
    TenantRemoval(RemovalBlocker),
    /// The directory sign-in that should prove control of a tenant did not succeed.
    DirectorySignIn(SignInFailure),
    /// An account cannot merge with itself.
    MergeWithSelf,
    /// An account already takes part in an open merge (awaiting an answer or a confirmation),
    /// with any account: `ours` tells whether it is the caller's account or the other one.
    MergePending { ours: bool },
    /// One of the accounts was merged into another and is read-only.
    AccountMerged,
    /// The other account has already invited the caller's account to merge: here is that
    /// invitation, to be answered instead of crossing it with a second one.
    MergeCrossInvitation(Box<MergeSummary>),
    /// This merge step does not follow from where the merge stands, or belongs to the other
    /// account (only the invited account accepts or declines, only the inviting one confirms
    /// or cancels).
    MergeStep,
    /// The invitation to merge was not finished within its lifetime and has expired.
    MergeExpired,
    /// Only companies whose verification is approved take part in a merge: `ours` tells
    /// whether it is the caller's company that is not (or no longer) verified, or the other.
    MergeNotVerified { ours: bool },
    // Programs.
    /// Enrolment refused: these requirements of the program are not met (checked again by
    /// the server at the moment of enrolling).
    RequirementsNotMet(Vec<Requirement>),
    /// The company is already in this program (pending, active or needing action).
    AlreadyEnrolled,
    /// This step does not follow from where the enrolment stands (someone else acted first):
    /// reload.
    EnrolmentStep,
    /// Enrolment refused: the agreement version the page showed and the user accepted is not
    /// the program's current one (it changed since, or was never one): `current` is, to read.
    AgreementChanged { current: String },
    // Payout and billing.
    /// The payout account was already decided or replaced: only a pending one is reviewed.
    PayoutNotPending,
    /// Someone saved the record since it was opened: who, when, and the record as it now is
    /// (JSON of the form's type), so the form can show both and reapply the user's changes.
    Stale {
        by: String,
        at: i64,
        current: String,
    },
    // Notification centre.
    /// A mandatory action cannot be archived: it goes away once it is done.
    ActionMandatory,
    // Tax profile.
    /// The tax exemption certificate was already accepted, or has expired.
    CertificateNotSubmitted,
}

/// Why a directory sign-in (OpenID Connect) was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInFailure {
    /// The sign-in is unknown, was already used, or took too long: start again.
    Expired,
    /// The directory answered that the administrator cancelled or was refused.
    Cancelled,
    /// The directory's answer did not pass the checks (signature, issuer, audience, nonce,
    /// expiry): nothing was associated.
    Rejected,
    /// The person who signed in holds none of the directory roles that may associate the
    /// tenant (Global Administrator unless configured otherwise).
    NotAdministrator,
    /// The person who signed in is a guest of the tenant, not one of its own users.
    Guest,
}

/// The one error type of the API. Every server function answers with it, the server maps each
/// case to an HTTP status, and the client shows it beside a field or as a message. It never
/// carries database or internal text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    #[error("invalid {field:?}: {reason:?}")]
    Validation { field: Field, reason: Invalid },
    #[error("the email or password is incorrect")]
    BadCredentials,
    /// The password was right but the user has been deactivated.
    #[error("this user has been deactivated")]
    Deactivated,
    /// The password was right but the account waits for its founder to follow the link mailed
    /// at sign-up (a new link can be asked for).
    #[error("the email address is not confirmed yet")]
    EmailUnconfirmed,
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0:?}")]
    Conflict(ConflictKind),
    #[error("too many attempts; retry in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u32 },
    /// The request could not be read (wrong arguments for the function).
    #[error("malformed request")]
    Malformed,
    #[error("internal server error")]
    Internal,
    /// The request never got a readable answer (network down, server restarting).
    #[error("network: {0}")]
    Network(String),
    /// A service the request depends on (the company directory, ...) did not answer or is
    /// not configured; the user can try again later or go another way.
    #[error("a service this needs is unavailable")]
    Unavailable,
    /// The server is at capacity (too many requests in flight, or too many password checks
    /// waiting): nothing was done, try again after `retry_after_secs`.
    #[error("the server is busy; retry in {retry_after_secs} s")]
    Busy { retry_after_secs: u32 },
    /// The request was not received (or answered) in time and was stopped.
    #[error("the request took too long")]
    TimedOut,
}

impl ApiError {
    pub fn invalid(field: Field, reason: Invalid) -> Self {
        ApiError::Validation { field, reason }
    }

    /// The same validation error, moved to `field` (for a type reused by several fields).
    pub fn for_field(self, field: Field) -> Self {
        match self {
            ApiError::Validation { reason, .. } => ApiError::Validation { field, reason },
            other => other,
        }
    }

    /// The HTTP status the server answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::Validation { .. } => 422,
            ApiError::BadCredentials | ApiError::Unauthenticated => 401,
            ApiError::Deactivated => 403,
            ApiError::EmailUnconfirmed => 403,
            ApiError::Forbidden => 403,
            ApiError::NotFound => 404,
            ApiError::Conflict(_) => 409,
            ApiError::TooManyRequests { .. } => 429,
            ApiError::Malformed => 400,
            ApiError::Internal => 500,
            ApiError::Network(_) => 502,
            ApiError::Unavailable => 503,
            ApiError::Busy { .. } => 503,
            ApiError::TimedOut => 408,
        }
    }

    /// The field this error belongs to, if it belongs to one.
    pub fn field(&self) -> Option<Field> {
        match self {
            ApiError::Validation { field, .. } => Some(*field),
            ApiError::Conflict(ConflictKind::EmailTaken) => Some(Field::Email),
            ApiError::Conflict(ConflictKind::DunsTaken) => Some(Field::Duns),
            ApiError::Conflict(ConflictKind::AgreementChanged { .. }) => {
                Some(Field::ProgramAgreement)
            }
            _ => None,
        }
    }
}
