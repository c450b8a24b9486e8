//! The page an invitation link opens: the invited person sets their password and is signed in.
//! The token travels in the URL fragment, so it never reaches server logs or referrers.

use domain::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::field::{SubmitButton, TextField};
use crate::components::{token_from_fragment, ErrorBanner};
use crate::i18n::{error_text, text, tr, use_i18n, use_page_title, Msg};
use crate::pages::auth::api::{accept_invitation, invitation_info};
use crate::session::use_session;

#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(Msg::SetPasswordTitle);
    let session = use_session();
    let navigate = use_navigate();
    let token = token_from_fragment();
    let info = LocalResource::new({
        let token = token.clone();
        move || invitation_info(token.clone())
    });
    let password = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<ApiError>);
    let failure = RwSignal::new(None::<ApiError>);
    let action = Action::new_local(move |password: &String| {
        accept_invitation(token.clone(), password.clone())
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(me)) => {
            session.signed_in(me);
            navigate("/settings/overview", Default::default());
        }
        Some(Err(e)) if e.0.field().is_some() => password_error.set(Some(e.0)),
        Some(Err(e)) => failure.set(Some(e.0)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = password.get_untracked();
        match domain::Password::parse(&typed) {
            Ok(_) => {
                password_error.set(None);
                failure.set(None);
                action.dispatch(typed);
            }
            Err(e) => password_error.set(Some(e)),
        }
    };
    view! {
        <main id="main" class="centered-page">
            <h1>{tr(Msg::SetPasswordTitle)}</h1>
            {move || info.get().map(|result| match result {
                Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
                Ok(invited) if invited.has_account_elsewhere => view! {
                    <section class="card" role="alert" aria-labelledby="has-account-title">
                        <p id="has-account-title"><strong>{tr(Msg::ErrInvitationEmailHasAccount)}</strong></p>
                        <p>{move || match i18n.locale.get() {
                            domain::Locale::En => format!("{} already has a Partner Settings account with another company, so it cannot join {} as well. Sign in to your own account, or ask {}'s administrator to invite another address.", invited.email, invited.company, invited.company),
                            domain::Locale::Fr => format!("{} a déjà un compte Paramètres partenaire chez une autre entreprise : cette adresse ne peut pas rejoindre aussi {}. Connectez-vous à votre compte, ou demandez à l'administrateur de {} d'inviter une autre adresse.", invited.email, invited.company, invited.company),
                        }}</p>
                        <a class="button" href="/signin">{tr(Msg::SignInLink)}</a>
                    </section>
                }.into_any(),
                Ok(invited) => view! {
                    <p>{tr(Msg::InvitedAs)}</p>
                    <p><strong>{invited.name.clone()}</strong>" · "{invited.email.clone()}" · "{invited.company.clone()}</p>
                    <form class="card" on:submit=on_submit novalidate>
                        <ErrorBanner error=failure/>
                        <TextField id="new-password" label=text(Msg::NewPasswordLabel) value=password
                            kind="password" autocomplete="new-password" hint=Signal::derive(move || Some(i18n.t(Msg::PasswordHint)))
                            error=Signal::derive(move || password_error.get().map(|e| error_text(&e, i18n.locale.get())))/>
                        <SubmitButton pending=action.pending() label=Msg::SetPasswordButton/>
                    </form>
                }.into_any(),
            })}
        </main>
    }
}
