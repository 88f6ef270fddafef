//! Rendering the seed protocol in-process, whole and stage by stage, so the README can say
//! where the time goes, and a municipal protocol whole. Run with `cargo bench`.

use criterion::{criterion_group, criterion_main, Criterion};
use protokoll::render::{Conformance, PdfInfo};
use protokoll::resources::{FolderResources, MemoryResources};
use std::hint::black_box;

const SEED: &str = include_str!("../samples/regionalt-samverkansrad-2020-09-25.json");

fn stages(c: &mut Criterion) {
    let res = MemoryResources::default();
    let options = protokoll::RenderOptions::default();
    c.bench_function("seed: whole pipeline (JSON → PDF/A-2a bytes)", |b| {
        b.iter(|| protokoll::render_pdf(black_box(SEED), &res, &options).unwrap())
    });
    c.bench_function("seed: parse + validate", |b| {
        b.iter(|| protokoll::prepare(black_box(SEED), None, &res).unwrap())
    });
    let prepared = protokoll::prepare(SEED, None, &res).unwrap();
    c.bench_function("seed: layout", |b| {
        b.iter(|| protokoll::lay_out(black_box(&prepared), &Default::default()))
    });
    let doc = protokoll::lay_out(&prepared, &Default::default());
    let info = PdfInfo {
        document_id: "bench".into(),
        source: None,
    };
    c.bench_function("seed: render (krilla, PDF/A-2a)", |b| {
        b.iter(|| protokoll::render::render(black_box(&doc), Conformance::A2a, &info).unwrap())
    });
    // A municipal protocol with a logo, an attached file and a närvarolista: the form most
    // documents take.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/kommunstyrelsen");
    let ks = std::fs::read_to_string(format!("{dir}/kommunstyrelsen-2024-03-12.json")).unwrap();
    let folder = FolderResources::new(dir);
    c.bench_function(
        "kommunstyrelsen: whole pipeline (JSON → PDF/A-3a bytes)",
        |b| b.iter(|| protokoll::render_pdf(black_box(&ks), &folder, &options).unwrap()),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(60).measurement_time(std::time::Duration::from_secs(4));
    targets = stages
}
criterion_main!(benches);
