//! The notification bell: the unread count, and a panel listing notifications that marks them
//! read when it opens.

use domain::model::Notification;
use domain::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::icons::BellIcon;
use crate::components::popover::{style, Popover};
use crate::components::{format_time, ErrorBanner, Loading};
use crate::i18n::{
    notification_body, notification_page, notification_title, text, tr, use_i18n, Msg,
};
use crate::pages::overview::api::{list_notifications, mark_notifications_read};
use crate::session::use_session;

#[component]
pub fn NotificationBell() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let items = RwSignal::new(None::<Result<Vec<Notification>, ApiError>>);
    let unread = move || {
        session
            .me
            .with(|me| me.as_ref().map_or(0, |me| me.unread_notifications))
    };
    let load_and_mark_read = Callback::new(move |()| {
        items.set(None);
        spawn_local(async move {
            let listed = list_notifications().await.map_err(|e| e.0);
            let any_unread = matches!(&listed, Ok(list) if list.iter().any(|n| !n.read));
            items.set(Some(listed));
            if any_unread && mark_notifications_read().await.is_ok() {
                session.me.update(|me| {
                    if let Some(me) = me {
                        me.unread_notifications = 0;
                    }
                });
            }
        });
    });
    let label = Signal::derive(move || {
        let count = unread();
        let name = i18n.t(Msg::Notifications);
        if count > 0 {
            format!("{name} ({count} {})", i18n.t(Msg::Unread))
        } else {
            name.to_string()
        }
    });

    view! {
        <Popover
            id="notification-panel"
            label=label
            button_class="icon-button"
            title=text(Msg::Notifications)
            on_open=load_and_mark_read
            button=move || view! {
                <BellIcon/>
                <Show when=move || { unread() > 0 }>
                    <span class=style::badge aria-hidden="true">{unread}</span>
                </Show>
            }
        >
            {move || match items.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{tr(Msg::NoNotifications)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class=style::list>
                        {list.into_iter().map(|n| view! { <NotificationItem notification=n/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            // My preferences (issue 7, preferences part): where notifications reach the user.
            <p><a href="/settings/preferences">{tr(Msg::MyPreferences)}</a></p>
        </Popover>
    }
}

#[component]
fn NotificationItem(notification: Notification) -> impl IntoView {
    let i18n = use_i18n();
    let Notification {
        kind,
        created_at,
        read,
        ..
    } = notification;
    view! {
        <li class=style::item>
            <p class=style::item_title>
                <a href=notification_page(kind)>{move || notification_title(kind, i18n.locale.get())}</a>
                {(!read).then(|| view! { <span class="tag">{tr(Msg::New)}</span> })}
            </p>
            <p>{move || notification_body(kind, i18n.locale.get())}</p>
            <p class=style::meta>{move || format_time(created_at, i18n.locale.get())}</p>
        </li>
    }
}
