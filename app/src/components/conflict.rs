//! The "someone else saved first" screen, shared by every versioned form: who changed the record
//! and when, their values beside yours, and the choice to reapply your changes on top of theirs
//! or take their version.

use domain::error::ConflictKind;
use domain::ApiError;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::components::field::FieldErrors;

use crate::components::format_time;
use crate::i18n::{tr, use_i18n, Msg};

/// One field of the conflict table: its label, their value, your value.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub label: &'static str,
    pub theirs: String,
    pub yours: String,
}

/// Keeps a field the user changed (mine differs from what they opened), else takes theirs:
/// reapplying keeps both people's changes when they touched different fields.
pub fn reapply<T: PartialEq + Clone>(opened: &T, mine: &T, theirs: &T) -> T {
    if mine != opened {
        mine.clone()
    } else {
        theirs.clone()
    }
}

/// Who saved first, when, and the record as it now is.
pub type Collision<T> = (String, i64, T);

/// Where the answer to a versioned save goes: the saved record to `on_saved`; a stale version
/// to `collision` (the conflict screen); a refused field beside that field; anything else to
/// `failure`. One routing for every versioned form.
pub fn route_save<T>(
    result: Result<T, crate::api::Error>,
    on_saved: impl FnOnce(T),
    collision: RwSignal<Option<Collision<T>>>,
    problems: RwSignal<FieldErrors>,
    failure: RwSignal<Option<ApiError>>,
) where
    T: DeserializeOwned + Send + Sync + 'static,
{
    match result {
        Ok(saved) => {
            failure.set(None);
            on_saved(saved);
        }
        Err(e) => match e.0 {
            ApiError::Conflict(ConflictKind::Stale { by, at, current }) => {
                match serde_json::from_str::<T>(&current) {
                    Ok(theirs) => collision.set(Some((by, at, theirs))),
                    Err(_) => failure.set(Some(ApiError::Internal)),
                }
            }
            e => match e.field() {
                Some(f) => problems.update(|p| {
                    p.insert(f, e);
                }),
                None => failure.set(Some(e)),
            },
        },
    }
}

#[component]
pub fn ConflictNotice(
    /// Who saved the record (their email).
    by: String,
    /// When they saved it (Unix seconds).
    at: i64,
    /// The fields whose values differ.
    differences: Vec<Difference>,
    /// Reapplies the user's changes on top of the other version.
    on_reapply: Callback<()>,
    /// Drops the user's changes and takes the other version.
    on_use_theirs: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card conflict" role="alert" aria-labelledby="conflict-title">
            <h2 id="conflict-title">{tr(Msg::ConflictTitle)}</h2>
            <p>
                {move || match i18n.locale.get() {
                    domain::Locale::En => format!("{by} changed this on {}.", format_time(at, i18n.locale.get())),
                    domain::Locale::Fr => format!("{by} l'a modifié le {}.", format_time(at, i18n.locale.get())),
                }}
            </p>
            <table class="compare">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::Field)}</th>
                        <th scope="col">{tr(Msg::Theirs)}</th>
                        <th scope="col">{tr(Msg::Yours)}</th>
                    </tr>
                </thead>
                <tbody>
                    {differences.into_iter().map(|d| view! {
                        <tr>
                            <th scope="row">{d.label}</th>
                            <td>{d.theirs}</td>
                            <td>{d.yours}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="button-row">
                <button type="button" class="button button-strong" on:click=move |_| on_reapply.run(())>
                    {tr(Msg::ReapplyMine)}
                </button>
                <button type="button" class="button" on:click=move |_| on_use_theirs.run(())>
                    {tr(Msg::UseTheirs)}
                </button>
            </div>
        </section>
    }
}
