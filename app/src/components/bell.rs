//! The notification bell: the unread count, and a panel listing notifications that marks them
//! read when it opens.

use domain::model::Notification;
use domain::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::icons::BellIcon;
use crate::components::{format_time, ErrorBanner, Loading};
use crate::i18n::{notification_body, notification_title, use_i18n, Msg};
use crate::pages::overview::api::{list_notifications, mark_notifications_read};
use crate::session::use_session;

stylance::import_crate_style!(pub popover, "src/components/popover.module.css");

#[component]
pub fn NotificationBell() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let items = RwSignal::new(None::<Result<Vec<Notification>, ApiError>>);
    let button = NodeRef::<leptos::html::Button>::new();
    let unread = move || {
        session
            .me
            .with(|me| me.as_ref().map_or(0, |me| me.unread_notifications))
    };

    let load_and_mark_read = move || {
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
    };
    let close = move || {
        open.set(false);
        if let Some(button) = button.get() {
            let _ = button.focus();
        }
    };
    let label = move || {
        let count = unread();
        let name = i18n.t(Msg::Notifications);
        if count > 0 {
            format!("{name} ({count} {})", i18n.t(Msg::Unread))
        } else {
            name.to_string()
        }
    };

    view! {
        <div
            class=popover::anchor
            on:keydown=move |ev| if ev.key() == "Escape" && open.get_untracked() { close() }
        >
            <button
                type="button"
                class="icon-button"
                node_ref=button
                aria-label=label
                aria-expanded=move || open.get().to_string()
                aria-controls="notification-panel"
                on:click=move |_| {
                    if open.get_untracked() {
                        open.set(false);
                    } else {
                        open.set(true);
                        load_and_mark_read();
                    }
                }
            >
                <BellIcon/>
                <Show when=move || { unread() > 0 }>
                    <span class=popover::badge aria-hidden="true">{unread}</span>
                </Show>
            </button>
            <Show when=move || open.get()>
                <section id="notification-panel" class=popover::panel aria-labelledby="notification-panel-title">
                    <div class=popover::panel_head>
                        <h2 id="notification-panel-title">{move || i18n.t(Msg::Notifications)}</h2>
                        <button type="button" class="link-button" on:click=move |_| close()>{move || i18n.t(Msg::Close)}</button>
                    </div>
                    {move || match items.get() {
                        None => view! { <Loading/> }.into_any(),
                        Some(Err(e)) => view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Some(Ok(list)) if list.is_empty() => view! { <p>{move || i18n.t(Msg::NoNotifications)}</p> }.into_any(),
                        Some(Ok(list)) => view! {
                            <ul class=popover::list>
                                {list.into_iter().map(|n| view! { <NotificationItem notification=n/> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }}
                </section>
            </Show>
        </div>
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
        <li class=popover::item>
            <p class=popover::item_title>
                {move || notification_title(kind, i18n.locale.get())}
                {(!read).then(|| view! { <span class="tag">{move || i18n.t(Msg::New)}</span> })}
            </p>
            <p>{move || notification_body(kind, i18n.locale.get())}</p>
            <p class=popover::meta>{move || format_time(created_at, i18n.locale.get())}</p>
        </li>
    }
}
