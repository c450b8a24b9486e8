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

/// Whether `domain` is `onmicrosoft.com` or one of its subdomains: the default domain of a
/// directory tenant (`contoso.onmicrosoft.com`), which receives no mail anyone reads.
/// Case-insensitive, with or without the trailing dot of a fully qualified name, and after
/// folding the look-alikes a keyboard or a copy from a web page can produce: full-width forms
/// (`ｏｎｍｉｃｒｏｓｏｆｔ．ｃｏｍ`, U+FF01..U+FF5E) and the ideographic and half-width full
/// stops (U+3002, U+FF61) that browsers read as dots in host names.
pub fn is_onmicrosoft(domain: &str) -> bool {
    let folded: String = domain
        .trim()
        .chars()
        .map(|c| match c {
            '\u{3002}' | '\u{FF61}' => '.',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect::<String>()
        .to_lowercase();
    let folded = folded.strip_suffix('.').unwrap_or(&folded);
    folded == "onmicrosoft.com" || folded.ends_with(".onmicrosoft.com")
}

/// A second address for notifications, outside the company's directory: a well-formed
/// address, not at `onmicrosoft.com` (see [`is_onmicrosoft`]), not at a free-mail provider.
/// The onmicrosoft rule is checked on the domain as typed, before the syntax, so that a
/// look-alike form is named for what it is rather than as a malformed address.
pub fn parse_alternate_email(input: &str) -> Result<EmailAddress, ApiError> {
    let field = Field::AlternateEmail;
    if let Some((_, domain)) = input.trim().rsplit_once(['@', '\u{FF20}']) {
        if is_onmicrosoft(domain) {
            return Err(ApiError::invalid(field, Invalid::OnMicrosoftDomain));
        }
    }
    let email = EmailAddress::parse(input, field)?;
    let domain = email.as_str().rsplit('@').next().unwrap_or_default();
    if is_free_mail_domain(domain) {
        return Err(ApiError::invalid(
            field,
            Invalid::FreeMailProvider {
                domain: domain.to_owned(),
            },
        ));
    }
    Ok(email)
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
    fn onmicrosoft_and_its_subdomains_are_recognised_in_any_case_and_form() {
        for domain in [
            "onmicrosoft.com",
            "contoso.onmicrosoft.com",
            "Contoso.OnMicrosoft.COM",
            "eu.contoso.onmicrosoft.com",
            "contoso.onmicrosoft.com.",
            " contoso.onmicrosoft.com ",
            "ｃｏｎｔｏｓｏ．ｏｎｍｉｃｒｏｓｏｆｔ．ｃｏｍ",
            "contoso。onmicrosoft。com",
            "contoso｡onmicrosoft｡com",
            "contoso.ＯＮＭＩＣＲＯＳＯＦＴ.com",
        ] {
            assert!(is_onmicrosoft(domain), "{domain}");
        }
    }

    #[test]
    fn look_alikes_that_are_not_onmicrosoft_are_not() {
        for domain in [
            "notonmicrosoft.com",
            "onmicrosoft.com.evil.example",
            "onmicrosoft.co",
            "microsoft.com",
            "contoso-onmicrosoft.com",
            "onmicrosoft.com..",
            "",
            ".",
        ] {
            assert!(!is_onmicrosoft(domain), "{domain}");
        }
    }

    #[test]
    fn an_alternate_email_is_outside_onmicrosoft_and_free_mail() {
        let ok = parse_alternate_email(" Ops@Contoso.Example ").unwrap();
        assert_eq!(ok.as_str(), "ops@contoso.example");
        let field = Field::AlternateEmail;
        for onmicrosoft in [
            "admin@contoso.onmicrosoft.com",
            "Admin@Contoso.OnMicrosoft.com",
            "admin@contoso.onmicrosoft.com.",
            "admin@ｃｏｎｔｏｓｏ．ｏｎｍｉｃｒｏｓｏｆｔ．ｃｏｍ",
            "admin＠contoso。onmicrosoft。com",
        ] {
            assert_eq!(
                parse_alternate_email(onmicrosoft),
                Err(ApiError::invalid(field, Invalid::OnMicrosoftDomain)),
                "{onmicrosoft}"
            );
        }
        assert_eq!(
            parse_alternate_email("ops@Gmail.com"),
            Err(ApiError::invalid(
                field,
                Invalid::FreeMailProvider {
                    domain: "gmail.com".into()
                }
            ))
        );
        assert!(parse_alternate_email("ops@notonmicrosoft.com").is_ok());
        assert!(parse_alternate_email("ops@onmicrosoft.com.evil.example").is_ok());
        for bad in ["", "ops", "ops@contoso"] {
            assert!(
                matches!(
                    parse_alternate_email(bad),
                    Err(ApiError::Validation {
                        field: Field::AlternateEmail,
                        ..
                    })
                ),
                "{bad}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn no_email_validator_panics_on_any_input(a in "\\PC{0,80}", b in ".{0,40}") {
            let _ = is_onmicrosoft(&a);
            let _ = parse_alternate_email(&a);
            let _ = parse_alternate_email(&format!("{b}@{a}"));
            let _ = WorkEmail::parse(&b);
        }
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
