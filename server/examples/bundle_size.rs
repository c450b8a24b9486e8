//! Prints the bytes of each shipped client file and the total, raw, gzip and brotli, exactly as
//! the server precompresses and serves them. Run through `scripts/bench-bundle`.

use std::path::PathBuf;

/// The stage's budget for the whole first load, brotli-compressed.
const BUDGET_BROTLI: usize = 300 * 1024;

fn main() {
    let dir: PathBuf = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "dist".into())
        .into();
    let assets = server::Assets::load(&dir).unwrap_or_else(|e| {
        eprintln!("cannot load {}: {e}", dir.display());
        std::process::exit(1);
    });
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    let (mut raw, mut gzip, mut brotli) = (0, 0, 0);
    for (path, r, g, b) in assets.sizes() {
        println!("{path:<44} {r:>10} {g:>10} {b:>10}");
        raw += r;
        gzip += g;
        brotli += b;
    }
    println!(
        "{:<44} {raw:>10} {gzip:>10} {brotli:>10}",
        "total (first load)"
    );
    println!(
        "budget: {} B brotli; used {:.0}%",
        BUDGET_BROTLI,
        brotli as f64 * 100.0 / BUDGET_BROTLI as f64
    );
}
