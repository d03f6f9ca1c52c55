#!/usr/bin/env bash
# A short fuzzing run of every target, seeded with the samples and fixtures.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); CI does not run this.
# Usage: fuzz/smoke.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60, all targets)
#   incident      any bytes as an incident file, to Markdown and JSON
#   markdown_pdf  any Markdown to PDF
#   diff          two texts (split at the first 0xFF byte) through the redline
#   lint          random Unicode in every text field, through the review
#   logo          any bytes as the provider's logo (PNG or JPEG), into a letterhead
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(incident markdown_pdf diff lint logo)
mkdir -p corpus/incident corpus/markdown_pdf corpus/diff corpus/lint corpus/logo
cp ../samples/*.yaml ../tests/fixtures/robustness/*.yaml corpus/incident/
# The batch sample: plans, regions and translations.
cp ../samples/batch/incident.yaml corpus/incident/batch-incident.yaml
cp ../tests/fixtures/pdf/*.md ../benches/report-3p.md corpus/markdown_pdf/
cp ../tests/fixtures/pdf/*.md ../benches/report-3p.md corpus/diff/
cp ../tests/fixtures/pdf/*.md corpus/lint/
# Inputs that crashed a target once (kept so that a fix stays a fix).
cp seeds/diff/* corpus/diff/
cp seeds/lint/* corpus/lint/
cp seeds/markdown_pdf/* corpus/markdown_pdf/
# Hostile logos: cut short, CMYK/YCCK, arithmetic, 12-bit, 65535 px, bad lengths.
cp seeds/logo/* corpus/logo/
# cargo-fuzz passes nightly-only flags; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  cargo fuzz run --sanitizer none "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536
done
