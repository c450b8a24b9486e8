//! Files a company uploads (tax exemption certificates, documents for verification): one set of
//! rules for all of them. A file's type is read from its first bytes (its "magic number"), never
//! from its name or the type the browser claims; its size is capped by the use it is for; it is
//! stored under a safe name ending with its real type's extension; and it travels as base64
//! inside a JSON body.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Field, Invalid};

/// The file types an upload may be.
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

    fn of_extension(ext: &str) -> Option<FileKind> {
        match ext.to_ascii_lowercase().as_str() {
            "pdf" => Some(FileKind::Pdf),
            "png" => Some(FileKind::Png),
            "jpg" | "jpeg" => Some(FileKind::Jpeg),
            _ => None,
        }
    }
}

/// What a file input offers to choose (the server still reads the content).
pub const ACCEPT: &str = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg";

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

/// The rules of one kind of upload: the form field its refusals are shown beside, its largest
/// size, and the name a file gets when its own is unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRule {
    pub field: Field,
    pub max_bytes: u64,
    pub fallback_name: &'static str,
}

/// An uploaded file once checked: its real type, its safe name and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    pub kind: FileKind,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl FileRule {
    /// The longest base64 text a file of at most `max_bytes` is written as.
    pub const fn longest_base64(&self) -> usize {
        (self.max_bytes as usize).div_ceil(3) * 4
    }

    /// The largest request body an upload of this kind needs: the file in base64 (4
    /// characters per 3 bytes) and 64 KB for the JSON around it.
    pub const fn body_limit(&self) -> usize {
        self.longest_base64() + 64 * 1024
    }

    /// The refusal of a file over the limit, beside the field.
    pub fn too_large(&self) -> ApiError {
        ApiError::invalid(
            self.field,
            Invalid::FileTooLarge {
                max_bytes: self.max_bytes,
            },
        )
    }

    /// Checks a file's size before reading it (what a browser's `File` tells).
    pub fn check_size(&self, size: u64) -> Result<(), ApiError> {
        if size > self.max_bytes {
            Err(self.too_large())
        } else {
            Ok(())
        }
    }

    /// Checks a file's content: not empty, at most `max_bytes`, and a PDF, PNG or JPEG by its
    /// content.
    pub fn check(&self, bytes: &[u8]) -> Result<FileKind, ApiError> {
        if bytes.is_empty() {
            return Err(ApiError::invalid(self.field, Invalid::Required));
        }
        self.check_size(bytes.len() as u64)?;
        sniff(bytes).ok_or(ApiError::invalid(self.field, Invalid::FileType))
    }

    /// An upload as sent (`name` as the browser gave it, content in base64): a text longer
    /// than the largest file can be is refused before decoding, text that is not base64 is
    /// malformed, then the content is checked and the name made safe.
    pub fn accept(&self, name: &str, content_base64: &str) -> Result<CheckedFile, ApiError> {
        if content_base64.len() > self.longest_base64() {
            return Err(self.too_large());
        }
        let bytes = decode_base64(content_base64).ok_or(ApiError::Malformed)?;
        let kind = self.check(&bytes)?;
        Ok(CheckedFile {
            kind,
            file_name: self.safe_name(name, kind),
            bytes,
        })
    }

    /// A file name safe to store and offer back for download: the last path segment, without
    /// control characters, quotes or `<>`, at most 90 characters before the extension, ending
    /// with the extension of the file's real type (`fallback_name` when nothing is left).
    pub fn safe_name(&self, name: &str, kind: FileKind) -> String {
        let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
        let cleaned: String = base
            .chars()
            .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '*' | '?' | '|'))
            .collect();
        let cleaned = cleaned.trim().trim_matches('.');
        let stem = match cleaned.rsplit_once('.') {
            Some((stem, ext)) if FileKind::of_extension(ext) == Some(kind) => stem,
            _ => cleaned,
        };
        let stem: String = stem.chars().take(90).collect();
        let stem = if stem.trim().is_empty() {
            self.fallback_name
        } else {
            stem.trim()
        };
        format!("{stem}.{}", kind.extension())
    }
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
    const TINY_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n";
    const TINY_PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52,
    ];

    const RULE: FileRule = FileRule {
        field: Field::CertificateFile,
        max_bytes: 1000,
        fallback_name: "file",
    };

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
    fn a_file_must_be_non_empty_within_its_rules_limit_and_of_an_accepted_type() {
        let field_error = |bytes: &[u8]| match RULE.check(bytes) {
            Err(ApiError::Validation {
                field: Field::CertificateFile,
                reason,
            }) => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(field_error(b""), Invalid::Required);
        assert_eq!(field_error(b"just text named .pdf"), Invalid::FileType);
        let mut largest = TINY_PDF.to_vec();
        largest.resize(1000, b' ');
        assert_eq!(RULE.check(&largest), Ok(FileKind::Pdf));
        largest.push(b' ');
        assert_eq!(
            field_error(&largest),
            Invalid::FileTooLarge { max_bytes: 1000 }
        );
        assert_eq!(RULE.check_size(1000), Ok(()));
        assert_eq!(RULE.check_size(1001), Err(RULE.too_large()));
    }

    #[test]
    fn an_upload_too_long_to_be_a_file_is_refused_before_it_is_decoded() {
        // Not even base64, but too long: the size is what is said.
        let long = "%".repeat(RULE.longest_base64() + 1);
        assert_eq!(RULE.accept("a.pdf", &long), Err(RULE.too_large()));
        assert_eq!(RULE.accept("a.pdf", "%%%%"), Err(ApiError::Malformed));
        let accepted = RULE
            .accept("C:\\scans\\a.PDF", &encode_base64(TINY_PDF))
            .unwrap();
        assert_eq!(accepted.kind, FileKind::Pdf);
        assert_eq!(accepted.file_name, "a.pdf");
        assert_eq!(accepted.bytes, TINY_PDF);
        assert_eq!(RULE.body_limit(), 1336 + 64 * 1024);
    }

    #[test]
    fn a_file_name_keeps_its_base_and_gets_the_extension_of_its_real_type() {
        let name = |n: &str, kind| RULE.safe_name(n, kind);
        assert_eq!(
            name("C:\\scans\\exemption 2026.PDF", FileKind::Pdf),
            "exemption 2026.pdf"
        );
        assert_eq!(name("../../etc/passwd", FileKind::Png), "passwd.png");
        assert_eq!(name("photo.jpeg", FileKind::Jpeg), "photo.jpg");
        assert_eq!(name("not-a-pdf.pdf", FileKind::Png), "not-a-pdf.pdf.png");
        assert_eq!(name("\"<>", FileKind::Pdf), "file.pdf");
        assert_eq!(name("", FileKind::Jpeg), "file.jpg");
        assert_eq!(name(&"a".repeat(300), FileKind::Pdf).len(), 90 + 4);
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
        fn base64_round_trips_and_no_file_check_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64), text in ".{0,40}") {
            proptest::prop_assert_eq!(decode_base64(&encode_base64(&bytes)), Some(bytes.clone()));
            let _ = decode_base64(&text);
            let _ = RULE.check(&bytes);
            let _ = RULE.accept(&text, &text);
            let _ = sniff(&bytes);
            let _ = RULE.safe_name(&text, FileKind::Pdf);
        }
    }
}
