//! A button that opens a panel below it (the bell, the user menu): the button says whether the
//! panel is open, Escape and "Close" shut it and give the focus back to the button.

use leptos::prelude::*;

use crate::i18n::{tr, Msg};

stylance::import_crate_style!(pub style, "src/components/popover.module.css");

#[component]
pub fn Popover(
    /// The panel's element id; its heading's id is `{id}-title`.
    id: &'static str,
    /// The toggle button's accessible name.
    #[prop(into)]
    label: Signal<String>,
    /// The toggle button's CSS class.
    button_class: &'static str,
    /// What the toggle button shows (an icon, initials).
    #[prop(into)]
    button: ViewFn,
    /// The panel's heading.
    #[prop(into)]
    title: Signal<&'static str>,
    /// Called each time the panel opens.
    #[prop(optional)]
    on_open: Option<Callback<()>>,
    /// Whether the panel is open, for a parent that needs to know (created here otherwise).
    #[prop(optional)]
    open: Option<RwSignal<bool>>,
    /// The panel's content, rendered while it is open.
    children: ChildrenFn,
) -> impl IntoView {
    let open = open.unwrap_or_else(|| RwSignal::new(false));
    let toggle = NodeRef::<leptos::html::Button>::new();
    let close = move || {
        open.set(false);
        if let Some(toggle) = toggle.get() {
            let _ = toggle.focus();
        }
    };
    // Escape closes the panel wherever the focus is: a control inside it may have been
    // re-rendered (marking a notification read), leaving the focus on the page itself.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && open.get_untracked() {
            close();
        }
    });
    on_cleanup(move || escape.remove());
    let title_id = format!("{id}-title");
    view! {
        <div class=style::anchor>
            <button
                type="button"
                class=button_class
                node_ref=toggle
                aria-label=label
                aria-expanded=move || open.get().to_string()
                aria-controls=id
                on:click=move |_| {
                    let opening = !open.get_untracked();
                    open.set(opening);
                    if let (true, Some(on_open)) = (opening, on_open) {
                        on_open.run(());
                    }
                }
            >
                {button.run()}
            </button>
            <Show when=move || open.get()>
                <section id=id class=style::panel aria-labelledby=title_id.clone()
                    on:click=move |ev| if followed_a_link(&ev) { open.set(false) }>
                    <div class=style::panel_head>
                        <h2 id=title_id.clone()>{title}</h2>
                        <button type="button" class="link-button" on:click=move |_| close()>
                            {tr(Msg::Close)}
                        </button>
                    </div>
                    {children()}
                </section>
            </Show>
        </div>
    }
}

/// Whether a click inside the panel was on a link (which navigates away: the panel closes).
fn followed_a_link(ev: &leptos::ev::MouseEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a").ok().flatten())
        .is_some()
}
