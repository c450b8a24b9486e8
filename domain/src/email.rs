use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Field, Invalid};

/// Free-mail providers whose addresses cannot open a partner account: the account is tied to the
/// company's own domain. The one place this list lives; sign-up, invitations and contact emails
/// all read it through [`WorkEmail::parse`].
pub const FREE_MAIL_DOMAINS: &[&str] = &[
    "aol.com",
    "free.fr",
    "gmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.fr",
    "gmx.net",
    "googlemail.com",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.fr",
    "icloud.com",
    "laposte.net",
    "live.com",
    "live.fr",
    "mac.com",
    "mail.com",
    "mail.ru",
    "me.com",
    "msn.com",
    "orange.fr",
    "outlook.com",
    "outlook.fr",
    "proton.me",
    "protonmail.com",
    "qq.com",
    "sfr.fr",
    "tutanota.com",
    "wanadoo.fr",
    "web.de",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.fr",
    "yandex.com",
    "yandex.ru",
    "ymail.com",
    "zoho.com",
];

const MAX_LEN: usize = 254;
const MAX_LOCAL_LEN: usize = 64;

/// An email address at a company's own domain, normalised to lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkEmail(String);

impl WorkEmail {
    pub fn parse(input: &str) -> Result<WorkEmail, ApiError> {
        let email = parse_email(input)?;
        let domain = email.rsplit('@').next().unwrap_or_default();
        if is_free_mail_domain(domain) {
            return Err(invalid(Invalid::FreeMailProvider {
                domain: domain.to_owned(),
            }));
        }
        Ok(WorkEmail(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit('@').next().unwrap_or_default()
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for WorkEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Any well-formed email address (contacts, notification addresses), normalised to lower case.
/// Unlike [`WorkEmail`], free-mail providers are allowed. `field` says which field it fills.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str, field: Field) -> Result<EmailAddress, ApiError> {
        parse_email(input).map(EmailAddress).map_err(|e| match e {
            ApiError::Validation { reason, .. } => ApiError::invalid(field, reason),
            other => other,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `domain` (or a parent domain of it) is a free-mail provider.
pub fn is_free_mail_domain(domain: &str) -> bool {
    let domain = domain.to_ascii_lowercase();
    FREE_MAIL_DOMAINS
        .iter()
        .any(|free| domain == *free || domain.ends_with(&format!(".{free}")))
}

fn invalid(reason: Invalid) -> ApiError {
    ApiError::invalid(Field::Email, reason)
}

/// Checks the syntax of an address (a practical subset of RFC 5321 that real mail servers
/// accept) and returns it trimmed and lower-cased.
fn parse_email(input: &str) -> Result<String, ApiError> {
    let email = input.trim().to_lowercase();
    if email.is_empty() {
        return Err(invalid(Invalid::Required));
    }
    if email.chars().count() > MAX_LEN {
        return Err(invalid(Invalid::TooLong {
            max: MAX_LEN as u32,
        }));
    }
    let (local, domain) = email
        .split_once('@')
        .ok_or_else(|| invalid(Invalid::EmailFormat))?;
    if !valid_local_part(local) || !valid_domain(domain) {
        return Err(invalid(Invalid::EmailFormat));
    }
    Ok(email)
}

fn valid_local_part(local: &str) -> bool {
    const SPECIALS: &str = ".!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local.len() <= MAX_LOCAL_LEN
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let tld = labels.last().copied().unwrap_or_default();
    labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(input: &str) -> Invalid {
        match WorkEmail::parse(input) {
            Err(ApiError::Validation {
                field: Field::Email,
                reason,
            }) => reason,
            other => panic!("expected an email validation error for {input:?}, got {other:?}"),
        }
    }

    #[test]
    fn a_company_address_is_accepted_trimmed_and_lower_cased() {
        let email = WorkEmail::parse("  Ada.Lovelace@Contoso.Example ").unwrap();
        assert_eq!(email.as_str(), "ada.lovelace@contoso.example");
        assert_eq!(email.domain(), "contoso.example");
    }

    #[test]
    fn free_mail_addresses_are_refused_with_their_domain() {
        for address in [
            "someone@gmail.com",
            "x@Outlook.com",
            "y@hotmail.com",
            "z@yahoo.com",
        ] {
            let domain = address.split('@').nth(1).unwrap().to_lowercase();
            assert_eq!(reason(address), Invalid::FreeMailProvider { domain });
        }
    }

    #[test]
    fn subdomains_of_free_mail_providers_are_refused_too() {
        assert!(is_free_mail_domain("eu.gmail.com"));
        assert!(!is_free_mail_domain("notgmail.com"));
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for input in [
            "plain",
            "@contoso.example",
            "a@",
            "a@contoso",
            "a..b@contoso.example",
            ".a@contoso.example",
            "a@-contoso.example",
            "a b@contoso.example",
            "a@contoso.c0m",
            "a@@contoso.example",
        ] {
            assert_eq!(reason(input), Invalid::EmailFormat, "{input}");
        }
    }

    #[test]
    fn empty_and_overlong_addresses_say_so() {
        assert_eq!(reason("   "), Invalid::Required);
        let long = format!("{}@contoso.example", "a".repeat(250));
        assert_eq!(reason(&long), Invalid::TooLong { max: 254 });
    }

    #[test]
    fn a_contact_address_may_be_free_mail_but_must_be_well_formed() {
        let ok = EmailAddress::parse(" Claims@Gmail.com", Field::ClaimsEmail).unwrap();
        assert_eq!(ok.as_str(), "claims@gmail.com");
        assert_eq!(
            EmailAddress::parse("nope", Field::ClaimsEmail),
            Err(ApiError::invalid(Field::ClaimsEmail, Invalid::EmailFormat))
        );
    }

    #[test]
    fn the_free_mail_list_is_sorted_lower_case_and_unique() {
        let mut sorted = FREE_MAIL_DOMAINS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, FREE_MAIL_DOMAINS);
        assert!(FREE_MAIL_DOMAINS.iter().all(|d| *d == d.to_lowercase()));
    }
}
