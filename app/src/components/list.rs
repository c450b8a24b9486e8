//! The styles of the workspace's lists: a toolbar of filters, and a table that is rows on a
//! desktop and on a phone one card per row, each cell's label (its `data-label`) beside its
//! value, so nothing scrolls sideways.

stylance::import_crate_style!(pub style, "src/components/list.module.css");
