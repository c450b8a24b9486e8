//! A company's tax identity: its national tax ID and its EU VAT ID. Each country's format is
//! data (a table of small patterns with an example to show when input does not fit), and
//! where the number carries well-known check digits they are verified, so a typing mistake is
//! caught before an invoice is issued. Whether the number is registered is a question for the
//! tax authority (VIES for VAT IDs), not for this module.

pub mod certificate;
pub mod profile;

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::error::{ApiError, Field, Invalid};

/// The 27 member states of the European Union (ISO 3166-1 alpha-2 codes; Greece is `GR`
/// here even though its VAT prefix is `EL`).
pub const EU_MEMBER_STATES: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// Whether `country` (ISO 3166-1 alpha-2, any case) is a member state of the European Union.
pub fn is_eu(country: &str) -> bool {
    let country = country.trim().to_ascii_uppercase();
    EU_MEMBER_STATES.contains(&country.as_str())
}

/// The VAT prefix of an EU member state (or of Northern Ireland's `XI`): its country code,
/// except Greece's `EL`.
pub fn vat_prefix(country: &str) -> Option<&'static str> {
    let country = country.trim().to_ascii_uppercase();
    match country.as_str() {
        "GR" => Some("EL"),
        "XI" => Some("XI"),
        other => EU_MEMBER_STATES.iter().find(|c| **c == other).copied(),
    }
}

/// The check digits a number carries, by the algorithm that computes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Format only: no check digit, or none well enough documented to refuse a number on.
    None,
    /// ISO 7064 MOD 11,10 over all digits (DE VAT, HR OIB).
    Mod11x10,
    /// Austria: `U` then 7 digits weighted 1, 2 (digit sums), plus 4, the 8th checks.
    At,
    /// Belgium: the last two digits are 97 minus the first eight modulo 97.
    Be,
    /// Denmark: weights 2, 7, 6, 5, 4, 3, 2, 1, a multiple of 11.
    Dk,
    /// Spain: NIF (DNI/NIE letter, modulo 23) or CIF (Luhn-like, digit or letter).
    Es,
    /// Finland: weights 7, 9, 10, 5, 8, 4, 2 modulo 11.
    Fi,
    /// France VAT: the two-digit key is (12 + 3 × (SIREN mod 97)) mod 97.
    FrKey,
    /// Hungary: the 8th digit checks the first seven weighted 9, 7, 3, 1, 9, 7, 3 (also the
    /// first 8 of the 11-digit adószám).
    Hu,
    /// Luhn over all digits (IT partita IVA, FR SIREN).
    Luhn,
    /// Luxembourg: the first six digits modulo 89 are the last two.
    Lu,
    /// Netherlands: the 11-test on the 9 digits (BTW before 2020) or mod 97 over the whole
    /// number, letters as 10..35 (the sole traders' scheme since 2020).
    Nl,
    /// Poland: weights 6, 5, 7, 2, 3, 4, 5, 6, 7 modulo 11.
    Pl,
    /// Portugal: weights 9..2, 11 minus the sum modulo 11 (10 and 11 give 0).
    Pt,
    /// Sweden: the 10-digit organisation number (before the `01`) passes Luhn.
    Se,
    /// Slovakia: the number is a multiple of 11.
    Sk,
    /// France SIRET: Luhn, except La Poste's establishments (SIREN 356000000 other than the
    /// head office) whose digits add up to a multiple of 5.
    Siret,
    /// Russia INN: one check digit for 10 digits (companies), two for 12 (individuals).
    RuInn,
    /// United States EIN: the first two digits are a prefix the IRS assigns.
    Ein,
}

/// One accepted shape of a number: patterns (after normalisation) where `9` is a digit, `A`
/// an ASCII letter, `X` a letter or digit and anything else itself; an example that fits; and
/// the check digits it carries.
#[derive(Debug, Clone, Copy)]
struct Format {
    /// The country code (tax IDs) or VAT prefix (VAT IDs).
    country: &'static str,
    patterns: &'static [&'static str],
    example: &'static str,
    check: Check,
}

const fn f(
    country: &'static str,
    patterns: &'static [&'static str],
    example: &'static str,
    check: Check,
) -> Format {
    Format {
        country,
        patterns,
        example,
        check,
    }
}

/// The national part of each EU VAT ID (after the prefix), with Northern Ireland's `XI`.
const VAT_FORMATS: &[Format] = &[
    f("AT", &["U99999999"], "U13585627", Check::At),
    f("BE", &["0999999999", "1999999999"], "0403170701", Check::Be),
    f("BG", &["999999999", "9999999999"], "175074752", Check::None),
    f("CY", &["99999999A"], "10259033P", Check::None),
    f(
        "CZ",
        &["99999999", "999999999", "9999999999"],
        "25123891",
        Check::None,
    ),
    f("DE", &["999999999"], "136695976", Check::Mod11x10),
    f("DK", &["99999999"], "13585628", Check::Dk),
    f("EE", &["109999999"], "100931558", Check::None),
    f("EL", &["999999999"], "094259216", Check::None),
    f("ES", &["X9999999X"], "A28015865", Check::Es),
    f("FI", &["99999999"], "20774740", Check::Fi),
    f("FR", &["XX999999999"], "40303265045", Check::FrKey),
    f("HR", &["99999999999"], "38192148118", Check::Mod11x10),
    f("HU", &["99999999"], "12892312", Check::Hu),
    f(
        "IE",
        &["9999999A", "9999999AA", "9A99999A"],
        "6433435F",
        Check::None,
    ),
    f("IT", &["99999999999"], "00743110157", Check::Luhn),
    f(
        "LT",
        &["999999999", "999999999999"],
        "119511515",
        Check::None,
    ),
    f("LU", &["99999999"], "15027442", Check::Lu),
    f("LV", &["99999999999"], "40003521600", Check::None),
    f("MT", &["99999999"], "11679112", Check::None),
    f("NL", &["999999999B99"], "004495445B01", Check::Nl),
    f("PL", &["9999999999"], "5260250274", Check::Pl),
    f("PT", &["999999999"], "501964843", Check::Pt),
    f(
        "RO",
        &[
            "99",
            "999",
            "9999",
            "99999",
            "999999",
            "9999999",
            "99999999",
            "999999999",
            "9999999999",
        ],
        "18547290",
        Check::None,
    ),
    f("SE", &["999999999901"], "556036079301", Check::Se),
    f("SI", &["99999999"], "50223054", Check::None),
    f("SK", &["9999999999"], "2022749619", Check::Sk),
    f(
        "XI",
        &["999999999", "999999999999"],
        "925901618",
        Check::None,
    ),
];

/// National tax IDs beyond the VAT numbers (which every EU member state also accepts as its
/// tax ID, see [`TaxId::parse`]). Several rows for one country are alternatives.
const TAX_ID_FORMATS: &[Format] = &[
    // Armenia: the 8-digit taxpayer identification number (ՀՎՀՀ).
    f("AM", &["99999999"], "02500023", Check::None),
    // Germany: the Steuernummer, 10 or 11 digits as the state writes it, 13 in ELSTER form.
    f(
        "DE",
        &["9999999999", "99999999999", "9999999999999"],
        "2181508150",
        Check::None,
    ),
    // France: SIREN (company) or SIRET (establishment).
    f("FR", &["999999999"], "732829320", Check::Luhn),
    f("FR", &["99999999999999"], "73282932000074", Check::Siret),
    // United Kingdom: the Unique Taxpayer Reference, or the Companies House number.
    f("GB", &["9999999999"], "1234567890", Check::None),
    f("GB", &["99999999", "AA999999"], "SC123456", Check::None),
    // Hungary: the adószám xxxxxxxx-y-zz (the first 8 digits checked as the VAT number).
    f("HU", &["99999999999"], "12892312-2-41", Check::Hu),
    // Kyrgyzstan: the 14-digit INN.
    f("KG", &["99999999999999"], "02401200610037", Check::None),
    // Moldova: the 13-digit IDNO.
    f("MD", &["9999999999999"], "1003600012345", Check::None),
    // Russia: the INN, 10 digits for companies, 12 for individuals.
    f(
        "RU",
        &["9999999999", "999999999999"],
        "7707083893",
        Check::RuInn,
    ),
    // United States: the EIN, written NN-NNNNNNN.
    f("US", &["999999999"], "12-3456789", Check::Ein),
    // Uzbekistan: the 9-digit INN (STIR).
    f("UZ", &["999999999"], "201234567", Check::None),
];

/// Whether `value` fits `pattern` (see [`Format`]).
fn fits(pattern: &str, value: &str) -> bool {
    pattern.len() == value.len()
        && pattern.bytes().zip(value.bytes()).all(|(p, v)| match p {
            b'9' => v.is_ascii_digit(),
            b'A' => v.is_ascii_uppercase(),
            b'X' => v.is_ascii_uppercase() || v.is_ascii_digit(),
            literal => v == literal,
        })
}

/// The digits of `value` in order (letters skipped).
fn digits(value: &str) -> Vec<u32> {
    value.chars().filter_map(|c| c.to_digit(10)).collect()
}

/// Sum of `digits` weighted by `weights` (the shorter one decides the length).
fn weighted(digits: &[u32], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(d, w)| d * w).sum()
}

fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match (i % 2, d * 2) {
            (1, doubled) if doubled > 9 => doubled - 9,
            (1, doubled) => doubled,
            _ => d,
        })
        .sum();
    sum.is_multiple_of(10)
}

/// ISO 7064 MOD 11,10: the last digit checks the others.
fn mod11x10(digits: &[u32]) -> bool {
    let Some((&last, body)) = digits.split_last() else {
        return false;
    };
    let product = body.iter().fold(10, |p, &d| {
        let s = match (d + p) % 10 {
            0 => 10,
            s => s,
        };
        (2 * s) % 11
    });
    (11 - product) % 10 == last
}

/// The remainder modulo 97 of `value` with letters read as 10..35, kept small at each step.
fn mod97(value: &str) -> u32 {
    value.chars().fold(0, |rem, c| {
        let v = c.to_digit(36).unwrap_or(0);
        (rem * if v >= 10 { 100 } else { 10 } + v) % 97
    })
}

/// The number `digits` spell (at most 18 of them fit a u64 safely; callers pass fewer).
fn number(digits: &[u32]) -> u64 {
    digits.iter().fold(0, |n, &d| n * 10 + u64::from(d))
}

/// The first two digits of every EIN the IRS assigns (its campuses and online service).
const EIN_PREFIXES: &[u32] = &[
    1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33,
    34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 50, 51, 52, 53, 54, 55, 56, 57, 58,
    59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 71, 72, 73, 74, 75, 76, 77, 80, 81, 82, 83, 84, 85, 86,
    87, 88, 90, 91, 92, 93, 94, 95, 98, 99,
];

/// Whether `value` (which fits one of the format's patterns) has the right check digits.
/// `prefix` is the VAT prefix or country, for checks that include it.
fn passes(check: Check, prefix: &str, value: &str) -> bool {
    let d = digits(value);
    match check {
        Check::None => true,
        Check::Mod11x10 => mod11x10(&d),
        Check::At => {
            let sum: u32 = d[..7]
                .iter()
                .enumerate()
                .map(|(i, &x)| {
                    let y = if i % 2 == 1 { 2 * x } else { x };
                    y / 10 + y % 10
                })
                .sum();
            (10 - (sum + 4) % 10) % 10 == d[7]
        }
        Check::Be => 97 - (number(&d[..8]) % 97) as u32 == d[8] * 10 + d[9],
        Check::Dk => weighted(&d, &[2, 7, 6, 5, 4, 3, 2, 1]).is_multiple_of(11),
        Check::Es => spanish_nif(value),
        Check::Fi => match weighted(&d, &[7, 9, 10, 5, 8, 4, 2]) % 11 {
            0 => d[7] == 0,
            1 => false,
            r => 11 - r == d[7],
        },
        Check::FrKey => {
            let (key, siren) = value.split_at(2);
            match key.parse::<u64>() {
                Ok(key) => key == (12 + 3 * (number(&digits(siren)) % 97)) % 97,
                // Newer keys hold letters; their algorithm is not published.
                Err(_) => true,
            }
        }
        Check::Hu => (weighted(&d, &[9, 7, 3, 1, 9, 7, 3]) + d[7]).is_multiple_of(10),
        Check::Luhn => luhn(&d),
        Check::Lu => number(&d[..6]) % 89 == number(&d[6..8]),
        Check::Nl => {
            let eleven = weighted(&d[..8], &[9, 8, 7, 6, 5, 4, 3, 2]) % 11 == d[8] % 11;
            eleven || mod97(&format!("{prefix}{value}")) == 1
        }
        Check::Pl => weighted(&d, &[6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 == d[9],
        Check::Pt => {
            let c = 11 - weighted(&d, &[9, 8, 7, 6, 5, 4, 3, 2]) % 11;
            (if c >= 10 { 0 } else { c }) == d[8]
        }
        Check::Se => luhn(&d[..10]),
        Check::Sk => number(&d).is_multiple_of(11),
        Check::Siret => {
            if value.starts_with("356000000") && value != "35600000000048" {
                d.iter().sum::<u32>().is_multiple_of(5)
            } else {
                luhn(&d)
            }
        }
        Check::RuInn => {
            let check = |weights: &[u32]| weighted(&d, weights) % 11 % 10;
            const W10: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
            const W11: [u32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
            const W12: [u32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
            match d.len() {
                10 => check(&W10) == d[9],
                12 => check(&W11) == d[10] && check(&W12) == d[11],
                _ => false,
            }
        }
        Check::Ein => EIN_PREFIXES.contains(&(d[0] * 10 + d[1])),
    }
}

/// Spain's NIF: a DNI (8 digits and a letter) or NIE (`X`, `Y`, `Z`, 7 digits and a letter)
/// ends with the letter of the number modulo 23; a CIF (a letter, 7 digits, a control) ends
/// with the control digit, or its letter (`JABCDEFGHI`), computed like Luhn on the 7 digits.
/// `K`, `L` and `M` NIFs (Spaniards without DNI) are taken on their format.
fn spanish_nif(value: &str) -> bool {
    const LETTERS: &[u8] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let b = value.as_bytes();
    let middle = &digits(&value[1..8]);
    let last = b[8];
    let dni_letter = |n: u64| LETTERS[(n % 23) as usize];
    match b[0] {
        b'0'..=b'9' => last == dni_letter(number(&digits(&value[..8]))),
        b'X' | b'Y' | b'Z' => {
            let lead = u64::from(b[0] - b'X');
            last == dni_letter(lead * 10_000_000 + number(middle))
        }
        b'K' | b'L' | b'M' => true,
        _ => {
            let sum: u32 = middle
                .iter()
                .enumerate()
                .map(|(i, &x)| {
                    if i % 2 == 0 {
                        (2 * x) / 10 + (2 * x) % 10
                    } else {
                        x
                    }
                })
                .sum();
            let control = (10 - sum % 10) % 10;
            last == b'0' + control as u8 || last == b"JABCDEFGHI"[control as usize]
        }
    }
}

/// What checking `value` against `formats` found.
enum Outcome {
    Valid,
    /// It fits a format but its check digits are wrong.
    BadChecksum,
    Unfit,
}

fn check_against<'a>(
    formats: impl Iterator<Item = &'a Format>,
    prefix: &str,
    value: &str,
) -> Outcome {
    let mut outcome = Outcome::Unfit;
    for format in formats {
        if format.patterns.iter().any(|p| fits(p, value)) {
            if passes(format.check, prefix, value) {
                return Outcome::Valid;
            }
            outcome = Outcome::BadChecksum;
        }
    }
    outcome
}

/// Upper case without the spaces, dashes, dots and slashes people type to group digits.
fn compact(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '/'))
        .collect::<String>()
        .to_ascii_uppercase()
}

/// An EU VAT identification number: a member state's prefix (`EL` for Greece, or `XI` for
/// Northern Ireland) and the national number in that state's format, with its check digits
/// verified where the state publishes them. Kept compact in upper case (`DE136695976`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VatId(String);

impl VatId {
    /// Accepts spaces, dashes and dots anywhere, any case; a Belgian number may omit its
    /// leading `0`, and `GR` is read as Greece's `EL`.
    pub fn parse(input: &str) -> Result<VatId, ApiError> {
        let invalid = |reason| Err(ApiError::invalid(Field::VatId, reason));
        let vat = compact(input);
        if vat.is_empty() {
            return invalid(Invalid::Required);
        }
        let Some((prefix, national)) = vat.split_at_checked(2) else {
            return invalid(Invalid::VatIdFormat { example: None });
        };
        let prefix = if prefix == "GR" { "EL" } else { prefix };
        let formats: Vec<&Format> = VAT_FORMATS.iter().filter(|f| f.country == prefix).collect();
        let Some(first) = formats.first() else {
            return invalid(Invalid::VatIdFormat { example: None });
        };
        let national = match (prefix, national.len()) {
            ("BE", 9) => format!("0{national}"),
            _ => national.to_owned(),
        };
        match check_against(formats.iter().copied(), prefix, &national) {
            Outcome::Valid => Ok(VatId(format!("{prefix}{national}"))),
            Outcome::BadChecksum => invalid(Invalid::VatIdChecksum),
            Outcome::Unfit => invalid(Invalid::VatIdFormat {
                example: Some(format!("{prefix}{}", first.example)),
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The prefix: `DE`, `EL` for Greece, `XI` for Northern Ireland.
    pub fn prefix(&self) -> &str {
        &self.0[..2]
    }

    /// The ISO country code of the issuing state (`GR` for `EL`, `GB` for `XI`).
    pub fn country(&self) -> &str {
        match self.prefix() {
            "EL" => "GR",
            "XI" => "GB",
            other => other,
        }
    }

    /// The number without its prefix.
    pub fn national(&self) -> &str {
        &self.0[2..]
    }
}

impl TryFrom<String> for VatId {
    type Error = ApiError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        VatId::parse(&value)
    }
}

impl From<VatId> for String {
    fn from(value: VatId) -> Self {
        value.0
    }
}

/// An example VAT ID of the member state `country` (ISO code, `GR` for Greece) or `XI`.
pub fn vat_id_example(country: &str) -> Option<String> {
    let prefix = vat_prefix(country)?;
    VAT_FORMATS
        .iter()
        .find(|f| f.country == prefix)
        .map(|f| format!("{prefix}{}", f.example))
}

/// The fewest and most characters of a tax ID of a country without a known format.
pub const OTHER_TAX_ID_LEN: (usize, usize) = (3, 30);

/// A company's tax identification number in its country.
///
/// Countries with a known format (every EU member state, AM, GB, KG, MD, RU, US, UZ) keep it
/// compact: upper case without spaces, dashes, dots and slashes (the US EIN is `123456789`,
/// shown `12-3456789` by [`TaxId::formatted`]). Other countries keep what was typed, trimmed
/// and upper-cased, as their formats are too many to check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "TaxIdWire", into = "TaxIdWire")]
pub struct TaxId {
    country: CountryCode,
    value: String,
}

/// How a [`TaxId`] travels and is stored: its country and value, parsed again on arrival.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaxIdWire {
    pub country: String,
    pub value: String,
}

impl TaxId {
    /// The tax ID of a company in `country` (ISO 3166-1 alpha-2). In an EU member state the
    /// national VAT number is accepted too, with or without its prefix (`DE136695976`).
    pub fn parse(country: &str, input: &str) -> Result<TaxId, ApiError> {
        let invalid = |reason| Err(ApiError::invalid(Field::TaxId, reason));
        let country = CountryCode::parse(country)?;
        let code = country.as_str();
        if input.trim().is_empty() {
            return invalid(Invalid::Required);
        }
        let vat_prefix = if is_eu(code) { vat_prefix(code) } else { None };
        let formats: Vec<&Format> = TAX_ID_FORMATS
            .iter()
            .filter(|f| f.country == code)
            .chain(VAT_FORMATS.iter().filter(|f| Some(f.country) == vat_prefix))
            .collect();
        let Some(first) = formats.first() else {
            return other_country(country, input);
        };
        let mut value = compact(input);
        if let Some(rest) = vat_prefix.and_then(|p| value.strip_prefix(p)) {
            value = rest.to_owned();
        }
        if code == "BE" && value.len() == 9 {
            value.insert(0, '0');
        }
        match check_against(formats.iter().copied(), vat_prefix.unwrap_or(code), &value) {
            Outcome::Valid => Ok(TaxId { country, value }),
            Outcome::BadChecksum => invalid(Invalid::TaxIdChecksum),
            Outcome::Unfit => invalid(Invalid::TaxIdFormat {
                example: Some(first.example.to_owned()),
            }),
        }
    }

    pub fn country(&self) -> CountryCode {
        self.country
    }

    /// The number as stored (compact where the country's format is known).
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The number as the country writes it: `12-3456789` for a US EIN, `12892312-2-41` for a
    /// Hungarian adószám, otherwise as stored.
    pub fn formatted(&self) -> String {
        let v = &self.value;
        match (self.country.as_str(), v.len()) {
            ("US", 9) => format!("{}-{}", &v[..2], &v[2..]),
            ("HU", 11) => format!("{}-{}-{}", &v[..8], &v[8..9], &v[9..]),
            _ => v.clone(),
        }
    }
}

/// A country whose tax ID format is not in the tables: 3 to 30 ASCII letters, digits, spaces,
/// dashes, dots and slashes, so that at least an obvious slip (a stray character, a field
/// left half-typed) is caught.
fn other_country(country: CountryCode, input: &str) -> Result<TaxId, ApiError> {
    let invalid = |reason| Err(ApiError::invalid(Field::TaxId, reason));
    let value = input.trim().to_ascii_uppercase();
    let (min, max) = OTHER_TAX_ID_LEN;
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '.' | '/'))
    {
        return invalid(Invalid::TaxIdFormat { example: None });
    }
    if value.len() < min {
        return invalid(Invalid::TooShort { min: min as u32 });
    }
    if value.len() > max {
        return invalid(Invalid::TooLong { max: max as u32 });
    }
    Ok(TaxId { country, value })
}

/// An example tax ID of `country`, to show beside the field; `None` when its format is not
/// known.
pub fn tax_id_example(country: &str) -> Option<&'static str> {
    let country = country.trim().to_ascii_uppercase();
    let prefix = if is_eu(&country) {
        vat_prefix(&country)
    } else {
        None
    };
    TAX_ID_FORMATS
        .iter()
        .find(|f| f.country == country)
        .or_else(|| VAT_FORMATS.iter().find(|f| Some(f.country) == prefix))
        .map(|f| f.example)
}

impl TryFrom<TaxIdWire> for TaxId {
    type Error = ApiError;
    fn try_from(wire: TaxIdWire) -> Result<Self, Self::Error> {
        TaxId::parse(&wire.country, &wire.value)
    }
}

impl From<TaxId> for TaxIdWire {
    fn from(id: TaxId) -> Self {
        TaxIdWire {
            country: id.country.as_str().to_owned(),
            value: id.value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vat_error(input: &str) -> Invalid {
        match VatId::parse(input) {
            Err(ApiError::Validation {
                field: Field::VatId,
                reason,
            }) => reason,
            other => panic!("expected a VAT ID error for {input:?}, got {other:?}"),
        }
    }

    fn tax_error(country: &str, input: &str) -> Invalid {
        match TaxId::parse(country, input) {
            Err(ApiError::Validation {
                field: Field::TaxId,
                reason,
            }) => reason,
            other => panic!("expected a tax ID error for {country} {input:?}, got {other:?}"),
        }
    }

    /// A valid VAT ID per member state (and XI), and the same number with one digit changed
    /// where the state has check digits. Each checksum was worked out by hand (or in a
    /// throw-away script) with the algorithm named on [`Check`]:
    /// AT 1·1+3·2+5·1+(1+6)+5+(1+2)+2 = 29, (10 − (29+4) mod 10) = 7;
    /// BE 97 − 04031707 mod 97 = 01; DE MOD 11,10 gives 6; DK weighted sum 2·1+7·3+6·5+5·8+
    /// 4·5+3·6+2·2+8 = 143 = 13·11; FR (12 + 3·(303265045 mod 97)) mod 97 = 40;
    /// ES A28015865: 2·2, 8, 2·0, 1, 2·5 → 1, 8, 2·6 → 3: 25, control 5; HU 12892312:
    /// 9+14+24+9+18+21+3 = 98, +2 = 100; IT, SE Luhn; LU 150274 mod 89 = 42; NL
    /// 7·4+6·4+5·9+4·5+3·4+2·4 = 137 ≡ 5 = last digit mod 11; PL weighted sum mod 11 = 4;
    /// PT 11 − sum mod 11 = 3; SK 2022749619 = 11 · 183886329.
    const VAT_CASES: &[(&str, Option<&str>)] = &[
        ("ATU13585627", Some("ATU13585628")),
        ("BE0403170701", Some("BE0403170702")),
        ("BG175074752", None),
        ("CY10259033P", None),
        ("CZ25123891", None),
        ("DE136695976", Some("DE136695977")),
        ("DK13585628", Some("DK13585627")),
        ("EE100931558", None),
        ("EL094259216", None),
        ("ESA28015865", Some("ESA28015866")),
        ("FI20774740", Some("FI20774741")),
        ("FR40303265045", Some("FR41303265045")),
        ("HR38192148118", Some("HR38192148119")),
        ("HU12892312", Some("HU12892313")),
        ("IE6433435F", None),
        ("IT00743110157", Some("IT00743110158")),
        ("LT119511515", None),
        ("LU15027442", Some("LU15027443")),
        ("LV40003521600", None),
        ("MT11679112", None),
        ("NL004495445B01", Some("NL004495446B01")),
        ("PL5260250274", Some("PL5260250275")),
        ("PT501964843", Some("PT501964844")),
        ("RO18547290", None),
        ("SE556036079301", Some("SE556036079401")),
        ("SI50223054", None),
        ("SK2022749619", Some("SK2022749618")),
        ("XI925901618", None),
    ];

    #[test]
    fn a_valid_vat_id_of_every_member_state_is_accepted_and_a_mistyped_one_fails_its_check() {
        for (valid, mistyped) in VAT_CASES {
            let vat = VatId::parse(valid).unwrap_or_else(|e| panic!("{valid}: {e:?}"));
            assert_eq!(vat.as_str(), *valid);
            if let Some(mistyped) = mistyped {
                assert_eq!(vat_error(mistyped), Invalid::VatIdChecksum, "{mistyped}");
            }
        }
        let covered: Vec<&str> = VAT_CASES.iter().map(|(v, _)| &v[..2]).collect();
        for state in EU_MEMBER_STATES {
            assert!(covered.contains(&vat_prefix(state).unwrap()), "{state}");
        }
    }

    #[test]
    fn every_example_shown_to_users_is_itself_valid() {
        for format in VAT_FORMATS {
            let id = format!("{}{}", format.country, format.example);
            assert!(VatId::parse(&id).is_ok(), "{id}");
        }
        for format in TAX_ID_FORMATS {
            assert!(
                TaxId::parse(format.country, format.example).is_ok(),
                "{} {}",
                format.country,
                format.example
            );
        }
    }

    #[test]
    fn a_vat_id_may_be_typed_with_spaces_dots_and_in_lower_case() {
        assert_eq!(
            VatId::parse(" de 136.695.976 ").unwrap().as_str(),
            "DE136695976"
        );
        assert_eq!(
            VatId::parse("fr 40 303 265 045").unwrap().national(),
            "40303265045"
        );
        // A Belgian number from before the leading 0 was written.
        assert_eq!(
            VatId::parse("BE 403.170.701").unwrap().as_str(),
            "BE0403170701"
        );
        let greek = VatId::parse("GR094259216").unwrap();
        assert_eq!(
            (greek.as_str(), greek.prefix(), greek.country()),
            ("EL094259216", "EL", "GR")
        );
        assert_eq!(VatId::parse("XI925901618").unwrap().country(), "GB");
    }

    #[test]
    fn other_vat_rules_of_note() {
        // The Dutch sole-trader numbers since 2020 pass mod 97 instead of the 11-test.
        assert!(VatId::parse("NL000099998B57").is_ok());
        // French keys with letters cannot be checked, only their shape.
        assert!(VatId::parse("FRK7303265045").is_ok());
        // Spanish NIFs: a DNI, a NIE and CIFs with a digit or letter control.
        for good in ["ES12345678Z", "ESX1234567L", "ESB58378431", "ESQ2826000H"] {
            assert!(VatId::parse(good).is_ok(), "{good}");
        }
        for bad in ["ES12345678A", "ESX1234567A", "ESB58378432", "ESQ2826000J"] {
            assert_eq!(vat_error(bad), Invalid::VatIdChecksum, "{bad}");
        }
    }

    #[test]
    fn a_vat_id_not_of_its_states_format_shows_an_example() {
        assert_eq!(vat_error(""), Invalid::Required);
        for bad in ["D", "US123456789", "GB123456789", "12345678"] {
            assert_eq!(
                vat_error(bad),
                Invalid::VatIdFormat { example: None },
                "{bad}"
            );
        }
        let de = Invalid::VatIdFormat {
            example: Some("DE136695976".into()),
        };
        for bad in ["DE12345678", "DE1234567890", "DE13669597A", "DE136695976É"] {
            assert_eq!(vat_error(bad), de, "{bad}");
        }
        assert_eq!(
            vat_error("ATU1358562"),
            Invalid::VatIdFormat {
                example: Some("ATU13585627".into())
            }
        );
        assert_eq!(vat_id_example("gr").as_deref(), Some("EL094259216"));
        assert_eq!(vat_id_example("US"), None);
    }

    #[test]
    fn the_eu_is_its_27_member_states() {
        assert_eq!(EU_MEMBER_STATES.len(), 27);
        assert!(EU_MEMBER_STATES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_eu("fr") && is_eu(" GR ") && is_eu("HR"));
        assert!(!is_eu("GB") && !is_eu("CH") && !is_eu("NO") && !is_eu("EL") && !is_eu("XI"));
    }

    #[test]
    fn every_member_state_accepts_its_vat_number_as_tax_id_with_or_without_prefix() {
        for (valid, mistyped) in VAT_CASES.iter().filter(|(v, _)| !v.starts_with("XI")) {
            let country = if valid.starts_with("EL") {
                "GR"
            } else {
                &valid[..2]
            };
            let national = &valid[2..];
            let id = TaxId::parse(country, national).unwrap_or_else(|e| panic!("{valid}: {e:?}"));
            assert_eq!((id.country().as_str(), id.as_str()), (country, national));
            assert_eq!(TaxId::parse(country, valid).unwrap(), id);
            if let Some(mistyped) = mistyped {
                assert_eq!(
                    tax_error(country, &mistyped[2..]),
                    Invalid::TaxIdChecksum,
                    "{mistyped}"
                );
            }
            assert!(tax_id_example(country).is_some(), "{country}");
        }
    }

    #[test]
    fn french_siren_and_siret_pass_luhn_except_la_postes_establishments() {
        assert_eq!(
            TaxId::parse("FR", "732 829 320").unwrap().as_str(),
            "732829320"
        );
        assert_eq!(
            TaxId::parse("FR", "732 829 320 00074").unwrap().as_str(),
            "73282932000074"
        );
        assert_eq!(tax_error("FR", "732829321"), Invalid::TaxIdChecksum);
        assert_eq!(tax_error("FR", "73282932000075"), Invalid::TaxIdChecksum);
        // La Poste: its head office passes Luhn, its other establishments add up to a multiple
        // of 5 (3+5+6+4+9+8+3+7 = 45) without passing Luhn.
        assert!(TaxId::parse("FR", "35600000000048").is_ok());
        assert!(TaxId::parse("FR", "35600000049837").is_ok());
        assert!(!luhn(&digits("35600000049837")));
        assert_eq!(tax_error("FR", "35600000049838"), Invalid::TaxIdChecksum);
        assert_eq!(
            tax_error("FR", "73282932"),
            Invalid::TaxIdFormat {
                example: Some("732829320".into())
            }
        );
    }

    #[test]
    fn a_us_ein_has_an_irs_prefix_and_is_written_with_a_dash() {
        let ein = TaxId::parse("us", "12-3456789").unwrap();
        assert_eq!(
            (ein.as_str(), ein.formatted().as_str()),
            ("123456789", "12-3456789")
        );
        for prefix in [
            "00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79",
            "89", "96", "97",
        ] {
            assert_eq!(
                tax_error("US", &format!("{prefix}-3456789")),
                Invalid::TaxIdChecksum,
                "{prefix}"
            );
        }
        assert_eq!(
            tax_error("US", "12-345678"),
            Invalid::TaxIdFormat {
                example: Some("12-3456789".into())
            }
        );
    }

    #[test]
    fn a_russian_inn_has_one_or_two_check_digits() {
        // Sberbank (10 digits) and an individual's 12-digit INN (both check digits computed
        // with weights 7,2,4,10,3,5,9,4,6,8 and 3,7,2,4,10,3,5,9,4,6,8).
        assert!(TaxId::parse("RU", "7707083893").is_ok());
        assert!(TaxId::parse("RU", "500100732259").is_ok());
        assert_eq!(tax_error("RU", "7707083894"), Invalid::TaxIdChecksum);
        assert_eq!(tax_error("RU", "500100732258"), Invalid::TaxIdChecksum);
        assert!(matches!(
            tax_error("RU", "77070838931"),
            Invalid::TaxIdFormat { .. }
        ));
    }

    #[test]
    fn a_hungarian_adoszam_checks_its_first_eight_digits() {
        let id = TaxId::parse("HU", "12892312-2-41").unwrap();
        assert_eq!(
            (id.as_str(), id.formatted().as_str()),
            ("12892312241", "12892312-2-41")
        );
        assert_eq!(tax_error("HU", "12892313-2-41"), Invalid::TaxIdChecksum);
        // The 8-digit VAT number (törzsszám) is accepted too.
        assert_eq!(
            TaxId::parse("HU", "HU10773381").unwrap().as_str(),
            "10773381"
        );
    }

    #[test]
    fn tax_ids_of_the_address_validation_countries_have_their_length() {
        let cases = [
            ("AM", "02500023", "0250002"),
            ("KG", "02401200610037", "0240120061003"),
            ("MD", "1003600012345", "100360001234"),
            ("UZ", "201234567", "20123456"),
            ("GB", "1234567890", "123456789"),
            ("GB", "SC123456", "SC12345"),
        ];
        for (country, good, short) in cases {
            assert!(TaxId::parse(country, good).is_ok(), "{country} {good}");
            assert!(
                matches!(
                    tax_error(country, short),
                    Invalid::TaxIdFormat { example: Some(_) }
                ),
                "{country} {short}"
            );
        }
        assert!(TaxId::parse("GB", "01234567").is_ok());
        assert!(TaxId::parse("DE", "21/815/08150").is_ok());
        assert!(matches!(
            tax_error("KG", "0240120061003A"),
            Invalid::TaxIdFormat { .. }
        ));
    }

    #[test]
    fn other_countries_take_any_plausible_tax_id() {
        let id = TaxId::parse("ca", " 123456789 rt0001 ").unwrap();
        assert_eq!(
            (id.country().as_str(), id.as_str()),
            ("CA", "123456789 RT0001")
        );
        assert!(TaxId::parse("JP", "T1234567890123").is_ok());
        assert!(TaxId::parse("IN", "29ABCDE1234F1Z5").is_ok());
        assert_eq!(tax_error("CA", "12"), Invalid::TooShort { min: 3 });
        assert_eq!(
            tax_error("CA", &"1".repeat(31)),
            Invalid::TooLong { max: 30 }
        );
        for bad in ["12#45", "123_456", "١٢٣٤٥", "<script>"] {
            assert_eq!(
                tax_error("CA", bad),
                Invalid::TaxIdFormat { example: None },
                "{bad}"
            );
        }
        assert_eq!(tax_error("FR", " "), Invalid::Required);
        assert_eq!(
            TaxId::parse("ZZ", "123456"),
            Err(ApiError::invalid(Field::Country, Invalid::UnknownCountry))
        );
        assert_eq!(tax_id_example("CA"), None);
        assert_eq!(tax_id_example("fr"), Some("732829320"));
        assert_eq!(tax_id_example("GR"), Some("094259216"));
    }

    #[test]
    fn validated_ids_travel_as_json_and_are_checked_on_arrival() {
        let vat = VatId::parse("DE136695976").unwrap();
        assert_eq!(String::from(vat), "DE136695976");
        assert!(VatId::try_from("DE136695977".to_owned()).is_err());
        let tax: TaxIdWire = TaxId::parse("US", "12-3456789").unwrap().into();
        assert_eq!(
            (tax.country.as_str(), tax.value.as_str()),
            ("US", "123456789")
        );
        assert!(TaxId::try_from(TaxIdWire {
            country: "US".into(),
            value: "00-3456789".into()
        })
        .is_err());
    }

    proptest::proptest! {
        #[test]
        fn no_tax_validator_panics_on_any_input(country in "\\PC{0,3}", input in ".{0,40}") {
            let _ = VatId::parse(&input).map(|v| (v.prefix().to_owned(), v.country().to_owned(), v.national().to_owned()));
            let _ = TaxId::parse(&country, &input).map(|t| t.formatted());
            let _ = is_eu(&country);
            let _ = tax_id_example(&country);
            let _ = vat_id_example(&country);
        }

        #[test]
        fn no_tax_validator_panics_on_digits_of_every_known_country(
            index in 0usize..64, input in "[A-Z]{0,2}[0-9A-Z]{0,14}"
        ) {
            let countries: Vec<&str> = TAX_ID_FORMATS.iter().map(|f| f.country).chain(EU_MEMBER_STATES.iter().copied()).collect();
            let country = countries[index % countries.len()];
            let _ = TaxId::parse(country, &input).map(|t| t.formatted());
            let prefix = vat_prefix(country).unwrap_or(country);
            let _ = VatId::parse(&format!("{prefix}{input}"));
        }
    }
}
