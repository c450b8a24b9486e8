//! The rules of Partner Settings in plain Rust: validated types, the role and permission
//! catalogue and the shapes exchanged between the browser and the server. No I/O, so the same
//! code runs in the WASM client (for display and early feedback) and on the server (where it is
//! enforced).

pub mod address;
pub mod audit;
pub mod catalogue;
pub mod confirmations;
pub mod contacts;
pub mod country;
pub mod currency;
pub mod dates;
pub mod email;
pub mod error;
pub mod files;
pub mod identifiers;
pub mod invoices;
pub mod legal;
pub mod locale;
pub mod locations;
pub mod merge;
pub mod model;
pub mod names;
pub mod notification_centre;
pub mod password;
pub mod payout;
pub mod preferences;
pub mod profile;
pub mod programs;
pub mod publishing;
pub mod support;
pub mod tax;
pub mod tenants;
pub mod users;
pub mod verification;

mod calling_codes_data;
mod countries_data;
mod country_currencies_data;
mod currencies_data;

pub use catalogue::{Access, Area, Role};
pub use country::CountryCode;
pub use email::{EmailAddress, WorkEmail};
pub use error::{ApiError, Field, Invalid};
pub use locale::Locale;
pub use names::{CompanyName, PersonName};
pub use password::Password;
