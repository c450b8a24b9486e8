use serde::{Deserialize, Serialize};

use crate::countries_data::COUNTRIES;
use crate::error::{ApiError, Field, Invalid};
use crate::locale::Locale;

/// An ISO 3166-1 alpha-2 country code that exists in the shipped country list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    pub fn parse(input: &str) -> Result<CountryCode, ApiError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(ApiError::invalid(Field::Country, Invalid::Required));
        }
        COUNTRIES
            .binary_search_by(|(c, _, _)| (*c).cmp(code.as_str()))
            .map(|_| {
                let b = code.as_bytes();
                CountryCode([b[0], b[1]])
            })
            .map_err(|_| ApiError::invalid(Field::Country, Invalid::UnknownCountry))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The country's name in `locale`.
    pub fn name(&self, locale: Locale) -> &'static str {
        COUNTRIES
            .binary_search_by(|(c, _, _)| (*c).cmp(self.as_str()))
            .map(|i| localized(COUNTRIES[i], locale))
            .unwrap_or("")
    }
}

fn localized(
    (_, en, fr): (&'static str, &'static str, &'static str),
    locale: Locale,
) -> &'static str {
    match locale {
        Locale::En => en,
        Locale::Fr => fr,
    }
}

/// Every country as (code, name in `locale`), sorted by name in that language for pickers.
pub fn countries_by_name(locale: Locale) -> Vec<(&'static str, &'static str)> {
    let mut list: Vec<_> = COUNTRIES
        .iter()
        .map(|entry| (entry.0, localized(*entry, locale)))
        .collect();
    list.sort_by_key(|(_, name)| sort_key(name));
    list
}

/// Orders "Émirats" beside "Egypte" rather than after "Z".
fn sort_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'À' | 'Â' | 'Ä' | 'Å' | 'Á' => 'A',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'Î' | 'Ï' | 'Í' => 'I',
            'Ô' | 'Ö' | 'Ó' => 'O',
            'Ù' | 'Û' | 'Ü' | 'Ú' => 'U',
            'Ç' => 'C',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ô' | 'ö' => 'o',
            'ç' => 'c',
            other => other,
        })
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_parse_in_any_case_and_have_names_in_both_languages() {
        let fr = CountryCode::parse(" fr ").unwrap();
        assert_eq!(fr.as_str(), "FR");
        assert_eq!(fr.name(Locale::En), "France");
        assert_eq!(
            CountryCode::parse("DE").unwrap().name(Locale::Fr),
            "Allemagne"
        );
    }

    #[test]
    fn unknown_or_empty_codes_are_refused() {
        assert_eq!(
            CountryCode::parse("XX"),
            Err(ApiError::invalid(Field::Country, Invalid::UnknownCountry))
        );
        assert_eq!(
            CountryCode::parse(""),
            Err(ApiError::invalid(Field::Country, Invalid::Required))
        );
    }

    #[test]
    fn the_country_list_is_sorted_by_code_for_binary_search() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(COUNTRIES.len() > 240);
    }

    #[test]
    fn pickers_sort_accented_names_by_their_letter() {
        let names: Vec<_> = countries_by_name(Locale::Fr)
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        let egypt = names.iter().position(|n| *n == "Égypte").unwrap();
        let spain = names.iter().position(|n| *n == "Espagne").unwrap();
        assert!(egypt < spain);
    }
}
