#!/usr/bin/env bash
# Whole-process time of `amends diff` on two unrelated 880 KB drafts (the
# worst case: every paragraph differs, each from the same ten words), and of
# two drafts differing in one word per paragraph. The diff's search stops
# after redline::DEADLINE (2 s); the rest is parsing and writing.
# Median of RUNS runs. Usage: benches/diff-large.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet
bin=target/release/amends
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Paragraphs of 30 words drawn from ten, until the file has 880,000 bytes.
draft() {
  awk -v seed="$1" 'BEGIN {
    srand(seed); split("alpha beta gamma delta outage credit report payment customer service", w, " ");
    size = 0;
    while (size < 880000) {
      line = "";
      for (i = 0; i < 30; i++) line = line (i ? " " : "") w[int(rand() * 10) + 1];
      line = line ".";
      print line; print "";
      size += length(line) + 2;
    }
  }'
}
draft 1 > "$work/a.md"
draft 2 > "$work/b.md"
sed 's/alpha/ALPHA/' "$work/a.md" > "$work/c.md"

median_ms() {
  local times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

echo "unrelated drafts, 880 KB each: $(median_ms "$bin" diff "$work/a.md" "$work/b.md" -o "$work/r1.md") ms"
echo "one word per paragraph changed: $(median_ms "$bin" diff "$work/a.md" "$work/c.md" -o "$work/r2.md") ms"
