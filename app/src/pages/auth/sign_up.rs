use domain::model::{NewPartner, SignUpForm};
use domain::Field;
use leptos::prelude::*;
use leptos_router::components::A;

use super::api::sign_up;
use super::{focus_soon, leave_when_signed_in, style, AuthFrame};
use crate::components::field::{accept_or_show, FieldErrors, SelectField, SubmitButton, TextField};
use crate::components::ErrorBanner;
use crate::i18n::{error_text, text, tr, use_i18n, Msg};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    leave_when_signed_in();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let country = RwSignal::new(String::new());
    // Field errors as the server or the local check found them; kept until the next submit so
    // nothing typed is lost and every problem shows beside its field.
    let problems = RwSignal::new(FieldErrors::new());
    let action = Action::new_local(move |form: &SignUpForm| sign_up(form.clone()));

    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            // The form gives way to "check your inbox": its heading takes the focus.
            focus_soon("check-inbox-title");
        }
        Some(Err(e)) => {
            if let Some(field) = e.0.field() {
                problems.update(|p| {
                    p.insert(field, e.0.clone());
                });
            }
        }
        None => {}
    });
    let general_error = Signal::derive(move || match action.value().get() {
        Some(Err(e)) if e.0.field().is_none() => Some(e.0),
        _ => None,
    });
    let error_for = move |field: Field| {
        Signal::derive(move || {
            problems.with(|p| p.get(&field).map(|e| error_text(e, i18n.locale.get())))
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = SignUpForm {
            email: email.get_untracked(),
            name: name.get_untracked(),
            password: password.get_untracked(),
            company_name: company.get_untracked(),
            country: country.get_untracked(),
        };
        if accept_or_show(problems, NewPartner::problems(&form)) {
            action.dispatch(form);
        }
    };
    let countries = crate::components::address::country_options();

    let sent_to = move || match action.value().get() {
        Some(Ok(started)) => Some(started.email),
        _ => None,
    };

    view! {
        <AuthFrame title=Msg::SignUpTitle tab=Msg::CreateAccountLink>
            {move || sent_to().map(|email| view! {
                <section role="status" aria-labelledby="check-inbox-title">
                    <h2 id="check-inbox-title" tabindex="-1">{tr(Msg::CheckInboxTitle)}</h2>
                    <p>{move || match i18n.locale.get() {
                        domain::Locale::En => format!("We sent a link to {email}. Follow it and enter the password you just chose to open your account. The link works once, for 24 hours."),
                        domain::Locale::Fr => format!("Nous avons envoyé un lien à {email}. Suivez-le et saisissez le mot de passe que vous venez de choisir pour ouvrir votre compte. Le lien fonctionne une fois, pendant 24 heures."),
                    }}</p>
                    <p class="muted">{tr(Msg::CheckInboxNothing)}</p>
                </section>
            })}
            <Show when=move || sent_to().is_none()>
            <p>{tr(Msg::SignUpIntro)}</p>
            <form on:submit=on_submit novalidate>
                <p role="status" class="form-summary">
                    {move || (!problems.with(FieldErrors::is_empty)).then(|| i18n.t(Msg::FixErrors))}
                </p>
                <ErrorBanner error=general_error/>
                <TextField id="email" label=text(Msg::WorkEmail) value=email kind="email" autocomplete="email"
                    hint=Signal::derive(move || Some(i18n.t(Msg::EmailHint))) error=error_for(Field::Email)/>
                <TextField id="name" label=text(Msg::YourName) value=name autocomplete="name" error=error_for(Field::Name)/>
                <TextField id="password" label=text(Msg::Password) value=password kind="password" autocomplete="new-password"
                    hint=Signal::derive(move || Some(i18n.t(Msg::PasswordHint))) error=error_for(Field::Password)/>
                <TextField id="company" label=text(Msg::CompanyLegalName) value=company autocomplete="organization" error=error_for(Field::CompanyName)/>
                <SelectField id="country" label=text(Msg::Country) value=country options=countries
                    placeholder=text(Msg::ChooseCountry) error=error_for(Field::Country)/>
                <SubmitButton pending=action.pending() label=Msg::SignUpButton/>
            </form>
            </Show>
            <p class=style::switch>
                {tr(Msg::HaveAccount)}" "
                <A href="/signin">{tr(Msg::SignInLink)}</A>
            </p>
        </AuthFrame>
    }
}
