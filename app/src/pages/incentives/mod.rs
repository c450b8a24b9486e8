//! Incentives settings: the page that shows view-only access. Incentive admins (and Global
//! admins) edit; Incentive users see the same data read-only; other roles do not see the page.

pub mod api;

use std::future::Future;

use domain::model::{IncentiveForm, Versioned};
use domain::{ApiError, Area, Field, Locale};
use leptos::prelude::*;

use crate::api::Error;
use crate::components::field::TextField;
use crate::components::shell::RequireArea;
use crate::forms::{loaded, Editable, FormKit, KitForm};
use crate::i18n::{text, tr, use_page_title, Msg};
use crate::lens;

impl Editable for IncentiveForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::Incentives;
    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        api::save_incentives(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        IncentiveForm::problems(self)
    }
    fn facts(&self, _: Locale) -> Vec<(Msg, String)> {
        vec![
            (Msg::PaymentContactName, self.payment_contact_name.clone()),
            (Msg::PaymentContactEmail, self.payment_contact_email.clone()),
            (Msg::ClaimsEmail, self.claims_email.clone()),
        ]
    }
}

#[component]
pub fn IncentivesPage() -> impl IntoView {
    use_page_title(Msg::IncentivesTitle);
    view! {
        <h1>{tr(Msg::IncentivesTitle)}</h1>
        <p class="lede">{tr(Msg::IncentivesIntro)}</p>
        <RequireArea area=Area::Incentives>
            {loaded(api::get_incentives, |settings| {
                let kit = FormKit::<IncentiveForm>::open(settings);
                let read_only = kit.read_only();
                view! {
                    <KitForm kit=kit>
                        <TextField id="payment-contact-name" label=text(Msg::PaymentContactName)
                            value=kit.bind(lens!(payment_contact_name)) autocomplete="name"
                            error=kit.error(Field::PaymentContactName) disabled=read_only/>
                        <TextField id="payment-contact-email" label=text(Msg::PaymentContactEmail)
                            value=kit.bind(lens!(payment_contact_email)) kind="email" autocomplete="email"
                            error=kit.error(Field::PaymentContactEmail) disabled=read_only/>
                        <TextField id="claims-email" label=text(Msg::ClaimsEmail)
                            value=kit.bind(lens!(claims_email)) kind="email" autocomplete="email"
                            error=kit.error(Field::ClaimsEmail) disabled=read_only/>
                    </KitForm>
                }
            })}
        </RequireArea>
    }
}
