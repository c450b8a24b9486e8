//! The notification bell and its notification centre, in two tabs: **Actions** (what the
//! company must or should do, each with a "Fix now" link to the exact place; a recommended one
//! can be archived) and **Notifications** (paged, filtered by category, marked read one by one
//! or all at once; opening the panel no longer marks anything read).
//!
//! New items arrive by polling: every [`POLL_SECS`] seconds while the tab is visible (Page
//! Visibility), and at once when it becomes visible again, the bell asks for the unread and
//! action counts; the badge follows, and an open panel refreshes when they change.

use std::time::Duration;

use domain::model::{Notification, NotificationCategory};
use domain::notification_centre::{Action, NotificationPage};
use domain::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;

use crate::api::workspace::{
    archive_action, list_actions, list_notifications, mark_notification_read,
    mark_notifications_read, poll_notifications,
};
use crate::components::icons::BellIcon;
use crate::components::popover::{style as popover, Popover};
use crate::components::{format_time, ErrorBanner, Loading};
use crate::i18n::{
    action_body, action_title, notification_body, notification_category_name, notification_page,
    notification_title, text, tr, use_i18n, Msg,
};
use crate::session::{use_session, Session};

stylance::import_crate_style!(style, "src/components/bell.module.css");

/// How often the bell asks for new items while the tab is visible.
pub const POLL_SECS: u64 = 30;

/// The two tabs of the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Actions,
    Notifications,
}

impl Tab {
    const ALL: [Tab; 2] = [Tab::Actions, Tab::Notifications];

    fn id(self) -> &'static str {
        match self {
            Tab::Actions => "centre-tab-actions",
            Tab::Notifications => "centre-tab-notifications",
        }
    }
}

const TAB_PANEL: &str = "centre-tab-panel";

/// Everything the centre shows, created with the bell so that it outlives the panel.
#[derive(Clone, Copy)]
struct Centre {
    session: Session,
    open: RwSignal<bool>,
    tab: RwSignal<Tab>,
    /// The open actions (None while loading).
    actions: RwSignal<Option<Result<Vec<Action>, ApiError>>>,
    /// How many actions are open, as last polled (the Actions tab's count).
    action_count: RwSignal<u32>,
    /// The notifications loaded so far, newest first (None while the first page loads).
    items: RwSignal<Option<Result<Vec<Notification>, ApiError>>>,
    more: RwSignal<bool>,
    loading_more: RwSignal<bool>,
    category: RwSignal<Option<NotificationCategory>>,
    /// What the last change did, for screen readers (and the eye).
    said: RwSignal<Option<Msg>>,
    failure: RwSignal<Option<ApiError>>,
}

impl Centre {
    fn new(session: Session) -> Self {
        Centre {
            session,
            open: RwSignal::new(false),
            tab: RwSignal::new(Tab::Actions),
            actions: RwSignal::new(None),
            action_count: RwSignal::new(0),
            items: RwSignal::new(None),
            more: RwSignal::new(false),
            loading_more: RwSignal::new(false),
            category: RwSignal::new(None),
            said: RwSignal::new(None),
            failure: RwSignal::new(None),
        }
    }

    fn unread(self) -> u32 {
        self.session
            .me
            .with(|me| me.as_ref().map_or(0, |me| me.unread_notifications))
    }

    fn unread_untracked(self) -> u32 {
        self.session
            .me
            .with_untracked(|me| me.as_ref().map_or(0, |me| me.unread_notifications))
    }

    fn set_unread(self, count: u32) {
        if self.unread_untracked() != count {
            self.session.me.update(|me| {
                if let Some(me) = me {
                    me.unread_notifications = count;
                }
            });
        }
    }

    fn load_actions(self) {
        spawn_local(async move {
            let listed = list_actions().await.map_err(|e| e.0);
            if let Ok(list) = &listed {
                self.action_count.set(list.len() as u32);
            }
            self.actions.set(Some(listed));
        });
    }

    /// Loads the first page of the chosen category, keeping older pages already shown when
    /// they join up with it (so a refresh does not lose "Show more").
    fn load_first_page(self, keep_older: bool) {
        let category = self.category.get_untracked();
        spawn_local(async move {
            match list_notifications(category, None).await {
                Ok(page) => {
                    if self.category.get_untracked() != category {
                        return; // the filter changed meanwhile: that answer is not wanted
                    }
                    let current = self
                        .items
                        .get_untracked()
                        .and_then(Result::ok)
                        .unwrap_or_default();
                    let (items, more) = if keep_older {
                        merge_first_page(current, page, self.more.get_untracked())
                    } else {
                        (page.items, page.more)
                    };
                    self.more.set(more);
                    self.items.set(Some(Ok(items)));
                }
                Err(e) => self.items.set(Some(Err(e.0))),
            }
        });
    }

    fn refresh(self) {
        self.load_actions();
        self.load_first_page(true);
    }

    /// Asks for the counts; the badge follows, and an open panel refreshes when they changed.
    fn poll(self) {
        spawn_local(async move {
            let Ok(count) = poll_notifications().await else {
                return; // a missed poll is retried at the next one
            };
            let grew = count.unread > self.unread_untracked()
                || count.actions > self.action_count.get_untracked();
            let changed = count.unread != self.unread_untracked()
                || count.actions != self.action_count.get_untracked();
            self.set_unread(count.unread);
            self.action_count.set(count.actions);
            if changed && self.open.get_untracked() {
                self.refresh();
                if grew {
                    self.said.set(Some(Msg::NewItemsArrived));
                }
            }
        });
    }
}

/// The first page just loaded, followed by the older notifications already shown when the two
/// meet (else the first page alone: there would be a gap between them).
fn merge_first_page(
    current: Vec<Notification>,
    page: NotificationPage,
    current_more: bool,
) -> (Vec<Notification>, bool) {
    let Some(oldest) = page.items.last().map(|n| n.id) else {
        return (page.items, page.more);
    };
    let joins = !page.more || current.iter().any(|n| n.id == oldest);
    if !joins {
        return (page.items, page.more);
    }
    let older: Vec<Notification> = current.into_iter().filter(|n| n.id < oldest).collect();
    let more = if older.is_empty() {
        page.more
    } else {
        current_more
    };
    let mut items = page.items;
    items.extend(older);
    (items, more)
}

/// Moves the keyboard focus to the element `id`, once it is rendered.
fn focus_later(id: String) {
    request_animation_frame(move || {
        focus_now(&id);
    });
}

fn focus_now(id: &str) -> bool {
    use wasm_bindgen::JsCast;
    document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| el.focus().is_ok())
}

/// Brings the section named by the address's `#anchor` into view and gives it the focus, once
/// the page has rendered it (pages load their data after navigation): "Fix now" leads there.
fn reveal_anchor(hash: String) {
    let id = hash.trim_start_matches('#').to_owned();
    // Links mailed to users carry `#token=...`: that is not an anchor.
    if id.is_empty() || id.contains('=') {
        return;
    }
    fn attempt(id: String, left: u32) {
        use wasm_bindgen::JsCast;
        match document().get_element_by_id(&id) {
            Some(el) => {
                if !el.has_attribute("tabindex") {
                    let _ = el.set_attribute("tabindex", "-1");
                }
                el.scroll_into_view();
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
            None if left > 0 => {
                set_timeout(move || attempt(id, left - 1), Duration::from_millis(100))
            }
            None => {}
        }
    }
    // Up to five seconds for the page's data to arrive.
    attempt(id, 50);
}

#[component]
pub fn NotificationBell() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let centre = Centre::new(session);

    // Polling while the tab is visible, and once more as soon as it is visible again.
    centre.poll();
    let hidden = || document().hidden();
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if !hidden() {
                centre.poll();
            }
        },
        Duration::from_secs(POLL_SECS),
    ) {
        on_cleanup(move || handle.clear());
    }
    let visibility = window_event_listener_untyped("visibilitychange", move |_| {
        if !hidden() {
            centre.poll();
        }
    });
    on_cleanup(move || visibility.remove());

    // "Fix now" (and any link with an anchor) lands on its section.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        reveal_anchor(location.hash.get());
    });

    let on_open = Callback::new(move |()| {
        centre.said.set(None);
        centre.failure.set(None);
        centre.actions.set(None);
        centre.items.set(None);
        centre.load_actions();
        centre.load_first_page(false);
        focus_later(centre.tab.get_untracked().id().to_owned());
    });
    let label = Signal::derive(move || {
        let count = centre.unread();
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
            on_open=on_open
            open=centre.open
            button=move || view! {
                <BellIcon/>
                <Show when=move || { centre.unread() > 0 }>
                    <span class=popover::badge aria-hidden="true">{move || centre.unread()}</span>
                </Show>
            }
        >
            <CentreTabs centre=centre/>
            <p class=style::said role="status">{move || centre.said.get().map(|m| i18n.t(m))}</p>
            <ErrorBanner error=centre.failure/>
            <div id=TAB_PANEL role="tabpanel" tabindex="-1" class=style::panel
                aria-labelledby=move || centre.tab.get().id()>
                {move || match centre.tab.get() {
                    Tab::Actions => view! { <ActionsTab centre=centre/> }.into_any(),
                    Tab::Notifications => view! { <NotificationsTab centre=centre/> }.into_any(),
                }}
            </div>
            <p class=style::footer>
                <a href="/settings/preferences">{tr(Msg::MyPreferences)}</a>
            </p>
        </Popover>
    }
}

/// The tab list (WAI-ARIA tabs: arrows, Home and End move between the tabs).
#[component]
fn CentreTabs(centre: Centre) -> impl IntoView {
    let i18n = use_i18n();
    let select = move |tab: Tab| {
        centre.tab.set(tab);
        centre.said.set(None);
        focus_now(tab.id());
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowLeft" => match centre.tab.get_untracked() {
                Tab::Actions => Tab::Notifications,
                Tab::Notifications => Tab::Actions,
            },
            "Home" => Tab::Actions,
            "End" => Tab::Notifications,
            _ => return,
        };
        ev.prevent_default();
        select(next);
    };
    let tab_label = move |tab: Tab| match tab {
        Tab::Actions => format!(
            "{} ({})",
            i18n.t(Msg::ActionsTab),
            centre.action_count.get()
        ),
        Tab::Notifications => match centre.unread() {
            0 => i18n.t(Msg::Notifications).to_string(),
            n => format!(
                "{} ({n} {})",
                i18n.t(Msg::Notifications),
                i18n.t(Msg::Unread)
            ),
        },
    };
    view! {
        <div role="tablist" class=format!("tabs {}", style::tabs)
            aria-label=move || i18n.t(Msg::NotificationCentre) on:keydown=on_key>
            {Tab::ALL.into_iter().map(|tab| view! {
                <button type="button" role="tab" id=tab.id() class="tab"
                    aria-selected=move || (centre.tab.get() == tab).to_string()
                    aria-controls=TAB_PANEL
                    tabindex=move || if centre.tab.get() == tab { "0" } else { "-1" }
                    on:click=move |_| select(tab)>
                    {move || tab_label(tab)}
                </button>
            }).collect_view()}
        </div>
    }
}

/// Whether a list is loading, failed, empty or has items: what decides the shape of a tab, so
/// that changes to the items themselves update the list in place (the focus stays put).
fn shape<T>(list: &Option<Result<Vec<T>, ApiError>>) -> Option<Result<bool, ApiError>> {
    list.as_ref()
        .map(|r| r.as_ref().map(Vec::is_empty).map_err(Clone::clone))
}

#[component]
fn ActionsTab(centre: Centre) -> impl IntoView {
    let state = Memo::new(move |_| centre.actions.with(shape));
    let actions = move || {
        centre.actions.with(|a| match a {
            Some(Ok(list)) => list.clone(),
            _ => Vec::new(),
        })
    };
    move || match state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => {
            view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any()
        }
        Some(Ok(true)) => view! { <p>{tr(Msg::NoActions)}</p> }.into_any(),
        Some(Ok(false)) => view! {
            <ul class=popover::list>
                <For each=actions key=Action::key let:action>
                    <ActionItem action=action centre=centre/>
                </For>
            </ul>
        }
        .into_any(),
    }
}

#[component]
fn ActionItem(action: Action, centre: Centre) -> impl IntoView {
    let i18n = use_i18n();
    let kind = action.kind;
    let key = action.key();
    let title_id = format!("action-{}", key.replace(':', "-"));
    let busy = RwSignal::new(false);
    let archive = move |_| {
        busy.set(true);
        centre.failure.set(None);
        spawn_local(async move {
            match archive_action(action.kind, action.subject).await {
                Ok(()) => {
                    centre.actions.update(|list| {
                        if let Some(Ok(list)) = list {
                            list.retain(|a| {
                                !(a.kind == action.kind && a.subject == action.subject)
                            });
                            centre.action_count.set(list.len() as u32);
                        }
                    });
                    centre.said.set(Some(Msg::ActionArchived));
                    focus_now(TAB_PANEL);
                }
                Err(e) => {
                    busy.set(false);
                    centre.failure.set(Some(e.0));
                }
            }
        });
    };
    let since = action.since;
    view! {
        <li class=popover::item>
            <p class=popover::item_title id=title_id.clone()>
                {move || action_title(kind, i18n.locale.get())}" "
                <span class=if action.mandatory() { format!("tag {}", style::required) } else { "tag".to_string() }>
                    {tr(if action.mandatory() { Msg::ActionRequired } else { Msg::ActionRecommended })}
                </span>
            </p>
            <p>{move || action_body(kind, i18n.locale.get())}</p>
            {since.map(|at| view! {
                <p class=popover::meta>{tr(Msg::ActionWaitingSince)}" "{move || format_time(at, i18n.locale.get())}</p>
            })}
            <p class=style::row>
                <a class="button button-small" href=action.fix_link()
                    aria-describedby=title_id.clone()>{tr(Msg::FixNow)}</a>
                {(!action.mandatory()).then(|| view! {
                    <button type="button" class="link-button" disabled=move || busy.get()
                        aria-describedby=title_id.clone() on:click=archive>
                        {tr(Msg::ArchiveAction)}
                    </button>
                })}
            </p>
        </li>
    }
}

#[component]
fn NotificationsTab(centre: Centre) -> impl IntoView {
    let i18n = use_i18n();
    let on_category = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        centre.category.set(NotificationCategory::from_code(&value));
        centre.items.set(None);
        centre.said.set(None);
        centre.load_first_page(false);
    };
    let any_unread = move || {
        centre
            .items
            .with(|i| matches!(i, Some(Ok(list)) if list.iter().any(|n| !n.read)))
    };
    let mark_all = move |_| {
        centre.failure.set(None);
        let category = centre.category.get_untracked();
        spawn_local(async move {
            match mark_notifications_read(category).await {
                Ok(unread) => {
                    centre.set_unread(unread);
                    centre.items.update(|items| {
                        if let Some(Ok(list)) = items {
                            list.iter_mut().for_each(|n| n.read = true);
                        }
                    });
                    centre.said.set(Some(Msg::AllMarkedRead));
                    focus_now(TAB_PANEL);
                }
                Err(e) => centre.failure.set(Some(e.0)),
            }
        });
    };
    let show_more = move |_| {
        let Some(Ok(current)) = centre.items.get_untracked() else {
            return;
        };
        let Some(before) = current.last().map(|n| n.id) else {
            return;
        };
        let category = centre.category.get_untracked();
        centre.loading_more.set(true);
        spawn_local(async move {
            let result = list_notifications(category, Some(before)).await;
            centre.loading_more.set(false);
            match result {
                Ok(page) => {
                    if centre.category.get_untracked() != category {
                        return;
                    }
                    let first_new = page.items.first().map(|n| n.id);
                    centre.more.set(page.more);
                    centre.items.update(|items| {
                        if let Some(Ok(list)) = items {
                            list.extend(page.items.into_iter().filter(|n| n.id < before));
                        }
                    });
                    if let Some(id) = first_new {
                        focus_later(format!("notification-{id}-link"));
                    }
                }
                Err(e) => centre.failure.set(Some(e.0)),
            }
        });
    };
    let state = Memo::new(move |_| centre.items.with(shape));
    let ids = Memo::new(move |_| {
        centre.items.with(|items| match items {
            Some(Ok(list)) => list.iter().map(|n| n.id).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    view! {
        <div class=style::toolbar>
            <label for="centre-category">{tr(Msg::CategoryFilter)}</label>
            <select id="centre-category" on:change=on_category
                prop:value=move || centre.category.get().map_or("", NotificationCategory::code)>
                <option value="">{tr(Msg::AllCategories)}</option>
                {NotificationCategory::ALL.into_iter().map(|c| view! {
                    <option value=c.code()>{move || notification_category_name(c, i18n.locale.get())}</option>
                }).collect_view()}
            </select>
            <Show when=any_unread>
                <button type="button" class="link-button" on:click=mark_all>{tr(Msg::MarkAllRead)}</button>
            </Show>
        </div>
        {move || match state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => view! { <ErrorBanner error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
            Some(Ok(true)) => view! {
                <p>{move || i18n.t(if centre.category.get().is_some() { Msg::NoNotificationsInCategory } else { Msg::NoNotifications })}</p>
            }.into_any(),
            Some(Ok(false)) => view! {
                <ul class=popover::list>
                    <For each=move || ids.get() key=|id| *id let:id>
                        <NotificationItem id=id centre=centre/>
                    </For>
                </ul>
                <Show when=move || centre.more.get()>
                    <p>
                        <button type="button" class="button button-small" disabled=move || centre.loading_more.get()
                            on:click=show_more>{tr(Msg::ShowMore)}</button>
                    </p>
                </Show>
            }.into_any(),
        }}
    }
}

#[component]
fn NotificationItem(id: i64, centre: Centre) -> impl IntoView {
    let i18n = use_i18n();
    let Some(Notification {
        kind, created_at, ..
    }) = centre.items.with_untracked(|items| match items {
        Some(Ok(list)) => list.iter().find(|n| n.id == id).cloned(),
        _ => None,
    })
    else {
        return ().into_any();
    };
    let read = Memo::new(move |_| {
        centre.items.with(|items| match items {
            Some(Ok(list)) => list.iter().find(|n| n.id == id).is_none_or(|n| n.read),
            _ => true,
        })
    });
    let link_id = format!("notification-{id}-link");
    let set_read = move |unread: u32| {
        centre.set_unread(unread);
        centre.items.update(|items| {
            if let Some(Ok(list)) = items {
                if let Some(n) = list.iter_mut().find(|n| n.id == id) {
                    n.read = true;
                }
            }
        });
    };
    let mark = {
        let link_id = link_id.clone();
        move |_| {
            centre.failure.set(None);
            let link_id = link_id.clone();
            spawn_local(async move {
                match mark_notification_read(id).await {
                    Ok(unread) => {
                        set_read(unread);
                        centre.said.set(Some(Msg::MarkedRead));
                        focus_later(link_id);
                    }
                    Err(e) => centre.failure.set(Some(e.0)),
                }
            });
        }
    };
    // Following the link reads it.
    let follow = move |_| {
        if !read.get_untracked() {
            spawn_local(async move {
                if let Ok(unread) = mark_notification_read(id).await {
                    set_read(unread);
                }
            });
        }
    };
    view! {
        <li class=move || if read.get() { popover::item.to_string() } else { format!("{} {}", popover::item, style::unread) }>
            <p class=popover::item_title>
                <a id=link_id href=notification_page(kind) on:click=follow>
                    {move || notification_title(kind, i18n.locale.get())}
                </a>
                <Show when=move || !read.get()>
                    " "<span class="tag">{tr(Msg::UnreadTag)}</span>
                </Show>
            </p>
            <p>{move || notification_body(kind, i18n.locale.get())}</p>
            <p class=popover::meta>{move || format_time(created_at, i18n.locale.get())}</p>
            <Show when=move || !read.get()>
                <p>
                    <button type="button" class="link-button" on:click=mark.clone()>
                        {tr(Msg::MarkRead)}
                        <span class="visually-hidden">": "{move || notification_title(kind, i18n.locale.get())}</span>
                    </button>
                </p>
            </Show>
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::model::NotificationKind;

    fn n(id: i64) -> Notification {
        Notification {
            id,
            kind: NotificationKind::Welcome,
            created_at: id,
            read: false,
        }
    }

    #[test]
    fn a_refresh_keeps_the_older_pages_it_joins_up_with() {
        let current: Vec<_> = [10, 9, 8, 7].map(n).to_vec();
        let page = NotificationPage {
            items: [12, 11, 10, 9].map(n).to_vec(),
            more: true,
        };
        let (items, more) = merge_first_page(current, page, false);
        let ids: Vec<_> = items.iter().map(|n| n.id).collect();
        assert_eq!(ids, vec![12, 11, 10, 9, 8, 7]);
        assert!(!more);
    }

    #[test]
    fn a_refresh_with_a_gap_starts_again_from_the_first_page() {
        let current: Vec<_> = [5, 4].map(n).to_vec();
        let page = NotificationPage {
            items: [12, 11].map(n).to_vec(),
            more: true,
        };
        let (items, more) = merge_first_page(current, page, false);
        assert_eq!(items.iter().map(|n| n.id).collect::<Vec<_>>(), vec![12, 11]);
        assert!(more);
    }
}
