//! Tax exemption certificates: a PDF or image the company uploads, with the region that issued
//! it and its expiry date. Its file follows the rules of every upload (`crate::files`): type read
//! from its content, size capped at 5 MB.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Field, Invalid};
use crate::files::FileRule;

/// The largest certificate file accepted: 5 MB (5 × 1024 × 1024 bytes).
pub const MAX_CERTIFICATE_BYTES: u64 = 5 * 1024 * 1024;

/// The rules of a certificate's file (type by content, size, safe name: `crate::files`).
pub const CERTIFICATE_FILE: FileRule = FileRule {
    field: Field::CertificateFile,
    max_bytes: MAX_CERTIFICATE_BYTES,
    fallback_name: "certificate",
};

/// How many days before its expiry a certificate's reminder is sent.
pub const REMINDER_DAYS: i64 = 30;

/// A `YYYY-MM-DD` date that exists (no 31 April), as written by a date input.
pub fn parse_date(input: &str) -> Option<String> {
    let input = input.trim();
    let well_formed = input.len() == 10
        && input.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return None;
    }
    let unix = crate::dates::parse_date(input)?;
    // A day past the month's end rolls over into the next month: compare the round trip.
    (date_of(unix) == input).then(|| input.to_owned())
}

/// The UTC date of `unix` seconds, `YYYY-MM-DD`.
pub fn date_of(unix: i64) -> String {
    crate::dates::iso_utc(unix)[..10].to_owned()
}

/// `date` plus `days` (a valid `YYYY-MM-DD`), or `None` if `date` is not one.
pub fn add_days(date: &str, days: i64) -> Option<String> {
    parse_date(date)?;
    crate::dates::parse_date(date).map(|unix| date_of(unix + days * 86_400))
}

/// The details typed beside the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateForm {
    /// The state, province or country that issued the certificate.
    pub region: String,
    /// `YYYY-MM-DD`.
    pub expires_on: String,
}

/// Valid certificate details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCertificate {
    pub region: String,
    pub expires_on: String,
}

/// The longest issuing region accepted, in characters.
pub const REGION_MAX: usize = 100;

fn parse_region(input: &str) -> Result<String, ApiError> {
    let invalid = |reason| Err(ApiError::invalid(Field::CertificateRegion, reason));
    let region = input.trim();
    let len = region.chars().count();
    if len == 0 {
        return invalid(Invalid::Required);
    }
    if len < 2 {
        return invalid(Invalid::TooShort { min: 2 });
    }
    if len > REGION_MAX {
        return invalid(Invalid::TooLong {
            max: REGION_MAX as u32,
        });
    }
    if region
        .chars()
        .any(|c| c.is_control() || matches!(c, '<' | '>'))
    {
        return invalid(Invalid::ForbiddenCharacters);
    }
    Ok(region.to_owned())
}

fn parse_expiry(input: &str, today: &str) -> Result<String, ApiError> {
    let invalid = |reason| Err(ApiError::invalid(Field::CertificateExpiry, reason));
    if input.trim().is_empty() {
        return invalid(Invalid::Required);
    }
    match parse_date(input) {
        None => invalid(Invalid::DateFormat),
        Some(date) if date.as_str() <= today => invalid(Invalid::DateNotInFuture),
        Some(date) => Ok(date),
    }
}

impl CertificateForm {
    /// Checks the details on `today` (`YYYY-MM-DD`, UTC): the expiry date must be after it.
    pub fn parse(&self, today: &str) -> Result<ValidCertificate, ApiError> {
        Ok(ValidCertificate {
            region: parse_region(&self.region)?,
            expires_on: parse_expiry(&self.expires_on, today)?,
        })
    }

    pub fn problems(&self, today: &str) -> Vec<ApiError> {
        [
            parse_region(&self.region).err(),
            parse_expiry(&self.expires_on, today).err(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// Where a certificate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateStatus {
    /// Uploaded, waiting for a platform reviewer.
    Submitted,
    /// A platform reviewer accepted it.
    Accepted,
    /// Its expiry date has passed (whether it was accepted or not).
    Expired,
}

impl CertificateStatus {
    /// The status on `today` of a certificate expiring on `expires_on` (both `YYYY-MM-DD`):
    /// a certificate is valid through its expiry date and expired the day after.
    pub fn on(accepted: bool, expires_on: &str, today: &str) -> Self {
        if expires_on < today {
            CertificateStatus::Expired
        } else if accepted {
            CertificateStatus::Accepted
        } else {
            CertificateStatus::Submitted
        }
    }
}

/// A certificate as the page lists it (the file itself is fetched on demand).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub region: String,
    pub expires_on: String,
    pub status: CertificateStatus,
    pub submitted_at: i64,
    pub submitted_by: String,
    pub accepted_at: Option<i64>,
    pub accepted_by: Option<String>,
}

/// An upload: the details and the file's content in base64 (standard alphabet, padded), as a
/// JSON body carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateUpload {
    pub details: CertificateForm,
    pub file_name: String,
    pub content_base64: String,
}

/// A company with certificates, as the reviewers' list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateForReview {
    pub account_id: i64,
    pub legal_name: String,
    pub partner_id: String,
    pub certificate: Certificate,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::FileKind;

    #[test]
    fn a_certificate_file_is_at_most_five_megabytes() {
        let mut largest = b"%PDF-1.4\n".to_vec();
        largest.resize(MAX_CERTIFICATE_BYTES as usize, b' ');
        assert_eq!(CERTIFICATE_FILE.check(&largest), Ok(FileKind::Pdf));
        largest.push(b' ');
        assert_eq!(
            CERTIFICATE_FILE.check(&largest),
            Err(ApiError::invalid(
                Field::CertificateFile,
                Invalid::FileTooLarge {
                    max_bytes: 5_242_880
                }
            ))
        );
        assert_eq!(
            CERTIFICATE_FILE.safe_name("", FileKind::Pdf),
            "certificate.pdf"
        );
    }
    #[test]
    fn dates_are_real_days_written_yyyy_mm_dd() {
        assert_eq!(parse_date("2028-02-29").as_deref(), Some("2028-02-29"));
        assert_eq!(parse_date(" 2026-12-31 ").as_deref(), Some("2026-12-31"));
        for bad in [
            "2027-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-1-5",
            "26-01-05",
            "05/01/2026",
            "2026-01-05T00:00",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(add_days("2026-12-15", 30).as_deref(), Some("2027-01-14"));
        assert_eq!(add_days("2028-02-28", 1).as_deref(), Some("2028-02-29"));
        assert_eq!(add_days("nonsense", 1), None);
    }

    #[test]
    fn details_need_a_region_and_an_expiry_after_today() {
        let today = "2026-11-26";
        let ok = CertificateForm {
            region: " Texas ".into(),
            expires_on: "2026-11-27".into(),
        };
        assert_eq!(
            ok.parse(today),
            Ok(ValidCertificate {
                region: "Texas".into(),
                expires_on: "2026-11-27".into()
            })
        );
        let bad = |region: &str, expires_on: &str| {
            CertificateForm {
                region: region.into(),
                expires_on: expires_on.into(),
            }
            .problems(today)
        };
        assert_eq!(
            bad("", ""),
            vec![
                ApiError::invalid(Field::CertificateRegion, Invalid::Required),
                ApiError::invalid(Field::CertificateExpiry, Invalid::Required)
            ]
        );
        assert_eq!(
            bad("T", "2026-02-30"),
            vec![
                ApiError::invalid(Field::CertificateRegion, Invalid::TooShort { min: 2 }),
                ApiError::invalid(Field::CertificateExpiry, Invalid::DateFormat)
            ]
        );
        assert_eq!(
            bad("<b>Texas</b>", today),
            vec![
                ApiError::invalid(Field::CertificateRegion, Invalid::ForbiddenCharacters),
                ApiError::invalid(Field::CertificateExpiry, Invalid::DateNotInFuture)
            ]
        );
        assert_eq!(
            bad(&"x".repeat(101), "2030-01-01"),
            vec![ApiError::invalid(
                Field::CertificateRegion,
                Invalid::TooLong { max: 100 }
            )]
        );
    }

    #[test]
    fn a_certificate_is_valid_through_its_expiry_date() {
        use CertificateStatus::*;
        assert_eq!(
            CertificateStatus::on(false, "2026-11-26", "2026-11-26"),
            Submitted
        );
        assert_eq!(
            CertificateStatus::on(true, "2026-11-26", "2026-11-26"),
            Accepted
        );
        assert_eq!(
            CertificateStatus::on(true, "2026-11-25", "2026-11-26"),
            Expired
        );
        assert_eq!(
            CertificateStatus::on(false, "2025-12-31", "2026-01-01"),
            Expired
        );
    }

    proptest::proptest! {
        #[test]
        fn no_certificate_check_panics(text in ".{0,40}") {
            let _ = parse_date(&text);
            let _ = CertificateForm { region: text.clone(), expires_on: text.clone() }.problems("2026-01-01");
        }
    }
}
