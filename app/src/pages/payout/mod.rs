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
use domain::{Access, ApiError, Area, CountryCode, Field, Invalid, Locale};
use leptos::prelude::*;

use std::future::Future;

use crate::api::Error;
use crate::components::address::{
    address_line, save_or_suggest, AddressFields, AddressIds, AddressSuggestion, Suggestion,
};
use crate::components::alternate_email_warning::AlternateEmailWarning;
use crate::components::field::{
    accept_or_show, check_as_typed, FieldErrors, SelectField, SubmitButton, TextField,
};
use crate::components::shell::{use_unsaved_guard, RequireArea};
use crate::components::{format_time, ErrorBanner, Loading, ReadOnlyNote};
use crate::forms::{loaded, Conflict, Editable, FormKit, SaveStatus};
use crate::i18n::{error_text, payout_status_name, text, tr, use_i18n, use_page_title, Msg};
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
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::PayoutTax, Access::Edit));
    let alternate = LocalResource::new(crate::pages::preferences::api::get_alternate_email);
    // Until the answer comes (or if it fails), say nothing rather than something untrue.
    let has_alternate = Signal::derive(move || {
        alternate.get().is_none_or(|r| {
            r.map(|a| !a.form.alternate_email.is_empty())
                .unwrap_or(true)
        })
    });
    // A payout account typed but not saved counts as unsaved changes.
    let unsaved = RwSignal::new(false);
    use_unsaved_guard(unsaved.into());
    view! {
        <h1>{tr(Msg::PayoutTitle)}</h1>
        <p class="lede">{tr(Msg::PayoutIntro)}</p>
        <RequireArea area=Area::PayoutTax>
            <Show when=move || !can_edit.get()>
                <ReadOnlyNote area=Area::PayoutTax/>
            </Show>
            // Overdue invoices go to a Billing admin's alternate email: say so when none is set.
            <AlternateEmailWarning has_alternate=has_alternate/>
            <PayoutSection can_edit=can_edit unsaved=unsaved/>
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

#[component]
fn PayoutSection(can_edit: Memo<bool>, unsaved: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let payout = LocalResource::new(move || {
        reload.track();
        api::get_payout()
    });
    let editing = RwSignal::new(false);
    let submitted = RwSignal::new(false);
    let done = Callback::new(move |changed: bool| {
        editing.set(false);
        unsaved.set(false);
        submitted.set(changed);
        reload.update(|n| *n += 1);
    });
    view! {
        <section class="card" aria-labelledby="payout-title">
            <h2 id="payout-title">{tr(Msg::PayoutAccountTitle)}</h2>
            <p class="muted">{tr(Msg::MaskedNumbersNote)}</p>
            <Suspense fallback=Loading>
                {move || payout.get().map(|result| match result {
                    Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                    Ok(view) => {
                        let configured = view.configured;
                        let has_any = view.current.is_some() || view.pending.is_some();
                        let PayoutView { current, pending, version, .. } = view;
                        view! {
                            <Show when=move || !configured>
                                <p class="banner banner-error" role="alert">{tr(Msg::PayoutNotConfigured)}</p>
                            </Show>
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
                            <p class="loading" role="status">{move || submitted.get().then(|| i18n.t(Msg::PayoutSubmitted))}</p>
                            <Show when=move || can_edit.get() && configured>
                                {move || if editing.get() {
                                    view! { <PayoutEditor version=version on_done=done unsaved=unsaved/> }.into_any()
                                } else {
                                    view! {
                                        <button type="button" class="button" on:click=move |_| { submitted.set(false); editing.set(true); }>
                                            {move || i18n.t(if has_any { Msg::ChangePayoutAccount } else { Msg::EnterPayoutAccount })}
                                        </button>
                                    }.into_any()
                                }}
                            </Show>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[derive(Clone, Copy)]
struct PayoutFields {
    holder: RwSignal<String>,
    bank_country: RwSignal<String>,
    iban: RwSignal<String>,
    bic: RwSignal<String>,
    routing: RwSignal<String>,
    account_number: RwSignal<String>,
    currency: RwSignal<String>,
}

impl PayoutFields {
    fn new(f: &PayoutAccountForm) -> Self {
        PayoutFields {
            holder: RwSignal::new(f.holder.clone()),
            bank_country: RwSignal::new(f.bank_country.clone()),
            iban: RwSignal::new(f.iban.clone()),
            bic: RwSignal::new(f.bic.clone()),
            routing: RwSignal::new(f.routing.clone()),
            account_number: RwSignal::new(f.account_number.clone()),
            currency: RwSignal::new(f.currency.clone()),
        }
    }

    fn form(&self) -> PayoutAccountForm {
        PayoutAccountForm {
            holder: self.holder.get(),
            bank_country: self.bank_country.get(),
            iban: self.iban.get(),
            bic: self.bic.get(),
            routing: self.routing.get(),
            account_number: self.account_number.get(),
            currency: self.currency.get(),
        }
    }
}

/// Entering a new payout account: the bank's country decides IBAN and BIC or routing and
/// account number; the user's password confirms it.
#[component]
fn PayoutEditor(version: i64, on_done: Callback<bool>, unsaved: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let (legal_name, country) = session.me.with_untracked(|m| {
        m.as_ref()
            .map(|m| (m.account.legal_name.clone(), m.account.country.clone()))
            .unwrap_or_default()
    });
    let initial = PayoutAccountForm {
        holder: legal_name,
        currency: billing_currency(&country)
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        bank_country: country,
        ..Default::default()
    };
    let fields = PayoutFields::new(&initial);
    let password = RwSignal::new(String::new());
    let version = RwSignal::new(version);
    let problems = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let tried = check_as_typed(problems, move || fields.form().problems());
    Effect::new(move |_| unsaved.set(fields.form() != initial));
    let wants_iban = Memo::new(move |_| fields.form().wants_iban());
    let changed_by = RwSignal::new(None::<(String, i64)>);

    let action = Action::new_local(
        |(form, password, version): &(PayoutAccountForm, String, i64)| {
            api::change_payout_account(form.clone(), password.clone(), *version)
        },
    );
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            password.set(String::new());
            on_done.run(true);
        }
        Some(Err(e)) => {
            password.set(String::new());
            match e.0 {
                ApiError::Conflict(domain::error::ConflictKind::Stale { by, at, current }) => {
                    // Someone changed the payout account meanwhile: say who and when; saving
                    // again (after a look at the page, with the password) goes on top of theirs.
                    // Their account is masked, so there is nothing to compare field by field.
                    if let Ok(theirs) = serde_json::from_str::<PayoutView>(&current) {
                        version.set(theirs.version);
                    }
                    changed_by.set(Some((by, at)));
                }
                other => match other.field() {
                    Some(field) => {
                        problems.update(|p| {
                            p.insert(field, other.clone());
                        });
                    }
                    None => failure.set(Some(other)),
                },
            }
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        changed_by.set(None);
        tried.set(true);
        let mut found = fields.form().problems();
        if password.get_untracked().is_empty() {
            found.push(ApiError::invalid(Field::Password, Invalid::Required));
        }
        if accept_or_show(problems, found) {
            action.dispatch((
                fields.form(),
                password.get_untracked(),
                version.get_untracked(),
            ));
        }
    };
    let error_for = move |field: Field| {
        Signal::derive(move || {
            problems.with(|p| p.get(&field).map(|e| error_text(e, i18n.locale.get())))
        })
    };
    let countries = crate::components::address::country_options();
    view! {
        <form class="subcard" on:submit=on_submit novalidate aria-labelledby="payout-editor-title">
            <h3 id="payout-editor-title">{tr(Msg::EnterPayoutAccount)}</h3>
            <ErrorBanner error=failure/>
            {move || changed_by.get().map(|(by, at)| view! {
                <p class="banner banner-error" role="alert">
                    {move || format!("{} {by} · {}", i18n.t(Msg::PayoutChangedMeanwhile), format_time(at, i18n.locale.get()))}
                </p>
            })}
            <TextField id="payout-holder" label=text(Msg::AccountHolder) value=fields.holder autocomplete="organization"
                error=error_for(Field::AccountHolder)/>
            <SelectField id="payout-bank-country" label=text(Msg::BankCountry) value=fields.bank_country options=countries
                placeholder=text(Msg::ChooseCountry) error=error_for(Field::Country)/>
            <Show when=move || wants_iban.get()
                fallback=move || view! {
                    <TextField id="payout-routing" label=text(Msg::RoutingLabel) value=fields.routing hint=text(Msg::RoutingHint)
                        error=error_for(Field::RoutingNumber)/>
                    <TextField id="payout-account-number" label=text(Msg::BankAccountNumberLabel) value=fields.account_number
                        error=error_for(Field::BankAccountNumber)/>
                }>
                <TextField id="payout-iban" label=text(Msg::IbanLabel) value=fields.iban error=error_for(Field::Iban)/>
                <TextField id="payout-bic" label=text(Msg::BicLabel) value=fields.bic error=error_for(Field::Bic)/>
            </Show>
            <SelectField id="payout-currency" label=text(Msg::PayoutCurrency) value=fields.currency
                options=Signal::derive(move || currencies_by_name(i18n.locale.get()))
                placeholder=text(Msg::ChooseCurrency) error=error_for(Field::Currency)/>
            <TextField id="payout-password" label=text(Msg::ConfirmWithPassword) value=password kind="password"
                autocomplete="current-password" hint=text(Msg::ConfirmWithPasswordHint) error=error_for(Field::Password)/>
            <div class="button-row">
                <SubmitButton pending=action.pending() label=Msg::SavePayoutAccount/>
                <button type="button" class="button" on:click=move |_| on_done.run(false)>{tr(Msg::Cancel)}</button>
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
