//! The audit log's entries in the reader's language: what was changed (the target) and what it
//! held before and after, from the parts the server keeps as data.

use domain::audit::{AuditAction, Note, Said, Told};
use domain::country::CountryCode;
use domain::programs::{program, ProgramCode};
use domain::tax::profile::VatStatus;
use domain::tenants::TenantKind;
use domain::{Field, Locale, Role};

use super::describe::{
    enrolment_state_name, merge_state_name, notification_category_name, payout_status_name,
    profile_choice, role_name, status_name, verification_status_name,
};
use super::Msg;

/// One side of a change, its parts one after another.
pub fn told_text(told: &Told, locale: Locale) -> String {
    told.0
        .iter()
        .map(|said| said_text(said, locale))
        .collect::<Vec<_>>()
        .join("; ")
}

fn said_text(said: &Said, locale: Locale) -> String {
    let t = |msg: Msg| msg.text(locale);
    match said {
        Said::Text(words) => words.clone(),
        Said::Field(field, value) => {
            let value = said_text(value, locale);
            let value = if value.is_empty() {
                t(Msg::NotGiven).to_owned()
            } else {
                value
            };
            format!("{}{} {value}", field_label(*field, locale), colon(locale))
        }
        Said::Roles(roles) => roles_text(roles, locale),
        Said::UserStatus(status) => status_name(*status, locale).to_owned(),
        Said::Enrolment(state) => enrolment_state_name(*state, locale).to_owned(),
        Said::Choices(codes) => codes
            .iter()
            .map(|code| match profile_choice(code, locale) {
                "" => code.as_str(),
                words => words,
            })
            .collect::<Vec<_>>()
            .join(", "),
        Said::Countries(codes) => codes
            .iter()
            .map(|code| match CountryCode::parse(code) {
                Ok(country) => country.name(locale),
                Err(_) => code.as_str(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Said::Language(tag) => Locale::from_tag(tag)
            .map(|l| l.endonym().to_owned())
            .unwrap_or_else(|| tag.clone()),
        Said::Channel(category, channel) => format!(
            "{}{} {}",
            notification_category_name(*category, locale),
            colon(locale),
            t(match channel {
                domain::preferences::Channel::Both => Msg::ChannelBoth,
                domain::preferences::Channel::Email => Msg::ChannelEmail,
                domain::preferences::Channel::Bell => Msg::ChannelBell,
            })
        ),
        Said::AwaitingConfirmation(email) => {
            format!("{email} ({})", t(Msg::PendingConfirmation).to_lowercase())
        }
        Said::Verification(status) => verification_status_name(*status, locale).to_owned(),
        Said::Payout(status) => payout_status_name(*status, locale).to_owned(),
        Said::Vat(status) => t(match status {
            VatStatus::Valid => Msg::VatValid,
            VatStatus::Invalid => Msg::VatInvalid,
            VatStatus::NotChecked => Msg::VatNotChecked,
        })
        .to_owned(),
        Said::Tenant(kind) => t(match kind {
            TenantKind::Commercial => Msg::TenantsPartnerTab,
            TenantKind::Developer => Msg::TenantsDeveloperTab,
        })
        .to_owned(),
        Said::Merge(state) => merge_state_name(*state, locale).to_owned(),
        Said::Moved {
            users,
            locations,
            tenants,
        } => match locale {
            Locale::En => format!("moved: {users} users, {locations} locations, {tenants} tenants"),
            Locale::Fr => format!(
                "transférés : {users} utilisateurs, {locations} sites, {tenants} locataires"
            ),
        },
        Said::AdminRolesKept(roles) => format!(
            "{}{} {}",
            t(Msg::AuditAdminRolesKept),
            colon(locale),
            roles_text(roles, locale)
        ),
        Said::AdminRolesDropped(roles) => format!(
            "{}{} {}",
            t(Msg::AuditAdminRolesDropped),
            colon(locale),
            roles_text(roles, locale)
        ),
        Said::AgreementVersion(version) => {
            format!("{} {version}", t(Msg::AuditAgreementVersion))
        }
        Said::Unmet(requirement) => format!(
            "{}{} {}",
            t(Msg::RequirementNotMet),
            colon(locale),
            requirement.text(locale)
        ),
        Said::Note(note) => t(match note {
            Note::LegalAddress => Msg::LegalAddress,
            Note::OutsideDomains => Msg::AuditOutsideDomains,
            Note::ChangePending => Msg::AuditChangePending,
            Note::ChangeCancelled => Msg::AuditChangeCancelled,
            Note::Submitted => Msg::CertificateSubmitted,
            Note::Accepted => Msg::CertificateAccepted,
        })
        .to_owned(),
    }
}

/// Role names in the reader's language, or "No role".
pub fn roles_text(roles: &[Role], locale: Locale) -> String {
    if roles.is_empty() {
        return Msg::MergeNoRole.text(locale).to_owned();
    }
    roles
        .iter()
        .map(|r| role_name(*r, locale))
        .collect::<Vec<_>>()
        .join(", ")
}

/// French sets a colon off with a space.
fn colon(locale: Locale) -> &'static str {
    match locale {
        Locale::En => ":",
        Locale::Fr => " :",
    }
}

/// A field's label as its form shows it.
pub fn field_label(field: Field, locale: Locale) -> String {
    let t = |msg: Msg| msg.text(locale).to_owned();
    let of = |whole: Msg, part: Msg| format!("{} · {}", t(whole), t(part));
    match field {
        Field::PaymentContactName => t(Msg::PaymentContactName),
        Field::PaymentContactEmail => t(Msg::PaymentContactEmail),
        Field::ClaimsEmail => t(Msg::ClaimsEmail),
        Field::PartnershipTypes => t(Msg::PartnershipTypes),
        Field::Customers => t(Msg::Customers),
        Field::Revenue => t(Msg::AnnualRevenue),
        Field::Currency => t(Msg::RevenueCurrency),
        Field::CompanySize => t(Msg::CompanySize),
        Field::WorkKinds => t(Msg::WorkKinds),
        Field::Countries => t(Msg::BusinessCountries),
        Field::Regions => t(Msg::GrowthRegions),
        Field::PrimaryName => of(Msg::PrimaryContact, Msg::Name),
        Field::PrimaryEmail => of(Msg::PrimaryContact, Msg::Email),
        Field::PrimaryPhone => of(Msg::PrimaryContact, Msg::Phone),
        Field::PrimaryLanguage => of(Msg::PrimaryContact, Msg::Language),
        Field::LegalName => of(Msg::LegalContact, Msg::Name),
        Field::LegalEmail => of(Msg::LegalContact, Msg::Email),
        Field::LegalPhone => of(Msg::LegalContact, Msg::Phone),
        Field::LegalLanguage => of(Msg::LegalContact, Msg::Language),
        Field::SupportEmail => of(Msg::SupportContact, Msg::Email),
        Field::SupportPhone => of(Msg::SupportContact, Msg::Phone),
        Field::SupportWebsite => t(Msg::Website),
        Field::SupportHoursEn => t(Msg::HoursEn),
        Field::SupportHoursFr => t(Msg::HoursFr),
        Field::TaxId => t(Msg::TaxIdLabel),
        Field::VatId => t(Msg::VatIdLabel),
        Field::CompanyName => t(Msg::LegalName),
        Field::Duns => t(Msg::DunsNumber),
        Field::Street => t(Msg::Street),
        Field::PostalCode => t(Msg::PostalCode),
        Field::City => t(Msg::City),
        Field::Region => t(Msg::RegionLabel),
        Field::Country => t(Msg::Country),
        Field::BillingEmail => t(Msg::BillingEmail),
        Field::PurchaseOrder => t(Msg::PurchaseOrderNumber),
        Field::NotificationEmail => t(Msg::NotificationEmail),
        Field::JobTitle => t(Msg::JobTitle),
        Field::EmailLanguage => t(Msg::EmailLanguage),
        Field::CertificateRegion => t(Msg::IssuingRegion),
        Field::CertificateExpiry => t(Msg::ExpiryDate),
        Field::MergeMessage => t(Msg::MergeMessageLabel),
        Field::DeclineReason => t(Msg::MergeDeclineReasonLabel),
        Field::PublisherDisplayName => t(Msg::PublisherDisplayName),
        Field::SellerName => of(Msg::SellerContact, Msg::Name),
        Field::SellerEmail => of(Msg::SellerContact, Msg::Email),
        Field::SellerPhone => of(Msg::SellerContact, Msg::Phone),
        Field::ApproverName => of(Msg::CompanyApprover, Msg::Name),
        Field::ApproverEmail => of(Msg::CompanyApprover, Msg::Email),
        Field::ApproverPhone => of(Msg::CompanyApprover, Msg::Phone),
        Field::Email => t(Msg::Email),
        Field::Name => t(Msg::Name),
        Field::Roles => t(Msg::Roles),
        Field::LocationName => t(Msg::LocationName),
        Field::TenantDisplayName => t(Msg::TenantDisplayName),
        Field::AccountHolder => t(Msg::AccountHolder),
        Field::Iban => t(Msg::IbanLabel),
        Field::Bic => t(Msg::BicLabel),
        // Fields no audit entry names (passwords, filters, files) read as a field.
        _ => t(Msg::Field),
    }
}

/// What an entry is about: a settings record's or a step's name in words; an email address,
/// a tenant ID or a file name as it is.
pub fn target_text(target: &str, action: AuditAction, locale: Locale) -> String {
    let t = |msg: Msg| msg.text(locale).to_owned();
    let program_actions = [
        AuditAction::ProgramEnrolled,
        AuditAction::ProgramLeft,
        AuditAction::ProgramReviewed,
        AuditAction::ProgramAnswered,
        AuditAction::ProgramStatusChanged,
    ];
    if program_actions.contains(&action) {
        if let Some(code) = ProgramCode::from_code(target) {
            return program(code).name(locale).to_owned();
        }
    }
    match target {
        "contacts" => t(Msg::ContactsTitle),
        "incentives" => t(Msg::IncentivesTitle),
        "support-details" => t(Msg::SupportDetailsTitle),
        "publisher-name" => t(Msg::PublisherDisplayName),
        "seller-contact" => t(Msg::SellerContact),
        "company-approver" => t(Msg::CompanyApprover),
        "company-profile" => t(Msg::CompanyProfileTitle),
        "billing-info" => t(Msg::BillingTitle),
        "tax-profile" => t(Msg::TaxTitle),
        "tax-exemption-certificate" => t(Msg::Certificates),
        "legal identity" => t(Msg::LegalIdentity),
        "company location" => t(Msg::Locations),
        "payout account" => t(Msg::PayoutAccountTitle),
        "verification" => t(Msg::VerificationTitle),
        "verification-document" => t(Msg::DocumentsSent),
        "primary contact email" | "primary contact email (confirmed by link)" => {
            of_email(t(Msg::PrimaryContact), locale)
        }
        "notification email" => t(Msg::NotificationEmail),
        "alternate email for overdue invoices" => t(Msg::AlternateEmailTitle),
        "notification contact details" => t(Msg::NotificationContactDetails),
        "notification categories" => t(Msg::NotificationCategories),
        other => other.to_owned(),
    }
}

fn of_email(whole: String, locale: Locale) -> String {
    format!("{whole} · {}", Msg::Email.text(locale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::audit::changed_fields;

    #[test]
    fn a_change_reads_with_labels_and_names_in_the_readers_language() {
        let (before, after) = changed_fields(vec![
            (
                Field::ClaimsEmail,
                Said::text("claims@contoso.example"),
                Said::text("claims@contoso.example"),
            ),
            (
                Field::PaymentContactName,
                Said::text(""),
                Said::text("Chloé Robert"),
            ),
        ]);
        assert_eq!(
            told_text(&before, Locale::En),
            "Incentive payment contact name: Not given"
        );
        assert_eq!(
            told_text(&after, Locale::Fr),
            "Nom du contact pour les paiements d'incitations : Chloé Robert"
        );
        let roles = Told(vec![
            Said::Roles(vec![Role::GlobalAdmin]),
            Said::Note(Note::OutsideDomains),
        ]);
        assert_eq!(
            told_text(&roles, Locale::Fr),
            "Administrateur général; adresse hors des domaines de messagerie de l'entreprise"
        );
        let state = Told::of(Said::Enrolment(
            domain::programs::EnrolmentState::PendingReview,
        ));
        assert!(!told_text(&state, Locale::En).contains('-'));
        let countries = Told::of(Said::Countries(vec!["GL".into()]));
        assert_eq!(told_text(&countries, Locale::Fr), "Groenland");
    }

    #[test]
    fn record_keys_read_as_their_page_and_addresses_as_they_are() {
        assert_eq!(
            target_text("company-profile", AuditAction::SettingsChanged, Locale::En),
            "Company profile"
        );
        assert_eq!(
            target_text("a@contoso.example", AuditAction::RolesChanged, Locale::Fr),
            "a@contoso.example"
        );
    }
}
