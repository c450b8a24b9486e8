//! The types some refusals carry ([`super::ConflictKind`]): why a tenant cannot be removed, the
//! merge invitation to answer instead, the program requirements not met. They live here, below
//! the areas that use them (tenants, merge and programs re-export them with their behaviour),
//! so the one API error imports no area.

use serde::{Deserialize, Serialize};

/// Why a tenant cannot be removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RemovalBlocker {
    /// The primary tenant stays for the life of the account.
    Primary,
    /// An account keeps at least one commercial tenant.
    LastCommercial,
}

/// Where a merge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MergeState {
    /// Sent; the invited account has not answered yet.
    Invited,
    /// The invited account accepted; the inviting account has not confirmed yet.
    Accepted,
    /// The invited account declined (its reason is on the merge). Final.
    Declined,
    /// The inviting account withdrew the invitation. Final.
    Cancelled,
    /// Not finished within [`crate::merge::MERGE_INVITATION_LIFETIME_SECS`]. Final.
    Expired,
    /// Confirmed and carried out: the invited account is part of the inviting one. Final.
    Completed,
}

/// Which way a merge goes, seen from the account looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MergeDirection {
    /// We invited the other account: we survive.
    WeInvited,
    /// The other account invited us: we are absorbed.
    WeWereInvited,
}

/// One merge as either account's merge history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeSummary {
    pub id: i64,
    pub direction: MergeDirection,
    pub other_legal_name: String,
    pub other_partner_id: String,
    /// As it stands now ([`crate::merge::effective_state`]: expiry is applied).
    pub state: MergeState,
    pub message: String,
    /// Set when declined.
    pub decline_reason: Option<String>,
    /// Unix seconds, and the email of who sent it.
    pub invited_at: i64,
    pub invited_by: String,
    /// When the invitation runs out if not finished by then.
    pub expires_at: i64,
    /// The invited account's answer (accepted or declined): when and who.
    pub answered_at: Option<i64>,
    pub answered_by: Option<String>,
    /// When and by whom the merge ended (confirmed, cancelled, declined); expiry has no one.
    pub finished_at: Option<i64>,
    pub finished_by: Option<String>,
}

/// A program a partner company can enrol in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ProgramCode {
    /// Membership in the partner network: the base most other programs build on.
    PartnerNetwork,
    /// Cloud Solution Provider, direct bill: sells cloud services to customers and bills them.
    CspDirectBill,
    /// Cloud Solution Provider, indirect reseller: sells through an indirect provider.
    CspIndirectReseller,
    /// Publishes offers in the commercial marketplace.
    MarketplacePublisher,
    /// Publishes Windows apps and games in the Store.
    WindowsDeveloper,
}

/// One condition a program sets, evaluated live from the account's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Requirement {
    /// The company's legal information has been verified.
    LegalInfoVerified,
    /// At least one commercial directory tenant is associated with the account.
    CommercialTenant,
    /// The payout account is complete.
    PayoutComplete,
    /// The tax profile is complete.
    TaxProfileComplete,
    /// The company profile is complete.
    CompanyProfileComplete,
    /// At least two users hold an admin role ([`crate::programs::counts_as_admin`]), so the account never
    /// depends on one person.
    TwoAdmins,
    /// The program's agreement has been accepted (on the enrolment form).
    AgreementAccepted,
    /// The company is an active member of another program.
    MemberOf(ProgramCode),
}
