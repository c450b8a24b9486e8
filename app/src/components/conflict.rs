//! The "someone else saved first" screen, shared by every versioned form: who changed the record
//! and when, their values beside yours, and the choice to reapply your changes on top of theirs
//! or take their version (the form kit, `crate::forms`, decides what each choice does).

use leptos::prelude::*;

use crate::components::format_time;
use crate::i18n::{tr, use_i18n, Msg};

/// One field of the conflict table: its label, their value, your value.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub label: &'static str,
    pub theirs: String,
    pub yours: String,
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
    /// What else the user should know before choosing.
    #[prop(default = None)]
    note: Option<Msg>,
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
            {note.map(|note| view! { <p>{tr(note)}</p> })}
            // A write-only record (bank details) has no values to compare: no table then.
            {(!differences.is_empty()).then(|| view! {
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
            })}
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
