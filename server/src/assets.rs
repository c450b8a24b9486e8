//! The built client, served from memory: hashed files cached for a year, `index.html` never
//! cached, each file precompressed once at start (brotli and gzip), and every unknown path of
//! the app answered with `index.html` so deep links and reloads work.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use base64::Engine;
use sha2::{Digest, Sha256};

pub struct Asset {
    content_type: &'static str,
    cache_control: &'static str,
    etag: String,
    raw: Vec<u8>,
    brotli: Option<Vec<u8>>,
    gzip: Option<Vec<u8>>,
}

pub struct Assets {
    files: HashMap<String, Asset>,
    /// `'sha256-…'` sources of the inline scripts of `index.html`, for the CSP.
    pub inline_script_hashes: Vec<String>,
}

const INDEX: &str = "/index.html";

impl Assets {
    /// Loads and compresses every file under `dir`.
    pub fn load(dir: &Path) -> std::io::Result<Assets> {
        let mut files = HashMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(folder) = stack.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let path = entry?.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                let url = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
                files.insert(url.clone(), Asset::new(&url, std::fs::read(&path)?));
            }
        }
        if !files.contains_key(INDEX) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "{} has no index.html: build the client first",
                    dir.display()
                ),
            ));
        }
        let inline_script_hashes = inline_scripts(&String::from_utf8_lossy(&files[INDEX].raw))
            .into_iter()
            .map(|script| {
                let digest = Sha256::digest(script.as_bytes());
                format!(
                    "'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            })
            .collect();
        Ok(Assets {
            files,
            inline_script_hashes,
        })
    }

    /// Every file with its raw, gzip and brotli sizes: (path, raw, gzip, brotli).
    pub fn sizes(&self) -> Vec<(String, usize, usize, usize)> {
        let mut sizes: Vec<_> = self
            .files
            .iter()
            .map(|(path, a)| {
                let size = |c: &Option<Vec<u8>>| c.as_ref().map_or(a.raw.len(), Vec::len);
                (path.clone(), a.raw.len(), size(&a.gzip), size(&a.brotli))
            })
            .collect();
        sizes.sort();
        sizes
    }

    /// Answers a GET for `path`: the file, or `index.html` for app routes, or 404 for a missing
    /// file (a path with an extension) so broken asset links fail loudly.
    pub fn respond(&self, path: &str, request_headers: &HeaderMap) -> Response<Body> {
        let asset = match self.files.get(path) {
            Some(asset) => asset,
            None if looks_like_a_file(path) => {
                return Response::builder()
                    .status(StatusCode::NOT_FOUND)
                    .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
                    .body(Body::from("Not found"))
                    .unwrap_or_default();
            }
            None => &self.files[INDEX],
        };
        asset.respond(request_headers)
    }
}

impl Asset {
    fn new(url: &str, raw: Vec<u8>) -> Asset {
        let content_type = content_type(url);
        let compressible = content_type.starts_with("text/")
            || content_type.contains("javascript")
            || content_type.contains("json")
            || content_type.contains("wasm")
            || content_type.contains("svg");
        let (brotli, gzip) = if compressible && raw.len() > 512 {
            (Some(brotli_bytes(&raw)), Some(gzip_bytes(&raw)))
        } else {
            (None, None)
        };
        let digest = Sha256::digest(&raw);
        let etag = format!(
            "\"{}\"",
            digest[..12]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        let cache_control = if url == INDEX {
            "no-store"
        } else if is_hashed(url) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        Asset {
            content_type,
            cache_control,
            etag,
            raw,
            brotli,
            gzip,
        }
    }

    fn respond(&self, request_headers: &HeaderMap) -> Response<Body> {
        let mut builder = Response::builder()
            .header(header::CONTENT_TYPE, self.content_type)
            .header(header::CACHE_CONTROL, self.cache_control)
            .header(header::VARY, "Accept-Encoding");
        if self.cache_control != "no-store" {
            builder = builder.header(header::ETAG, &self.etag);
            let matches = request_headers
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.split(',').any(|t| t.trim() == self.etag));
            if matches {
                return builder
                    .status(StatusCode::NOT_MODIFIED)
                    .body(Body::empty())
                    .unwrap_or_default();
            }
        }
        let accepts = request_headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let (body, encoding) = match (&self.brotli, &self.gzip) {
            (Some(br), _) if accepts_encoding(accepts, "br") => (br.clone(), Some("br")),
            (_, Some(gz)) if accepts_encoding(accepts, "gzip") => (gz.clone(), Some("gzip")),
            _ => (self.raw.clone(), None),
        };
        if let Some(encoding) = encoding {
            builder = builder.header(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        builder.body(Body::from(body)).unwrap_or_default()
    }
}

fn accepts_encoding(header: &str, encoding: &str) -> bool {
    header.split(',').any(|part| {
        let mut pieces = part.split(';');
        let name = pieces.next().unwrap_or_default().trim();
        let refused = pieces.any(|p| p.trim().replace(' ', "") == "q=0");
        name.eq_ignore_ascii_case(encoding) && !refused
    })
}

fn looks_like_a_file(path: &str) -> bool {
    path.starts_with("/api/")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
}

/// Trunk names built files `name-<16 hex digits>.ext`.
fn is_hashed(url: &str) -> bool {
    let file = url.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit('-')
        .next()
        .is_some_and(|h| h.len() == 16 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

fn content_type(url: &str) -> &'static str {
    match url.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" | "webmanifest" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn brotli_bytes(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        let _ = writer.write_all(raw);
    }
    out
}

fn gzip_bytes(raw: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(raw);
    encoder.finish().unwrap_or_default()
}

/// The bodies of `<script>` elements without `src` (Trunk's loader is one).
fn inline_scripts(html: &str) -> Vec<String> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let open_tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        if !open_tag.contains(" src=") {
            scripts.push(after[body_start..body_start + close].to_owned());
        }
        rest = &after[body_start + close..];
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed("/app-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed("/app-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed("/main-0123456789abcdef.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/favicon.ico"));
    }

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = r#"<script src="/x.js"></script><script type="module">init()</script>"#;
        assert_eq!(inline_scripts(html), vec!["init()".to_string()]);
    }

    #[test]
    fn encodings_with_q_zero_are_not_accepted() {
        assert!(accepts_encoding("gzip, deflate, br", "br"));
        assert!(!accepts_encoding("gzip, br;q=0", "br"));
        assert!(!accepts_encoding("", "gzip"));
    }
}
