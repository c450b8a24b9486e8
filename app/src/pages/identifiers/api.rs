use domain::identifiers::Identifiers;
use domain::publishing::{
    Approver, ApproverForm, PublisherName, PublisherNameForm, SellerContact, SellerContactForm,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

/// Every identifier of the account: partner ID, location IDs, publisher IDs.
#[server(prefix = "/api", endpoint = "identifiers", input = Json)]
pub async fn get_identifiers() -> Result<Identifiers, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::identifiers::view(&db(), &principal()?).await)
}

/// Reads the record `T` (one of the three around the identifiers).
#[cfg(feature = "ssr")]
async fn get_record<T: backend::records::Record>() -> Result<domain::model::Versioned<T>, Error> {
    use crate::api::server::{answer, db, principal};
    answer(backend::records::get(&db(), &principal()?).await)
}

/// Checks `form` and saves it as the record `T` opened at `version`, audited.
#[cfg(feature = "ssr")]
async fn save_record<T: backend::records::Record>(
    form: Result<T, Vec<domain::ApiError>>,
    version: i64,
    describe: impl Fn(&T, &T) -> (domain::audit::Told, domain::audit::Told),
) -> Result<domain::model::Versioned<T>, Error> {
    use crate::api::server::{answer, db, principal};
    let form = form.map_err(|problems| {
        Error(
            problems
                .into_iter()
                .next()
                .unwrap_or(domain::ApiError::Malformed),
        )
    })?;
    answer(backend::records::save(&db(), &principal()?, &form, version, describe).await)
}

#[server(prefix = "/api", endpoint = "publisher_name", input = Json)]
pub async fn get_publisher_name() -> Result<PublisherName, Error> {
    get_record::<PublisherNameForm>().await
}

#[server(prefix = "/api", endpoint = "publisher_name_save", input = Json)]
pub async fn save_publisher_name(
    form: PublisherNameForm,
    version: i64,
) -> Result<PublisherName, Error> {
    let describe = domain::audit::differences::publisher_name;
    save_record(form.check(), version, describe).await
}

#[server(prefix = "/api", endpoint = "seller_contact", input = Json)]
pub async fn get_seller_contact() -> Result<SellerContact, Error> {
    get_record::<SellerContactForm>().await
}

#[server(prefix = "/api", endpoint = "seller_contact_save", input = Json)]
pub async fn save_seller_contact(
    form: SellerContactForm,
    version: i64,
) -> Result<SellerContact, Error> {
    let describe = domain::audit::differences::seller_contact;
    save_record(form.check(), version, describe).await
}

#[server(prefix = "/api", endpoint = "company_approver", input = Json)]
pub async fn get_company_approver() -> Result<Approver, Error> {
    get_record::<ApproverForm>().await
}

#[server(prefix = "/api", endpoint = "company_approver_save", input = Json)]
pub async fn save_company_approver(form: ApproverForm, version: i64) -> Result<Approver, Error> {
    let describe = domain::audit::differences::approver;
    save_record(form.check(), version, describe).await
}
