//! The workspace frame: header (product, bell, settings, user menu), role-aware navigation and
//! the page area. Signed-out visitors are sent to sign-in and brought back afterwards.

use domain::Access;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::components::bell::NotificationBell;
use crate::components::icons::{GearIcon, MenuIcon};
use crate::components::user_menu::UserMenu;
use crate::components::{Loading, NoAccessNote, ReadOnlyNote};
use crate::i18n::{tr, use_i18n, Msg};
use crate::session::use_session;

stylance::import_crate_style!(style, "src/components/shell.module.css");

/// One entry of the workspace's navigation.
#[derive(Clone, Debug)]
pub struct MenuItem {
    /// The area a user must be able to view to see the entry.
    pub area: domain::Area,
    pub path: String,
    pub title: Msg,
}

/// The navigation, provided by the application from its route table.
#[derive(Clone, Debug)]
pub struct Menu(pub Vec<MenuItem>);

/// Whether the page on screen holds unsaved changes: the signal of each form on it (a page may
/// hold several editors, as Identifiers and My preferences do), by registration number.
#[derive(Clone, Copy)]
struct UnsavedGuard(RwSignal<Vec<(u64, Signal<bool>)>>);

impl UnsavedGuard {
    fn dirty(self) -> bool {
        self.0
            .with_untracked(|forms| forms.iter().any(|(_, d)| d.get_untracked()))
    }
}

/// Registers a form's "has unsaved changes" signal: following a workspace link asks first, and
/// so does closing or reloading the tab.
pub fn use_unsaved_guard(dirty: Signal<bool>) {
    if let Some(guard) = use_context::<UnsavedGuard>() {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        guard.0.update(|forms| forms.push((id, dirty)));
        on_cleanup(move || {
            guard.0.try_update(|forms| forms.retain(|(i, _)| *i != id));
        });
    }
    let handle = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    on_cleanup(move || handle.remove());
}

/// Stops a click on a link when the page has unsaved changes and the user chooses to stay.
fn confirm_leaving(ev: &leptos::ev::MouseEvent, guard: UnsavedGuard, question: &str) {
    use wasm_bindgen::JsCast;
    let on_link = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a").ok().flatten())
        .is_some();
    if on_link && guard.dirty() {
        let leave = web_sys::window()
            .and_then(|w| w.confirm_with_message(question).ok())
            .unwrap_or(true);
        if !leave {
            ev.prevent_default();
            ev.stop_propagation();
        }
    }
}

#[component]
pub fn Workspace() -> impl IntoView {
    let session = use_session();
    let menu = StoredValue::new(use_context::<Menu>().map(|m| m.0).unwrap_or_default());
    let guard = UnsavedGuard(RwSignal::new(Vec::new()));
    provide_context(guard);
    let i18n = use_i18n();
    let location = use_location();
    let navigate = use_navigate();

    Effect::new(move |_| {
        if session.checked.get() && session.me.with(Option::is_none) {
            // After a sign-out, plain sign-in; after an expired session, come back here.
            let target = if session.signed_out.get_untracked() {
                "/signin".to_owned()
            } else {
                let next = location.pathname.get_untracked();
                format!("/signin?next={}", js_sys::encode_uri_component(&next))
            };
            navigate(
                &target,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let nav_open = RwSignal::new(false);
    let menu_button = NodeRef::<leptos::html::Button>::new();
    // Escape folds the phone menu away, as it closes the header's panels, and gives the focus
    // back to the button that opened it.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && nav_open.get_untracked() {
            nav_open.set(false);
            if let Some(button) = menu_button.get_untracked() {
                let _ = button.focus();
            }
        }
    });
    on_cleanup(move || escape.remove());
    let main_ref = NodeRef::<leptos::html::Main>::new();
    let skip_to_main = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = main_ref.get() {
            let _ = main.focus();
        }
    };

    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>{tr(Msg::SkipToContent)}</a>
        <header class=style::header on:click=move |ev| confirm_leaving(&ev, guard, i18n.t(Msg::UnsavedChanges))>
            <button
                type="button"
                class=style::menu_button
                node_ref=menu_button
                aria-expanded=move || nav_open.get().to_string()
                aria-controls="workspace-nav"
                on:click=move |_| nav_open.update(|open| *open = !*open)
            >
                <MenuIcon/>
                <span>{tr(Msg::OpenNavigation)}</span>
            </button>
            <A href="/settings/overview" attr:class=style::brand>{tr(Msg::ProductName)}</A>
            // Opening the bell or the user menu folds the phone menu away rather than covering it.
            <div class=style::actions on:click=move |_| nav_open.set(false)>
                <Show when=move || session.me.with(Option::is_some)>
                    <NotificationBell/>
                    <A href="/settings/overview" attr:class="icon-button" attr:aria-label=move || i18n.t(Msg::Settings) attr:title=move || i18n.t(Msg::Settings)>
                        <GearIcon/>
                    </A>
                    <UserMenu/>
                </Show>
            </div>
        </header>
        <div class=style::frame>
            <nav
                id="workspace-nav"
                class=move || stylance::classes!(style::nav, nav_open.get().then_some(style::open))
                aria-label=move || i18n.t(Msg::MainNavigation)
            >
                <p class=style::nav_title>{tr(Msg::AccountSettings)}</p>
                // Following a link closes the folded (phone) menu.
                <ul on:click=move |ev| {
                    confirm_leaving(&ev, guard, i18n.t(Msg::UnsavedChanges));
                    if !ev.default_prevented() {
                        nav_open.set(false);
                    }
                }>
                    {move || menu.with_value(|menu| menu
                        .iter()
                        .filter(|item| session.allows(item.area, Access::View))
                        .map(|item| {
                            let title = item.title;
                            view! { <li><A href=item.path.clone()>{move || i18n.t(title)}</A></li> }
                        })
                        .collect_view())}
                    // Platform reviewers are not partner users: they get the review queue.
                    <Show when=move || session.me.with(|m| m.as_ref().is_some_and(|m| m.reviewer))>
                        <li><A href="/settings/review">{tr(Msg::ReviewTitle)}</A></li>
                    </Show>
                </ul>
            </nav>
            <main id="main" tabindex="-1" class=style::main node_ref=main_ref>
                <Show when=move || session.me.with(Option::is_some) fallback=Loading>
                    <Outlet/>
                </Show>
            </main>
        </div>
    }
}

/// Renders `children` only if the user's roles reach `area`; otherwise says they may not.
/// (Display only: the server refuses the data anyway.)
#[component]
pub fn RequireArea(
    area: domain::Area,
    /// Whether the page holds settings its editors change (a log or a list of invoices does not):
    /// then a user who may only view is told who can change them.
    #[prop(default = true)]
    changeable: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let view_only = move || changeable && !session.allows(area, Access::Edit);
    view! {
        <Show
            when=move || session.allows(area, Access::View)
            fallback=move || view! { <NoAccessNote area=area/> }
        >
            <Show when=view_only>
                <ReadOnlyNote area=area/>
            </Show>
            {children()}
        </Show>
    }
}
