use domain::ApiError;

/// A service failure: either a refusal the caller may see, or a fault whose detail stays in the
/// server's log.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Refused(#[from] ApiError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Fault(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl From<Error> for ApiError {
    /// Turns a failure into what the browser may see: refusals as they are, everything else as
    /// an opaque `Internal` after logging the detail.
    fn from(error: Error) -> ApiError {
        match error {
            Error::Refused(refusal) => refusal,
            Error::Database(e) => {
                tracing::error!(error = %e, "database error");
                ApiError::Internal
            }
            Error::Fault(detail) => {
                tracing::error!(%detail, "internal error");
                ApiError::Internal
            }
        }
    }
}

/// Whether a database error is a unique-constraint violation (on either database).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}
