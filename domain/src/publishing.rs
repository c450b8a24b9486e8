//! The information around the account's identifiers that the account may change (the
//! identifiers themselves never change): the publisher display name, the seller contact and
//! the company approver. Each is one versioned record.

use serde::{Deserialize, Serialize};

use crate::address::{validate, AddressInput, Validation};
use crate::contacts::parse_phone;
use crate::email::EmailAddress;
use crate::error::{ApiError, Field, Invalid};
use crate::locations::address_error;
use crate::names::PersonName;

/// The name customers see on the company's marketplace offers and apps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublisherNameForm {
    pub display_name: String,
}

/// Who the platform and customers contact about the company's sales.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerContactForm {
    pub name: String,
    pub email: String,
    /// International form, e.g. `+33 1 23 45 67 89`.
    pub phone: String,
    pub address: AddressInput,
}

/// Who approves, for the company, what is published under its name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproverForm {
    pub name: String,
    pub email: String,
    pub phone: String,
}

pub type PublisherName = crate::model::Versioned<PublisherNameForm>;
pub type SellerContact = crate::model::Versioned<SellerContactForm>;
pub type Approver = crate::model::Versioned<ApproverForm>;

/// Publisher display names are short: they appear on store tiles.
pub const MAX_DISPLAY_NAME: usize = 50;

fn display_name(input: &str) -> Result<String, ApiError> {
    let name = input.trim();
    let invalid = |reason| ApiError::invalid(Field::PublisherDisplayName, reason);
    match name.chars().count() {
        0 => Err(invalid(Invalid::Required)),
        n if n > MAX_DISPLAY_NAME => Err(invalid(Invalid::TooLong {
            max: MAX_DISPLAY_NAME as u32,
        })),
        _ if name.chars().any(char::is_control) => Err(invalid(Invalid::ForbiddenCharacters)),
        _ => Ok(name.to_owned()),
    }
}

/// Keeps the errors of `results`, or gives `value` when there are none.
fn all_or_errors<T>(value: impl FnOnce() -> T, errors: Vec<ApiError>) -> Result<T, Vec<ApiError>> {
    if errors.is_empty() {
        Ok(value())
    } else {
        Err(errors)
    }
}

impl PublisherNameForm {
    pub fn check(&self) -> Result<PublisherNameForm, Vec<ApiError>> {
        display_name(&self.display_name)
            .map(|display_name| PublisherNameForm { display_name })
            .map_err(|e| vec![e])
    }
}

impl SellerContactForm {
    pub fn check(&self) -> Result<SellerContactForm, Vec<ApiError>> {
        let name = PersonName::parse(&self.name).map_err(|e| e.for_field(Field::SellerName));
        let email = EmailAddress::parse(&self.email, Field::SellerEmail);
        let phone = parse_phone(&self.phone, Field::SellerPhone);
        let address = match validate(&self.address) {
            Validation::Valid(address) => Ok(address),
            // The address as typed is the user's to keep (it is what they deliver to).
            Validation::Suggest { entered, .. } => Ok(entered),
            Validation::Invalid(problems) => {
                Err(problems.iter().map(address_error).collect::<Vec<_>>())
            }
        };
        let mut errors: Vec<ApiError> = [
            name.as_ref().err(),
            email.as_ref().err(),
            phone.as_ref().err(),
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
        if let Err(address_errors) = &address {
            errors.extend(address_errors.iter().cloned());
        }
        all_or_errors(
            || SellerContactForm {
                name: name.map(|n| n.as_str().to_owned()).unwrap_or_default(),
                email: email.map(|e| e.as_str().to_owned()).unwrap_or_default(),
                phone: phone.unwrap_or_default(),
                address: address.unwrap_or_default(),
            },
            errors,
        )
    }
}

impl ApproverForm {
    pub fn check(&self) -> Result<ApproverForm, Vec<ApiError>> {
        let name = PersonName::parse(&self.name).map_err(|e| e.for_field(Field::ApproverName));
        let email = EmailAddress::parse(&self.email, Field::ApproverEmail);
        let phone = parse_phone(&self.phone, Field::ApproverPhone);
        let errors: Vec<ApiError> = [
            name.as_ref().err(),
            email.as_ref().err(),
            phone.as_ref().err(),
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
        all_or_errors(
            || ApproverForm {
                name: name.map(|n| n.as_str().to_owned()).unwrap_or_default(),
                email: email.map(|e| e.as_str().to_owned()).unwrap_or_default(),
                phone: phone.unwrap_or_default(),
            },
            errors,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris() -> AddressInput {
        AddressInput {
            country: "FR".into(),
            street: "1 rue de Rivoli".into(),
            city: "Paris".into(),
            region: String::new(),
            postal_code: "75001".into(),
        }
    }

    #[test]
    fn a_publisher_display_name_is_required_short_and_printable() {
        let form = |s: &str| PublisherNameForm {
            display_name: s.into(),
        };
        assert_eq!(
            form("  Contoso Apps ").check().unwrap().display_name,
            "Contoso Apps"
        );
        assert_eq!(
            form(" ").check().unwrap_err(),
            vec![ApiError::invalid(
                Field::PublisherDisplayName,
                Invalid::Required
            )]
        );
        assert!(form(&"x".repeat(51)).check().is_err());
        assert!(form(&"é".repeat(50)).check().is_ok());
        assert!(form("a\u{7}b").check().is_err());
    }

    #[test]
    fn a_seller_contact_is_normalised_and_every_problem_is_reported() {
        let good = SellerContactForm {
            name: " Ada Lovelace ".into(),
            email: "Sales@Contoso.example".into(),
            phone: "+33 1 23 45 67 89".into(),
            address: paris(),
        };
        let checked = good.check().unwrap();
        assert_eq!(checked.name, "Ada Lovelace");
        assert_eq!(checked.phone, "+33123456789");
        let bad = SellerContactForm {
            name: String::new(),
            email: "nope".into(),
            phone: "01 23".into(),
            address: AddressInput {
                city: String::new(),
                ..paris()
            },
        };
        let fields: Vec<Field> = bad
            .check()
            .unwrap_err()
            .iter()
            .filter_map(ApiError::field)
            .collect();
        assert_eq!(
            fields,
            vec![
                Field::SellerName,
                Field::SellerEmail,
                Field::SellerPhone,
                Field::City
            ]
        );
    }

    #[test]
    fn an_approver_needs_a_name_an_email_and_an_international_phone() {
        let approver = ApproverForm {
            name: "Grace Hopper".into(),
            email: "grace@contoso.example".into(),
            phone: "+1 (425) 555-0100".into(),
        };
        assert_eq!(approver.check().unwrap().phone, "+14255550100");
        let no_plus = ApproverForm {
            phone: "425 555 0100".into(),
            ..approver
        };
        assert_eq!(
            no_plus.check().unwrap_err(),
            vec![ApiError::invalid(
                Field::ApproverPhone,
                Invalid::PhoneFormat
            )]
        );
    }

    proptest::proptest! {
        #[test]
        fn no_validator_here_or_of_tenants_and_merges_panics(a in ".{0,80}", b in ".{0,40}", c in ".{0,20}") {
            let _ = PublisherNameForm { display_name: a.clone() }.check();
            let _ = ApproverForm { name: a.clone(), email: b.clone(), phone: c.clone() }.check();
            let address = AddressInput { country: c.chars().take(2).collect(), street: a.clone(), city: b.clone(), region: c.clone(), postal_code: c.clone() };
            let _ = SellerContactForm { name: b.clone(), email: a.clone(), phone: c.clone(), address }.check();
            let _ = crate::tenants::Guid::parse(&a);
            let _ = crate::tenants::TenantDisplayName::parse(&a);
            let _ = crate::tenants::domain_of_user_name(&a);
            let _ = crate::merge::MergeMessage::parse(&a);
            let _ = crate::merge::DeclineReason::parse(&b);
            let _ = crate::identifiers::PartnerId::parse(&c);
        }
    }
}
