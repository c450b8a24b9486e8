//! The styles of the workspace's lists: a toolbar of filters, and a table that is rows on a
//! desktop and on a phone one card per row, each cell's label (its `data-label`) beside its
//! value, so nothing scrolls sideways.

use leptos::prelude::*;

stylance::import_crate_style!(pub style, "src/components/list.module.css");

/// An email address that a narrow column wraps after its `@` and its dots rather than
/// mid-word ("reviewer@ / platform. / example", not "review / er@pla / tform").
pub fn email_cell(email: &str) -> impl IntoView {
    breakable(email)
}

/// Text that a narrow column may also wrap after the `@`, dots, slashes, hyphens and
/// underscores inside long tokens (addresses, IDs, file names), besides its spaces, so the
/// column never needs to break a word elsewhere nor to widen the table.
pub fn breakable(text: &str) -> Vec<AnyView> {
    let mut parts = Vec::new();
    for (i, piece) in text.split_inclusive(['@', '.', '/', '-', '_']).enumerate() {
        if i > 0 {
            parts.push(view! { <wbr/> }.into_any());
        }
        parts.push(piece.to_owned().into_any());
    }
    parts
}
