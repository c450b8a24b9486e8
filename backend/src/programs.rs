//! Program enrolments: the catalogue and its rules are `domain::programs`; here they meet the
//! account's data.
//!
//! - **Facts** ([`gather_facts`]) are read live from the account's own records, inside the
//!   caller's transaction: verification, commercial tenants, company profile, admin users,
//!   active enrolments, payout and tax completeness.
//! - **Enrol** ([`enrol`]) checks every requirement again, the agreement included, in the same
//!   write transaction that records the enrolment, with the version of the agreement accepted,
//!   which must be the program's current one ([`agreement`] serves each version's text). The account row is locked first and
//!   `(account, program)` is unique, so two concurrent enrolments give one.
//! - Programs that need review wait in the reviewer queue ([`review_queue`], [`review_step`]):
//!   approve (requirements checked again), reject with a reason, or ask the company for
//!   something (it answers with [`answer`], and the enrolment is back in the queue).
//! - When an enrolment first becomes active, the program's identifier is issued (Publisher ID,
//!   Windows publisher ID), once, and never withdrawn ([`issued_identifiers`]).
//! - **Watch** ([`watch`]): an active enrolment whose requirements stop being met becomes
//!   "action required" and the Global admins are told (bell and email); met again, it is active
//!   again. The watch runs inside the transaction of every change that can move a requirement
//!   (verification steps, tenant removal, user roles and status, company profile saves,
//!   leaving a program) and, for everything else, every [`WATCH_EVERY`] from a background task
//!   ([`run_watcher`]). Two servers may watch at once: each account is locked while watched and
//!   every transition is an `UPDATE ... WHERE state = <seen> AND version = <seen>`, so a step is
//!   taken, audited and notified once.

use std::time::Duration;

use domain::audit::{AuditAction, Said, Told};
use domain::error::ConflictKind;
use domain::model::NotificationKind;
use domain::programs::agreements::{self, AgreementDocument};
use domain::programs::{
    can_enrol, check_message, evaluate, identifier_to_issue, next, program, start, watch as rule,
    AccountFacts, EnrolmentReviewItem, EnrolmentState, EnrolmentStep, EnrolmentSummary,
    IssuedIdentifier, ProgramCode, ProgramView, Requirement, StepRefused, PROGRAMS,
};
use domain::verification::VerificationStatus;
use domain::{ApiError, Area, Field, Invalid, Role};
use rand::Rng;
use sqlx::{AnyConnection, Row};

use crate::error::{Error, Result};
use crate::payout::payout_complete;
use crate::principal::Principal;
use crate::store::{Change, Db, WriteTx};
use crate::tax::tax_profile_complete;
use crate::{notifications, now};

/// How often the background watch looks at every enrolled account.
pub const WATCH_EVERY: Duration = Duration::from_secs(300);

/// Who the audit log and the page name for the platform's own steps.
pub const SYSTEM: &str = "system";

/// What the requirements read, gathered now from the account's data on `conn` (a transaction
/// or a pooled connection).
pub async fn gather_facts(conn: &mut AnyConnection, account_id: i64) -> Result<AccountFacts> {
    let legal_verified = sqlx::query("SELECT status FROM verification WHERE account_id = $1")
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|row| row.try_get::<String, _>("status"))
        .transpose()?
        .and_then(|code| VerificationStatus::from_code(&code))
        == Some(VerificationStatus::Verified);
    let commercial_tenants: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM tenants WHERE account_id = $1 AND kind = $2")
            .bind(account_id)
            .bind(domain::tenants::TenantKind::Commercial.code())
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
    let profile_complete =
        sqlx::query("SELECT data FROM account_records WHERE account_id = $1 AND kind = $2")
            .bind(account_id)
            .bind(<domain::profile::CompanyProfileForm as crate::records::Record>::KIND)
            .fetch_optional(&mut *conn)
            .await?
            .map(|row| row.try_get::<String, _>("data"))
            .transpose()?
            .and_then(|data| {
                serde_json::from_str::<domain::profile::CompanyProfileForm>(&data).ok()
            })
            .is_some_and(|form| form.is_complete());
    let roles = sqlx::query(
        "SELECT u.id, r.role FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.account_id = $1 AND u.status = 'active'",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut admins: Vec<i64> = Vec::new();
    for row in &roles {
        let role: String = row.try_get("role")?;
        let id: i64 = row.try_get("id")?;
        if Role::from_slug(&role).is_some_and(domain::programs::counts_as_admin)
            && !admins.contains(&id)
        {
            admins.push(id);
        }
    }
    let enrolled =
        sqlx::query("SELECT program FROM program_enrolments WHERE account_id = $1 AND state = $2")
            .bind(account_id)
            .bind(EnrolmentState::Active.code())
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|row| row.try_get::<String, _>("program"))
            .collect::<std::result::Result<Vec<_>, _>>()?
            .iter()
            .filter_map(|code| ProgramCode::from_code(code))
            .collect();
    Ok(AccountFacts {
        legal_verified,
        commercial_tenants: commercial_tenants.clamp(0, u32::MAX as i64) as u32,
        payout_complete: payout_complete(conn, account_id).await?,
        tax_complete: tax_profile_complete(conn, account_id).await?,
        profile_complete,
        admin_users: admins.len() as u32,
        enrolled,
    })
}

/// One stored enrolment.
struct Stored {
    id: i64,
    account_id: i64,
    program: ProgramCode,
    summary: EnrolmentSummary,
}

const COLUMNS: &str = "id, account_id, program, state, since, state_by, reason, enrolled_at, \
                       enrolled_by, agreement_version, agreement_accepted_at, \
                       agreement_accepted_by, version";

fn stored(row: &sqlx::any::AnyRow) -> Result<Option<Stored>> {
    let code: String = row.try_get("program")?;
    let state: String = row.try_get("state")?;
    let (Some(program), Some(state)) = (
        ProgramCode::from_code(&code),
        EnrolmentState::from_code(&state),
    ) else {
        tracing::warn!(%code, %state, "unknown program enrolment skipped");
        return Ok(None);
    };
    Ok(Some(Stored {
        id: row.try_get("id")?,
        account_id: row.try_get("account_id")?,
        program,
        summary: EnrolmentSummary {
            state,
            since: row.try_get("since")?,
            by: row.try_get("state_by")?,
            reason: row.try_get("reason")?,
            enrolled_at: row.try_get("enrolled_at")?,
            enrolled_by: row.try_get("enrolled_by")?,
            agreement_version: row.try_get("agreement_version")?,
            agreement_accepted_at: row.try_get("agreement_accepted_at")?,
            agreement_accepted_by: row.try_get("agreement_accepted_by")?,
            version: row.try_get("version")?,
        },
    }))
}

async fn enrolments_of(conn: &mut AnyConnection, account_id: i64) -> Result<Vec<Stored>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM program_enrolments WHERE account_id = $1 ORDER BY id"
    ))
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        if let Some(s) = stored(row)? {
            list.push(s);
        }
    }
    Ok(list)
}

async fn enrolment(
    conn: &mut AnyConnection,
    account_id: i64,
    code: ProgramCode,
) -> Result<Option<Stored>> {
    Ok(enrolments_of(conn, account_id)
        .await?
        .into_iter()
        .find(|s| s.program == code))
}

/// Every program of the catalogue as the account stands now.
async fn views(conn: &mut AnyConnection, account_id: i64) -> Result<Vec<ProgramView>> {
    let facts = gather_facts(conn, account_id).await?;
    let enrolments = enrolments_of(conn, account_id).await?;
    Ok(PROGRAMS
        .iter()
        .map(|p| {
            let enrolment = enrolments
                .iter()
                .find(|e| e.program == p.code)
                .map(|e| e.summary.clone());
            let agreed = enrolment.as_ref().is_some_and(|e| e.state.is_enrolled());
            let agreement = agreements::current(p.code);
            ProgramView {
                code: p.code,
                requirements: evaluate(p, &facts, agreed),
                enrolment,
                agreement_version: agreement.version.to_owned(),
                agreement_effective: agreement.effective.to_owned(),
            }
        })
        .collect())
}

/// The Programs page: every program, the account's enrolment in it if any, and each
/// requirement evaluated now.
pub async fn view(db: &Db, who: &Principal) -> Result<Vec<ProgramView>> {
    let mut conn = db.reader().acquire().await?;
    views(&mut conn, who.account_id).await
}

fn refused(refusal: StepRefused) -> Error {
    ApiError::Conflict(match refusal {
        StepRefused::AlreadyEnrolled => ConflictKind::AlreadyEnrolled,
        StepRefused::NotEnrolled | StepRefused::NotNow => ConflictKind::EnrolmentStep,
    })
    .into()
}

/// Why enrolment is refused when `missing` is not empty: only the agreement missing is said
/// beside its checkbox; anything else lists every unmet requirement.
fn unmet_refusal(missing: Vec<Requirement>) -> Error {
    if missing == [Requirement::AgreementAccepted] {
        ApiError::invalid(Field::ProgramAgreement, Invalid::Required).into()
    } else {
        ApiError::Conflict(ConflictKind::RequirementsNotMet(missing)).into()
    }
}

/// The text of `code`'s agreement at `version`, or its current one. The agreements are the
/// platform's published terms, the same for every account: nothing of the caller's is read.
pub fn agreement(code: ProgramCode, version: Option<&str>) -> Result<AgreementDocument> {
    let found = match version {
        None => agreements::current(code),
        Some(v) => agreements::find(code, v).ok_or(ApiError::NotFound)?,
    };
    Ok(AgreementDocument::from(found))
}

/// Enrols the caller's company in `code`, if every requirement is met now and the agreement is
/// accepted at `agreement_version`, which must be the current one (the version the page showed:
/// an older or made-up one is refused, and the user reads the current one first). Active at
/// once, or pending review when the program says so.
pub async fn enrol(
    db: &Db,
    who: &Principal,
    code: ProgramCode,
    agreement_accepted: bool,
    agreement_version: &str,
) -> Result<Vec<ProgramView>> {
    let p = program(code);
    let current = agreements::current(code).version;
    if agreement_accepted && agreement_version != current {
        return Err(ApiError::Conflict(ConflictKind::AgreementChanged {
            current: current.to_owned(),
        })
        .into());
    }
    let at = now();
    let mut tx = db.write().await?;
    tx.lock_account(who.account_id).await?;
    let existing = enrolment(&mut tx, who.account_id, code).await?;
    let to = match &existing {
        Some(e) => next(p, e.summary.state, EnrolmentStep::Enrol).map_err(refused)?,
        None => start(p),
    };
    let facts = gather_facts(&mut tx, who.account_id).await?;
    can_enrol(p, &facts, agreement_accepted).map_err(unmet_refusal)?;
    let written = match &existing {
        Some(e) => sqlx::query(
            "UPDATE program_enrolments SET state = $1, since = $2, state_by = $3, reason = NULL, \
             enrolled_at = $2, enrolled_by = $3, agreement_accepted_at = $2, \
             agreement_accepted_by = $3, agreement_version = $7, version = version + 1 \
             WHERE id = $4 AND state = $5 AND version = $6",
        )
        .bind(to.code())
        .bind(at)
        .bind(&who.email)
        .bind(e.id)
        .bind(e.summary.state.code())
        .bind(e.summary.version)
        .bind(current)
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        None => sqlx::query(
            "INSERT INTO program_enrolments (account_id, program, state, since, state_by, \
             enrolled_at, enrolled_by, agreement_accepted_at, agreement_accepted_by, \
             agreement_version, version) \
             VALUES ($1, $2, $3, $4, $5, $4, $5, $4, $5, $6, 1) \
             ON CONFLICT (account_id, program) DO NOTHING",
        )
        .bind(who.account_id)
        .bind(code.code())
        .bind(to.code())
        .bind(at)
        .bind(&who.email)
        .bind(current)
        .execute(&mut *tx)
        .await?
        .rows_affected(),
    };
    if written == 0 {
        // Someone enrolled (or changed the enrolment) between our read and our write.
        return Err(ApiError::Conflict(ConflictKind::AlreadyEnrolled).into());
    }
    tx.audit(
        Change::by(
            who,
            Area::Programs,
            AuditAction::ProgramEnrolled,
            code.code(),
        )
        .values(
            existing
                .as_ref()
                .map(|e| Told::of(Said::Enrolment(e.summary.state)))
                .unwrap_or_default(),
            Told(vec![
                Said::Enrolment(to),
                Said::AgreementVersion(current.to_string()),
            ]),
        ),
    )
    .await?;
    if let Some(kind) = identifier_to_issue(p, to) {
        issue(&mut tx, who.account_id, code, kind, &who.email, at).await?;
    }
    if to == EnrolmentState::Active {
        // Another program may need this one.
        watch(&mut tx, who.account_id).await?;
    }
    let views = views(&mut tx, who.account_id).await?;
    tx.commit().await?;
    Ok(views)
}

/// Takes the partner's `step` (leave, or answer the reviewer with `message`) on the caller's
/// enrolment in `code`, opened at `version`.
pub async fn partner_step(
    db: &Db,
    who: &Principal,
    code: ProgramCode,
    step: EnrolmentStep,
    version: i64,
    message: &str,
) -> Result<Vec<ProgramView>> {
    let action = match step {
        EnrolmentStep::Leave => AuditAction::ProgramLeft,
        EnrolmentStep::Answer => AuditAction::ProgramAnswered,
        _ => return Err(ApiError::Forbidden.into()),
    };
    let message = if step.needs_message() {
        Some(check_message(message)?)
    } else {
        None
    };
    let at = now();
    let mut tx = db.write().await?;
    tx.lock_account(who.account_id).await?;
    let e = enrolment(&mut tx, who.account_id, code)
        .await?
        .ok_or(ApiError::NotFound)?;
    if e.summary.version != version {
        return Err(ApiError::Conflict(ConflictKind::EnrolmentStep).into());
    }
    let to = next(program(code), e.summary.state, step).map_err(refused)?;
    move_to(&mut tx, &e, to, &who.email, message.as_deref(), at).await?;
    tx.audit(Change::by(who, Area::Programs, action, code.code()).values(
        Told::of(Said::Enrolment(e.summary.state)),
        Told::of(Said::Enrolment(to)),
    ))
    .await?;
    // Leaving may take away a requirement of another program.
    watch(&mut tx, who.account_id).await?;
    let views = views(&mut tx, who.account_id).await?;
    tx.commit().await?;
    Ok(views)
}

/// Moves `e` to `to` if it still stands where it was read; refused otherwise.
async fn move_to(
    tx: &mut WriteTx,
    e: &Stored,
    to: EnrolmentState,
    by: &str,
    reason: Option<&str>,
    at: i64,
) -> Result<()> {
    let moved = sqlx::query(
        "UPDATE program_enrolments SET state = $1, since = $2, state_by = $3, reason = $4, \
         version = version + 1 WHERE id = $5 AND state = $6 AND version = $7",
    )
    .bind(to.code())
    .bind(at)
    .bind(by)
    .bind(reason)
    .bind(e.id)
    .bind(e.summary.state.code())
    .bind(e.summary.version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Err(ApiError::Conflict(ConflictKind::EnrolmentStep).into());
    }
    Ok(())
}

/// Enrolments waiting for a reviewer, or for the company's answer to one, oldest first.
pub async fn review_queue(db: &Db, who: &Principal) -> Result<Vec<EnrolmentReviewItem>> {
    if !who.reviewer {
        return Err(ApiError::Forbidden.into());
    }
    let mut conn = db.reader().acquire().await?;
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM program_enrolments WHERE state IN ($1, $2) ORDER BY since, id"
    ))
    .bind(EnrolmentState::PendingReview.code())
    .bind(EnrolmentState::InformationRequested.code())
    .fetch_all(&mut *conn)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        if let Some(e) = stored(row)? {
            items.push(review_item(&mut conn, e).await?);
        }
    }
    Ok(items)
}

async fn review_item(conn: &mut AnyConnection, e: Stored) -> Result<EnrolmentReviewItem> {
    let account = sqlx::query("SELECT legal_name, partner_id, country FROM accounts WHERE id = $1")
        .bind(e.account_id)
        .fetch_one(&mut *conn)
        .await?;
    let facts = gather_facts(conn, e.account_id).await?;
    Ok(EnrolmentReviewItem {
        enrolment_id: e.id,
        account_id: e.account_id,
        legal_name: account.try_get("legal_name")?,
        partner_id: account.try_get("partner_id")?,
        country: account.try_get("country")?,
        program: e.program,
        requirements: evaluate(program(e.program), &facts, true),
        enrolment: e.summary,
    })
}

/// A reviewer's step on an enrolment opened at `version`: approve (every requirement must
/// still be met), reject with `reason`, or ask the company for something (`reason`). The
/// company's Global admins are told.
pub async fn review_step(
    db: &Db,
    who: &Principal,
    enrolment_id: i64,
    step: EnrolmentStep,
    version: i64,
    reason: &str,
) -> Result<EnrolmentReviewItem> {
    if !who.reviewer {
        return Err(ApiError::Forbidden.into());
    }
    if step.actor() != domain::programs::Actor::Reviewer {
        return Err(ApiError::Forbidden.into());
    }
    let reason = if step.needs_message() {
        Some(check_message(reason)?)
    } else {
        None
    };
    let at = now();
    let account_id: i64 = sqlx::query("SELECT account_id FROM program_enrolments WHERE id = $1")
        .bind(enrolment_id)
        .fetch_optional(db.reader())
        .await?
        .ok_or(ApiError::NotFound)?
        .try_get("account_id")?;
    let mut tx = db.write().await?;
    tx.lock_account(account_id).await?;
    let e = enrolments_of(&mut tx, account_id)
        .await?
        .into_iter()
        .find(|e| e.id == enrolment_id)
        .ok_or(ApiError::NotFound)?;
    if e.summary.version != version {
        return Err(ApiError::Conflict(ConflictKind::EnrolmentStep).into());
    }
    let p = program(e.program);
    let to = next(p, e.summary.state, step).map_err(refused)?;
    if step == EnrolmentStep::Approve {
        let facts = gather_facts(&mut tx, account_id).await?;
        can_enrol(p, &facts, true)
            .map_err(|missing| ApiError::Conflict(ConflictKind::RequirementsNotMet(missing)))?;
    }
    move_to(&mut tx, &e, to, &who.email, reason.as_deref(), at).await?;
    tx.audit(Change {
        account_id: Some(account_id),
        actor_user_id: Some(who.user_id),
        actor: &who.email,
        area: Area::Programs,
        action: AuditAction::ProgramReviewed,
        target: e.program.code(),
        before: Told::of(Said::Enrolment(e.summary.state)),
        after: Told::of(Said::Enrolment(to)),
    })
    .await?;
    if let Some(kind) = identifier_to_issue(p, to) {
        issue(&mut tx, account_id, e.program, kind, &who.email, at).await?;
    }
    tell_global_admins(
        &mut tx,
        account_id,
        NotificationKind::ProgramReviewed,
        e.program,
        to,
        at,
    )
    .await?;
    if to == EnrolmentState::Active {
        watch(&mut tx, account_id).await?;
    }
    let e = enrolments_of(&mut tx, account_id)
        .await?
        .into_iter()
        .find(|e| e.id == enrolment_id)
        .ok_or(ApiError::NotFound)?;
    let item = review_item(&mut tx, e).await?;
    tx.commit().await?;
    Ok(item)
}

/// The account's active Global admins hear about `code` now being `state` (bell and email).
async fn tell_global_admins(
    tx: &mut WriteTx,
    account_id: i64,
    kind: NotificationKind,
    code: ProgramCode,
    state: EnrolmentState,
    at: i64,
) -> Result<()> {
    let p = program(code);
    let body = format!(
        "Your enrolment in the program \"{en}\" is now: {state}.\n\
         Open Partner Settings > Programs to see what it needs.\n\n\
         Votre inscription au programme « {fr} » est maintenant : {state}.\n\
         Ouvrez Paramètres partenaire > Programmes pour voir ce qu'il faut faire.\n",
        en = p.name_en,
        fr = p.name_fr,
        state = state.code(),
    );
    notifications::tell_roles(
        tx,
        account_id,
        &[Role::GlobalAdmin],
        kind,
        "Partner Settings: program enrolment update / mise à jour d'une inscription à un programme",
        &body,
        at,
    )
    .await
}

/// Looks at every enrolment of `account_id` inside the caller's transaction (which has already
/// written, or locked the account): an active one whose requirements stopped being met needs
/// action, and the Global admins are told; one needing action whose requirements are all met
/// again is active again. Repeats while a step changes what another program needs (membership
/// of another program), a few rounds at most.
pub async fn watch(tx: &mut WriteTx, account_id: i64) -> Result<()> {
    for _ in 0..PROGRAMS.len() {
        let facts = gather_facts(tx, account_id).await?;
        let mut changed = false;
        for e in enrolments_of(tx, account_id).await? {
            let p = program(e.program);
            let Some(step) = rule(p, e.summary.state, &facts) else {
                continue;
            };
            let Ok(to) = next(p, e.summary.state, step) else {
                continue;
            };
            let at = now();
            let moved = sqlx::query(
                "UPDATE program_enrolments SET state = $1, since = $2, state_by = $3, \
                 reason = NULL, version = version + 1 WHERE id = $4 AND state = $5 AND version = $6",
            )
            .bind(to.code())
            .bind(at)
            .bind(SYSTEM)
            .bind(e.id)
            .bind(e.summary.state.code())
            .bind(e.summary.version)
            .execute(&mut **tx)
            .await?
            .rows_affected();
            if moved == 0 {
                // Another server took the step first.
                continue;
            }
            changed = true;
            let mut after = Told::of(Said::Enrolment(to));
            after.0.extend(
                domain::programs::unmet(p, &facts, true)
                    .into_iter()
                    .map(Said::Unmet),
            );
            tx.audit(Change {
                account_id: Some(account_id),
                actor_user_id: None,
                actor: SYSTEM,
                area: Area::Programs,
                action: AuditAction::ProgramStatusChanged,
                target: e.program.code(),
                before: Told::of(Said::Enrolment(e.summary.state)),
                after,
            })
            .await?;
            if step.notifies_global_admins() {
                tell_global_admins(
                    tx,
                    account_id,
                    NotificationKind::ProgramActionRequired,
                    e.program,
                    to,
                    at,
                )
                .await?;
            }
            if let Some(kind) = identifier_to_issue(p, to) {
                issue(tx, account_id, e.program, kind, SYSTEM, at).await?;
            }
        }
        if !changed {
            break;
        }
    }
    Ok(())
}

/// The programs' watch as the store's reactor: every write transaction that changed an
/// account's data watches its enrolments before it commits (installed by [`crate::open`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Watch;

impl crate::store::Reactor for Watch {
    fn account_changed<'a>(
        &'a self,
        tx: &'a mut WriteTx,
        account_id: i64,
    ) -> crate::store::Reaction<'a> {
        Box::pin(watch(tx, account_id))
    }
}

/// Watches one account in its own write transaction (the background task, and callers whose
/// change is already committed).
pub async fn watch_account(db: &Db, account_id: i64) -> Result<()> {
    let mut tx = db.write().await?;
    tx.lock_account(account_id).await?;
    watch(&mut tx, account_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Watches every account with an enrolment that is active or needs action. Returns how many
/// accounts were looked at.
pub async fn watch_all(db: &Db) -> Result<u32> {
    let rows = sqlx::query(
        "SELECT DISTINCT account_id FROM program_enrolments WHERE state IN ($1, $2) \
         ORDER BY account_id",
    )
    .bind(EnrolmentState::Active.code())
    .bind(EnrolmentState::ActionRequired.code())
    .fetch_all(db.reader())
    .await?;
    let mut n = 0;
    for row in &rows {
        watch_account(db, row.try_get("account_id")?).await?;
        n += 1;
    }
    Ok(n)
}

/// The background watch: at start, then every [`WATCH_EVERY`]. Catches requirements moved by
/// changes that do not watch by themselves (payout and tax details, account merges).
pub async fn run_watcher(db: Db) {
    let mut every = tokio::time::interval(WATCH_EVERY);
    loop {
        every.tick().await;
        if let Err(e) = watch_all(&db).await {
            tracing::warn!(error = %e, "program watch failed; retried at the next round");
        }
    }
}

fn kind_code(kind: IssuedIdentifier) -> &'static str {
    match kind {
        IssuedIdentifier::PublisherId => "publisher-id",
        IssuedIdentifier::WindowsPublisherId => "windows-publisher-id",
    }
}

/// A random GUID (version 4), lower case: the Windows publisher ID.
fn new_guid() -> String {
    let mut b: [u8; 16] = rand::thread_rng().gen();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The marketplace Publisher ID: the legal name's letters and digits (at most 20, lower case)
/// followed by the partner ID, which makes it unique.
fn publisher_id(legal_name: &str, partner_id: &str) -> String {
    let mut stem: String = legal_name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .take(20)
        .collect();
    if stem.is_empty() {
        stem.push_str("publisher");
    }
    format!("{stem}{partner_id}")
}

/// Issues `kind` to the account unless it already holds one (issued once, never withdrawn).
async fn issue(
    tx: &mut WriteTx,
    account_id: i64,
    code: ProgramCode,
    kind: IssuedIdentifier,
    actor: &str,
    at: i64,
) -> Result<()> {
    for _ in 0..5 {
        let held = sqlx::query(
            "SELECT COUNT(*) AS n FROM issued_identifiers WHERE account_id = $1 AND kind = $2",
        )
        .bind(account_id)
        .bind(kind_code(kind))
        .fetch_one(&mut **tx)
        .await?
        .try_get::<i64, _>("n")?;
        if held > 0 {
            return Ok(());
        }
        let value = match kind {
            IssuedIdentifier::WindowsPublisherId => new_guid(),
            IssuedIdentifier::PublisherId => {
                let row = sqlx::query("SELECT legal_name, partner_id FROM accounts WHERE id = $1")
                    .bind(account_id)
                    .fetch_one(&mut **tx)
                    .await?;
                publisher_id(
                    &row.try_get::<String, _>("legal_name")?,
                    &row.try_get::<String, _>("partner_id")?,
                )
            }
        };
        // A value another account holds (a GUID drawn twice) inserts nothing: draw again.
        let inserted = sqlx::query(
            "INSERT INTO issued_identifiers (account_id, kind, value, program, issued_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(account_id)
        .bind(kind_code(kind))
        .bind(&value)
        .bind(code.code())
        .bind(at)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            return tx
                .audit(Change {
                    account_id: Some(account_id),
                    actor_user_id: None,
                    actor,
                    area: Area::Identifiers,
                    action: AuditAction::IdentifierIssued,
                    target: kind_code(kind),
                    before: Told::nothing(),
                    after: Told::text(&value),
                })
                .await;
        }
    }
    Err(Error::Fault(format!(
        "no free {} after 5 tries",
        kind_code(kind)
    )))
}

/// The identifiers programs issued to the account: (Publisher ID, Windows publisher ID GUID).
pub async fn issued_identifiers(
    db: &Db,
    account_id: i64,
) -> Result<(Option<String>, Option<String>)> {
    let rows = sqlx::query("SELECT kind, value FROM issued_identifiers WHERE account_id = $1")
        .bind(account_id)
        .fetch_all(db.reader())
        .await?;
    let mut publisher = None;
    let mut windows = None;
    for row in &rows {
        let kind: String = row.try_get("kind")?;
        let value: String = row.try_get("value")?;
        if kind == kind_code(IssuedIdentifier::PublisherId) {
            publisher = Some(value);
        } else if kind == kind_code(IssuedIdentifier::WindowsPublisherId) {
            windows = Some(value);
        }
    }
    Ok((publisher, windows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_windows_publisher_id_is_a_version_4_guid() {
        let guid = new_guid();
        assert!(domain::tenants::Guid::parse(&guid).is_ok(), "{guid}");
        assert_eq!(&guid[14..15], "4");
        assert_ne!(new_guid(), guid);
    }

    #[test]
    fn a_publisher_id_is_the_legal_name_in_lower_case_and_the_partner_id() {
        assert_eq!(publisher_id("Contoso Ltd", "4871203"), "contosoltd4871203");
        assert_eq!(publisher_id("ООО «Вингтип»", "5000001"), "publisher5000001");
        assert_eq!(
            publisher_id("A very long company name indeed, Inc.", "1234567"),
            "averylongcompanyname1234567"
        );
    }
}
