//! The company's support details, shown to its customers: where they get help, and when.

use serde::{Deserialize, Serialize};

use crate::calling_codes_data::CALLING_CODES;
use crate::contacts::parse_phone;
use crate::email::{is_free_mail_domain, EmailAddress};
use crate::error::{ApiError, Field, Invalid};

/// The support details as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportDetailsForm {
    pub email: String,
    /// The country picked for the phone number (ISO 3166-1 alpha-2): gives its calling code.
    pub phone_country: String,
    /// The number as typed: national (`01 23 45 67 89`) or international (`+33 1 23 ...`).
    pub phone: String,
    pub website: String,
    /// Support hours, written for English-speaking customers.
    pub hours_en: String,
    /// Support hours, written for French-speaking customers.
    pub hours_fr: String,
}

/// The saved support details with their version.
pub type SupportDetails = crate::model::Versioned<SupportDetailsForm>;

pub const MAX_HOURS: usize = 200;
pub const MAX_URL: usize = 2000;

/// The calling code of `country` (`FR` → 33).
pub fn calling_code(country: &str) -> Option<u16> {
    let country = country.trim().to_ascii_uppercase();
    CALLING_CODES
        .binary_search_by(|(c, _)| (*c).cmp(country.as_str()))
        .ok()
        .map(|i| CALLING_CODES[i].1)
}

/// A phone number in E.164 form (`+` and at most 15 digits). An international number is taken
/// as it is; a national one gets the calling code of `country`, without its trunk prefix
/// (the leading `0` of `01 23 45 67 89` in France).
pub fn parse_e164(country: &str, number: &str, field: Field) -> Result<String, ApiError> {
    let number = number.trim();
    if number.starts_with('+') || number.is_empty() {
        return parse_phone(number, field);
    }
    let code = calling_code(country).ok_or(ApiError::invalid(field, Invalid::UnknownCountry))?;
    // The error says both ways a number may be typed here, as the field's hint does.
    let not_a_number = ApiError::invalid(field, Invalid::NationalPhoneFormat);
    if !number
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'))
    {
        return Err(not_a_number);
    }
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let national = digits.strip_prefix('0').unwrap_or(&digits);
    parse_phone(&format!("+{code}{national}"), field).map_err(|e| match e {
        ApiError::Validation {
            reason: Invalid::PhoneFormat,
            ..
        } => not_a_number,
        other => other,
    })
}

/// An `https://` address with a real host name (letters, digits and hyphens in dot-separated
/// labels, a top-level domain of letters), an optional port and path.
pub fn parse_https_url(input: &str, field: Field) -> Result<String, ApiError> {
    let url = input.trim();
    let invalid = |reason| Err(ApiError::invalid(field, reason));
    if url.is_empty() {
        return invalid(Invalid::Required);
    }
    if url.chars().count() > MAX_URL {
        return invalid(Invalid::TooLong {
            max: MAX_URL as u32,
        });
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return invalid(Invalid::UrlFormat);
    }
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://") else {
        return invalid(if lower.starts_with("http://") || !lower.contains("://") {
            Invalid::HttpsRequired
        } else {
            Invalid::UrlFormat
        });
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // No user name or password in a link shown to customers.
    if authority.contains('@') {
        return invalid(Invalid::UrlFormat);
    }
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.chars().all(|c| c.is_ascii_digit())) {
        return invalid(Invalid::UrlFormat);
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    let good_label = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld_ok = labels.last().is_some_and(|t| {
        t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()) || t.starts_with("xn--")
    });
    if labels.len() < 2 || !labels.iter().all(good_label) || !tld_ok {
        return invalid(Invalid::UrlFormat);
    }
    Ok(url.to_owned())
}

fn hours(input: &str, field: Field) -> Result<String, ApiError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(ApiError::invalid(field, Invalid::Required));
    }
    if text.chars().count() > MAX_HOURS {
        return Err(ApiError::invalid(
            field,
            Invalid::TooLong {
                max: MAX_HOURS as u32,
            },
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() || matches!(c, '<' | '>'))
    {
        return Err(ApiError::invalid(field, Invalid::ForbiddenCharacters));
    }
    Ok(text.to_owned())
}

impl SupportDetailsForm {
    /// The details as stored (email lower-cased, phone in E.164, text trimmed), or every problem.
    pub fn check(&self) -> Result<SupportDetailsForm, Vec<ApiError>> {
        let email = EmailAddress::parse(&self.email, Field::SupportEmail);
        let phone = parse_e164(&self.phone_country, &self.phone, Field::SupportPhone);
        let website = parse_https_url(&self.website, Field::SupportWebsite);
        let hours_en = hours(&self.hours_en, Field::SupportHoursEn);
        let hours_fr = hours(&self.hours_fr, Field::SupportHoursFr);
        match (email, phone, website, hours_en, hours_fr) {
            (Ok(email), Ok(phone), Ok(website), Ok(hours_en), Ok(hours_fr)) => {
                Ok(SupportDetailsForm {
                    email: email.as_str().to_owned(),
                    phone_country: self.phone_country.trim().to_ascii_uppercase(),
                    phone,
                    website,
                    hours_en,
                    hours_fr,
                })
            }
            (email, phone, website, hours_en, hours_fr) => Err([
                email.err(),
                phone.err(),
                website.err(),
                hours_en.err(),
                hours_fr.err(),
            ]
            .into_iter()
            .flatten()
            .collect()),
        }
    }

    pub fn parse(&self) -> Result<SupportDetailsForm, ApiError> {
        self.check()
            .map_err(|e| e.into_iter().next().unwrap_or(ApiError::Malformed))
    }

    pub fn problems(&self) -> Vec<ApiError> {
        self.check().err().unwrap_or_default()
    }

    /// What deserves a second look but may be saved: a free-mail support address (customers
    /// trust an address at the company's own domain more).
    pub fn warnings(&self) -> Vec<ApiError> {
        let email = self.email.trim().to_ascii_lowercase();
        match email.rsplit_once('@') {
            Some((_, domain)) if is_free_mail_domain(domain) => vec![ApiError::invalid(
                Field::SupportEmail,
                Invalid::FreeMailProvider {
                    domain: domain.to_owned(),
                },
            )],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Field = Field::SupportPhone;

    #[test]
    fn national_numbers_get_the_calling_code_of_the_picked_country() {
        assert_eq!(calling_code("fr"), Some(33));
        assert_eq!(calling_code("US"), Some(1));
        assert_eq!(calling_code("XX"), None);
        assert_eq!(
            parse_e164("FR", "01 23 45 67 89", F).unwrap(),
            "+33123456789"
        );
        assert_eq!(
            parse_e164("GB", "020 7946 0018", F).unwrap(),
            "+442079460018"
        );
        assert_eq!(
            parse_e164("US", "(425) 555-0100", F).unwrap(),
            "+14255550100"
        );
        // An international number ignores the picker.
        assert_eq!(
            parse_e164("US", "+33 1 23 45 67 89", F).unwrap(),
            "+33123456789"
        );
        assert_eq!(
            parse_e164("", "01 23 45 67 89", F),
            Err(ApiError::invalid(F, Invalid::UnknownCountry))
        );
        for bad in ["12", "01 23 45 67 89 12 34 56", "01-abc"] {
            assert_eq!(
                parse_e164("FR", bad, F),
                Err(ApiError::invalid(F, Invalid::NationalPhoneFormat)),
                "{bad}"
            );
        }
        assert_eq!(
            parse_e164("FR", " ", F),
            Err(ApiError::invalid(F, Invalid::Required))
        );
    }

    #[test]
    fn only_https_addresses_with_a_real_host_are_websites() {
        let w = Field::SupportWebsite;
        for good in [
            "https://contoso.example",
            "https://support.contoso.example/fr/aide?x=1#top",
            "https://contoso.example:8443/",
            "https://xn--bcher-kva.example/",
        ] {
            assert_eq!(parse_https_url(good, w).unwrap(), good, "{good}");
        }
        assert_eq!(
            parse_https_url("http://contoso.example", w),
            Err(ApiError::invalid(w, Invalid::HttpsRequired))
        );
        assert_eq!(
            parse_https_url("contoso.example", w),
            Err(ApiError::invalid(w, Invalid::HttpsRequired))
        );
        for bad in [
            "https://",
            "https://localhost",
            "https://contoso",
            "https://-contoso.example",
            "https://user:pw@contoso.example",
            "https://contoso.example:http",
            "https://cont oso.example",
            "ftp://contoso.example",
            "https://contoso.123",
        ] {
            assert_eq!(
                parse_https_url(bad, w),
                Err(ApiError::invalid(w, Invalid::UrlFormat)),
                "{bad}"
            );
        }
    }

    fn contoso() -> SupportDetailsForm {
        SupportDetailsForm {
            email: "Support@Contoso.example".into(),
            phone_country: "fr".into(),
            phone: "01 23 45 67 89".into(),
            website: "https://contoso.example/support".into(),
            hours_en: "Mon–Fri, 9:00–18:00 CET".into(),
            hours_fr: "Du lundi au vendredi, 9 h – 18 h".into(),
        }
    }

    #[test]
    fn support_details_are_normalised_and_a_free_mail_address_only_warns() {
        let saved = contoso().parse().unwrap();
        assert_eq!(saved.email, "support@contoso.example");
        assert_eq!(saved.phone, "+33123456789");
        assert_eq!(saved.phone_country, "FR");
        assert!(contoso().warnings().is_empty());
        let mut free = contoso();
        free.email = "contoso.support@gmail.com".into();
        assert!(free.parse().is_ok());
        assert_eq!(
            free.warnings(),
            vec![ApiError::invalid(
                Field::SupportEmail,
                Invalid::FreeMailProvider {
                    domain: "gmail.com".into()
                }
            )]
        );
        let empty = SupportDetailsForm::default();
        let fields: Vec<_> = empty
            .problems()
            .iter()
            .filter_map(ApiError::field)
            .collect();
        assert_eq!(
            fields,
            vec![
                Field::SupportEmail,
                Field::SupportPhone,
                Field::SupportWebsite,
                Field::SupportHoursEn,
                Field::SupportHoursFr
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn no_validator_panics_on_any_input(
            country in ".{0,4}", number in ".{0,40}", url in ".{0,80}", duns in ".{0,20}"
        ) {
            let _ = parse_e164(&country, &number, F);
            let _ = parse_https_url(&url, Field::SupportWebsite);
            let _ = crate::legal::Duns::parse(&duns);
            let form = SupportDetailsForm { email: number.clone(), phone_country: country, phone: number, website: url, hours_en: duns.clone(), hours_fr: duns };
            let _ = form.check();
            let _ = form.warnings();
        }
    }
}
