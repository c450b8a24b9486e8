//! Programs: what a partner company can enrol in, what each program requires, and where an
//! enrolment stands.
//!
//! The catalogue is data ([`PROGRAMS`]), in English and French. Each program lists its
//! [`Requirement`]s; they are evaluated live from the account's data ([`AccountFacts`]), so the
//! Programs page shows at every moment what is met and where to go to meet the rest. Enrolment
//! is possible only when every requirement is met, the program agreement included
//! ([`can_enrol`]); the server checks again before enrolling.
//!
//! An enrolment is a small state machine ([`next`]). Some programs go to a reviewer first
//! ([`Program::needs_review`]), others are active at once ([`start`]). Programs that issue an
//! identifier (the Publisher ID, the Windows publisher ID) issue it the first time the enrolment
//! becomes active ([`identifier_to_issue`]). A requirement that stops being met while enrolled
//! marks the enrolment "action required" and notifies the Global admins ([`watch`]).
//!
//! Each program's agreement, versioned, in both languages, is [`agreements`]; an enrolment
//! records the version it accepted.

pub mod agreements;

use serde::{Deserialize, Serialize};

use crate::catalogue::Role;
use crate::error::{ApiError, Field, Invalid};
use crate::locale::Locale;

pub use crate::error::details::ProgramCode;

impl ProgramCode {
    pub const ALL: [ProgramCode; 5] = [
        ProgramCode::PartnerNetwork,
        ProgramCode::CspDirectBill,
        ProgramCode::CspIndirectReseller,
        ProgramCode::MarketplacePublisher,
        ProgramCode::WindowsDeveloper,
    ];

    /// A stable identifier: stored in the database and used in URLs.
    pub fn code(self) -> &'static str {
        match self {
            ProgramCode::PartnerNetwork => "partner-network",
            ProgramCode::CspDirectBill => "csp-direct-bill",
            ProgramCode::CspIndirectReseller => "csp-indirect-reseller",
            ProgramCode::MarketplacePublisher => "marketplace-publisher",
            ProgramCode::WindowsDeveloper => "windows-developer",
        }
    }

    pub fn from_code(code: &str) -> Option<ProgramCode> {
        ProgramCode::ALL.into_iter().find(|p| p.code() == code)
    }
}

pub use crate::error::details::Requirement;

impl Requirement {
    /// The requirement as a sentence that reads as met ("Your legal information is verified.");
    /// the page marks it met or not.
    pub fn text(self, locale: Locale) -> &'static str {
        use Requirement::*;
        let fr = locale == Locale::Fr;
        match (self, fr) {
            (LegalInfoVerified, false) => "Your company's legal information is verified.",
            (LegalInfoVerified, true) => "Les informations légales de votre entreprise sont vérifiées.",
            (CommercialTenant, false) => "A commercial tenant is associated with your account.",
            (CommercialTenant, true) => "Un locataire commercial est associé à votre compte.",
            (PayoutComplete, false) => "Your payout account is complete.",
            (PayoutComplete, true) => "Votre compte de paiement est complet.",
            (TaxProfileComplete, false) => "Your tax profile is complete.",
            (TaxProfileComplete, true) => "Votre profil fiscal est complet.",
            (CompanyProfileComplete, false) => "Your company profile is complete.",
            (CompanyProfileComplete, true) => "Le profil de votre entreprise est complet.",
            (TwoAdmins, false) => "At least two users have an admin role.",
            (TwoAdmins, true) => "Au moins deux utilisateurs ont un rôle d'administrateur.",
            (AgreementAccepted, false) => "The program agreement is accepted.",
            (AgreementAccepted, true) => "Le contrat du programme est accepté.",
            (MemberOf(code), false) => match code {
                ProgramCode::PartnerNetwork => "Your company is a member of the partner network.",
                ProgramCode::CspDirectBill => {
                    "Your company is enrolled as a Cloud Solution Provider (direct bill)."
                }
                ProgramCode::CspIndirectReseller => {
                    "Your company is enrolled as a Cloud Solution Provider (indirect reseller)."
                }
                ProgramCode::MarketplacePublisher => {
                    "Your company is enrolled as a commercial marketplace publisher."
                }
                ProgramCode::WindowsDeveloper => {
                    "Your company is enrolled as a Windows and games developer."
                }
            },
            (MemberOf(code), true) => match code {
                ProgramCode::PartnerNetwork => {
                    "Votre entreprise est membre du réseau de partenaires."
                }
                ProgramCode::CspDirectBill => {
                    "Votre entreprise est inscrite comme fournisseur de solutions cloud (facturation directe)."
                }
                ProgramCode::CspIndirectReseller => {
                    "Votre entreprise est inscrite comme fournisseur de solutions cloud (revendeur indirect)."
                }
                ProgramCode::MarketplacePublisher => {
                    "Votre entreprise est inscrite comme éditeur de la place de marché commerciale."
                }
                ProgramCode::WindowsDeveloper => {
                    "Votre entreprise est inscrite comme développeur Windows et jeux."
                }
            },
        }
    }

    /// The workspace page where the requirement can be met.
    pub fn where_to_meet(self) -> &'static str {
        match self {
            Requirement::LegalInfoVerified => "/settings/legal-info",
            Requirement::CommercialTenant => "/settings/tenants",
            Requirement::PayoutComplete => "/settings/payout",
            Requirement::TaxProfileComplete => "/settings/tax",
            Requirement::CompanyProfileComplete => "/settings/company-profile",
            Requirement::TwoAdmins => "/settings/users",
            Requirement::AgreementAccepted | Requirement::MemberOf(_) => "/settings/programs",
        }
    }

    /// Whether the account meets this requirement now.
    pub fn is_met(self, facts: &AccountFacts, agreement_accepted: bool) -> bool {
        match self {
            Requirement::LegalInfoVerified => facts.legal_verified,
            Requirement::CommercialTenant => facts.commercial_tenants >= 1,
            Requirement::PayoutComplete => facts.payout_complete,
            Requirement::TaxProfileComplete => facts.tax_complete,
            Requirement::CompanyProfileComplete => facts.profile_complete,
            Requirement::TwoAdmins => facts.admin_users >= 2,
            Requirement::AgreementAccepted => agreement_accepted,
            Requirement::MemberOf(code) => facts.enrolled.contains(&code),
        }
    }
}

/// Whether a user holding `role` counts towards [`Requirement::TwoAdmins`]: the roles that can
/// run the whole account (Global admin and Account admin), not the admins of one area.
pub fn counts_as_admin(role: Role) -> bool {
    matches!(role, Role::GlobalAdmin | Role::AccountAdmin)
}

/// An identifier a program issues when the enrolment first becomes active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IssuedIdentifier {
    /// The commercial marketplace Publisher ID.
    PublisherId,
    /// The Windows publisher ID (a GUID).
    WindowsPublisherId,
}

/// A program of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Program {
    pub code: ProgramCode,
    pub name_en: &'static str,
    pub name_fr: &'static str,
    pub summary_en: &'static str,
    pub summary_fr: &'static str,
    /// Every requirement, [`Requirement::AgreementAccepted`] included, in the order shown.
    pub requirements: &'static [Requirement],
    /// Whether an enrolment waits in the reviewer queue before it is active.
    pub needs_review: bool,
    /// What the program issues when the enrolment first becomes active.
    pub issues: Option<IssuedIdentifier>,
}

impl Program {
    pub fn name(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.name_en,
            Locale::Fr => self.name_fr,
        }
    }

    pub fn summary(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.summary_en,
            Locale::Fr => self.summary_fr,
        }
    }
}

/// The catalogue, in the order the Programs page lists it.
pub const PROGRAMS: [Program; 5] = [
    Program {
        code: ProgramCode::PartnerNetwork,
        name_en: "Partner network membership",
        name_fr: "Adhésion au réseau de partenaires",
        summary_en: "Join the partner network: the base for selling, building and publishing with us.",
        summary_fr: "Rejoignez le réseau de partenaires : la base pour vendre, développer et publier avec nous.",
        requirements: &[
            Requirement::LegalInfoVerified,
            Requirement::CompanyProfileComplete,
            Requirement::AgreementAccepted,
        ],
        // A reviewer confirms each new member: the network is what the other programs trust.
        needs_review: true,
        issues: None,
    },
    Program {
        code: ProgramCode::CspDirectBill,
        name_en: "Cloud Solution Provider: direct bill",
        name_fr: "Fournisseur de solutions cloud : facturation directe",
        summary_en: "Sell cloud services to your customers, bill them yourself and support them.",
        summary_fr: "Vendez des services cloud à vos clients, facturez-les vous-même et assurez leur support.",
        requirements: &[
            Requirement::MemberOf(ProgramCode::PartnerNetwork),
            Requirement::LegalInfoVerified,
            Requirement::CommercialTenant,
            Requirement::PayoutComplete,
            Requirement::TaxProfileComplete,
            Requirement::CompanyProfileComplete,
            Requirement::TwoAdmins,
            Requirement::AgreementAccepted,
        ],
        needs_review: true,
        issues: None,
    },
    Program {
        code: ProgramCode::CspIndirectReseller,
        name_en: "Cloud Solution Provider: indirect reseller",
        name_fr: "Fournisseur de solutions cloud : revendeur indirect",
        summary_en: "Sell cloud services to your customers through an indirect provider.",
        summary_fr: "Vendez des services cloud à vos clients par l'intermédiaire d'un fournisseur indirect.",
        requirements: &[
            Requirement::MemberOf(ProgramCode::PartnerNetwork),
            Requirement::LegalInfoVerified,
            Requirement::CommercialTenant,
            Requirement::CompanyProfileComplete,
            Requirement::AgreementAccepted,
        ],
        needs_review: false,
        issues: None,
    },
    Program {
        code: ProgramCode::MarketplacePublisher,
        name_en: "Commercial marketplace publisher",
        name_fr: "Éditeur de la place de marché commerciale",
        summary_en: "Publish your offers in the commercial marketplace and get paid for their sales.",
        summary_fr: "Publiez vos offres sur la place de marché commerciale et soyez payé pour leurs ventes.",
        requirements: &[
            Requirement::LegalInfoVerified,
            Requirement::PayoutComplete,
            Requirement::TaxProfileComplete,
            Requirement::CompanyProfileComplete,
            Requirement::AgreementAccepted,
        ],
        needs_review: true,
        issues: Some(IssuedIdentifier::PublisherId),
    },
    Program {
        code: ProgramCode::WindowsDeveloper,
        name_en: "Windows and games developer",
        name_fr: "Développeur Windows et jeux",
        summary_en: "Publish your Windows apps and games in the Store.",
        summary_fr: "Publiez vos applications et jeux Windows dans le Store.",
        requirements: &[
            Requirement::LegalInfoVerified,
            Requirement::CompanyProfileComplete,
            Requirement::AgreementAccepted,
        ],
        needs_review: false,
        issues: Some(IssuedIdentifier::WindowsPublisherId),
    },
];

/// The catalogue entry of a program.
pub fn program(code: ProgramCode) -> &'static Program {
    PROGRAMS
        .iter()
        .find(|p| p.code == code)
        .expect("every program code is in the catalogue")
}

/// What requirement evaluation reads from the account, gathered by the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountFacts {
    pub legal_verified: bool,
    pub commercial_tenants: u32,
    pub payout_complete: bool,
    pub tax_complete: bool,
    pub profile_complete: bool,
    /// Active users holding a role that [`counts_as_admin`].
    pub admin_users: u32,
    /// Programs the company is actively enrolled in ([`EnrolmentState::Active`] only).
    pub enrolled: Vec<ProgramCode>,
}

/// Each requirement of `program`, in catalogue order, with whether it is met now.
pub fn evaluate(
    program: &Program,
    facts: &AccountFacts,
    agreement_accepted: bool,
) -> Vec<(Requirement, bool)> {
    program
        .requirements
        .iter()
        .map(|&r| (r, r.is_met(facts, agreement_accepted)))
        .collect()
}

/// The requirements of `program` not met now, in catalogue order.
pub fn unmet(
    program: &Program,
    facts: &AccountFacts,
    agreement_accepted: bool,
) -> Vec<Requirement> {
    evaluate(program, facts, agreement_accepted)
        .into_iter()
        .filter(|(_, met)| !met)
        .map(|(r, _)| r)
        .collect()
}

/// Whether the company may enrol in `program` now; if not, the requirements still unmet.
pub fn can_enrol(
    program: &Program,
    facts: &AccountFacts,
    agreement_accepted: bool,
) -> Result<(), Vec<Requirement>> {
    let missing = unmet(program, facts, agreement_accepted);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// Where an enrolment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EnrolmentState {
    /// Waiting in the reviewer queue.
    PendingReview,
    /// Enrolled: the program's benefits apply.
    Active,
    /// Was active, but a requirement stopped being met; the Global admins were notified.
    ActionRequired,
    /// The reviewer asked the company for something before deciding (with a reason); the
    /// company answers and the enrolment goes back to review.
    InformationRequested,
    /// The reviewer refused the enrolment (with a reason). The company may enrol again.
    Rejected,
    /// The company left the program. It may enrol again.
    Left,
}

impl EnrolmentState {
    pub const ALL: [EnrolmentState; 6] = [
        EnrolmentState::PendingReview,
        EnrolmentState::Active,
        EnrolmentState::ActionRequired,
        EnrolmentState::InformationRequested,
        EnrolmentState::Rejected,
        EnrolmentState::Left,
    ];

    /// Stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            EnrolmentState::PendingReview => "pending-review",
            EnrolmentState::Active => "active",
            EnrolmentState::ActionRequired => "action-required",
            EnrolmentState::InformationRequested => "information-requested",
            EnrolmentState::Rejected => "rejected",
            EnrolmentState::Left => "left",
        }
    }

    pub fn from_code(code: &str) -> Option<EnrolmentState> {
        EnrolmentState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the company is in the program in some way (waiting, active or needing action):
    /// it cannot enrol again, and it can leave.
    pub fn is_enrolled(self) -> bool {
        matches!(
            self,
            EnrolmentState::PendingReview
                | EnrolmentState::Active
                | EnrolmentState::ActionRequired
                | EnrolmentState::InformationRequested
        )
    }
}

/// Who takes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Actor {
    /// A user of the partner account with edit access to Programs.
    Partner,
    /// A reviewer working the review queue.
    Reviewer,
    /// The platform itself, when the account's data changes.
    System,
}

/// A step taken on an enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EnrolmentStep {
    /// The partner enrols again after leaving or being rejected (a first enrolment is
    /// [`start`]). Only when [`can_enrol`] allows it.
    Enrol,
    /// The reviewer approves a pending enrolment (the server checks the requirements again).
    Approve,
    /// The reviewer rejects a pending enrolment, with a reason.
    Reject,
    /// The reviewer asks the company for something before deciding, with a reason.
    RequestInformation,
    /// The company answers the reviewer's request: the enrolment goes back to review.
    Answer,
    /// The system saw a requirement of an active enrolment stop being met.
    RequirementLost,
    /// The system saw every requirement met again.
    RequirementsMetAgain,
    /// The partner leaves the program (or withdraws a pending enrolment), after confirming.
    Leave,
}

impl EnrolmentStep {
    pub const ALL: [EnrolmentStep; 8] = [
        EnrolmentStep::Enrol,
        EnrolmentStep::Approve,
        EnrolmentStep::Reject,
        EnrolmentStep::RequestInformation,
        EnrolmentStep::Answer,
        EnrolmentStep::RequirementLost,
        EnrolmentStep::RequirementsMetAgain,
        EnrolmentStep::Leave,
    ];

    /// Who may take this step.
    pub fn actor(self) -> Actor {
        match self {
            EnrolmentStep::Enrol | EnrolmentStep::Answer | EnrolmentStep::Leave => Actor::Partner,
            EnrolmentStep::Approve | EnrolmentStep::Reject | EnrolmentStep::RequestInformation => {
                Actor::Reviewer
            }
            EnrolmentStep::RequirementLost | EnrolmentStep::RequirementsMetAgain => Actor::System,
        }
    }

    /// Whether the page asks the partner to confirm before taking the step.
    pub fn needs_confirmation(self) -> bool {
        self == EnrolmentStep::Leave
    }

    /// Whether taking the step notifies the account's Global admins: a lost requirement, and
    /// every decision or question of the reviewer.
    pub fn notifies_global_admins(self) -> bool {
        self == EnrolmentStep::RequirementLost || self.actor() == Actor::Reviewer
    }

    /// Whether the step carries a reason or answer written to the other side.
    pub fn needs_message(self) -> bool {
        matches!(
            self,
            EnrolmentStep::Reject | EnrolmentStep::RequestInformation | EnrolmentStep::Answer
        )
    }
}

/// Why a step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepRefused {
    /// Enrolling while already enrolled (pending, active or needing action).
    AlreadyEnrolled,
    /// Leaving, or a reviewer's or the system's step, on an enrolment that has ended.
    NotEnrolled,
    /// The step does not follow from the current state.
    NotNow,
}

/// The state of a new enrolment in `program`: in the reviewer queue, or active at once.
pub fn start(program: &Program) -> EnrolmentState {
    if program.needs_review {
        EnrolmentState::PendingReview
    } else {
        EnrolmentState::Active
    }
}

/// The state after `step` from `state` of an enrolment in `program`, or why it is refused.
///
/// `program` only matters to [`EnrolmentStep::Enrol`], which goes where [`start`] goes. The
/// system watches enrolments that are in the program ([`watch`]); a pending enrolment's
/// requirements are the reviewer's to judge, so losing one there is not a step.
pub fn next(
    program: &Program,
    state: EnrolmentState,
    step: EnrolmentStep,
) -> Result<EnrolmentState, StepRefused> {
    use EnrolmentState::*;
    use EnrolmentStep as S;
    let to = match (state, step) {
        (Rejected | Left, S::Enrol) => start(program),
        (PendingReview | Active | ActionRequired | InformationRequested, S::Enrol) => {
            return Err(StepRefused::AlreadyEnrolled)
        }
        (PendingReview, S::Approve) => Active,
        (PendingReview, S::Reject) => Rejected,
        (PendingReview, S::RequestInformation) => InformationRequested,
        (InformationRequested, S::Answer) => PendingReview,
        (Active, S::RequirementLost) => ActionRequired,
        (ActionRequired, S::RequirementsMetAgain) => Active,
        (PendingReview | Active | ActionRequired | InformationRequested, S::Leave) => Left,
        (Rejected | Left, _) => return Err(StepRefused::NotEnrolled),
        _ => return Err(StepRefused::NotNow),
    };
    Ok(to)
}

/// The step the system takes on an enrolment after the account's data changed, if any: an
/// active enrolment that no longer meets a requirement needs action; one needing action that
/// meets every requirement again is active again. The agreement was accepted at enrolment.
pub fn watch(
    program: &Program,
    state: EnrolmentState,
    facts: &AccountFacts,
) -> Option<EnrolmentStep> {
    let all_met = can_enrol(program, facts, true).is_ok();
    match state {
        EnrolmentState::Active if !all_met => Some(EnrolmentStep::RequirementLost),
        EnrolmentState::ActionRequired if all_met => Some(EnrolmentStep::RequirementsMetAgain),
        _ => None,
    }
}

/// The identifier to issue when an enrolment in `program` reaches `to`: the program's, when
/// the enrolment becomes active. Issued once: the server keeps an identifier already issued
/// (after leaving and enrolling again, or after action required) and never withdraws it.
pub fn identifier_to_issue(program: &Program, to: EnrolmentState) -> Option<IssuedIdentifier> {
    if to == EnrolmentState::Active {
        program.issues
    } else {
        None
    }
}

/// The latest enrolment in a program, as the Programs page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentSummary {
    pub state: EnrolmentState,
    /// When the enrolment reached its state (Unix seconds), and the email of who took the step
    /// (the system's steps name the system).
    pub since: i64,
    pub by: String,
    /// Why it was rejected, what the reviewer asked, the company's answer, or which
    /// requirement was lost.
    pub reason: Option<String>,
    /// When the company enrolled (Unix seconds) and who enrolled it, accepting the agreement.
    pub enrolled_at: i64,
    pub enrolled_by: String,
    /// The version of the program agreement accepted at enrolment ([`agreements`]), when and
    /// by whom.
    pub agreement_version: String,
    pub agreement_accepted_at: i64,
    pub agreement_accepted_by: String,
    /// The enrolment's version: every step names the version it was taken on.
    pub version: i64,
}

/// The longest reason or answer kept.
pub const MAX_MESSAGE: usize = 2000;

/// Checks the reason or answer a step carries: required (trimmed) and bounded.
pub fn check_message(text: &str) -> Result<String, ApiError> {
    let text = text.trim();
    let len = text.chars().count();
    if len == 0 {
        return Err(ApiError::invalid(Field::Message, Invalid::Required));
    }
    if len > MAX_MESSAGE {
        return Err(ApiError::invalid(
            Field::Message,
            Invalid::TooLong {
                max: MAX_MESSAGE as u32,
            },
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ApiError::invalid(
            Field::Message,
            Invalid::ForbiddenCharacters,
        ));
    }
    Ok(text.to_owned())
}

/// An enrolment waiting for a reviewer (or for the company's answer to one), as the review
/// queue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentReviewItem {
    pub enrolment_id: i64,
    pub account_id: i64,
    pub legal_name: String,
    pub partner_id: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub program: ProgramCode,
    pub enrolment: EnrolmentSummary,
    /// The program's requirements evaluated now, for the reviewer to judge.
    pub requirements: Vec<(Requirement, bool)>,
}

/// One program on the Programs page: the latest enrolment, if any, and its requirements
/// evaluated now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramView {
    pub code: ProgramCode,
    pub enrolment: Option<EnrolmentSummary>,
    pub requirements: Vec<(Requirement, bool)>,
    /// The program's current agreement: its version (which enrolling names) and the day it
    /// took effect (`YYYY-MM-DD`).
    pub agreement_version: String,
    pub agreement_effective: String,
}

impl ProgramView {
    /// Whether the partner may take `step` now (for showing the right buttons). Enrolling also
    /// needs every requirement met except the agreement, which is accepted on the form.
    pub fn can(&self, step: EnrolmentStep) -> bool {
        if step.actor() != Actor::Partner {
            return false;
        }
        let requirements_ok = self
            .requirements
            .iter()
            .all(|&(r, met)| met || r == Requirement::AgreementAccepted);
        match (&self.enrolment, step) {
            (None, EnrolmentStep::Enrol) => requirements_ok,
            (None, _) => false,
            (Some(e), _) => {
                next(program(self.code), e.state, step).is_ok()
                    && (step != EnrolmentStep::Enrol || requirements_ok)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use EnrolmentState::*;
    use EnrolmentStep::{
        Answer, Approve, Enrol, Leave, Reject, RequestInformation, RequirementLost,
        RequirementsMetAgain,
    };
    use StepRefused::{AlreadyEnrolled, NotEnrolled, NotNow};

    /// Facts that meet every requirement of every program.
    fn all_met() -> AccountFacts {
        AccountFacts {
            legal_verified: true,
            commercial_tenants: 1,
            payout_complete: true,
            tax_complete: true,
            profile_complete: true,
            admin_users: 2,
            enrolled: vec![ProgramCode::PartnerNetwork],
        }
    }

    /// Every requirement any program uses.
    fn every_requirement() -> Vec<Requirement> {
        let mut all: Vec<Requirement> = Vec::new();
        for p in &PROGRAMS {
            for r in p.requirements {
                if !all.contains(r) {
                    all.push(*r);
                }
            }
        }
        all
    }

    /// `facts` with exactly `requirement` broken (the agreement is broken by the flag).
    fn break_one(requirement: Requirement) -> (AccountFacts, bool) {
        let mut facts = all_met();
        let mut agreement = true;
        match requirement {
            Requirement::LegalInfoVerified => facts.legal_verified = false,
            Requirement::CommercialTenant => facts.commercial_tenants = 0,
            Requirement::PayoutComplete => facts.payout_complete = false,
            Requirement::TaxProfileComplete => facts.tax_complete = false,
            Requirement::CompanyProfileComplete => facts.profile_complete = false,
            Requirement::TwoAdmins => facts.admin_users = 1,
            Requirement::AgreementAccepted => agreement = false,
            Requirement::MemberOf(code) => facts.enrolled.retain(|&c| c != code),
        }
        (facts, agreement)
    }

    #[test]
    fn program_codes_are_unique_and_round_trip() {
        for code in ProgramCode::ALL {
            assert_eq!(ProgramCode::from_code(code.code()), Some(code));
            let same = ProgramCode::ALL
                .iter()
                .filter(|c| c.code() == code.code())
                .count();
            assert_eq!(same, 1, "{code:?}");
        }
        assert_eq!(ProgramCode::from_code("mpn"), None);
    }

    #[test]
    fn the_catalogue_holds_each_program_once_in_the_order_of_the_codes() {
        let codes: Vec<ProgramCode> = PROGRAMS.iter().map(|p| p.code).collect();
        assert_eq!(codes, ProgramCode::ALL.to_vec());
        for code in ProgramCode::ALL {
            assert_eq!(program(code).code, code);
        }
    }

    #[test]
    fn every_program_requires_its_agreement_and_lists_no_requirement_twice() {
        for p in &PROGRAMS {
            assert!(
                p.requirements.contains(&Requirement::AgreementAccepted),
                "{:?}",
                p.code
            );
            for r in p.requirements {
                let times = p.requirements.iter().filter(|x| *x == r).count();
                assert_eq!(times, 1, "{:?} {r:?}", p.code);
            }
            assert!(
                !p.requirements.contains(&Requirement::MemberOf(p.code)),
                "{:?} requires itself",
                p.code
            );
        }
    }

    #[test]
    fn the_marketplace_issues_the_publisher_id_and_windows_the_windows_publisher_id() {
        assert_eq!(
            program(ProgramCode::MarketplacePublisher).issues,
            Some(IssuedIdentifier::PublisherId)
        );
        assert_eq!(
            program(ProgramCode::WindowsDeveloper).issues,
            Some(IssuedIdentifier::WindowsPublisherId)
        );
        for code in [
            ProgramCode::PartnerNetwork,
            ProgramCode::CspDirectBill,
            ProgramCode::CspIndirectReseller,
        ] {
            assert_eq!(program(code).issues, None, "{code:?}");
        }
    }

    #[test]
    fn the_indirect_reseller_needs_the_partner_network() {
        assert!(program(ProgramCode::CspIndirectReseller)
            .requirements
            .contains(&Requirement::MemberOf(ProgramCode::PartnerNetwork)));
    }

    #[test]
    fn names_summaries_and_requirement_texts_exist_in_both_languages() {
        for p in &PROGRAMS {
            for locale in Locale::ALL {
                assert!(!p.name(locale).trim().is_empty(), "{:?}", p.code);
                assert!(!p.summary(locale).trim().is_empty(), "{:?}", p.code);
            }
            assert_ne!(p.name_en, p.name_fr, "{:?}", p.code);
        }
        let mut texts = every_requirement();
        texts.extend(ProgramCode::ALL.map(Requirement::MemberOf));
        for r in texts {
            for locale in Locale::ALL {
                assert!(!r.text(locale).trim().is_empty(), "{r:?} {locale:?}");
            }
            assert_ne!(r.text(Locale::En), r.text(Locale::Fr), "{r:?}");
        }
    }

    #[test]
    fn every_requirement_is_met_somewhere_in_the_settings() {
        let mut all = every_requirement();
        all.extend(ProgramCode::ALL.map(Requirement::MemberOf));
        for r in all {
            assert!(r.where_to_meet().starts_with("/settings/"), "{r:?}");
        }
    }

    #[test]
    fn facts_that_meet_everything_meet_every_program() {
        for p in &PROGRAMS {
            assert!(evaluate(p, &all_met(), true).iter().all(|(_, met)| *met));
            assert_eq!(can_enrol(p, &all_met(), true), Ok(()));
        }
    }

    #[test]
    fn breaking_one_requirement_flips_only_that_requirement() {
        for p in &PROGRAMS {
            for &broken in p.requirements {
                let (facts, agreement) = break_one(broken);
                for (r, met) in evaluate(p, &facts, agreement) {
                    assert_eq!(met, r != broken, "{:?}: {broken:?} broken, {r:?}", p.code);
                }
                assert_eq!(can_enrol(p, &facts, agreement), Err(vec![broken]));
            }
        }
    }

    #[test]
    fn two_admins_need_at_least_two_and_a_commercial_tenant_at_least_one() {
        let with = |admins, tenants| AccountFacts {
            admin_users: admins,
            commercial_tenants: tenants,
            ..AccountFacts::default()
        };
        assert!(!Requirement::TwoAdmins.is_met(&with(0, 0), true));
        assert!(!Requirement::TwoAdmins.is_met(&with(1, 0), true));
        assert!(Requirement::TwoAdmins.is_met(&with(2, 0), true));
        assert!(Requirement::TwoAdmins.is_met(&with(7, 0), true));
        assert!(!Requirement::CommercialTenant.is_met(&with(0, 0), true));
        assert!(Requirement::CommercialTenant.is_met(&with(0, 1), true));
        assert!(Requirement::CommercialTenant.is_met(&with(0, 3), true));
    }

    #[test]
    fn only_global_and_account_admins_count_as_admins() {
        let admins: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|&r| counts_as_admin(r))
            .collect();
        assert_eq!(admins, vec![Role::GlobalAdmin, Role::AccountAdmin]);
    }

    #[test]
    fn an_account_with_nothing_lists_every_requirement_as_unmet() {
        let p = program(ProgramCode::CspDirectBill);
        assert_eq!(
            can_enrol(p, &AccountFacts::default(), false),
            Err(p.requirements.to_vec())
        );
    }

    proptest! {
        #[test]
        fn can_enrol_lists_exactly_the_unmet_requirements(
            legal_verified: bool,
            commercial_tenants in 0u32..4,
            payout_complete: bool,
            tax_complete: bool,
            profile_complete: bool,
            admin_users in 0u32..4,
            in_network: bool,
            agreement: bool,
            which in 0usize..5,
        ) {
            let facts = AccountFacts {
                legal_verified,
                commercial_tenants,
                payout_complete,
                tax_complete,
                profile_complete,
                admin_users,
                enrolled: if in_network { vec![ProgramCode::PartnerNetwork] } else { vec![] },
            };
            let p = &PROGRAMS[which];
            let evaluated = evaluate(p, &facts, agreement);
            let expected: Vec<Requirement> =
                evaluated.iter().filter(|(_, met)| !met).map(|(r, _)| *r).collect();
            match can_enrol(p, &facts, agreement) {
                Ok(()) => prop_assert!(expected.is_empty()),
                Err(missing) => {
                    prop_assert!(!missing.is_empty());
                    prop_assert_eq!(missing, expected);
                }
            }
        }
    }

    /// Every (state, step) pair once, for a program that is reviewed and one active at once.
    #[allow(clippy::type_complexity)]
    fn table() -> Vec<(
        EnrolmentState,
        EnrolmentStep,
        Result<EnrolmentState, StepRefused>,
        Result<EnrolmentState, StepRefused>,
    )> {
        let same = |state, step, to| (state, step, to, to);
        vec![
            //  state, step, for a reviewed program, for a program active at once
            same(PendingReview, Enrol, Err(AlreadyEnrolled)),
            same(PendingReview, Approve, Ok(Active)),
            same(PendingReview, Reject, Ok(Rejected)),
            same(PendingReview, RequestInformation, Ok(InformationRequested)),
            same(PendingReview, Answer, Err(NotNow)),
            same(PendingReview, RequirementLost, Err(NotNow)),
            same(PendingReview, RequirementsMetAgain, Err(NotNow)),
            same(PendingReview, Leave, Ok(Left)),
            same(Active, Enrol, Err(AlreadyEnrolled)),
            same(Active, Approve, Err(NotNow)),
            same(Active, Reject, Err(NotNow)),
            same(Active, RequestInformation, Err(NotNow)),
            same(Active, Answer, Err(NotNow)),
            same(Active, RequirementLost, Ok(ActionRequired)),
            same(Active, RequirementsMetAgain, Err(NotNow)),
            same(Active, Leave, Ok(Left)),
            same(ActionRequired, Enrol, Err(AlreadyEnrolled)),
            same(ActionRequired, Approve, Err(NotNow)),
            same(ActionRequired, Reject, Err(NotNow)),
            same(ActionRequired, RequestInformation, Err(NotNow)),
            same(ActionRequired, Answer, Err(NotNow)),
            same(ActionRequired, RequirementLost, Err(NotNow)),
            same(ActionRequired, RequirementsMetAgain, Ok(Active)),
            same(ActionRequired, Leave, Ok(Left)),
            same(InformationRequested, Enrol, Err(AlreadyEnrolled)),
            same(InformationRequested, Approve, Err(NotNow)),
            same(InformationRequested, Reject, Err(NotNow)),
            same(InformationRequested, RequestInformation, Err(NotNow)),
            same(InformationRequested, Answer, Ok(PendingReview)),
            same(InformationRequested, RequirementLost, Err(NotNow)),
            same(InformationRequested, RequirementsMetAgain, Err(NotNow)),
            same(InformationRequested, Leave, Ok(Left)),
            (Rejected, Enrol, Ok(PendingReview), Ok(Active)),
            same(Rejected, Approve, Err(NotEnrolled)),
            same(Rejected, Reject, Err(NotEnrolled)),
            same(Rejected, RequestInformation, Err(NotEnrolled)),
            same(Rejected, Answer, Err(NotEnrolled)),
            same(Rejected, RequirementLost, Err(NotEnrolled)),
            same(Rejected, RequirementsMetAgain, Err(NotEnrolled)),
            same(Rejected, Leave, Err(NotEnrolled)),
            (Left, Enrol, Ok(PendingReview), Ok(Active)),
            same(Left, Approve, Err(NotEnrolled)),
            same(Left, Reject, Err(NotEnrolled)),
            same(Left, RequestInformation, Err(NotEnrolled)),
            same(Left, Answer, Err(NotEnrolled)),
            same(Left, RequirementLost, Err(NotEnrolled)),
            same(Left, RequirementsMetAgain, Err(NotEnrolled)),
            same(Left, Leave, Err(NotEnrolled)),
        ]
    }

    #[test]
    fn every_transition_for_either_kind_of_program_is_as_the_table_says() {
        let reviewed = program(ProgramCode::MarketplacePublisher);
        let instant = program(ProgramCode::WindowsDeveloper);
        assert!(reviewed.needs_review && !instant.needs_review);
        for (state, step, for_reviewed, for_instant) in table() {
            assert_eq!(
                next(reviewed, state, step),
                for_reviewed,
                "{state:?} {step:?} reviewed"
            );
            assert_eq!(
                next(instant, state, step),
                for_instant,
                "{state:?} {step:?} at once"
            );
        }
    }

    #[test]
    fn the_table_covers_every_state_and_step_exactly_once() {
        let table = table();
        assert_eq!(
            table.len(),
            EnrolmentState::ALL.len() * EnrolmentStep::ALL.len()
        );
        for state in EnrolmentState::ALL {
            for step in EnrolmentStep::ALL {
                let rows = table
                    .iter()
                    .filter(|(s, t, _, _)| *s == state && *t == step)
                    .count();
                assert_eq!(rows, 1, "{state:?} {step:?}");
            }
        }
    }

    #[test]
    fn a_new_enrolment_waits_for_review_only_where_the_program_says_so() {
        for p in &PROGRAMS {
            let expected = if p.needs_review {
                PendingReview
            } else {
                Active
            };
            assert_eq!(start(p), expected, "{:?}", p.code);
        }
        assert_eq!(start(program(ProgramCode::CspDirectBill)), PendingReview);
        assert_eq!(start(program(ProgramCode::PartnerNetwork)), PendingReview);
        assert_eq!(start(program(ProgramCode::CspIndirectReseller)), Active);
        assert_eq!(start(program(ProgramCode::WindowsDeveloper)), Active);
    }

    #[test]
    fn steps_belong_to_the_partner_the_reviewer_or_the_system() {
        assert_eq!(Enrol.actor(), Actor::Partner);
        assert_eq!(Leave.actor(), Actor::Partner);
        assert_eq!(Answer.actor(), Actor::Partner);
        assert_eq!(Approve.actor(), Actor::Reviewer);
        assert_eq!(Reject.actor(), Actor::Reviewer);
        assert_eq!(RequestInformation.actor(), Actor::Reviewer);
        assert_eq!(RequirementLost.actor(), Actor::System);
        assert_eq!(RequirementsMetAgain.actor(), Actor::System);
        let confirmed: Vec<_> = EnrolmentStep::ALL
            .into_iter()
            .filter(|s| s.needs_confirmation())
            .collect();
        assert_eq!(confirmed, vec![Leave]);
        let notifying: Vec<_> = EnrolmentStep::ALL
            .into_iter()
            .filter(|s| s.notifies_global_admins())
            .collect();
        assert_eq!(
            notifying,
            vec![Approve, Reject, RequestInformation, RequirementLost]
        );
        let with_message: Vec<_> = EnrolmentStep::ALL
            .into_iter()
            .filter(|s| s.needs_message())
            .collect();
        assert_eq!(with_message, vec![Reject, RequestInformation, Answer]);
    }

    #[test]
    fn states_round_trip_through_their_codes() {
        for state in EnrolmentState::ALL {
            assert_eq!(EnrolmentState::from_code(state.code()), Some(state));
        }
        assert_eq!(EnrolmentState::from_code("enrolled"), None);
    }

    #[test]
    fn a_revoked_verification_marks_an_active_enrolment_and_restoring_it_clears_the_mark() {
        let p = program(ProgramCode::CspIndirectReseller);
        let mut facts = all_met();
        assert_eq!(watch(p, Active, &facts), None);
        facts.legal_verified = false;
        assert_eq!(watch(p, Active, &facts), Some(RequirementLost));
        assert_eq!(next(p, Active, RequirementLost), Ok(ActionRequired));
        assert_eq!(watch(p, ActionRequired, &facts), None);
        facts.legal_verified = true;
        assert_eq!(watch(p, ActionRequired, &facts), Some(RequirementsMetAgain));
        assert_eq!(next(p, ActionRequired, RequirementsMetAgain), Ok(Active));
        for state in [PendingReview, InformationRequested, Rejected, Left] {
            assert_eq!(watch(p, state, &AccountFacts::default()), None, "{state:?}");
        }
    }

    #[test]
    fn identifiers_are_issued_when_the_enrolment_becomes_active() {
        let marketplace = program(ProgramCode::MarketplacePublisher);
        assert_eq!(identifier_to_issue(marketplace, PendingReview), None);
        let approved = next(marketplace, PendingReview, Approve).unwrap();
        assert_eq!(
            identifier_to_issue(marketplace, approved),
            Some(IssuedIdentifier::PublisherId)
        );
        let windows = program(ProgramCode::WindowsDeveloper);
        assert_eq!(
            identifier_to_issue(windows, start(windows)),
            Some(IssuedIdentifier::WindowsPublisherId)
        );
        assert_eq!(
            identifier_to_issue(program(ProgramCode::PartnerNetwork), Active),
            None
        );
    }

    #[test]
    fn the_page_offers_enrol_when_all_but_the_agreement_is_met_and_leave_when_enrolled() {
        let p = program(ProgramCode::PartnerNetwork);
        let view = |enrolment: Option<EnrolmentState>, facts: &AccountFacts| ProgramView {
            code: p.code,
            enrolment: enrolment.map(|state| EnrolmentSummary {
                state,
                since: 0,
                by: "a@contoso.example".into(),
                reason: None,
                enrolled_at: 0,
                enrolled_by: "a@contoso.example".into(),
                agreement_version: agreements::FIRST_VERSION.into(),
                agreement_accepted_at: 0,
                agreement_accepted_by: "a@contoso.example".into(),
                version: 1,
            }),
            requirements: evaluate(p, facts, false),
            agreement_version: agreements::current(p.code).version.into(),
            agreement_effective: agreements::current(p.code).effective.into(),
        };
        let fresh = view(None, &all_met());
        assert!(fresh.can(Enrol) && !fresh.can(Leave) && !fresh.can(Approve));
        let unverified = AccountFacts {
            legal_verified: false,
            ..all_met()
        };
        assert!(!view(None, &unverified).can(Enrol));
        let active = view(Some(Active), &all_met());
        assert!(active.can(Leave) && !active.can(Enrol) && !active.can(RequirementLost));
        assert!(view(Some(Left), &all_met()).can(Enrol));
        assert!(!view(Some(Left), &unverified).can(Enrol));
        let asked = view(Some(InformationRequested), &unverified);
        assert!(asked.can(Answer) && asked.can(Leave) && !asked.can(Enrol));
        assert!(!view(Some(PendingReview), &all_met()).can(Answer));
    }

    #[test]
    fn a_reason_is_required_trimmed_and_bounded() {
        assert_eq!(
            check_message("  "),
            Err(ApiError::invalid(Field::Message, Invalid::Required))
        );
        assert_eq!(
            check_message(" Send the tax form ").unwrap(),
            "Send the tax form"
        );
        assert!(check_message(&"x".repeat(MAX_MESSAGE)).is_ok());
        assert_eq!(
            check_message(&"x".repeat(MAX_MESSAGE + 1)),
            Err(ApiError::invalid(
                Field::Message,
                Invalid::TooLong {
                    max: MAX_MESSAGE as u32
                }
            ))
        );
        assert_eq!(
            check_message("a\u{0}b"),
            Err(ApiError::invalid(
                Field::Message,
                Invalid::ForbiddenCharacters
            ))
        );
        assert!(check_message("line one\nline two").is_ok());
    }

    #[test]
    fn wire_types_implement_serialize_and_deserialize() {
        // serde_json is not a dependency of domain: check the derives by their bounds.
        fn wire<T: Serialize + for<'de> Deserialize<'de>>() {}
        wire::<ProgramView>();
        wire::<EnrolmentSummary>();
        wire::<EnrolmentReviewItem>();
        wire::<AccountFacts>();
        wire::<agreements::AgreementDocument>();
    }
}
