//! Tenants: the directory tenants associated with the account, in two tabs (Partner for
//! commercial tenants, Developer). A Global admin associates a tenant by signing in to its
//! directory, renames one, or removes one (never the primary, never the last commercial one).

pub mod api;

use domain::error::SignInFailure;
use domain::tenants::{removal_blocker, DirectoryAnswer, RemovalBlocker, Tenant, TenantKind};
use domain::{Access, ApiError, Area, Field};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::field::{SubmitButton, TextField};
use crate::components::shell::RequireArea;
use crate::components::{confirm, format_time, ErrorBanner};
use crate::forms::loaded_from;
use crate::i18n::{error_text, text, tr, use_i18n, use_page_title, Msg};
use crate::session::use_session;

/// Where the session remembers the message to show after coming back from the directory.
const ASSOCIATED_KEY: &str = "partner-settings.tenant-associated";

#[component]
pub fn TenantsPage() -> impl IntoView {
    use_page_title(Msg::TenantsTitle);
    let reload = RwSignal::new(0u32);
    // The open tab outlives the reloads that follow a change.
    let selected = RwSignal::new(TenantKind::Commercial);
    let view_data = LocalResource::new(move || {
        reload.track();
        api::list_tenants()
    });
    view! {
        <h1>{tr(Msg::TenantsTitle)}</h1>
        <p class="lede">{tr(Msg::TenantsIntro)}</p>
        <RequireArea area=Area::Tenants>
            {loaded_from(view_data, move |v| view! { <TenantTabs tenants=v.tenants can_associate=v.can_associate selected=selected reload=reload/> }.into_any())}
        </RequireArea>
    }
}

fn tab_label(kind: TenantKind) -> Msg {
    match kind {
        TenantKind::Commercial => Msg::TenantsPartnerTab,
        TenantKind::Developer => Msg::TenantsDeveloperTab,
    }
}

fn tab_id(kind: TenantKind) -> &'static str {
    match kind {
        TenantKind::Commercial => "tab-partner",
        TenantKind::Developer => "tab-developer",
    }
}

/// The two tabs, each listing its tenants, with the association button of its kind.
#[component]
fn TenantTabs(
    tenants: Vec<Tenant>,
    can_associate: bool,
    selected: RwSignal<TenantKind>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::Tenants, Access::Edit));
    let failure = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(take_notice());
    let all = StoredValue::new(tenants);
    // One rename form open at a time: the ID of the tenant being renamed.
    let renaming = RwSignal::new(None::<String>);

    let starting = RwSignal::new(false);
    let associate = move |kind: TenantKind| {
        starting.set(true);
        failure.set(None);
        spawn_local(async move {
            match api::start_tenant_association(kind).await {
                Ok(sign_in) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().assign(&sign_in.authorize_url);
                    }
                }
                Err(e) => {
                    starting.set(false);
                    failure.set(Some(e.0));
                }
            }
        });
    };
    // Arrow keys move between tabs (WAI-ARIA tabs pattern).
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowLeft" => match selected.get_untracked() {
                TenantKind::Commercial => TenantKind::Developer,
                TenantKind::Developer => TenantKind::Commercial,
            },
            "Home" => TenantKind::Commercial,
            "End" => TenantKind::Developer,
            _ => return,
        };
        ev.prevent_default();
        selected.set(next);
        if let Some(el) = document().get_element_by_id(tab_id(next)) {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    view! {
        <p class="muted">{tr(Msg::TenantIdIsMicrosoftId)}</p>
        <div role="status" class="banner-slot">
            {move || notice.get().map(|name| view! {
                <p class="banner banner-ok">{format!("{} {name}", i18n.t(Msg::TenantAssociated))}</p>
            })}
        </div>
        <ErrorBanner error=failure/>
        <div role="tablist" class="tabs" aria-label=move || i18n.t(Msg::TenantsTitle) on:keydown=on_key>
            {TenantKind::ALL.into_iter().map(|kind| view! {
                <button type="button" role="tab" id=tab_id(kind) class="tab"
                    aria-selected=move || (selected.get() == kind).to_string()
                    aria-controls="tenant-panel"
                    tabindex=move || if selected.get() == kind { "0" } else { "-1" }
                    on:click=move |_| selected.set(kind)>
                    {move || i18n.t(tab_label(kind))}
                    " (" {all.with_value(|all| all.iter().filter(|t| t.kind == kind).count())} ")"
                </button>
            }).collect_view()}
        </div>
        <section id="tenant-panel" role="tabpanel" class="card" aria-labelledby=move || tab_id(selected.get())>
            {move || {
                let kind = selected.get();
                let list: Vec<Tenant> = all.with_value(|all| all.iter().filter(|t| t.kind == kind).cloned().collect());
                let empty = list.is_empty();
                view! {
                    <Show when=move || can_edit.get()>
                        {if can_associate {
                            view! {
                                <p>
                                    <button type="button" class="button" disabled=move || starting.get()
                                        on:click=move |_| associate(kind)>
                                        {move || i18n.t(match kind {
                                            TenantKind::Commercial => Msg::AssociatePartnerTenant,
                                            TenantKind::Developer => Msg::AssociateDeveloperTenant,
                                        })}
                                    </button>
                                    <span class="muted" role="status">{move || starting.get().then(|| i18n.t(Msg::OpeningDirectory))}</span>
                                </p>
                                <p class="muted">{tr(Msg::AssociateTenantHelp)}</p>
                            }.into_any()
                        } else {
                            view! { <p class="muted">{tr(Msg::TenantDirectoryUnavailable)}</p> }.into_any()
                        }}
                    </Show>
                    {if empty {
                        view! { <p>{tr(Msg::NoTenantsOfKind)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="tenant-list">
                                {list.into_iter().map(|t| {
                                    let blocker = all.with_value(|all| removal_blocker(all, &t));
                                    view! { <TenantRow tenant=t blocker=blocker can_edit=can_edit renaming=renaming reload=reload failure=failure/> }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }
            }}
        </section>
    }
}

/// One tenant: its identity, who associated it, and (for a Global admin) rename and remove.
#[component]
fn TenantRow(
    tenant: Tenant,
    blocker: Option<RemovalBlocker>,
    can_edit: Memo<bool>,
    renaming: RwSignal<Option<String>>,
    reload: RwSignal<u32>,
    failure: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(tenant.display_name.clone());
    let name_error = RwSignal::new(None::<String>);
    let id = tenant.tenant_id.as_str().to_owned();
    let this_one = StoredValue::new(id.clone());
    let original = StoredValue::new(tenant.display_name.clone());
    let is_renaming = move || renaming.with(|r| this_one.with_value(|id| r.as_ref() == Some(id)));
    let rename = Action::new_local(|(id, name, version): &(String, String, i64)| {
        api::rename_tenant(id.clone(), name.clone(), *version)
    });
    Effect::new(move |_| {
        if let Some(result) = rename.value().get() {
            match result {
                Ok(_) => {
                    renaming.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) if e.0.field() == Some(Field::TenantDisplayName) => {
                    name_error.set(Some(error_text(&e.0, i18n.locale.get_untracked())))
                }
                Err(e) => failure.set(Some(e.0)),
            }
        }
    });
    let remove = {
        let id = id.clone();
        move |_| {
            if !confirm(i18n.t(Msg::ConfirmRemoveTenant)) {
                return;
            }
            let id = id.clone();
            spawn_local(async move {
                match api::remove_tenant(id).await {
                    Ok(()) => reload.update(|n| *n += 1),
                    Err(e) => failure.set(Some(e.0)),
                }
            });
        }
    };
    let blocker_text = blocker.map(|b| match b {
        RemovalBlocker::Primary => Msg::CannotRemovePrimaryTenant,
        RemovalBlocker::LastCommercial => Msg::CannotRemoveLastCommercialTenant,
    });
    let reason_id = format!("remove-reason-{id}");
    let (version, is_primary) = (tenant.version, tenant.is_primary);
    let heading = tenant.display_name.clone();
    view! {
        <li class="tenant">
            <h3>{heading.clone()}{is_primary.then(|| view! { " " <span class="tag">{tr(Msg::PrimaryTenant)}</span> })}</h3>
            <dl class="facts">
                <dt>{tr(Msg::TenantId)}</dt><dd><code>{id.clone()}</code></dd>
                <dt>{tr(Msg::PrimaryDomain)}</dt><dd>{tenant.primary_domain.clone()}</dd>
                <dt>{tr(Msg::AssociatedBy)}</dt>
                <dd>{tenant.associated_by.clone()}", "{move || format_time(tenant.associated_at, i18n.locale.get())}</dd>
            </dl>
            <Show when=move || can_edit.get()>
                <Show when=is_renaming fallback={
                    let remove = remove.clone();
                    let reason_id = reason_id.clone();
                    let heading = heading.clone();
                    move || {
                        let remove = remove.clone();
                        view! {
                            <div class="button-row">
                                <button type="button" class="button button-small"
                                    aria-label=format!("{} {}", i18n.t(Msg::Rename), heading)
                                    on:click=move |_| {
                                        name.set(original.get_value());
                                        renaming.set(Some(this_one.get_value()));
                                    }>{tr(Msg::Rename)}</button>
                                <button type="button" class="button button-small button-danger"
                                    aria-label=format!("{} {}", i18n.t(Msg::Remove), heading)
                                    aria-describedby=blocker_text.map(|_| reason_id.clone())
                                    disabled=blocker.is_some() on:click=remove>{tr(Msg::Remove)}</button>
                            </div>
                            {blocker_text.map(|m| view! { <p class="muted" id=reason_id.clone()>{tr(m)}</p> })}
                        }
                    }
                }>
                    {
                        view! {
                            <form class="inline-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                                ev.prevent_default();
                                name_error.set(None);
                                rename.dispatch((this_one.get_value(), name.get_untracked(), version));
                            }>
                                <TextField id="tenant-display-name" label=text(Msg::TenantDisplayName)
                                    value=name error=Signal::derive(move || name_error.get())/>
                                <div class="button-row">
                                    <SubmitButton pending=rename.pending() label=Msg::Save/>
                                    <button type="button" class="button" on:click=move |_| renaming.set(None)>{tr(Msg::Cancel)}</button>
                                </div>
                            </form>
                        }
                    }
                </Show>
            </Show>
        </li>
    }
}

/// The message remembered for after the return from the directory, taken once.
fn take_notice() -> Option<String> {
    let storage = web_sys::window()?.session_storage().ok()??;
    let value = storage.get_item(ASSOCIATED_KEY).ok()??;
    let _ = storage.remove_item(ASSOCIATED_KEY);
    Some(value)
}

fn remember_notice(name: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.session_storage()) {
        let _ = storage.set_item(ASSOCIATED_KEY, name);
    }
}

/// The directory's return address: completes the association with the code it sent, then goes
/// back to the Tenants page; says what went wrong otherwise.
#[component]
pub fn AssociationReturn() -> impl IntoView {
    use_page_title(Msg::TenantsTitle);
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<ApiError>);
    let answer = query.with_untracked(|q| {
        let state = q.get("state").unwrap_or_default();
        match (q.get("code"), q.get("error")) {
            (Some(code), _) => DirectoryAnswer::Code { code, state },
            _ => DirectoryAnswer::Error { state },
        }
    });
    spawn_local(async move {
        match api::complete_tenant_association(answer).await {
            Ok(tenant) => {
                remember_notice(&tenant.display_name);
                navigate("/settings/tenants", Default::default());
            }
            Err(e) => failure.set(Some(e.0)),
        }
    });
    let cancelled = move || {
        matches!(
            failure.get(),
            Some(ApiError::Conflict(
                domain::error::ConflictKind::DirectorySignIn(SignInFailure::Cancelled)
            ))
        )
    };
    view! {
        <h1>{tr(Msg::TenantsTitle)}</h1>
        <Show when=move || failure.get().is_none() fallback=move || view! {
            <ErrorBanner error=failure/>
            <Show when=move || !cancelled()>
                <p>{tr(Msg::NothingAssociated)}</p>
            </Show>
            <p><a class="button" href="/settings/tenants">{tr(Msg::BackToTenants)}</a></p>
        }>
            <p class="loading" role="status">{move || i18n.t(Msg::CheckingDirectoryAnswer)}</p>
        </Show>
    }
}
