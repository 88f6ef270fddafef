//! Writes synthetic meetings for load tests:
//! `cargo run --release --example generate -- DIR MEETINGS ITEMS`
//! (e.g. `… /tmp/gen 10000 9` for 10,000 seed-sized meetings).

// A program of its own, like the binary: it may read its arguments.
#[allow(clippy::disallowed_methods)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(n), Some(items)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: generate DIR MEETINGS ITEMS");
        std::process::exit(2);
    };
    let n: u64 = n.parse().expect("MEETINGS is a number");
    let items: usize = items.parse().expect("ITEMS is a number");
    std::fs::create_dir_all(dir).expect("create DIR");
    for i in 0..n {
        // A hundred files per folder, as a year of meetings per body might be kept.
        let sub = format!("{dir}/{:03}", i / 100);
        std::fs::create_dir_all(&sub).expect("create folder");
        let json = protokoll::synthetic::meeting(i, items);
        std::fs::write(
            format!("{sub}/meeting-{i:05}.json"),
            serde_json::to_string_pretty(&json).unwrap(),
        )
        .expect("write");
    }
    eprintln!("{n} meetings of {items} items in {dir}");
}
