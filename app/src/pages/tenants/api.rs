use domain::tenants::{DirectoryAnswer, DirectorySignIn, Tenant, TenantKind, TenantsView};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::api::Error;

#[cfg(feature = "ssr")]
fn tenant_directory() -> Result<backend::tenants::TenantDirectory, Error> {
    crate::api::server::context()
        .tenant_directory
        .ok_or(Error(domain::ApiError::Unavailable))
}

#[cfg(feature = "ssr")]
fn tenant_id(input: &str) -> Result<domain::tenants::Guid, Error> {
    // A tenant ID that is not a GUID names no tenant of the account.
    domain::tenants::Guid::parse(input).map_err(|_| Error(domain::ApiError::NotFound))
}

/// The account's tenants, and whether a directory is there to associate more.
#[server(prefix = "/api", endpoint = "tenants", input = Json)]
pub async fn list_tenants() -> Result<TenantsView, Error> {
    use crate::api::server::{answer, context, db, principal};
    let tenants = answer(backend::tenants::list(&db(), &principal()?).await)?;
    Ok(TenantsView {
        tenants,
        can_associate: context().tenant_directory.is_some(),
    })
}

/// Starts a sign-in to the directory to associate a tenant of `kind`; answers where to go.
#[server(prefix = "/api", endpoint = "tenant_association_start", input = Json)]
pub async fn start_tenant_association(kind: TenantKind) -> Result<DirectorySignIn, Error> {
    use crate::api::server::{answer, db, principal};
    let directory = tenant_directory()?;
    answer(backend::tenants::start_association(&db(), &principal()?, &directory, kind).await)
}

/// Completes the sign-in with what the directory sent back, and associates the tenant.
#[server(prefix = "/api", endpoint = "tenant_association_complete", input = Json)]
pub async fn complete_tenant_association(answer: DirectoryAnswer) -> Result<Tenant, Error> {
    use crate::api::server::{answer as map, db, principal};
    let directory = tenant_directory()?;
    map(backend::tenants::complete_association(&db(), &principal()?, &directory, answer).await)
}

/// Renames a tenant opened at `version`.
#[server(prefix = "/api", endpoint = "tenant_rename", input = Json)]
pub async fn rename_tenant(
    tenant_id: String,
    display_name: String,
    version: i64,
) -> Result<Tenant, Error> {
    use crate::api::server::{answer, db, principal};
    let name = domain::tenants::TenantDisplayName::parse(&display_name)?;
    let id = self::tenant_id(&tenant_id)?;
    answer(backend::tenants::rename(&db(), &principal()?, &id, &name, version).await)
}

/// Removes a tenant (not the primary one, not the last commercial one).
#[server(prefix = "/api", endpoint = "tenant_remove", input = Json)]
pub async fn remove_tenant(tenant_id: String) -> Result<(), Error> {
    use crate::api::server::{answer, db, principal};
    let id = self::tenant_id(&tenant_id)?;
    answer(backend::tenants::remove(&db(), &principal()?, &id).await)
}
