//! Who is signed in, as the client knows it. The server decides; this only drives the display.

use domain::model::Me;
use domain::{Access, Area};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::workspace::{get_me, set_language};
use crate::i18n::{use_i18n, I18n};

#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in user, once known.
    pub me: RwSignal<Option<Me>>,
    /// Whether the first "who am I" answer has arrived.
    pub checked: RwSignal<bool>,
    /// Whether the user signed out themselves (then sign-in does not offer to come back).
    pub signed_out: RwSignal<bool>,
    i18n: I18n,
}

impl Session {
    /// Asks the server who is signed in (a session cookie may already exist).
    pub fn refresh(self) {
        spawn_local(async move {
            let me = get_me().await.ok();
            self.me.set(me);
            self.checked.set(true);
        });
    }

    /// Records a successful sign-in or sign-up.
    pub fn signed_in(self, me: Me) {
        self.signed_out.set(false);
        self.me.set(Some(me));
    }

    /// Forgets the user after they signed out; the workspace then sends them to sign-in.
    pub fn forget(self) {
        self.signed_out.set(true);
        self.me.set(None);
    }

    /// Changes the interface language, and keeps the choice with the signed-in user.
    pub fn choose_language(self, language: domain::Locale) {
        self.i18n.set(language);
        if self.me.with_untracked(Option::is_some) {
            self.me
                .update(|me| me.iter_mut().for_each(|me| me.language = Some(language)));
            spawn_local(async move {
                let _ = set_language(language).await;
            });
        }
    }

    /// Whether the signed-in user's roles reach `area` at `level` (for display only).
    pub fn allows(self, area: Area, level: Access) -> bool {
        self.me.with(|me| {
            me.as_ref()
                .is_some_and(|me| domain::catalogue::allows(&me.roles, area, level))
        })
    }
}

pub fn provide_session() -> Session {
    let session = Session {
        me: RwSignal::new(None),
        checked: RwSignal::new(false),
        signed_out: RwSignal::new(false),
        i18n: use_i18n(),
    };
    session.refresh();
    // Signed in, the workspace speaks the language the user chose on any device; a user who
    // never chose keeps this browser's, which becomes their choice.
    let i18n = session.i18n;
    Effect::new(move |_| {
        let chosen = session.me.with(|me| me.as_ref().map(|me| me.language));
        match chosen {
            Some(Some(language)) if language != i18n.locale.get_untracked() => i18n.set(language),
            Some(None) => session.choose_language(i18n.locale.get_untracked()),
            _ => {}
        }
    });
    provide_context(session);
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
