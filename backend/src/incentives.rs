//! Incentives settings: one versioned record per account, kept by the shared `records` mechanism.

use domain::audit::{changed_fields, Said, Told};
use domain::model::{IncentiveForm, IncentiveSettings, ValidIncentives};
use domain::Field;

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

/// The changed fields, before and after, for the audit log.
fn differences(before: &IncentiveForm, after: &IncentiveForm) -> (Told, Told) {
    let pair = |field, pick: fn(&IncentiveForm) -> &String| {
        (field, Said::text(pick(before)), Said::text(pick(after)))
    };
    changed_fields(vec![
        pair(Field::PaymentContactName, |f| &f.payment_contact_name),
        pair(Field::PaymentContactEmail, |f| &f.payment_contact_email),
        pair(Field::ClaimsEmail, |f| &f.claims_email),
    ])
}
