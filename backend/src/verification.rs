//! Verification of partner companies: the partner submits and answers, a platform reviewer
//! reviews, asks for information, approves or rejects (rules in `domain::verification`). Each
//! step is kept in the history, audited, and a reviewer's step notifies the company's active
//! Global admins (bell and email). While a reviewer's question is open the company may attach
//! documents to its answer (at most 5; the file rules are `domain::files`); they are sent with
//! the answer and shown with it, to the company and to the reviewers.

use domain::audit::{AuditAction, Said, Told};
use domain::error::ConflictKind;
use domain::model::NotificationKind;
use domain::verification::{
    check_message, next, too_many_documents, DocumentUpload, ReviewItem, Side, StepRefused,
    VerificationDocument, VerificationEvent, VerificationStatus, VerificationStep,
    VerificationView, MAX_DOCUMENTS_PER_ANSWER, VERIFICATION_DOCUMENT,
};
use domain::{ApiError, Area, Locale, Role};
use sqlx::Row;

use crate::error::{Error, Result};
use crate::files::{FileTable, StoredFile};
use crate::notifications::Letter;
use crate::principal::Principal;
use crate::store::{Change, Db, WriteTx};
use crate::{mail, notifications, now};

fn side_code(side: Side) -> &'static str {
    match side {
        Side::Partner => "partner",
        Side::Reviewer => "reviewer",
    }
}

/// What the audit log says attaching or removing a verification document changed.
const DOCUMENT_TARGET: &str = "verification-document";

/// Where the company's verification stands and its history, oldest first.
pub async fn view(db: &Db, account_id: i64) -> Result<VerificationView> {
    let status = sqlx::query("SELECT status FROM verification WHERE account_id = $1")
        .bind(account_id)
        .fetch_optional(db.reader())
        .await?
        .map(|row| row.try_get::<String, _>("status"))
        .transpose()?
        .and_then(|code| VerificationStatus::from_code(&code))
        .unwrap_or(VerificationStatus::NotStarted);
    let rows = sqlx::query(
        "SELECT id, at, side, actor, step, status_after FROM verification_events \
         WHERE account_id = $1 ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(db.reader())
    .await?;
    // Each document goes with the answer it was sent with, or is still attached to the open
    // question.
    let mut sent: Vec<(i64, VerificationDocument)> = Vec::new();
    let mut attached = Vec::new();
    for row in sqlx::query(&format!(
        "SELECT {DOCUMENT_COLUMNS}, answer_event_id FROM verification_documents \
         WHERE account_id = $1 ORDER BY id"
    ))
    .bind(account_id)
    .fetch_all(db.reader())
    .await?
    {
        let document = document(&row)?;
        match row.try_get::<Option<i64>, _>("answer_event_id")? {
            Some(answer) => sent.push((answer, document)),
            None => attached.push(document),
        }
    }
    let mut history = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let step: String = row.try_get("step")?;
        let status_after: String = row.try_get("status_after")?;
        let side: String = row.try_get("side")?;
        let (Ok(step), Some(status_after)) = (
            serde_json::from_str::<VerificationStep>(&step),
            VerificationStatus::from_code(&status_after),
        ) else {
            tracing::warn!(account_id, "unreadable verification event skipped");
            continue;
        };
        history.push(VerificationEvent {
            at: row.try_get("at")?,
            side: if side == "reviewer" {
                Side::Reviewer
            } else {
                Side::Partner
            },
            actor: row.try_get("actor")?,
            step,
            status_after,
            documents: sent
                .iter()
                .filter(|(answer, _)| *answer == id)
                .map(|(_, d)| d.clone())
                .collect(),
        });
    }
    // Documents count only while their question is open.
    if status != VerificationStatus::ActionRequired {
        attached.clear();
    }
    Ok(VerificationView {
        status,
        history,
        attached,
    })
}

/// The columns a document listing reads (never the file itself).
const DOCUMENT_COLUMNS: &str = "id, file_name, content_type, size, uploaded_at, uploaded_by";

fn document(row: &sqlx::any::AnyRow) -> Result<VerificationDocument> {
    Ok(VerificationDocument {
        id: row.try_get("id")?,
        file_name: row.try_get("file_name")?,
        content_type: row.try_get("content_type")?,
        size: row.try_get("size")?,
        uploaded_at: row.try_get("uploaded_at")?,
        uploaded_by: row.try_get("uploaded_by")?,
    })
}

/// The reviewer's question the company may answer now (the event that asked), with how many
/// documents are attached to its answer; `None` unless the verification waits for an answer.
async fn open_question<'c, E>(executor: E, account_id: i64) -> Result<Option<(i64, u32)>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT e.id, (SELECT COUNT(*) FROM verification_documents d \
           WHERE d.account_id = e.account_id AND d.question_event_id = e.id) AS attached \
         FROM verification v JOIN verification_events e ON e.account_id = v.account_id \
         WHERE v.account_id = $1 AND v.status = 'action-required' \
           AND e.status_after = 'action-required' \
         ORDER BY e.id DESC LIMIT 1",
    )
    .bind(account_id)
    .fetch_optional(executor)
    .await?;
    row.map(|row| {
        let attached: i64 = row.try_get("attached")?;
        Ok((row.try_get("id")?, attached.try_into().unwrap_or(u32::MAX)))
    })
    .transpose()
}

/// Attaches a document to the caller's account's answer to the open question. Refused before
/// the file is decoded when no question is open (a step that does not apply now) or five
/// documents are attached already; then the file is checked (type by content, at most 10 MB),
/// counted again under the account's lock, stored and audited. Returns the documents attached.
pub async fn attach(
    db: &Db,
    who: &Principal,
    upload: &DocumentUpload,
) -> Result<Vec<VerificationDocument>> {
    let Some((_, attached)) = open_question(db.reader(), who.account_id).await? else {
        return Err(ApiError::Conflict(ConflictKind::VerificationStep).into());
    };
    if attached >= MAX_DOCUMENTS_PER_ANSWER {
        return Err(too_many_documents().into());
    }
    let file = VERIFICATION_DOCUMENT.accept(&upload.file_name, &upload.content_base64)?;
    let mut tx = db.write().await?;
    // Two uploads at once count one after the other.
    tx.lock_account(who.account_id).await?;
    let Some((question, attached)) = open_question(&mut *tx, who.account_id).await? else {
        return Err(ApiError::Conflict(ConflictKind::VerificationStep).into());
    };
    if attached >= MAX_DOCUMENTS_PER_ANSWER {
        return Err(too_many_documents().into());
    }
    sqlx::query(
        "INSERT INTO verification_documents (account_id, question_event_id, file_name, \
         content_type, size, content, uploaded_at, uploaded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(who.account_id)
    .bind(question)
    .bind(&file.file_name)
    .bind(file.kind.content_type())
    .bind(file.bytes.len() as i64)
    .bind(file.bytes)
    .bind(now())
    .bind(&who.email)
    .execute(&mut *tx)
    .await?;
    tx.audit(
        Change::by(
            who,
            Area::LegalInfo,
            AuditAction::VerificationDocumentAttached,
            DOCUMENT_TARGET,
        )
        .values(Told::nothing(), Told::text(&file.file_name)),
    )
    .await?;
    tx.commit().await?;
    Ok(view(db, who.account_id).await?.attached)
}

/// Removes a document attached to the open question's answer before it is sent (a sent one
/// stays with its answer; another account's is not found), and audits it. Returns the
/// documents still attached.
pub async fn detach(db: &Db, who: &Principal, id: i64) -> Result<Vec<VerificationDocument>> {
    let mut tx = db.write().await?;
    tx.lock_account(who.account_id).await?;
    let row = sqlx::query(
        "SELECT file_name FROM verification_documents \
         WHERE id = $1 AND account_id = $2 AND answer_event_id IS NULL",
    )
    .bind(id)
    .bind(who.account_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::NotFound)?;
    let file_name: String = row.try_get("file_name")?;
    sqlx::query("DELETE FROM verification_documents WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(who.account_id)
        .execute(&mut *tx)
        .await?;
    tx.audit(
        Change::by(
            who,
            Area::LegalInfo,
            AuditAction::VerificationDocumentRemoved,
            DOCUMENT_TARGET,
        )
        .values(Told::text(&file_name), Told::nothing()),
    )
    .await?;
    tx.commit().await?;
    Ok(view(db, who.account_id).await?.attached)
}

/// A document's file: of the caller's account only (another account's is not found), or of
/// any account for a platform reviewer.
pub async fn document_file(db: &Db, who: &Principal, id: i64) -> Result<StoredFile> {
    crate::files::stored(db, who, FileTable::VerificationDocuments, id).await
}

/// The partner's own step (submit, answer) on its account.
pub async fn partner_step(
    db: &Db,
    who: &Principal,
    step: VerificationStep,
) -> Result<VerificationView> {
    take_step(db, who, who.account_id, Side::Partner, step).await
}

/// A verified company whose legal details (here: its legal address) changed goes back to
/// review. Does nothing at any other stage.
pub async fn legal_details_changed(db: &Db, who: &Principal) -> Result<()> {
    if view(db, who.account_id).await?.status == VerificationStatus::Verified {
        take_step(
            db,
            who,
            who.account_id,
            Side::Partner,
            VerificationStep::LegalDetailsChanged,
        )
        .await?;
    }
    Ok(())
}

/// A reviewer's step on a company.
pub async fn reviewer_step(
    db: &Db,
    who: &Principal,
    account_id: i64,
    step: VerificationStep,
) -> Result<VerificationView> {
    if !who.reviewer {
        return Err(ApiError::Forbidden.into());
    }
    take_step(db, who, account_id, Side::Reviewer, step).await
}

async fn take_step(
    db: &Db,
    who: &Principal,
    account_id: i64,
    side: Side,
    step: VerificationStep,
) -> Result<VerificationView> {
    check_message(&step)?;
    let mut tx = db.write().await?;
    // A write first takes the account's lock: two steps on one company never interleave.
    tx.lock_account(account_id).await?;
    let current = sqlx::query("SELECT status FROM verification WHERE account_id = $1")
        .bind(account_id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|row| row.try_get::<String, _>("status"))
        .transpose()?
        .and_then(|code| VerificationStatus::from_code(&code))
        .unwrap_or(VerificationStatus::NotStarted);
    let after = next(current, &step, side).map_err(|refused| match refused {
        StepRefused::WrongSide => ApiError::Forbidden,
        StepRefused::NotNow => ApiError::Conflict(ConflictKind::VerificationStep),
    })?;
    let now = now();
    sqlx::query(
        "INSERT INTO verification (account_id, status, version, updated_at) VALUES ($1, $2, 1, $3) \
         ON CONFLICT (account_id) DO UPDATE SET status = $2, version = verification.version + 1, updated_at = $3",
    )
    .bind(account_id)
    .bind(after.code())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let step_json = serde_json::to_string(&step).map_err(|e| Error::Fault(e.to_string()))?;
    let event: i64 = sqlx::query(
        "INSERT INTO verification_events (account_id, at, side, actor, step, message, status_after) \
         VALUES ($1, $2, $3, $4, $5, '', $6) RETURNING id",
    )
    .bind(account_id)
    .bind(now)
    .bind(side_code(side))
    .bind(&who.email)
    .bind(&step_json)
    .bind(after.code())
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    if matches!(step, VerificationStep::Answer { .. }) {
        // The documents attached to the answer go with it.
        sqlx::query(
            "UPDATE verification_documents SET answer_event_id = $1 \
             WHERE account_id = $2 AND answer_event_id IS NULL",
        )
        .bind(event)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.audit(Change {
        account_id: Some(account_id),
        actor_user_id: Some(who.user_id),
        actor: &who.email,
        area: Area::LegalInfo,
        action: AuditAction::VerificationStep,
        target: "verification",
        before: Told::of(Said::Verification(current)),
        after: Told::of(Said::Verification(after)),
    })
    .await?;
    if side == Side::Reviewer {
        notify_company(&mut tx, account_id, after, step.message(), now).await?;
    }
    // Account-wide rules (programs need verified legal info) see it in this transaction.
    tx.account_changed(account_id);
    tx.commit().await?;
    view(db, account_id).await
}

/// Tells the company's active Global admins (bell and email, as each one's preferences say,
/// through `notifications`) and emails the primary contact (whom the platform writes to about
/// the partnership) in the contact's language, unless an admin was just emailed at that address.
async fn notify_company(
    tx: &mut WriteTx,
    account_id: i64,
    status: VerificationStatus,
    reviewer_said: Option<&str>,
    now: i64,
) -> Result<()> {
    // The reviewer's question or reason, quoted: the company answers it without opening the
    // page first.
    let quoted = |intro: &str| {
        reviewer_said
            .map(|said| {
                let lines: String = said.lines().map(|l| format!("> {l}\n")).collect();
                format!("\n{intro}\n{lines}")
            })
            .unwrap_or_default()
    };
    let body_en = format!(
        "Your company's verification is now: {status}.\n{said}\nOpen Partner Settings > Legal info to see the details.\n",
        status = status.name(Locale::En),
        said = quoted("The reviewer wrote:"),
    );
    let body_fr = format!(
        "La vérification de votre entreprise est maintenant : {status}.\n{said}\nOuvrez Paramètres partenaire > Informations légales pour le détail.\n",
        status = status.name(Locale::Fr),
        said = quoted("Le vérificateur a écrit :"),
    );
    let letter = Letter {
        subject_en: "Partner Settings: verification update",
        body_en: &body_en,
        subject_fr: "Paramètres partenaire : mise à jour de la vérification",
        body_fr: &body_fr,
    };
    let mailed = notifications::tell_roles_in(
        tx,
        account_id,
        &[Role::GlobalAdmin],
        NotificationKind::VerificationUpdated,
        &letter,
        now,
    )
    .await?;
    let contacts =
        sqlx::query("SELECT data FROM account_records WHERE account_id = $1 AND kind = $2")
            .bind(account_id)
            .bind(<domain::contacts::ContactsForm as crate::records::Record>::KIND)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some(row) = contacts {
        let data: String = row.try_get("data")?;
        if let Ok(form) = serde_json::from_str::<domain::contacts::ContactsForm>(&data) {
            let email = form.primary.email;
            if !email.is_empty() && !mailed.contains(&email) {
                let language = Locale::from_tag(&form.primary.language).unwrap_or_default();
                let (subject, body) = letter.in_language(language);
                mail::enqueue(tx, account_id, &email, subject, body, now).await?;
            }
        }
    }
    Ok(())
}

/// Companies waiting for a reviewer, oldest first.
pub async fn queue(db: &Db, who: &Principal) -> Result<Vec<ReviewItem>> {
    if !who.reviewer {
        return Err(ApiError::Forbidden.into());
    }
    let rows = sqlx::query(
        "SELECT a.id, a.legal_name, a.partner_id, a.country, v.status, v.updated_at \
         FROM verification v JOIN accounts a ON a.id = v.account_id \
         WHERE v.status IN ('submitted', 'in-review', 'action-required') ORDER BY v.updated_at, a.id",
    )
    .fetch_all(db.reader())
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let status: String = row.try_get("status")?;
        items.push(ReviewItem {
            account_id: row.try_get("id")?,
            legal_name: row.try_get("legal_name")?,
            partner_id: row.try_get("partner_id")?,
            country: row.try_get("country")?,
            status: VerificationStatus::from_code(&status).unwrap_or(VerificationStatus::Submitted),
            since: row.try_get("updated_at")?,
        });
    }
    Ok(items)
}
