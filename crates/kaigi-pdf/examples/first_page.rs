//! Benchmark: time from opening a PDF to page pixels, through the real worker.
//!
//! `first_page FILE [PAGE=1] [DPI=150] [RUNS=7]` prints the worker start time and
//! the median open+render time, one `key=value` per line.

use std::path::PathBuf;
use std::time::Instant;

use kaigi_pdf::{PdfClient, WorkerCommand};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let file = PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: first_page FILE [PAGE] [DPI] [RUNS]"))?,
    );
    let page: u32 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1);
    let dpi: f32 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(150.0);
    let runs: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(7);

    let worker = std::env::current_exe()?
        .parent()
        .and_then(|d| d.parent())
        .map(|d| d.join("kaigi-pdf-worker"))
        .ok_or_else(|| anyhow::anyhow!("cannot locate kaigi-pdf-worker"))?;
    let started = Instant::now();
    let client = PdfClient::start(WorkerCommand {
        program: worker,
        args: Vec::new(),
        env: Vec::new(),
    })?;
    println!(
        "engine_start_ms={:.1}",
        started.elapsed().as_secs_f64() * 1000.0
    );

    let mut times = Vec::with_capacity(runs);
    let mut size = (0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        let doc = client.open(&file, None)?;
        let pixels = client.render_page(doc.id, page - 1, dpi / 72.0)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        size = (pixels.width, pixels.height);
        client.close(doc.id);
    }
    times.sort_by(f64::total_cmp);
    println!("first_page_ms_median={:.1}", times[times.len() / 2]);
    println!("first_page_ms_min={:.1}", times[0]);
    println!("page_pixels={}x{}", size.0, size.1);

    // Every page once, in order, through the same open document.
    let doc = client.open(&file, None)?;
    let mut per_page = Vec::new();
    for index in 0..doc.page_count {
        let t = Instant::now();
        client.render_page(doc.id, index, dpi / 72.0)?;
        per_page.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    client.close(doc.id);
    per_page.sort_by(f64::total_cmp);
    println!("worker_page_ms_median={:.1}", per_page[per_page.len() / 2]);
    println!(
        "worker_page_ms_mean={:.1}",
        per_page.iter().sum::<f64>() / per_page.len() as f64
    );
    Ok(())
}
