//! Tax profile: the company's tax ID for its legal country and, in the EU, its VAT ID with the
//! VAT registry's verdict (versioned, with the shared conflict screen); and its tax exemption
//! certificates (upload, list with status, download).

pub mod api;

use domain::tax::certificate::{
    date_of, Certificate, CertificateForm, CertificateStatus, CertificateUpload, CERTIFICATE_FILE,
};
use domain::tax::is_eu;
use domain::tax::profile::{TaxProfile, TaxProfileForm, VatStatus};
use domain::{Access, ApiError, Area, CountryCode, Field, Locale};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{downloads, Error};
use crate::components::field::{
    accept_or_show, check_as_typed, FieldErrors, SubmitButton, TextField,
};
use crate::components::file::{chosen_file, clear_chosen, read_for_upload, FileField};
use crate::components::shell::{use_unsaved_guard, RequireArea};
use crate::components::{format_date, format_time, ErrorBanner};
use crate::forms::{loaded, loaded_from, Editable, FormKit, KitForm, Saved};
use crate::i18n::{error_text, text, tr, use_i18n, use_page_title, Msg};
use crate::lens;
use crate::session::use_session;

impl Saved<TaxProfileForm> for TaxProfile {
    fn form(&self) -> &TaxProfileForm {
        &self.record.form
    }
    fn version(&self) -> i64 {
        self.record.version
    }
    fn saved_by(&self) -> (&str, i64) {
        (&self.record.updated_by, self.record.updated_at)
    }
}

impl Editable for TaxProfileForm {
    type Record = TaxProfile;
    const AREA: Area = Area::PayoutTax;
    fn save(
        self,
        record: Self::Record,
    ) -> impl std::future::Future<Output = Result<TaxProfile, Error>> {
        api::save_tax_profile(self, record.record.version)
    }
    fn saved_message(profile: &TaxProfile) -> Msg {
        match profile.vat.as_ref().map(|v| v.status) {
            Some(VatStatus::Invalid) => Msg::SavedVatInvalid,
            Some(VatStatus::NotChecked) => Msg::SavedVatNotChecked,
            _ => Msg::Saved,
        }
    }
    /// A tax ID's format is its country's: the company's legal country.
    fn problems(&self, profile: &TaxProfile) -> Vec<ApiError> {
        TaxProfileForm::problems(self, &profile.country)
    }
    fn facts(&self, _: Locale) -> Vec<(Msg, String)> {
        vec![
            (Msg::TaxIdLabel, self.tax_id.clone()),
            (Msg::VatIdLabel, self.vat_id.clone()),
        ]
    }
}

#[component]
pub fn TaxPage() -> impl IntoView {
    use_page_title(Msg::TaxTitle);
    view! {
        <h1>{tr(Msg::TaxTitle)}</h1>
        <p class="lede">{tr(Msg::TaxIntro)}</p>
        <RequireArea area=Area::PayoutTax>
            {loaded(api::get_tax_profile, |profile| view! {
                <TaxProfileEditor kit={FormKit::<TaxProfileForm>::open(profile)}/>
            })}
            <Certificates/>
        </RequireArea>
    }
}

#[component]
fn TaxProfileEditor(kit: FormKit<TaxProfileForm>) -> impl IntoView {
    let i18n = use_i18n();
    let read_only = kit.read_only();
    let current = kit.record();
    let country = move || current.with(|p| p.country.clone());
    let recheck = Action::new_local(|_: &()| api::check_vat_again());
    Effect::new(move |_| match recheck.value().get() {
        // Only the verdict changed: keep whatever the user is typing.
        Some(Ok(p)) => kit.refresh(p),
        Some(Err(e)) => kit.fail(e.0),
        None => {}
    });
    let country_name = move || {
        CountryCode::parse(&country())
            .map(|c| c.name(i18n.locale.get()))
            .unwrap_or("")
    };
    let in_eu = move || is_eu(&country());
    let country_changed =
        move || current.with(|p| !p.saved_country.is_empty() && p.saved_country != p.country);
    // The registry's verdict, shown while the field holds the VAT ID it is about.
    let verdict = move || {
        let p = current.get();
        let v = p.vat?;
        kit.values()
            .with(|f| f.vat_id == p.record.form.vat_id)
            .then_some(v)
    };
    let checked_on = move |at: Option<i64>| {
        at.map(|at| {
            format!(
                "{} {}.",
                i18n.t(Msg::CheckedOn),
                format_time(at, i18n.locale.get())
            )
        })
        .unwrap_or_default()
    };
    view! {
        <KitForm kit=kit labelled_by="tax-form-title">
            <h2 id="tax-form-title">{tr(Msg::TaxIds)}</h2>
            <dl class="facts">
                <dt>{tr(Msg::TaxLegalCountry)}</dt>
                <dd>{country_name}</dd>
                <dt>{tr(Msg::Status)}</dt>
                <dd id="tax-complete">{move || current.with(|p| status_text(p, i18n.locale.get()))}</dd>
            </dl>
            <Show when=country_changed>
                <p class="field-warning" role="note">{tr(Msg::TaxCountryChanged)}</p>
            </Show>
            <TextField id="tax-id" label=text(Msg::TaxIdLabel) value=kit.bind(lens!(tax_id))
                hint=text(Msg::TaxIdHint) error=kit.error(Field::TaxId) disabled=read_only/>
            <Show when=in_eu>
                <TextField id="vat-id" label=text(Msg::VatIdLabel) value=kit.bind(lens!(vat_id))
                    hint=text(Msg::VatIdHint) error=kit.error(Field::VatId) disabled=read_only/>
                <div id="vat-verdict" role="status" aria-live="polite">
                    {move || verdict().map(|v| match v.status {
                        VatStatus::Valid => {
                            let who = [v.name.clone(), v.address.clone()]
                                .into_iter()
                                .filter(|s| !s.is_empty())
                                .collect::<Vec<_>>()
                                .join(", ");
                            view! {
                                <p class="banner banner-ok">
                                    <strong>{tr(Msg::VatValid)}</strong>
                                    {(!who.is_empty()).then(|| format!(": {who}."))}
                                    " "{checked_on(v.checked_at)}
                                </p>
                            }.into_any()
                        }
                        VatStatus::Invalid => view! {
                            <p class="banner banner-error">{tr(Msg::VatInvalid)}" "{checked_on(v.checked_at)}</p>
                        }.into_any(),
                        VatStatus::NotChecked => view! {
                            <p class="field-warning">{tr(Msg::VatNotChecked)}</p>
                            <Show when=move || kit.can_edit().get()>
                                <button type="button" class="button button-small" disabled=move || recheck.pending().get()
                                    on:click=move |_| { recheck.dispatch(()); }>{tr(Msg::CheckAgain)}</button>
                            </Show>
                        }.into_any(),
                    })}
                </div>
            </Show>
        </KitForm>
    }
}

/// Whether the profile is complete, and if not, what is missing.
fn status_text(profile: &TaxProfile, locale: Locale) -> String {
    if profile.complete {
        return Msg::TaxComplete.text(locale).to_owned();
    }
    let saved = &profile.record.form;
    let tax_id_missing = saved.tax_id.is_empty() || profile.saved_country != profile.country;
    let mut missing = vec![Msg::TaxIncomplete];
    if tax_id_missing {
        missing.push(Msg::TaxNeedsTaxId);
    }
    if is_eu(&profile.country) {
        missing.push(match profile.vat.as_ref().map(|v| v.status) {
            None => Msg::TaxNeedsVatId,
            Some(VatStatus::Invalid) => Msg::TaxVatIdNotValid,
            Some(_) => Msg::TaxVatIdNotConfirmed,
        });
    }
    missing
        .into_iter()
        .map(|m| m.text(locale))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The status of a certificate in words.
fn status_msg(status: CertificateStatus) -> Msg {
    match status {
        CertificateStatus::Submitted => Msg::CertificateSubmitted,
        CertificateStatus::Accepted => Msg::CertificateAccepted,
        CertificateStatus::Expired => Msg::CertificateExpired,
    }
}

/// The id of the file input (read when the form is sent: a browser `File` is not kept in a
/// signal).
const FILE_INPUT: &str = "certificate-file";

#[component]
fn Certificates() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can_edit = Memo::new(move |_| session.allows(Area::PayoutTax, Access::Edit));
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.track();
        api::list_tax_certificates()
    });
    let region = RwSignal::new(String::new());
    let expires_on = RwSignal::new(String::new());
    let file_name = RwSignal::new(String::new());
    let problems = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let uploaded = RwSignal::new(false);
    let reading = RwSignal::new(false);
    let details = move || CertificateForm {
        region: region.get(),
        expires_on: expires_on.get(),
    };
    let today = move || date_of((js_sys::Date::now() / 1000.0) as i64);
    let tried = check_as_typed(problems, move || details().problems(&today()));
    // A half-filled upload counts as unsaved changes.
    use_unsaved_guard(Signal::derive(move || {
        can_edit.get()
            && (!region.get().is_empty()
                || !expires_on.get().is_empty()
                || !file_name.get().is_empty())
    }));
    let action =
        Action::new_local(|upload: &CertificateUpload| api::upload_tax_certificate(upload.clone()));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            failure.set(None);
            problems.set(FieldErrors::new());
            tried.set(false);
            region.set(String::new());
            expires_on.set(String::new());
            file_name.set(String::new());
            clear_chosen(FILE_INPUT);
            uploaded.set(true);
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => match e.0.field() {
            Some(f) => problems.update(|p| {
                p.insert(f, e.0);
            }),
            None => failure.set(Some(e.0)),
        },
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        uploaded.set(false);
        tried.set(true);
        let form = details();
        let mut found = form.problems(&today());
        let file = chosen_file(FILE_INPUT);
        match &file {
            None => found.push(ApiError::invalid(
                Field::CertificateFile,
                domain::Invalid::Required,
            )),
            Some(f) => found.extend(CERTIFICATE_FILE.check_size(f.size() as u64).err()),
        }
        if !accept_or_show(problems, found) {
            return;
        }
        let Some(file) = file else { return };
        reading.set(true);
        spawn_local(async move {
            let read = read_for_upload(&file, CERTIFICATE_FILE).await;
            reading.set(false);
            match read {
                Ok(content_base64) => {
                    action.dispatch(CertificateUpload {
                        details: form,
                        file_name: file.name(),
                        content_base64,
                    });
                }
                Err(e) if e.field().is_some() => {
                    accept_or_show(problems, vec![e]);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let error_for = move |field: Field| {
        Signal::derive(move || {
            problems.with(|p| p.get(&field).map(|e| error_text(e, i18n.locale.get())))
        })
    };
    let file_error = error_for(Field::CertificateFile);
    let pending = Signal::derive(move || reading.get() || action.pending().get());
    view! {
        <section class="card" aria-labelledby="certificates-title">
            <h2 id="certificates-title">{tr(Msg::Certificates)}</h2>
            <p>{tr(Msg::CertificatesIntro)}</p>
            <ErrorBanner error=failure/>
            {loaded_from(list, move |list| if list.is_empty() {
                view! { <p class="muted">{tr(Msg::NoCertificates)}</p> }.into_any()
            } else {
                view! {
                    <ul class="location-list" aria-label=move || i18n.t(Msg::Certificates)>
                        {list.into_iter().map(|c| view! { <CertificateItem certificate=c/> }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <Show when=move || can_edit.get()>
                <form class="subcard" aria-labelledby="certificate-upload-title" novalidate on:submit=submit>
                    <h3 id="certificate-upload-title">{tr(Msg::UploadCertificate)}</h3>
                    <FileField id=FILE_INPUT label=text(Msg::CertificateFile) hint=text(Msg::CertificateFileHint)
                        error=file_error on_choose=Callback::new(move |name| file_name.set(name))/>
                    <TextField id="certificate-region" label=text(Msg::IssuingRegion) value=region
                        hint=text(Msg::IssuingRegionHint) error=error_for(Field::CertificateRegion)/>
                    <TextField id="certificate-expiry" label=text(Msg::ExpiryDate) value=expires_on kind="date"
                        error=error_for(Field::CertificateExpiry)/>
                    <p class="loading" role="status">{move || uploaded.get().then(|| i18n.t(Msg::CertificateUploaded))}</p>
                    <SubmitButton pending=pending label=Msg::Upload/>
                </form>
            </Show>
        </section>
    }
}

#[component]
fn CertificateItem(
    /// The certificate to show.
    certificate: Certificate,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = certificate;
    let name = c.file_name.clone();
    let label = move || format!("{} {name}", i18n.t(Msg::Download));
    let href = downloads::url(downloads::TAX_CERTIFICATE, c.id);
    let status = c.status;
    let (submitted_at, submitted_by) = (c.submitted_at, c.submitted_by.clone());
    let accepted = c.accepted_at.zip(c.accepted_by.clone());
    view! {
        <li class="location">
            <p><strong>{c.file_name.clone()}</strong>" "<span class="tag">{tr(status_msg(status))}</span></p>
            <p>{tr(Msg::IssuingRegion)}": "{c.region.clone()}" · "{tr(Msg::ExpiryDate)}": "{let d = c.expires_on.clone(); move || format_date(&d, i18n.locale.get())}</p>
            <p class="muted">{tr(Msg::UploadedBy)}" "{submitted_by}" · "{move || format_time(submitted_at, i18n.locale.get())}</p>
            {accepted.map(|(at, by)| view! {
                <p class="muted">{tr(Msg::AcceptedBy)}" "{by}" · "{move || format_time(at, i18n.locale.get())}</p>
            })}
            <a class="button button-small" href=href download=c.file_name.clone() aria-label=label>{tr(Msg::Download)}</a>
        </li>
    }
}
