//! Incentives settings: the page that shows view-only access. Incentive admins (and Global
//! admins) edit; Incentive users see the same data read-only; other roles do not see the page.

pub mod api;

use domain::error::ConflictKind;
use domain::model::{IncentiveForm, IncentiveSettings};
use domain::{Access, ApiError, Area, Field};
use leptos::prelude::*;

use crate::components::conflict::{reapply, ConflictNotice, Difference};
use crate::components::field::{accept_or_show, FieldErrors, SubmitButton, TextField};
use crate::components::shell::RequireArea;
use crate::components::{format_time, ErrorBanner, Loading, ReadOnlyNote};
use crate::i18n::{error_text, tr, use_i18n, use_page_title, Msg};
use crate::session::use_session;

#[component]
pub fn IncentivesPage() -> impl IntoView {
    use_page_title(Msg::IncentivesTitle);
    view! {
        <h1>{tr(Msg::IncentivesTitle)}</h1>
        <p class="lede">{tr(Msg::IncentivesIntro)}</p>
        <RequireArea area=Area::Incentives>
            <IncentivesLoader/>
        </RequireArea>
    }
}

#[component]
fn IncentivesLoader() -> impl IntoView {
    let settings = LocalResource::new(api::get_incentives);
    view! {
        <Suspense fallback=Loading>
            {move || settings.get().map(|result| match result {
                Ok(settings) => view! { <IncentivesForm initial=settings/> }.into_any(),
                Err(e) => view! { <ErrorBanner error=Signal::derive(move || Some(e.0.clone()))/> }.into_any(),
            })}
        </Suspense>
    }
}

/// Someone else's save that collided with ours.
#[derive(Clone)]
struct Collision {
    by: String,
    at: i64,
    theirs: IncentiveSettings,
}

#[component]
fn IncentivesForm(initial: IncentiveSettings) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::Incentives, Access::Edit));
    // What the user opened, to tell their own changes from the others' on a conflict.
    let opened = RwSignal::new(initial.form.clone());
    let version = RwSignal::new(initial.version);
    let last_saved = RwSignal::new((initial.updated_by.clone(), initial.updated_at));
    let name = RwSignal::new(initial.form.payment_contact_name.clone());
    let email = RwSignal::new(initial.form.payment_contact_email.clone());
    let claims = RwSignal::new(initial.form.claims_email.clone());
    let problems = RwSignal::new(FieldErrors::new());
    let collision = RwSignal::new(None::<Collision>);
    let saved = RwSignal::new(false);
    let action = Action::new_local(|(form, version): &(IncentiveForm, i64)| {
        api::save_incentives(form.clone(), *version)
    });

    let current_form = move || IncentiveForm {
        payment_contact_name: name.get_untracked(),
        payment_contact_email: email.get_untracked(),
        claims_email: claims.get_untracked(),
    };
    let load = move |settings: &IncentiveSettings| {
        opened.set(settings.form.clone());
        version.set(settings.version);
        last_saved.set((settings.updated_by.clone(), settings.updated_at));
        name.set(settings.form.payment_contact_name.clone());
        email.set(settings.form.payment_contact_email.clone());
        claims.set(settings.form.claims_email.clone());
    };
    let general_error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| {
        let Some(result) = action.value().get() else {
            return;
        };
        match result {
            Ok(settings) => {
                load(&settings);
                saved.set(true);
                general_error.set(None);
            }
            Err(e) => match e.0 {
                ApiError::Conflict(ConflictKind::Stale { by, at, current }) => {
                    match serde_json::from_str::<IncentiveSettings>(&current) {
                        Ok(theirs) => collision.set(Some(Collision { by, at, theirs })),
                        Err(_) => general_error.set(Some(ApiError::Internal)),
                    }
                }
                other if other.field().is_some() => problems.update(|p| {
                    p.insert(other.field().unwrap_or(Field::Name), other);
                }),
                other => general_error.set(Some(other)),
            },
        }
    });
    let save = move |form: IncentiveForm, at_version: i64| {
        saved.set(false);
        if accept_or_show(problems, form.problems()) {
            action.dispatch((form, at_version));
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(current_form(), version.get_untracked());
    };
    let reapply_mine = Callback::new(move |()| {
        let Some(Collision { theirs, .. }) = collision.get_untracked() else {
            return;
        };
        let (was, mine) = (opened.get_untracked(), current_form());
        let merged = IncentiveForm {
            payment_contact_name: reapply(
                &was.payment_contact_name,
                &mine.payment_contact_name,
                &theirs.form.payment_contact_name,
            ),
            payment_contact_email: reapply(
                &was.payment_contact_email,
                &mine.payment_contact_email,
                &theirs.form.payment_contact_email,
            ),
            claims_email: reapply(
                &was.claims_email,
                &mine.claims_email,
                &theirs.form.claims_email,
            ),
        };
        collision.set(None);
        load(&IncentiveSettings {
            form: merged.clone(),
            ..theirs.clone()
        });
        opened.set(theirs.form.clone());
        save(merged, theirs.version);
    });
    let use_theirs = Callback::new(move |()| {
        if let Some(Collision { theirs, .. }) = collision.get_untracked() {
            collision.set(None);
            load(&theirs);
        }
    });
    let error_for = move |field: Field| {
        Signal::derive(move || {
            problems.with(|p| p.get(&field).map(|e| error_text(e, i18n.locale.get())))
        })
    };
    let label = move |msg: Msg| Signal::derive(move || i18n.t(msg));
    let read_only = Signal::derive(move || !can_edit.get());
    view! {
        <Show when=move || !can_edit.get()>
            <ReadOnlyNote area=Area::Incentives/>
        </Show>
        {move || collision.get().map(|Collision { by, at, theirs }| {
            let mine = current_form();
            let fields = [
                (Msg::PaymentContactName, theirs.form.payment_contact_name.clone(), mine.payment_contact_name),
                (Msg::PaymentContactEmail, theirs.form.payment_contact_email.clone(), mine.payment_contact_email),
                (Msg::ClaimsEmail, theirs.form.claims_email.clone(), mine.claims_email),
            ];
            let differences = fields
                .into_iter()
                .filter(|(_, t, y)| t != y)
                .map(|(m, theirs, yours)| Difference { label: i18n.t(m), theirs, yours })
                .collect();
            view! { <ConflictNotice by=by at=at differences=differences on_reapply=reapply_mine on_use_theirs=use_theirs/> }
        })}
        <form class="card" on:submit=on_submit novalidate>
            <ErrorBanner error=general_error/>
            <TextField id="payment-contact-name" label=label(Msg::PaymentContactName) value=name autocomplete="name"
                error=error_for(Field::PaymentContactName) disabled=read_only/>
            <TextField id="payment-contact-email" label=label(Msg::PaymentContactEmail) value=email kind="email" autocomplete="email"
                error=error_for(Field::PaymentContactEmail) disabled=read_only/>
            <TextField id="claims-email" label=label(Msg::ClaimsEmail) value=claims kind="email" autocomplete="email"
                error=error_for(Field::ClaimsEmail) disabled=read_only/>
            <p class="loading" role="status">
                {move || saved.get().then(|| i18n.t(Msg::Saved))}" "
                {move || {
                    let (by, at) = last_saved.get();
                    (!by.is_empty()).then(|| format!("{} {by} · {}", i18n.t(Msg::LastSavedBy), format_time(at, i18n.locale.get())))
                }}
            </p>
            <Show when=move || can_edit.get()>
                <SubmitButton pending=action.pending() label=Msg::Save/>
            </Show>
        </form>
    }
}
