//! Account merge: when two partner accounts belong to one company, one absorbs the other after a
//! three-step handshake. The inviting account finds the other by its global partner ID and
//! invites it with a message; the invited account accepts or declines (with a reason); the
//! inviting account confirms, and only then does the merge run. The inviting account survives;
//! the invited one's users, locations and tenants move to it, and the invited account itself
//! lives on as a location whose location ID is its former partner ID.
//!
//! This module is the state machine and the shapes exchanged with the client. Every transition
//! not listed in [`next`] is refused; an invitation not finished within
//! [`MERGE_INVITATION_LIFETIME_SECS`] has expired, whatever its stored state says.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, Field, Invalid};
use crate::model::UserStatus;
use crate::Role;

/// How long an invitation to merge stays open, from the moment it was sent: the invited
/// account's answer and the inviting account's confirmation must both come within it.
pub const MERGE_INVITATION_LIFETIME_SECS: i64 = 14 * 24 * 60 * 60;

pub use crate::error::details::MergeState;

impl MergeState {
    pub const ALL: [MergeState; 6] = [
        MergeState::Invited,
        MergeState::Accepted,
        MergeState::Declined,
        MergeState::Cancelled,
        MergeState::Expired,
        MergeState::Completed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MergeState::Invited => "invited",
            MergeState::Accepted => "accepted",
            MergeState::Declined => "declined",
            MergeState::Cancelled => "cancelled",
            MergeState::Expired => "expired",
            MergeState::Completed => "completed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        MergeState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the merge still waits for someone (an answer or a confirmation). While it does,
    /// neither account can take part in another merge.
    pub fn is_open(self) -> bool {
        matches!(self, MergeState::Invited | MergeState::Accepted)
    }
}

/// Which of the two accounts acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MergeSide {
    /// The account that sent the invitation and survives the merge.
    Inviter,
    /// The account that was invited and is absorbed.
    Invitee,
}

/// A step taken on an open merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MergeStep {
    /// The invited account agrees to be merged.
    Accept,
    /// The invited account refuses (with a [`DeclineReason`]).
    Decline,
    /// The inviting account confirms an accepted merge: the merge runs.
    Confirm,
    /// The inviting account withdraws, before the merge runs.
    Cancel,
    /// The lifetime ran out (noticed lazily, by whoever looks next).
    Expire,
}

impl MergeStep {
    pub const ALL: [MergeStep; 5] = [
        MergeStep::Accept,
        MergeStep::Decline,
        MergeStep::Confirm,
        MergeStep::Cancel,
        MergeStep::Expire,
    ];

    /// Who may take this step; `None` for expiry, which belongs to the clock.
    pub fn side(self) -> Option<MergeSide> {
        match self {
            MergeStep::Accept | MergeStep::Decline => Some(MergeSide::Invitee),
            MergeStep::Confirm | MergeStep::Cancel => Some(MergeSide::Inviter),
            MergeStep::Expire => None,
        }
    }
}

/// Why a step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MergeRefused {
    /// The step belongs to the other account (the invited account cannot confirm).
    WrongSide,
    /// The step does not follow from the current state.
    NotNow,
}

/// The state after `step` taken by `side` from `state`, or why it is refused.
pub fn next(
    state: MergeState,
    step: MergeStep,
    side: MergeSide,
) -> Result<MergeState, MergeRefused> {
    use MergeState::*;
    if step.side().is_some_and(|own| own != side) {
        return Err(MergeRefused::WrongSide);
    }
    let to = match (state, step) {
        (Invited, MergeStep::Accept) => Accepted,
        (Invited, MergeStep::Decline) => Declined,
        (Accepted, MergeStep::Confirm) => Completed,
        (Invited | Accepted, MergeStep::Cancel) => Cancelled,
        (Invited | Accepted, MergeStep::Expire) => Expired,
        _ => return Err(MergeRefused::NotNow),
    };
    Ok(to)
}

/// When an invitation sent at `invited_at` expires (Unix seconds).
pub fn expires_at(invited_at: i64) -> i64 {
    invited_at + MERGE_INVITATION_LIFETIME_SECS
}

/// Whether an invitation sent at `invited_at` has run out at `now`.
pub fn is_expired(invited_at: i64, now: i64) -> bool {
    now >= expires_at(invited_at)
}

/// The state as it really is at `now`: an open merge past its lifetime has expired, even if
/// nobody has looked at it since.
pub fn effective_state(stored: MergeState, invited_at: i64, now: i64) -> MergeState {
    if stored.is_open() && is_expired(invited_at, now) {
        MergeState::Expired
    } else {
        stored
    }
}

/// Trims a free text written to the other account: required, at most `max` characters, line
/// breaks and tabs allowed but no other control characters.
fn parse_text(input: &str, field: Field, max: usize) -> Result<String, ApiError> {
    let text = input.replace("\r\n", "\n");
    let text = text.trim();
    let invalid = |reason| ApiError::invalid(field, reason);
    let len = text.chars().count();
    if len == 0 {
        return Err(invalid(Invalid::Required));
    }
    if len > max {
        return Err(invalid(Invalid::TooLong { max: max as u32 }));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err(invalid(Invalid::ForbiddenCharacters));
    }
    Ok(text.to_owned())
}

/// The message sent with an invitation to merge, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeMessage(String);

impl MergeMessage {
    pub const MAX: usize = 1000;

    pub fn parse(input: &str) -> Result<MergeMessage, ApiError> {
        parse_text(input, Field::MergeMessage, Self::MAX).map(MergeMessage)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why the invited account declines, checked: a refusal always says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclineReason(String);

impl DeclineReason {
    pub const MAX: usize = 1000;

    pub fn parse(input: &str) -> Result<DeclineReason, ApiError> {
        parse_text(input, Field::DeclineReason, Self::MAX).map(DeclineReason)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What finding an account by its partner ID shows before inviting it: nothing else leaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundAccount {
    pub legal_name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// A user of the invited account, who moves to the inviting account when the merge runs, as
/// the preview lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrivingUser {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub status: UserStatus,
    /// The roles they hold now, in catalogue order.
    pub roles: Vec<Role>,
}

impl ArrivingUser {
    /// The [`Role::ADMIN`] roles among those they hold: the ones the confirming Global admin
    /// may choose to keep.
    pub fn admin_roles(&self) -> Vec<Role> {
        self.roles
            .iter()
            .copied()
            .filter(|r| r.is_admin())
            .collect()
    }

    /// The roles they arrive with when none of their admin roles is kept (the default).
    pub fn arrives_with_by_default(&self) -> Vec<Role> {
        arriving_roles(&self.roles, &[])
    }
}

/// The roles a user arrives with: every role they hold that is not an admin role, and of their
/// admin roles only those in `kept_admin`. Admin roles they do not hold are never added. A user
/// holding only admin roles, none kept, arrives without a role (they can still sign in and see
/// their own Overview).
pub fn arriving_roles(held: &[Role], kept_admin: &[Role]) -> Vec<Role> {
    let mut roles: Vec<Role> = held
        .iter()
        .copied()
        .filter(|r| !r.is_admin() || kept_admin.contains(r))
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

/// The admin roles one arriving user keeps, as the confirming Global admin ticked them. Users
/// not named keep none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptAdminRoles {
    pub user_id: i64,
    pub roles: Vec<Role>,
}

/// What the merge does to one arriving user's roles: recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleDecision {
    pub user_id: i64,
    /// The roles held before the merge.
    pub held: Vec<Role>,
    /// Admin roles kept by the confirming Global admin.
    pub kept: Vec<Role>,
    /// Admin roles taken away.
    pub dropped: Vec<Role>,
    /// The roles they arrive with.
    pub arrives_with: Vec<Role>,
}

/// Applies the confirming Global admin's `choice` to the users who arrive, each given as
/// (user id, roles held now). Every arriving user gets a decision (those not named in the
/// choice keep no admin role). A choice that names a user who does not arrive, names a user
/// twice, or keeps a role that is not an admin role or that the user does not hold is not one
/// the page can send: refused as malformed, and nothing is decided.
pub fn decide_roles(
    arriving: &[(i64, Vec<Role>)],
    choice: &[KeptAdminRoles],
) -> Result<Vec<RoleDecision>, ApiError> {
    for (i, kept) in choice.iter().enumerate() {
        if choice[..i].iter().any(|k| k.user_id == kept.user_id) {
            return Err(ApiError::Malformed);
        }
        let Some((_, held)) = arriving.iter().find(|(id, _)| *id == kept.user_id) else {
            return Err(ApiError::Malformed);
        };
        if kept
            .roles
            .iter()
            .any(|r| !r.is_admin() || !held.contains(r))
        {
            return Err(ApiError::Malformed);
        }
    }
    Ok(arriving
        .iter()
        .map(|(user_id, held)| {
            let mut kept: Vec<Role> = choice
                .iter()
                .find(|k| k.user_id == *user_id)
                .map(|k| k.roles.clone())
                .unwrap_or_default();
            kept.sort();
            kept.dedup();
            let arrives_with = arriving_roles(held, &kept);
            let mut held = held.clone();
            held.sort();
            held.dedup();
            let dropped = held
                .iter()
                .copied()
                .filter(|r| !arrives_with.contains(r))
                .collect();
            RoleDecision {
                user_id: *user_id,
                held,
                kept,
                dropped,
                arrives_with,
            }
        })
        .collect())
}

/// Exactly what confirming a merge will do, shown before accepting (and before confirming).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergePreview {
    pub merge_id: i64,
    /// The inviting account, which remains.
    pub survivor_legal_name: String,
    pub survivor_partner_id: String,
    /// The invited account, which is absorbed and becomes read-only.
    pub absorbed_legal_name: String,
    /// Lives on as the location ID of the location the absorbed account becomes.
    pub absorbed_partner_id: String,
    /// Users that move to the survivor, with their roles (every user of the absorbed account,
    /// invited and deactivated ones included).
    pub users: u32,
    /// Locations the survivor gains: the absorbed account's locations (keeping their location
    /// IDs; its legal address takes the partner ID as location ID), or one more made from the
    /// account when it has no legal address.
    pub locations: u32,
    /// Directory tenants that move (none of them stays primary).
    pub tenants: u32,
    /// Every user who would arrive, with the roles they hold now. Shown to the invited account
    /// at any time, and to the inviting account only once the invited account has accepted
    /// (before that, its people are none of the inviting account's business): `None` then.
    pub arriving: Option<Vec<ArrivingUser>>,
}

/// The merge page's data: the merges of the caller's account, and whether its own
/// verification is approved (only verified companies take part in a merge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeOverview {
    pub verified: bool,
    pub merges: Vec<MergeSummary>,
}

pub use crate::error::details::MergeDirection;

impl MergeDirection {
    pub fn side(self) -> MergeSide {
        match self {
            MergeDirection::WeInvited => MergeSide::Inviter,
            MergeDirection::WeWereInvited => MergeSide::Invitee,
        }
    }
}

pub use crate::error::details::MergeSummary;

impl MergeSummary {
    /// Whether the looking account may take `step` now (for showing the right buttons).
    pub fn can(&self, step: MergeStep) -> bool {
        step != MergeStep::Expire && next(self.state, step, self.direction.side()).is_ok()
    }
}

/// The account a merged account was merged into: a merged account is read-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedInto {
    pub legal_name: String,
    pub partner_id: String,
    pub merged_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use MergeRefused::{NotNow, WrongSide};
    use MergeState::*;
    use MergeStep::{Accept, Cancel, Confirm, Decline, Expire};

    /// Every (state, step) pair once, with the outcome for the inviter and for the invitee.
    #[allow(clippy::type_complexity)]
    fn table() -> Vec<(
        MergeState,
        MergeStep,
        Result<MergeState, MergeRefused>,
        Result<MergeState, MergeRefused>,
    )> {
        vec![
            //  state      step     by the inviter     by the invitee
            (Invited, Accept, Err(WrongSide), Ok(Accepted)),
            (Invited, Decline, Err(WrongSide), Ok(Declined)),
            (Invited, Confirm, Err(NotNow), Err(WrongSide)),
            (Invited, Cancel, Ok(Cancelled), Err(WrongSide)),
            (Invited, Expire, Ok(Expired), Ok(Expired)),
            (Accepted, Accept, Err(WrongSide), Err(NotNow)),
            (Accepted, Decline, Err(WrongSide), Err(NotNow)),
            (Accepted, Confirm, Ok(Completed), Err(WrongSide)),
            (Accepted, Cancel, Ok(Cancelled), Err(WrongSide)),
            (Accepted, Expire, Ok(Expired), Ok(Expired)),
            (Declined, Accept, Err(WrongSide), Err(NotNow)),
            (Declined, Decline, Err(WrongSide), Err(NotNow)),
            (Declined, Confirm, Err(NotNow), Err(WrongSide)),
            (Declined, Cancel, Err(NotNow), Err(WrongSide)),
            (Declined, Expire, Err(NotNow), Err(NotNow)),
            (Cancelled, Accept, Err(WrongSide), Err(NotNow)),
            (Cancelled, Decline, Err(WrongSide), Err(NotNow)),
            (Cancelled, Confirm, Err(NotNow), Err(WrongSide)),
            (Cancelled, Cancel, Err(NotNow), Err(WrongSide)),
            (Cancelled, Expire, Err(NotNow), Err(NotNow)),
            (Expired, Accept, Err(WrongSide), Err(NotNow)),
            (Expired, Decline, Err(WrongSide), Err(NotNow)),
            (Expired, Confirm, Err(NotNow), Err(WrongSide)),
            (Expired, Cancel, Err(NotNow), Err(WrongSide)),
            (Expired, Expire, Err(NotNow), Err(NotNow)),
            (Completed, Accept, Err(WrongSide), Err(NotNow)),
            (Completed, Decline, Err(WrongSide), Err(NotNow)),
            (Completed, Confirm, Err(NotNow), Err(WrongSide)),
            (Completed, Cancel, Err(NotNow), Err(WrongSide)),
            (Completed, Expire, Err(NotNow), Err(NotNow)),
        ]
    }

    #[test]
    fn every_transition_by_either_side_is_as_the_table_says() {
        for (state, step, by_inviter, by_invitee) in table() {
            assert_eq!(
                next(state, step, MergeSide::Inviter),
                by_inviter,
                "{state:?} {step:?} by the inviter"
            );
            assert_eq!(
                next(state, step, MergeSide::Invitee),
                by_invitee,
                "{state:?} {step:?} by the invitee"
            );
        }
    }

    #[test]
    fn the_table_covers_every_state_and_step_exactly_once() {
        let table = table();
        assert_eq!(table.len(), MergeState::ALL.len() * MergeStep::ALL.len());
        for state in MergeState::ALL {
            for step in MergeStep::ALL {
                let rows = table
                    .iter()
                    .filter(|(s, t, _, _)| *s == state && *t == step)
                    .count();
                assert_eq!(rows, 1, "{state:?} {step:?}");
            }
        }
    }

    #[test]
    fn final_states_accept_no_step_at_all() {
        for state in MergeState::ALL.into_iter().filter(|s| !s.is_open()) {
            for step in MergeStep::ALL {
                for side in [MergeSide::Inviter, MergeSide::Invitee] {
                    assert!(
                        next(state, step, side).is_err(),
                        "{state:?} {step:?} {side:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_happy_path_is_invited_accepted_completed() {
        let s = next(Invited, Accept, MergeSide::Invitee).unwrap();
        assert_eq!(next(s, Confirm, MergeSide::Inviter), Ok(Completed));
    }

    #[test]
    fn states_round_trip_through_their_codes() {
        for state in MergeState::ALL {
            assert_eq!(MergeState::from_code(state.code()), Some(state));
        }
        assert_eq!(MergeState::from_code("merged"), None);
    }

    #[test]
    fn an_open_merge_expires_fourteen_days_after_the_invitation() {
        let sent = 1_000_000;
        let end = sent + 14 * 24 * 60 * 60;
        assert_eq!(expires_at(sent), end);
        assert!(!is_expired(sent, end - 1));
        assert!(is_expired(sent, end));
        assert_eq!(effective_state(Invited, sent, end - 1), Invited);
        assert_eq!(effective_state(Invited, sent, end), Expired);
        assert_eq!(effective_state(Accepted, sent, end + 1), Expired);
        for finished in [Declined, Cancelled, Completed, Expired] {
            assert_eq!(effective_state(finished, sent, end + 1), finished);
        }
    }

    #[test]
    fn messages_and_reasons_are_trimmed_required_and_bounded() {
        assert_eq!(
            MergeMessage::parse("  We are one company.\r\nSee you.  ")
                .unwrap()
                .as_str(),
            "We are one company.\nSee you."
        );
        assert_eq!(
            MergeMessage::parse(" \n "),
            Err(ApiError::invalid(Field::MergeMessage, Invalid::Required))
        );
        assert!(MergeMessage::parse(&"é".repeat(MergeMessage::MAX)).is_ok());
        assert_eq!(
            MergeMessage::parse(&"é".repeat(MergeMessage::MAX + 1)),
            Err(ApiError::invalid(
                Field::MergeMessage,
                Invalid::TooLong { max: 1000 }
            ))
        );
        assert_eq!(
            MergeMessage::parse("bell\u{7}"),
            Err(ApiError::invalid(
                Field::MergeMessage,
                Invalid::ForbiddenCharacters
            ))
        );
        assert_eq!(
            DeclineReason::parse("\t"),
            Err(ApiError::invalid(Field::DeclineReason, Invalid::Required))
        );
        assert_eq!(
            DeclineReason::parse(" Not the same company ")
                .unwrap()
                .as_str(),
            "Not the same company"
        );
    }

    #[test]
    fn an_arriving_user_keeps_every_non_admin_role_and_only_the_admin_roles_kept() {
        use Role::*;
        assert_eq!(
            arriving_roles(&[GlobalAdmin, Developer, BillingAdmin, Marketer], &[]),
            vec![Developer, Marketer]
        );
        assert_eq!(
            arriving_roles(&[Marketer, BillingAdmin, GlobalAdmin], &[BillingAdmin]),
            vec![BillingAdmin, Marketer]
        );
        // Keeping a role they do not hold adds nothing.
        assert_eq!(
            arriving_roles(&[Developer], &[GlobalAdmin, AccountAdmin]),
            vec![Developer]
        );
        // Only admin roles, none kept: no role at all.
        assert_eq!(
            arriving_roles(&[GlobalAdmin, AccountAdmin], &[]),
            Vec::<Role>::new()
        );
        assert_eq!(arriving_roles(&[], &[]), Vec::<Role>::new());
        // Every admin role is dropped by default, every other role is kept.
        for role in Role::ALL {
            assert_eq!(
                arriving_roles(&[role], &[]).is_empty(),
                role.is_admin(),
                "{role:?}"
            );
            assert_eq!(arriving_roles(&[role], &[role]), vec![role], "{role:?}");
        }
    }

    fn arriving_user(roles: Vec<Role>) -> ArrivingUser {
        ArrivingUser {
            user_id: 7,
            name: "Grace".into(),
            email: "grace@fabrikam.example".into(),
            status: UserStatus::Active,
            roles,
        }
    }

    #[test]
    fn the_preview_tells_which_roles_may_be_kept_and_what_arrives_by_default() {
        use Role::*;
        let user = arriving_user(vec![GlobalAdmin, Developer, ReferralsAdmin]);
        assert_eq!(user.admin_roles(), vec![GlobalAdmin, ReferralsAdmin]);
        assert_eq!(user.arrives_with_by_default(), vec![Developer]);
        let admin_only = arriving_user(vec![GlobalAdmin]);
        assert!(admin_only.arrives_with_by_default().is_empty());
    }

    #[test]
    fn the_role_choice_decides_for_every_arriving_user() {
        use Role::*;
        let arriving = vec![
            (1, vec![GlobalAdmin]),
            (2, vec![AccountAdmin, BillingAdmin, Marketer]),
            (3, vec![Developer]),
        ];
        let choice = vec![KeptAdminRoles {
            user_id: 2,
            roles: vec![BillingAdmin, BillingAdmin],
        }];
        let decided = decide_roles(&arriving, &choice).unwrap();
        assert_eq!(
            decided,
            vec![
                RoleDecision {
                    user_id: 1,
                    held: vec![GlobalAdmin],
                    kept: vec![],
                    dropped: vec![GlobalAdmin],
                    arrives_with: vec![],
                },
                RoleDecision {
                    user_id: 2,
                    held: vec![AccountAdmin, BillingAdmin, Marketer],
                    kept: vec![BillingAdmin],
                    dropped: vec![AccountAdmin],
                    arrives_with: vec![BillingAdmin, Marketer],
                },
                RoleDecision {
                    user_id: 3,
                    held: vec![Developer],
                    kept: vec![],
                    dropped: vec![],
                    arrives_with: vec![Developer],
                },
            ]
        );
        // No choice at all: every admin role goes.
        let default = decide_roles(&arriving, &[]).unwrap();
        assert!(default
            .iter()
            .all(|d| d.kept.is_empty() && d.arrives_with.iter().all(|r| !r.is_admin())));
    }

    #[test]
    fn a_role_choice_the_page_cannot_send_is_refused_whole() {
        use Role::*;
        let arriving = vec![(1, vec![GlobalAdmin, Developer]), (2, vec![AccountAdmin])];
        let keep = |user_id, roles: Vec<Role>| KeptAdminRoles { user_id, roles };
        for forged in [
            // A user who does not arrive (another account's, or unknown).
            vec![keep(99, vec![GlobalAdmin])],
            // A role the user does not hold.
            vec![keep(2, vec![GlobalAdmin])],
            // A role that is not an admin role (it is kept anyway; asking is not allowed).
            vec![keep(1, vec![Developer])],
            // The same user twice.
            vec![keep(1, vec![GlobalAdmin]), keep(1, vec![])],
            // One good entry does not carry a bad one.
            vec![keep(2, vec![AccountAdmin]), keep(1, vec![AccountAdmin])],
        ] {
            assert_eq!(
                decide_roles(&arriving, &forged),
                Err(ApiError::Malformed),
                "{forged:?}"
            );
        }
        // Naming a user with nothing to keep is fine.
        assert!(decide_roles(&arriving, &[keep(2, vec![])]).is_ok());
    }

    #[test]
    fn a_summary_offers_only_the_steps_of_its_side() {
        let summary = |direction, state| MergeSummary {
            id: 1,
            direction,
            other_legal_name: "Contoso".into(),
            other_partner_id: "1234567".into(),
            state,
            message: "hello".into(),
            decline_reason: None,
            invited_at: 0,
            invited_by: "a@contoso.example".into(),
            expires_at: expires_at(0),
            answered_at: None,
            answered_by: None,
            finished_at: None,
            finished_by: None,
        };
        let invited = summary(MergeDirection::WeWereInvited, Invited);
        assert!(invited.can(Accept) && invited.can(Decline));
        assert!(!invited.can(Cancel) && !invited.can(Confirm) && !invited.can(Expire));
        let inviting = summary(MergeDirection::WeInvited, Accepted);
        assert!(inviting.can(Confirm) && inviting.can(Cancel));
        assert!(!inviting.can(Accept));
        assert!(!summary(MergeDirection::WeInvited, Completed).can(Cancel));
    }
}
