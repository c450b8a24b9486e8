//! "Add a user": name, work email and roles; the server mails the invitation.

use domain::model::{InviteForm as InviteFields, NewInvite};
use domain::{ApiError, Field};
use leptos::prelude::*;

use super::api::{invite_user, own_email_domains};
use super::roles::{manageable_roles, RolePicker};
use crate::components::field::{accept_or_show, FieldErrors, SubmitButton, TextField};
use crate::components::ErrorBanner;
use crate::i18n::{error_text, text, tr, use_i18n, Msg};
use crate::session::use_session;

#[component]
pub fn InviteForm(
    /// Called with the outcome once the invitation is sent.
    on_done: Callback<Result<Msg, ApiError>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::new());
    let problems = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let action = Action::new_local(|form: &InviteFields| invite_user(form.clone()));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => on_done.run(Ok(Msg::InvitationSent)),
        Some(Err(e)) => match e.0.field() {
            Some(field) => problems.update(|p| {
                p.insert(field, e.0.clone());
            }),
            None => failure.set(Some(e.0)),
        },
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = InviteFields {
            name: name.get_untracked(),
            email: email.get_untracked(),
            roles: roles.get_untracked(),
        };
        failure.set(None);
        if accept_or_show(problems, NewInvite::problems(&form)) {
            action.dispatch(form);
        }
    };
    let error_for = move |field: Field| {
        Signal::derive(move || {
            problems.with(|p| p.get(&field).map(|e| error_text(e, i18n.locale.get())))
        })
    };
    // The company's own domains: an address outside them is allowed, but said so as it is
    // typed (until they are known, or if they cannot be read, nothing is said).
    let own_domains = LocalResource::new(own_email_domains);
    let outside_domain = move || {
        let typed = email.get();
        let parsed = domain::WorkEmail::parse(&typed).ok()?;
        let own = own_domains.get()?.ok()?;
        domain::users::outside_own_domains(parsed.as_str(), &own)
            .then(|| (parsed.domain().to_owned(), own.join(", ")))
    };
    let warning = move || {
        outside_domain().map(|(domain, own)| match i18n.locale.get() {
            domain::Locale::En if own.is_empty() => format!(
                "{domain} is not one of your company's email domains. Check the address: this person will be able to sign in to your company's account."
            ),
            domain::Locale::Fr if own.is_empty() => format!(
                "{domain} n'est pas un domaine de messagerie de votre entreprise. Vérifiez l'adresse : cette personne pourra se connecter au compte de votre entreprise."
            ),
            domain::Locale::En => format!(
                "{domain} is not one of your company's email domains ({own}). Check the address: this person will be able to sign in to your company's account."
            ),
            domain::Locale::Fr => format!(
                "{domain} n'est pas un domaine de messagerie de votre entreprise ({own}). Vérifiez l'adresse : cette personne pourra se connecter au compte de votre entreprise."
            ),
        })
    };
    let manageable = manageable_roles(
        &session
            .me
            .with_untracked(|m| m.as_ref().map(|m| m.roles.clone()).unwrap_or_default()),
    );
    view! {
        <section class="card" aria-labelledby="invite-title">
            <h2 id="invite-title">{tr(Msg::AddUserTitle)}</h2>
            <p class="muted">{tr(Msg::AddUserIntro)}</p>
            <form on:submit=on_submit novalidate>
                <ErrorBanner error=failure/>
                <TextField id="invite-name" label=text(Msg::Name) value=name autocomplete="off" error=error_for(Field::Name)/>
                <TextField id="invite-email" label=text(Msg::WorkEmail) value=email kind="email" autocomplete="off" error=error_for(Field::Email)/>
                <p id="invite-email-warning" class="field-warning" aria-live="polite">{warning}</p>
                <RolePicker selected=roles manageable=manageable error=error_for(Field::Roles)/>
                <div class="button-row">
                    <SubmitButton pending=action.pending() label=Msg::SendInvitation/>
                    <button type="button" class="button" on:click=move |_| on_cancel.run(())>{tr(Msg::Cancel)}</button>
                </div>
            </form>
        </section>
    }
}
