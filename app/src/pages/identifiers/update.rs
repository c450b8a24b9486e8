//! The information around the identifiers (publisher display name, seller contact, company
//! approver): each shown in its section and changed through its own Update action, by the
//! roles the catalogue lets edit its area: three sections of the form kit.

use std::future::Future;

use domain::contacts::grouped_phone;
use domain::model::Versioned;
use domain::publishing::{ApproverForm, PublisherNameForm, SellerContactForm};
use domain::{ApiError, Area, Field, Locale};
use leptos::prelude::*;

use crate::api::Error;
use crate::components::address::{address_line, AddressFields, AddressIds};
use crate::components::field::TextField;
use crate::forms::{Editable, FormKit, Lens, Section};
use crate::i18n::{text, tr, Msg};
use crate::lens;

use super::api;

impl Editable for PublisherNameForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::PublisherName;
    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        api::save_publisher_name(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        self.check().err().unwrap_or_default()
    }
    fn facts(&self, _: Locale) -> Vec<(Msg, String)> {
        vec![(Msg::PublisherDisplayName, self.display_name.clone())]
    }
}

impl Section for PublisherNameForm {
    fn load() -> impl Future<Output = Result<Self::Record, Error>> {
        api::get_publisher_name()
    }
    const TITLE: Msg = Msg::PublisherDisplayName;
    const ID: &'static str = "publisher-name";
    fn inputs(kit: FormKit<Self>) -> AnyView {
        view! {
            <TextField id="publisher-display-name" label=text(Msg::PublisherDisplayName)
                value=kit.bind(lens!(display_name)) hint=text(Msg::PublisherDisplayNameHint)
                error=kit.error(Field::PublisherDisplayName)/>
        }
        .into_any()
    }
}

/// The inputs of one person's name, email and phone, bound to `kit`.
pub struct PersonInputs<T> {
    pub ids: [&'static str; 3],
    pub fields: [Field; 3],
    pub parts: [Lens<T>; 3],
}

impl<T: Editable> PersonInputs<T> {
    pub fn view(self, kit: FormKit<T>) -> impl IntoView {
        let [name, email, phone] = self.parts;
        view! {
            <TextField id=self.ids[0] label=text(Msg::Name) value=kit.bind(name) autocomplete="name"
                error=kit.error(self.fields[0])/>
            <TextField id=self.ids[1] label=text(Msg::Email) value=kit.bind(email) kind="email"
                autocomplete="email" error=kit.error(self.fields[1])/>
            <TextField id=self.ids[2] label=text(Msg::Phone) value=kit.bind(phone) kind="tel"
                autocomplete="tel" hint=text(Msg::PhoneHint) error=kit.error(self.fields[2])/>
        }
    }
}

impl Editable for SellerContactForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::SellerContact;
    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        api::save_seller_contact(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        self.check().err().unwrap_or_default()
    }
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)> {
        let address = address_line(&self.address, locale);
        vec![
            (Msg::Name, self.name.clone()),
            (Msg::Email, self.email.clone()),
            (Msg::Phone, grouped_phone(&self.phone)),
            (Msg::Address, address),
        ]
    }
    fn shown_as_typed(self) -> Self {
        SellerContactForm {
            phone: grouped_phone(&self.phone),
            ..self
        }
    }
}

impl Section for SellerContactForm {
    fn load() -> impl Future<Output = Result<Self::Record, Error>> {
        api::get_seller_contact()
    }
    const TITLE: Msg = Msg::SellerContact;
    const ID: &'static str = "seller-contact";
    fn inputs(kit: FormKit<Self>) -> AnyView {
        let person = PersonInputs::<Self> {
            ids: ["seller-name", "seller-email", "seller-phone"],
            fields: [Field::SellerName, Field::SellerEmail, Field::SellerPhone],
            parts: [lens!(name), lens!(email), lens!(phone)],
        };
        view! {
            {person.view(kit)}
            <fieldset>
                <legend>{tr(Msg::Address)}</legend>
                <AddressFields ids=AddressIds {
                    country: "seller-country", street: "seller-street", city: "seller-city",
                    region: "seller-region", postal_code: "seller-postal-code",
                } address=kit.address(lens!(address)) problems=kit.errors()/>
            </fieldset>
        }
        .into_any()
    }
}

impl Editable for ApproverForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::CompanyApprover;
    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        api::save_company_approver(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        self.check().err().unwrap_or_default()
    }
    fn facts(&self, _: Locale) -> Vec<(Msg, String)> {
        vec![
            (Msg::Name, self.name.clone()),
            (Msg::Email, self.email.clone()),
            (Msg::Phone, grouped_phone(&self.phone)),
        ]
    }
    fn shown_as_typed(self) -> Self {
        ApproverForm {
            phone: grouped_phone(&self.phone),
            ..self
        }
    }
}

impl Section for ApproverForm {
    fn load() -> impl Future<Output = Result<Self::Record, Error>> {
        api::get_company_approver()
    }
    const TITLE: Msg = Msg::CompanyApprover;
    const ID: &'static str = "company-approver";
    fn inputs(kit: FormKit<Self>) -> AnyView {
        PersonInputs::<Self> {
            ids: ["approver-name", "approver-email", "approver-phone"],
            fields: [
                Field::ApproverName,
                Field::ApproverEmail,
                Field::ApproverPhone,
            ],
            parts: [lens!(name), lens!(email), lens!(phone)],
        }
        .view(kit)
        .into_any()
    }
}
