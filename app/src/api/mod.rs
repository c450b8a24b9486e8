//! The API between the browser and the server: one error type and the catalogue of server
//! functions with the permission each one needs. The server's middleware reads that catalogue
//! before any server function runs, so a function without an entry cannot be reached.

use domain::{Access, ApiError, Area};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod server;
pub mod workspace;

pub use crate::api::workspace::{
    GetMe, ListNotifications, MarkNotificationsRead, SetLanguage, SignOut,
};
pub use crate::pages::account_merge::api::{
    AcceptMerge, CancelMerge, ConfirmMerge, DeclineMerge, FindAccount, InviteToMerge, MergeHistory,
    PreviewMerge,
};
pub use crate::pages::audit::api::{ExportAudit, ListAudit};
pub use crate::pages::auth::api::{AcceptInvitation, InvitationInfo, SignIn, SignUp};
pub use crate::pages::auth::api::{ConfirmSignUp, ResendSignUpLink, SignUpLinkInfo};
pub use crate::pages::company_profile::api::{GetCompanyProfile, SaveCompanyProfile};
pub use crate::pages::confirm_email::api::{ConfirmEmail, RenewConfirmation};
pub use crate::pages::identifiers::api::{
    GetCompanyApprover, GetIdentifiers, GetPublisherName, GetSellerContact, SaveCompanyApprover,
    SavePublisherName, SaveSellerContact,
};
pub use crate::pages::incentives::api::{GetIncentives, SaveIncentives};
pub use crate::pages::invoices::api::ListInvoices;
pub use crate::pages::legal_info::api::{
    AddLocation, CancelPrimaryEmail, GetContacts, GetLegalIdentity, GetVerification, ListLocations,
    LookupCompany, PendingPrimaryEmail, RemoveLocation, ResendPrimaryEmail, SaveContacts,
    SaveLegalIdentity, TakeVerificationStep, UpdateLocation,
};
// Documents for verification.
pub use crate::pages::legal_info::api::{RemoveVerificationDocument, UploadVerificationDocument};
pub use crate::pages::mailbox::api::ListMailbox;
// Notification centre.
pub use crate::api::workspace::{
    ArchiveAction, ListActions, MarkNotificationRead, PollNotifications,
};
// Payout and billing.
pub use crate::pages::payout::api::{
    ChangePayoutAccount, GetBilling, GetPayout, PayoutReviewQueue, ReviewPayout, SaveBilling,
};
pub use crate::pages::review::api::{ReviewCompany, ReviewQueue, ReviewStep};
pub use crate::pages::support_details::api::{GetSupportDetails, SaveSupportDetails};
pub use crate::pages::tenants::api::{
    CompleteTenantAssociation, ListTenants, RemoveTenant, RenameTenant, StartTenantAssociation,
};
// Programs.
pub use crate::pages::programs::api::{EnrolProgram, ListPrograms, ProgramAgreement, ProgramStep};
pub use crate::pages::review::api::{ReviewEnrolmentStep, ReviewEnrolments};
pub use crate::pages::users::api::OwnEmailDomains;
pub use crate::pages::users::api::{
    DeactivateUser, DeleteUser, InviteUser, ListUsers, ReactivateUser, ResendInvitation,
    RevokeInvitation, SetUserRoles,
};
// My preferences.
pub use crate::pages::preferences::api::{
    CancelPersonalEmail, GetAlternateEmail, GetChannels, GetContactDetails, PendingPersonalEmail,
    ResendPersonalEmail, SaveAlternateEmail, SaveChannels, SaveContactDetails,
};
// Tax profile.
pub use crate::pages::review::tax_api::{AcceptTaxCertificate, ReviewTaxCertificates};
pub use crate::pages::tax::api::{
    CheckVatAgain, GetTaxProfile, ListTaxCertificates, SaveTaxProfile, UploadTaxCertificate,
};

/// The error every server function returns: a thin wrapper so the domain's [`ApiError`] can
/// travel through server functions. On the wire it is exactly the `ApiError`, as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Error(pub ApiError);

pub type Result<T> = std::result::Result<T, Error>;

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error(e)
    }
}

impl FromServerFnError for Error {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(detail) | ServerFnErrorErr::Response(detail) => {
                Error(ApiError::Network(detail))
            }
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => Error(ApiError::Malformed),
            // Anything else is a fault in the exchange itself, not the user's doing.
            _ => Error(ApiError::Internal),
        }
    }
}

/// What a caller needs before a server function runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Anyone, signed in or not (sign-up, sign-in, invitation links).
    Public,
    /// Only when the demo switch is on (the local mailbox), otherwise not found; the function
    /// itself then asks for a session or the sign-up cookie.
    DemoOnly,
    /// A platform reviewer (never a partner user, whatever their roles).
    Reviewer,
    /// A signed-in user with at least `Access` to `Area`, per the catalogue.
    Permission(Area, Access),
}

/// Declares every server function once: its requirement, its explicit registration with the
/// server (the server never renders a component, so the linker would otherwise drop them) and
/// its URL in the table the middleware and the permission tests read.
macro_rules! server_functions {
    ($($function:ty => $requirement:expr,)*) => {
        /// Every server function: (URL path, requirement).
        pub fn catalogue() -> Vec<(&'static str, Requirement)> {
            use leptos::server_fn::ServerFn;
            vec![$((<$function as ServerFn>::PATH, $requirement),)*]
        }

        /// Registers every server function with the server-function router.
        #[cfg(feature = "ssr")]
        pub fn register_server_functions() {
            $(leptos::server_fn::axum::register_explicit::<$function>();)*
        }
    };
}

server_functions! {
    SignUp => Requirement::Public,
    SignIn => Requirement::Public,
    InvitationInfo => Requirement::Public,
    AcceptInvitation => Requirement::Public,
    ConfirmEmail => Requirement::Public,
    RenewConfirmation => Requirement::Public,
    SignUpLinkInfo => Requirement::Public,
    ConfirmSignUp => Requirement::Public,
    ResendSignUpLink => Requirement::Public,
    ListMailbox => Requirement::DemoOnly,
    SignOut => Requirement::Permission(Area::Overview, Access::View),
    GetMe => Requirement::Permission(Area::Overview, Access::View),
    SetLanguage => Requirement::Permission(Area::Notifications, Access::Edit),
    ListNotifications => Requirement::Permission(Area::Notifications, Access::View),
    MarkNotificationsRead => Requirement::Permission(Area::Notifications, Access::Edit),
    ListUsers => Requirement::Permission(Area::Users, Access::View),
    OwnEmailDomains => Requirement::Permission(Area::Users, Access::View),
    InviteUser => Requirement::Permission(Area::Users, Access::Edit),
    ResendInvitation => Requirement::Permission(Area::Users, Access::Edit),
    RevokeInvitation => Requirement::Permission(Area::Users, Access::Edit),
    SetUserRoles => Requirement::Permission(Area::Users, Access::Edit),
    DeactivateUser => Requirement::Permission(Area::Users, Access::Edit),
    ReactivateUser => Requirement::Permission(Area::Users, Access::Edit),
    DeleteUser => Requirement::Permission(Area::Users, Access::Edit),
    ListLocations => Requirement::Permission(Area::LegalInfo, Access::View),
    GetVerification => Requirement::Permission(Area::LegalInfo, Access::View),
    GetContacts => Requirement::Permission(Area::LegalInfo, Access::View),
    GetLegalIdentity => Requirement::Permission(Area::LegalInfo, Access::View),
    SaveLegalIdentity => Requirement::Permission(Area::LegalInfo, Access::Edit),
    LookupCompany => Requirement::Permission(Area::LegalInfo, Access::Edit),
    SaveContacts => Requirement::Permission(Area::LegalInfo, Access::Edit),
    PendingPrimaryEmail => Requirement::Permission(Area::LegalInfo, Access::View),
    CancelPrimaryEmail => Requirement::Permission(Area::LegalInfo, Access::Edit),
    ResendPrimaryEmail => Requirement::Permission(Area::LegalInfo, Access::Edit),
    TakeVerificationStep => Requirement::Permission(Area::LegalInfo, Access::Edit),
    // Documents for verification: whoever may answer the reviewer.
    UploadVerificationDocument => Requirement::Permission(Area::LegalInfo, Access::Edit),
    RemoveVerificationDocument => Requirement::Permission(Area::LegalInfo, Access::Edit),
    ReviewQueue => Requirement::Reviewer,
    ReviewCompany => Requirement::Reviewer,
    ReviewStep => Requirement::Reviewer,
    AddLocation => Requirement::Permission(Area::LegalInfo, Access::Edit),
    UpdateLocation => Requirement::Permission(Area::LegalInfo, Access::Edit),
    RemoveLocation => Requirement::Permission(Area::LegalInfo, Access::Edit),
    GetCompanyProfile => Requirement::Permission(Area::CompanyProfile, Access::View),
    SaveCompanyProfile => Requirement::Permission(Area::CompanyProfile, Access::Edit),
    ListTenants => Requirement::Permission(Area::Tenants, Access::View),
    StartTenantAssociation => Requirement::Permission(Area::Tenants, Access::Edit),
    CompleteTenantAssociation => Requirement::Permission(Area::Tenants, Access::Edit),
    RenameTenant => Requirement::Permission(Area::Tenants, Access::Edit),
    RemoveTenant => Requirement::Permission(Area::Tenants, Access::Edit),
    MergeHistory => Requirement::Permission(Area::AccountMerge, Access::View),
    PreviewMerge => Requirement::Permission(Area::AccountMerge, Access::View),
    FindAccount => Requirement::Permission(Area::AccountMerge, Access::Edit),
    InviteToMerge => Requirement::Permission(Area::AccountMerge, Access::Edit),
    AcceptMerge => Requirement::Permission(Area::AccountMerge, Access::Edit),
    DeclineMerge => Requirement::Permission(Area::AccountMerge, Access::Edit),
    CancelMerge => Requirement::Permission(Area::AccountMerge, Access::Edit),
    ConfirmMerge => Requirement::Permission(Area::AccountMerge, Access::Edit),
    GetIdentifiers => Requirement::Permission(Area::Identifiers, Access::View),
    GetPublisherName => Requirement::Permission(Area::PublisherName, Access::View),
    SavePublisherName => Requirement::Permission(Area::PublisherName, Access::Edit),
    GetSellerContact => Requirement::Permission(Area::SellerContact, Access::View),
    SaveSellerContact => Requirement::Permission(Area::SellerContact, Access::Edit),
    GetCompanyApprover => Requirement::Permission(Area::CompanyApprover, Access::View),
    SaveCompanyApprover => Requirement::Permission(Area::CompanyApprover, Access::Edit),
    GetSupportDetails => Requirement::Permission(Area::SupportDetails, Access::View),
    SaveSupportDetails => Requirement::Permission(Area::SupportDetails, Access::Edit),
    GetIncentives => Requirement::Permission(Area::Incentives, Access::View),
    SaveIncentives => Requirement::Permission(Area::Incentives, Access::Edit),
    ListInvoices => Requirement::Permission(Area::PayoutTax, Access::View),
    ListAudit => Requirement::Permission(Area::AuditLog, Access::View),
    ExportAudit => Requirement::Permission(Area::AuditLog, Access::View),
    // My preferences: the caller's own, so Notifications.
    GetContactDetails => Requirement::Permission(Area::Notifications, Access::View),
    SaveContactDetails => Requirement::Permission(Area::Notifications, Access::Edit),
    PendingPersonalEmail => Requirement::Permission(Area::Notifications, Access::View),
    CancelPersonalEmail => Requirement::Permission(Area::Notifications, Access::Edit),
    ResendPersonalEmail => Requirement::Permission(Area::Notifications, Access::Edit),
    GetChannels => Requirement::Permission(Area::Notifications, Access::View),
    SaveChannels => Requirement::Permission(Area::Notifications, Access::Edit),
    GetAlternateEmail => Requirement::Permission(Area::Notifications, Access::View),
    SaveAlternateEmail => Requirement::Permission(Area::Notifications, Access::Edit),
    // Notification centre.
    PollNotifications => Requirement::Permission(Area::Notifications, Access::View),
    ListActions => Requirement::Permission(Area::Notifications, Access::View),
    MarkNotificationRead => Requirement::Permission(Area::Notifications, Access::Edit),
    ArchiveAction => Requirement::Permission(Area::Notifications, Access::Edit),
    // Programs.
    ListPrograms => Requirement::Permission(Area::Programs, Access::View),
    ProgramAgreement => Requirement::Permission(Area::Programs, Access::View),
    EnrolProgram => Requirement::Permission(Area::Programs, Access::Edit),
    ProgramStep => Requirement::Permission(Area::Programs, Access::Edit),
    ReviewEnrolments => Requirement::Reviewer,
    ReviewEnrolmentStep => Requirement::Reviewer,
    // Tax profile.
    GetTaxProfile => Requirement::Permission(Area::PayoutTax, Access::View),
    SaveTaxProfile => Requirement::Permission(Area::PayoutTax, Access::Edit),
    CheckVatAgain => Requirement::Permission(Area::PayoutTax, Access::Edit),
    ListTaxCertificates => Requirement::Permission(Area::PayoutTax, Access::View),
    UploadTaxCertificate => Requirement::Permission(Area::PayoutTax, Access::Edit),
    ReviewTaxCertificates => Requirement::Reviewer,
    AcceptTaxCertificate => Requirement::Reviewer,
    // Payout and billing.
    GetPayout => Requirement::Permission(Area::PayoutTax, Access::View),
    ChangePayoutAccount => Requirement::Permission(Area::PayoutTax, Access::Edit),
    GetBilling => Requirement::Permission(Area::PayoutTax, Access::View),
    SaveBilling => Requirement::Permission(Area::PayoutTax, Access::Edit),
    PayoutReviewQueue => Requirement::Reviewer,
    ReviewPayout => Requirement::Reviewer,
}

/// Files fetched with a plain link (`GET {prefix}/{id}`) rather than through a server function,
/// so that the browser saves them as the server labels them (an attachment of the type read
/// from its content, sandboxed). Each has its requirement, checked by the server's one
/// permission check exactly like a server function's.
pub mod downloads {
    use super::Requirement;
    use domain::{Access, Area};

    /// A tax exemption certificate of the caller's account.
    pub const TAX_CERTIFICATE: &str = "/files/tax-certificates";
    /// Any company's tax exemption certificate, for a platform reviewer.
    pub const REVIEW_TAX_CERTIFICATE: &str = "/files/review/tax-certificates";
    /// A document the caller's account attached to an answer during verification.
    pub const VERIFICATION_DOCUMENT: &str = "/files/verification-documents";
    /// Any company's document for verification, for a platform reviewer.
    pub const REVIEW_VERIFICATION_DOCUMENT: &str = "/files/review/verification-documents";

    /// Every download: (path prefix, requirement).
    pub fn catalogue() -> [(&'static str, Requirement); 4] {
        [
            (
                TAX_CERTIFICATE,
                Requirement::Permission(Area::PayoutTax, Access::View),
            ),
            (REVIEW_TAX_CERTIFICATE, Requirement::Reviewer),
            // Those who see the verification, as they see it on Legal info.
            (
                VERIFICATION_DOCUMENT,
                Requirement::Permission(Area::LegalInfo, Access::View),
            ),
            (REVIEW_VERIFICATION_DOCUMENT, Requirement::Reviewer),
        ]
    }

    /// Where file `id` under `prefix` is downloaded.
    pub fn url(prefix: &str, id: i64) -> String {
        format!("{prefix}/{id}")
    }
}

/// The requirement of the server function at `path`, or `None` if there is none (refused).
pub fn requirement(path: &str) -> Option<Requirement> {
    catalogue()
        .into_iter()
        .find(|(p, _)| *p == path)
        .map(|(_, r)| r)
}

// Tax profile: request body limits.

/// The largest request body a server function reads, unless it has its own below: axum's own
/// default (2 MB). The server raises axum's limit to [`LARGEST_BODY_LIMIT`] for the API and its
/// guard holds every function to the limit [`body_limit`] gives it.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The largest body of a certificate upload: a 5 MB file in base64 (4 characters per 3 bytes)
/// and the JSON around it. The upload's own check refuses anything over 5 MB beside the file
/// field; past this, the guard refuses before reading further.
pub const UPLOAD_BODY_LIMIT: usize = domain::tax::certificate::CERTIFICATE_FILE.body_limit();

/// The largest body of a document attached for verification: a 10 MB file in base64 and the
/// JSON around it.
pub const DOCUMENT_BODY_LIMIT: usize = domain::verification::VERIFICATION_DOCUMENT.body_limit();

/// The largest body any function reads.
pub const LARGEST_BODY_LIMIT: usize = if DOCUMENT_BODY_LIMIT > UPLOAD_BODY_LIMIT {
    DOCUMENT_BODY_LIMIT
} else {
    UPLOAD_BODY_LIMIT
};

/// The body limit of the server function at `path`, and the refusal of a larger body: an
/// upload's, the file's own "too large" beside its field.
pub fn body_limit(path: &str) -> (usize, ApiError) {
    use leptos::server_fn::ServerFn;
    let uploads = [
        (
            <UploadTaxCertificate as ServerFn>::PATH,
            domain::tax::certificate::CERTIFICATE_FILE,
        ),
        (
            <UploadVerificationDocument as ServerFn>::PATH,
            domain::verification::VERIFICATION_DOCUMENT,
        ),
    ];
    match uploads.into_iter().find(|(p, _)| *p == path) {
        Some((_, rule)) => (rule.body_limit(), rule.too_large()),
        None => (BODY_LIMIT, ApiError::Malformed),
    }
}
