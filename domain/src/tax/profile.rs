//! The tax profile page: the company's tax ID for its legal country and, for a company in the
//! European Union, its VAT ID with what the VAT registry (VIES) said about it.

use serde::{Deserialize, Serialize};

use super::{is_eu, vat_id_example, vat_prefix, TaxId, VatId};
use crate::error::{ApiError, Field, Invalid};
use crate::model::Versioned;

/// The tax profile form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxProfileForm {
    pub tax_id: String,
    /// Empty when the company has none (or is outside the EU, where the field is not shown).
    pub vat_id: String,
}

/// A valid tax profile for a company in `country`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTaxProfile {
    pub tax_id: TaxId,
    pub vat_id: Option<VatId>,
}

impl ValidTaxProfile {
    /// The form as it is stored and shown back: the numbers in their normal writing.
    pub fn form(&self) -> TaxProfileForm {
        TaxProfileForm {
            tax_id: self.tax_id.formatted(),
            vat_id: self
                .vat_id
                .as_ref()
                .map(|v| v.as_str().to_owned())
                .unwrap_or_default(),
        }
    }
}

/// A VAT ID for a company in `country`: optional; only for a company in the EU, and of the
/// member state the company is in (the refusal names that state's prefix and an example).
fn parse_vat(input: &str, country: &str) -> Result<Option<VatId>, ApiError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let country = country.trim().to_ascii_uppercase();
    let other_state = || {
        ApiError::invalid(
            Field::VatId,
            Invalid::VatIdFormat {
                example: vat_id_example(&country),
            },
        )
    };
    if !is_eu(&country) {
        return Err(other_state());
    }
    let vat = VatId::parse(input)?;
    if vat.country() != country {
        return Err(ApiError::invalid(
            Field::VatId,
            Invalid::VatIdOtherState {
                prefix: vat_prefix(&country).unwrap_or_default().to_owned(),
                example: vat_id_example(&country),
            },
        ));
    }
    Ok(Some(vat))
}

impl TaxProfileForm {
    /// Checks the form for a company whose legal country is `country`.
    pub fn parse(&self, country: &str) -> Result<ValidTaxProfile, ApiError> {
        Ok(ValidTaxProfile {
            tax_id: TaxId::parse(country, &self.tax_id)?,
            vat_id: parse_vat(&self.vat_id, country)?,
        })
    }

    /// Every field's refusal, to show them all at once beside their fields.
    pub fn problems(&self, country: &str) -> Vec<ApiError> {
        [
            TaxId::parse(country, &self.tax_id).err(),
            parse_vat(&self.vat_id, country).err(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// What the VAT registry said about the saved VAT ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VatStatus {
    /// Not checked yet: the registry could not be reached when it was saved (the ID is kept;
    /// "Check again" asks once more).
    NotChecked,
    /// The registry knows the number as a valid VAT registration.
    Valid,
    /// The registry answered that the number is not a valid VAT registration.
    Invalid,
}

impl VatStatus {
    pub fn code(self) -> &'static str {
        match self {
            VatStatus::NotChecked => "not-checked",
            VatStatus::Valid => "valid",
            VatStatus::Invalid => "invalid",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [VatStatus::NotChecked, VatStatus::Valid, VatStatus::Invalid]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// The registry's verdict on the saved VAT ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatVerdict {
    pub status: VatStatus,
    /// The registered name and address, as the registry gave them (empty when it gave none).
    pub name: String,
    pub address: String,
    /// When the registry answered (Unix seconds); `None` while not checked.
    pub checked_at: Option<i64>,
}

/// The tax profile as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxProfile {
    pub record: Versioned<TaxProfileForm>,
    /// The company's legal country (ISO 3166-1 alpha-2), which decides the tax ID's format and
    /// whether a VAT ID applies.
    pub country: String,
    /// The country the saved tax ID was checked for (empty if never saved); when it differs
    /// from `country` the legal country changed since, and the profile needs a new tax ID.
    pub saved_country: String,
    /// The registry's verdict on the saved VAT ID (`None` without one).
    pub vat: Option<VatVerdict>,
    /// A tax ID is saved for the legal country and, in the EU, a VAT ID the registry confirmed.
    pub complete: bool,
}

/// Whether a tax profile is complete: a tax ID saved for the company's current legal country
/// and, for a company in the EU, a VAT ID the registry confirmed valid.
pub fn is_complete(country: &str, saved_country: &str, vat: Option<VatStatus>) -> bool {
    let country = country.trim().to_ascii_uppercase();
    !saved_country.is_empty()
        && saved_country.eq_ignore_ascii_case(&country)
        && (!is_eu(&country) || vat == Some(VatStatus::Valid))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(tax_id: &str, vat_id: &str) -> TaxProfileForm {
        TaxProfileForm {
            tax_id: tax_id.into(),
            vat_id: vat_id.into(),
        }
    }

    #[test]
    fn a_french_company_saves_its_siret_and_its_french_vat_id_normalised() {
        let valid = form("732 829 320 00074", "fr 40 303 265 045")
            .parse("FR")
            .unwrap();
        assert_eq!(valid.form(), form("73282932000074", "FR40303265045"));
        // The VAT ID is optional.
        assert_eq!(
            form("732829320", "").parse("FR").unwrap().vat_id,
            None::<VatId>
        );
    }

    #[test]
    fn a_vat_id_of_another_member_state_or_outside_the_eu_is_refused_beside_its_field() {
        let other_state = ApiError::invalid(
            Field::VatId,
            Invalid::VatIdOtherState {
                prefix: "FR".into(),
                example: Some("FR40303265045".into()),
            },
        );
        assert_eq!(
            form("732829320", "DE136695976").parse("FR"),
            Err(other_state)
        );
        assert_eq!(
            form("12-3456789", "DE136695976").parse("US"),
            Err(ApiError::invalid(
                Field::VatId,
                Invalid::VatIdFormat { example: None }
            ))
        );
        let us = form("12-3456789", "").parse("us").unwrap();
        assert_eq!(us.form().tax_id, "12-3456789");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let problems = form("", "FR4030326504").problems("FR");
        let fields: Vec<_> = problems.iter().filter_map(ApiError::field).collect();
        assert_eq!(fields, vec![Field::TaxId, Field::VatId]);
        assert!(form("732829320", "FR40303265045").problems("FR").is_empty());
    }

    #[test]
    fn a_profile_is_complete_with_a_tax_id_for_the_legal_country_and_in_the_eu_a_confirmed_vat_id()
    {
        assert!(is_complete("FR", "FR", Some(VatStatus::Valid)));
        assert!(!is_complete("FR", "FR", Some(VatStatus::NotChecked)));
        assert!(!is_complete("FR", "FR", Some(VatStatus::Invalid)));
        assert!(!is_complete("FR", "FR", None));
        assert!(!is_complete("FR", "", Some(VatStatus::Valid)));
        // The legal country moved since the tax ID was saved.
        assert!(!is_complete("DE", "FR", Some(VatStatus::Valid)));
        assert!(is_complete("US", "US", None));
        assert!(is_complete("gb", "GB", None));
    }

    #[test]
    fn vat_statuses_round_trip_through_their_codes() {
        for s in [VatStatus::NotChecked, VatStatus::Valid, VatStatus::Invalid] {
            assert_eq!(VatStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(VatStatus::from_code("maybe"), None);
    }
}
