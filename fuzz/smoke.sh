#!/usr/bin/env bash
# A short fuzzing run of both targets, seeded with the samples and fixtures.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); CI does not run this.
# Usage: fuzz/smoke.sh [SECONDS_PER_TARGET]   (default 60)
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
mkdir -p corpus/incident corpus/markdown_pdf
cp ../samples/*.yaml ../tests/fixtures/robustness/*.yaml corpus/incident/
cp ../tests/fixtures/pdf/*.md ../benches/report-3p.md corpus/markdown_pdf/
# cargo-fuzz passes nightly-only flags; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
export RUSTC_BOOTSTRAP=1
for target in incident markdown_pdf; do
  cargo fuzz run --sanitizer none "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536
done
