//! The reviewers' list of submitted tax exemption certificates: open the file, accept it.

use domain::tax::certificate::CertificateForReview;
use domain::ApiError;
use leptos::prelude::*;

use super::tax_api;
use crate::api::downloads;
use crate::components::{format_date, format_time, ErrorBanner};
use crate::forms::loaded_from;
use crate::i18n::{tr, use_i18n, Msg};

#[component]
pub fn CertificateQueue() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let items = LocalResource::new(move || {
        reload.track();
        tax_api::review_tax_certificates()
    });
    let failure = RwSignal::new(None::<ApiError>);
    let accept = Action::new_local(|id: &i64| tax_api::accept_tax_certificate(*id));
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(_)) => {
            failure.set(None);
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => failure.set(Some(e.0)),
        None => {}
    });
    let row = move |item: CertificateForReview| {
        let c = item.certificate;
        let id = c.id;
        let name = c.file_name.clone();
        let open_label = {
            let name = name.clone();
            move || format!("{} {name}", i18n.t(Msg::Download))
        };
        let accept_label = move || format!("{} {name}", i18n.t(Msg::AcceptCertificate));
        let submitted_at = c.submitted_at;
        view! {
            <li class="location">
                <p><strong>{item.legal_name.clone()}</strong>" · "{item.partner_id.clone()}</p>
                <p>{c.file_name.clone()}" · "{c.region.clone()}" · "{tr(Msg::ExpiryDate)}": "{let d = c.expires_on.clone(); move || format_date(&d, i18n.locale.get())}</p>
                <p class="muted">{tr(Msg::UploadedBy)}" "{c.submitted_by.clone()}" · "{move || format_time(submitted_at, i18n.locale.get())}</p>
                <div class="button-row">
                    <a class="button button-small" href=downloads::url(downloads::REVIEW_TAX_CERTIFICATE, id)
                        download=c.file_name.clone() aria-label=open_label>{tr(Msg::Download)}</a>
                    <button type="button" class="button button-small button-strong" aria-label=accept_label
                        disabled=move || accept.pending().get()
                        on:click=move |_| { accept.dispatch(id); }>{tr(Msg::AcceptCertificate)}</button>
                </div>
            </li>
        }
    };
    view! {
        <section class="card" aria-labelledby="review-certificates-title">
            <h2 id="review-certificates-title">{tr(Msg::ReviewCertificates)}</h2>
            <ErrorBanner error=failure/>
            {loaded_from(items, move |list| if list.is_empty() {
                view! { <p>{tr(Msg::ReviewCertificatesEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="location-list">{list.into_iter().map(row).collect_view()}</ul>
                }.into_any()
            })}
        </section>
    }
}
