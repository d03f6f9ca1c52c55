#!/usr/bin/env bash
# Whole-process timings of `amends pdf` on the benchmark report (3 pages) and
# its 27-page variant, beside pandoc + wkhtmltopdf when both are installed.
# Median of RUNS runs after a warm-up. Usage: benches/whole-process.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
cargo build --release --quiet
bin=target/release/amends
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp benches/report-3p.md "$work/report-3p.md"
for n in $(seq 1 10); do
  sed "s/^# /## Part $n: /" benches/report-3p.md
  echo
done > "$work/report-27p.md"

# Median wall time in milliseconds of a command: with hyperfine (no shell
# in between) when it is installed, else timed by this script around each run
# (which adds the cost of starting `date`, about a millisecond).
median_ms() {
  if command -v hyperfine >/dev/null && command -v python3 >/dev/null; then
    hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/h.json" "$*" >/dev/null 2>&1
    python3 -c "import json,sys; print('%.1f' % (json.load(open(sys.argv[1]))['results'][0]['median'] * 1000))" "$work/h.json"
    return
  fi
  "$@" >/dev/null 2>&1
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
  done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}

printf '%-34s %10s %10s %12s %12s\n' pipeline "3 pages" "27 pages" "3p size" "27p size"
t3=$(median_ms "$bin" pdf "$work/report-3p.md" -o "$work/a3.pdf")
t27=$(median_ms "$bin" pdf "$work/report-27p.md" -o "$work/a27.pdf")
printf '%-34s %8s ms %8s ms %10s B %10s B\n' "amends pdf" "$t3" "$t27" \
  "$(stat -c %s "$work/a3.pdf")" "$(stat -c %s "$work/a27.pdf")"
printf '  pages: %s and %s\n' \
  "$(grep -c '/Type/Page\b' "$work/a3.pdf" || true)" "$(grep -c '/Type/Page\b' "$work/a27.pdf" || true)"

if command -v pandoc >/dev/null && command -v wkhtmltopdf >/dev/null; then
  t3=$(median_ms pandoc "$work/report-3p.md" --pdf-engine=wkhtmltopdf -o "$work/p3.pdf")
  t27=$(median_ms pandoc "$work/report-27p.md" --pdf-engine=wkhtmltopdf -o "$work/p27.pdf")
  printf '%-34s %8s ms %8s ms %10s B %10s B\n' "pandoc + wkhtmltopdf" "$t3" "$t27" \
    "$(stat -c %s "$work/p3.pdf")" "$(stat -c %s "$work/p27.pdf")"
else
  echo "(pandoc and wkhtmltopdf are not installed: apt-get install pandoc wkhtmltopdf to compare)"
fi
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
