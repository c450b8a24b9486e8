//! Tax exemption certificates: a PDF or image the company uploads, with the region that issued
//! it and its expiry date. The file's type is read from its first bytes (its "magic number"),
//! never from its name or the type the browser claims, and its size is capped.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Field, Invalid};

/// The largest certificate file accepted: 5 MB (5 × 1024 × 1024 bytes).
pub const MAX_CERTIFICATE_BYTES: u64 = 5 * 1024 * 1024;

/// How many days before its expiry a certificate's reminder is sent.
pub const REMINDER_DAYS: i64 = 30;

/// The file types a certificate may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
        }
    }
}

/// The type of a file from its first bytes: `%PDF-` for PDF, the 8-byte PNG signature, and
/// `FF D8 FF` (start of image, then a marker) for JPEG. Anything else is `None`.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    if bytes.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if bytes.starts_with(PNG) {
        Some(FileKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else {
        None
    }
}

/// Checks an uploaded certificate's content: not empty, at most [`MAX_CERTIFICATE_BYTES`],
/// and a PDF, PNG or JPEG by its content.
pub fn check_file(bytes: &[u8]) -> Result<FileKind, ApiError> {
    let invalid = |reason| Err(ApiError::invalid(Field::CertificateFile, reason));
    if bytes.is_empty() {
        return invalid(Invalid::Required);
    }
    if bytes.len() as u64 > MAX_CERTIFICATE_BYTES {
        return invalid(too_large());
    }
    match sniff(bytes) {
        Some(kind) => Ok(kind),
        None => invalid(Invalid::FileType),
    }
}

/// The refusal of a file over the limit.
pub fn too_large() -> Invalid {
    Invalid::FileTooLarge {
        max_bytes: MAX_CERTIFICATE_BYTES,
    }
}

/// A file name safe to store and offer back for download: the last path segment, without
/// control characters, quotes or `<>`, at most 100 characters, ending with the extension of
/// the file's real type.
pub fn safe_file_name(name: &str, kind: FileKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '*' | '?' | '|'))
        .collect();
    let cleaned = cleaned.trim().trim_matches('.');
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if kind_of_extension(ext) == Some(kind) => stem,
        _ => cleaned,
    };
    let stem: String = stem.chars().take(90).collect();
    let stem = if stem.trim().is_empty() {
        "certificate"
    } else {
        stem.trim()
    };
    format!("{stem}.{}", kind.extension())
}

fn kind_of_extension(ext: &str) -> Option<FileKind> {
    match ext.to_ascii_lowercase().as_str() {
        "pdf" => Some(FileKind::Pdf),
        "png" => Some(FileKind::Png),
        "jpg" | "jpeg" => Some(FileKind::Jpeg),
        _ => None,
    }
}

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
    let unix = crate::audit::parse_date(input)?;
    // A day past the month's end rolls over into the next month: compare the round trip.
    (date_of(unix) == input).then(|| input.to_owned())
}

/// The UTC date of `unix` seconds, `YYYY-MM-DD`.
pub fn date_of(unix: i64) -> String {
    crate::audit::iso_utc(unix)[..10].to_owned()
}

/// `date` plus `days` (a valid `YYYY-MM-DD`), or `None` if `date` is not one.
pub fn add_days(date: &str, days: i64) -> Option<String> {
    parse_date(date)?;
    crate::audit::parse_date(date).map(|unix| date_of(unix + days * 86_400))
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

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648 §4).
pub fn encode_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Reads standard padded base64 strictly (no whitespace, padding only at the end); `None` when
/// the text is not that.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let value = |c: u8| ALPHABET.iter().position(|&a| a == c).map(|p| p as u32);
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let chunks = bytes.len() / 4;
    for (index, chunk) in bytes.chunks(4).enumerate() {
        let padding = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if padding > 2 || (padding > 0 && index + 1 != chunks) {
            return None;
        }
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = if i >= 4 - padding { 0 } else { value(c)? };
            n = (n << 6) | v;
        }
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - padding]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest well-formed PDF and PNG files (a blank page, a 1×1 pixel).
    pub const TINY_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n";
    const TINY_PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52,
    ];

    #[test]
    fn a_file_type_is_read_from_its_content_not_its_name() {
        assert_eq!(sniff(TINY_PDF), Some(FileKind::Pdf));
        assert_eq!(sniff(TINY_PNG), Some(FileKind::Png));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(FileKind::Jpeg)
        );
        for other in [
            &b"hello, I am certainly a PDF"[..],
            b"%PDF",
            b"GIF89a",
            b"PK\x03\x04",
            b"<html><script>",
            &[0x89, b'P', b'N', b'G'],
            &[0xFF, 0xD8],
            b"",
        ] {
            assert_eq!(sniff(other), None, "{other:?}");
        }
    }

    #[test]
    fn a_file_must_be_non_empty_at_most_five_megabytes_and_of_an_accepted_type() {
        let field_error = |bytes: &[u8]| match check_file(bytes) {
            Err(ApiError::Validation {
                field: Field::CertificateFile,
                reason,
            }) => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(field_error(b""), Invalid::Required);
        assert_eq!(field_error(b"just text named .pdf"), Invalid::FileType);
        let mut largest = TINY_PDF.to_vec();
        largest.resize(MAX_CERTIFICATE_BYTES as usize, b' ');
        assert_eq!(check_file(&largest), Ok(FileKind::Pdf));
        largest.push(b' ');
        assert_eq!(
            field_error(&largest),
            Invalid::FileTooLarge {
                max_bytes: 5_242_880
            }
        );
    }

    #[test]
    fn a_file_name_keeps_its_base_and_gets_the_extension_of_its_real_type() {
        assert_eq!(
            safe_file_name("C:\\scans\\exemption 2026.PDF", FileKind::Pdf),
            "exemption 2026.pdf"
        );
        assert_eq!(
            safe_file_name("../../etc/passwd", FileKind::Png),
            "passwd.png"
        );
        assert_eq!(safe_file_name("photo.jpeg", FileKind::Jpeg), "photo.jpg");
        assert_eq!(
            safe_file_name("not-a-pdf.pdf", FileKind::Png),
            "not-a-pdf.pdf.png"
        );
        assert_eq!(safe_file_name("\"<>", FileKind::Pdf), "certificate.pdf");
        assert_eq!(safe_file_name("", FileKind::Jpeg), "certificate.jpg");
        assert_eq!(
            safe_file_name(&"a".repeat(300), FileKind::Pdf).len(),
            90 + 4
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

    #[test]
    fn base64_follows_rfc_4648_and_is_read_strictly() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(encode_base64(plain.as_bytes()), encoded);
            assert_eq!(decode_base64(encoded).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode_base64(&encode_base64(&all)).unwrap(), all);
        for bad in [
            "Zg=",
            "Zg==Zg==",
            "Z===",
            "Zm9v\n",
            "Zm9v YmFy",
            "Zm!v",
            "====",
        ] {
            assert_eq!(decode_base64(bad), None, "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn base64_round_trips_and_no_certificate_check_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64), text in ".{0,40}") {
            proptest::prop_assert_eq!(decode_base64(&encode_base64(&bytes)), Some(bytes.clone()));
            let _ = decode_base64(&text);
            let _ = check_file(&bytes);
            let _ = sniff(&bytes);
            let _ = safe_file_name(&text, FileKind::Pdf);
            let _ = parse_date(&text);
            let _ = CertificateForm { region: text.clone(), expires_on: text.clone() }.problems("2026-01-01");
        }
    }
}
