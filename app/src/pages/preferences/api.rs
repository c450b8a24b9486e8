//! My preferences: every function works on the caller's own preferences (the session says
//! whose); none takes a user id from the browser.

use domain::confirmations::{EmailPurpose, PendingEmail};
use domain::preferences::{
    AlternateEmail, AlternateEmailForm, Channels, ChannelsForm, ContactDetails, ContactDetailsForm,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// The caller's contact details for notifications (notification email in use, job title,
/// email language).
#[server(prefix = "/api", endpoint = "preferences_contact", input = Json)]
pub async fn get_contact_details() -> Result<ContactDetails, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::preferences::contact_details(&db(), &principal()?).await)
}

/// Saves the caller's contact details opened at `version`. A new notification email is mailed
/// a confirmation link and used only once confirmed.
#[server(prefix = "/api", endpoint = "preferences_contact_save", input = Json)]
pub async fn save_contact_details(
    form: ContactDetailsForm,
    version: i64,
) -> Result<ContactDetails, Error> {
    use crate::api::server::{answer, context, principal};
    let normalised = form.parse()?;
    let ctx = context();
    answer(
        backend::preferences::save_contact_details(
            &ctx.db,
            &principal()?,
            normalised,
            version,
            &ctx.public_url,
        )
        .await,
    )
}

/// The caller's own address of `purpose` (notification or alternate email) waiting for
/// confirmation, if any. Only personal purposes: the company's addresses are Legal info's.
#[server(prefix = "/api", endpoint = "preferences_pending", input = Json)]
pub async fn pending_personal_email(purpose: EmailPurpose) -> Result<Option<PendingEmail>, Error> {
    use crate::api::server::{answer, db, principal};
    let purpose = personal(purpose)?;
    answer(backend::confirmations::pending(&db(), &principal()?, purpose).await)
}

/// Withdraws the caller's pending address of `purpose` (the one in use stays).
#[server(prefix = "/api", endpoint = "preferences_pending_cancel", input = Json)]
pub async fn cancel_personal_email(purpose: EmailPurpose) -> Result<(), Error> {
    use crate::api::server::{answer, db, principal};
    let purpose = personal(purpose)?;
    answer(backend::confirmations::cancel(&db(), &principal()?, purpose).await)
}

/// Mails the caller's pending address of `purpose` a new link.
#[server(prefix = "/api", endpoint = "preferences_pending_resend", input = Json)]
pub async fn resend_personal_email(purpose: EmailPurpose) -> Result<(), Error> {
    use crate::api::server::{answer, context, principal};
    let purpose = personal(purpose)?;
    let ctx = context();
    answer(backend::confirmations::resend(&ctx.db, &principal()?, purpose, &ctx.public_url).await)
}

/// Only a user's own addresses are managed here.
#[cfg(feature = "ssr")]
fn personal(purpose: EmailPurpose) -> Result<EmailPurpose, Error> {
    if purpose.personal() {
        Ok(purpose)
    } else {
        Err(Error(domain::ApiError::Malformed))
    }
}

/// The caller's channel for each notification category.
#[server(prefix = "/api", endpoint = "preferences_channels", input = Json)]
pub async fn get_channels() -> Result<Channels, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::preferences::channels(&db(), &principal()?).await)
}

/// Saves the caller's channels opened at `version` (every category once; none muted).
#[server(prefix = "/api", endpoint = "preferences_channels_save", input = Json)]
pub async fn save_channels(form: ChannelsForm, version: i64) -> Result<Channels, Error> {
    use crate::api::server::{answer, db, principal};
    let parsed = form.parse()?;
    answer(backend::preferences::save_channels(&db(), &principal()?, parsed, version).await)
}

/// The caller's alternate email for overdue invoices and late payments.
#[server(prefix = "/api", endpoint = "preferences_alternate", input = Json)]
pub async fn get_alternate_email() -> Result<AlternateEmail, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::preferences::alternate_email(&db(), &principal()?).await)
}

/// Saves the caller's alternate email opened at `version`: checked again here (neither
/// onmicrosoft.com nor free mail), whatever the browser did.
#[server(prefix = "/api", endpoint = "preferences_alternate_save", input = Json)]
pub async fn save_alternate_email(
    form: AlternateEmailForm,
    version: i64,
) -> Result<AlternateEmail, Error> {
    use crate::api::server::{answer, context, principal};
    let parsed = form.parse()?;
    let ctx = context();
    answer(
        backend::preferences::save_alternate_email(
            &ctx.db,
            &principal()?,
            parsed,
            version,
            &ctx.public_url,
        )
        .await,
    )
}
