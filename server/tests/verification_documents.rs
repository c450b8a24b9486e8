//! Documents attached to the answer to a reviewer's question during verification, over HTTP on
//! SQLite and PostgreSQL: type read from the content, size capped (by the upload's own check
//! and, far larger, by the guard before the body is read), at most five, only to the caller's
//! own open question, downloaded only by the owning account or a platform reviewer.

mod common;

use backend::seed::REVIEWER_EMAIL;
use common::{
    as_fabrikam, browser, download, error_of, ok_json, reviewer_asks_fabrikam, signed_in,
    spawn_app, spawn_app_on_postgres, TestApp, PDF, PNG,
};
use domain::error::ConflictKind;
use domain::files::encode_base64;
use domain::verification::MAX_DOCUMENT_BYTES;
use domain::{ApiError, Field, Invalid, Role};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const OWN: &str = "/files/verification-documents";
const REVIEW: &str = "/files/review/verification-documents";

async fn attach(app: &TestApp, client: &Client, name: &str, content: &[u8]) -> reqwest::Response {
    app.call(
        client,
        "verification_document_upload",
        json!({ "upload": { "file_name": name, "content_base64": encode_base64(content) } }),
    )
    .await
}

fn document_field(reason: Invalid) -> (StatusCode, ApiError) {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        ApiError::invalid(Field::VerificationDocument, reason),
    )
}

fn not_now() -> (StatusCode, ApiError) {
    (
        StatusCode::CONFLICT,
        ApiError::Conflict(ConflictKind::VerificationStep),
    )
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["file_name"].as_str().unwrap())
        .collect()
}

async fn documents_go_with_the_answer(app: TestApp) {
    let partner = as_fabrikam(&app, Role::AccountAdmin).await;
    let reviewer = signed_in(&app, REVIEWER_EMAIL).await;

    // Nothing to attach to before the reviewer asks.
    assert_eq!(
        error_of(attach(&app, &partner, "early.pdf", PDF).await).await,
        not_now()
    );
    let account_id = reviewer_asks_fabrikam(&app, &partner, &reviewer).await;

    // The type is read from the content, not the name.
    let html = b"<html><body>I am not a PDF</body></html>";
    assert_eq!(
        error_of(attach(&app, &partner, "registration.pdf", html).await).await,
        document_field(Invalid::FileType)
    );
    assert_eq!(
        error_of(attach(&app, &partner, "empty.pdf", b"").await).await,
        document_field(Invalid::Required)
    );
    // One byte over 10 MB: refused beside the field.
    let ten_mb = Invalid::FileTooLarge {
        max_bytes: 10 * 1024 * 1024,
    };
    let mut too_big = PDF.to_vec();
    too_big.resize(MAX_DOCUMENT_BYTES as usize + 1, b' ');
    assert_eq!(
        error_of(attach(&app, &partner, "big.pdf", &too_big).await).await,
        document_field(ten_mb.clone())
    );
    // Far larger: refused by the server's guard before the body is read to its end.
    let huge = vec![b'A'; 16 * 1024 * 1024];
    assert_eq!(
        error_of(attach(&app, &partner, "huge.pdf", &huge).await).await,
        document_field(ten_mb)
    );
    // A Billing admin sees the verification but does not answer it.
    let billing = as_fabrikam(&app, Role::BillingAdmin).await;
    assert_eq!(
        attach(&app, &billing, "registration.pdf", PDF)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // A PDF and a PNG (named .pdf: stored as the PNG it is), then three more: five.
    let list = ok_json(attach(&app, &partner, "C:\\fakepath\\registration.pdf", PDF).await).await;
    assert_eq!(names(&list), ["registration.pdf"]);
    assert_eq!(list[0]["content_type"], "application/pdf");
    assert_eq!(list[0]["size"], PDF.len() as i64);
    let list = ok_json(attach(&app, &partner, "scan.pdf", PNG).await).await;
    assert_eq!(names(&list), ["registration.pdf", "scan.pdf.png"]);
    assert_eq!(list[1]["content_type"], "image/png");
    for name in ["a.pdf", "b.pdf", "c.pdf"] {
        ok_json(attach(&app, &partner, name, PDF).await).await;
    }
    // A sixth is refused, counted before the file is read.
    assert_eq!(
        error_of(attach(&app, &partner, "sixth.pdf", PDF).await).await,
        document_field(Invalid::TooManyFiles { max: 5 })
    );
    let view = ok_json(app.call(&partner, "verification", json!({})).await).await;
    assert_eq!(view["attached"].as_array().unwrap().len(), 5);
    let pdf_id = view["attached"][0]["id"].as_i64().unwrap();
    let last_id = view["attached"][4]["id"].as_i64().unwrap();

    // Another account (Contoso, its verification asking nothing) cannot reach this question:
    // its upload has no question of its own to go to, and Fabrikam's documents are not its.
    let contoso = signed_in(&app, &backend::seed::demo_email(Role::GlobalAdmin)).await;
    assert_eq!(
        error_of(attach(&app, &contoso, "theirs.pdf", PDF).await).await,
        not_now()
    );
    assert_eq!(
        error_of(
            app.call(
                &contoso,
                "verification_document_remove",
                json!({ "id": last_id })
            )
            .await
        )
        .await,
        (StatusCode::NOT_FOUND, ApiError::NotFound)
    );
    // Removing one before the answer is sent frees a place.
    let list = ok_json(
        app.call(
            &partner,
            "verification_document_remove",
            json!({ "id": last_id }),
        )
        .await,
    )
    .await;
    assert_eq!(
        names(&list),
        ["registration.pdf", "scan.pdf.png", "a.pdf", "b.pdf"]
    );

    // The company downloads its own, byte for byte, as an attachment of the type read from the
    // content, sandboxed, never cached; a Billing admin (who sees the page) too.
    for client in [&partner, &billing] {
        let file = download(&app, client, OWN, pdf_id).await;
        assert_eq!(file.status(), StatusCode::OK);
        let header = |name: &str| file.headers()[name].to_str().unwrap().to_owned();
        assert_eq!(header("content-type"), "application/pdf");
        assert_eq!(
            header("content-disposition"),
            "attachment; filename=\"registration.pdf\"; filename*=UTF-8''registration.pdf"
        );
        assert!(header("content-security-policy").starts_with("sandbox"));
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("cache-control"), "no-store");
        assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);
    }
    // Another account's document does not exist for it; nobody signed out gets it; the
    // reviewers' address is theirs alone; another site cannot fetch it with the cookie.
    for (client, prefix, status) in [
        (&contoso, OWN, StatusCode::NOT_FOUND),
        (&browser(), OWN, StatusCode::UNAUTHORIZED),
        (&partner, REVIEW, StatusCode::FORBIDDEN),
        (
            &as_fabrikam(&app, Role::Marketer).await,
            OWN,
            StatusCode::FORBIDDEN,
        ),
    ] {
        let r = download(&app, client, prefix, pdf_id).await;
        assert_eq!(r.status(), status, "{prefix}");
        assert!(!r.bytes().await.unwrap().starts_with(b"%PDF"));
    }
    let cross_site = partner
        .get(format!("{}{OWN}/{pdf_id}", app.base))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);

    // The answer takes the documents with it: the reviewer sees them on the answer and
    // downloads them.
    ok_json(
        app.call(
            &partner,
            "verification_step",
            json!({ "step": { "Answer": { "message": "Attached the certificate" } } }),
        )
        .await,
    )
    .await;
    let (view, _locations): (Value, Value) = serde_json::from_value(
        ok_json(
            app.call(
                &reviewer,
                "review_company",
                json!({ "account_id": account_id }),
            )
            .await,
        )
        .await,
    )
    .unwrap();
    assert_eq!(view["attached"], json!([]));
    let answer = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["step"].get("Answer").is_some())
        .expect("the answer is in the history");
    assert_eq!(
        names(&answer["documents"]),
        ["registration.pdf", "scan.pdf.png", "a.pdf", "b.pdf"]
    );
    let png_id = answer["documents"][1]["id"].as_i64().unwrap();
    let file = download(&app, &reviewer, REVIEW, png_id).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "image/png");
    assert_eq!(file.bytes().await.unwrap().as_ref(), PNG);
    // Sent, a document stays with its answer; nothing more is attached until the next question.
    assert_eq!(
        error_of(
            app.call(
                &partner,
                "verification_document_remove",
                json!({ "id": png_id })
            )
            .await
        )
        .await,
        (StatusCode::NOT_FOUND, ApiError::NotFound)
    );
    assert_eq!(
        error_of(attach(&app, &partner, "late.pdf", PDF).await).await,
        not_now()
    );

    // The uploads are in the company's audit log.
    let admin = as_fabrikam(&app, Role::GlobalAdmin).await;
    let log = ok_json(
        app.call(
            &admin,
            "audit",
            json!({ "filter": { "user": "", "area": { "In": "LegalInfo" }, "from": null, "to": null } }),
        )
        .await,
    )
    .await;
    let attached: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "VerificationDocumentAttached")
        .collect();
    assert_eq!(attached.len(), 5);
    assert!(attached
        .iter()
        .any(|e| e["after"] == json!([{ "Text": "registration.pdf" }])));
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "VerificationDocumentRemoved"
            && e["before"] == json!([{ "Text": "c.pdf" }])));
}

#[tokio::test]
async fn documents_go_with_the_answer_on_sqlite() {
    documents_go_with_the_answer(spawn_app(true).await).await;
}

#[tokio::test]
async fn documents_go_with_the_answer_on_postgresql() {
    let Some(app) = spawn_app_on_postgres(true).await else {
        return;
    };
    documents_go_with_the_answer(app).await;
}
