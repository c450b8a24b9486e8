//! The company's verification on the Legal info page: status, history, and the partner's steps;
//! documents attached to the answer to a reviewer's question.

use domain::verification::{
    too_many_documents, DocumentUpload, VerificationDocument, VerificationStatus, VerificationStep,
    VerificationView, MAX_DOCUMENTS_PER_ANSWER, VERIFICATION_DOCUMENT,
};
use domain::{Access, ApiError, Area};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::field::TextAreaField;

use super::api::{
    get_verification, remove_verification_document, take_verification_step,
    upload_verification_document,
};
use crate::api::downloads;
use crate::components::file::{chosen_file, clear_chosen, format_size, read_for_upload, FileField};
use crate::components::{format_time, ErrorBanner};
use crate::forms::loaded_from;
use crate::i18n::{
    error_text, text, tr, use_i18n, verification_status_name, verification_step_text, Msg,
};
use crate::session::use_session;

/// The history of a verification, oldest first, each answer with the documents sent with it
/// (downloaded under `downloads`, a prefix of `crate::api::downloads`).
#[component]
pub fn VerificationHistory(
    /// The verification to show.
    view: VerificationView,
    /// Where its documents are downloaded: the company's own address or the reviewers'.
    downloads: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    if view.history.is_empty() {
        return view! { <p class="muted">{tr(Msg::NoHistory)}</p> }.into_any();
    }
    view! {
        <ol class="history">
            {view.history.into_iter().map(|e| {
                let documents = e.documents.clone();
                view! {
                    <li>
                        <span class="muted">{move || format_time(e.at, i18n.locale.get())}" · "{e.actor.clone()}</span>
                        <br/>
                        {move || verification_step_text(&e.step, i18n.locale.get())}
                        {(!documents.is_empty()).then(|| view! {
                            <p class="muted">{tr(Msg::DocumentsSent)}</p>
                            <ul class="documents" aria-label=move || i18n.t(Msg::DocumentsSent)>
                                {documents.into_iter().map(|d| view! {
                                    <li><DocumentLink document=d downloads=downloads/></li>
                                }).collect_view()}
                            </ul>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// A document's name as a link that downloads it, and its size.
#[component]
fn DocumentLink(
    /// The document.
    document: VerificationDocument,
    /// Its download prefix (`crate::api::downloads`).
    downloads: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = document.file_name.clone();
    let label = move || format!("{} {name}", i18n.t(Msg::Download));
    let size = document.size;
    view! {
        <a href=downloads::url(downloads, document.id) download=document.file_name.clone() aria-label=label>
            {document.file_name.clone()}
        </a>
        " · "<span class="muted">{move || format_size(size, i18n.locale.get())}</span>
    }
}

#[component]
pub fn VerificationSection() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::LegalInfo, Access::Edit));
    let reload = RwSignal::new(0u32);
    let changed = super::Changed::get();
    let current = LocalResource::new(move || {
        reload.track();
        changed.track();
        get_verification()
    });
    let answer = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let action = Action::new_local(|step: &VerificationStep| take_verification_step(step.clone()));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            answer.set(String::new());
            failure.set(None);
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => failure.set(Some(e.0)),
        None => {}
    });
    view! {
        <section class="card" id="verification" aria-labelledby="verification-title">
            <h2 id="verification-title">{tr(Msg::VerificationTitle)}</h2>
            <p class="muted">{tr(Msg::VerificationIntro)}</p>
            <ErrorBanner error=failure/>
            {loaded_from(current, move |view| {
                let status = view.status;
                let attached = view.attached.clone();
                view! {
                    <p class="status-line">
                        <span class="tag" data-status=status.code()>{move || verification_status_name(status, i18n.locale.get())}</span>
                    </p>
                    <h3>{tr(Msg::History)}</h3>
                    <VerificationHistory view=view downloads=downloads::VERIFICATION_DOCUMENT/>
                    <Show when=move || can_edit.get() && matches!(status, VerificationStatus::NotStarted | VerificationStatus::Rejected)>
                        <button type="button" class="button button-strong" disabled=move || action.pending().get()
                            on:click=move |_| { action.dispatch(VerificationStep::Submit); }>
                            {tr(Msg::SubmitForVerification)}
                        </button>
                    </Show>
                    <Show when=move || can_edit.get() && status == VerificationStatus::ActionRequired>
                        <TextAreaField id="verification-answer" label=text(Msg::YourAnswer) value=answer/>
                        <AnswerDocuments attached=attached.clone()/>
                        <button type="button" class="button button-strong" disabled=move || action.pending().get()
                            on:click=move |_| { action.dispatch(VerificationStep::Answer { message: answer.get_untracked() }); }>
                            {tr(Msg::SendAnswer)}
                        </button>
                    </Show>
                }.into_any()
            })}
        </section>
    }
}

/// The id of the documents' file input.
const DOCUMENT_INPUT: &str = "verification-document";

/// The documents attached to the answer being written: choosing a file attaches it at once
/// (checked in the browser first: size, then type by content), each can be removed until the
/// answer is sent. The answer's text is never touched here, whatever happens to a file.
#[component]
fn AnswerDocuments(
    /// The documents attached so far.
    attached: Vec<VerificationDocument>,
) -> impl IntoView {
    let i18n = use_i18n();
    let documents = RwSignal::new(attached);
    let error = RwSignal::new(None::<ApiError>);
    let failure = RwSignal::new(None::<ApiError>);
    let reading = RwSignal::new(false);
    let done = RwSignal::new(false);
    let upload = Action::new_local(|u: &DocumentUpload| upload_verification_document(u.clone()));
    let remove = Action::new_local(|id: &i64| remove_verification_document(*id));
    // A refusal of the file goes beside the field; anything else above it.
    let refused = move |e: ApiError| {
        clear_chosen(DOCUMENT_INPUT);
        if e.field().is_some() {
            error.set(Some(e));
        } else {
            failure.set(Some(e));
        }
    };
    let settled =
        move |answer: Option<Result<Vec<VerificationDocument>, crate::api::Error>>| match answer {
            Some(Ok(list)) => {
                documents.set(list);
                error.set(None);
                failure.set(None);
                clear_chosen(DOCUMENT_INPUT);
                true
            }
            Some(Err(e)) => {
                refused(e.0);
                false
            }
            None => false,
        };
    Effect::new(move |_| done.set(settled(upload.value().get())));
    Effect::new(move |_| {
        settled(remove.value().get());
    });
    let pending = Signal::derive(move || reading.get() || upload.pending().get());
    let choose = move |_: String| {
        done.set(false);
        error.set(None);
        failure.set(None);
        let Some(file) = chosen_file(DOCUMENT_INPUT) else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        if documents.with_untracked(|d| d.len() as u32 >= MAX_DOCUMENTS_PER_ANSWER) {
            refused(too_many_documents());
            return;
        }
        reading.set(true);
        spawn_local(async move {
            let read = read_for_upload(&file, VERIFICATION_DOCUMENT).await;
            reading.set(false);
            match read {
                Ok(content_base64) => {
                    upload.dispatch(DocumentUpload {
                        file_name: file.name(),
                        content_base64,
                    });
                }
                Err(e) => refused(e),
            }
        });
    };
    let error_text = Signal::derive(move || error.get().map(|e| error_text(&e, i18n.locale.get())));
    view! {
        <div class="subcard">
            <ErrorBanner error=failure/>
            <FileField id=DOCUMENT_INPUT label=text(Msg::VerificationDocument) hint=text(Msg::VerificationDocumentHint)
                error=error_text on_choose=Callback::new(choose)/>
            <p class="loading" role="status" aria-live="polite">{move || {
                if pending.get() {
                    Some(i18n.t(Msg::Uploading))
                } else {
                    done.get().then(|| i18n.t(Msg::DocumentAttached))
                }
            }}</p>
            <h4 id="attached-documents">{tr(Msg::AttachedDocuments)}</h4>
            {move || {
                let list = documents.get();
                if list.is_empty() {
                    view! { <p class="muted">{tr(Msg::NoAttachedDocuments)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="documents" aria-labelledby="attached-documents">
                            {list.into_iter().map(|d| {
                                let id = d.id;
                                let name = d.file_name.clone();
                                let remove_label = move || format!("{} {name}", i18n.t(Msg::Remove));
                                view! {
                                    <li>
                                        <DocumentLink document=d downloads=downloads::VERIFICATION_DOCUMENT/>
                                        " "
                                        <button type="button" class="button button-small" aria-label=remove_label
                                            disabled=move || remove.pending().get()
                                            on:click=move |_| { remove.dispatch(id); }>{tr(Msg::Remove)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </div>
    }
}
