//! The company's primary contact (whom the platform contacts about the partnership) and primary
//! legal contact (who manages legal information and status).

use serde::{Deserialize, Serialize};

use crate::calling_codes_data::CALLING_CODES;
use crate::email::EmailAddress;
use crate::error::{ApiError, Field, Invalid};
use crate::locale::Locale;
use crate::names::PersonName;

/// One contact as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
    /// International form, e.g. `+33 1 23 45 67 89`.
    pub phone: String,
    /// `en` or `fr`: the language the platform writes to them in.
    pub language: String,
}

/// Both contacts, saved together as one versioned record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactsForm {
    pub primary: Contact,
    pub legal: Contact,
}

/// The saved contacts with their version and last change.
pub type Contacts = crate::model::Versioned<ContactsForm>;

/// Which contact a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Primary,
    Legal,
}

impl Which {
    pub(crate) fn fields(self) -> [Field; 4] {
        match self {
            Which::Primary => [
                Field::PrimaryName,
                Field::PrimaryEmail,
                Field::PrimaryPhone,
                Field::PrimaryLanguage,
            ],
            Which::Legal => [
                Field::LegalName,
                Field::LegalEmail,
                Field::LegalPhone,
                Field::LegalLanguage,
            ],
        }
    }
}

/// A phone number in international form: `+`, then 8 to 15 digits (spaces, dots, dashes and
/// brackets allowed between them, dropped when stored).
pub fn parse_phone(input: &str, field: Field) -> Result<String, ApiError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(ApiError::invalid(field, Invalid::Required));
    }
    let Some(rest) = input.strip_prefix('+') else {
        return Err(ApiError::invalid(field, Invalid::PhoneFormat));
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'))
    {
        return Err(ApiError::invalid(field, Invalid::PhoneFormat));
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
        return Err(ApiError::invalid(field, Invalid::PhoneFormat));
    }
    Ok(format!("+{digits}"))
}

/// A stored number (`+33123456789`) as people write it: the calling code, then the national
/// number in groups (`+33 1 23 45 67 89`, `+1 425 555 0100`, `+44 20 7946 0018`). Anything
/// that is not a stored number comes back as it is, so a form never loses what was typed.
pub fn grouped_phone(stored: &str) -> String {
    let Some(digits) = stored.strip_prefix('+') else {
        return stored.to_owned();
    };
    if digits.starts_with('0') || !digits.chars().all(|c| c.is_ascii_digit()) {
        return stored.to_owned();
    }
    // Calling codes are prefix-free (E.164): at most one of 1, 2 or 3 digits is one.
    let Some(code_len) = (1..=3).find(|&n| {
        digits.len() > n
            && digits[..n]
                .parse::<u16>()
                .is_ok_and(|code| CALLING_CODES.iter().any(|(_, c)| *c == code))
    }) else {
        return stored.to_owned();
    };
    let (code, national) = digits.split_at(code_len);
    let sizes: &[usize] = match (code, national.len()) {
        // France: a digit, then pairs.
        ("33", 9) => &[1, 2, 2, 2, 2],
        // North America: area code, exchange, line.
        ("1", 10) => &[3, 3, 4],
        // United Kingdom: London and other two-digit area codes, else four-digit ones.
        ("44", 10) if national.starts_with('2') => &[2, 4, 4],
        ("44", 10) => &[4, 6],
        _ => &[],
    };
    let elsewhere;
    let sizes = if sizes.is_empty() {
        // Elsewhere: threes, then one or two fours rather than a lone digit or pair at the end.
        let n = national.len();
        let fours = if n <= 5 { 0 } else { [0, 1, 2][n % 3] };
        let threes = if n <= 5 { 0 } else { (n - 4 * fours) / 3 };
        elsewhere = [vec![3; threes], vec![4; fours]].concat();
        &elsewhere[..]
    } else {
        sizes
    };
    let mut groups = vec![format!("+{code}")];
    let mut rest = national;
    for &size in sizes {
        let (head, tail) = rest.split_at(size.min(rest.len()));
        groups.push(head.to_owned());
        rest = tail;
    }
    if !rest.is_empty() {
        groups.push(rest.to_owned());
    }
    groups.join(" ")
}

impl Contact {
    /// Checks every field; returns the normalised contact or every problem.
    pub fn check(&self, which: Which) -> Result<Contact, Vec<ApiError>> {
        let [name_f, email_f, phone_f, language_f] = which.fields();
        let name = PersonName::parse(&self.name).map_err(|e| e.for_field(name_f));
        let email = EmailAddress::parse(&self.email, email_f);
        let phone = parse_phone(&self.phone, phone_f);
        let language = Locale::from_tag(&self.language)
            .filter(|_| !self.language.trim().is_empty())
            .ok_or(ApiError::invalid(language_f, Invalid::UnknownChoice));
        match (name, email, phone, language) {
            (Ok(name), Ok(email), Ok(phone), Ok(language)) => Ok(Contact {
                name: name.as_str().to_owned(),
                email: email.as_str().to_owned(),
                phone,
                language: language.tag().to_owned(),
            }),
            (name, email, phone, language) => {
                Err([name.err(), email.err(), phone.err(), language.err()]
                    .into_iter()
                    .flatten()
                    .collect())
            }
        }
    }
}

impl ContactsForm {
    /// The normalised contacts, or the first problem.
    pub fn parse(&self) -> Result<ContactsForm, ApiError> {
        let first = |e: Vec<ApiError>| e.into_iter().next().unwrap_or(ApiError::Malformed);
        Ok(ContactsForm {
            primary: self.primary.check(Which::Primary).map_err(first)?,
            legal: self.legal.check(Which::Legal).map_err(first)?,
        })
    }

    pub fn problems(&self) -> Vec<ApiError> {
        [
            self.primary.check(Which::Primary).err(),
            self.legal.check(Which::Legal).err(),
        ]
        .into_iter()
        .flatten()
        .flatten()
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada() -> Contact {
        Contact {
            name: "Ada Lovelace".into(),
            email: "Ada@Contoso.example".into(),
            phone: "+33 1 23 45 67 89".into(),
            language: "fr".into(),
        }
    }

    #[test]
    fn stored_numbers_read_in_groups_and_parse_back_to_themselves() {
        for (stored, shown) in [
            ("+33123456789", "+33 1 23 45 67 89"),
            ("+14255550100", "+1 425 555 0100"),
            ("+442079460018", "+44 20 7946 0018"),
            ("+447911123456", "+44 7911 123456"),
            ("+4930123456", "+49 3012 3456"),
            ("+37322123456", "+373 2212 3456"),
        ] {
            assert_eq!(grouped_phone(stored), shown);
            assert_eq!(parse_phone(shown, Field::PrimaryPhone).unwrap(), stored);
        }
        for kept in ["", "01 23 45 67 89", "+33 1 23", "+", "+0123"] {
            assert_eq!(grouped_phone(kept), kept);
        }
    }

    #[test]
    fn contacts_are_normalised() {
        let form = ContactsForm {
            primary: ada(),
            legal: ada(),
        }
        .parse()
        .unwrap();
        assert_eq!(form.primary.email, "ada@contoso.example");
        assert_eq!(form.primary.phone, "+33123456789");
    }

    #[test]
    fn phones_must_be_international() {
        assert_eq!(
            parse_phone("01 23 45 67 89", Field::PrimaryPhone),
            Err(ApiError::invalid(Field::PrimaryPhone, Invalid::PhoneFormat))
        );
        assert_eq!(
            parse_phone("+1 (555) 010-9999", Field::PrimaryPhone),
            Ok("+15550109999".into())
        );
        assert!(parse_phone("+12", Field::PrimaryPhone).is_err());
        assert!(parse_phone("+33 abc", Field::PrimaryPhone).is_err());
    }

    #[test]
    fn every_problem_lands_on_its_own_contacts_field() {
        let form = ContactsForm {
            primary: Contact::default(),
            legal: ada(),
        };
        let fields: Vec<_> = form.problems().iter().filter_map(ApiError::field).collect();
        assert_eq!(
            fields,
            [
                Field::PrimaryName,
                Field::PrimaryEmail,
                Field::PrimaryPhone,
                Field::PrimaryLanguage
            ]
        );
    }
}
