#!/usr/bin/env bash
# Times protokoll at scale on generated meetings (see README, "Speed"):
#   1. `protokoll batch` over N seed-sized meetings (default 10,000), all cores;
#   2. one `protokoll render` process for the seed protocol (mean of 20 runs);
#   3. a 1,000-item protocol: time and peak memory of one process.
# Usage: scripts/bench-batch.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --release --quiet --example generate --bin protokoll
bin=target/release/protokoll
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

target/release/examples/generate "$work/in" "$n" 9 2>/dev/null
start=$(now)
"$bin" batch "$work/in" -o "$work/out" --force 2>"$work/batch.log" || true
end=$(now)
tail -1 "$work/batch.log"
echo "batch: $n protocols in $(echo "$end - $start" | bc) s = $(echo "$n / ($end - $start)" | bc) protocols/s on $(nproc) cores"

start=$(now)
for _ in $(seq 20); do "$bin" render samples/regionalt-samverkansrad-2020-09-25.json -o "$work/seed.pdf" 2>/dev/null; done
end=$(now)
echo "render process (seed): $(echo "($end - $start) * 1000 / 20" | bc) ms per process"

target/release/examples/generate "$work/big" 1 1000 2>/dev/null
big=$(find "$work/big" -name '*.json' | head -1)
# Pretty-printed, 1,000 items exceed the 1 MiB input limit; written compactly they do not.
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); json.dump(d, open(sys.argv[1], 'w'), ensure_ascii=False, separators=(',', ':'))" "$big"
/usr/bin/time -f "1000-item protocol: %e s, peak memory %M KB" "$bin" render "$big" -o "$work/big.pdf" 2>&1 | tail -1
target/release/examples/generate "$work/one" 1 1 2>/dev/null
one=$(find "$work/one" -name '*.json' | head -1)
/usr/bin/time -f "1-item protocol: %e s, peak memory %M KB" "$bin" render "$one" -o "$work/one.pdf" 2>&1 | tail -1
echo "pages of the 1000-item protocol: $(pdfinfo "$work/big.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')"
