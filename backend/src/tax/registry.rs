//! VAT registries: where an EU VAT ID is checked for a valid registration.
//!
//! Modelled on the company directory (`crate::directory`). [`VatRegistry::Fictional`] knows a
//! few made-up registrations for the demo and the tests. [`VatRegistry::Http`] asks the
//! European Commission's VIES REST service (or anything speaking its shape) with one request
//! per check: `POST {base}/check-vat-number` with `{"countryCode": "FR", "vatNumber":
//! "03842107534"}` (the prefix, `EL` for Greece, and the national number), answering `200` with
//! `{"countryCode", "vatNumber", "requestDate", "valid": bool, "name", "address", ...}`. VIES
//! reports its own troubles either as an error status or as `errorWrappers: [{"error":
//! "MS_UNAVAILABLE", ...}]` (or a `userError` other than `VALID`/`INVALID`): those, a timeout and
//! an unreadable answer all mean "could not be checked", never "invalid".

use std::time::Duration;

use domain::tax::VatId;
use serde::Deserialize;

/// What the registry said about a VAT ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A valid registration, with the name and address the registry gives (either may be
    /// empty: some member states do not share them).
    Valid { name: String, address: String },
    /// Not a valid registration.
    Invalid,
}

#[derive(Debug, Clone)]
pub enum VatRegistry {
    /// No registry is configured: every check is "could not be checked".
    Off,
    /// The built-in fictional registrations (demo and tests).
    Fictional,
    Http(HttpVatRegistry),
}

#[derive(Debug, Clone)]
pub struct HttpVatRegistry {
    base: String,
    client: reqwest::Client,
}

/// How long a check may take before the registry counts as unreachable.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// VIES's answer, as far as it matters here.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    valid: Option<bool>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    country_code: Option<String>,
    #[serde(default)]
    vat_number: Option<String>,
    #[serde(default)]
    user_error: Option<String>,
    #[serde(default)]
    error_wrappers: Vec<ErrorWrapper>,
}

#[derive(Debug, Deserialize)]
struct ErrorWrapper {
    #[serde(default)]
    error: String,
}

/// VIES writes `---` for a name or address a member state does not share.
fn shared(text: Option<String>) -> String {
    let text = text.unwrap_or_default().trim().to_owned();
    if text.chars().all(|c| c == '-') {
        String::new()
    } else {
        text
    }
}

impl HttpVatRegistry {
    /// A registry at `base` (`https://...`, or `http://` for a local service); a check taking
    /// longer than `timeout` counts as unreachable.
    pub fn new(base: &str, timeout: Duration) -> Result<Self, String> {
        let base = base.trim_end_matches('/').to_owned();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(format!("{base:?} is not an http(s) URL"));
        }
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(HttpVatRegistry { base, client })
    }

    async fn check(&self, vat: &VatId) -> Result<Verdict, String> {
        let response = self
            .client
            .post(format!("{}/check-vat-number", self.base))
            .header(reqwest::header::ACCEPT, "application/json")
            .json(&serde_json::json!({
                "countryCode": vat.prefix(),
                "vatNumber": vat.national(),
            }))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let answer: Option<Answer> = response.json().await.ok();
        let errors: Vec<&str> = answer
            .iter()
            .flat_map(|a| a.error_wrappers.iter().map(|e| e.error.as_str()))
            .chain(answer.iter().filter_map(|a| a.user_error.as_deref()))
            .filter(|e| !matches!(*e, "VALID" | "INVALID"))
            .collect();
        // A number VIES refuses as malformed is not a registration (our own format check
        // should have caught it first).
        if errors.contains(&"INVALID_INPUT") {
            return Ok(Verdict::Invalid);
        }
        if !status.is_success() || !errors.is_empty() {
            return Err(format!("answered {status} {errors:?}"));
        }
        let Some(answer) = answer else {
            return Err("unreadable answer".into());
        };
        // A registry answering about another number is broken, not a verdict.
        let asked = (vat.prefix(), vat.national());
        if answer.country_code.as_deref().is_some_and(|c| c != asked.0)
            || answer.vat_number.as_deref().is_some_and(|n| n != asked.1)
        {
            return Err(format!(
                "asked about {}, answered about {:?}{:?}",
                vat.as_str(),
                answer.country_code,
                answer.vat_number
            ));
        }
        match answer.valid {
            Some(true) => Ok(Verdict::Valid {
                name: shared(answer.name),
                address: shared(answer.address),
            }),
            Some(false) => Ok(Verdict::Invalid),
            None => Err("no verdict in the answer".into()),
        }
    }
}

impl VatRegistry {
    /// From the configuration: a URL selects the HTTP registry; without one the demo gets the
    /// fictional registry and production none (VAT IDs are then kept as "not checked yet").
    pub fn configure(url: Option<&str>, demo: bool) -> Result<VatRegistry, String> {
        match url {
            Some(url) => HttpVatRegistry::new(url, TIMEOUT).map(VatRegistry::Http),
            None if demo => Ok(VatRegistry::Fictional),
            None => Ok(VatRegistry::Off),
        }
    }

    /// The registry's verdict on `vat`, or `None` when it could not be asked (not configured,
    /// unreachable, too slow, or answering nonsense; the detail goes to the log).
    pub async fn check(&self, vat: &VatId) -> Option<Verdict> {
        let result = match self {
            VatRegistry::Off => Err("no VAT registry is configured".to_owned()),
            VatRegistry::Fictional => Ok(fictional(vat)),
            VatRegistry::Http(http) => http.check(vat).await,
        };
        match result {
            Ok(verdict) => Some(verdict),
            Err(detail) => {
                tracing::warn!(%detail, vat = vat.as_str(), "VAT registry check failed");
                None
            }
        }
    }
}

/// The fictional registry: (VAT ID, registered name, address). Every other number is not a
/// valid registration.
pub const FICTIONAL_REGISTRATIONS: [(&str, &str, &str); 3] = [
    (
        "FR03842107534",
        "CONTOSO LTD",
        "12 RUE DE LA PAIX 75002 PARIS",
    ),
    (
        "FR54519372643",
        "FABRIKAM SAS",
        "18 RUE SAINTE-CATHERINE 33000 BORDEAUX",
    ),
    (
        "HU12892312",
        "ADVENTURE WORKS KFT.",
        "VÁCI UTCA 1 1052 BUDAPEST",
    ),
];

fn fictional(vat: &VatId) -> Verdict {
    FICTIONAL_REGISTRATIONS
        .iter()
        .find(|r| r.0 == vat.as_str())
        .map(|&(_, name, address)| Verdict::Valid {
            name: name.into(),
            address: address.into(),
        })
        .unwrap_or(Verdict::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_fictional_registry_knows_its_registrations_and_nothing_else() {
        for (id, name, _) in FICTIONAL_REGISTRATIONS {
            let vat = VatId::parse(id).unwrap();
            assert!(
                matches!(VatRegistry::Fictional.check(&vat).await, Some(Verdict::Valid { name: n, .. }) if n == name),
                "{id}"
            );
        }
        let unknown = VatId::parse("FR40303265045").unwrap();
        assert_eq!(
            VatRegistry::Fictional.check(&unknown).await,
            Some(Verdict::Invalid)
        );
        assert_eq!(VatRegistry::Off.check(&unknown).await, None);
    }

    #[test]
    fn only_http_urls_are_registries() {
        assert!(VatRegistry::configure(Some("ftp://vies.example"), false).is_err());
        assert!(matches!(
            VatRegistry::configure(
                Some("https://ec.europa.eu/taxation_customs/vies/rest-api/"),
                false
            ),
            Ok(VatRegistry::Http(_))
        ));
        assert!(matches!(
            VatRegistry::configure(None, true),
            Ok(VatRegistry::Fictional)
        ));
        assert!(matches!(
            VatRegistry::configure(None, false),
            Ok(VatRegistry::Off)
        ));
    }

    #[test]
    fn a_name_the_member_state_does_not_share_is_empty() {
        assert_eq!(shared(Some("---".into())), "");
        assert_eq!(shared(None), "");
        assert_eq!(shared(Some(" CONTOSO ".into())), "CONTOSO");
    }
}
