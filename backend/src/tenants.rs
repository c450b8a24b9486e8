//! Directory tenants of an account, and their association: a Global admin proves control of a
//! tenant by signing in to its directory with OpenID Connect (authorization code flow with
//! PKCE). The ID token's signature is checked against the issuer's published keys, and its `tid`
//! claim names the tenant.
//!
//! Microsoft Entra ID's multi-tenant endpoint publishes an issuer with a `{tenantid}`
//! placeholder (each token's `iss` names its own tenant); a single-tenant issuer publishes
//! itself. Both are handled: with a placeholder, the token's `iss` must be the placeholder
//! filled with the token's own `tid`.

use domain::audit::{AuditAction, Said, Told};
use domain::error::{ConflictKind, SignInFailure};
use domain::tenants::{
    domain_of_user_name, may_associate, removal_blocker, DirectoryAnswer, DirectorySignIn,
    DirectoryUser, Guid, Tenant, TenantDisplayName, TenantKind,
};
use domain::{ApiError, Area};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJsonWebKeySet, CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardErrorResponse,
    StandardTokenResponse, TokenResponse,
};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::auth::{token_hash, Principal};
use crate::error::{is_unique_violation, Error, Result};
use crate::now;
use crate::store::{Change, Db};

/// How long a started directory sign-in can be completed.
pub const SIGN_IN_LIFETIME_SECS: i64 = 10 * 60;

/// The placeholder of a multi-tenant issuer (Entra ID's `organizations` endpoint).
const TENANT_PLACEHOLDER: &str = "{tenantid}";

/// The claims beyond the standard ones that association reads, as Entra ID names them: the
/// tenant, the user's directory roles, whether they are a guest, and who authenticated them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TenantClaims {
    pub tid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acct: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idp: Option<String>,
}
impl AdditionalClaims for TenantClaims {}

pub type TenantIdTokenFields = IdTokenFields<
    TenantClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
pub type TenantTokenResponse = StandardTokenResponse<TenantIdTokenFields, CoreTokenType>;
type TenantClient = Client<
    TenantClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TenantTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The directory that tenants are associated through, as configured.
#[derive(Clone)]
pub struct TenantDirectory {
    issuer: String,
    client_id: String,
    client_secret: Option<String>,
    redirect_url: RedirectUrl,
    /// The directory roles (template IDs) whose holders may associate their tenant.
    admin_roles: Vec<String>,
    http: openidconnect::reqwest::Client,
}

impl std::fmt::Debug for TenantDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the client secret.
        f.debug_struct("TenantDirectory")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl TenantDirectory {
    /// `issuer`: where `.well-known/openid-configuration` is found; `redirect_url`: the
    /// Tenants page's return address, registered with the directory; `admin_roles`: the
    /// directory role template IDs (the ID token's `wids`) that may associate a tenant.
    pub fn new(
        issuer: &str,
        client_id: &str,
        client_secret: Option<String>,
        redirect_url: &str,
        admin_roles: Vec<String>,
    ) -> std::result::Result<TenantDirectory, String> {
        if admin_roles.is_empty() {
            return Err("at least one directory role must be allowed to associate".into());
        }
        IssuerUrl::new(issuer.to_owned()).map_err(|e| format!("issuer {issuer:?}: {e}"))?;
        let redirect_url = RedirectUrl::new(redirect_url.to_owned())
            .map_err(|e| format!("redirect URL {redirect_url:?}: {e}"))?;
        let http = openidconnect::reqwest::Client::builder()
            // Following redirects would let the directory point us anywhere (SSRF).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(TenantDirectory {
            issuer: issuer.trim_end_matches('/').to_owned(),
            client_id: client_id.to_owned(),
            client_secret,
            redirect_url,
            admin_roles,
            http,
        })
    }

    /// The issuer's metadata, read afresh, and the client built on it; with `keys`, also the
    /// issuer's signing keys (they rotate; only checking an ID token needs them). Also answers
    /// the issuer template when the issuer is multi-tenant.
    async fn client(&self, keys: bool) -> Result<(TenantClient, Option<String>)> {
        let unavailable = |what: &str, e: &dyn std::fmt::Display| {
            tracing::warn!(issuer = %self.issuer, "tenant directory {what}: {e}");
            Error::Refused(ApiError::Unavailable)
        };
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        let response = self
            .http
            .get(&url)
            .send()
            .await
            .map_err(|e| unavailable("discovery", &e))?;
        if !response.status().is_success() {
            return Err(unavailable("discovery status", &response.status()));
        }
        let metadata: CoreProviderMetadata = response
            .json()
            .await
            .map_err(|e| unavailable("discovery document", &e))?;
        let published = metadata.issuer().as_str().trim_end_matches('/').to_owned();
        let template = if published == self.issuer {
            None
        } else if published.contains(TENANT_PLACEHOLDER) {
            Some(published)
        } else {
            return Err(unavailable(
                "issuer mismatch",
                &format!("published {published:?}"),
            ));
        };
        let metadata = if keys {
            let jwks = CoreJsonWebKeySet::fetch_async(metadata.jwks_uri(), &self.http)
                .await
                .map_err(|e| unavailable("keys", &e))?;
            metadata.set_jwks(jwks)
        } else {
            metadata
        };
        let client = TenantClient::from_provider_metadata(
            metadata,
            ClientId::new(self.client_id.clone()),
            self.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(self.redirect_url.clone());
        Ok((client, template))
    }
}

fn refused_sign_in(failure: SignInFailure) -> Error {
    Error::Refused(ApiError::Conflict(ConflictKind::DirectorySignIn(failure)))
}

/// Every tenant of the caller's account, primary first, then by association date.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<Tenant>> {
    list_of(db.reader(), who.account_id).await
}

async fn list_of<'e, E>(executor: E, account_id: i64) -> Result<Vec<Tenant>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT tenant_id, primary_domain, display_name, kind, is_primary, associated_by, \
         associated_at, version FROM tenants WHERE account_id = $1 \
         ORDER BY is_primary DESC, associated_at, id",
    )
    .bind(account_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get("tenant_id")?;
            let kind: String = r.try_get("kind")?;
            Ok(Tenant {
                tenant_id: Guid::parse(&id)
                    .map_err(|_| Error::Fault(format!("stored tenant ID {id:?} unreadable")))?,
                primary_domain: r.try_get("primary_domain")?,
                display_name: r.try_get("display_name")?,
                kind: TenantKind::from_code(&kind)
                    .ok_or_else(|| Error::Fault(format!("stored tenant kind {kind:?}")))?,
                is_primary: r.try_get::<i64, _>("is_primary")? != 0,
                associated_by: r.try_get("associated_by")?,
                associated_at: r.try_get("associated_at")?,
                version: r.try_get("version")?,
            })
        })
        .collect()
}

/// Starts a sign-in to the directory for associating a tenant of `kind`: remembers its state,
/// PKCE verifier and nonce, and answers where to send the browser.
pub async fn start_association(
    db: &Db,
    who: &Principal,
    directory: &TenantDirectory,
    kind: TenantKind,
) -> Result<DirectorySignIn> {
    let (client, _) = directory.client(false).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .add_prompt(CoreAuthPrompt::SelectAccount)
        .set_pkce_challenge(challenge)
        .url();
    db.write_once(
        sqlx::query(
            "INSERT INTO tenant_sign_ins (state_hash, account_id, user_id, kind, pkce_verifier, \
         nonce, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(token_hash(state.secret()))
        .bind(who.account_id)
        .bind(who.user_id)
        .bind(kind.code())
        .bind(verifier.secret())
        .bind(nonce.secret())
        .bind(now()),
    )
    .await?;
    Ok(DirectorySignIn {
        authorize_url: url.to_string(),
    })
}

/// Completes a sign-in: consumes its state once, exchanges the code with the PKCE verifier,
/// checks the ID token and associates the tenant it names with the caller's account.
pub async fn complete_association(
    db: &Db,
    who: &Principal,
    directory: &TenantDirectory,
    answer: DirectoryAnswer,
) -> Result<Tenant> {
    let state = match &answer {
        DirectoryAnswer::Code { state, .. } | DirectoryAnswer::Error { state } => state,
    };
    let started = consume_sign_in(db, who, state).await?;
    let code = match answer {
        DirectoryAnswer::Code { code, .. } => code,
        DirectoryAnswer::Error { .. } => return Err(refused_sign_in(SignInFailure::Cancelled)),
    };
    let (client, template) = directory.client(true).await?;
    let rejected = |what: &str, e: &dyn std::fmt::Display| {
        tracing::warn!(
            account = who.account_id,
            "directory sign-in rejected: {what}: {e}"
        );
        refused_sign_in(SignInFailure::Rejected)
    };
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| rejected("no token endpoint", &e))?
        .set_pkce_verifier(PkceCodeVerifier::new(started.pkce_verifier))
        .request_async(&directory.http)
        .await
        .map_err(|e| rejected("code exchange", &e))?;
    let id_token = tokens
        .id_token()
        .ok_or_else(|| rejected("answer", &"no ID token"))?;
    let verifier = client
        .id_token_verifier()
        // A multi-tenant issuer's `iss` names the token's tenant: checked below.
        .require_issuer_match(template.is_none());
    let claims = id_token
        .claims(&verifier, &Nonce::new(started.nonce))
        .map_err(|e| rejected("ID token", &e))?;
    let tenant_id =
        Guid::parse(&claims.additional_claims().tid).map_err(|_| rejected("tid", &"not a GUID"))?;
    if let Some(template) = template {
        let expected = template.replace(TENANT_PLACEHOLDER, tenant_id.as_str());
        if claims.issuer().as_str().trim_end_matches('/') != expected {
            return Err(rejected("issuer", &"names another tenant than tid"));
        }
    }
    let extra = claims.additional_claims();
    let user = DirectoryUser {
        issuer: claims.issuer().as_str(),
        roles: extra.wids.as_deref(),
        account_status: extra.acct,
        identity_provider: extra.idp.as_deref(),
    };
    if let Err(failure) = may_associate(&user, &directory.admin_roles) {
        tracing::warn!(
            account = who.account_id,
            user = who.user_id,
            ?failure,
            "directory sign-in refused: not a member holding an admin role"
        );
        return Err(refused_sign_in(failure));
    }
    let user_name = claims
        .preferred_username()
        .map(|u| u.as_str().to_owned())
        .unwrap_or_default();
    let primary_domain = domain_of_user_name(&user_name);
    let display_name = if primary_domain.is_empty() {
        tenant_id.as_str().to_owned()
    } else {
        primary_domain.clone()
    };
    associate(
        db,
        who,
        &tenant_id,
        &primary_domain,
        &display_name,
        started.kind,
    )
    .await
}

struct StartedSignIn {
    kind: TenantKind,
    pkce_verifier: String,
    nonce: String,
}

/// Marks the sign-in with `state` used, if it is the caller's, unused and recent. A replayed or
/// foreign state is refused before anything is sent to the directory.
async fn consume_sign_in(db: &Db, who: &Principal, state: &str) -> Result<StartedSignIn> {
    let row = sqlx::query(
        "UPDATE tenant_sign_ins SET used_at = $1 WHERE state_hash = $2 AND user_id = $3 \
         AND used_at IS NULL AND created_at > $4 RETURNING kind, pkce_verifier, nonce",
    )
    .bind(now())
    .bind(token_hash(state))
    .bind(who.user_id)
    .bind(now() - SIGN_IN_LIFETIME_SECS)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(|| refused_sign_in(SignInFailure::Expired))?;
    let kind: String = row.try_get("kind")?;
    Ok(StartedSignIn {
        kind: TenantKind::from_code(&kind)
            .ok_or_else(|| Error::Fault(format!("stored tenant kind {kind:?}")))?,
        pkce_verifier: row.try_get("pkce_verifier")?,
        nonce: row.try_get("nonce")?,
    })
}

/// Associates a tenant whose control was proven (or, for the demo seed, given). The first tenant
/// of an account becomes its primary tenant. A tenant held by another account is refused
/// without naming it.
pub async fn associate(
    db: &Db,
    who: &Principal,
    tenant_id: &Guid,
    primary_domain: &str,
    display_name: &str,
    kind: TenantKind,
) -> Result<Tenant> {
    let now = now();
    let mut tx = db.write().await?;
    // Two associations on one account must not both become primary.
    tx.lock_account(who.account_id).await?;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM tenants WHERE account_id = $1")
        .bind(who.account_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    let inserted = sqlx::query(
        "INSERT INTO tenants (account_id, tenant_id, primary_domain, display_name, kind, \
         is_primary, associated_by, associated_at, version, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $8, $7)",
    )
    .bind(who.account_id)
    .bind(tenant_id.as_str())
    .bind(primary_domain)
    .bind(display_name)
    .bind(kind.code())
    .bind(i64::from(existing == 0))
    .bind(&who.email)
    .bind(now)
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        if !is_unique_violation(&e) {
            return Err(e.into());
        }
        tx.rollback().await?;
        let owner: Option<i64> = sqlx::query("SELECT account_id FROM tenants WHERE tenant_id = $1")
            .bind(tenant_id.as_str())
            .fetch_optional(db.reader())
            .await?
            .map(|r| r.try_get("account_id"))
            .transpose()?;
        let kind = if owner == Some(who.account_id) {
            ConflictKind::TenantAlreadyAssociated
        } else {
            ConflictKind::TenantTaken
        };
        return Err(ApiError::Conflict(kind).into());
    }
    let after = Told(vec![
        Said::text(format!("{} ({primary_domain})", tenant_id.as_str())),
        Said::Tenant(kind),
    ]);
    tx.audit(
        Change::by(
            who,
            Area::Tenants,
            AuditAction::TenantAssociated,
            tenant_id.as_str(),
        )
        .values(Told::nothing(), after),
    )
    .await?;
    tx.commit().await?;
    find(db, who.account_id, tenant_id).await
}

async fn find(db: &Db, account_id: i64, tenant_id: &Guid) -> Result<Tenant> {
    list_of(db.reader(), account_id)
        .await?
        .into_iter()
        .find(|t| &t.tenant_id == tenant_id)
        .ok_or_else(|| ApiError::NotFound.into())
}

/// Renames a tenant opened at `version`.
pub async fn rename(
    db: &Db,
    who: &Principal,
    tenant_id: &Guid,
    name: &TenantDisplayName,
    version: i64,
) -> Result<Tenant> {
    let before = find(db, who.account_id, tenant_id).await?;
    let mut tx = db.write().await?;
    let saved = sqlx::query(
        "UPDATE tenants SET display_name = $1, version = version + 1, updated_at = $2, \
         updated_by = $3 WHERE account_id = $4 AND tenant_id = $5 AND version = $6",
    )
    .bind(name.as_str())
    .bind(now())
    .bind(&who.email)
    .bind(who.account_id)
    .bind(tenant_id.as_str())
    .bind(version)
    .execute(&mut *tx)
    .await?;
    if saved.rows_affected() == 0 {
        tx.rollback().await?;
        let current = find(db, who.account_id, tenant_id).await?;
        let row = sqlx::query("SELECT updated_by, updated_at FROM tenants WHERE tenant_id = $1")
            .bind(tenant_id.as_str())
            .fetch_one(db.reader())
            .await?;
        let by: String = row.try_get("updated_by")?;
        return Err(crate::store::stale(
            &by,
            row.try_get("updated_at")?,
            &current,
        ));
    }
    tx.audit(
        Change::by(
            who,
            Area::Tenants,
            AuditAction::SettingsChanged,
            tenant_id.as_str(),
        )
        .values(Told::text(&before.display_name), Told::text(name.as_str())),
    )
    .await?;
    tx.commit().await?;
    find(db, who.account_id, tenant_id).await
}

/// Removes a tenant from the account (its users lose access to the workspace). The primary
/// tenant and the last commercial tenant stay.
pub async fn remove(db: &Db, who: &Principal, tenant_id: &Guid) -> Result<()> {
    let mut tx = db.write().await?;
    // Two removals racing could otherwise each leave the other's tenant as the "last"
    // commercial one.
    tx.lock_account(who.account_id).await?;
    let all = list_of(&mut *tx, who.account_id).await?;
    let tenant = all
        .iter()
        .find(|t| &t.tenant_id == tenant_id)
        .ok_or(ApiError::NotFound)?;
    if let Some(blocker) = removal_blocker(&all, tenant) {
        return Err(ApiError::Conflict(ConflictKind::TenantRemoval(blocker)).into());
    }
    sqlx::query("DELETE FROM tenants WHERE account_id = $1 AND tenant_id = $2")
        .bind(who.account_id)
        .bind(tenant_id.as_str())
        .execute(&mut *tx)
        .await?;
    tx.audit(
        Change::by(
            who,
            Area::Tenants,
            AuditAction::TenantRemoved,
            tenant_id.as_str(),
        )
        .values(Told::of(Said::Tenant(tenant.kind)), Told::nothing()),
    )
    .await?;
    // Account-wide rules (programs need a commercial tenant) see it in this transaction.
    tx.account_changed(who.account_id);
    tx.commit().await?;
    Ok(())
}
