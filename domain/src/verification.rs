//! The company's verification, as a state machine: which step may follow which, and who may
//! take it. The partner submits and answers; the platform's reviewer reviews, asks for
//! information, approves or rejects. Every transition not listed here is refused.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Field, Invalid};
use crate::files::FileRule;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VerificationStatus {
    NotStarted,
    Submitted,
    InReview,
    /// The reviewer needs more information (their reason is on the event).
    ActionRequired,
    Verified,
    /// Refused (with a reason); the partner may correct and submit again.
    Rejected,
}

impl VerificationStatus {
    pub const ALL: [VerificationStatus; 6] = [
        VerificationStatus::NotStarted,
        VerificationStatus::Submitted,
        VerificationStatus::InReview,
        VerificationStatus::ActionRequired,
        VerificationStatus::Verified,
        VerificationStatus::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            VerificationStatus::NotStarted => "not-started",
            VerificationStatus::Submitted => "submitted",
            VerificationStatus::InReview => "in-review",
            VerificationStatus::ActionRequired => "action-required",
            VerificationStatus::Verified => "verified",
            VerificationStatus::Rejected => "rejected",
        }
    }

    /// The status in words, for the page and for the emails that announce it.
    pub fn name(self, locale: crate::Locale) -> &'static str {
        use VerificationStatus::*;
        let (en, fr) = match self {
            NotStarted => ("Not started", "Non commencée"),
            Submitted => ("Submitted", "Soumise"),
            InReview => ("In review", "En cours d'examen"),
            ActionRequired => ("Action required", "Action requise"),
            Verified => ("Verified", "Vérifiée"),
            Rejected => ("Rejected", "Refusée"),
        };
        match locale {
            crate::Locale::En => en,
            crate::Locale::Fr => fr,
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        VerificationStatus::ALL
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// One step of the company's verification history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationEvent {
    pub at: i64,
    pub side: Side,
    /// Who took the step (their email).
    pub actor: String,
    pub step: VerificationStep,
    pub status_after: VerificationStatus,
    /// The documents sent with this step (an answer's), oldest first.
    #[serde(default)]
    pub documents: Vec<VerificationDocument>,
}

/// The company's verification: where it stands and how it got there (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationView {
    pub status: VerificationStatus,
    pub history: Vec<VerificationEvent>,
    /// The documents attached to the answer to the open question, not sent yet.
    #[serde(default)]
    pub attached: Vec<VerificationDocument>,
}

/// The largest document attached to an answer: 10 MB (10 × 1024 × 1024 bytes).
pub const MAX_DOCUMENT_BYTES: u64 = 10 * 1024 * 1024;

/// The most documents one answer takes.
pub const MAX_DOCUMENTS_PER_ANSWER: u32 = 5;

/// The rules of a document's file (type by content, size, safe name: `crate::files`).
pub const VERIFICATION_DOCUMENT: FileRule = FileRule {
    field: Field::VerificationDocument,
    max_bytes: MAX_DOCUMENT_BYTES,
    fallback_name: "document",
};

/// The refusal of one document more than an answer takes.
pub fn too_many_documents() -> ApiError {
    ApiError::invalid(
        Field::VerificationDocument,
        Invalid::TooManyFiles {
            max: MAX_DOCUMENTS_PER_ANSWER,
        },
    )
}

/// A document the company attached to its answer to a reviewer's question (the file itself is
/// fetched on demand).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationDocument {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

/// A document as uploaded: its name as the browser gave it and its content in base64 (standard
/// alphabet, padded), as a JSON body carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentUpload {
    pub file_name: String,
    pub content_base64: String,
}

/// A company waiting for a reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub account_id: i64,
    pub legal_name: String,
    pub partner_id: String,
    pub country: String,
    pub status: VerificationStatus,
    /// When the status last changed (Unix seconds).
    pub since: i64,
}

/// Who takes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    Partner,
    Reviewer,
}

/// A step of the verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerificationStep {
    /// The partner sends its legal information for review.
    Submit,
    /// A reviewer opens the submitted company.
    StartReview,
    /// A reviewer asks for more information.
    RequestInformation {
        reason: String,
    },
    /// The partner answers the reviewer's request.
    Answer {
        message: String,
    },
    Approve,
    Reject {
        reason: String,
    },
    /// The partner changed the legal name or address of a verified company: back to review.
    LegalDetailsChanged,
}

/// The longest reason or answer kept.
pub const MAX_MESSAGE: usize = 2000;

impl VerificationStep {
    /// Who may take this step.
    pub fn side(&self) -> Side {
        match self {
            VerificationStep::Submit
            | VerificationStep::Answer { .. }
            | VerificationStep::LegalDetailsChanged => Side::Partner,
            VerificationStep::StartReview
            | VerificationStep::RequestInformation { .. }
            | VerificationStep::Approve
            | VerificationStep::Reject { .. } => Side::Reviewer,
        }
    }

    /// The reason or answer this step carries, if it needs one.
    pub fn message(&self) -> Option<&str> {
        match self {
            VerificationStep::RequestInformation { reason }
            | VerificationStep::Reject { reason } => Some(reason),
            VerificationStep::Answer { message } => Some(message),
            _ => None,
        }
    }
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepRefused {
    /// The step belongs to the other side (a partner cannot approve itself).
    WrongSide,
    /// The step does not follow from the current status.
    NotNow,
}

/// The status after `step` taken by `side` from `status`, or why it is refused.
pub fn next(
    status: VerificationStatus,
    step: &VerificationStep,
    side: Side,
) -> Result<VerificationStatus, StepRefused> {
    use VerificationStatus::*;
    if step.side() != side {
        return Err(StepRefused::WrongSide);
    }
    let to = match (status, step) {
        (NotStarted | Rejected, VerificationStep::Submit) => Submitted,
        (Submitted, VerificationStep::StartReview) => InReview,
        (Submitted | InReview, VerificationStep::RequestInformation { .. }) => ActionRequired,
        (ActionRequired, VerificationStep::Answer { .. }) => Submitted,
        (Submitted | InReview, VerificationStep::Approve) => Verified,
        (Submitted | InReview, VerificationStep::Reject { .. }) => Rejected,
        (Verified, VerificationStep::LegalDetailsChanged) => Submitted,
        _ => return Err(StepRefused::NotNow),
    };
    Ok(to)
}

/// Checks the text a step carries: a reason or answer is required and bounded.
pub fn check_message(step: &VerificationStep) -> Result<(), ApiError> {
    let Some(text) = step.message() else {
        return Ok(());
    };
    let len = text.trim().chars().count();
    if len == 0 {
        return Err(ApiError::invalid(Field::Message, Invalid::Required));
    }
    if len > MAX_MESSAGE {
        return Err(ApiError::invalid(
            Field::Message,
            Invalid::TooLong {
                max: MAX_MESSAGE as u32,
            },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Side::{Partner, Reviewer};
    use VerificationStatus::*;

    fn ask() -> VerificationStep {
        VerificationStep::RequestInformation {
            reason: "Upload the registration certificate".into(),
        }
    }

    #[test]
    fn the_happy_path_goes_from_not_started_to_verified() {
        let s = next(NotStarted, &VerificationStep::Submit, Partner).unwrap();
        assert_eq!(s, Submitted);
        let s = next(s, &VerificationStep::StartReview, Reviewer).unwrap();
        assert_eq!(s, InReview);
        let s = next(s, &ask(), Reviewer).unwrap();
        assert_eq!(s, ActionRequired);
        let s = next(
            s,
            &VerificationStep::Answer {
                message: "Uploaded".into(),
            },
            Partner,
        )
        .unwrap();
        assert_eq!(s, Submitted);
        assert_eq!(next(s, &VerificationStep::Approve, Reviewer), Ok(Verified));
    }

    #[test]
    fn each_side_takes_only_its_own_steps() {
        assert_eq!(
            next(Submitted, &VerificationStep::Approve, Partner),
            Err(StepRefused::WrongSide)
        );
        assert_eq!(
            next(NotStarted, &VerificationStep::Submit, Reviewer),
            Err(StepRefused::WrongSide)
        );
        assert_eq!(
            next(Submitted, &ask(), Partner),
            Err(StepRefused::WrongSide)
        );
    }

    #[test]
    fn steps_out_of_order_are_refused() {
        assert_eq!(
            next(NotStarted, &VerificationStep::Approve, Reviewer),
            Err(StepRefused::NotNow)
        );
        assert_eq!(
            next(Verified, &VerificationStep::Submit, Partner),
            Err(StepRefused::NotNow)
        );
        assert_eq!(
            next(ActionRequired, &VerificationStep::Approve, Reviewer),
            Err(StepRefused::NotNow)
        );
        assert_eq!(
            next(
                Submitted,
                &VerificationStep::Answer {
                    message: "x".into()
                },
                Partner
            ),
            Err(StepRefused::NotNow)
        );
        assert_eq!(
            next(Rejected, &VerificationStep::Approve, Reviewer),
            Err(StepRefused::NotNow)
        );
    }

    #[test]
    fn a_rejected_company_may_submit_again_and_a_verified_one_goes_back_to_review_when_its_legal_details_change(
    ) {
        assert_eq!(
            next(Rejected, &VerificationStep::Submit, Partner),
            Ok(Submitted)
        );
        assert_eq!(
            next(Verified, &VerificationStep::LegalDetailsChanged, Partner),
            Ok(Submitted)
        );
    }

    #[test]
    fn reasons_and_answers_are_required_and_bounded() {
        assert!(check_message(&ask()).is_ok());
        assert!(check_message(&VerificationStep::Reject {
            reason: "  ".into()
        })
        .is_err());
        assert!(check_message(&VerificationStep::Answer {
            message: "x".repeat(2001)
        })
        .is_err());
        assert!(check_message(&VerificationStep::Approve).is_ok());
    }
}
