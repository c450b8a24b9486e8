//! Shapes exchanged between the browser and the server. Integers are fixed-size (never `usize`):
//! the WASM client and the 64-bit server must agree on them.

use serde::{Deserialize, Serialize};

use crate::catalogue::Role;

/// The signed-in user, their account and roles: what the workspace shell needs on every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub account: AccountSummary,
    pub unread_notifications: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub legal_name: String,
    pub partner_id: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// What a notification is about. The client writes the text in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationKind {
    /// Sent at sign-up: the company should complete its profile.
    Welcome,
}

impl NotificationKind {
    pub fn code(self) -> &'static str {
        match self {
            NotificationKind::Welcome => "welcome",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "welcome" => Some(NotificationKind::Welcome),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    /// Unix time in seconds.
    pub created_at: i64,
    pub read: bool,
}

/// Whether a user can sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserStatus {
    Active,
}

/// One user of the account as the Users page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub status: UserStatus,
}

/// The sign-up form as typed. [`NewPartner::parse`] turns it into checked values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpForm {
    pub email: String,
    pub name: String,
    pub password: String,
    pub company_name: String,
    pub country: String,
}

/// A valid sign-up: the browser runs the same parse for early feedback; the server relies on it.
#[derive(Debug, Clone)]
pub struct NewPartner {
    pub email: crate::WorkEmail,
    pub name: crate::PersonName,
    pub password: crate::Password,
    pub company_name: crate::CompanyName,
    pub country: crate::CountryCode,
}

impl NewPartner {
    /// Checks every field in form order and returns the first refusal.
    pub fn parse(form: &SignUpForm) -> Result<NewPartner, crate::ApiError> {
        Ok(NewPartner {
            email: crate::WorkEmail::parse(&form.email)?,
            name: crate::PersonName::parse(&form.name)?,
            password: crate::Password::parse(&form.password)?,
            company_name: crate::CompanyName::parse(&form.company_name)?,
            country: crate::CountryCode::parse(&form.country)?,
        })
    }

    /// Every field's refusal, for showing them all at once beside their fields.
    pub fn problems(form: &SignUpForm) -> Vec<crate::ApiError> {
        [
            crate::WorkEmail::parse(&form.email).err(),
            crate::PersonName::parse(&form.name).err(),
            crate::Password::parse(&form.password).err(),
            crate::CompanyName::parse(&form.company_name).err(),
            crate::CountryCode::parse(&form.country).err(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}
