//! Stored uploads (tax exemption certificates, documents for verification): one rule for
//! reading a file back. Each is kept in a table of its own with the columns `account_id`,
//! `file_name`, `content_type` (read from the content at upload) and `content`; the checks
//! before storing are `domain::files`.

use domain::ApiError;
use sqlx::Row;

use crate::error::Result;
use crate::principal::Principal;
use crate::store::Db;

/// A table of stored files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileTable {
    TaxCertificates,
    VerificationDocuments,
}

impl FileTable {
    fn name(self) -> &'static str {
        match self {
            FileTable::TaxCertificates => "tax_certificates",
            FileTable::VerificationDocuments => "verification_documents",
        }
    }
}

/// A stored file as it is downloaded: its safe name, the type read from its content at upload,
/// and its bytes.
pub struct StoredFile {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// File `id` of `table`: of the caller's account only (another account's is not found), or of
/// any account for a platform reviewer.
pub async fn stored(db: &Db, who: &Principal, table: FileTable, id: i64) -> Result<StoredFile> {
    let row = sqlx::query(&format!(
        "SELECT file_name, content_type, content FROM {} \
         WHERE id = $1 AND (account_id = $2 OR $3 = 1)",
        table.name()
    ))
    .bind(id)
    .bind(who.account_id)
    .bind(i64::from(who.reviewer))
    .fetch_optional(db.reader())
    .await?
    .ok_or(ApiError::NotFound)?;
    Ok(StoredFile {
        file_name: row.try_get("file_name")?,
        content_type: row.try_get("content_type")?,
        content: row.try_get("content")?,
    })
}
