//! The warning a Billing admin without an alternate email sees: overdue notices then go to
//! their sign-in email. Shown on My preferences and on the Payout page; it shows nothing for
//! anyone else, or once an alternate email is set.

use domain::Role;
use leptos::prelude::*;

use crate::i18n::{tr, use_i18n, Msg};
use crate::session::use_session;

stylance::import_crate_style!(style, "src/components/alternate_email_warning.module.css");

#[component]
pub fn AlternateEmailWarning(
    /// Whether the user has an alternate email (My preferences passes its section's record, so
    /// saving one hides the warning at once). Until the page knows, it should say true: nothing
    /// rather than something untrue.
    #[prop(into)]
    has_alternate: Signal<bool>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let billing_admin = move || {
        session.me.with(|me| {
            me.as_ref()
                .is_some_and(|me| !me.reviewer && me.roles.contains(&Role::BillingAdmin))
        })
    };
    let sign_in_email = move || {
        session
            .me
            .with(|me| me.as_ref().map(|me| me.email.clone()).unwrap_or_default())
    };
    view! {
        <Show when=move || billing_admin() && !has_alternate.get()>
            <div class=style::warning role="note" aria-labelledby="alternate-email-warning-title">
                <p id="alternate-email-warning-title"><strong>{tr(Msg::NoAlternateEmailTitle)}</strong></p>
                <p>{move || format!("{} {}", i18n.t(Msg::NoAlternateEmailBody), sign_in_email())}</p>
                <p><a href="/settings/preferences#alternate-email-title">{tr(Msg::SetAlternateEmail)}</a></p>
            </div>
        </Show>
    }
}
