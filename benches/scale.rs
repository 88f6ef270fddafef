//! How rendering cost grows with the length of a protocol: 1, 50 and 1,000 items.
//! Run with `cargo bench --bench scale`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use protokoll::resources::MemoryResources;
use std::hint::black_box;

fn by_items(c: &mut Criterion) {
    let res = MemoryResources::default();
    let options = protokoll::RenderOptions::default();
    let mut group = c.benchmark_group("render by items");
    group.sample_size(10);
    for items in [1usize, 50, 1000] {
        let json = protokoll::synthetic::meeting(1, items).to_string();
        group.bench_with_input(BenchmarkId::from_parameter(items), &json, |b, json| {
            b.iter(|| protokoll::render_pdf(black_box(json), &res, &options).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, by_items);
criterion_main!(benches);
