//! The records an account has exactly one of, each tied to its key and area (the mechanism is
//! [`crate::store::record`]): `records::get::<ContactsForm>(db, who)` can only read the
//! contacts.

use domain::contacts::ContactsForm;
use domain::model::IncentiveForm;
use domain::payout::BillingForm;
use domain::profile::CompanyProfileForm;
use domain::publishing::{ApproverForm, PublisherNameForm, SellerContactForm};
use domain::support::SupportDetailsForm;
use domain::Area;

pub use crate::store::record::{get, put, read, save, Record};

impl Record for ContactsForm {
    const KIND: &'static str = "contacts";
    const AREA: Area = Area::LegalInfo;
}

impl Record for IncentiveForm {
    const KIND: &'static str = "incentives";
    const AREA: Area = Area::Incentives;
}

impl Record for SupportDetailsForm {
    const KIND: &'static str = "support-details";
    const AREA: Area = Area::SupportDetails;
}

impl Record for PublisherNameForm {
    const KIND: &'static str = "publisher-name";
    const AREA: Area = Area::PublisherName;
}

impl Record for SellerContactForm {
    const KIND: &'static str = "seller-contact";
    const AREA: Area = Area::SellerContact;
}

impl Record for ApproverForm {
    const KIND: &'static str = "company-approver";
    const AREA: Area = Area::CompanyApprover;
}

impl Record for CompanyProfileForm {
    const KIND: &'static str = "company-profile";
    const AREA: Area = Area::CompanyProfile;
    /// Programs need a complete company profile.
    const ACCOUNT_CHANGED: bool = true;
}

impl Record for BillingForm {
    const KIND: &'static str = "billing-info";
    const AREA: Area = Area::PayoutTax;
}
