//! Programs: the programs the company is enrolled in (status, date, who enrolled, the
//! agreement version accepted) and the others, each with its requirements met or not and a link
//! to where each can be met. Enrol (accepting the program agreement, read on its own page,
//! [`agreement`]), answer a reviewer, or leave (after confirming). The rules are
//! `domain::programs`; the server checks every requirement again when enrolling.

pub mod agreement;
pub mod api;

use domain::programs::{
    program, EnrolmentState, EnrolmentStep, EnrolmentSummary, Program, ProgramView, Requirement,
};
use domain::{Access, ApiError, Area, Field};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::field::TextAreaField;

use crate::components::shell::Menu;
use crate::components::shell::RequireArea;
use crate::components::{confirm, format_date, format_time, ErrorBanner};
use crate::forms::loaded_from;
use crate::i18n::{enrolment_state_name, text, tr, use_i18n, use_page_title, Msg};
use crate::session::use_session;

stylance::import_crate_style!(style, "src/pages/programs/programs.module.css");

#[component]
pub fn ProgramsPage() -> impl IntoView {
    use_page_title(Msg::ProgramsTitle);
    let reload = RwSignal::new(0u32);
    // Outlive the reload that follows a change.
    let notice = RwSignal::new(None::<Msg>);
    let failure = RwSignal::new(None::<ApiError>);
    let programs = LocalResource::new(move || {
        reload.track();
        api::list_programs()
    });
    let changed = Changed {
        reload,
        notice,
        failure,
    };
    view! {
        <h1>{tr(Msg::ProgramsTitle)}</h1>
        <p class="lede">{tr(Msg::ProgramsIntro)}</p>
        <RequireArea area=Area::Programs>
            <div role="status" class="banner-slot">
                {move || notice.get().map(|msg| view! { <p class="banner banner-ok">{tr(msg)}</p> })}
            </div>
            <ErrorBanner error=failure/>
            {loaded_from(programs, move |list| view! { <ProgramList list=list changed=changed/> }.into_any())}
        </RequireArea>
    }
}

/// What a change on the page reports to: reload the list, say what happened, or what failed.
#[derive(Clone, Copy)]
struct Changed {
    reload: RwSignal<u32>,
    notice: RwSignal<Option<Msg>>,
    failure: RwSignal<Option<ApiError>>,
}

impl Changed {
    fn done(self, msg: Msg) {
        self.failure.set(None);
        self.notice.set(Some(msg));
        self.reload.update(|n| *n += 1);
    }

    fn failed(self, error: ApiError) {
        self.notice.set(None);
        self.failure.set(Some(error));
    }
}

#[component]
fn ProgramList(list: Vec<ProgramView>, changed: Changed) -> impl IntoView {
    let session = use_session();
    let can_edit = session.allows(Area::Programs, Access::Edit);
    let (yours, others): (Vec<ProgramView>, Vec<ProgramView>) = list
        .into_iter()
        .partition(|v| v.enrolment.as_ref().is_some_and(|e| e.state.is_enrolled()));
    let no_enrolment = yours.is_empty();
    let cards = move |views: Vec<ProgramView>| {
        views
            .into_iter()
            .map(|v| view! { <ProgramCard view=v can_edit=can_edit changed=changed/> })
            .collect_view()
    };
    view! {
        <section aria-labelledby="programs-yours">
            <h2 id="programs-yours">{tr(Msg::ProgramsYours)}</h2>
            {if no_enrolment {
                view! { <p>{tr(Msg::ProgramsNoneYet)}</p> }.into_any()
            } else {
                cards(yours).into_any()
            }}
        </section>
        <section aria-labelledby="programs-others">
            <h2 id="programs-others">{tr(Msg::ProgramsOthers)}</h2>
            {cards(others)}
        </section>
    }
}

/// The id of a program's card, which `MemberOf` requirements link to.
fn card_id(p: &Program) -> String {
    format!("program-{}", p.code.code())
}

/// The title of the workspace page at `path`, if it is one of the menu's.
fn page_title(path: &str) -> Option<Msg> {
    use_context::<Menu>()?
        .0
        .into_iter()
        .find(|item| item.path == path)
        .map(|item| item.title)
}

/// Where a requirement can be met: a link to its page, to the program it needs, or a word on
/// the enrolment form.
#[component]
fn WhereToMeet(requirement: Requirement) -> impl IntoView {
    let i18n = use_i18n();
    match requirement {
        Requirement::AgreementAccepted => {
            view! { <span class="muted">{tr(Msg::AgreementOnEnrolForm)}</span> }.into_any()
        }
        Requirement::MemberOf(code) => {
            let href = format!("#{}", card_id(program(code)));
            view! { <a href=href>{tr(Msg::SeeProgram)}</a> }.into_any()
        }
        other => {
            let path = other.where_to_meet();
            let label = move || match page_title(path) {
                Some(title) => format!("{} {}", i18n.t(Msg::GoTo), i18n.t(title)),
                None => format!("{} {path}", i18n.t(Msg::GoTo)),
            };
            view! { <a href=path>{label}</a> }.into_any()
        }
    }
}

/// A list of requirements, each said as met or not, with where the unmet ones can be met.
#[component]
pub(crate) fn Requirements(
    /// Each requirement with whether it is met.
    requirements: Vec<(Requirement, bool)>,
    /// Whether to link the unmet ones to where they can be met (not for reviewers).
    #[prop(default = true)]
    links: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class=style::requirements>
            {requirements.into_iter().map(|(r, met)| view! {
                <li class=if met { style::met } else { style::unmet }>
                    <span class=style::mark>{tr(if met { Msg::RequirementMet } else { Msg::RequirementNotMet })}</span>
                    <span>{move || r.text(i18n.locale.get())}</span>
                    {(links && !met).then(|| view! { <WhereToMeet requirement=r/> })}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// One program: its enrolment if any, its requirements, and what the user may do.
#[component]
fn ProgramCard(view: ProgramView, can_edit: bool, changed: Changed) -> impl IntoView {
    let i18n = use_i18n();
    let p = program(view.code);
    let heading_id = format!("{}-title", card_id(p));
    let labelled_by = heading_id.clone();
    let enrolled = view
        .enrolment
        .as_ref()
        .is_some_and(|e| e.state.is_enrolled());
    let summary = view
        .enrolment
        .clone()
        .map(|e| view! { <EnrolmentFacts program_code=p.code enrolment=e/> });
    let actions = can_edit.then(|| {
        if enrolled {
            let e = view.enrolment.clone().expect("enrolled");
            view! { <EnrolledActions program=p enrolment=e changed=changed/> }.into_any()
        } else {
            view! { <EnrolForm view=view.clone() changed=changed/> }.into_any()
        }
    });
    view! {
        <article class="card" id=card_id(p) aria-labelledby=labelled_by>
            <h3 id=heading_id>{move || p.name(i18n.locale.get())}</h3>
            <p class="muted">{move || p.summary(i18n.locale.get())}</p>
            {summary}
            <h4>{tr(Msg::ProgramRequirements)}</h4>
            <Requirements requirements=view.requirements.clone()/>
            {actions}
        </article>
    }
}

/// Where the enrolment stands: status, since when, who enrolled and when, and the reviewer's
/// message or what to do.
#[component]
fn EnrolmentFacts(
    /// The program enrolled in.
    program_code: domain::programs::ProgramCode,
    /// Its latest enrolment.
    enrolment: EnrolmentSummary,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = enrolment;
    let state = e.state;
    let code = program_code;
    let agreement_href = agreement::agreement_href(code, Some(&e.agreement_version));
    let help = match state {
        EnrolmentState::ActionRequired => Some(Msg::ProgramActionRequiredHelp),
        EnrolmentState::PendingReview => Some(Msg::ProgramPendingHelp),
        _ => None,
    };
    let by_reviewer = matches!(
        state,
        EnrolmentState::Rejected | EnrolmentState::InformationRequested
    );
    let reason = e.reason.clone().filter(|_| by_reviewer);
    view! {
        <dl class="facts">
            <dt>{tr(Msg::ProgramStatus)}</dt>
            <dd><span class="tag">{move || enrolment_state_name(state, i18n.locale.get())}</span></dd>
            <dt>{tr(Msg::ProgramSince)}</dt>
            <dd>{move || format_time(e.since, i18n.locale.get())}</dd>
            <dt>{tr(Msg::ProgramEnrolled)}</dt>
            <dd>{move || format_time(e.enrolled_at, i18n.locale.get())}" "{tr(Msg::ProgramBy)}" "{e.enrolled_by.clone()}</dd>
            <dt>{tr(Msg::ProgramAgreement)}</dt>
            <dd>
                <a href=agreement_href>{tr(Msg::AgreementVersion)}" "{e.agreement_version.clone()}</a>
                " "{tr(Msg::AgreementAcceptedOn)}" "{move || format_time(e.agreement_accepted_at, i18n.locale.get())}
                " "{tr(Msg::ProgramBy)}" "{e.agreement_accepted_by.clone()}
            </dd>
        </dl>
        {help.map(|msg| view! { <p>{tr(msg)}</p> })}
        {reason.map(|r| view! { <p><strong>{tr(Msg::ReviewerMessage)}</strong>" "{r}</p> })}
    }
}

/// Leave (after confirming), and answer the reviewer when they asked for something.
#[component]
fn EnrolledActions(
    program: &'static Program,
    enrolment: EnrolmentSummary,
    changed: Changed,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = program.code;
    let version = enrolment.version;
    let asked = enrolment.state == EnrolmentState::InformationRequested;
    let answer = RwSignal::new(String::new());
    let answer_error = RwSignal::new(None::<ApiError>);
    let last = RwSignal::new(EnrolmentStep::Leave);
    let step = Action::new_local(move |(step, message): &(EnrolmentStep, String)| {
        last.set(*step);
        api::program_step(code, *step, version, message.clone())
    });
    Effect::new(move |_| match step.value().get() {
        Some(Ok(_)) => changed.done(match last.get_untracked() {
            EnrolmentStep::Answer => Msg::AnsweredNotice,
            _ => Msg::LeftNotice,
        }),
        Some(Err(e)) if e.0.field() == Some(Field::Message) => answer_error.set(Some(e.0)),
        Some(Err(e)) => changed.failed(e.0),
        None => {}
    });
    let answer_id = format!("answer-{}", code.code());
    let leave = move |_| {
        if confirm(i18n.t(Msg::ConfirmLeaveProgram)) {
            step.dispatch((EnrolmentStep::Leave, String::new()));
        }
    };
    view! {
        {asked.then(|| {
            let answer_id = answer_id.clone();
            view! {
                <TextAreaField id=answer_id label=text(Msg::YourAnswer) value=answer
                    error=Signal::derive(move || answer_error.get().map(|e| crate::i18n::error_text(&e, i18n.locale.get())))/>
                <div class="button-row">
                    <button type="button" class="button button-strong" disabled=move || step.pending().get()
                        on:click=move |_| { step.dispatch((EnrolmentStep::Answer, answer.get_untracked())); }>
                        {tr(Msg::SendAnswer)}
                    </button>
                </div>
            }
        })}
        <div class="button-row">
            <button type="button" class="button button-danger" disabled=move || step.pending().get()
                aria-label=move || format!("{} {}", i18n.t(Msg::LeaveProgram), program.name(i18n.locale.get()))
                on:click=leave>
                {tr(Msg::LeaveProgram)}
            </button>
        </div>
    }
}

/// The Enrol button and the form it opens: what is still missing (with where to meet it), or
/// the agreement to accept and the confirmation.
#[component]
fn EnrolForm(view: ProgramView, changed: Changed) -> impl IntoView {
    let i18n = use_i18n();
    let p = program(view.code);
    let code = p.code;
    // Back from the agreement page (`?enrol=<program>`): the form is open again.
    let reopened = use_query_map()
        .with_untracked(|q| q.get("enrol"))
        .as_deref()
        == Some(code.code());
    let open = RwSignal::new(reopened);
    let agreed = RwSignal::new(false);
    // Why the agreement is not accepted: not ticked, or the version shown is no longer current.
    let agreement_error = RwSignal::new(None::<Msg>);
    // The agreement version the form shows and accepts; the server may say a newer one is current.
    let version = RwSignal::new(view.agreement_version.clone());
    let shown_version = view.agreement_version.clone();
    let shown_effective = view.agreement_effective.clone();
    let checkbox = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if reopened {
            if let Some(input) = checkbox.get() {
                let _ = input.focus();
            }
        }
    });
    // What the server found missing when it checked again (the page may be stale).
    let server_missing = RwSignal::new(None::<Vec<(Requirement, bool)>>);
    let missing: Vec<(Requirement, bool)> = view
        .requirements
        .iter()
        .filter(|(r, met)| !met && *r != Requirement::AgreementAccepted)
        .copied()
        .collect();
    let can_enrol = missing.is_empty();
    let missing = StoredValue::new(missing);
    let enrol = Action::new_local(move |(agreement, version): &(bool, String)| {
        api::enrol_program(code, *agreement, version.clone())
    });
    Effect::new(move |_| match enrol.value().get() {
        Some(Ok(_)) => changed.done(Msg::EnrolledNotice),
        Some(Err(e)) => match e.0 {
            ApiError::Validation {
                field: Field::ProgramAgreement,
                ..
            } => agreement_error.set(Some(Msg::AgreementRequired)),
            ApiError::Conflict(domain::error::ConflictKind::AgreementChanged { current }) => {
                // What was accepted is not what is in force: read the new text, accept again.
                version.set(current);
                agreed.set(false);
                agreement_error.set(Some(Msg::ErrAgreementChanged));
            }
            ApiError::Conflict(domain::error::ConflictKind::RequirementsNotMet(list)) => {
                server_missing.set(Some(list.into_iter().map(|r| (r, false)).collect()))
            }
            other => changed.failed(other),
        },
        None => {}
    });
    let form_id = format!("enrol-{}", code.code());
    let controls = form_id.clone();
    let checkbox_id = format!("{form_id}-agreement");
    let error_id = format!("{checkbox_id}-error");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !agreed.get_untracked() {
            agreement_error.set(Some(Msg::AgreementRequired));
            return;
        }
        agreement_error.set(None);
        enrol.dispatch((true, version.get_untracked()));
    };
    view! {
        <Show when=move || !open.get()>
            <div class="button-row">
                <button type="button" class="button button-strong"
                    aria-label=move || format!("{} {}", i18n.t(Msg::EnrolIn), p.name(i18n.locale.get()))
                    aria-controls=controls.clone()
                    on:click=move |_| open.set(true)>
                    {tr(Msg::Enrol)}
                </button>
            </div>
        </Show>
        <div id=form_id hidden=move || !open.get()>
            {if can_enrol {
                let checkbox_for = checkbox_id.clone();
                let error_for = error_id.clone();
                view! {
                    <form class=style::enrol on:submit=submit aria-label=move || format!("{} {}", i18n.t(Msg::EnrolIn), p.name(i18n.locale.get()))>
                        <p>{tr(Msg::AgreementText)}</p>
                        <p>
                            <a href=agreement::agreement_href(code, None)>
                                {tr(Msg::ReadAgreementVersion)}" "{move || version.get()}
                            </a>
                            {move || (version.get() == shown_version).then(|| {
                                let effective = shown_effective.clone();
                                view! {
                                    <span class="muted">" ("{tr(Msg::AgreementEffectiveSince)}" "{move || format_date(&effective, i18n.locale.get())}")"</span>
                                }
                            })}
                        </p>
                        <p class="muted">{tr(if p.needs_review { Msg::GoesToReview } else { Msg::ActiveAtOnce })}</p>
                        <label class="checkbox" for=checkbox_for>
                            <input type="checkbox" id=checkbox_id node_ref=checkbox
                                prop:checked=move || agreed.get()
                                aria-invalid=move || agreement_error.get().is_some().then_some("true")
                                aria-describedby=error_for
                                on:change=move |ev| {
                                    agreed.set(event_target_checked(&ev));
                                    if event_target_checked(&ev) { agreement_error.set(None); }
                                }/>
                            {tr(Msg::AcceptAgreement)}
                        </label>
                        <p id=error_id class="field-error" aria-live="polite">
                            {move || agreement_error.get().map(|msg| i18n.t(msg))}
                        </p>
                        {move || server_missing.get().map(|list| view! {
                            <div role="alert">
                                <p>{tr(Msg::CannotEnrolYet)}</p>
                                <Requirements requirements=list/>
                            </div>
                        })}
                        <div class="button-row">
                            <button type="submit" class="button button-strong" disabled=move || enrol.pending().get()>
                                {tr(Msg::ConfirmEnrol)}
                            </button>
                            <button type="button" class="button" on:click=move |_| open.set(false)>{tr(Msg::Cancel)}</button>
                        </div>
                    </form>
                }.into_any()
            } else {
                view! {
                    <div class=style::enrol role="alert">
                        <p>{tr(Msg::CannotEnrolYet)}</p>
                        <Requirements requirements=missing.get_value()/>
                        <div class="button-row">
                            <button type="button" class="button" on:click=move |_| open.set(false)>{tr(Msg::Close)}</button>
                        </div>
                    </div>
                }.into_any()
            }}
        </div>
    }
}
