use serde::{Deserialize, Serialize};

use crate::country_currencies_data::COUNTRY_CURRENCIES;
use crate::currencies_data::CURRENCIES;
use crate::error::{ApiError, Field, Invalid};
use crate::locale::Locale;

/// An ISO 4217 currency code from the shipped list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CurrencyCode([u8; 3]);

impl CurrencyCode {
    pub fn parse(input: &str, field: Field) -> Result<CurrencyCode, ApiError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(ApiError::invalid(field, Invalid::Required));
        }
        CURRENCIES
            .binary_search_by(|(c, _, _)| (*c).cmp(code.as_str()))
            .map(|_| {
                let b = code.as_bytes();
                CurrencyCode([b[0], b[1], b[2]])
            })
            .map_err(|_| ApiError::invalid(field, Invalid::UnknownCurrency))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

/// Every currency as (code, "Name (CODE)" in `locale`), sorted by name, for pickers.
pub fn currencies_by_name(locale: Locale) -> Vec<(&'static str, String)> {
    let mut list: Vec<_> = CURRENCIES
        .iter()
        .map(|(code, en, fr)| {
            let name = match locale {
                Locale::En => en,
                Locale::Fr => fr,
            };
            (*code, format!("{name} ({code})"))
        })
        .collect();
    list.sort_by_key(|(_, name)| name.to_lowercase());
    list
}

/// The currency a company of `country` is billed in (fixed by its legal country), or `None`
/// for a country without a currency of its own (Antarctica).
pub fn billing_currency(country: &str) -> Option<CurrencyCode> {
    let country = country.trim().to_ascii_uppercase();
    COUNTRY_CURRENCIES
        .binary_search_by(|(c, _)| (*c).cmp(country.as_str()))
        .ok()
        .and_then(|i| CurrencyCode::parse(COUNTRY_CURRENCIES[i].1, Field::Currency).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_currencies_parse_and_others_are_refused() {
        assert_eq!(
            CurrencyCode::parse(" eur", Field::Currency)
                .unwrap()
                .as_str(),
            "EUR"
        );
        assert_eq!(
            CurrencyCode::parse("XAU", Field::Currency),
            Err(ApiError::invalid(Field::Currency, Invalid::UnknownCurrency))
        );
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn companies_are_billed_in_their_legal_countrys_currency() {
        let of = |c| billing_currency(c).map(|c| c.as_str().to_owned());
        assert_eq!(of("FR").as_deref(), Some("EUR"));
        assert_eq!(of("us").as_deref(), Some("USD"));
        assert_eq!(of("GB").as_deref(), Some("GBP"));
        assert_eq!(of("MD").as_deref(), Some("MDL"));
        assert_eq!(of("BG").as_deref(), Some("EUR"));
        assert_eq!(of("AQ"), None);
        assert_eq!(of("XX"), None);
        assert!(COUNTRY_CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
        // Every listed currency is one the pickers know.
        for (country, code) in COUNTRY_CURRENCIES {
            assert!(
                CurrencyCode::parse(code, Field::Currency).is_ok(),
                "{country}"
            );
        }
    }

    #[test]
    fn pickers_show_names_in_the_users_language() {
        let fr = currencies_by_name(Locale::Fr);
        assert!(fr
            .iter()
            .any(|(c, n)| *c == "USD" && n == "Dollar des États-Unis (USD)"));
    }
}
