//! Invoices the platform sends the partner: what the Invoices page lists, and the one rule the
//! overdue job applies (an unpaid invoice past its due date is overdue).

use serde::{Deserialize, Serialize};

use crate::locale::Locale;

/// Where an invoice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoiceStatus {
    /// Sent, not paid, not yet due.
    Unpaid,
    Paid,
    /// Unpaid past its due date: the overdue notice has gone out.
    Overdue,
}

impl InvoiceStatus {
    pub const ALL: [InvoiceStatus; 3] = [
        InvoiceStatus::Unpaid,
        InvoiceStatus::Paid,
        InvoiceStatus::Overdue,
    ];

    /// A stable identifier, stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            InvoiceStatus::Unpaid => "unpaid",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Overdue => "overdue",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        InvoiceStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One invoice as the Invoices page shows it. Dates are `YYYY-MM-DD` (calendar dates, no time
/// of day); the amount is in the currency's minor unit (cents), never a float.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub number: String,
    pub issued_on: String,
    pub due_on: String,
    pub amount_minor: i64,
    /// ISO 4217.
    pub currency: String,
    pub status: InvoiceStatus,
}

/// Whether an invoice in `status`, due on `due_on`, is overdue on `today` (both `YYYY-MM-DD`):
/// unpaid and its due date is past. The due date itself is still on time.
pub fn becomes_overdue(status: InvoiceStatus, due_on: &str, today: &str) -> bool {
    status == InvoiceStatus::Unpaid && due_on < today
}

/// The calendar date (UTC) of Unix time `unix`, as `YYYY-MM-DD`.
pub fn date_of(unix: i64) -> String {
    crate::dates::iso_utc(unix)[..10].to_string()
}

/// Currencies without a minor unit (ISO 4217 exponent 0); the others shown here have two.
const NO_MINOR_UNIT: [&str; 16] = [
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF",
];

/// Currencies with three decimals.
const THREE_DECIMALS: [&str; 7] = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

/// How many decimals `currency` has.
pub fn minor_digits(currency: &str) -> u32 {
    if NO_MINOR_UNIT.contains(&currency) {
        0
    } else if THREE_DECIMALS.contains(&currency) {
        3
    } else {
        2
    }
}

/// An amount as people of `locale` write it, with its currency code: `1,234.50 EUR` in English,
/// `1 234,50 EUR` in French (a narrow no-break space groups thousands, as French typography
/// does).
pub fn format_amount(amount_minor: i64, currency: &str, locale: Locale) -> String {
    let digits = minor_digits(currency);
    let scale = 10_i64.pow(digits);
    let sign = if amount_minor < 0 { "-" } else { "" };
    let magnitude = amount_minor.unsigned_abs();
    let whole = magnitude / scale as u64;
    let fraction = magnitude % scale as u64;
    let (group, decimal) = match locale {
        Locale::En => (",", "."),
        Locale::Fr => ("\u{202f}", ","),
    };
    let whole = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push_str(group);
        }
        grouped.push(c);
    }
    if digits == 0 {
        format!("{sign}{grouped} {currency}")
    } else {
        format!(
            "{sign}{grouped}{decimal}{fraction:0width$} {currency}",
            width = digits as usize
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for status in InvoiceStatus::ALL {
            assert_eq!(InvoiceStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(InvoiceStatus::from_code("late"), None);
    }

    #[test]
    fn only_an_unpaid_invoice_past_its_due_date_becomes_overdue() {
        assert!(becomes_overdue(
            InvoiceStatus::Unpaid,
            "2026-10-31",
            "2026-11-01"
        ));
        assert!(!becomes_overdue(
            InvoiceStatus::Unpaid,
            "2026-11-01",
            "2026-11-01"
        ));
        assert!(!becomes_overdue(
            InvoiceStatus::Paid,
            "2026-10-31",
            "2026-11-01"
        ));
        assert!(!becomes_overdue(
            InvoiceStatus::Overdue,
            "2026-10-31",
            "2026-11-01"
        ));
        // Year boundaries compare as dates, not as numbers.
        assert!(becomes_overdue(
            InvoiceStatus::Unpaid,
            "2026-12-31",
            "2027-01-01"
        ));
    }

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(86_399), "1970-01-01");
        assert_eq!(date_of(86_400), "1970-01-02");
        assert_eq!(date_of(1_795_000_000), "2026-11-18");
    }

    #[test]
    fn amounts_are_written_per_locale_and_currency() {
        assert_eq!(format_amount(123_450, "EUR", Locale::En), "1,234.50 EUR");
        assert_eq!(
            format_amount(123_450, "EUR", Locale::Fr),
            "1\u{202f}234,50 EUR"
        );
        assert_eq!(format_amount(5, "USD", Locale::En), "0.05 USD");
        assert_eq!(format_amount(1_500_000, "JPY", Locale::En), "1,500,000 JPY");
        assert_eq!(format_amount(12_345, "KWD", Locale::En), "12.345 KWD");
        assert_eq!(format_amount(-250, "EUR", Locale::En), "-2.50 EUR");
        assert_eq!(format_amount(0, "EUR", Locale::Fr), "0,00 EUR");
        assert_eq!(
            format_amount(i64::MIN, "EUR", Locale::En),
            "-92,233,720,368,547,758.08 EUR"
        );
    }
}
