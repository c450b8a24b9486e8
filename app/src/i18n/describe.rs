//! Words for the domain's values: roles, areas, notifications and errors, in both languages.

use domain::audit::AuditAction;
use domain::error::{ConflictKind, SignInFailure};
use domain::merge::MergeState;
use domain::model::{NotificationCategory, NotificationKind, UserStatus};
use domain::notification_centre::ActionKind;
use domain::tenants::RemovalBlocker;
use domain::{ApiError, Area, Invalid, Locale, Role};

use super::Msg;

fn pick(locale: Locale, en: &'static str, fr: &'static str) -> &'static str {
    match locale {
        Locale::En => en,
        Locale::Fr => fr,
    }
}

impl From<&ConflictKind> for Msg {
    fn from(kind: &ConflictKind) -> Msg {
        match kind {
            ConflictKind::EmailTaken => Msg::ErrEmailTaken,
            ConflictKind::LastGlobalAdmin => Msg::ErrLastGlobalAdmin,
            ConflictKind::OwnRoles => Msg::ErrOwnRoles,
            ConflictKind::OwnUser => Msg::ErrOwnUser,
            ConflictKind::InvitationUnusable => Msg::ErrInvitationUnusable,
            ConflictKind::InvitationEmailHasAccount => Msg::ErrInvitationEmailHasAccount,
            ConflictKind::NotInvited => Msg::ErrNotInvited,
            ConflictKind::NotActive => Msg::ErrNotActive,
            ConflictKind::LegalAddress => Msg::ErrLegalAddress,
            ConflictKind::VerificationStep => Msg::ErrVerificationStep,
            ConflictKind::Stale { .. } => Msg::ErrStale,
            ConflictKind::ConfirmationExpired => Msg::ErrConfirmationExpired,
            ConflictKind::ConfirmationUsed => Msg::ErrConfirmationUsed,
            ConflictKind::ConfirmationUnusable => Msg::ErrConfirmationUnusable,
            ConflictKind::SignUpLinkExpired => Msg::ErrSignUpLinkExpired,
            ConflictKind::SignUpLinkUnusable => Msg::ErrSignUpLinkUnusable,
            ConflictKind::TenantTaken => Msg::ErrTenantTaken,
            ConflictKind::DunsTaken => Msg::ErrDunsTaken,
            ConflictKind::TenantAlreadyAssociated => Msg::ErrTenantAlreadyAssociated,
            ConflictKind::TenantRemoval(RemovalBlocker::Primary) => Msg::CannotRemovePrimaryTenant,
            ConflictKind::TenantRemoval(RemovalBlocker::LastCommercial) => {
                Msg::CannotRemoveLastCommercialTenant
            }
            ConflictKind::DirectorySignIn(SignInFailure::Expired) => Msg::ErrSignInExpired,
            ConflictKind::DirectorySignIn(SignInFailure::Cancelled) => Msg::ErrSignInCancelled,
            ConflictKind::DirectorySignIn(SignInFailure::Rejected) => Msg::ErrSignInRejected,
            ConflictKind::DirectorySignIn(SignInFailure::NotAdministrator) => {
                Msg::ErrSignInNotAdministrator
            }
            ConflictKind::DirectorySignIn(SignInFailure::Guest) => Msg::ErrSignInGuest,
            ConflictKind::MergeWithSelf => Msg::ErrMergeWithSelf,
            ConflictKind::MergePending { ours: true } => Msg::ErrMergePendingOurs,
            ConflictKind::MergePending { ours: false } => Msg::ErrMergePendingTheirs,
            ConflictKind::AccountMerged => Msg::ErrAccountMerged,
            ConflictKind::MergeCrossInvitation(_) => Msg::ErrMergeCrossInvitation,
            ConflictKind::MergeStep => Msg::ErrMergeStep,
            ConflictKind::MergeExpired => Msg::ErrMergeExpired,
            ConflictKind::MergeNotVerified { ours: true } => Msg::ErrMergeNotVerifiedOurs,
            ConflictKind::MergeNotVerified { ours: false } => Msg::ErrMergeNotVerifiedTheirs,
            // Notification centre.
            ConflictKind::ActionMandatory => Msg::ErrActionMandatory,
            // Programs.
            ConflictKind::RequirementsNotMet(_) => Msg::ErrRequirementsNotMet,
            ConflictKind::AlreadyEnrolled => Msg::ErrAlreadyEnrolled,
            ConflictKind::EnrolmentStep => Msg::ErrEnrolmentStep,
            ConflictKind::AgreementChanged { .. } => Msg::ErrAgreementChanged,
            // Tax profile.
            ConflictKind::CertificateNotSubmitted => Msg::ErrCertificateNotSubmitted,
            // Payout and billing.
            ConflictKind::PayoutNotPending => Msg::ErrPayoutNotPending,
        }
    }
}

/// Where a merge stands, in words.
pub fn merge_state_label(state: MergeState) -> Msg {
    match state {
        MergeState::Invited => Msg::MergeStateInvited,
        MergeState::Accepted => Msg::MergeStateAccepted,
        MergeState::Declined => Msg::MergeStateDeclined,
        MergeState::Expired => Msg::MergeStateExpired,
        MergeState::Cancelled => Msg::MergeStateCancelled,
        MergeState::Completed => Msg::MergeStateCompleted,
    }
}

pub fn merge_state_name(state: MergeState, locale: Locale) -> &'static str {
    merge_state_label(state).text(locale)
}

pub fn status_name(status: UserStatus, locale: Locale) -> &'static str {
    match status {
        UserStatus::Invited => Msg::StatusInvited,
        UserStatus::Pending => Msg::StatusPending,
        UserStatus::Active => Msg::StatusActive,
        UserStatus::Deactivated => Msg::StatusDeactivated,
    }
    .text(locale)
}

/// What an audit entry's action was, in words.
pub fn audit_action_name(action: AuditAction, locale: Locale) -> &'static str {
    let (en, fr) = match action {
        AuditAction::SignUp => ("Signed up", "Inscription"),
        AuditAction::SignIn => ("Signed in", "Connexion"),
        AuditAction::SignInFailed => ("Failed sign-in", "Échec de connexion"),
        AuditAction::SignOut => ("Signed out", "Déconnexion"),
        AuditAction::UserInvited => ("Invited a user", "Invitation d'un utilisateur"),
        AuditAction::InvitationResent => ("Resent an invitation", "Invitation renvoyée"),
        AuditAction::InvitationRevoked => ("Revoked an invitation", "Invitation révoquée"),
        AuditAction::InvitationAccepted => ("Accepted an invitation", "Invitation acceptée"),
        AuditAction::RolesChanged => ("Changed roles", "Rôles modifiés"),
        AuditAction::UserDeactivated => ("Deactivated a user", "Utilisateur désactivé"),
        AuditAction::UserReactivated => ("Reactivated a user", "Utilisateur réactivé"),
        AuditAction::UserDeleted => ("Deleted a user", "Utilisateur supprimé"),
        AuditAction::SettingsChanged => ("Changed settings", "Paramètres modifiés"),
        AuditAction::VerificationStep => ("Verification step", "Étape de vérification"),
        AuditAction::VerificationDocumentAttached => (
            "Attached a document for verification",
            "Document joint pour la vérification",
        ),
        AuditAction::VerificationDocumentRemoved => (
            "Removed a document for verification",
            "Document pour la vérification retiré",
        ),
        AuditAction::TenantAssociated => ("Associated a tenant", "Locataire associé"),
        AuditAction::TenantRemoved => ("Removed a tenant", "Locataire retiré"),
        AuditAction::MergeInvited => ("Invitation to merge sent", "Invitation à fusionner envoyée"),
        AuditAction::MergeAccepted => ("Merge accepted", "Fusion acceptée"),
        AuditAction::MergeDeclined => ("Merge declined", "Fusion refusée"),
        AuditAction::MergeCancelled => ("Merge cancelled", "Fusion annulée"),
        AuditAction::MergeCompleted => ("Accounts merged", "Comptes fusionnés"),
        // Programs.
        AuditAction::ProgramEnrolled => ("Enrolled in a program", "Inscription à un programme"),
        AuditAction::ProgramLeft => ("Left a program", "Programme quitté"),
        AuditAction::ProgramReviewed => (
            "Program enrolment reviewed",
            "Inscription à un programme examinée",
        ),
        AuditAction::ProgramAnswered => (
            "Answered a program reviewer",
            "Réponse à l'examinateur d'un programme",
        ),
        AuditAction::ProgramStatusChanged => (
            "Program requirements changed",
            "Conditions d'un programme modifiées",
        ),
        AuditAction::IdentifierIssued => ("Identifier issued", "Identifiant attribué"),
        // Tax profile.
        AuditAction::TaxCertificateSubmitted => (
            "Uploaded a tax exemption certificate",
            "Certificat d'exonération fiscale déposé",
        ),
        AuditAction::TaxCertificateAccepted => (
            "Tax exemption certificate accepted",
            "Certificat d'exonération fiscale accepté",
        ),
        // Payout and billing.
        AuditAction::PayoutAccountSubmitted => {
            ("Entered a payout account", "Compte de paiement saisi")
        }
        AuditAction::PayoutAccountApproved => {
            ("Payout account approved", "Compte de paiement approuvé")
        }
        AuditAction::PayoutAccountActionRequired => (
            "Payout account: action required",
            "Compte de paiement : action requise",
        ),
        AuditAction::ReauthenticationFailed => (
            "Wrong password to confirm a change",
            "Mot de passe erroné pour confirmer une modification",
        ),
    };
    pick(locale, en, fr)
}

pub fn role_name(role: Role, locale: Locale) -> &'static str {
    let (en, fr) = match role {
        Role::GlobalAdmin => ("Global admin", "Administrateur général"),
        Role::AccountAdmin => ("Account admin", "Administrateur de compte"),
        Role::UserManagementAdmin => (
            "User management admin",
            "Administrateur de la gestion des utilisateurs",
        ),
        Role::BillingAdmin => ("Billing admin", "Administrateur de facturation"),
        Role::IncentiveAdmin => ("Incentive admin", "Administrateur des incitations"),
        Role::IncentiveUser => ("Incentive user", "Utilisateur des incitations"),
        Role::ReferralsAdmin => ("Referrals admin", "Administrateur des recommandations"),
        Role::Developer => ("Developer", "Développeur"),
        Role::BusinessContributor => ("Business contributor", "Contributeur commercial"),
        Role::FinancialContributor => ("Financial contributor", "Contributeur financier"),
        Role::Marketer => ("Marketer", "Spécialiste marketing"),
        Role::ReportViewer => ("Report viewer", "Lecteur de rapports"),
    };
    pick(locale, en, fr)
}

/// An area's name and what it covers, in plain words.
pub fn area_text(area: Area, locale: Locale) -> (&'static str, &'static str) {
    let (name_en, name_fr, what_en, what_fr) = match area {
        Area::Overview => (
            "Overview",
            "Vue d'ensemble",
            "your personal info, roles and permissions",
            "vos informations personnelles, rôles et autorisations",
        ),
        Area::Notifications => (
            "Notifications",
            "Notifications",
            "your notifications and notification preferences",
            "vos notifications et préférences de notification",
        ),
        Area::Users => (
            "Users",
            "Utilisateurs",
            "the account's users and the roles they hold",
            "les utilisateurs du compte et leurs rôles",
        ),
        Area::LegalInfo => (
            "Legal info",
            "Informations légales",
            "the company's legal identity, verification, contacts and locations",
            "l'identité légale de l'entreprise, sa vérification, ses contacts et ses sites",
        ),
        Area::CompanyProfile => (
            "Company profile",
            "Profil de l'entreprise",
            "how the company describes its business",
            "la façon dont l'entreprise décrit son activité",
        ),
        Area::Tenants => (
            "Tenants",
            "Locataires",
            "the directory tenants associated with the account",
            "les locataires d'annuaire associés au compte",
        ),
        Area::Identifiers => (
            "Identifiers",
            "Identifiants",
            "the partner, location and publisher IDs",
            "les ID partenaire, de site et d'éditeur",
        ),
        Area::PublisherName => (
            "Publisher display name",
            "Nom d'affichage de l'éditeur",
            "the name shown on the company's offers and apps",
            "le nom affiché sur les offres et applications de l'entreprise",
        ),
        Area::SellerContact => (
            "Seller contact",
            "Contact vendeur",
            "who is contacted about the company's sales",
            "la personne contactée au sujet des ventes de l'entreprise",
        ),
        Area::CompanyApprover => (
            "Company approver",
            "Approbateur de l'entreprise",
            "who approves what is published under the company's name",
            "la personne qui approuve ce qui est publié au nom de l'entreprise",
        ),
        Area::SupportDetails => (
            "Support details",
            "Coordonnées du support",
            "the support email, phone, website and hours shown to customers",
            "l'e-mail, le téléphone, le site et les horaires du support présentés aux clients",
        ),
        Area::AccountMerge => (
            "Account merge",
            "Fusion de comptes",
            "merging partner accounts",
            "la fusion de comptes partenaires",
        ),
        Area::PayoutTax => (
            "Payout and tax",
            "Paiement et fiscalité",
            "payout account, billing details and tax profile",
            "le compte de paiement, la facturation et le profil fiscal",
        ),
        Area::Programs => (
            "Programs",
            "Programmes",
            "the programs the company is enrolled in",
            "les programmes auxquels l'entreprise est inscrite",
        ),
        Area::Incentives => (
            "Incentives",
            "Incitations",
            "incentive payment and claims settings",
            "les paramètres de paiement et de réclamation des incitations",
        ),
        Area::Referrals => (
            "Referrals",
            "Recommandations",
            "co-sell referral settings",
            "les paramètres des recommandations de co-vente",
        ),
        Area::AuditLog => (
            "Audit log",
            "Journal d'audit",
            "the record of every change made in the workspace",
            "l'historique de chaque modification faite dans l'espace",
        ),
    };
    match locale {
        Locale::En => (name_en, what_en),
        Locale::Fr => (name_fr, what_fr),
    }
}

pub fn notification_title(kind: NotificationKind, locale: Locale) -> &'static str {
    match kind {
        NotificationKind::Welcome => Msg::WelcomeTitle.text(locale),
        NotificationKind::VerificationUpdated => Msg::VerificationUpdatedTitle.text(locale),
        NotificationKind::MergeInvited => Msg::MergeInvitedTitle.text(locale),
        NotificationKind::MergeAccepted => Msg::MergeAcceptedTitle.text(locale),
        NotificationKind::MergeDeclined => Msg::MergeDeclinedTitle.text(locale),
        NotificationKind::MergeCancelled => Msg::MergeCancelledTitle.text(locale),
        NotificationKind::MergeCompleted => Msg::MergeCompletedTitle.text(locale),
        NotificationKind::MergeInvitationSent => Msg::MergeInvitationSentTitle.text(locale),
        NotificationKind::MergeAcceptedByUs => Msg::MergeAcceptedByUsTitle.text(locale),
        NotificationKind::MergeDeclinedByUs => Msg::MergeDeclinedByUsTitle.text(locale),
        NotificationKind::MergeCancelledByUs => Msg::MergeCancelledByUsTitle.text(locale),
        // Programs.
        NotificationKind::ProgramActionRequired => Msg::ProgramActionRequiredTitle.text(locale),
        NotificationKind::ProgramReviewed => Msg::ProgramReviewedTitle.text(locale),
        // Tax profile.
        NotificationKind::TaxCertificateExpiring => Msg::TaxCertificateExpiringTitle.text(locale),
        // Payout and billing.
        NotificationKind::PayoutAccountChanged => Msg::PayoutChangedTitle.text(locale),
        NotificationKind::PayoutAccountApproved => Msg::PayoutApprovedTitle.text(locale),
        NotificationKind::PayoutAccountActionRequired => {
            Msg::PayoutActionRequiredTitle.text(locale)
        }
    }
}

/// The page a notification is about, where its title leads.
pub fn notification_page(kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::Welcome => "/settings/company-profile",
        NotificationKind::VerificationUpdated => "/settings/legal-info",
        NotificationKind::MergeInvited
        | NotificationKind::MergeAccepted
        | NotificationKind::MergeDeclined
        | NotificationKind::MergeCancelled
        | NotificationKind::MergeCompleted
        | NotificationKind::MergeInvitationSent
        | NotificationKind::MergeAcceptedByUs
        | NotificationKind::MergeDeclinedByUs
        | NotificationKind::MergeCancelledByUs => "/settings/account-merge",
        // Programs.
        NotificationKind::ProgramActionRequired | NotificationKind::ProgramReviewed => {
            "/settings/programs"
        }
        // Tax profile.
        NotificationKind::TaxCertificateExpiring => "/settings/tax",
        // Payout and billing.
        NotificationKind::PayoutAccountChanged
        | NotificationKind::PayoutAccountApproved
        | NotificationKind::PayoutAccountActionRequired => "/settings/payout",
    }
}

pub fn notification_body(kind: NotificationKind, locale: Locale) -> &'static str {
    match kind {
        NotificationKind::Welcome => Msg::WelcomeBody.text(locale),
        NotificationKind::VerificationUpdated => Msg::VerificationUpdatedBody.text(locale),
        NotificationKind::MergeInvited => Msg::MergeInvitedBody.text(locale),
        NotificationKind::MergeAccepted => Msg::MergeAcceptedBody.text(locale),
        NotificationKind::MergeDeclined => Msg::MergeDeclinedBody.text(locale),
        NotificationKind::MergeCancelled => Msg::MergeCancelledBody.text(locale),
        NotificationKind::MergeCompleted => Msg::MergeCompletedBody.text(locale),
        NotificationKind::MergeInvitationSent => Msg::MergeInvitationSentBody.text(locale),
        NotificationKind::MergeAcceptedByUs => Msg::MergeAcceptedByUsBody.text(locale),
        NotificationKind::MergeDeclinedByUs => Msg::MergeDeclinedByUsBody.text(locale),
        NotificationKind::MergeCancelledByUs => Msg::MergeCancelledByUsBody.text(locale),
        // Programs.
        NotificationKind::ProgramActionRequired => Msg::ProgramActionRequiredBody.text(locale),
        NotificationKind::ProgramReviewed => Msg::ProgramReviewedBody.text(locale),
        // Tax profile.
        NotificationKind::TaxCertificateExpiring => Msg::TaxCertificateExpiringBody.text(locale),
        // Payout and billing.
        NotificationKind::PayoutAccountChanged => Msg::PayoutChangedBody.text(locale),
        NotificationKind::PayoutAccountApproved => Msg::PayoutApprovedBody.text(locale),
        NotificationKind::PayoutAccountActionRequired => Msg::PayoutActionRequiredBody.text(locale),
    }
}

/// `msg`, followed by an example of the expected form when there is one.
fn with_example(msg: Msg, example: &Option<String>, locale: Locale) -> String {
    match (example, locale) {
        (Some(e), Locale::En) => format!("{} For example: {e}.", msg.text(locale)),
        (Some(e), Locale::Fr) => format!("{} Par exemple : {e}.", msg.text(locale)),
        (None, _) => msg.text(locale).into(),
    }
}

/// Why a field was refused, as a sentence.
pub fn invalid_text(reason: &Invalid, locale: Locale) -> String {
    match reason {
        Invalid::Required => Msg::ErrRequired.text(locale).into(),
        Invalid::TooShort { min } => match locale {
            Locale::En => format!("Enter at least {min} characters."),
            Locale::Fr => format!("Saisissez au moins {min} caractères."),
        },
        Invalid::TooLong { max } => match locale {
            Locale::En => format!("Enter at most {max} characters."),
            Locale::Fr => format!("Saisissez au plus {max} caractères."),
        },
        Invalid::ForbiddenCharacters => Msg::ErrForbiddenCharacters.text(locale).into(),
        Invalid::EmailFormat => Msg::ErrEmailFormat.text(locale).into(),
        Invalid::NotOwnDomain { domain } => match locale {
            Locale::En => format!(
                "{domain} is not one of your organisation's own domains (those of its users' sign-in emails and of its tenants). Use an address at one of them."
            ),
            Locale::Fr => format!(
                "{domain} n'est pas l'un des domaines de votre organisation (ceux des e-mails de connexion de ses utilisateurs et de ses locataires). Utilisez une adresse à l'un d'eux."
            ),
        },
        Invalid::FreeMailProvider { domain } => match locale {
            Locale::En => format!(
                "{domain} is a free-mail provider. Use your work email: the partner account is tied to your company."
            ),
            Locale::Fr => format!(
                "{domain} est une messagerie gratuite. Utilisez votre adresse professionnelle : le compte partenaire est lié à votre entreprise."
            ),
        },
        Invalid::PasswordTooCommon => Msg::ErrPasswordTooCommon.text(locale).into(),
        Invalid::UnknownCountry => Msg::ErrUnknownCountry.text(locale).into(),
        Invalid::NoRole => Msg::ErrNoRole.text(locale).into(),
        Invalid::UnknownCurrency => Msg::ErrUnknownCurrency.text(locale).into(),
        Invalid::UnknownChoice => Msg::ErrUnknownChoice.text(locale).into(),
        Invalid::NotAWholeNumber => Msg::ErrNotAWholeNumber.text(locale).into(),
        Invalid::UnknownRegion => Msg::ErrUnknownRegion.text(locale).into(),
        Invalid::PhoneFormat => Msg::ErrPhoneFormat.text(locale).into(),
        Invalid::NationalPhoneFormat => Msg::ErrNationalPhoneFormat.text(locale).into(),
        Invalid::DunsFormat => Msg::ErrDunsFormat.text(locale).into(),
        Invalid::DunsUnknown => Msg::ErrDunsUnknown.text(locale).into(),
        Invalid::HttpsRequired => Msg::ErrHttpsRequired.text(locale).into(),
        Invalid::UrlFormat => Msg::ErrUrlFormat.text(locale).into(),
        Invalid::GuidFormat => Msg::ErrGuidFormat.text(locale).into(),
        Invalid::PartnerIdFormat => Msg::ErrPartnerIdFormat.text(locale).into(),
        Invalid::LocationIdGiven => Msg::ErrLocationIdGiven.text(locale).into(),
        Invalid::UnknownPartnerId => Msg::ErrUnknownPartnerId.text(locale).into(),
        Invalid::IbanFormat => Msg::ErrIbanFormat.text(locale).into(),
        Invalid::IbanChecksum => Msg::ErrIbanChecksum.text(locale).into(),
        Invalid::IbanOtherCountry { iban_country } => {
            let name = domain::CountryCode::parse(iban_country)
                .map(|c| c.name(locale))
                .unwrap_or(iban_country.as_str());
            match locale {
                Locale::En => format!("This IBAN is of a bank in another country: {name}. Choose that country for the bank, or check the IBAN."),
                Locale::Fr => format!("Cet IBAN est celui d'une banque d'un autre pays : {name}. Choisissez ce pays de banque, ou vérifiez l'IBAN."),
            }
        }
        Invalid::IbanCountryLength { country, length } => match locale {
            Locale::En => format!("IBANs from {country} are {length} characters long."),
            Locale::Fr => format!("Les IBAN de {country} comptent {length} caractères."),
        },
        Invalid::BicFormat => Msg::ErrBicFormat.text(locale).into(),
        Invalid::IbanRequired => Msg::ErrIbanRequired.text(locale).into(),
        Invalid::RoutingNumberFormat => Msg::ErrRoutingNumberFormat.text(locale).into(),
        Invalid::RoutingNumberChecksum => Msg::ErrRoutingNumberChecksum.text(locale).into(),
        Invalid::BankAccountNumberFormat => Msg::ErrBankAccountNumberFormat.text(locale).into(),
        Invalid::PurchaseOrderFormat => Msg::ErrPurchaseOrderFormat.text(locale).into(),
        Invalid::TaxIdFormat { example } => with_example(Msg::ErrTaxIdFormat, example, locale),
        Invalid::TaxIdChecksum => Msg::ErrTaxIdChecksum.text(locale).into(),
        Invalid::VatIdFormat { example } => with_example(Msg::ErrVatIdFormat, example, locale),
        Invalid::VatIdChecksum => Msg::ErrVatIdChecksum.text(locale).into(),
        Invalid::VatIdOtherState { prefix, example } => {
            let like = example.as_deref().map(|e| match locale {
                Locale::En => format!(", like {e}"),
                Locale::Fr => format!(", par exemple {e}"),
            });
            let like = like.unwrap_or_default();
            match locale {
                Locale::En => format!("This VAT ID is of another member state. Your company's starts with {prefix}{like}."),
                Locale::Fr => format!("Ce numéro de TVA est celui d'un autre État membre. Celui de votre entreprise commence par {prefix}{like}."),
            }
        }
        Invalid::OnMicrosoftDomain => Msg::ErrOnMicrosoftDomain.text(locale).into(),
        // Payout and billing.
        Invalid::PasswordIncorrect => Msg::ErrPasswordIncorrect.text(locale).into(),
        Invalid::PostalCodeFormat { example } => match (locale, example) {
            (Locale::En, Some(e)) => format!("This postal code can't exist in this country. It looks like {e}."),
            (Locale::Fr, Some(e)) => format!("Ce code postal ne peut pas exister dans ce pays. Il ressemble à {e}."),
            (Locale::En, None) => "This postal code can't exist in this country.".into(),
            (Locale::Fr, None) => "Ce code postal ne peut pas exister dans ce pays.".into(),
        },
        Invalid::PostalCodeNotInRegion { region } => match locale {
            Locale::En => format!("This postal code doesn't belong to {region}."),
            Locale::Fr => format!("Ce code postal n'appartient pas à la région {region}."),
        },
        Invalid::OutOfRange { min, max } => match locale {
            Locale::En => format!("Enter a number from {min} to {max}."),
            Locale::Fr => format!("Saisissez un nombre entre {min} et {max}."),
        },
        // Tax profile.
        Invalid::FileTooLarge { max_bytes } => {
            let megabytes = max_bytes / (1024 * 1024);
            match locale {
                Locale::En => format!("This file is larger than {megabytes} MB: choose a smaller one."),
                Locale::Fr => format!("Ce fichier dépasse {megabytes} Mo : choisissez-en un plus petit."),
            }
        }
        Invalid::FileType => Msg::ErrFileType.text(locale).into(),
        Invalid::TooManyFiles { max } => match locale {
            Locale::En => format!("{max} files are attached already, the most an answer takes: remove one to attach another."),
            Locale::Fr => format!("{max} fichiers sont déjà joints, le maximum pour une réponse : retirez-en un pour en joindre un autre."),
        },
        Invalid::DateFormat => Msg::ErrDateFormat.text(locale).into(),
        Invalid::DateNotInFuture => Msg::ErrDateNotInFuture.text(locale).into(),
        Invalid::DatesReversed => Msg::ErrDatesReversed.text(locale).into(),
    }
}

/// Any API error as a sentence.
pub fn error_text(error: &ApiError, locale: Locale) -> String {
    match error {
        ApiError::Validation { reason, .. } => invalid_text(reason, locale),
        ApiError::BadCredentials => Msg::ErrBadCredentials.text(locale).into(),
        ApiError::Unauthenticated => Msg::ErrUnauthenticated.text(locale).into(),
        ApiError::Forbidden => Msg::ErrForbidden.text(locale).into(),
        ApiError::NotFound => Msg::ErrNotFound.text(locale).into(),
        ApiError::Deactivated => Msg::ErrDeactivated.text(locale).into(),
        ApiError::EmailUnconfirmed => Msg::ErrEmailUnconfirmed.text(locale).into(),
        ApiError::Conflict(kind) => Msg::from(kind).text(locale).into(),
        ApiError::TooManyRequests { retry_after_secs } => {
            let minutes = retry_after_secs.div_ceil(60).max(1);
            match locale {
                Locale::En => format!(
                    "Too many attempts. Try again in {minutes} minute{}.",
                    if minutes == 1 { "" } else { "s" }
                ),
                Locale::Fr => format!("Trop de tentatives. Réessayez dans {minutes} minute(s)."),
            }
        }
        ApiError::Malformed => Msg::ErrMalformed.text(locale).into(),
        ApiError::Internal => Msg::ErrInternal.text(locale).into(),
        ApiError::Network(_) => Msg::ErrNetwork.text(locale).into(),
        ApiError::Unavailable => Msg::ErrUnavailable.text(locale).into(),
        ApiError::Busy { .. } => Msg::ErrBusy.text(locale).into(),
        ApiError::TimedOut => Msg::ErrTimedOut.text(locale).into(),
    }
}

/// Words for the company profile's choices, by their codes.
pub fn profile_choice(code: &str, locale: Locale) -> &'static str {
    let (en, fr) = match code {
        "isv" => (
            "Independent software vendor",
            "Éditeur de logiciels indépendant",
        ),
        "csp-direct" => (
            "Cloud solution provider: direct bill",
            "Fournisseur de solutions cloud : facturation directe",
        ),
        "csp-indirect-provider" => (
            "Cloud solution provider: indirect provider",
            "Fournisseur de solutions cloud : fournisseur indirect",
        ),
        "csp-indirect-reseller" => (
            "Cloud solution provider: indirect reseller",
            "Fournisseur de solutions cloud : revendeur indirect",
        ),
        "services" => ("Services partner", "Partenaire de services"),
        "build-apps" => ("Build applications", "Créer des applications"),
        "resell-platform" => (
            "Resell the platform's software",
            "Revendre les logiciels de la plateforme",
        ),
        "resell-third-party" => (
            "Resell third-party software",
            "Revendre des logiciels tiers",
        ),
        "integrate-systems" => ("Integrate systems", "Intégrer des systèmes"),
        "managed-services" => ("Managed services", "Services managés"),
        "consulting" => ("Consulting", "Conseil"),
        "training" => ("Training", "Formation"),
        "1-10" => ("1 to 10", "1 à 10"),
        "11-50" => ("11 to 50", "11 à 50"),
        "51-250" => ("51 to 250", "51 à 250"),
        "251-1000" => ("251 to 1,000", "251 à 1 000"),
        "1001-5000" => ("1,001 to 5,000", "1 001 à 5 000"),
        "5001+" => ("More than 5,000", "Plus de 5 000"),
        "0-1m" => ("Up to 1 million", "Jusqu'à 1 million"),
        "1m-10m" => ("1 to 10 million", "1 à 10 millions"),
        "10m-50m" => ("10 to 50 million", "10 à 50 millions"),
        "50m-250m" => ("50 to 250 million", "50 à 250 millions"),
        "250m-1b" => ("250 million to 1 billion", "250 millions à 1 milliard"),
        "1b+" => ("More than 1 billion", "Plus de 1 milliard"),
        "africa" => ("Africa", "Afrique"),
        "asia-pacific" => ("Asia Pacific", "Asie-Pacifique"),
        "europe" => ("Europe", "Europe"),
        "latin-america" => ("Latin America", "Amérique latine"),
        "middle-east" => ("Middle East", "Moyen-Orient"),
        "north-america" => ("North America", "Amérique du Nord"),
        _ => ("", ""),
    };
    pick(locale, en, fr)
}

/// A verification status in words.
pub fn verification_status_name(
    status: domain::verification::VerificationStatus,
    locale: Locale,
) -> &'static str {
    status.name(locale)
}

// Payout and billing.
/// Where a payout account stands, in words.
pub fn payout_status_name(status: domain::payout::PayoutStatus, locale: Locale) -> &'static str {
    use domain::payout::PayoutStatus::*;
    match status {
        Pending => Msg::PayoutStatusPending.text(locale),
        Approved => Msg::PayoutStatusApproved.text(locale),
        ActionRequired => Msg::PayoutStatusActionRequired.text(locale),
        Withdrawn => pick(locale, "Replaced", "Remplacé"),
        Retired => pick(locale, "No longer used", "Plus utilisé"),
    }
}

/// A verification step in words, with the reason or answer it carries.
pub fn verification_step_text(
    step: &domain::verification::VerificationStep,
    locale: Locale,
) -> String {
    use domain::verification::VerificationStep::*;
    let (en, fr, message) = match step {
        Submit => (
            "Submitted for verification",
            "Soumise pour vérification",
            None,
        ),
        StartReview => ("Review started", "Examen commencé", None),
        RequestInformation { reason } => (
            "More information requested",
            "Informations demandées",
            Some(reason),
        ),
        Answer { message } => (
            "Answered the reviewer",
            "Réponse à l'examinateur",
            Some(message),
        ),
        Approve => ("Approved", "Approuvée", None),
        Reject { reason } => ("Rejected", "Refusée", Some(reason)),
        LegalDetailsChanged => (
            "Legal details changed: back to review",
            "Informations légales modifiées : retour en examen",
            None,
        ),
    };
    match message {
        Some(m) => format!("{}: {m}", pick(locale, en, fr)),
        None => pick(locale, en, fr).to_owned(),
    }
}

// Notification centre.

/// A notification category's name (the centre's filter).
pub fn notification_category_name(category: NotificationCategory, locale: Locale) -> &'static str {
    match category {
        NotificationCategory::Account => Msg::CategoryAccount,
        NotificationCategory::Users => Msg::CategoryUsers,
        NotificationCategory::Verification => Msg::CategoryVerification,
        NotificationCategory::Billing => Msg::CategoryBilling,
        NotificationCategory::Programs => Msg::CategoryPrograms,
        NotificationCategory::Merges => Msg::CategoryMerges,
    }
    .text(locale)
}

/// What an action asks, as its title in the Actions tab.
pub fn action_title(kind: ActionKind, locale: Locale) -> &'static str {
    match kind {
        ActionKind::VerifyPrimaryEmail => Msg::ActionVerifyPrimaryEmailTitle,
        ActionKind::CompleteTaxProfile => Msg::ActionCompleteTaxProfileTitle,
        ActionKind::AnswerReviewer => Msg::ActionAnswerReviewerTitle,
        ActionKind::AnswerMergeInvitation => Msg::ActionAnswerMergeTitle,
    }
    .text(locale)
}

/// Why an action matters, in one sentence.
pub fn action_body(kind: ActionKind, locale: Locale) -> &'static str {
    match kind {
        ActionKind::VerifyPrimaryEmail => Msg::ActionVerifyPrimaryEmailBody,
        ActionKind::CompleteTaxProfile => Msg::ActionCompleteTaxProfileBody,
        ActionKind::AnswerReviewer => Msg::ActionAnswerReviewerBody,
        ActionKind::AnswerMergeInvitation => Msg::ActionAnswerMergeBody,
    }
    .text(locale)
}

// Programs.
/// Words for where a program enrolment stands.
pub fn enrolment_state_name(
    state: domain::programs::EnrolmentState,
    locale: Locale,
) -> &'static str {
    use domain::programs::EnrolmentState::*;
    match state {
        PendingReview => Msg::ProgramStatePendingReview,
        Active => Msg::ProgramStateActive,
        ActionRequired => Msg::ProgramStateActionRequired,
        InformationRequested => Msg::ProgramStateInformationRequested,
        Rejected => Msg::ProgramStateRejected,
        Left => Msg::ProgramStateLeft,
    }
    .text(locale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::profile::{CompanySize, PartnershipType, Region, RevenueRange, WorkKind};

    #[test]
    fn every_company_profile_choice_has_words_in_both_languages() {
        let codes = PartnershipType::ALL
            .iter()
            .map(|c| c.code())
            .chain(WorkKind::ALL.iter().map(|c| c.code()))
            .chain(CompanySize::ALL.iter().map(|c| c.code()))
            .chain(RevenueRange::ALL.iter().map(|c| c.code()))
            .chain(Region::ALL.iter().map(|c| c.code()));
        for code in codes {
            for locale in Locale::ALL {
                assert!(
                    !profile_choice(code, locale).is_empty(),
                    "{code} {locale:?}"
                );
            }
        }
    }
}
