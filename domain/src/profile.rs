//! The company profile: how the company describes its business to the platform.

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::currency::CurrencyCode;
use crate::error::{ApiError, Field, Invalid};

macro_rules! choices {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// A stable code for storage and form values.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|c| c.code() == code)
            }
        }
    };
}

choices! {
    /// How the company works with the platform (more than one may apply).
    PartnershipType {
        IndependentSoftwareVendor => "isv",
        CspDirectBill => "csp-direct",
        CspIndirectProvider => "csp-indirect-provider",
        CspIndirectReseller => "csp-indirect-reseller",
        ServicesPartner => "services",
    }
}

choices! {
    /// The kinds of work the company wants to do with the platform.
    WorkKind {
        BuildApplications => "build-apps",
        ResellPlatformSoftware => "resell-platform",
        ResellThirdPartySoftware => "resell-third-party",
        IntegrateSystems => "integrate-systems",
        ManagedServices => "managed-services",
        Consulting => "consulting",
        Training => "training",
    }
}

choices! {
    /// Number of employees.
    CompanySize {
        Micro => "1-10",
        Small => "11-50",
        Medium => "51-250",
        Large => "251-1000",
        VeryLarge => "1001-5000",
        Enterprise => "5001+",
    }
}

choices! {
    /// Annual revenue, in the chosen currency.
    RevenueRange {
        UpTo1M => "0-1m",
        From1MTo10M => "1m-10m",
        From10MTo50M => "10m-50m",
        From50MTo250M => "50m-250m",
        From250MTo1B => "250m-1b",
        Over1B => "1b+",
    }
}

choices! {
    /// World regions where the company wants to grow.
    Region {
        Africa => "africa",
        AsiaPacific => "asia-pacific",
        Europe => "europe",
        LatinAmerica => "latin-america",
        MiddleEast => "middle-east",
        NorthAmerica => "north-america",
    }
}

/// The most customers a company may declare (a sanity bound, not a business rule).
pub const MAX_CUSTOMERS: u64 = 100_000_000;

/// The profile form as typed. Choices travel as codes so that a stale or forged value is a
/// validation error, not a deserialization failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyProfileForm {
    pub partnership_types: Vec<String>,
    pub customers: String,
    pub revenue_range: String,
    pub revenue_currency: String,
    pub size: String,
    pub work: Vec<String>,
    pub countries: Vec<String>,
    pub growth_regions: Vec<String>,
}

/// A valid profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProfile {
    pub partnership_types: Vec<PartnershipType>,
    pub customers: u64,
    pub revenue_range: RevenueRange,
    pub revenue_currency: CurrencyCode,
    pub size: CompanySize,
    pub work: Vec<WorkKind>,
    pub countries: Vec<CountryCode>,
    pub growth_regions: Vec<Region>,
}

/// The saved profile with its version and last change.
pub type CompanyProfile = crate::model::Versioned<CompanyProfileForm>;

fn many<T: Ord + Copy>(
    codes: &[String],
    field: Field,
    parse: impl Fn(&str) -> Option<T>,
    at_least_one: bool,
) -> Result<Vec<T>, ApiError> {
    let mut out = Vec::with_capacity(codes.len());
    for code in codes {
        out.push(parse(code).ok_or(ApiError::invalid(field, Invalid::UnknownChoice))?);
    }
    out.sort();
    out.dedup();
    if at_least_one && out.is_empty() {
        return Err(ApiError::invalid(field, Invalid::Required));
    }
    Ok(out)
}

fn one<T>(code: &str, field: Field, parse: impl Fn(&str) -> Option<T>) -> Result<T, ApiError> {
    if code.trim().is_empty() {
        return Err(ApiError::invalid(field, Invalid::Required));
    }
    parse(code.trim()).ok_or(ApiError::invalid(field, Invalid::UnknownChoice))
}

fn customers(input: &str) -> Result<u64, ApiError> {
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    if digits.is_empty() {
        return Err(ApiError::invalid(Field::Customers, Invalid::Required));
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_CUSTOMERS => Ok(n),
        Ok(_) => Err(ApiError::invalid(
            Field::Customers,
            Invalid::OutOfRange {
                min: 0,
                max: MAX_CUSTOMERS,
            },
        )),
        Err(_) => Err(ApiError::invalid(
            Field::Customers,
            Invalid::NotAWholeNumber,
        )),
    }
}

fn countries(codes: &[String]) -> Result<Vec<CountryCode>, ApiError> {
    let mut countries = Vec::with_capacity(codes.len());
    for code in codes {
        countries.push(CountryCode::parse(code).map_err(|e| e.for_field(Field::Countries))?);
    }
    countries.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    countries.dedup();
    if countries.is_empty() {
        return Err(ApiError::invalid(Field::Countries, Invalid::Required));
    }
    Ok(countries)
}

impl CompanyProfileForm {
    pub fn parse(&self) -> Result<ValidProfile, ApiError> {
        Ok(ValidProfile {
            partnership_types: many(
                &self.partnership_types,
                Field::PartnershipTypes,
                PartnershipType::from_code,
                true,
            )?,
            customers: customers(&self.customers)?,
            revenue_range: one(&self.revenue_range, Field::Revenue, RevenueRange::from_code)?,
            revenue_currency: CurrencyCode::parse(&self.revenue_currency, Field::Currency)?,
            size: one(&self.size, Field::CompanySize, CompanySize::from_code)?,
            work: many(&self.work, Field::WorkKinds, WorkKind::from_code, true)?,
            countries: countries(&self.countries)?,
            growth_regions: many(
                &self.growth_regions,
                Field::Regions,
                Region::from_code,
                false,
            )?,
        })
    }

    /// Every field's refusal (not just the first), to show each beside its field.
    pub fn problems(&self) -> Vec<ApiError> {
        [
            many(
                &self.partnership_types,
                Field::PartnershipTypes,
                PartnershipType::from_code,
                true,
            )
            .err(),
            customers(&self.customers).err(),
            one(&self.revenue_range, Field::Revenue, RevenueRange::from_code).err(),
            CurrencyCode::parse(&self.revenue_currency, Field::Currency).err(),
            one(&self.size, Field::CompanySize, CompanySize::from_code).err(),
            many(&self.work, Field::WorkKinds, WorkKind::from_code, true).err(),
            countries(&self.countries).err(),
            many(
                &self.growth_regions,
                Field::Regions,
                Region::from_code,
                false,
            )
            .err(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

impl CompanyProfileForm {
    /// Whether the profile is complete: every required answer given and valid (what the
    /// programs' "company profile complete" requirement reads). A saved profile passed
    /// [`CompanyProfileForm::parse`], so it is complete unless the choices offered changed.
    pub fn is_complete(&self) -> bool {
        self.parse().is_ok()
    }
}

impl ValidProfile {
    /// Back to the wire form (codes), as stored and shown.
    pub fn to_form(&self) -> CompanyProfileForm {
        CompanyProfileForm {
            partnership_types: self
                .partnership_types
                .iter()
                .map(|p| p.code().to_owned())
                .collect(),
            customers: self.customers.to_string(),
            revenue_range: self.revenue_range.code().to_owned(),
            revenue_currency: self.revenue_currency.as_str().to_owned(),
            size: self.size.code().to_owned(),
            work: self.work.iter().map(|w| w.code().to_owned()).collect(),
            countries: self
                .countries
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            growth_regions: self
                .growth_regions
                .iter()
                .map(|r| r.code().to_owned())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> CompanyProfileForm {
        CompanyProfileForm {
            partnership_types: vec!["isv".into(), "services".into()],
            customers: "1 200".into(),
            revenue_range: "1m-10m".into(),
            revenue_currency: "eur".into(),
            size: "51-250".into(),
            work: vec!["build-apps".into()],
            countries: vec!["fr".into(), "BE".into(), "FR".into()],
            growth_regions: vec!["north-america".into()],
        }
    }

    #[test]
    fn a_profile_is_complete_only_when_every_required_answer_is_given() {
        assert!(filled().is_complete());
        assert!(!CompanyProfileForm::default().is_complete());
        let mut no_work = filled();
        no_work.work.clear();
        assert!(!no_work.is_complete());
        let mut no_regions = filled();
        no_regions.growth_regions.clear();
        assert!(no_regions.is_complete(), "regions of growth are optional");
    }

    #[test]
    fn a_filled_profile_parses_normalised_and_round_trips() {
        let valid = filled().parse().unwrap();
        assert_eq!(valid.customers, 1200);
        assert_eq!(valid.revenue_currency.as_str(), "EUR");
        assert_eq!(
            valid
                .countries
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            ["BE", "FR"]
        );
        assert_eq!(valid.to_form().parse().unwrap(), valid);
        assert!(filled().problems().is_empty());
    }

    #[test]
    fn every_missing_or_unknown_choice_is_reported_beside_its_field() {
        let empty = CompanyProfileForm::default();
        let fields: Vec<_> = empty
            .problems()
            .iter()
            .filter_map(ApiError::field)
            .collect();
        assert_eq!(
            fields,
            [
                Field::PartnershipTypes,
                Field::Customers,
                Field::Revenue,
                Field::Currency,
                Field::CompanySize,
                Field::WorkKinds,
                Field::Countries
            ]
        );
        let mut forged = filled();
        forged.work = vec!["mining".into()];
        assert_eq!(
            forged.parse(),
            Err(ApiError::invalid(Field::WorkKinds, Invalid::UnknownChoice))
        );
    }

    #[test]
    fn customers_must_be_a_whole_number_in_range() {
        let with = |n: &str| {
            CompanyProfileForm {
                customers: n.into(),
                ..filled()
            }
            .parse()
            .map(|p| p.customers)
        };
        assert_eq!(with("12,000"), Ok(12_000));
        assert_eq!(
            with("-3"),
            Err(ApiError::invalid(
                Field::Customers,
                Invalid::NotAWholeNumber
            ))
        );
        assert_eq!(
            with("2.5"),
            Err(ApiError::invalid(
                Field::Customers,
                Invalid::NotAWholeNumber
            ))
        );
        assert_eq!(
            with("100000001"),
            Err(ApiError::invalid(
                Field::Customers,
                Invalid::OutOfRange {
                    min: 0,
                    max: MAX_CUSTOMERS
                }
            ))
        );
    }

    #[test]
    fn choice_codes_round_trip() {
        for p in PartnershipType::ALL {
            assert_eq!(PartnershipType::from_code(p.code()), Some(*p));
        }
        for w in WorkKind::ALL {
            assert_eq!(WorkKind::from_code(w.code()), Some(*w));
        }
    }
}
