//! Tax exemption certificates: uploaded by the company (PDF, PNG or JPEG by content, at most
//! 5 MB), accepted by a platform reviewer, listed with their status, and a reminder to the
//! Global and Billing admins 30 days before one expires, once per certificate.

use domain::audit::{AuditAction, Note, Said, Told};
use domain::error::ConflictKind;
use domain::model::NotificationKind;
use domain::tax::certificate::{
    add_days, date_of, Certificate, CertificateForReview, CertificateStatus, CertificateUpload,
    CERTIFICATE_FILE, REMINDER_DAYS,
};
use domain::{ApiError, Area, Field, Role};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::Result;
use crate::files::{FileTable, StoredFile};
use crate::principal::Principal;
use crate::store::{Change, Db};
use crate::{notifications, now};

/// The columns a listing reads (never the file itself).
const COLUMNS: &str = "c.id, c.file_name, c.content_type, c.size, c.region, c.expires_on, \
     c.state, c.submitted_at, c.submitted_by, c.accepted_at, c.accepted_by";

fn certificate(row: &AnyRow, today: &str) -> Result<Certificate> {
    let state: String = row.try_get("state")?;
    let expires_on: String = row.try_get("expires_on")?;
    Ok(Certificate {
        id: row.try_get("id")?,
        file_name: row.try_get("file_name")?,
        content_type: row.try_get("content_type")?,
        size: row.try_get("size")?,
        region: row.try_get("region")?,
        status: CertificateStatus::on(state == "accepted", &expires_on, today),
        expires_on,
        submitted_at: row.try_get("submitted_at")?,
        submitted_by: row.try_get("submitted_by")?,
        accepted_at: row.try_get("accepted_at")?,
        accepted_by: row.try_get("accepted_by")?,
    })
}

/// The caller's account's certificates, newest first.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<Certificate>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM tax_certificates c WHERE c.account_id = $1 ORDER BY c.id DESC"
    ))
    .bind(who.account_id)
    .fetch_all(db.reader())
    .await?;
    let today = date_of(now());
    rows.iter().map(|r| certificate(r, &today)).collect()
}

/// Stores an uploaded certificate after checking its details and its content (type by its
/// first bytes, size at most 5 MB), and audits it.
pub async fn upload(db: &Db, who: &Principal, upload: &CertificateUpload) -> Result<Certificate> {
    let at = now();
    let today = date_of(at);
    let details = upload.details.parse(&today)?;
    let file = CERTIFICATE_FILE.accept(&upload.file_name, &upload.content_base64)?;
    let (kind, file_name, bytes) = (file.kind, file.file_name, file.bytes);
    let mut tx = db.write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO tax_certificates (account_id, region, expires_on, file_name, content_type, \
         size, content, state, submitted_at, submitted_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'submitted', $8, $9) RETURNING id",
    )
    .bind(who.account_id)
    .bind(&details.region)
    .bind(&details.expires_on)
    .bind(&file_name)
    .bind(kind.content_type())
    .bind(bytes.len() as i64)
    .bind(bytes)
    .bind(at)
    .bind(&who.email)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    let after = Told(vec![
        Said::text(file_name),
        Said::typed(Field::CertificateRegion, details.region.as_str()),
        Said::typed(Field::CertificateExpiry, details.expires_on.as_str()),
    ]);
    tx.audit(
        Change::by(
            who,
            Area::PayoutTax,
            AuditAction::TaxCertificateSubmitted,
            "tax-exemption-certificate",
        )
        .values(Told::nothing(), after),
    )
    .await?;
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM tax_certificates c WHERE c.id = $1"
    ))
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let saved = certificate(&row, &today)?;
    tx.commit().await?;
    Ok(saved)
}

/// A certificate's file: of the caller's account only (another account's is not found), or of
/// any account for a platform reviewer.
pub async fn file(db: &Db, who: &Principal, id: i64) -> Result<StoredFile> {
    crate::files::stored(db, who, FileTable::TaxCertificates, id).await
}

/// The certificates waiting for a reviewer (submitted and not expired), oldest first.
pub async fn awaiting_review(db: &Db) -> Result<Vec<CertificateForReview>> {
    let today = date_of(now());
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, a.id AS account_id, a.legal_name, a.partner_id \
         FROM tax_certificates c JOIN accounts a ON a.id = c.account_id \
         WHERE c.state = 'submitted' AND c.expires_on >= $1 ORDER BY c.id"
    ))
    .bind(&today)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CertificateForReview {
                account_id: row.try_get("account_id")?,
                legal_name: row.try_get("legal_name")?,
                partner_id: row.try_get("partner_id")?,
                certificate: certificate(row, &today)?,
            })
        })
        .collect()
}

/// A platform reviewer accepts a submitted certificate that has not expired. Accepting one
/// twice (or one that expired) is refused as a step that no longer applies; the company's
/// audit log records the acceptance.
pub async fn accept(db: &Db, reviewer: &Principal, id: i64) -> Result<Certificate> {
    if !reviewer.reviewer {
        return Err(ApiError::Forbidden.into());
    }
    let at = now();
    let today = date_of(at);
    let mut tx = db.write().await?;
    let accepted = sqlx::query(
        "UPDATE tax_certificates SET state = 'accepted', accepted_at = $1, accepted_by = $2 \
         WHERE id = $3 AND state = 'submitted' AND expires_on >= $4",
    )
    .bind(at)
    .bind(&reviewer.email)
    .bind(id)
    .bind(&today)
    .execute(&mut *tx)
    .await?;
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS}, c.account_id FROM tax_certificates c WHERE c.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::NotFound)?;
    if accepted.rows_affected() == 0 {
        return Err(ApiError::Conflict(ConflictKind::CertificateNotSubmitted).into());
    }
    let saved = certificate(&row, &today)?;
    let account_id: i64 = row.try_get("account_id")?;
    tx.audit(Change {
        account_id: Some(account_id),
        actor_user_id: Some(reviewer.user_id),
        actor: &reviewer.email,
        area: Area::PayoutTax,
        action: AuditAction::TaxCertificateAccepted,
        target: &saved.file_name,
        before: Told::of(Said::Note(Note::Submitted)),
        after: Told::of(Said::Note(Note::Accepted)),
    })
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Sends the expiry reminders that are due: for every certificate expiring within
/// [`REMINDER_DAYS`] days (and not yet expired) whose reminder was not sent, the Global and
/// Billing admins of its account get a notification and an email. Each certificate is claimed
/// with a guarded UPDATE (`... WHERE reminder_sent_at IS NULL`) in the transaction that sends
/// its reminder, so two servers running this at once send it once. Returns how many were sent.
pub async fn send_reminders(db: &Db, at: i64) -> Result<u32> {
    let today = date_of(at);
    let Some(horizon) = add_days(&today, REMINDER_DAYS) else {
        return Ok(0);
    };
    let due = sqlx::query(
        "SELECT c.id, c.account_id, c.file_name, c.region, c.expires_on \
         FROM tax_certificates c JOIN accounts a ON a.id = c.account_id \
         WHERE c.reminder_sent_at IS NULL AND c.expires_on >= $1 AND c.expires_on <= $2 \
         AND a.merged_into IS NULL ORDER BY c.id",
    )
    .bind(&today)
    .bind(&horizon)
    .fetch_all(db.reader())
    .await?;
    let mut sent = 0;
    for row in due {
        let id: i64 = row.try_get("id")?;
        let account_id: i64 = row.try_get("account_id")?;
        let file_name: String = row.try_get("file_name")?;
        let region: String = row.try_get("region")?;
        let expires_on: String = row.try_get("expires_on")?;
        let mut tx = db.write().await?;
        let claimed = sqlx::query(
            "UPDATE tax_certificates SET reminder_sent_at = $1 \
             WHERE id = $2 AND reminder_sent_at IS NULL",
        )
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            tx.rollback().await?;
            continue;
        }
        let subject = format!(
            "Tax exemption certificate expires on {expires_on} / \
             certificat d'exonération expirant le {expires_on}"
        );
        let body = format!(
            "The tax exemption certificate {file_name} ({region}) expires on {expires_on}. \
             Upload its renewal in Partner Settings, Tax profile, before then so that invoices \
             stay exempt.\n\n\
             Le certificat d'exonération fiscale {file_name} ({region}) expire le {expires_on}. \
             Déposez son renouvellement dans Paramètres partenaire, Profil fiscal, avant cette \
             date pour que les factures restent exonérées.\n"
        );
        notifications::tell_roles(
            &mut tx,
            account_id,
            &[Role::GlobalAdmin, Role::BillingAdmin],
            NotificationKind::TaxCertificateExpiring,
            &subject,
            &body,
            at,
        )
        .await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
