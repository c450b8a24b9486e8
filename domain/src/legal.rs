//! The company's legal identity: its legal name, its DUNS number when it has one, and its legal
//! address. It is filled in by hand or from a company directory looked up by DUNS number.

use serde::{Deserialize, Serialize};

use crate::address::{validate, AddressInput, Validation};
use crate::error::{ApiError, Field, Invalid};
use crate::locations::address_error;
use crate::names::CompanyName;

/// A DUNS number: the nine digits Dun & Bradstreet gives a business site. Typed with or without
/// the usual dashes or spaces (`15-048-3782`), stored as the nine digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Duns(String);

impl Duns {
    pub fn parse(input: &str) -> Result<Duns, ApiError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ApiError::invalid(Field::Duns, Invalid::Required));
        }
        let separators_only = input
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
        let digits: String = input.chars().filter(char::is_ascii_digit).collect();
        if !separators_only || digits.len() != 9 {
            return Err(ApiError::invalid(Field::Duns, Invalid::DunsFormat));
        }
        Ok(Duns(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A company as a directory knows it: what a DUNS lookup returns to fill the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRecord {
    pub duns: String,
    pub legal_name: String,
    pub address: AddressInput,
}

/// The legal identity as typed (or as filled from the directory, for the user to confirm).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalIdentityForm {
    pub legal_name: String,
    /// Empty when the company was entered by hand without one.
    pub duns: String,
    pub address: AddressInput,
}

/// The saved legal identity with its version (it changes with the legal address location too).
pub type LegalIdentity = crate::model::Versioned<LegalIdentityForm>;

/// A legal identity that may be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLegalIdentity {
    pub legal_name: CompanyName,
    pub duns: Option<Duns>,
    /// Valid, or as typed where the user kept it over the suggested standard form.
    pub address: AddressInput,
}

impl LegalIdentityForm {
    pub fn parse(&self) -> Result<ValidLegalIdentity, ApiError> {
        let legal_name = CompanyName::parse(&self.legal_name)?;
        let duns = if self.duns.trim().is_empty() {
            None
        } else {
            Some(Duns::parse(&self.duns)?)
        };
        let address = match validate(&self.address) {
            Validation::Valid(address) => address,
            Validation::Suggest { entered, .. } => entered,
            Validation::Invalid(problems) => {
                return Err(problems
                    .first()
                    .map(address_error)
                    .unwrap_or(ApiError::Malformed))
            }
        };
        Ok(ValidLegalIdentity {
            legal_name,
            duns,
            address,
        })
    }

    /// Every problem, to show each beside its field.
    pub fn problems(&self) -> Vec<ApiError> {
        let mut found: Vec<ApiError> = CompanyName::parse(&self.legal_name)
            .err()
            .into_iter()
            .collect();
        if !self.duns.trim().is_empty() {
            found.extend(Duns::parse(&self.duns).err());
        }
        if let Validation::Invalid(problems) = validate(&self.address) {
            found.extend(problems.iter().map(address_error));
        }
        found
    }

    /// The form filled from a directory record.
    pub fn from_record(record: &CompanyRecord) -> Self {
        LegalIdentityForm {
            legal_name: record.legal_name.clone(),
            duns: record.duns.clone(),
            address: record.address.clone(),
        }
    }

    /// Whether saving `self` over `before` changes what the platform verified (the legal name
    /// or the legal address): a verified company then goes back to review.
    pub fn changes_verified_details(&self, before: &LegalIdentityForm) -> bool {
        self.legal_name.trim() != before.legal_name.trim() || self.address != before.address
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duns_number_is_nine_digits_with_optional_separators() {
        assert_eq!(Duns::parse("150483782").unwrap().as_str(), "150483782");
        assert_eq!(Duns::parse(" 15-048-3782 ").unwrap().as_str(), "150483782");
        assert_eq!(Duns::parse("15 048 3782").unwrap().as_str(), "150483782");
        for bad in [
            "12345678",
            "1234567890",
            "12345678a",
            "１２３４５６７８９",
            "+150483782",
        ] {
            assert_eq!(
                Duns::parse(bad),
                Err(ApiError::invalid(Field::Duns, Invalid::DunsFormat)),
                "{bad}"
            );
        }
        assert_eq!(
            Duns::parse("  "),
            Err(ApiError::invalid(Field::Duns, Invalid::Required))
        );
    }

    fn paris() -> LegalIdentityForm {
        LegalIdentityForm {
            legal_name: " Contoso SAS ".into(),
            duns: "".into(),
            address: AddressInput {
                country: "FR".into(),
                street: "1 rue de Rivoli".into(),
                city: "Paris".into(),
                region: "".into(),
                postal_code: "75001".into(),
            },
        }
    }

    #[test]
    fn a_legal_identity_needs_a_name_and_a_deliverable_address_and_the_duns_is_optional() {
        let valid = paris().parse().unwrap();
        assert_eq!(valid.legal_name.as_str(), "Contoso SAS");
        assert_eq!(valid.duns, None);
        let mut with_duns = paris();
        with_duns.duns = "15-048-3782".into();
        assert_eq!(
            with_duns.parse().unwrap().duns.unwrap().as_str(),
            "150483782"
        );
        let mut broken = paris();
        broken.legal_name = "".into();
        broken.duns = "123".into();
        broken.address.postal_code = "7500".into();
        let fields: Vec<_> = broken
            .problems()
            .iter()
            .filter_map(ApiError::field)
            .collect();
        assert_eq!(
            fields,
            vec![Field::CompanyName, Field::Duns, Field::PostalCode]
        );
        assert_eq!(
            broken.parse().unwrap_err().field(),
            Some(Field::CompanyName)
        );
    }

    #[test]
    fn only_the_name_and_the_address_are_verified_details() {
        let before = paris();
        let mut after = paris();
        after.duns = "150483782".into();
        assert!(!after.changes_verified_details(&before));
        after.legal_name = "Contoso France SAS".into();
        assert!(after.changes_verified_details(&before));
        let mut moved = paris();
        moved.address.street = "2 rue de Rivoli".into();
        assert!(moved.changes_verified_details(&before));
    }
}
