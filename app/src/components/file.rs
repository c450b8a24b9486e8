//! Choosing a file to upload: the file input with its label, hint and error beside it, and
//! reading the chosen file in the browser with the checks the server makes too (size before
//! reading, type by content after: `domain::files`), so a wrong file is refused at once,
//! beside the field, without sending it.

use domain::files::{encode_base64, FileRule, ACCEPT};
use domain::ApiError;
use leptos::prelude::*;

/// A file input (PDF, PNG or JPEG) with a visible label, a hint and its error announced with
/// the field.
#[component]
pub fn FileField(
    /// The element id (unique on the page); the hint and error ids derive from it.
    id: &'static str,
    /// The visible label.
    #[prop(into)]
    label: Signal<&'static str>,
    /// What may be chosen (types, size), under the label.
    #[prop(into)]
    hint: Signal<&'static str>,
    /// The error to show beside the field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// While true the input cannot be used (an upload under way).
    #[prop(optional, into)]
    disabled: MaybeProp<bool>,
    /// Runs when a file is chosen, with the input's value (its name).
    #[prop(optional, into)]
    on_choose: Option<Callback<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = format!("{hint_id} {error_id}");
    view! {
        <div class="field">
            <label for=id class="field-label">{label}</label>
            <p id=hint_id class="muted">{hint}</p>
            <input id=id name=id type="file" accept=ACCEPT
                aria-describedby=described_by
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                disabled=move || disabled.get().unwrap_or(false)
                on:change=move |ev| {
                    if let Some(choose) = on_choose {
                        choose.run(event_target_value(&ev));
                    }
                }/>
            <p id=error_id class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// The file chosen in the file input `id`, if any (a browser `File` is not kept in a signal).
pub fn chosen_file(id: &str) -> Option<web_sys::File> {
    input(id).and_then(|i| i.files()).and_then(|l| l.get(0))
}

/// Empties the file input `id` (after an upload).
pub fn clear_chosen(id: &str) {
    if let Some(input) = input(id) {
        input.set_value("");
    }
}

fn input(id: &str) -> Option<web_sys::HtmlInputElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()
}

/// Reads `file` for upload under `rule`: its size is checked before reading, its content after
/// (the server checks both again). Gives its content in base64, as the upload carries it.
pub async fn read_for_upload(file: &web_sys::File, rule: FileRule) -> Result<String, ApiError> {
    rule.check_size(file.size() as u64)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| ApiError::Internal)?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    rule.check(&bytes)?;
    Ok(encode_base64(&bytes))
}

/// A file size in the user's language: bytes, KB or MB (1024 each), one decimal past KB.
pub fn format_size(bytes: i64, locale: domain::Locale) -> String {
    let (value, unit_en, unit_fr) = if bytes < 1024 {
        return match locale {
            domain::Locale::En => format!("{bytes} bytes"),
            domain::Locale::Fr => format!("{bytes} octets"),
        };
    } else if bytes < 1024 * 1024 {
        (bytes as f64 / 1024.0, "KB", "Ko")
    } else {
        (bytes as f64 / (1024.0 * 1024.0), "MB", "Mo")
    };
    match locale {
        domain::Locale::En => format!("{value:.1} {unit_en}"),
        domain::Locale::Fr => format!("{value:.1} {unit_fr}").replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::format_size;
    use domain::Locale;

    #[test]
    fn sizes_are_written_in_the_users_language() {
        assert_eq!(format_size(512, Locale::En), "512 bytes");
        assert_eq!(format_size(512, Locale::Fr), "512 octets");
        assert_eq!(format_size(1536, Locale::En), "1.5 KB");
        assert_eq!(format_size(1536, Locale::Fr), "1,5 Ko");
        assert_eq!(format_size(10 * 1024 * 1024, Locale::En), "10.0 MB");
        assert_eq!(format_size(3 * 1024 * 1024 / 2, Locale::Fr), "1,5 Mo");
    }
}
