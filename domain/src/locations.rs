//! Company locations: every site of the company, one of them the legal address.

use serde::{Deserialize, Serialize};

use crate::address::{validate, AddressField, AddressInput, AddressProblem, Validation};
use crate::error::{ApiError, Field, Invalid};

/// A location as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationForm {
    /// What the company calls the site ("Head office", "Lyon warehouse").
    pub name: String,
    pub address: AddressInput,
    /// Whether this is the company's legal address (exactly one location is).
    pub is_legal: bool,
}

/// A saved location with its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub id: i64,
    pub form: LocationForm,
    pub version: i64,
    pub updated_by: String,
    pub updated_at: i64,
}

/// A location that may be stored: a name, and an address that is valid or that the user chose
/// to keep as typed over the suggested standard form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLocation {
    pub name: String,
    pub address: AddressInput,
    pub is_legal: bool,
}

pub const MAX_NAME: usize = 100;

/// The name a legal address entered under the legal identity gets as a location. Pages show
/// such a location by its "Legal address" tag alone, in the user's language, rather than by
/// this name beside the same tag.
pub const LEGAL_ADDRESS_NAME: &str = "Legal address";

/// The name to show before a location's tags: none for a legal address still under its
/// default name.
pub fn shown_name(name: &str, is_legal: bool) -> Option<&str> {
    (!(is_legal && name == LEGAL_ADDRESS_NAME)).then_some(name)
}

fn field_of(field: AddressField) -> Field {
    match field {
        AddressField::Street => Field::Street,
        AddressField::City => Field::City,
        AddressField::Region => Field::Region,
        AddressField::PostalCode => Field::PostalCode,
    }
}

/// An address problem as an error beside its field.
pub fn address_error(problem: &AddressProblem) -> ApiError {
    match problem {
        AddressProblem::Required(field) => ApiError::invalid(field_of(*field), Invalid::Required),
        AddressProblem::PostalCodeFormat { example } => ApiError::invalid(
            Field::PostalCode,
            Invalid::PostalCodeFormat {
                example: example.clone(),
            },
        ),
        AddressProblem::PostalCodeNotInRegion { region } => ApiError::invalid(
            Field::PostalCode,
            Invalid::PostalCodeNotInRegion {
                region: region.clone(),
            },
        ),
        AddressProblem::UnknownRegion => ApiError::invalid(Field::Region, Invalid::UnknownRegion),
        AddressProblem::UnknownCountry => {
            ApiError::invalid(Field::Country, Invalid::UnknownCountry)
        }
    }
}

fn name(input: &str) -> Result<String, ApiError> {
    let name = input.trim();
    let len = name.chars().count();
    if len == 0 {
        return Err(ApiError::invalid(Field::LocationName, Invalid::Required));
    }
    if len > MAX_NAME {
        return Err(ApiError::invalid(
            Field::LocationName,
            Invalid::TooLong {
                max: MAX_NAME as u32,
            },
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            Field::LocationName,
            Invalid::ForbiddenCharacters,
        ));
    }
    Ok(name.to_owned())
}

impl LocationForm {
    pub fn parse(&self) -> Result<ValidLocation, ApiError> {
        let address = match validate(&self.address) {
            Validation::Valid(address) => address,
            // Keeping the address as typed is the user's right; it can be delivered to.
            Validation::Suggest { entered, .. } => entered,
            Validation::Invalid(problems) => {
                return Err(problems
                    .first()
                    .map(address_error)
                    .unwrap_or(ApiError::Malformed))
            }
        };
        Ok(ValidLocation {
            name: name(&self.name)?,
            address,
            is_legal: self.is_legal,
        })
    }

    /// Every problem, to show each beside its field.
    pub fn problems(&self) -> Vec<ApiError> {
        let mut found: Vec<ApiError> = name(&self.name).err().into_iter().collect();
        if let Validation::Invalid(problems) = validate(&self.address) {
            found.extend(problems.iter().map(address_error));
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moscow(region: &str) -> LocationForm {
        LocationForm {
            name: "Moscow office".into(),
            address: AddressInput {
                country: "RU".into(),
                street: "УЛ. ТВЕРСКАЯ, 7".into(),
                city: "МОСКВА".into(),
                region: region.into(),
                postal_code: "125009".into(),
            },
            is_legal: false,
        }
    }

    #[test]
    fn a_valid_or_kept_address_may_be_stored_and_an_impossible_one_may_not() {
        assert_eq!(moscow("Москва").parse().unwrap().address.region, "Москва");
        assert_eq!(moscow("moskva").parse().unwrap().address.region, "moskva");
        assert_eq!(
            moscow("Atlantis").parse(),
            Err(ApiError::invalid(Field::Region, Invalid::UnknownRegion))
        );
        let mut wrong_code = moscow("Москва");
        wrong_code.address.postal_code = "12".into();
        assert!(matches!(
            wrong_code.parse(),
            Err(ApiError::Validation {
                field: Field::PostalCode,
                ..
            })
        ));
    }

    #[test]
    fn every_problem_is_listed_beside_its_field() {
        let empty = LocationForm {
            address: AddressInput {
                country: "FR".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let fields: Vec<_> = empty
            .problems()
            .iter()
            .filter_map(ApiError::field)
            .collect();
        assert!(fields.contains(&Field::LocationName));
        assert!(fields.contains(&Field::Street));
        assert!(fields.contains(&Field::City));
    }
}
