//! What a saved form changed, field by field, before and after: the audit log's values for
//! each settings record, as parts each reader's language words.

use super::{changed_fields, Said, Told};
use crate::address::AddressInput;
use crate::contacts::{ContactsForm, Which};
use crate::legal::LegalIdentityForm;
use crate::model::NotificationCategory;
use crate::payout::BillingForm;
use crate::preferences::{ChannelsForm, ContactDetailsForm};
use crate::profile::CompanyProfileForm;
use crate::publishing::{ApproverForm, PublisherNameForm, SellerContactForm};
use crate::support::SupportDetailsForm;
use crate::tax::profile::TaxProfileForm;
use crate::Field;

/// A postal address's fields, before and after.
fn address(b: &AddressInput, a: &AddressInput) -> Vec<(Field, Said, Said)> {
    let text = |s: &String| Said::text(s);
    vec![
        (Field::Street, text(&b.street), text(&a.street)),
        (
            Field::PostalCode,
            text(&b.postal_code),
            text(&a.postal_code),
        ),
        (Field::City, text(&b.city), text(&a.city)),
        (Field::Region, text(&b.region), text(&a.region)),
        (
            Field::Country,
            Said::Countries(vec![b.country.clone()]),
            Said::Countries(vec![a.country.clone()]),
        ),
    ]
}

/// The fields that differ between two profiles, before and after (for the audit log).
pub fn profile(before: &CompanyProfileForm, after: &CompanyProfileForm) -> (Told, Told) {
    let choices = |codes: &[String]| Said::Choices(codes.to_vec());
    let choice = |code: &str| Said::Choices(vec![code.to_owned()]);
    changed_fields(vec![
        (
            Field::PartnershipTypes,
            choices(&before.partnership_types),
            choices(&after.partnership_types),
        ),
        (
            Field::Customers,
            Said::text(&before.customers),
            Said::text(&after.customers),
        ),
        (
            Field::Revenue,
            choice(&before.revenue_range),
            choice(&after.revenue_range),
        ),
        (
            Field::Currency,
            Said::text(&before.revenue_currency),
            Said::text(&after.revenue_currency),
        ),
        (
            Field::CompanySize,
            choice(&before.size),
            choice(&after.size),
        ),
        (
            Field::WorkKinds,
            choices(&before.work),
            choices(&after.work),
        ),
        (
            Field::Countries,
            Said::Countries(before.countries.clone()),
            Said::Countries(after.countries.clone()),
        ),
        (
            Field::Regions,
            choices(&before.growth_regions),
            choices(&after.growth_regions),
        ),
    ])
}

/// The changed contact fields, before and after, for the audit log.
pub fn contacts(before: &ContactsForm, after: &ContactsForm) -> (Told, Told) {
    let mut pairs = Vec::new();
    for (which, b, a) in [
        (Which::Primary, &before.primary, &after.primary),
        (Which::Legal, &before.legal, &after.legal),
    ] {
        let [name, email, phone, language] = which.fields();
        pairs.extend([
            (name, Said::text(&b.name), Said::text(&a.name)),
            (email, Said::text(&b.email), Said::text(&a.email)),
            (phone, Said::text(&b.phone), Said::text(&a.phone)),
            (
                language,
                Said::Language(b.language.clone()),
                Said::Language(a.language.clone()),
            ),
        ]);
    }
    changed_fields(pairs)
}

/// The support details' changed fields, before and after (for the audit log).
pub fn support_details(before: &SupportDetailsForm, after: &SupportDetailsForm) -> (Told, Told) {
    let pair = |field, pick: fn(&SupportDetailsForm) -> &String| {
        (field, Said::text(pick(before)), Said::text(pick(after)))
    };
    changed_fields(vec![
        pair(Field::SupportEmail, |f| &f.email),
        pair(Field::SupportPhone, |f| &f.phone),
        pair(Field::SupportWebsite, |f| &f.website),
        pair(Field::SupportHoursEn, |f| &f.hours_en),
        pair(Field::SupportHoursFr, |f| &f.hours_fr),
    ])
}

/// Before and after of a saved profile, for the audit log.
pub fn tax_profile(before: &TaxProfileForm, after: &TaxProfileForm) -> (Told, Told) {
    changed_fields(vec![
        (
            Field::TaxId,
            Said::text(&before.tax_id),
            Said::text(&after.tax_id),
        ),
        (
            Field::VatId,
            Said::text(&before.vat_id),
            Said::text(&after.vat_id),
        ),
    ])
}

/// A legal identity's changed fields, before and after (for the audit log).
pub fn legal_identity(before: &LegalIdentityForm, after: &LegalIdentityForm) -> (Told, Told) {
    let text = |s: &String| Said::text(s);
    let mut pairs = vec![
        (
            Field::CompanyName,
            text(&before.legal_name),
            text(&after.legal_name),
        ),
        (Field::Duns, text(&before.duns), text(&after.duns)),
    ];
    pairs.extend(address(&before.address, &after.address));
    changed_fields(pairs)
}

/// The billing information for the audit log, before and after.
pub fn billing(before: &BillingForm, after: &BillingForm) -> (Told, Told) {
    let text = |s: &String| Said::text(s);
    let mut pairs = address(&before.address, &after.address);
    pairs.extend([
        (Field::BillingEmail, text(&before.email), text(&after.email)),
        (
            Field::PurchaseOrder,
            text(&before.purchase_order),
            text(&after.purchase_order),
        ),
    ]);
    changed_fields(pairs)
}

/// What changed in the contact details, before and after, for the audit log.
pub fn notification_contact(
    before: &ContactDetailsForm,
    after: &ContactDetailsForm,
) -> (Told, Told) {
    changed_fields(vec![
        (
            Field::NotificationEmail,
            Said::text(&before.notification_email),
            Said::text(&after.notification_email),
        ),
        (
            Field::JobTitle,
            Said::text(&before.job_title),
            Said::text(&after.job_title),
        ),
        (
            Field::EmailLanguage,
            Said::Language(before.email_language.clone()),
            Said::Language(after.email_language.clone()),
        ),
    ])
}

/// What changed in the channels, for the audit log (`category: channel`).
pub fn notification_channels(before: &ChannelsForm, after: &ChannelsForm) -> (Told, Told) {
    let (old, new) = NotificationCategory::ALL
        .into_iter()
        .map(|c| (c, before.channel(c), after.channel(c)))
        .filter(|(_, b, a)| b != a)
        .map(|(c, b, a)| (Said::Channel(c, b), Said::Channel(c, a)))
        .unzip();
    (Told(old), Told(new))
}

/// What the audit log says changed, before and after.
pub fn publisher_name(before: &PublisherNameForm, after: &PublisherNameForm) -> (Told, Told) {
    changed_fields(vec![(
        Field::PublisherDisplayName,
        Said::text(&before.display_name),
        Said::text(&after.display_name),
    )])
}

pub fn seller_contact(before: &SellerContactForm, after: &SellerContactForm) -> (Told, Told) {
    let text = |s: &String| Said::text(s);
    let mut pairs = vec![
        (Field::SellerName, text(&before.name), text(&after.name)),
        (Field::SellerEmail, text(&before.email), text(&after.email)),
        (Field::SellerPhone, text(&before.phone), text(&after.phone)),
    ];
    pairs.extend(address(&before.address, &after.address));
    changed_fields(pairs)
}

pub fn approver(before: &ApproverForm, after: &ApproverForm) -> (Told, Told) {
    let text = |s: &String| Said::text(s);
    changed_fields(vec![
        (Field::ApproverName, text(&before.name), text(&after.name)),
        (
            Field::ApproverEmail,
            text(&before.email),
            text(&after.email),
        ),
        (
            Field::ApproverPhone,
            text(&before.phone),
            text(&after.phone),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payout::payout_account_tests::billing as paris_billing;
    use crate::preferences::tests::contact;
    use crate::preferences::Channel;

    #[test]
    fn contact_differences_name_only_what_changed() {
        let before = contact("a@contoso.example", "CFO", "en");
        let after = contact("a@contoso.example", "CEO", "fr");
        let (old, new) = notification_contact(&before, &after);
        assert_eq!(
            old.0,
            [
                Said::typed(Field::JobTitle, "CFO"),
                Said::Field(Field::EmailLanguage, Box::new(Said::Language("en".into())))
            ]
        );
        assert_eq!(
            new.0,
            [
                Said::typed(Field::JobTitle, "CEO"),
                Said::Field(Field::EmailLanguage, Box::new(Said::Language("fr".into())))
            ]
        );
    }

    #[test]
    fn channel_differences_list_the_changed_categories() {
        let before = ChannelsForm::default();
        let mut after = before.clone();
        after.channels[0].channel = Channel::Bell;
        let category = NotificationCategory::ALL[0];
        assert_eq!(
            notification_channels(&before, &after),
            (
                Told::of(Said::Channel(category, Channel::Both)),
                Told::of(Said::Channel(category, Channel::Bell))
            )
        );
    }

    #[test]
    fn billing_changes_name_each_changed_field() {
        let (before, after) = billing(&BillingForm::default(), &paris_billing().parse().unwrap());
        // Only what changed, field by field: a purchase order from nothing to its number.
        let po = |told: &Told| {
            told.0.iter().find_map(|s| match s {
                Said::Field(Field::PurchaseOrder, value) => Some((**value).clone()),
                _ => None,
            })
        };
        assert_eq!(po(&before), Some(Said::text("")));
        assert_eq!(po(&after), Some(Said::text("PO-2026/114_a.b")));
        assert_eq!(before.0.len(), after.0.len());
    }
}
