use crate::error::{ApiError, Field, Invalid};

/// A new password that meets the policy (OWASP ASVS 5.0 6.2.1, 6.2.2, 6.2.4): at least 8
/// characters (15 recommended), up to 128 (more than the 64 required), any characters, and not
/// among the 3,000 most common passwords (checked on the server only, where the list is compiled
/// in; the browser checks length for early feedback).
///
/// It has no `Serialize` and no `Debug` showing the text, so it cannot leak into logs or answers.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub const MIN: usize = 8;
    pub const RECOMMENDED: usize = 15;
    pub const MAX: usize = 128;

    pub fn parse(input: &str) -> Result<Password, ApiError> {
        let invalid = |reason| ApiError::invalid(Field::Password, reason);
        let len = input.chars().count();
        if len == 0 {
            return Err(invalid(Invalid::Required));
        }
        if len < Self::MIN {
            return Err(invalid(Invalid::TooShort {
                min: Self::MIN as u32,
            }));
        }
        if len > Self::MAX {
            return Err(invalid(Invalid::TooLong {
                max: Self::MAX as u32,
            }));
        }
        if is_common(input) {
            return Err(invalid(Invalid::PasswordTooCommon));
        }
        Ok(Password(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(feature = "common-passwords")]
fn is_common(input: &str) -> bool {
    static LIST: &str = include_str!("../data/common-passwords.txt");
    let lowered = input.to_lowercase();
    LIST.lines().any(|common| common == lowered)
}

#[cfg(not(feature = "common-passwords"))]
fn is_common(_input: &str) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_limits_are_enforced() {
        let err = |r| Err(ApiError::invalid(Field::Password, r));
        assert_eq!(Password::parse("").map(|_| ()), err(Invalid::Required));
        assert_eq!(
            Password::parse("short7!").map(|_| ()),
            err(Invalid::TooShort { min: 8 })
        );
        assert_eq!(
            Password::parse(&"x".repeat(129)).map(|_| ()),
            err(Invalid::TooLong { max: 128 })
        );
        assert!(Password::parse("correct horse battery staple").is_ok());
        assert!(Password::parse(&"é".repeat(64)).is_ok());
    }

    #[test]
    fn the_password_never_shows_in_debug_output() {
        let p = Password::parse("a-very-secret-one").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }

    #[cfg(feature = "common-passwords")]
    #[test]
    fn common_passwords_are_refused_in_any_case() {
        for common in ["password", "PASSWORD1", "12345678", "qwertyuiop"] {
            assert_eq!(
                Password::parse(common).map(|_| ()),
                Err(ApiError::invalid(
                    Field::Password,
                    Invalid::PasswordTooCommon
                )),
                "{common}"
            );
        }
    }
}
