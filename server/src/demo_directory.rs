//! A small fictional directory (an OpenID Connect issuer) with two tenants, so that associating
//! a tenant works offline in the demo and in tests. It behaves like Microsoft Entra ID's
//! multi-tenant endpoint: discovery at `{base}/organizations/v2.0`, an issuer published as
//! `{base}/{tenantid}/v2.0`, `tid`, `wids` (directory roles) and `acct` (guest or member)
//! claims, RS256 ID tokens, PKCE (S256) required, and only the product's registered redirect
//! URI. Besides each tenant's administrator, the first tenant has a user without an admin role
//! and a guest, so that the product's refusal of both can be tried.
//!
//! It is mounted under `/demo-directory` when the demo switch is on; tests also start it on a
//! port of its own, optionally with a [`Fault`] to check that the product refuses bad answers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use backend::seed::DEMO_TENANTS as TENANTS;
use backend::tenants::{TenantClaims, TenantIdTokenFields, TenantTokenResponse};
use base64::Engine;
use openidconnect::core::{
    CoreClaimName, CoreGenderClaim, CoreJsonWebKey, CoreJsonWebKeySet,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata,
    CoreResponseType, CoreRsaPrivateSigningKey, CoreSubjectIdentifierType, CoreTokenType,
};
use openidconnect::{
    AccessToken, Audience, AuthUrl, EmptyAdditionalProviderMetadata, EmptyExtraTokenFields,
    EndUserName, EndUserUsername, IdToken, IdTokenClaims, IssuerUrl, JsonWebKeyId,
    JsonWebKeySetUrl, Nonce, PrivateSigningKey, ResponseTypes, Scope, StandardClaims,
    SubjectIdentifier, TokenUrl,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The client the product is registered as with the demo directory.
pub const CLIENT_ID: &str = "partner-settings-demo";

/// Someone who can sign in at the directory.
pub struct DirectoryUser {
    /// Which of the demo tenants they belong to (index in `DEMO_TENANTS`).
    pub tenant: usize,
    pub user_name: &'static str,
    pub name: &'static str,
    /// Holds the Global Administrator directory role.
    pub admin: bool,
    /// A guest from another organisation rather than one of the tenant's own users.
    pub guest: bool,
}

/// The directory's users: each tenant's administrator first (in tenant order), then a user of
/// the first tenant without an admin role, then a guest in it.
pub const USERS: [DirectoryUser; 4] = [
    DirectoryUser {
        tenant: 0,
        user_name: TENANTS[0].admin,
        name: "Contoso tenant administrator",
        admin: true,
        guest: false,
    },
    DirectoryUser {
        tenant: 1,
        user_name: TENANTS[1].admin,
        name: "Contoso Developer Lab administrator",
        admin: true,
        guest: false,
    },
    DirectoryUser {
        tenant: 0,
        user_name: "employee@contoso-partner.example",
        name: "Contoso employee (no admin role)",
        admin: false,
        guest: false,
    },
    DirectoryUser {
        tenant: 0,
        user_name: "consultant@northwind.example",
        name: "Northwind consultant (guest)",
        admin: true,
        guest: true,
    },
];

/// The index in [`USERS`] of the user who signs in without an admin role.
pub const NON_ADMIN_USER: usize = 2;
/// The index in [`USERS`] of the guest (who even holds the admin role in the tenant).
pub const GUEST_USER: usize = 3;

/// A deliberate flaw in the directory's answers, for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    /// Signs ID tokens with a key it does not publish.
    UnpublishedKey,
    /// Issues ID tokens that expired an hour ago.
    Expired,
    /// Puts another tenant than `tid` in the token's issuer.
    IssuerOfAnotherTenant,
}

/// The directory's state: its addresses, its client secret and the codes it has handed out.
pub struct DemoDirectory {
    /// Where the product's server reaches it (discovery, token, keys).
    base: String,
    /// Where browsers reach it (the sign-in page).
    browser_base: String,
    client_secret: String,
    /// The product's redirect URI: the only place codes are sent to.
    redirect_uri: String,
    fault: Fault,
    codes: Mutex<HashMap<String, Grant>>,
}

struct Grant {
    user: usize,
    redirect_uri: String,
    nonce: Option<String>,
    code_challenge: String,
    issued_at: i64,
}

/// Codes are exchanged within a minute, once.
const CODE_LIFETIME_SECS: i64 = 60;

impl DemoDirectory {
    /// `redirect_uri` is the product's registered return address: authorization requests
    /// naming any other are refused, as a real directory does.
    pub fn new(
        base: &str,
        browser_base: &str,
        client_secret: &str,
        redirect_uri: &str,
        fault: Fault,
    ) -> Arc<Self> {
        Arc::new(DemoDirectory {
            base: base.trim_end_matches('/').to_owned(),
            browser_base: browser_base.trim_end_matches('/').to_owned(),
            client_secret: client_secret.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            fault,
            codes: Mutex::new(HashMap::new()),
        })
    }

    /// The issuer address the product is configured with (discovery is below it).
    pub fn issuer(&self) -> String {
        format!("{}/organizations/v2.0", self.base)
    }

    fn issuer_of(&self, tenant_id: &str) -> String {
        format!("{}/{tenant_id}/v2.0", self.base)
    }
}

/// The directory's routes, relative to its base.
pub fn routes<S: Clone + Send + Sync + 'static>(directory: Arc<DemoDirectory>) -> Router<S> {
    Router::new()
        .route(
            "/organizations/v2.0/.well-known/openid-configuration",
            get(discovery),
        )
        .route("/keys", get(keys))
        .route("/authorize", get(sign_in_page).post(sign_in))
        .route("/directory.css", get(stylesheet))
        .route("/token", axum::routing::post(token))
        .with_state(directory)
}

/// The signing key, made once per process (RSA key generation takes a moment).
fn signing_key(published: bool) -> &'static CoreRsaPrivateSigningKey {
    static PUBLISHED: OnceLock<CoreRsaPrivateSigningKey> = OnceLock::new();
    static UNPUBLISHED: OnceLock<CoreRsaPrivateSigningKey> = OnceLock::new();
    // Both carry the published key's ID: a forger's token names the key it pretends to use.
    let cell = if published { &PUBLISHED } else { &UNPUBLISHED };
    cell.get_or_init(|| {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048)
            .expect("an RSA key can be generated");
        let pem = key
            .to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
            .expect("an RSA key can be written as PEM");
        CoreRsaPrivateSigningKey::from_pem(&pem, Some(JsonWebKeyId::new("demo-key-1".into())))
            .expect("the PEM just written can be read")
    })
}

async fn discovery(State(directory): State<Arc<DemoDirectory>>) -> Response {
    let metadata = CoreProviderMetadata::new(
        IssuerUrl::new(directory.issuer_of("{tenantid}")).expect("issuer URL"),
        AuthUrl::new(format!("{}/authorize", directory.browser_base)).expect("authorize URL"),
        JsonWebKeySetUrl::new(format!("{}/keys", directory.base)).expect("keys URL"),
        vec![ResponseTypes::new(vec![CoreResponseType::Code])],
        vec![CoreSubjectIdentifierType::Pairwise],
        vec![CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256],
        EmptyAdditionalProviderMetadata {},
    )
    .set_token_endpoint(Some(
        TokenUrl::new(format!("{}/token", directory.base)).expect("token URL"),
    ))
    .set_scopes_supported(Some(vec![
        Scope::new("openid".into()),
        Scope::new("profile".into()),
    ]))
    .set_claims_supported(Some(vec![
        CoreClaimName::new("sub".into()),
        CoreClaimName::new("tid".into()),
        CoreClaimName::new("wids".into()),
        CoreClaimName::new("acct".into()),
        CoreClaimName::new("preferred_username".into()),
    ]));
    Json(metadata).into_response()
}

async fn keys() -> Response {
    let key: CoreJsonWebKey = signing_key(true).as_verification_key();
    Json(CoreJsonWebKeySet::new(vec![key])).into_response()
}

#[derive(Debug, Deserialize)]
struct AuthorizeParams {
    client_id: String,
    redirect_uri: String,
    response_type: String,
    state: String,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

/// The sign-in page: pick who you are.
async fn sign_in_page(
    State(directory): State<Arc<DemoDirectory>>,
    Query(params): Query<AuthorizeParams>,
) -> Response {
    if let Err(problem) = check_request(&directory, &params) {
        return (StatusCode::BAD_REQUEST, problem).into_response();
    }
    let hidden = |name: &str, value: &str| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape(value)
        )
    };
    let mut fields = String::new();
    for (name, value) in [
        ("client_id", params.client_id.as_str()),
        ("redirect_uri", params.redirect_uri.as_str()),
        ("response_type", params.response_type.as_str()),
        ("state", params.state.as_str()),
        ("nonce", params.nonce.as_deref().unwrap_or("")),
        (
            "code_challenge",
            params.code_challenge.as_deref().unwrap_or(""),
        ),
        (
            "code_challenge_method",
            params.code_challenge_method.as_deref().unwrap_or(""),
        ),
    ] {
        fields.push_str(&hidden(name, value));
    }
    let choices: String = USERS
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let tenant = &TENANTS[u.tenant];
            format!(
                "<li><button type=\"submit\" class=\"person\" name=\"user\" value=\"{i}\">\
                 <strong>{}</strong> <span>{}</span> <span>({})</span> \
                 <span class=\"id\">{}</span></button></li>",
                escape(u.user_name),
                escape(u.name),
                escape(tenant.name),
                tenant.tenant_id
            )
        })
        .collect();
    Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Fictional directory: sign in / Annuaire fictif : connexion</title>\
         <link rel=\"stylesheet\" href=\"directory.css\"></head><body>\
         <main><h1>Fictional directory <span lang=\"fr\">/ Annuaire fictif</span></h1>\
         <p>This stands in for your organisation's identity provider (such as Microsoft Entra \
         ID). Sign in as the administrator of the tenant to associate: the product refuses \
         anyone else.</p>\
         <p lang=\"fr\">Il tient lieu du fournisseur d'identité de votre organisation (comme \
         Microsoft Entra ID). Connectez-vous en tant qu'administrateur du locataire à associer : \
         le produit refuse toute autre personne.</p>\
         <form method=\"post\" action=\"authorize\">{fields}<ul class=\"people\">{choices}</ul>\
         <p><button type=\"submit\" class=\"cancel\" name=\"cancel\" value=\"1\">Cancel \
         <span lang=\"fr\">/ Annuler</span></button></p></form>\
         </main></body></html>"
    ))
    .into_response()
}

/// The sign-in page's looks: a served stylesheet, since the page's policy allows no inline
/// style. Each person is a card: user name, name, tenant and tenant ID on lines of their own.
async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        DIRECTORY_CSS,
    )
        .into_response()
}

const DIRECTORY_CSS: &str = "\
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; background: #f3f2f1; }
main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
p { margin: 0 0 0.75rem; }
.people { list-style: none; margin: 1.25rem 0; padding: 0; display: grid; gap: 0.75rem; }
.person { display: flex; flex-direction: column; align-items: flex-start; gap: 0.15rem; \
  width: 100%; min-height: 44px; padding: 0.75rem 1rem; text-align: left; font: inherit; \
  color: inherit; background: #fff; border: 1px solid #8a8886; border-radius: 6px; \
  cursor: pointer; overflow-wrap: anywhere; }
.person:hover { border-color: #0f6cbd; }
.person:focus-visible, .cancel:focus-visible { outline: 3px solid #0f6cbd; outline-offset: 2px; }
.person .id { font-family: ui-monospace, monospace; font-size: 0.85rem; color: #605e5c; }
.cancel { min-height: 44px; padding: 0.5rem 1rem; font: inherit; background: #fff; \
  border: 1px solid #8a8886; border-radius: 6px; cursor: pointer; }
";

fn check_request(directory: &DemoDirectory, params: &AuthorizeParams) -> Result<(), &'static str> {
    if params.client_id != CLIENT_ID {
        return Err("unknown client_id");
    }
    // Codes go only to the registered address (an open redirect would hand them to anyone).
    if params.redirect_uri != directory.redirect_uri {
        return Err("redirect_uri is not the one registered for this client");
    }
    if params.response_type != "code" {
        return Err("only the authorization code flow is supported");
    }
    if params.code_challenge_method.as_deref() != Some("S256")
        || params.code_challenge.as_deref().unwrap_or("").is_empty()
    {
        return Err("PKCE with S256 is required");
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
struct SignInForm {
    #[serde(flatten)]
    params: AuthorizeParams,
    user: Option<usize>,
    cancel: Option<String>,
}

/// The administrator picked a tenant (or cancelled): back to the product with a code.
async fn sign_in(
    State(directory): State<Arc<DemoDirectory>>,
    Form(form): Form<SignInForm>,
) -> Response {
    if let Err(problem) = check_request(&directory, &form.params) {
        return (StatusCode::BAD_REQUEST, problem).into_response();
    }
    let back = |query: String| {
        let separator = if form.params.redirect_uri.contains('?') {
            '&'
        } else {
            '?'
        };
        Redirect::to(&format!("{}{separator}{query}", form.params.redirect_uri)).into_response()
    };
    let state = encode(&form.params.state);
    let user = match (form.cancel.is_some(), form.user) {
        (false, Some(i)) if i < USERS.len() => i,
        _ => return back(format!("error=access_denied&state={state}")),
    };
    let code = backend::auth::random_token();
    directory.codes.lock().expect("codes lock").insert(
        code.clone(),
        Grant {
            user,
            redirect_uri: form.params.redirect_uri.clone(),
            nonce: form.params.nonce.clone().filter(|n| !n.is_empty()),
            code_challenge: form.params.code_challenge.clone().unwrap_or_default(),
            issued_at: backend::now(),
        },
    );
    back(format!("code={code}&state={state}"))
}

#[derive(Debug, Deserialize)]
struct TokenForm {
    grant_type: String,
    code: String,
    redirect_uri: String,
    code_verifier: String,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn token_error(error: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": error })),
    )
        .into_response()
}

/// The code exchange: checks the client, the code (once, fresh, same redirect) and PKCE, then
/// answers an ID token for the chosen tenant.
async fn token(
    State(directory): State<Arc<DemoDirectory>>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let (client_id, secret) = match basic_credentials(&headers) {
        Some(pair) => pair,
        None => (
            form.client_id.clone().unwrap_or_default(),
            form.client_secret.clone().unwrap_or_default(),
        ),
    };
    if client_id != CLIENT_ID || secret != directory.client_secret {
        return token_error("invalid_client");
    }
    if form.grant_type != "authorization_code" {
        return token_error("unsupported_grant_type");
    }
    let Some(grant) = directory
        .codes
        .lock()
        .expect("codes lock")
        .remove(&form.code)
    else {
        return token_error("invalid_grant");
    };
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(Sha256::digest(form.code_verifier.as_bytes()));
    if grant.redirect_uri != form.redirect_uri
        || grant.code_challenge != challenge
        || backend::now() - grant.issued_at > CODE_LIFETIME_SECS
    {
        return token_error("invalid_grant");
    }
    let user = &USERS[grant.user];
    let tenant = &TENANTS[user.tenant];
    let other = &TENANTS[(user.tenant + 1) % TENANTS.len()];
    let issuer = match directory.fault {
        Fault::IssuerOfAnotherTenant => directory.issuer_of(other.tenant_id),
        _ => directory.issuer_of(tenant.tenant_id),
    };
    let now = chrono::Utc::now();
    let (issued, expires) = match directory.fault {
        Fault::Expired => (
            now - chrono::Duration::hours(2),
            now - chrono::Duration::hours(1),
        ),
        _ => (now, now + chrono::Duration::minutes(10)),
    };
    let claims = IdTokenClaims::new(
        IssuerUrl::new(issuer).expect("issuer URL"),
        vec![Audience::new(CLIENT_ID.into())],
        expires,
        issued,
        StandardClaims::new(SubjectIdentifier::new(format!(
            "{}-user-{}",
            tenant.tenant_id, grant.user
        )))
        .set_preferred_username(Some(EndUserUsername::new(user.user_name.into())))
        .set_name(Some(EndUserName::new(user.name.into()).into())),
        TenantClaims {
            tid: tenant.tenant_id.into(),
            wids: Some(if user.admin {
                vec![domain::tenants::GLOBAL_ADMINISTRATOR_ROLE.into()]
            } else {
                Vec::new()
            }),
            acct: Some(u8::from(user.guest)),
            idp: None,
        },
    )
    .set_nonce(grant.nonce.map(Nonce::new));
    let access_token = AccessToken::new(backend::auth::random_token());
    let key = signing_key(directory.fault != Fault::UnpublishedKey);
    let id_token = match IdToken::<
        TenantClaims,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >::new(
        claims,
        key,
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        Some(&access_token),
        None,
    ) {
        Ok(token) => token,
        Err(e) => {
            tracing::error!(error = %e, "demo directory could not sign");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let response = TenantTokenResponse::new(
        access_token,
        CoreTokenType::Bearer,
        TenantIdTokenFields::new(Some(id_token), EmptyExtraTokenFields {}),
    );
    ([(header::CACHE_CONTROL, "no-store")], Json(response)).into_response()
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    // client_secret_basic form-encodes both parts (RFC 6749 2.3.1).
    let decode = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((decode(id), decode(secret)))
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
