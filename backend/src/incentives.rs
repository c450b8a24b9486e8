//! Incentives settings: one versioned record per account, kept by the shared `records` mechanism.

use domain::model::{IncentiveForm, IncentiveSettings, ValidIncentives};

use crate::error::Result;
use crate::principal::Principal;
use crate::records;
use crate::store::Db;

/// The account's settings; a never-saved record is empty at version 0.
pub async fn get(db: &Db, who: &Principal) -> Result<IncentiveSettings> {
    records::get(db, who).await
}

/// Saves the settings if nobody saved them since `version`; otherwise refuses with who saved,
/// when, and the settings as they now are.
pub async fn update(
    db: &Db,
    who: &Principal,
    valid: ValidIncentives,
    version: i64,
) -> Result<IncentiveSettings> {
    let form = IncentiveForm {
        payment_contact_name: valid.payment_contact_name.as_str().to_owned(),
        payment_contact_email: valid.payment_contact_email.as_str().to_owned(),
        claims_email: valid.claims_email.as_str().to_owned(),
    };
    records::save(db, who, &form, version, differences).await
}

/// The changed fields, before and after, as `field: value` lines for the audit log.
fn differences(before: &IncentiveForm, after: &IncentiveForm) -> (String, String) {
    let fields = [
        (
            "payment_contact_name",
            &before.payment_contact_name,
            &after.payment_contact_name,
        ),
        (
            "payment_contact_email",
            &before.payment_contact_email,
            &after.payment_contact_email,
        ),
        ("claims_email", &before.claims_email, &after.claims_email),
    ];
    let changed: Vec<_> = fields.iter().filter(|(_, b, a)| b != a).collect();
    let side = |pick: fn(&(&str, &String, &String)) -> String| {
        changed
            .iter()
            .map(|f| pick(f))
            .collect::<Vec<_>>()
            .join("; ")
    };
    (
        side(|(n, b, _)| format!("{n}: {b}")),
        side(|(n, _, a)| format!("{n}: {a}")),
    )
}
