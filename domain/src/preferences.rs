//! A user's own preferences ("My preferences"), which only they read and change: where their
//! notifications go (the notification email, confirmed before use, and the language of their
//! emails), their job title, the channel each category of notification takes, and the
//! alternate address that overdue invoices and late payments are sent to.

use serde::{Deserialize, Serialize};

use crate::email::{parse_alternate_email, EmailAddress};
use crate::error::{ApiError, Field, Invalid};
use crate::locale::Locale;
use crate::model::{NotificationCategory, Versioned};

/// How a category of notification reaches the user. "Neither" is not offered: every category
/// is about the company's account and something the user's roles answer for (a merge
/// invitation, a payout change, a reviewer's question), and one that reached nobody would be
/// missed without anyone knowing. Muting a category entirely is therefore impossible by type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Channel {
    /// An email and a notification in the bell (the default).
    #[default]
    Both,
    /// Only an email.
    Email,
    /// Only the bell.
    Bell,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Both, Channel::Email, Channel::Bell];

    /// Stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Both => "both",
            Channel::Email => "email",
            Channel::Bell => "bell",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Whether an email is sent.
    pub fn email(self) -> bool {
        matches!(self, Channel::Both | Channel::Email)
    }

    /// Whether the notification is shown in the bell.
    pub fn bell(self) -> bool {
        matches!(self, Channel::Both | Channel::Bell)
    }
}

/// The longest job title kept.
pub const JOB_TITLE_MAX: usize = 100;

/// "Contact details for notifications" as typed. `notification_email` is the address in use
/// when read (the sign-in email until another one is confirmed); a different one saved is
/// mailed a confirmation link and used only once confirmed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetailsForm {
    pub notification_email: String,
    /// Optional.
    pub job_title: String,
    /// `en` or `fr`: the language of the emails the user receives.
    pub email_language: String,
}

pub type ContactDetails = Versioned<ContactDetailsForm>;

/// An optional job title: trimmed, at most [`JOB_TITLE_MAX`] characters, no control characters
/// nor `<` `>`.
pub fn parse_job_title(input: &str) -> Result<String, ApiError> {
    let title = input.trim();
    let invalid = |reason| ApiError::invalid(Field::JobTitle, reason);
    if title.chars().count() > JOB_TITLE_MAX {
        return Err(invalid(Invalid::TooLong {
            max: JOB_TITLE_MAX as u32,
        }));
    }
    if title
        .chars()
        .any(|c| c.is_control() || matches!(c, '<' | '>'))
    {
        return Err(invalid(Invalid::ForbiddenCharacters));
    }
    Ok(title.to_owned())
}

/// The language of a user's emails, from its tag (`en`, `fr`).
pub fn parse_email_language(input: &str) -> Result<Locale, ApiError> {
    let tag = input.trim();
    Locale::from_tag(tag)
        .filter(|l| l.tag() == tag.to_ascii_lowercase())
        .ok_or(ApiError::invalid(
            Field::EmailLanguage,
            Invalid::UnknownChoice,
        ))
}

impl ContactDetailsForm {
    /// The normalised form, or every problem (in field order).
    pub fn check(&self) -> Result<ContactDetailsForm, Vec<ApiError>> {
        let email = EmailAddress::parse(&self.notification_email, Field::NotificationEmail);
        let title = parse_job_title(&self.job_title);
        let language = parse_email_language(&self.email_language);
        match (email, title, language) {
            (Ok(email), Ok(job_title), Ok(language)) => Ok(ContactDetailsForm {
                notification_email: email.as_str().to_owned(),
                job_title,
                email_language: language.tag().to_owned(),
            }),
            (email, title, language) => Err([email.err(), title.err(), language.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }

    /// The normalised form, or the first problem (what the server answers).
    pub fn parse(&self) -> Result<ContactDetailsForm, ApiError> {
        self.check()
            .map_err(|e| e.into_iter().next().unwrap_or(ApiError::Malformed))
    }

    pub fn problems(&self) -> Vec<ApiError> {
        self.check().err().unwrap_or_default()
    }
}

/// One category's channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryChannel {
    pub category: NotificationCategory,
    pub channel: Channel,
}

/// "Notification categories": one channel per category, in [`NotificationCategory::ALL`] order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelsForm {
    pub channels: Vec<CategoryChannel>,
}

pub type Channels = Versioned<ChannelsForm>;

impl Default for ChannelsForm {
    /// Every category by email and in the bell.
    fn default() -> Self {
        ChannelsForm {
            channels: NotificationCategory::ALL
                .into_iter()
                .map(|category| CategoryChannel {
                    category,
                    channel: Channel::Both,
                })
                .collect(),
        }
    }
}

impl ChannelsForm {
    /// The channel of `category` ([`Channel::Both`] if the form does not name it).
    pub fn channel(&self, category: NotificationCategory) -> Channel {
        self.channels
            .iter()
            .find(|c| c.category == category)
            .map_or(Channel::Both, |c| c.channel)
    }

    /// The form with exactly one channel per category, in catalogue order. A category named
    /// twice, or one missing, is refused: the form always sends all of them.
    pub fn parse(&self) -> Result<ChannelsForm, ApiError> {
        let complete = self.channels.len() == NotificationCategory::ALL.len()
            && NotificationCategory::ALL
                .iter()
                .all(|c| self.channels.iter().filter(|x| x.category == *c).count() == 1);
        if !complete {
            return Err(ApiError::invalid(
                Field::NotificationChannels,
                Invalid::UnknownChoice,
            ));
        }
        Ok(ChannelsForm {
            channels: NotificationCategory::ALL
                .into_iter()
                .map(|category| CategoryChannel {
                    category,
                    channel: self.channel(category),
                })
                .collect(),
        })
    }

    pub fn problems(&self) -> Vec<ApiError> {
        self.parse().err().into_iter().collect()
    }
}

/// "Alternate email for overdue invoices and late payments" as typed; empty means none (the
/// notices then go to the sign-in email).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlternateEmailForm {
    pub alternate_email: String,
}

pub type AlternateEmail = Versioned<AlternateEmailForm>;

impl AlternateEmailForm {
    /// The normalised form: empty, or an address at the organisation's own domain (see
    /// [`parse_alternate_email`]: neither `onmicrosoft.com` nor free mail).
    pub fn parse(&self) -> Result<AlternateEmailForm, ApiError> {
        if self.alternate_email.trim().is_empty() {
            return Ok(AlternateEmailForm::default());
        }
        Ok(AlternateEmailForm {
            alternate_email: parse_alternate_email(&self.alternate_email)?
                .as_str()
                .to_owned(),
        })
    }

    pub fn problems(&self) -> Vec<ApiError> {
        self.parse().err().into_iter().collect()
    }

    /// The address, if one is set.
    pub fn address(&self) -> Option<&str> {
        Some(self.alternate_email.as_str()).filter(|a| !a.is_empty())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn contact(email: &str, title: &str, language: &str) -> ContactDetailsForm {
        ContactDetailsForm {
            notification_email: email.into(),
            job_title: title.into(),
            email_language: language.into(),
        }
    }

    #[test]
    fn channels_say_which_ways_they_reach_the_user_and_never_none() {
        assert!(Channel::Both.email() && Channel::Both.bell());
        assert!(Channel::Email.email() && !Channel::Email.bell());
        assert!(!Channel::Bell.email() && Channel::Bell.bell());
        for c in Channel::ALL {
            assert!(c.email() || c.bell(), "{c:?}");
            assert_eq!(Channel::from_code(c.code()), Some(c));
        }
        assert_eq!(Channel::from_code("none"), None);
        assert_eq!(Channel::default(), Channel::Both);
    }

    #[test]
    fn contact_details_are_normalised() {
        let form = contact(" Ops@Contoso.Example ", "  Finance lead ", "fr")
            .parse()
            .unwrap();
        assert_eq!(form, contact("ops@contoso.example", "Finance lead", "fr"));
        // A job title is optional; a free-mail notification address is the user's choice.
        assert!(contact("me@gmail.com", "", "en").parse().is_ok());
    }

    #[test]
    fn every_contact_details_problem_lands_on_its_field() {
        let form = contact("nope", &"x".repeat(JOB_TITLE_MAX + 1), "de");
        assert_eq!(
            form.problems(),
            vec![
                ApiError::invalid(Field::NotificationEmail, Invalid::EmailFormat),
                ApiError::invalid(
                    Field::JobTitle,
                    Invalid::TooLong {
                        max: JOB_TITLE_MAX as u32
                    }
                ),
                ApiError::invalid(Field::EmailLanguage, Invalid::UnknownChoice),
            ]
        );
        assert_eq!(
            contact("", "", "en").parse(),
            Err(ApiError::invalid(
                Field::NotificationEmail,
                Invalid::Required
            ))
        );
        assert_eq!(
            parse_job_title("CFO <script>"),
            Err(ApiError::invalid(
                Field::JobTitle,
                Invalid::ForbiddenCharacters
            ))
        );
        assert!(parse_email_language("fr-CA").is_err());
        assert!(parse_email_language("").is_err());
    }

    #[test]
    fn the_default_channels_are_both_for_every_category() {
        let form = ChannelsForm::default();
        assert_eq!(form.parse(), Ok(form.clone()));
        for c in NotificationCategory::ALL {
            assert_eq!(form.channel(c), Channel::Both);
        }
    }

    #[test]
    fn channels_must_name_every_category_once_and_come_back_in_catalogue_order() {
        let mut reversed = ChannelsForm::default();
        reversed.channels.reverse();
        reversed.channels[0].channel = Channel::Email;
        let parsed = reversed.parse().unwrap();
        assert_eq!(parsed.channels[0].category, NotificationCategory::ALL[0]);
        assert_eq!(
            parsed.channel(*NotificationCategory::ALL.last().unwrap()),
            Channel::Email
        );

        let refused = Err(ApiError::invalid(
            Field::NotificationChannels,
            Invalid::UnknownChoice,
        ));
        let mut missing = ChannelsForm::default();
        missing.channels.pop();
        assert_eq!(missing.parse(), refused);
        let mut doubled = ChannelsForm::default();
        doubled.channels[1].category = doubled.channels[0].category;
        assert_eq!(doubled.parse(), refused);
    }

    #[test]
    fn an_alternate_email_is_optional_but_never_onmicrosoft_nor_free_mail() {
        let empty = AlternateEmailForm {
            alternate_email: "  ".into(),
        };
        assert_eq!(empty.parse(), Ok(AlternateEmailForm::default()));
        assert_eq!(empty.parse().unwrap().address(), None);
        let ok = AlternateEmailForm {
            alternate_email: "Billing@Contoso.Example".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.address(), Some("billing@contoso.example"));
        for (input, reason) in [
            ("ap@contoso.onmicrosoft.com", Invalid::OnMicrosoftDomain),
            ("ap@EU.Contoso.OnMicrosoft.com", Invalid::OnMicrosoftDomain),
            (
                "ap@gmail.com",
                Invalid::FreeMailProvider {
                    domain: "gmail.com".into(),
                },
            ),
            ("not an address", Invalid::EmailFormat),
        ] {
            let form = AlternateEmailForm {
                alternate_email: input.into(),
            };
            assert_eq!(
                form.problems(),
                vec![ApiError::invalid(Field::AlternateEmail, reason)],
                "{input}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn no_preference_parser_panics(a in "\\PC{0,120}", b in ".{0,40}") {
            let _ = contact(&a, &b, &a).check();
            let _ = parse_job_title(&a);
            let _ = parse_email_language(&b);
            let _ = AlternateEmailForm { alternate_email: a.clone() }.parse();
        }
    }
}
