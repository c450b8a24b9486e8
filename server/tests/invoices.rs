//! Invoices over HTTP: the overdue job runs at start, so the demo's past-due invoice is overdue
//! and its notice waits in the outbox; the catalogue's roles see the list.

mod common;

use std::time::Duration;

use common::{as_role, spawn_app};
use domain::invoices::{Invoice, InvoiceStatus};
use domain::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_overdue_job_runs_at_start_and_the_list_shows_it() {
    let app = spawn_app(true).await;
    let financial = as_role(&app, Role::FinancialContributor).await;
    // The job starts with the server; wait (bounded) until its first round has run.
    let mut invoices: Vec<Invoice> = Vec::new();
    for _ in 0..100 {
        let r = app.call(&financial, "invoices", json!({})).await;
        assert_eq!(r.status(), StatusCode::OK);
        invoices = r.json().await.unwrap();
        if invoices.iter().any(|i| i.status == InvoiceStatus::Overdue) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(invoices.len(), 3, "{invoices:?}");
    // Newest first: not yet due, overdue, paid.
    assert_eq!(
        invoices.iter().map(|i| i.status).collect::<Vec<_>>(),
        [
            InvoiceStatus::Unpaid,
            InvoiceStatus::Overdue,
            InvoiceStatus::Paid
        ]
    );
    assert!(invoices
        .iter()
        .all(|i| i.number.starts_with("CTS-") && i.currency == "EUR"));
    let overdue = &invoices[1];
    let mailbox = serde_json::Value::from(common::outbox(&app).await);
    let notices: Vec<&serde_json::Value> = mailbox
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().contains(&overdue.number))
        .collect();
    assert_eq!(notices.len(), 1, "{mailbox}");
    assert_eq!(notices[0]["to"], "accounts-payable@contoso.example");

    // Outside the catalogue's roles the list is refused.
    let marketer = as_role(&app, Role::Marketer).await;
    let r = app.call(&marketer, "invoices", json!({})).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
