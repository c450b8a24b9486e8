//! Company directories: where a DUNS number is looked up to fill in a company's legal identity.
//!
//! [`Directory::Fictional`] holds made-up companies for the demo and the tests.
//! [`Directory::Http`] asks a directory service over HTTPS with one request per lookup:
//! `GET {base}/companies/{duns}` (with `Authorization: Bearer {token}` when a token is set)
//! answering `200` with a [`CompanyRecord`] as JSON (`duns`, `legal_name`, `address` with
//! `country`, `street`, `city`, `region`, `postal_code`) or `404` when no company has the number.
//! A gateway in front of a commercial directory (Dun & Bradstreet, ...) speaks this shape.

use std::time::Duration;

use domain::address::AddressInput;
use domain::legal::{CompanyRecord, Duns};
use domain::ApiError;

use crate::error::Result;

#[derive(Debug, Clone)]
pub enum Directory {
    /// No directory is configured: lookups answer `Unavailable`, companies are entered by hand.
    Off,
    /// The built-in fictional companies (demo and tests).
    Fictional,
    Http(HttpDirectory),
}

#[derive(Debug, Clone)]
pub struct HttpDirectory {
    base: String,
    token: Option<String>,
    client: reqwest::Client,
}

impl HttpDirectory {
    /// A directory at `base` (`https://...`, or `http://` for a local service).
    pub fn new(base: &str, token: Option<String>) -> std::result::Result<Self, String> {
        let base = base.trim_end_matches('/').to_owned();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(format!("{base:?} is not an http(s) URL"));
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(HttpDirectory {
            base,
            token,
            client,
        })
    }

    async fn find(&self, duns: &Duns) -> std::result::Result<Option<CompanyRecord>, String> {
        let mut request = self
            .client
            .get(format!("{}/companies/{}", self.base, duns.as_str()))
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| e.to_string())?;
        match response.status() {
            reqwest::StatusCode::NOT_FOUND => Ok(None),
            status if status.is_success() => {
                let record: CompanyRecord = response
                    .json()
                    .await
                    .map_err(|e| format!("unreadable answer: {e}"))?;
                // A directory answering for another number is broken, not a match.
                if record.duns != duns.as_str() {
                    return Err(format!("asked for {}, got {}", duns.as_str(), record.duns));
                }
                Ok(Some(record))
            }
            status => Err(format!("answered {status}")),
        }
    }
}

impl Directory {
    /// From the configuration: a URL selects the HTTP directory; without one the demo gets
    /// the fictional directory and production none.
    pub fn configure(
        url: Option<&str>,
        token: Option<String>,
        demo: bool,
    ) -> std::result::Result<Directory, String> {
        match url {
            Some(url) => HttpDirectory::new(url, token).map(Directory::Http),
            None if demo => Ok(Directory::Fictional),
            None => Ok(Directory::Off),
        }
    }

    /// The company with this DUNS number; `DunsUnknown` when there is none, `Unavailable` when
    /// the directory cannot answer (the detail goes to the log).
    pub async fn find(&self, duns: &Duns) -> Result<CompanyRecord> {
        let found = match self {
            Directory::Off => return Err(ApiError::Unavailable.into()),
            Directory::Fictional => Ok(fictional(duns)),
            Directory::Http(http) => http.find(duns).await,
        };
        match found {
            Ok(Some(record)) => Ok(record),
            Ok(None) => {
                Err(ApiError::invalid(domain::Field::Duns, domain::Invalid::DunsUnknown).into())
            }
            Err(detail) => {
                tracing::warn!(%detail, "company directory lookup failed");
                Err(ApiError::Unavailable.into())
            }
        }
    }
}

/// The fictional directory: (DUNS, legal name, country, street, city, region, postal code).
pub const FICTIONAL_COMPANIES: [(&str, &str, &str, &str, &str, &str, &str); 6] = [
    (
        "204861357",
        "Fabrikam SAS",
        "FR",
        "18 rue Sainte-Catherine",
        "Bordeaux",
        "",
        "33000",
    ),
    (
        "318402776",
        "Northwind Traders Ltd",
        "GB",
        "14 Market Street",
        "MANCHESTER",
        "",
        "M1 1PT",
    ),
    (
        "427195063",
        "Tailspin Toys LLC",
        "US",
        "1 Main Street",
        "Redmond",
        "WA",
        "98052",
    ),
    (
        "539018244",
        "ООО «Вингтип Тойз»",
        "RU",
        "УЛ. ТВЕРСКАЯ, 7",
        "МОСКВА",
        "Москва",
        "125009",
    ),
    (
        "642570981",
        "Wide World Importers SRL",
        "MD",
        "str. Ștefan cel Mare 1",
        "CHIȘINĂU",
        "",
        "2001",
    ),
    (
        "753864129",
        "Adventure Works Kft.",
        "HU",
        "VÁCI UTCA 1",
        "BUDAPEST",
        "",
        "1052",
    ),
];

fn fictional(duns: &Duns) -> Option<CompanyRecord> {
    FICTIONAL_COMPANIES
        .iter()
        .find(|c| c.0 == duns.as_str())
        .map(
            |&(duns, legal_name, country, street, city, region, postal_code)| CompanyRecord {
                duns: duns.into(),
                legal_name: legal_name.into(),
                address: AddressInput {
                    country: country.into(),
                    street: street.into(),
                    city: city.into(),
                    region: region.into(),
                    postal_code: postal_code.into(),
                },
            },
        )
}

#[cfg(test)]
mod tests {
    use domain::address::{validate, Validation};

    use super::*;

    #[tokio::test]
    async fn every_fictional_company_is_found_and_has_a_valid_address() {
        for c in FICTIONAL_COMPANIES {
            let record = Directory::Fictional
                .find(&Duns::parse(c.0).unwrap())
                .await
                .unwrap();
            assert_eq!(record.legal_name, c.1);
            assert!(
                matches!(validate(&record.address), Validation::Valid(ref a) if *a == record.address),
                "{}: {:?}",
                c.1,
                validate(&record.address)
            );
        }
    }

    #[tokio::test]
    async fn an_unknown_number_or_no_directory_says_which() {
        let unknown = Duns::parse("999999999").unwrap();
        let refusal = |r: Result<CompanyRecord>| domain::ApiError::from(r.unwrap_err());
        assert_eq!(
            refusal(Directory::Fictional.find(&unknown).await),
            ApiError::invalid(domain::Field::Duns, domain::Invalid::DunsUnknown)
        );
        assert_eq!(
            refusal(Directory::Off.find(&unknown).await),
            ApiError::Unavailable
        );
    }
}
