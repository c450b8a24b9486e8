//! Where a partner's payouts go and what their invoices carry: the bank account (an IBAN and
//! BIC, or a domestic routing and account number where the country has no IBAN) and the
//! purchase order number. Pure checks: whether the account exists is only known to the bank.

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::error::{ApiError, Field, Invalid};

/// The IBAN length of each country that issues IBANs (SWIFT IBAN registry), sorted by country
/// code. Every SEPA country is here, plus the other countries whose length is well established.
/// A country absent from this table has no IBAN: its accounts are [`DomesticAccount`]s.
pub const IBAN_LENGTHS: &[(&str, u8)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// The IBAN length of `country` (ISO 3166-1 alpha-2, any case), or `None` if it has no IBAN.
pub fn iban_length(country: &str) -> Option<u8> {
    let country = country.trim().to_ascii_uppercase();
    IBAN_LENGTHS
        .binary_search_by(|(c, _)| (*c).cmp(country.as_str()))
        .ok()
        .map(|i| IBAN_LENGTHS[i].1)
}

/// Whether bank accounts of `country` are given as IBANs (else as a [`DomesticAccount`]).
pub fn uses_iban(country: &str) -> bool {
    iban_length(country).is_some()
}

/// An IBAN (ISO 13616) whose length fits its country and whose check digits are right, kept
/// without spaces in upper case (`DE89370400440532013000`). Shown in groups of four.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iban(String);

impl Iban {
    /// Accepts the IBAN as people copy it: spaces anywhere, any case.
    pub fn parse(input: &str) -> Result<Iban, ApiError> {
        let invalid = |reason| Err(ApiError::invalid(Field::Iban, reason));
        let iban: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if iban.is_empty() {
            return invalid(Invalid::Required);
        }
        let b = iban.as_bytes();
        if b.len() < 5
            || !b[..2].iter().all(u8::is_ascii_uppercase)
            || !b[2..4].iter().all(u8::is_ascii_digit)
            || !b[4..].iter().all(u8::is_ascii_alphanumeric)
        {
            return invalid(Invalid::IbanFormat);
        }
        let country = &iban[..2];
        let Some(length) = iban_length(country) else {
            return invalid(Invalid::UnknownCountry);
        };
        if iban.len() != usize::from(length) {
            return invalid(Invalid::IbanCountryLength {
                country: country.to_owned(),
                length: u32::from(length),
            });
        }
        if iban_remainder(&iban) != 1 {
            return invalid(Invalid::IbanChecksum);
        }
        Ok(Iban(iban))
    }

    /// The IBAN without spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country that issued the IBAN (its first two letters).
    pub fn country(&self) -> &str {
        &self.0[..2]
    }

    /// The last four characters, to name the account without showing it (`•••• 3000`).
    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }
}

/// The ISO 7064 MOD 97-10 remainder of an upper-case alphanumeric IBAN: the first four
/// characters moved to the end, letters read as 10..35. A running remainder keeps every step
/// small, so the 30-odd digit number is never built.
fn iban_remainder(iban: &str) -> u32 {
    let (head, tail) = iban.split_at(4);
    tail.chars().chain(head.chars()).fold(0, |rem, c| {
        let value = c.to_digit(36).unwrap_or(0);
        let scale = if value >= 10 { 100 } else { 10 };
        (rem * scale + value) % 97
    })
}

impl std::fmt::Display for Iban {
    /// Groups of four, as printed on statements: `DE89 3704 0044 0532 0130 00`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, group) in self.0.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(std::str::from_utf8(group).unwrap_or_default())?;
        }
        Ok(())
    }
}

impl TryFrom<String> for Iban {
    type Error = ApiError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Iban::parse(&value)
    }
}

impl From<Iban> for String {
    fn from(value: Iban) -> Self {
        value.0
    }
}

/// A BIC (ISO 9362, the SWIFT code): four letters for the bank, a country that exists, two
/// letters or digits for the location and an optional three for the branch. Kept in upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bic(String);

impl Bic {
    pub fn parse(input: &str) -> Result<Bic, ApiError> {
        let invalid = |reason| Err(ApiError::invalid(Field::Bic, reason));
        let bic: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if bic.is_empty() {
            return invalid(Invalid::Required);
        }
        let b = bic.as_bytes();
        if !matches!(b.len(), 8 | 11)
            || !b[..6].iter().all(u8::is_ascii_uppercase)
            || !b[6..].iter().all(u8::is_ascii_alphanumeric)
        {
            return invalid(Invalid::BicFormat);
        }
        if CountryCode::parse(&bic[4..6]).is_err() {
            return invalid(Invalid::BicFormat);
        }
        Ok(Bic(bic))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country of the bank (letters 5 and 6).
    pub fn country(&self) -> &str {
        &self.0[4..6]
    }
}

impl TryFrom<String> for Bic {
    type Error = ApiError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Bic::parse(&value)
    }
}

impl From<Bic> for String {
    fn from(value: Bic) -> Self {
        value.0
    }
}

/// A bank account in a country without IBAN: a routing number naming the bank (and branch)
/// and the account number, both kept without spaces or dashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DomesticAccount {
    /// An ABA routing number (nine digits, checked) and an account of 4 to 17 digits.
    UnitedStates { routing: String, account: String },
    /// Any other country without IBAN: 1 to 20 letters or digits for the bank and branch
    /// code (sort code, BSB, IFSC, ...), 4 to 34 for the account; too varied to check more.
    Other {
        country: CountryCode,
        routing: String,
        account: String,
    },
}

impl DomesticAccount {
    /// The account as stored, or every problem (country, routing number, account number).
    pub fn check(
        country: &str,
        routing: &str,
        account: &str,
    ) -> Result<DomesticAccount, Vec<ApiError>> {
        let country = CountryCode::parse(country).and_then(|c| {
            if uses_iban(c.as_str()) {
                Err(ApiError::invalid(
                    Field::BankAccountNumber,
                    Invalid::IbanRequired,
                ))
            } else {
                Ok(c)
            }
        });
        let us = matches!(&country, Ok(c) if c.as_str() == "US");
        let routing = if us {
            aba_routing(routing)
        } else {
            bank_code(
                routing,
                Field::RoutingNumber,
                1,
                20,
                Invalid::RoutingNumberFormat,
            )
        };
        let account = if us {
            bank_code(
                account,
                Field::BankAccountNumber,
                4,
                17,
                Invalid::BankAccountNumberFormat,
            )
            .and_then(|a| {
                if a.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(a)
                } else {
                    Err(ApiError::invalid(
                        Field::BankAccountNumber,
                        Invalid::BankAccountNumberFormat,
                    ))
                }
            })
        } else {
            bank_code(
                account,
                Field::BankAccountNumber,
                4,
                34,
                Invalid::BankAccountNumberFormat,
            )
        };
        match (country, routing, account) {
            (Ok(_), Ok(routing), Ok(account)) if us => {
                Ok(DomesticAccount::UnitedStates { routing, account })
            }
            (Ok(country), Ok(routing), Ok(account)) => Ok(DomesticAccount::Other {
                country,
                routing,
                account,
            }),
            (country, routing, account) => Err([country.err(), routing.err(), account.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }

    /// The account as stored, or its first problem.
    pub fn parse(country: &str, routing: &str, account: &str) -> Result<DomesticAccount, ApiError> {
        Self::check(country, routing, account)
            .map_err(|e| e.into_iter().next().unwrap_or(ApiError::Malformed))
    }

    pub fn routing(&self) -> &str {
        match self {
            DomesticAccount::UnitedStates { routing, .. }
            | DomesticAccount::Other { routing, .. } => routing,
        }
    }

    pub fn account(&self) -> &str {
        match self {
            DomesticAccount::UnitedStates { account, .. }
            | DomesticAccount::Other { account, .. } => account,
        }
    }

    /// The last four characters of the account number, to name it without showing it.
    pub fn last4(&self) -> &str {
        let account = self.account();
        &account[account.len().saturating_sub(4)..]
    }
}

/// Letters and digits, `min..=max` of them once spaces and dashes are dropped; upper-cased.
fn bank_code(
    input: &str,
    field: Field,
    min: usize,
    max: usize,
    format: Invalid,
) -> Result<String, ApiError> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    if code.is_empty() {
        return Err(ApiError::invalid(field, Invalid::Required));
    }
    if !(min..=max).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::invalid(field, format));
    }
    Ok(code)
}

/// An ABA routing transit number: nine digits whose sum weighted 3, 7, 1, 3, 7, 1, 3, 7, 1 is
/// a multiple of ten (the last digit checks the other eight).
fn aba_routing(input: &str) -> Result<String, ApiError> {
    let invalid = |reason| Err(ApiError::invalid(Field::RoutingNumber, reason));
    let routing = bank_code(
        input,
        Field::RoutingNumber,
        9,
        9,
        Invalid::RoutingNumberFormat,
    )?;
    if !routing.bytes().all(|b| b.is_ascii_digit()) {
        return invalid(Invalid::RoutingNumberFormat);
    }
    let sum: u32 = routing
        .bytes()
        .zip([3, 7, 1].iter().cycle())
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    if !sum.is_multiple_of(10) {
        return invalid(Invalid::RoutingNumberChecksum);
    }
    Ok(routing)
}

/// The most characters a purchase order number may have (what invoices print).
pub const MAX_PURCHASE_ORDER: usize = 40;

/// A purchase order number to print on invoices: ASCII letters, digits and `- / _ .`, at most
/// [`MAX_PURCHASE_ORDER`]. Spaces are refused rather than dropped: they are often a sign of two
/// numbers typed into one field, and the customer's system matches the number exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PurchaseOrder(String);

impl PurchaseOrder {
    /// `None` when left empty (the purchase order number is optional).
    pub fn parse(input: &str) -> Result<Option<PurchaseOrder>, ApiError> {
        let po = input.trim();
        if po.is_empty() {
            return Ok(None);
        }
        if po.chars().count() > MAX_PURCHASE_ORDER {
            return Err(ApiError::invalid(
                Field::PurchaseOrder,
                Invalid::TooLong {
                    max: MAX_PURCHASE_ORDER as u32,
                },
            ));
        }
        if !po
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '_' | '.'))
        {
            return Err(ApiError::invalid(
                Field::PurchaseOrder,
                Invalid::PurchaseOrderFormat,
            ));
        }
        Ok(Some(PurchaseOrder(po.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PurchaseOrder {
    type Error = ApiError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PurchaseOrder::parse(&value)?
            .ok_or(ApiError::invalid(Field::PurchaseOrder, Invalid::Required))
    }
}

impl From<PurchaseOrder> for String {
    fn from(value: PurchaseOrder) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iban_error(input: &str) -> Invalid {
        match Iban::parse(input) {
            Err(ApiError::Validation {
                field: Field::Iban,
                reason,
            }) => reason,
            other => panic!("expected an IBAN error for {input:?}, got {other:?}"),
        }
    }

    /// Specimen IBANs published by the banks and registries (checked by hand: mod 97 = 1).
    const SPECIMENS: &[&str] = &[
        "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91 ABNA 0417 1643 00",
        "BE68 5390 0754 7034",
        "AT61 1904 3002 3457 3201",
        "CH93 0076 2011 6238 5295 7",
        "ES91 2100 0418 4502 0005 1332",
        "IT60 X054 2811 1010 0000 0123 456",
        "NO93 8601 1117 947",
        "PL61 1090 1014 0000 0712 1981 2874",
        "SE45 5000 0000 0583 9825 7466",
        "DK50 0040 0440 1162 43",
        "FI21 1234 5600 0007 85",
        "IE29 AIBK 9311 5212 3456 78",
        "LU28 0019 4006 4475 0000",
        "PT50 0002 0123 1234 5678 9015 4",
        "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
        "HU42 1177 3016 1111 1018 0000 0000",
        "CZ65 0800 0000 1920 0014 5399",
        "SK31 1200 0000 1987 4263 7541",
    ];

    #[test]
    fn specimen_ibans_are_accepted_and_shown_in_groups_of_four() {
        for specimen in SPECIMENS {
            let iban = Iban::parse(specimen).unwrap_or_else(|e| panic!("{specimen}: {e:?}"));
            assert_eq!(iban.to_string(), *specimen);
            assert_eq!(iban.as_str(), specimen.replace(' ', ""));
        }
    }

    #[test]
    fn an_iban_may_be_typed_in_lower_case_with_any_spaces() {
        let iban = Iban::parse("  de89370400 440532013000\t").unwrap();
        assert_eq!(iban.as_str(), "DE89370400440532013000");
        assert_eq!(iban.country(), "DE");
        assert_eq!(iban.last4(), "3000");
        assert_eq!(
            Iban::parse("gb82 west 1234 5698 7654 32").unwrap().last4(),
            "5432"
        );
    }

    #[test]
    fn a_mistyped_iban_fails_its_check_digits() {
        assert_eq!(
            iban_error("DE89 3704 0044 0532 0130 01"),
            Invalid::IbanChecksum
        );
        // Two neighbouring digits swapped.
        assert_eq!(
            iban_error("DE89 3704 0044 0532 0103 00"),
            Invalid::IbanChecksum
        );
        assert_eq!(
            iban_error("GB83 WEST 1234 5698 7654 32"),
            Invalid::IbanChecksum
        );
    }

    #[test]
    fn an_iban_of_the_wrong_length_names_its_country_and_length() {
        assert_eq!(
            iban_error("DE89 3704 0044 0532 0130 0"),
            Invalid::IbanCountryLength {
                country: "DE".into(),
                length: 22
            }
        );
        assert_eq!(
            iban_error("BE68 5390 0754 7034 1"),
            Invalid::IbanCountryLength {
                country: "BE".into(),
                length: 16
            }
        );
    }

    #[test]
    fn other_malformed_ibans_say_why() {
        assert_eq!(iban_error("   "), Invalid::Required);
        assert_eq!(iban_error("US12 3456 7890 1234"), Invalid::UnknownCountry);
        assert_eq!(iban_error("XX00 0000"), Invalid::UnknownCountry);
        for bad in [
            "DE",
            "1289370400440532013000",
            "DEAB370400440532013000",
            "DE89-3704-0044",
            "DE89 3704 0044 0532 0130 0É",
        ] {
            assert_eq!(iban_error(bad), Invalid::IbanFormat, "{bad}");
        }
    }

    #[test]
    fn the_iban_table_is_sorted_and_covers_sepa() {
        assert!(IBAN_LENGTHS.windows(2).all(|w| w[0].0 < w[1].0));
        for sepa in [
            "AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB",
            "GI", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL",
            "NO", "PL", "PT", "RO", "SE", "SI", "SK", "SM", "VA",
        ] {
            assert!(uses_iban(sepa), "{sepa}");
        }
        assert!(uses_iban("fr"));
        assert!(!uses_iban("US"));
        assert!(!uses_iban("CA"));
        assert_eq!(iban_length("NO"), Some(15));
        assert_eq!(iban_length("LC"), Some(32));
    }

    #[test]
    fn bics_have_a_bank_a_real_country_a_location_and_maybe_a_branch() {
        for good in [
            "DEUTDEFF",
            "deutdeff500",
            "BNPA FR PP",
            "NEDSZAJJXXX",
            "COBADEFFXXX",
        ] {
            let bic = Bic::parse(good).unwrap_or_else(|e| panic!("{good}: {e:?}"));
            assert_eq!(bic.as_str(), good.replace(' ', "").to_uppercase());
        }
        assert_eq!(Bic::parse("BNPAFRPP").unwrap().country(), "FR");
        assert_eq!(
            Bic::parse(""),
            Err(ApiError::invalid(Field::Bic, Invalid::Required))
        );
        for bad in [
            "DEUTDEF",
            "DEUTDEFF5",
            "DEUTDEFF50",
            "DEUTDEFF5000",
            "DEU1DEFF",
            "DEUTQQFF",
            "DEUT1EFF",
            "DEUTDEF!",
            "DEUTDEFFÉÉ",
        ] {
            assert_eq!(
                Bic::parse(bad),
                Err(ApiError::invalid(Field::Bic, Invalid::BicFormat)),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_us_account_needs_a_checked_aba_routing_number() {
        // 011000015 (Federal Reserve Bank of Boston): 0·3+1·7+1·1+0+0+0+0·3+1·7+5·1 = 20.
        let account = DomesticAccount::parse("us", "011000015", "1234-5678 90").unwrap();
        assert_eq!(
            account,
            DomesticAccount::UnitedStates {
                routing: "011000015".into(),
                account: "1234567890".into()
            }
        );
        assert_eq!(account.last4(), "7890");
        for good in ["021000021", "121000358", "026009593"] {
            assert!(
                DomesticAccount::parse("US", good, "0001234").is_ok(),
                "{good}"
            );
        }
        let routing = |reason| vec![ApiError::invalid(Field::RoutingNumber, reason)];
        assert_eq!(
            DomesticAccount::check("US", "011000016", "12345678"),
            Err(routing(Invalid::RoutingNumberChecksum))
        );
        for bad in ["01100001", "0110000155", "01100001A"] {
            assert_eq!(
                DomesticAccount::check("US", bad, "12345678"),
                Err(routing(Invalid::RoutingNumberFormat)),
                "{bad}"
            );
        }
        let number = |reason| vec![ApiError::invalid(Field::BankAccountNumber, reason)];
        for bad in ["123", "123456789012345678", "12345ABC"] {
            assert_eq!(
                DomesticAccount::check("US", "011000015", bad),
                Err(number(Invalid::BankAccountNumberFormat)),
                "{bad}"
            );
        }
    }

    #[test]
    fn other_countries_without_iban_take_any_bank_code_and_account() {
        let account = DomesticAccount::parse("CA", "00011-001", "1234567").unwrap();
        assert_eq!(account.routing(), "00011001");
        assert_eq!(account.account(), "1234567");
        assert!(DomesticAccount::parse("IN", "HDFC0000123", "50100012345678").is_ok());
        assert!(DomesticAccount::parse("AU", "062-000", "12345678").is_ok());
        assert_eq!(
            DomesticAccount::check("CA", "", "12"),
            Err(vec![
                ApiError::invalid(Field::RoutingNumber, Invalid::Required),
                ApiError::invalid(Field::BankAccountNumber, Invalid::BankAccountNumberFormat),
            ])
        );
        assert_eq!(
            DomesticAccount::parse("CA", &"1".repeat(21), "1234"),
            Err(ApiError::invalid(
                Field::RoutingNumber,
                Invalid::RoutingNumberFormat
            ))
        );
    }

    #[test]
    fn a_country_with_iban_needs_the_iban_and_an_unknown_country_is_refused() {
        assert_eq!(
            DomesticAccount::parse("FR", "30004", "12345678"),
            Err(ApiError::invalid(
                Field::BankAccountNumber,
                Invalid::IbanRequired
            ))
        );
        assert_eq!(
            DomesticAccount::parse("ZZ", "30004", "12345678"),
            Err(ApiError::invalid(Field::Country, Invalid::UnknownCountry))
        );
    }

    #[test]
    fn a_purchase_order_number_is_optional_short_and_plain() {
        assert_eq!(PurchaseOrder::parse("  "), Ok(None));
        for good in ["PO-2024/0042", "4500012345", "acme_po.7", &"9".repeat(40)] {
            assert_eq!(
                PurchaseOrder::parse(&format!(" {good} "))
                    .unwrap()
                    .unwrap()
                    .as_str(),
                good
            );
        }
        assert_eq!(
            PurchaseOrder::parse(&"9".repeat(41)),
            Err(ApiError::invalid(
                Field::PurchaseOrder,
                Invalid::TooLong { max: 40 }
            ))
        );
        for bad in ["PO 42", "PO#42", "Bestellnr.ä", "PO\t42", "<b>"] {
            assert_eq!(
                PurchaseOrder::parse(bad),
                Err(ApiError::invalid(
                    Field::PurchaseOrder,
                    Invalid::PurchaseOrderFormat
                )),
                "{bad}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn no_payout_validator_panics_on_any_input(a in ".{0,40}", b in ".{0,24}", c in "\\PC{0,4}") {
            let _ = Iban::parse(&a).map(|i| (i.to_string(), i.last4().to_owned()));
            let _ = Bic::parse(&b);
            let _ = PurchaseOrder::parse(&a);
            let _ = DomesticAccount::check(&c, &b, &a).map(|d| d.last4().to_owned());
            let _ = DomesticAccount::check("US", &b, &a);
            let _ = uses_iban(&c);
        }

        #[test]
        fn every_accepted_iban_is_accepted_again_as_displayed(a in "[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}") {
            if let Ok(iban) = Iban::parse(&a) {
                proptest::prop_assert_eq!(Iban::parse(&iban.to_string()), Ok(iban));
            }
        }
    }
}
