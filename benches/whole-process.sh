#!/usr/bin/env bash
# Whole-process timings of `amends pdf` on the benchmark report (3 pages) and
# its 27-page variant, side by side with pandoc + wkhtmltopdf on the same
# files: median wall time of RUNS runs after 3 warm-ups, and mean CPU time (user +
# system, which a machine loaded by other work inflates less), PDF sizes, and
# amends' margin over pandoc + wkhtmltopdf (the claim: at least 50 times
# faster, and a 3-page PDF under 30 KB).
#
# Needs: a Rust toolchain; hyperfine and python3 (`apt-get install hyperfine
# python3`; without them a shell timer measures wall time only); for the
# comparison, pandoc and wkhtmltopdf (`apt-get install pandoc wkhtmltopdf`:
# Debian's 0.12.6 runs without an X server here; where it does not, the
# script sets QT_QPA_PLATFORM=offscreen when DISPLAY is unset). pandoc's
# wkhtmltopdf route waits for wkhtmltopdf's default 200 ms JavaScript delay,
# which is part of its whole-process time as a user meets it.
# Usage: benches/whole-process.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
cargo build --release --quiet
bin=target/release/amends
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -z "${DISPLAY:-}" ] && export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

cp benches/report-3p.md "$work/report-3p.md"
for n in $(seq 1 10); do
  sed "s/^# /## Part $n: /" benches/report-3p.md
  echo
done > "$work/report-27p.md"

# "WALL CPU" in milliseconds: medians from hyperfine (no shell in between)
# when it is installed, else the wall time timed by this script around each
# run (which adds the cost of starting `date`, about a millisecond) and "-".
timing() {
  if command -v hyperfine >/dev/null && command -v python3 >/dev/null; then
    hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/h.json" "$*" >/dev/null 2>&1
    python3 - "$work/h.json" <<'EOF'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][0]
cpu = statistics.median(u + s for u, s in zip(r["user"], r["system"])) if "user" in r and isinstance(r["user"], list) else r["user"] + r["system"]
print("%.1f %.1f" % (r["median"] * 1000, cpu * 1000))
EOF
    return
  fi
  "$@" >/dev/null 2>&1
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
  done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f -\n", a[int((NR + 1) / 2)] / 1000 }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %18s %18s %10s %10s\n' pipeline "3 pages wall/CPU" "27 pages wall/CPU" "3p size" "27p size"
read -r a3 a3cpu < <(timing "$bin" pdf "$work/report-3p.md" -o "$work/a3.pdf")
read -r a27 a27cpu < <(timing "$bin" pdf "$work/report-27p.md" -o "$work/a27.pdf")
printf '%-22s %8s/%6s ms %8s/%6s ms %8s B %8s B\n' "amends pdf" "$a3" "$a3cpu" "$a27" "$a27cpu" \
  "$(stat -c %s "$work/a3.pdf")" "$(stat -c %s "$work/a27.pdf")"
printf '  pages: %s and %s\n' \
  "$(grep -c '/Type/Page\b' "$work/a3.pdf" || true)" "$(grep -c '/Type/Page\b' "$work/a27.pdf" || true)"

if command -v pandoc >/dev/null && command -v wkhtmltopdf >/dev/null; then
  pandoc_pdf() { pandoc "$1" --metadata pagetitle=report --pdf-engine=wkhtmltopdf -o "$2"; }
  if ! pandoc_pdf "$work/report-3p.md" "$work/p3.pdf" 2>"$work/pandoc.err"; then
    echo "(pandoc + wkhtmltopdf failed here: $(tail -1 "$work/pandoc.err"); try xvfb-run $0)"
    exit 0
  fi
  read -r p3 p3cpu < <(timing pandoc "$work/report-3p.md" --metadata pagetitle=report --pdf-engine=wkhtmltopdf -o "$work/p3.pdf")
  read -r p27 p27cpu < <(timing pandoc "$work/report-27p.md" --metadata pagetitle=report --pdf-engine=wkhtmltopdf -o "$work/p27.pdf")
  printf '%-22s %8s/%6s ms %8s/%6s ms %8s B %8s B\n' "pandoc + wkhtmltopdf" "$p3" "$p3cpu" "$p27" "$p27cpu" \
    "$(stat -c %s "$work/p3.pdf")" "$(stat -c %s "$work/p27.pdf")"
  awk -v a3="$a3" -v p3="$p3" -v a27="$a27" -v p27="$p27" -v size="$(stat -c %s "$work/a3.pdf")" 'BEGIN {
    printf "amends is %.0f times faster (3 pages) and %.0f times (27 pages), wall time; 3-page PDF %.1f KB\n",
      p3 / a3, p27 / a27, size / 1000
    printf "claim (at least 50 times, under 30 KB): %s\n", (p3 / a3 >= 50 && size < 30000) ? "held" : "NOT held" }'
else
  echo "(pandoc and wkhtmltopdf are not installed: apt-get install pandoc wkhtmltopdf to compare)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ)"
