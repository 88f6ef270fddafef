//! Renders the seed protocol many times in one process, for profilers
//! (`perf record`, `valgrind --tool=callgrind`): `cargo run --release --example profile_seed 200`.

// A program of its own, like the binary: it may read its arguments.
#[allow(clippy::disallowed_methods)]
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let json = include_str!("../samples/regionalt-samverkansrad-2020-09-25.json");
    let res = protokoll::resources::MemoryResources::default();
    let mut bytes = 0;
    for _ in 0..n {
        bytes += protokoll::render_pdf(json, &res, &Default::default())
            .unwrap()
            .pdf
            .len();
    }
    println!("{n} renders, {bytes} bytes");
}
