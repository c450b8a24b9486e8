//! The bell's notification centre: the **actions** the company must or should take (computed
//! live from the account's data, never stored) and the pages of **notifications** it lists.

use serde::{Deserialize, Serialize};

use crate::catalogue::{Access, Area, Role};
use crate::model::Notification;

/// How many notifications one page of the centre holds.
pub const NOTIFICATION_PAGE_SIZE: u32 = 20;

/// Something the company must or should do, with a "Fix now" link to the place where it is
/// done. It is not stored: the server computes it from the account's data at each request, so
/// it disappears by itself once done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActionKind {
    /// A new primary contact email waits for the confirmation link mailed to it (or for a new
    /// link, when that one expired).
    VerifyPrimaryEmail,
    /// The tax profile lacks what the company's country requires.
    CompleteTaxProfile,
    /// A platform reviewer asked for information about the company's verification.
    AnswerReviewer,
    /// Another account invited this one to merge into it; the invitation waits for an answer.
    AnswerMergeInvitation,
}

impl ActionKind {
    pub const ALL: [ActionKind; 4] = [
        ActionKind::VerifyPrimaryEmail,
        ActionKind::CompleteTaxProfile,
        ActionKind::AnswerReviewer,
        ActionKind::AnswerMergeInvitation,
    ];

    /// A stable identifier, stored with the archived actions.
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::VerifyPrimaryEmail => "verify-primary-email",
            ActionKind::CompleteTaxProfile => "complete-tax-profile",
            ActionKind::AnswerReviewer => "answer-reviewer",
            ActionKind::AnswerMergeInvitation => "answer-merge-invitation",
        }
    }

    /// A mandatory action cannot be archived: it stays until it is done. A recommended one
    /// can be archived by each user for themselves. The platform writes its verification
    /// notices to the primary contact and cannot verify the company without the reviewer's
    /// answer or a tax profile; a merge invitation may be left to expire.
    pub fn mandatory(self) -> bool {
        match self {
            ActionKind::VerifyPrimaryEmail
            | ActionKind::CompleteTaxProfile
            | ActionKind::AnswerReviewer => true,
            ActionKind::AnswerMergeInvitation => false,
        }
    }

    /// The area whose editors can do it: only they are shown the action.
    pub fn area(self) -> Area {
        match self {
            ActionKind::VerifyPrimaryEmail | ActionKind::AnswerReviewer => Area::LegalInfo,
            ActionKind::CompleteTaxProfile => Area::PayoutTax,
            ActionKind::AnswerMergeInvitation => Area::AccountMerge,
        }
    }

    /// Whether a user holding `roles` may act on it (edit access to its area).
    pub fn shown_to(self, roles: &[Role]) -> bool {
        crate::catalogue::allows(roles, self.area(), Access::Edit)
    }
}

/// One action of the company, as the Actions tab shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub kind: ActionKind,
    /// The record it is about, when there can be several over time (the merge invitation,
    /// the confirmation request): archiving one does not archive the next.
    pub subject: Option<i64>,
    /// Since when it has been waiting (Unix seconds), when known.
    pub since: Option<i64>,
}

impl Action {
    pub fn mandatory(&self) -> bool {
        self.kind.mandatory()
    }

    /// The action's identity for one user's archive: its kind and subject.
    pub fn key(&self) -> String {
        action_key(self.kind, self.subject)
    }

    /// Where "Fix now" leads: the page and the section (anchor) where it is done.
    pub fn fix_link(&self) -> String {
        match (self.kind, self.subject) {
            (ActionKind::VerifyPrimaryEmail, _) => "/settings/legal-info#pending-email".into(),
            (ActionKind::AnswerReviewer, _) => "/settings/legal-info#verification".into(),
            (ActionKind::CompleteTaxProfile, _) => "/settings/tax#tax-profile".into(),
            (ActionKind::AnswerMergeInvitation, Some(id)) => {
                format!("/settings/account-merge#merge-{id}")
            }
            (ActionKind::AnswerMergeInvitation, None) => "/settings/account-merge".into(),
        }
    }
}

/// The archive key of the action of `kind` about `subject`.
pub fn action_key(kind: ActionKind, subject: Option<i64>) -> String {
    match subject {
        Some(id) => format!("{}:{id}", kind.code()),
        None => kind.code().to_owned(),
    }
}

/// One page of the caller's notifications, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    /// Whether older notifications follow (asked for with the last item's id as `before`).
    pub more: bool,
}

/// What the bell polls: the unread notifications and the open actions of the caller.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationCount {
    pub unread: u32,
    pub actions: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_stable() {
        let codes: std::collections::HashSet<_> =
            ActionKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), ActionKind::ALL.len());
        assert_eq!(
            action_key(ActionKind::AnswerMergeInvitation, Some(12)),
            "answer-merge-invitation:12"
        );
        assert_eq!(
            action_key(ActionKind::CompleteTaxProfile, None),
            "complete-tax-profile"
        );
    }

    #[test]
    fn only_the_merge_invitation_can_be_archived() {
        let archivable: Vec<_> = ActionKind::ALL
            .into_iter()
            .filter(|k| !k.mandatory())
            .collect();
        assert_eq!(archivable, vec![ActionKind::AnswerMergeInvitation]);
    }

    #[test]
    fn actions_are_shown_to_the_editors_of_their_area_only() {
        assert!(ActionKind::VerifyPrimaryEmail.shown_to(&[Role::AccountAdmin]));
        assert!(!ActionKind::VerifyPrimaryEmail.shown_to(&[Role::BillingAdmin]));
        assert!(ActionKind::CompleteTaxProfile.shown_to(&[Role::BillingAdmin]));
        assert!(!ActionKind::CompleteTaxProfile.shown_to(&[Role::AccountAdmin]));
        // Only a Global admin answers a merge invitation; an Account admin only follows it.
        assert!(!ActionKind::AnswerMergeInvitation.shown_to(&[Role::AccountAdmin]));
        assert!(!ActionKind::AnswerMergeInvitation.shown_to(&[Role::Marketer]));
        for kind in ActionKind::ALL {
            assert!(kind.shown_to(&[Role::GlobalAdmin]), "{kind:?}");
            assert!(!kind.shown_to(&[]), "{kind:?}");
        }
    }

    #[test]
    fn fix_now_leads_to_the_section_where_the_action_is_done() {
        let merge = Action {
            kind: ActionKind::AnswerMergeInvitation,
            subject: Some(7),
            since: None,
        };
        assert_eq!(merge.fix_link(), "/settings/account-merge#merge-7");
        let email = Action {
            kind: ActionKind::VerifyPrimaryEmail,
            subject: Some(3),
            since: None,
        };
        assert_eq!(email.fix_link(), "/settings/legal-info#pending-email");
        for kind in ActionKind::ALL {
            let link = Action {
                kind,
                subject: Some(1),
                since: None,
            }
            .fix_link();
            assert!(
                link.starts_with("/settings/") && link.contains('#'),
                "{link}"
            );
        }
    }
}
