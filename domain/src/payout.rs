//! Where a partner's payouts go and what their invoices carry: the bank account (an IBAN and
//! BIC, or a domestic routing and account number where the country has no IBAN) and the
//! purchase order number. Pure checks: whether the account exists is only known to the bank.

use serde::{Deserialize, Serialize};

use crate::address::{validate, AddressInput, Validation};
use crate::country::CountryCode;
use crate::currency::CurrencyCode;
use crate::email::EmailAddress;
use crate::error::{ApiError, Field, Invalid};
use crate::names::CompanyName;

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

// ---------------------------------------------------------------------------------------------
// The payout account and the billing information as the page and the server exchange them.

/// The last four characters of a bank account number (or IBAN): all the browser ever gets of
/// one. Made on the server from the full number with [`Last4::of`]; read back from JSON only
/// when it is at most four letters or digits, so no wire type holding it can carry a number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Last4(String);

impl Last4 {
    /// The last four letters or digits of `number` (spaces and dashes skipped).
    pub fn of(number: &str) -> Last4 {
        let kept: Vec<char> = number.chars().filter(char::is_ascii_alphanumeric).collect();
        Last4(kept[kept.len().saturating_sub(4)..].iter().collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Last4 {
    /// `•••• 0189`: says a number is there without showing it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "•••• {}", self.0)
    }
}

impl TryFrom<String> for Last4 {
    type Error = ApiError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        if value.chars().count() <= 4 && value.chars().all(|c| c.is_ascii_alphanumeric()) {
            Ok(Last4(value))
        } else {
            Err(ApiError::Malformed)
        }
    }
}

impl From<Last4> for String {
    fn from(value: Last4) -> Self {
        value.0
    }
}

/// Where payouts go: an IBAN with its bank's BIC, or a domestic account. Kept encrypted at
/// rest and never sent to the browser (only [`PayoutAccountSummary`] is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BankDetails {
    Iban { iban: Iban, bic: Bic },
    Domestic(DomesticAccount),
}

impl BankDetails {
    /// The last four characters of the IBAN or account number.
    pub fn last4(&self) -> Last4 {
        match self {
            BankDetails::Iban { iban, .. } => Last4::of(iban.last4()),
            BankDetails::Domestic(account) => Last4::of(account.last4()),
        }
    }

    pub fn scheme(&self) -> BankScheme {
        match self {
            BankDetails::Iban { .. } => BankScheme::Iban,
            BankDetails::Domestic(_) => BankScheme::Domestic,
        }
    }

    /// The bank's BIC, for IBAN accounts (a bank's public code, not the account).
    pub fn bic(&self) -> Option<&str> {
        match self {
            BankDetails::Iban { bic, .. } => Some(bic.as_str()),
            BankDetails::Domestic(_) => None,
        }
    }
}

/// How a bank account is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BankScheme {
    Iban,
    Domestic,
}

impl BankScheme {
    pub fn code(self) -> &'static str {
        match self {
            BankScheme::Iban => "iban",
            BankScheme::Domestic => "domestic",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [BankScheme::Iban, BankScheme::Domestic]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// The payout account form as typed. It travels from the browser to the server only; what
/// comes back is a [`PayoutAccountSummary`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutAccountForm {
    /// Whose name the account is in (usually the company's legal name).
    pub holder: String,
    /// The country of the bank (ISO 3166-1 alpha-2): decides IBAN or domestic account.
    pub bank_country: String,
    pub iban: String,
    pub bic: String,
    pub routing: String,
    pub account_number: String,
    /// The currency payouts are made in (ISO 4217).
    pub currency: String,
}

/// A payout account that may be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPayoutAccount {
    pub holder: String,
    pub bank_country: CountryCode,
    pub bank: BankDetails,
    pub currency: CurrencyCode,
}

impl PayoutAccountForm {
    /// Whether the chosen bank country takes an IBAN (otherwise routing and account number).
    pub fn wants_iban(&self) -> bool {
        uses_iban(&self.bank_country)
    }

    pub fn parse(&self) -> Result<ValidPayoutAccount, ApiError> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => self.checked().ok_or(ApiError::Malformed),
        }
    }

    fn holder(&self) -> Result<String, ApiError> {
        CompanyName::parse(&self.holder)
            .map(|n| n.as_str().to_owned())
            .map_err(|e| e.for_field(Field::AccountHolder))
    }

    /// The IBAN, which must be of a bank in the bank country chosen (its first two letters).
    fn iban(&self) -> Result<Iban, ApiError> {
        let iban = Iban::parse(&self.iban)?;
        let iban_country = &iban.as_str()[..2];
        if !iban_country.eq_ignore_ascii_case(self.bank_country.trim()) {
            return Err(ApiError::invalid(
                Field::Iban,
                Invalid::IbanOtherCountry {
                    iban_country: iban_country.to_owned(),
                },
            ));
        }
        Ok(iban)
    }

    fn checked(&self) -> Option<ValidPayoutAccount> {
        let bank_country = CountryCode::parse(&self.bank_country).ok()?;
        let bank = if self.wants_iban() {
            BankDetails::Iban {
                iban: self.iban().ok()?,
                bic: Bic::parse(&self.bic).ok()?,
            }
        } else {
            BankDetails::Domestic(
                DomesticAccount::parse(&self.bank_country, &self.routing, &self.account_number)
                    .ok()?,
            )
        };
        Some(ValidPayoutAccount {
            holder: self.holder().ok()?,
            bank_country,
            bank,
            currency: CurrencyCode::parse(&self.currency, Field::Currency).ok()?,
        })
    }

    /// Every problem, in form order, to show each beside its field.
    pub fn problems(&self) -> Vec<ApiError> {
        let mut found: Vec<ApiError> = self.holder().err().into_iter().collect();
        match CountryCode::parse(&self.bank_country) {
            Err(e) => found.push(e),
            Ok(_) if self.wants_iban() => {
                found.extend(self.iban().err());
                found.extend(Bic::parse(&self.bic).err());
            }
            Ok(_) => found.extend(
                DomesticAccount::check(&self.bank_country, &self.routing, &self.account_number)
                    .err()
                    .unwrap_or_default(),
            ),
        }
        found.extend(CurrencyCode::parse(&self.currency, Field::Currency).err());
        found
    }
}

/// Where a payout account stands. A new one is pending until a platform reviewer approves it
/// or asks for action; payouts go to the approved one meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PayoutStatus {
    /// Waiting for a platform reviewer.
    Pending,
    /// Payouts go here.
    Approved,
    /// The reviewer needs the partner to act (their reason is kept); payouts stay where they were.
    ActionRequired,
    /// Replaced by a newer account before any decision.
    Withdrawn,
    /// Was approved, then a newer account was approved in its place.
    Retired,
}

impl PayoutStatus {
    pub const ALL: [PayoutStatus; 5] = [
        PayoutStatus::Pending,
        PayoutStatus::Approved,
        PayoutStatus::ActionRequired,
        PayoutStatus::Withdrawn,
        PayoutStatus::Retired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PayoutStatus::Pending => "pending",
            PayoutStatus::Approved => "approved",
            PayoutStatus::ActionRequired => "action-required",
            PayoutStatus::Withdrawn => "withdrawn",
            PayoutStatus::Retired => "retired",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        PayoutStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the account still waits for the partner or the reviewer (a newer submission
    /// withdraws it).
    pub fn is_open(self) -> bool {
        matches!(self, PayoutStatus::Pending | PayoutStatus::ActionRequired)
    }
}

/// A platform reviewer's decision on a pending payout account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayoutDecision {
    Approve,
    /// The partner must act (e.g. the holder does not match the legal name), with the reason.
    ActionRequired {
        reason: String,
    },
}

/// The longest reason a reviewer may give.
pub const MAX_REASON: usize = 2000;

/// The status after `decision` on an account in `status`: only a pending account is decided,
/// and asking for action needs a reason (beside the reason field when missing).
pub fn decide(status: PayoutStatus, decision: &PayoutDecision) -> Result<PayoutStatus, ApiError> {
    if let PayoutDecision::ActionRequired { reason } = decision {
        let len = reason.trim().chars().count();
        if len == 0 {
            return Err(ApiError::invalid(Field::Message, Invalid::Required));
        }
        if len > MAX_REASON {
            return Err(ApiError::invalid(
                Field::Message,
                Invalid::TooLong {
                    max: MAX_REASON as u32,
                },
            ));
        }
    }
    if status != PayoutStatus::Pending {
        return Err(ApiError::Conflict(
            crate::error::ConflictKind::PayoutNotPending,
        ));
    }
    Ok(match decision {
        PayoutDecision::Approve => PayoutStatus::Approved,
        PayoutDecision::ActionRequired { .. } => PayoutStatus::ActionRequired,
    })
}

/// A payout account as the browser sees it: masked (only the last four characters of the
/// number), with where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutAccountSummary {
    pub id: i64,
    pub holder: String,
    pub bank_country: String,
    pub scheme: BankScheme,
    /// The bank's BIC for IBAN accounts (the bank's public code).
    pub bic: Option<String>,
    pub last4: Last4,
    pub currency: String,
    pub status: PayoutStatus,
    /// The reviewer's reason, when action is required.
    pub reason: Option<String>,
    /// When and by whom (email) it was entered.
    pub submitted_at: i64,
    pub submitted_by: String,
    /// When a reviewer decided, if one has.
    pub decided_at: Option<i64>,
}

/// The payout section of the page: where payouts go now and what waits for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutView {
    /// The approved account payouts go to, if any.
    pub current: Option<PayoutAccountSummary>,
    /// The newest account entered since, pending review or with action required.
    pub pending: Option<PayoutAccountSummary>,
    /// Sent back with a change: refused if someone changed the payout account meanwhile.
    pub version: i64,
    /// Whether the server can store bank details (an encryption key is configured).
    pub configured: bool,
}

/// A pending payout account in the platform reviewers' queue, with its company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutReviewItem {
    pub account_id: i64,
    pub legal_name: String,
    pub partner_id: String,
    pub country: String,
    pub payout: PayoutAccountSummary,
}

/// One line describing a payout account for the audit log: never more of the number than its
/// last four characters.
pub fn audit_line(holder: &str, bank: &BankDetails, currency: &str) -> String {
    let bic = bank.bic().map(|b| format!(" · {b}")).unwrap_or_default();
    format!(
        "{holder} · {} {}{bic} · {currency}",
        bank.scheme().code(),
        bank.last4()
    )
}

/// The billing information printed on invoices, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingForm {
    pub address: AddressInput,
    /// Where invoices and billing questions go.
    pub email: String,
    /// Optional; printed on invoices.
    pub purchase_order: String,
}

impl BillingForm {
    /// The form as stored: address tidied (kept as typed when the user chose so over the
    /// standard form), email lower-cased, purchase order trimmed.
    pub fn parse(&self) -> Result<BillingForm, ApiError> {
        let address = match validate(&self.address) {
            Validation::Valid(address) => address,
            Validation::Suggest { entered, .. } => entered,
            Validation::Invalid(problems) => {
                return Err(problems
                    .first()
                    .map(crate::locations::address_error)
                    .unwrap_or(ApiError::Malformed))
            }
        };
        let email = EmailAddress::parse(&self.email, Field::BillingEmail)?;
        let purchase_order = PurchaseOrder::parse(&self.purchase_order)?;
        Ok(BillingForm {
            address,
            email: email.as_str().to_owned(),
            purchase_order: purchase_order.map(|p| p.0).unwrap_or_default(),
        })
    }

    /// Every problem, to show each beside its field.
    pub fn problems(&self) -> Vec<ApiError> {
        let mut found = Vec::new();
        if let Validation::Invalid(problems) = validate(&self.address) {
            found.extend(problems.iter().map(crate::locations::address_error));
        }
        found.extend(EmailAddress::parse(&self.email, Field::BillingEmail).err());
        found.extend(PurchaseOrder::parse(&self.purchase_order).err());
        found
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

#[cfg(test)]
pub(crate) mod payout_account_tests {
    use super::*;

    const IBAN: &str = "FR76 3000 6000 0112 3456 7890 189";

    fn iban_form() -> PayoutAccountForm {
        PayoutAccountForm {
            holder: "Contoso Ltd".into(),
            bank_country: "FR".into(),
            iban: IBAN.into(),
            bic: "agrifrpp".into(),
            currency: "eur".into(),
            ..Default::default()
        }
    }

    fn fields(problems: &[ApiError]) -> Vec<Field> {
        problems.iter().filter_map(ApiError::field).collect()
    }

    #[test]
    fn an_iban_of_another_country_than_the_bank_country_is_refused_beside_it() {
        let german_bank = PayoutAccountForm {
            bank_country: "DE".into(),
            ..iban_form()
        };
        assert_eq!(
            german_bank.problems(),
            vec![ApiError::invalid(
                Field::Iban,
                Invalid::IbanOtherCountry {
                    iban_country: "FR".into()
                }
            )]
        );
        assert!(german_bank.parse().is_err());
        assert!(iban_form().parse().is_ok());
    }

    #[test]
    fn only_the_last_four_characters_of_a_number_can_be_carried() {
        assert_eq!(Last4::of("FR7630006000011234567890189").as_str(), "0189");
        assert_eq!(Last4::of("12-34 5").as_str(), "2345");
        assert_eq!(Last4::of("12").as_str(), "12");
        assert_eq!(
            Last4::of("FR7630006000011234567890189").to_string(),
            "•••• 0189"
        );
        let json = serde_json::to_string(&Last4::of("FR7630006000011234567890189")).unwrap();
        assert_eq!(json, "\"0189\"");
        // A full number cannot come back in through the wire type.
        assert!(serde_json::from_str::<Last4>("\"FR7630006000011234567890189\"").is_err());
        assert!(serde_json::from_str::<Last4>("\"01 9\"").is_err());
        assert!(serde_json::from_str::<Last4>("\"0189\"").is_ok());
    }

    #[test]
    fn a_french_account_takes_an_iban_and_a_bic() {
        let valid = iban_form().parse().unwrap();
        assert_eq!(valid.holder, "Contoso Ltd");
        assert_eq!(valid.bank_country.as_str(), "FR");
        assert_eq!(valid.currency.as_str(), "EUR");
        assert_eq!(valid.bank.scheme(), BankScheme::Iban);
        assert_eq!(valid.bank.bic(), Some("AGRIFRPP"));
        assert_eq!(valid.bank.last4().as_str(), "0189");
        assert!(iban_form().problems().is_empty());
    }

    #[test]
    fn a_wrong_iban_is_refused_beside_the_iban_field_with_every_other_problem() {
        let form = PayoutAccountForm {
            iban: "FR7630006000011234567890188".into(),
            bic: "AGRI".into(),
            holder: String::new(),
            currency: "XYZ".into(),
            ..iban_form()
        };
        assert_eq!(
            fields(&form.problems()),
            vec![
                Field::AccountHolder,
                Field::Iban,
                Field::Bic,
                Field::Currency
            ]
        );
        assert_eq!(
            form.parse(),
            Err(ApiError::invalid(Field::AccountHolder, Invalid::Required))
        );
        let only_iban = PayoutAccountForm {
            iban: "FR7630006000011234567890188".into(),
            ..iban_form()
        };
        assert_eq!(
            only_iban.parse(),
            Err(ApiError::invalid(Field::Iban, Invalid::IbanChecksum))
        );
    }

    #[test]
    fn an_account_in_a_country_without_iban_takes_routing_and_account_numbers() {
        let form = PayoutAccountForm {
            holder: "Tailspin Toys LLC".into(),
            bank_country: "US".into(),
            routing: "011000015".into(),
            account_number: "1234 5678 9012".into(),
            currency: "USD".into(),
            ..Default::default()
        };
        assert!(!form.wants_iban());
        let valid = form.parse().unwrap();
        assert_eq!(valid.bank.scheme(), BankScheme::Domestic);
        assert_eq!(valid.bank.last4().as_str(), "9012");
        assert_eq!(valid.bank.bic(), None);
        let wrong = PayoutAccountForm {
            routing: "011000016".into(),
            account_number: "12".into(),
            ..form
        };
        assert_eq!(
            fields(&wrong.problems()),
            vec![Field::RoutingNumber, Field::BankAccountNumber]
        );
        let no_country = PayoutAccountForm {
            bank_country: String::new(),
            ..iban_form()
        };
        assert_eq!(fields(&no_country.problems()), vec![Field::Country]);
    }

    #[test]
    fn only_a_pending_account_is_decided_and_asking_for_action_needs_a_reason() {
        use PayoutStatus::*;
        let ask = |reason: &str| PayoutDecision::ActionRequired {
            reason: reason.into(),
        };
        assert_eq!(decide(Pending, &PayoutDecision::Approve), Ok(Approved));
        assert_eq!(
            decide(Pending, &ask("The holder is not the legal name")),
            Ok(ActionRequired)
        );
        assert_eq!(
            decide(Pending, &ask("  ")),
            Err(ApiError::invalid(Field::Message, Invalid::Required))
        );
        assert_eq!(
            decide(Pending, &ask(&"x".repeat(MAX_REASON + 1))),
            Err(ApiError::invalid(
                Field::Message,
                Invalid::TooLong {
                    max: MAX_REASON as u32
                }
            ))
        );
        for status in [Approved, ActionRequired, Withdrawn, Retired] {
            assert_eq!(
                decide(status, &PayoutDecision::Approve),
                Err(ApiError::Conflict(
                    crate::error::ConflictKind::PayoutNotPending
                )),
                "{status:?}"
            );
        }
        for status in PayoutStatus::ALL {
            assert_eq!(PayoutStatus::from_code(status.code()), Some(status));
        }
        assert!(Pending.is_open() && ActionRequired.is_open() && !Approved.is_open());
    }

    #[test]
    fn the_audit_line_names_the_account_by_its_last_four_characters_only() {
        let valid = iban_form().parse().unwrap();
        let line = audit_line(&valid.holder, &valid.bank, valid.currency.as_str());
        assert_eq!(line, "Contoso Ltd · iban •••• 0189 · AGRIFRPP · EUR");
        assert!(!line.contains("30006000011234567890"));
    }

    /// A French company's billing information as typed (the audit log's tests use it too).
    pub(crate) fn billing() -> BillingForm {
        BillingForm {
            address: AddressInput {
                country: "FR".into(),
                street: "1 rue de la Paix".into(),
                city: "Paris".into(),
                region: String::new(),
                postal_code: "75002".into(),
            },
            email: "Billing@Contoso.example".into(),
            purchase_order: " PO-2026/114_a.b ".into(),
        }
    }

    #[test]
    fn billing_information_is_tidied_for_storage() {
        let saved = billing().parse().unwrap();
        assert_eq!(saved.email, "billing@contoso.example");
        assert_eq!(saved.purchase_order, "PO-2026/114_a.b");
        assert_eq!(saved.address.postal_code, "75002");
        let no_po = BillingForm {
            purchase_order: String::new(),
            ..billing()
        };
        assert_eq!(no_po.parse().unwrap().purchase_order, "");
    }

    #[test]
    fn a_bad_purchase_order_or_address_is_refused_beside_its_field() {
        let bad = BillingForm {
            purchase_order: "PO 2026".into(),
            email: "nobody".into(),
            address: AddressInput {
                postal_code: "7500".into(),
                ..billing().address
            },
        };
        assert_eq!(
            fields(&bad.problems()),
            vec![Field::PostalCode, Field::BillingEmail, Field::PurchaseOrder]
        );
        let long = BillingForm {
            purchase_order: "P".repeat(MAX_PURCHASE_ORDER + 1),
            ..billing()
        };
        assert_eq!(
            long.parse(),
            Err(ApiError::invalid(
                Field::PurchaseOrder,
                Invalid::TooLong { max: 40 }
            ))
        );
    }

    proptest::proptest! {
        #[test]
        fn no_payout_form_check_panics(a in "\\PC{0,30}", b in "\\PC{0,4}", c in "\\PC{0,20}") {
            let form = PayoutAccountForm {
                holder: a.clone(), bank_country: b.clone(), iban: a.clone(), bic: c.clone(),
                routing: c.clone(), account_number: a.clone(), currency: b.clone(),
            };
            let _ = form.parse();
            let _ = form.problems();
            let _ = Last4::of(&a);
            let _ = Last4::try_from(a.clone());
            let billing = BillingForm {
                address: AddressInput { country: b, street: a.clone(), city: c.clone(),
                    region: c.clone(), postal_code: c }, email: a.clone(), purchase_order: a,
            };
            let _ = billing.parse();
            let _ = billing.problems();
        }
    }
}
