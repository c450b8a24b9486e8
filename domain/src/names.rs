use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Field, Invalid};

/// Trims `input` and checks its length in characters and that it holds no control characters.
fn parse_text(input: &str, field: Field, min: usize, max: usize) -> Result<String, ApiError> {
    let text = input.trim();
    let invalid = |reason| ApiError::invalid(field, reason);
    let len = text.chars().count();
    if len == 0 {
        return Err(invalid(Invalid::Required));
    }
    if len < min {
        return Err(invalid(Invalid::TooShort { min: min as u32 }));
    }
    if len > max {
        return Err(invalid(Invalid::TooLong { max: max as u32 }));
    }
    if text
        .chars()
        .any(|c| c.is_control() || matches!(c, '<' | '>'))
    {
        return Err(invalid(Invalid::ForbiddenCharacters));
    }
    Ok(text.to_owned())
}

/// A person's display name as they write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: usize = 100;

    pub fn parse(input: &str) -> Result<PersonName, ApiError> {
        parse_text(input, Field::Name, 1, Self::MAX).map(PersonName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A company's legal name, as registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyName(String);

impl CompanyName {
    pub const MIN: usize = 2;
    pub const MAX: usize = 200;

    pub fn parse(input: &str) -> Result<CompanyName, ApiError> {
        parse_text(input, Field::CompanyName, Self::MIN, Self::MAX).map(CompanyName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_keep_their_accents() {
        assert_eq!(
            PersonName::parse("  Élodie Gaël ").unwrap().as_str(),
            "Élodie Gaël"
        );
        assert_eq!(
            CompanyName::parse("Contoso Ltd").unwrap().as_str(),
            "Contoso Ltd"
        );
    }

    #[test]
    fn empty_short_long_and_control_characters_are_refused() {
        let err = |r| ApiError::invalid(Field::CompanyName, r);
        assert_eq!(CompanyName::parse(" "), Err(err(Invalid::Required)));
        assert_eq!(
            CompanyName::parse("X"),
            Err(err(Invalid::TooShort { min: 2 }))
        );
        assert_eq!(
            CompanyName::parse(&"x".repeat(201)),
            Err(err(Invalid::TooLong { max: 200 }))
        );
        assert_eq!(
            PersonName::parse("Ada\u{0}"),
            Err(ApiError::invalid(Field::Name, Invalid::ForbiddenCharacters))
        );
        assert_eq!(
            PersonName::parse("<script>"),
            Err(ApiError::invalid(Field::Name, Invalid::ForbiddenCharacters))
        );
    }
}
