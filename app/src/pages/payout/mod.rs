//! Payout and billing: where the platform pays the company (a bank account, masked once saved,
//! pending validation by a platform reviewer until approved) and the billing information its
//! invoices carry. Billing admins and Global admins edit; Financial contributors and Account
//! admins see the same, read-only and masked.

pub mod api;
pub mod review;

use domain::address::AddressInput;
use domain::currency::{billing_currency, currencies_by_name};
use domain::model::Versioned;
use domain::payout::{
    BankScheme, BillingForm, PayoutAccountForm, PayoutAccountSummary, PayoutView,
};
use domain::{ApiError, Area, CountryCode, Field, Invalid, Locale};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use std::future::Future;

use crate::api::Error;
use crate::components::address::{
    address_line, save_or_suggest, AddressFields, AddressIds, AddressSuggestion, Suggestion,
};
use crate::components::alternate_email_warning::AlternateEmailWarning;
use crate::components::field::{SelectField, SubmitButton, TextField};
use crate::components::shell::RequireArea;
use crate::components::{format_time, ErrorBanner};
use crate::forms::{loaded, Conflict, Editable, FormKit, SaveStatus, Saved};
use crate::i18n::{payout_status_name, text, tr, use_i18n, use_page_title, Msg};
use crate::lens;
use crate::session::use_session;

const BILLING_ADDRESS: AddressIds = AddressIds {
    country: "billing-country",
    street: "billing-street",
    city: "billing-city",
    region: "billing-region",
    postal_code: "billing-postal-code",
};

#[component]
pub fn PayoutPage() -> impl IntoView {
    use_page_title(Msg::PayoutTitle);
    let alternate = LocalResource::new(crate::pages::preferences::api::get_alternate_email);
    // Until the answer comes (or if it fails), say nothing rather than something untrue.
    let has_alternate = Signal::derive(move || {
        alternate.get().is_none_or(|r| {
            r.map(|a| !a.form.alternate_email.is_empty())
                .unwrap_or(true)
        })
    });
    view! {
        <h1>{tr(Msg::PayoutTitle)}</h1>
        <p class="lede">{tr(Msg::PayoutIntro)}</p>
        <RequireArea area=Area::PayoutTax>
            // Overdue invoices go to a Billing admin's alternate email: say so when none is set.
            <AlternateEmailWarning has_alternate=has_alternate/>
            <PayoutSection/>
            <BillingSection/>
            <p><a href="/settings/invoices">{tr(Msg::SeeInvoices)}</a></p>
        </RequireArea>
    }
}

fn country_name(code: &str, locale: Locale) -> String {
    CountryCode::parse(code)
        .map(|c| c.name(locale).to_owned())
        .unwrap_or_else(|_| code.to_owned())
}

/// One payout account, masked, as a list of facts.
#[component]
pub(crate) fn PayoutFacts(account: PayoutAccountSummary) -> impl IntoView {
    let i18n = use_i18n();
    let number_label = match account.scheme {
        BankScheme::Iban => Msg::IbanLabel,
        BankScheme::Domestic => Msg::AccountNumberShort,
    };
    let masked = account.last4.to_string();
    let country = account.bank_country.clone();
    let (by, at) = (account.submitted_by.clone(), account.submitted_at);
    view! {
        <dl class="facts">
            <dt>{tr(Msg::AccountHolder)}</dt><dd><strong>{account.holder.clone()}</strong></dd>
            <dt>{tr(Msg::BankCountry)}</dt><dd>{move || country_name(&country, i18n.locale.get())}</dd>
            <dt>{tr(number_label)}</dt><dd><span class="masked">{masked}</span></dd>
            {account.bic.clone().map(|bic| view! { <dt>{tr(Msg::BicLabel)}</dt><dd>{bic}</dd> })}
            <dt>{tr(Msg::PayoutCurrency)}</dt><dd>{account.currency.clone()}</dd>
            <dt>{tr(Msg::EnteredBy)}</dt><dd>{move || format!("{by} · {}", format_time(at, i18n.locale.get()))}</dd>
        </dl>
    }
}

/// What the payout editor edits: a new account, and the password that confirms it.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
struct PayoutChange {
    account: PayoutAccountForm,
    password: String,
}

/// The payout accounts as loaded. Bank details are write-only (what comes back is masked), so
/// the editor opens on what a new account starts from rather than on the saved one.
#[derive(Clone, Serialize, Deserialize)]
struct PayoutRecord {
    view: PayoutView,
    /// The company's legal name as holder, its country and that country's currency.
    start: PayoutChange,
}

impl PayoutRecord {
    fn new(view: PayoutView) -> Self {
        let session = use_session();
        let (holder, country) = session.me.with_untracked(|m| {
            m.as_ref()
                .map(|m| (m.account.legal_name.clone(), m.account.country.clone()))
                .unwrap_or_default()
        });
        let account = PayoutAccountForm {
            holder,
            currency: billing_currency(&country)
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            bank_country: country,
            ..Default::default()
        };
        let start = PayoutChange {
            account,
            password: String::new(),
        };
        PayoutRecord { view, start }
    }
}

impl Saved<PayoutChange> for PayoutRecord {
    fn form(&self) -> &PayoutChange {
        &self.start
    }
    fn version(&self) -> i64 {
        self.view.version
    }
    fn saved_by(&self) -> (&str, i64) {
        let newest = self.view.pending.as_ref().or(self.view.current.as_ref());
        newest.map_or(("", 0), |a| (a.submitted_by.as_str(), a.submitted_at))
    }
}

impl Editable for PayoutChange {
    type Record = PayoutRecord;
    const AREA: Area = Area::PayoutTax;
    const CONFLICT_NOTE: Option<Msg> = Some(Msg::PayoutChangedMeanwhile);
    async fn save(self, record: PayoutRecord) -> Result<PayoutRecord, Error> {
        let view =
            api::change_payout_account(self.account, self.password, record.view.version).await?;
        Ok(PayoutRecord { view, ..record })
    }
    fn problems(&self, _: &PayoutRecord) -> Vec<ApiError> {
        let mut found = self.account.problems();
        if self.password.is_empty() {
            found.push(ApiError::invalid(Field::Password, Invalid::Required));
        }
        found
    }
    /// Nothing to compare: the other person's account is masked.
    fn facts(&self, _: Locale) -> Vec<(Msg, String)> {
        Vec::new()
    }
    /// The server answers a collision with the masked view; a new account still starts from
    /// the company's defaults.
    fn theirs(current: &str, mine: &PayoutRecord) -> Option<PayoutRecord> {
        let view = serde_json::from_str::<PayoutView>(current).ok()?;
        Some(PayoutRecord {
            view,
            start: mine.start.clone(),
        })
    }
    /// The password is asked for again after every refusal.
    fn refused(&mut self) {
        self.password.clear();
    }
}

#[component]
fn PayoutSection() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="payout-title">
            <h2 id="payout-title">{tr(Msg::PayoutAccountTitle)}</h2>
            <p class="muted">{tr(Msg::MaskedNumbersNote)}</p>
            {loaded(api::get_payout, move |view| {
                view! { <PayoutBody kit=FormKit::closed(PayoutRecord::new(view))/> }
            })}
        </section>
    }
}

#[component]
fn PayoutBody(kit: FormKit<PayoutChange>) -> impl IntoView {
    let i18n = use_i18n();
    let configured = Signal::derive(move || kit.record().with(|r| r.view.configured));
    let has_any = Signal::derive(move || {
        kit.record()
            .with(|r| r.view.current.is_some() || r.view.pending.is_some())
    });
    let accounts = move || {
        let PayoutView {
            current, pending, ..
        } = kit.record().get().view;
        view! {
            <h3>{tr(Msg::PayoutsGoTo)}</h3>
            {match current {
                Some(account) => view! { <PayoutFacts account=account/> }.into_any(),
                None => view! { <p>{tr(Msg::NoApprovedPayoutAccount)}</p> }.into_any(),
            }}
            {pending.map(|account| {
                let status = account.status;
                let reason = account.reason.clone();
                view! {
                    <section class="subcard" aria-labelledby="payout-pending-title">
                        <h3 id="payout-pending-title">
                            {tr(Msg::PendingPayoutAccount)}" "
                            <span class="tag">{move || payout_status_name(status, i18n.locale.get())}</span>
                        </h3>
                        <p>{tr(Msg::PayoutKeepsGoing)}</p>
                        {reason.map(|r| view! {
                            <p class="read-only-note" role="note"><strong>{tr(Msg::ReviewerReason)}": "</strong>{r}</p>
                        })}
                        <PayoutFacts account=account/>
                    </section>
                }
            })}
        }
    };
    view! {
        <Show when=move || !configured.get()>
            <p class="banner banner-error" role="alert">{tr(Msg::PayoutNotConfigured)}</p>
        </Show>
        {accounts}
        <p class="loading" role="status">{move || kit.saved().get().then(|| i18n.t(Msg::PayoutSubmitted))}</p>
        <Show when=move || kit.can_edit().get() && configured.get()>
            <Conflict kit=kit/>
            <Show when=move || kit.editing().get()
                fallback=move || view! {
                    <button type="button" class="button" on:click=move |_| kit.start()>
                        {move || i18n.t(if has_any.get() { Msg::ChangePayoutAccount } else { Msg::EnterPayoutAccount })}
                    </button>
                }>
                <PayoutEditor kit=kit/>
            </Show>
        </Show>
    }
}

/// Entering a new payout account: the bank's country decides IBAN and BIC or routing and
/// account number; the user's password confirms it.
#[component]
fn PayoutEditor(kit: FormKit<PayoutChange>) -> impl IntoView {
    let i18n = use_i18n();
    let wants_iban = Memo::new(move |_| kit.values().with(|v| v.account.wants_iban()));
    let countries = crate::components::address::country_options();
    view! {
        <form class="subcard" novalidate aria-labelledby="payout-editor-title"
            on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); kit.submit(); }>
            <h3 id="payout-editor-title">{tr(Msg::EnterPayoutAccount)}</h3>
            <ErrorBanner error=kit.failure()/>
            <TextField id="payout-holder" label=text(Msg::AccountHolder) value=kit.bind(lens!(account.holder))
                autocomplete="organization" error=kit.error(Field::AccountHolder)/>
            <SelectField id="payout-bank-country" label=text(Msg::BankCountry) value=kit.bind(lens!(account.bank_country))
                options=countries placeholder=text(Msg::ChooseCountry) error=kit.error(Field::Country)/>
            <Show when=move || wants_iban.get()
                fallback=move || view! {
                    <TextField id="payout-routing" label=text(Msg::RoutingLabel) value=kit.bind(lens!(account.routing))
                        hint=text(Msg::RoutingHint) error=kit.error(Field::RoutingNumber)/>
                    <TextField id="payout-account-number" label=text(Msg::BankAccountNumberLabel)
                        value=kit.bind(lens!(account.account_number)) error=kit.error(Field::BankAccountNumber)/>
                }>
                <TextField id="payout-iban" label=text(Msg::IbanLabel) value=kit.bind(lens!(account.iban))
                    error=kit.error(Field::Iban)/>
                <TextField id="payout-bic" label=text(Msg::BicLabel) value=kit.bind(lens!(account.bic))
                    error=kit.error(Field::Bic)/>
            </Show>
            <SelectField id="payout-currency" label=text(Msg::PayoutCurrency) value=kit.bind(lens!(account.currency))
                options=Signal::derive(move || currencies_by_name(i18n.locale.get()))
                placeholder=text(Msg::ChooseCurrency) error=kit.error(Field::Currency)/>
            <TextField id="payout-password" label=text(Msg::ConfirmWithPassword) value=kit.bind(lens!(password))
                kind="password" autocomplete="current-password" hint=text(Msg::ConfirmWithPasswordHint)
                error=kit.error(Field::Password)/>
            <div class="button-row">
                <SubmitButton pending=kit.pending() label=Msg::SavePayoutAccount/>
                <button type="button" class="button" on:click=move |_| kit.cancel()>{tr(Msg::Cancel)}</button>
            </div>
        </form>
    }
}

impl Editable for BillingForm {
    type Record = Versioned<Self>;
    const AREA: Area = Area::PayoutTax;
    fn save(self, record: Self::Record) -> impl Future<Output = Result<Self::Record, Error>> {
        api::save_billing(self, record.version)
    }
    fn problems(&self, _: &Self::Record) -> Vec<ApiError> {
        BillingForm::problems(self)
    }
    fn facts(&self, locale: Locale) -> Vec<(Msg, String)> {
        vec![
            (Msg::BillingAddress, address_line(&self.address, locale)),
            (Msg::BillingEmail, self.email.clone()),
            (Msg::PurchaseOrderNumber, self.purchase_order.clone()),
        ]
    }
}

/// The currency invoices are in: the legal country's.
fn billing_currency_of_account() -> Signal<String> {
    let i18n = use_i18n();
    let session = use_session();
    Signal::derive(move || {
        session.me.with(|m| {
            m.as_ref()
                .and_then(|m| billing_currency(&m.account.country))
                .map(|c| c.as_str().to_owned())
                .unwrap_or_else(|| i18n.t(Msg::NotGiven).to_owned())
        })
    })
}

#[component]
fn BillingSection() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="card" aria-labelledby="billing-title">
            <h2 id="billing-title">{tr(Msg::BillingTitle)}</h2>
            {loaded(api::get_billing, move |mut billing| {
                // An address never given starts in the company's own country.
                if billing.form.address.country.is_empty() {
                    billing.form.address.country = session.me.with_untracked(|m| {
                        m.as_ref().map(|m| m.account.country.clone()).unwrap_or_default()
                    });
                }
                view! { <BillingBody kit={FormKit::<BillingForm>::closed(billing)}/> }
            })}
        </section>
    }
}

#[component]
fn BillingBody(kit: FormKit<BillingForm>) -> impl IntoView {
    let i18n = use_i18n();
    let currency = billing_currency_of_account();
    let facts = move || {
        let record = kit.record().get();
        let f = record.form;
        let not_given = move |v: &str| {
            if v.is_empty() {
                i18n.t(Msg::NotGiven).to_owned()
            } else {
                v.to_owned()
            }
        };
        let address = if f.address.street.is_empty() {
            String::new()
        } else {
            address_line(&f.address, i18n.locale.get())
        };
        view! {
            <dl class="facts">
                <dt>{tr(Msg::BillingAddress)}</dt><dd>{not_given(&address)}</dd>
                <dt>{tr(Msg::BillingEmail)}</dt><dd>{not_given(&f.email)}</dd>
                <dt>{tr(Msg::BillingCurrency)}</dt><dd>{currency}" "<span class="muted">{tr(Msg::BillingCurrencyHint)}</span></dd>
                <dt>{tr(Msg::PurchaseOrderNumber)}</dt><dd>{not_given(&f.purchase_order)}</dd>
            </dl>
        }
    };
    view! {
        <Show when=move || !kit.editing().get()>
            {facts}
            <SaveStatus kit=kit/>
            <Show when=move || kit.can_edit().get()>
                <button type="button" class="button" on:click=move |_| kit.start()>
                    {tr(Msg::EditBillingInfo)}
                </button>
            </Show>
        </Show>
        <Show when=move || kit.editing().get()>
            <BillingEditor kit=kit/>
        </Show>
    }
}

#[component]
fn BillingEditor(kit: FormKit<BillingForm>) -> impl IntoView {
    let currency = billing_currency_of_account();
    let suggestion = RwSignal::new(None::<Suggestion>);
    // The billing address is saved in its standard form, or as typed if the user keeps it.
    let save_with = move |chosen: AddressInput| {
        suggestion.set(None);
        kit.update(|f| f.address = chosen);
        kit.send();
    };
    kit.on_submit(move || {
        if kit.check() {
            save_or_suggest(&kit.values().get_untracked().address, suggestion, save_with);
        }
    });
    view! {
        <Conflict kit=kit/>
        <form class="subcard" novalidate aria-labelledby="billing-editor-title"
            on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); kit.submit(); }>
            <h3 id="billing-editor-title">{tr(Msg::EditBillingInfo)}</h3>
            <ErrorBanner error=kit.failure()/>
            <fieldset>
                <legend>{tr(Msg::BillingAddress)}</legend>
                <AddressFields ids=BILLING_ADDRESS address=kit.address(lens!(address)) problems=kit.errors()/>
            </fieldset>
            {move || suggestion.get().map(|(entered, suggested, changes)| view! {
                <AddressSuggestion entered=entered suggested=suggested changes=changes on_choose=Callback::new(save_with)/>
            })}
            <TextField id="billing-email" label=text(Msg::BillingEmail) value=kit.bind(lens!(email)) kind="email"
                autocomplete="email" error=kit.error(Field::BillingEmail)/>
            <p class="field">
                <span class="field-label">{tr(Msg::BillingCurrency)}</span>" "
                <strong>{currency}</strong>" "<span class="muted">{tr(Msg::BillingCurrencyHint)}</span>
            </p>
            <TextField id="billing-po" label=text(Msg::PurchaseOrderNumber) value=kit.bind(lens!(purchase_order))
                hint=text(Msg::PurchaseOrderHint) error=kit.error(Field::PurchaseOrder)/>
            <div class="button-row">
                <SubmitButton pending=kit.pending() label=Msg::Save/>
                <button type="button" class="button" on:click=move |_| kit.cancel()>{tr(Msg::Cancel)}</button>
            </div>
        </form>
    }
}
