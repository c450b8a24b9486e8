//! The account's identifiers: assigned by the platform, never changed, shown to be copied.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Field, Invalid};

/// One company location's identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationIdentifier {
    pub location_id: String,
    pub name: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub is_legal: bool,
}

/// Everything the Identifiers page lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifiers {
    /// The account's global partner ID, assigned at sign-up.
    pub partner_id: String,
    pub locations: Vec<LocationIdentifier>,
    /// Issued by enrolment in the commercial marketplace program; `None` until then.
    pub publisher_id: Option<String>,
    /// Issued by enrolment in the Windows and games program (a GUID); `None` until then.
    pub windows_publisher_id: Option<String>,
}

/// The Windows publisher ID as app packages write it: `CN=` and the GUID in capitals.
pub fn windows_publisher_name(guid: &str) -> String {
    format!("CN={}", guid.trim().to_ascii_uppercase())
}

/// Whether `id` has the form of a partner or location ID: 7 digits, not starting with 0.
pub fn is_partner_id(id: &str) -> bool {
    id.len() == 7 && id.bytes().all(|b| b.is_ascii_digit()) && !id.starts_with('0')
}

/// A global partner ID as typed to name another account (account merge): trimmed, seven digits.
/// Whether an account has it is for the server to say.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartnerId(String);

impl PartnerId {
    pub fn parse(input: &str) -> Result<PartnerId, ApiError> {
        let id = input.trim();
        if id.is_empty() {
            return Err(ApiError::invalid(Field::PartnerId, Invalid::Required));
        }
        if !is_partner_id(id) {
            return Err(ApiError::invalid(
                Field::PartnerId,
                Invalid::PartnerIdFormat,
            ));
        }
        Ok(PartnerId(id.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_formats() {
        assert!(is_partner_id("4871203"));
        for bad in ["0871203", "487120", "48712034", "48712a3", ""] {
            assert!(!is_partner_id(bad), "{bad}");
        }
        assert_eq!(
            windows_publisher_name(" 3f2504e0-4f89-11d3-9a0c-0305e82c3301 "),
            "CN=3F2504E0-4F89-11D3-9A0C-0305E82C3301"
        );
    }

    #[test]
    fn a_typed_partner_id_is_trimmed_and_must_be_seven_digits() {
        assert_eq!(PartnerId::parse(" 4871203 ").unwrap().as_str(), "4871203");
        assert_eq!(
            PartnerId::parse("  "),
            Err(ApiError::invalid(Field::PartnerId, Invalid::Required))
        );
        for bad in ["0871203", "487 1203", "PLATFORM", "48712034"] {
            assert_eq!(
                PartnerId::parse(bad),
                Err(ApiError::invalid(
                    Field::PartnerId,
                    Invalid::PartnerIdFormat
                )),
                "{bad}"
            );
        }
    }
}
