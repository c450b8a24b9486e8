//! Where the platform pays a partner, and what its invoices carry.
//!
//! **Payout account**: every bank account a partner enters is kept, newest last. Its numbers
//! (IBAN and BIC, or routing and account number) are sealed with AES-256-GCM under the
//! server's [`PayoutKey`] (a random nonce per record, the partner account's id as associated
//! data, so a sealed record cannot be moved to another account); only the last four characters
//! are kept in clear, and only they ever leave the server. Entering an account needs the user's
//! password again (throttled like sign-in) and tells every Global admin and Billing admin (bell
//! and email). A new account is pending until a platform reviewer approves it or asks for
//! action; payouts keep going to the approved one meanwhile.
//!
//! **Billing information**: one versioned record per account (the shared `records` mechanism).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use domain::audit::{differences, AuditAction, Said, Told};
use domain::error::ConflictKind;
use domain::model::{NotificationKind, Versioned};
use domain::payout::{
    audit_line, decide, BankScheme, BillingForm, Last4, PayoutAccountSummary, PayoutDecision,
    PayoutReviewItem, PayoutStatus, PayoutView, ValidPayoutAccount,
};
use domain::{ApiError, Area, Role};
use rand::RngCore;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::auth::{self, Principal};
use crate::error::{Error, Result};
use crate::records::{self, Record};
use crate::store::{Change, Db, WriteTx};
use crate::{notifications, now};

/// Who hears about payout accounts.
const PAYOUT_ROLES: [Role; 2] = [Role::GlobalAdmin, Role::BillingAdmin];

/// What the sealed text starts with: the format, so a later one can be told apart.
const SEALED_PREFIX: &str = "v1:";
const NONCE_LEN: usize = 12;

/// The AES-256-GCM key bank details are sealed with. Never printed.
#[derive(Clone)]
pub struct PayoutKey(Arc<Aes256Gcm>);

impl std::fmt::Debug for PayoutKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PayoutKey(..)")
    }
}

impl PayoutKey {
    /// A key from its base64 text (standard alphabet, padded or not): exactly 32 bytes.
    pub fn from_base64(text: &str) -> std::result::Result<PayoutKey, String> {
        let text = text.trim();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
            .map_err(|_| "PAYOUT_KEY is not base64".to_owned())?;
        if bytes.len() != 32 {
            return Err(format!(
                "PAYOUT_KEY must be 32 bytes (base64 of them), got {}",
                bytes.len()
            ));
        }
        let cipher = Aes256Gcm::new_from_slice(&bytes).map_err(|e| e.to_string())?;
        Ok(PayoutKey(Arc::new(cipher)))
    }

    /// A new random key and its base64 text.
    pub fn generate() -> (PayoutKey, String) {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let text = base64::engine::general_purpose::STANDARD.encode(bytes);
        let key = PayoutKey::from_base64(&text).expect("32 random bytes make a key");
        (key, text)
    }

    /// The key kept in `path`, made (readable by the owner only) if the file does not exist:
    /// the demo's way to keep one key across restarts without configuration. Two servers
    /// starting at once agree on one key (the file appears whole or not at all).
    pub fn load_or_create(path: &Path) -> std::result::Result<PayoutKey, String> {
        let show = path.display();
        if !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {show}: {e}"))?;
            }
            let (_, text) = PayoutKey::generate();
            let draft = path.with_extension(format!("new-{}", std::process::id()));
            write_private(&draft, &text).map_err(|e| format!("cannot write {show}: {e}"))?;
            // A hard link fails if the file appeared meanwhile: then the other key wins.
            let linked = std::fs::hard_link(&draft, path);
            let _ = std::fs::remove_file(&draft);
            if let Err(e) = linked {
                if !path.exists() {
                    return Err(format!("cannot write {show}: {e}"));
                }
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {show}: {e}"))?;
        PayoutKey::from_base64(&text).map_err(|e| format!("{show}: {e}"))
    }

    /// Seals `plain` for `account_id`: `v1:` and base64 of a random nonce then the ciphertext.
    fn seal(&self, account_id: i64, plain: &[u8]) -> Result<String> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = associated_data(account_id);
        let sealed = self
            .0
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| Error::Fault("payout details could not be sealed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!(
            "{SEALED_PREFIX}{}",
            base64::engine::general_purpose::STANDARD.encode(out)
        ))
    }

    /// Opens what [`PayoutKey::seal`] sealed for `account_id`; fails for another key, another
    /// account or any change to the text. Nothing in the product opens them yet (no payout run),
    /// so only tests build it.
    #[cfg(any(test, feature = "testing"))]
    fn open(&self, account_id: i64, sealed: &str) -> Result<Vec<u8>> {
        let unreadable = || Error::Fault("sealed payout details unreadable".into());
        let bytes = sealed
            .strip_prefix(SEALED_PREFIX)
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .filter(|b| b.len() > NONCE_LEN)
            .ok_or_else(unreadable)?;
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let aad = associated_data(account_id);
        self.0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| unreadable())
    }
}

fn associated_data(account_id: i64) -> String {
    format!("partner-settings/payout-account/{account_id}")
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// Where the demo keeps its generated key: `payout.key` in the SQLite file's folder, or in
/// `data/` for PostgreSQL.
pub fn demo_key_path(database_url: &str) -> PathBuf {
    let file = database_url
        .strip_prefix("sqlite:")
        .map(|rest| rest.trim_start_matches("//"))
        .map(|rest| rest.split('?').next().unwrap_or_default())
        .filter(|path| !path.is_empty() && *path != ":memory:");
    match file.and_then(|f| Path::new(f).parent()) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("payout.key"),
        Some(_) => PathBuf::from("payout.key"),
        None => PathBuf::from("data/payout.key"),
    }
}

const COLUMNS: &str = "id, holder, bank_country, scheme, bic, last4, currency, status, reason, \
                       submitted_at, submitted_by, decided_at";

fn summary(row: &AnyRow) -> Result<PayoutAccountSummary> {
    let scheme: String = row.try_get("scheme")?;
    let status: String = row.try_get("status")?;
    let last4: String = row.try_get("last4")?;
    Ok(PayoutAccountSummary {
        id: row.try_get("id")?,
        holder: row.try_get("holder")?,
        bank_country: row.try_get("bank_country")?,
        scheme: BankScheme::from_code(&scheme)
            .ok_or_else(|| Error::Fault(format!("unknown bank scheme {scheme:?}")))?,
        bic: row.try_get("bic")?,
        last4: Last4::of(&last4),
        currency: row.try_get("currency")?,
        status: PayoutStatus::from_code(&status)
            .ok_or_else(|| Error::Fault(format!("unknown payout status {status:?}")))?,
        reason: row.try_get("reason")?,
        submitted_at: row.try_get("submitted_at")?,
        submitted_by: row.try_get("submitted_by")?,
        decided_at: row.try_get("decided_at")?,
    })
}

/// The account's payout section: the approved account, the newest open one, the version.
pub async fn view(db: &Db, key: Option<&PayoutKey>, account_id: i64) -> Result<PayoutView> {
    let mut conn = db.reader().acquire().await?;
    let mut view = load(&mut conn, account_id).await?;
    view.configured = key.is_some();
    Ok(view)
}

async fn load(conn: &mut sqlx::AnyConnection, account_id: i64) -> Result<PayoutView> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM payout_accounts WHERE account_id = $1 \
         AND status IN ('approved', 'pending', 'action-required') ORDER BY id"
    ))
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut current = None;
    let mut pending = None;
    for row in &rows {
        let s = summary(row)?;
        if s.status == PayoutStatus::Approved {
            current = Some(s);
        } else {
            pending = Some(s);
        }
    }
    Ok(PayoutView {
        current,
        pending,
        version: version(conn, account_id).await?,
        configured: false,
    })
}

/// Every account entered counts: the version moves with each change of payout account.
async fn version(conn: &mut sqlx::AnyConnection, account_id: i64) -> Result<i64> {
    Ok(
        sqlx::query("SELECT COUNT(*) AS n FROM payout_accounts WHERE account_id = $1")
            .bind(account_id)
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?,
    )
}

/// Enters a new payout account for the caller's account, opened at `version`, after checking
/// the caller's password. It is pending until a reviewer decides (an earlier open one is
/// withdrawn); the Global and Billing admins are told. Refused when no key is configured.
pub async fn change(
    db: &Db,
    key: Option<&PayoutKey>,
    who: &Principal,
    valid: ValidPayoutAccount,
    password: &str,
    version_opened: i64,
) -> Result<PayoutView> {
    let Some(key) = key else {
        return Err(ApiError::Unavailable.into());
    };
    auth::reauthenticate(db, who, password, Area::PayoutTax, "payout account").await?;
    let sealed = key.seal(
        who.account_id,
        &serde_json::to_vec(&valid.bank).map_err(|e| Error::Fault(e.to_string()))?,
    )?;
    let at = now();
    let mut tx = db.write().await?;
    tx.lock_account(who.account_id).await?;
    let current = version(&mut tx, who.account_id).await?;
    if current != version_opened {
        tx.rollback().await?;
        let mut conn = db.reader().acquire().await?;
        let latest = load(&mut conn, who.account_id).await?;
        let (by, at) = latest
            .pending
            .as_ref()
            .or(latest.current.as_ref())
            .map(|s| (s.submitted_by.clone(), s.submitted_at))
            .unwrap_or_default();
        return Err(crate::store::stale(
            &by,
            at,
            &PayoutView {
                configured: true,
                ..latest
            },
        ));
    }
    let before = open_line(&mut tx, who.account_id).await?;
    sqlx::query(
        "UPDATE payout_accounts SET status = 'withdrawn' WHERE account_id = $1 \
         AND status IN ('pending', 'action-required')",
    )
    .bind(who.account_id)
    .execute(&mut *tx)
    .await?;
    let last4 = valid.bank.last4();
    sqlx::query(
        "INSERT INTO payout_accounts (account_id, status, holder, bank_country, scheme, bic, \
         last4, currency, sealed, submitted_at, submitted_by) \
         VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(who.account_id)
    .bind(&valid.holder)
    .bind(valid.bank_country.as_str())
    .bind(valid.bank.scheme().code())
    .bind(valid.bank.bic())
    .bind(last4.as_str())
    .bind(valid.currency.as_str())
    .bind(&sealed)
    .bind(at)
    .bind(&who.email)
    .execute(&mut *tx)
    .await?;
    let after = audit_line(&valid.holder, &valid.bank, valid.currency.as_str());
    tx.audit(
        Change::by(
            who,
            Area::PayoutTax,
            AuditAction::PayoutAccountSubmitted,
            "payout account",
        )
        .values(Told::text(&before), Told::text(&after)),
    )
    .await?;
    let company = crate::accounts::legal_name(&mut *tx, who.account_id).await?;
    let body = format!(
        "{by} entered a new payout account for {company}: {after}.\n\
         It is pending validation by the platform; payouts keep going to the approved account until then.\n\
         If you did not expect this, open Partner Settings > Payout and billing at once and tell your Global admin.\n\n\
         {by} a saisi un nouveau compte de paiement pour {company} : {after}.\n\
         Il attend la validation de la plateforme ; les paiements continuent d'aller au compte approuvé d'ici là.\n\
         Si vous ne vous y attendiez pas, ouvrez tout de suite Paramètres partenaire > Paiement et facturation et prévenez votre administrateur général.\n",
        by = who.email,
    );
    notifications::tell_roles(
        &mut tx,
        who.account_id,
        &PAYOUT_ROLES,
        NotificationKind::PayoutAccountChanged,
        "Partner Settings: new payout account / nouveau compte de paiement",
        &body,
        at,
    )
    .await?;
    tx.commit().await?;
    view(db, Some(key), who.account_id).await
}

/// The open account's audit line, or the approved one's, or nothing.
async fn open_line(tx: &mut WriteTx, account_id: i64) -> Result<String> {
    let row = sqlx::query(
        "SELECT holder, scheme, bic, last4, currency FROM payout_accounts WHERE account_id = $1 \
         AND status IN ('approved', 'pending', 'action-required') ORDER BY id DESC LIMIT 1",
    )
    .bind(account_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(String::new());
    };
    let bic: Option<String> = row.try_get("bic")?;
    Ok(format!(
        "{} · {} {}{} · {}",
        row.try_get::<String, _>("holder")?,
        row.try_get::<String, _>("scheme")?,
        Last4::of(&row.try_get::<String, _>("last4")?),
        bic.map(|b| format!(" · {b}")).unwrap_or_default(),
        row.try_get::<String, _>("currency")?,
    ))
}

/// The bank details of the approved payout account, opened. Only tests call it (what was sealed
/// opens again with the key); a payout run would, and never for a response.
#[cfg(feature = "testing")]
pub async fn approved_bank_details(
    db: &Db,
    key: &PayoutKey,
    account_id: i64,
) -> Result<Option<domain::payout::BankDetails>> {
    let row = sqlx::query(
        "SELECT sealed FROM payout_accounts WHERE account_id = $1 AND status = 'approved'",
    )
    .bind(account_id)
    .fetch_optional(db.reader())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let plain = key.open(account_id, &row.try_get::<String, _>("sealed")?)?;
    serde_json::from_slice(&plain)
        .map(Some)
        .map_err(|e| Error::Fault(format!("opened payout details unreadable: {e}")))
}

/// Payout accounts waiting for a platform reviewer, oldest first.
pub async fn review_queue(db: &Db, who: &Principal) -> Result<Vec<PayoutReviewItem>> {
    if !who.reviewer {
        return Err(ApiError::Forbidden.into());
    }
    let rows = sqlx::query(
        "SELECT p.id, p.holder, p.bank_country, p.scheme, p.bic, p.last4, p.currency, p.status, \
         p.reason, p.submitted_at, p.submitted_by, p.decided_at, a.id AS account_id, \
         a.legal_name, a.partner_id, a.country FROM payout_accounts p \
         JOIN accounts a ON a.id = p.account_id \
         WHERE p.status = 'pending' ORDER BY p.submitted_at, p.id",
    )
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PayoutReviewItem {
                account_id: row.try_get("account_id")?,
                legal_name: row.try_get("legal_name")?,
                partner_id: row.try_get("partner_id")?,
                country: row.try_get("country")?,
                payout: summary(row)?,
            })
        })
        .collect()
}

/// A platform reviewer approves a pending payout account (payouts go there from now on; the
/// previously approved one is retired) or asks the partner to act, with a reason. The
/// company's Global and Billing admins are told.
pub async fn review(
    db: &Db,
    who: &Principal,
    payout_id: i64,
    decision: &PayoutDecision,
) -> Result<PayoutAccountSummary> {
    if !who.reviewer {
        return Err(ApiError::Forbidden.into());
    }
    let found = sqlx::query("SELECT account_id, status FROM payout_accounts WHERE id = $1")
        .bind(payout_id)
        .fetch_optional(db.reader())
        .await?
        .ok_or(ApiError::NotFound)?;
    let account_id: i64 = found.try_get("account_id")?;
    let mut tx = db.write().await?;
    tx.lock_account(account_id).await?;
    let status: String = sqlx::query("SELECT status FROM payout_accounts WHERE id = $1")
        .bind(payout_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("status")?;
    let status = PayoutStatus::from_code(&status)
        .ok_or_else(|| Error::Fault(format!("unknown payout status {status:?}")))?;
    let after = decide(status, decision)?;
    let at = now();
    if after == PayoutStatus::Approved {
        sqlx::query(
            "UPDATE payout_accounts SET status = 'retired' WHERE account_id = $1 \
             AND status = 'approved'",
        )
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    }
    let reason = match decision {
        PayoutDecision::ActionRequired { reason } => Some(reason.trim().to_owned()),
        PayoutDecision::Approve => None,
    };
    let updated = sqlx::query(
        "UPDATE payout_accounts SET status = $1, reason = $2, decided_at = $3, decided_by = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(after.code())
    .bind(&reason)
    .bind(at)
    .bind(&who.email)
    .bind(payout_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(ApiError::Conflict(ConflictKind::PayoutNotPending).into());
    }
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM payout_accounts WHERE id = $1"
    ))
    .bind(payout_id)
    .fetch_one(&mut *tx)
    .await?;
    let decided = summary(&row)?;
    let line = format!(
        "{} · {} {}{} · {}",
        decided.holder,
        decided.scheme.code(),
        decided.last4,
        decided
            .bic
            .as_ref()
            .map(|b| format!(" · {b}"))
            .unwrap_or_default(),
        decided.currency
    );
    let (action, kind, after_text) = match &reason {
        None => (
            AuditAction::PayoutAccountApproved,
            NotificationKind::PayoutAccountApproved,
            line.clone(),
        ),
        Some(reason) => (
            AuditAction::PayoutAccountActionRequired,
            NotificationKind::PayoutAccountActionRequired,
            format!("{line} · {reason}"),
        ),
    };
    tx.audit(Change {
        account_id: Some(account_id),
        actor_user_id: Some(who.user_id),
        actor: &who.email,
        area: Area::PayoutTax,
        action,
        target: "payout account",
        before: Told::of(Said::Payout(status)),
        after: Told::text(&after_text),
    })
    .await?;
    let body = match &reason {
        None => format!(
            "The platform approved your payout account {line}. Payouts go to it from now on.\n\n\
             La plateforme a approuvé votre compte de paiement {line}. Les paiements y seront versés désormais.\n"
        ),
        Some(reason) => format!(
            "The platform needs you to act on your new payout account {line}: {reason}\n\
             Payouts keep going to the approved account. Open Partner Settings > Payout and billing.\n\n\
             La plateforme vous demande d'agir sur votre nouveau compte de paiement {line} : {reason}\n\
             Les paiements continuent d'aller au compte approuvé. Ouvrez Paramètres partenaire > Paiement et facturation.\n"
        ),
    };
    notifications::tell_roles(
        &mut tx,
        account_id,
        &PAYOUT_ROLES,
        kind,
        "Partner Settings: payout account review / validation du compte de paiement",
        &body,
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(decided)
}

/// Whether `account_id` has an approved payout account and has saved its billing information
/// (what programs require as "payout complete").
pub async fn payout_complete(conn: &mut sqlx::AnyConnection, account_id: i64) -> Result<bool> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM payout_accounts WHERE account_id = $1 \
                 AND status = 'approved') AS approved, \
                (SELECT COUNT(*) FROM account_records WHERE account_id = $1 \
                 AND kind = $2) AS billing",
    )
    .bind(account_id)
    .bind(BillingForm::KIND)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get::<i64, _>("approved")? > 0 && row.try_get::<i64, _>("billing")? > 0)
}

/// The account's billing information; never saved, it is empty at version 0.
pub async fn billing(db: &Db, who: &Principal) -> Result<Versioned<BillingForm>> {
    records::get(db, who).await
}

/// Saves the billing information opened at `version` (checked and tidied by the caller).
pub async fn save_billing(
    db: &Db,
    who: &Principal,
    form: &BillingForm,
    version: i64,
) -> Result<Versioned<BillingForm>> {
    records::save(db, who, form, version, differences::billing).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_details_open_with_the_same_key_and_account_only() {
        let (key, text) = PayoutKey::generate();
        let sealed = key.seal(7, b"FR7630006000011234567890189").unwrap();
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("30006000011234567890189"));
        assert_eq!(
            key.open(7, &sealed).unwrap(),
            b"FR7630006000011234567890189"
        );
        // The same key from its text (a restart) still opens it.
        let again = PayoutKey::from_base64(&text).unwrap();
        assert_eq!(
            again.open(7, &sealed).unwrap(),
            b"FR7630006000011234567890189"
        );
        // Another account, another key or a changed text: refused.
        assert!(key.open(8, &sealed).is_err());
        assert!(PayoutKey::generate().0.open(7, &sealed).is_err());
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert!(key
            .open(7, std::str::from_utf8(&tampered).unwrap())
            .is_err());
    }

    #[test]
    fn every_seal_gets_its_own_nonce() {
        let (key, _) = PayoutKey::generate();
        assert_ne!(key.seal(1, b"same").unwrap(), key.seal(1, b"same").unwrap());
    }

    #[test]
    fn a_key_must_be_base64_of_32_bytes() {
        assert!(PayoutKey::from_base64("not base64!").is_err());
        assert!(PayoutKey::from_base64("AAAA").is_err());
        let (_, text) = PayoutKey::generate();
        assert!(PayoutKey::from_base64(&format!(" {text}\n")).is_ok());
        assert_eq!(format!("{:?}", PayoutKey::generate().0), "PayoutKey(..)");
    }

    #[test]
    fn the_demo_key_is_kept_next_to_the_database_owner_only() {
        let dir = std::env::temp_dir().join(format!("ps-payout-key-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("payout.key");
        let first = PayoutKey::load_or_create(&path).unwrap();
        let sealed = first.seal(1, b"secret").unwrap();
        let second = PayoutKey::load_or_create(&path).unwrap();
        assert_eq!(second.open(1, &sealed).unwrap(), b"secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_demo_key_lives_in_the_data_folder() {
        assert_eq!(
            demo_key_path("sqlite://data/partner-settings.db"),
            PathBuf::from("data/payout.key")
        );
        assert_eq!(
            demo_key_path("sqlite:///tmp/x/db.sqlite?mode=rwc"),
            PathBuf::from("/tmp/x/payout.key")
        );
        assert_eq!(
            demo_key_path("postgres://postgres@127.0.0.1/ps"),
            PathBuf::from("data/payout.key")
        );
    }
}
