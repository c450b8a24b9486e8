//! Invoices: what the platform billed the company, and which are overdue.

pub mod api;

use domain::invoices::{format_amount, InvoiceStatus};
use domain::Area;
use leptos::prelude::*;

use crate::components::format_date;
use crate::components::list::style;
use crate::components::shell::RequireArea;
use crate::forms::loaded_from;
use crate::i18n::{tr, use_i18n, use_page_title, Msg};

#[component]
pub fn InvoicesPage() -> impl IntoView {
    use_page_title(Msg::InvoicesTitle);
    view! {
        <h1>{tr(Msg::InvoicesTitle)}</h1>
        <p class="lede">{tr(Msg::InvoicesIntro)}</p>
        <RequireArea area=Area::PayoutTax changeable=false>
            <InvoiceList/>
        </RequireArea>
    }
}

#[component]
fn InvoiceList() -> impl IntoView {
    let i18n = use_i18n();
    let invoices = LocalResource::new(api::list_invoices);
    view! {
        {loaded_from(invoices, move |list| if list.is_empty() {
            view! { <p>{tr(Msg::NoInvoices)}</p> }.into_any()
        } else {
            view! {
                <table class=style::table>
                    <caption class="visually-hidden">{tr(Msg::InvoicesTitle)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr(Msg::InvoiceNumber)}</th>
                            <th scope="col">{tr(Msg::InvoiceDate)}</th>
                            <th scope="col">{tr(Msg::InvoiceDueDate)}</th>
                            <th scope="col">{tr(Msg::InvoiceAmount)}</th>
                            <th scope="col">{tr(Msg::InvoiceStatusColumn)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|invoice| {
                            let (amount, currency) = (invoice.amount_minor, invoice.currency.clone());
                            view! {
                                <tr>
                                    <th scope="row" data-label=move || i18n.t(Msg::InvoiceNumber)>{invoice.number.clone()}</th>
                                    <td data-label=move || i18n.t(Msg::InvoiceDate)>{let d = invoice.issued_on.clone(); move || format_date(&d, i18n.locale.get())}</td>
                                    <td data-label=move || i18n.t(Msg::InvoiceDueDate)>{let d = invoice.due_on.clone(); move || format_date(&d, i18n.locale.get())}</td>
                                    <td data-label=move || i18n.t(Msg::InvoiceAmount)>{move || format_amount(amount, &currency, i18n.locale.get())}</td>
                                    <td data-label=move || i18n.t(Msg::InvoiceStatusColumn)>
                                        <span class=move || status_class(invoice.status)>{tr(status_text(invoice.status))}</span>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        })}
    }
}

fn status_text(status: InvoiceStatus) -> Msg {
    match status {
        InvoiceStatus::Unpaid => Msg::InvoiceUnpaid,
        InvoiceStatus::Paid => Msg::InvoicePaid,
        InvoiceStatus::Overdue => Msg::InvoiceOverdue,
    }
}

fn status_class(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Overdue => "tag tag-warning",
        _ => "tag",
    }
}
