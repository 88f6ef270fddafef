#!/usr/bin/env bash
# A year of generated meetings as an archive package (see README, "Archive package"):
#   1. generate N meetings (default 1,000) and render them with `protokoll batch`;
#   2. time `protokoll package` (folder and tar) against writing the PDFs' bytes once;
#   3. validate the package with eark-validator (offline, tests/eark-validate).
# Usage: scripts/package-year.sh [N]   (PROTOKOLL_EARK_PYTHON: the Python with eark-validator)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
python=${PROTOKOLL_EARK_PYTHON:-python3}
cargo build --release --quiet --example generate --bin protokoll
bin=target/release/protokoll
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

target/release/examples/generate "$work/in" "$n" 9 2>/dev/null
"$bin" batch "$work/in" -o "$work/out" 2>"$work/batch.log"
tail -1 "$work/batch.log"
sync
start=$(now)
find "$work/out" -name '*.pdf' -print0 | sort -z | xargs -0 cat >"$work/all-pdfs.bin"
sync
end=$(now)
bytes=$(echo "$end - $start" | bc)
echo "writing the $n PDFs' bytes ($(du -sh "$work/all-pdfs.bin" | cut -f1)): $bytes s"
for mode in folder tar; do
  flag=""; [ "$mode" = tar ] && flag=--tar
  start=$(now)
  "$bin" package "$work/out" -o "$work/pkg-$mode" --id "sip-year" --created 2026-01-01T00:00:00Z $flag
  sync
  end=$(now)
  t=$(echo "$end - $start" | bc)
  echo "package ($mode): $t s = $(echo "scale=2; $t / $bytes" | bc)× writing the PDFs' bytes"
done
"$python" tests/eark-validate "$work/pkg-tar/sip-year.tar" >"$work/validate.json" 2>"$work/validate.err" || true
tail -1 "$work/validate.json"
sort "$work/validate.err" | uniq -c
