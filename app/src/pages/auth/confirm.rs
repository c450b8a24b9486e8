//! The page a sign-up link opens: the founder enters the password chosen at sign-up (so a
//! stranger who receives the mail cannot open an account with someone else's password), the
//! account opens and they land signed in on the Overview. The token travels in the URL
//! fragment, so it never reaches server logs or referrers.

use domain::error::ConflictKind;
use domain::ApiError;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::api::{confirm_sign_up, sign_up_link_info};
use super::AuthFrame;
use crate::components::field::{SubmitButton, TextField};
use crate::components::{token_from_fragment, ErrorBanner, Loading};
use crate::i18n::{error_text, text, tr, use_i18n, Msg};
use crate::session::use_session;

#[component]
pub fn ConfirmSignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let token = token_from_fragment();
    let link = LocalResource::new({
        let token = token.clone();
        move || sign_up_link_info(token.clone())
    });
    let password = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<ApiError>);
    let failure = RwSignal::new(None::<ApiError>);
    let action = Action::new_local(move |password: &String| {
        confirm_sign_up(token.clone(), password.clone())
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
        failure.set(None);
        if password.get_untracked().is_empty() {
            password_error.set(Some(ApiError::invalid(
                domain::Field::Password,
                domain::Invalid::Required,
            )));
            return;
        }
        password_error.set(None);
        action.dispatch(password.get_untracked());
    };
    // Where to go from a link that no longer works: sign in (which offers a new link) or
    // start again.
    let ways_on = || {
        view! {
            <div class="button-row">
                <A href="/signin" attr:class="button button-primary">{tr(Msg::SignInLink)}</A>
                <A href="/signup" attr:class="button">{tr(Msg::SignUpAgain)}</A>
            </div>
        }
    };
    view! {
        <AuthFrame title=Msg::ConfirmSignUpTitle tab=Msg::ConfirmSignUpTab>
            <Suspense fallback=Loading>
                {move || link.get().map(|result| match result {
                    Err(e) => {
                        let spent = matches!(
                            e.0,
                            ApiError::Conflict(ConflictKind::SignUpLinkExpired | ConflictKind::SignUpLinkUnusable)
                        );
                        view! {
                            <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/>
                            <Show when=move || spent>{ways_on()}</Show>
                        }.into_any()
                    }
                    Ok(opened) => view! {
                        <p>{move || match i18n.locale.get() {
                            domain::Locale::En => format!("Confirm {} to open the partner account of {}: enter the password you chose when you signed up.", opened.email, opened.company),
                            domain::Locale::Fr => format!("Confirmez {} pour ouvrir le compte partenaire de {} : saisissez le mot de passe choisi lors de votre inscription.", opened.email, opened.company),
                        }}</p>
                        <form on:submit=on_submit novalidate>
                            <ErrorBanner error=failure/>
                            <TextField id="sign-up-password" label=text(Msg::SignUpPasswordLabel) value=password
                                kind="password" autocomplete="current-password" hint=Signal::derive(move || Some(i18n.t(Msg::SignUpPasswordHint)))
                                error=Signal::derive(move || password_error.get().map(|e| error_text(&e, i18n.locale.get())))/>
                            <SubmitButton pending=action.pending() label=Msg::ConfirmSignUpButton/>
                        </form>
                        <Show when=move || matches!(failure.get(), Some(ApiError::Conflict(_)))>{ways_on()}</Show>
                    }.into_any(),
                })}
            </Suspense>
        </AuthFrame>
    }
}
