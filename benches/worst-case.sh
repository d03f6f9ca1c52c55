#!/usr/bin/env bash
# Worst cases for the typesetter: Markdown files just under 1 MiB (the input
# limit) built to hit each part that could grow faster than the input:
# emphasis runs in one paragraph (line breaking), heading lines (outline),
# footnotes (numbering), link references, deep nesting, a table cell of
# 100,000 words (row splitting), and plain text. Prints the whole-process
# time of `amends pdf` for each, the median of RUNS runs (the goal is < 2 s).
# Usage: benches/worst-case.sh [RUNS] [KEEP_DIR]   (default 3 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/amends
runs=${1:-3}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
limit=$((1024 * 1024 - 64))

# Repeats a line until the file is just under the limit.
fill() { # file, line (printf format with %d)
  awk -v fmt="$2" -v limit="$limit" 'BEGIN { n = 0; size = 0;
    while (1) { line = sprintf(fmt, n); if (size + length(line) + 1 > limit) break;
      print line; size += length(line) + 1; n++ } }' > "$1"
}

# One paragraph of alternating *emphasis* and plain words.
awk -v limit="$limit" 'BEGIN { size = 0; while (size < limit - 16) { printf "*a* b "; size += 6 } print "" }' > "$work/emphasis.md"
fill "$work/headings.md" '# H%d'
# As many footnote references as fit with their definitions.
awk -v limit="$limit" 'BEGIN { n = 0; size = 0; while (size < limit) { size += 3 * length(sprintf("%d", n)) + 23; n++ } n--;
  for (i = 0; i < n; i++) printf "Text[^%d].\n", i; print ""; for (i = 0; i < n; i++) printf "[^%d]: Note %d.\n", i, i }' > "$work/footnotes.md"
# As many reference links as fit with their definitions.
awk -v limit="$limit" 'BEGIN { n = 0; size = 0; while (size < limit) { size += 3 * length(sprintf("%d", n)) + 30; n++ } n--;
  for (i = 0; i < n; i++) printf "[l%d] ", i; print ""; print ""; for (i = 0; i < n; i++) printf "[l%d]: https://e.example/%d\n", i, i }' > "$work/linkrefs.md"
# 10,000 nested quotes, then list items nested as deep as the limit allows.
awk -v limit="$limit" 'BEGIN { for (i = 0; i < 10000; i++) printf "> "; print "deep"; print "";
  size = 20006; for (i = 0; size + 2 * i + 7 < limit; i++) { for (j = 0; j < i; j++) printf "  "; print "- item"; size += 2 * i + 7 } }' > "$work/nesting.md"
awk -v limit="$limit" 'BEGIN { print "| a | b |"; print "|---|---|"; printf "| x | "; size = 30; while (size < limit - 16) { printf "word "; size += 5 } print "|" }' > "$work/table-cell.md"
fill "$work/plain.md" 'Line %d of plain text, with words of ordinary length to break into lines.'

# Wall time, and CPU time (user + system, from GNU time when installed),
# which a busy shared machine inflates less; medians of the runs.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each"
printf '%-12s %14s %10s %10s %14s\n' case input wall cpu PDF
for case in emphasis headings footnotes linkrefs nesting table-cell plain; do
  file="$work/$case.md"
  walls=() cpus=()
  for _ in $(seq "$runs"); do
    # A PDF left by an older build may lack the status that lets it be replaced.
    rm -f "$work/$case.pdf"
    start=$(date +%s%N)
    if [ -x /usr/bin/time ]; then
      cpus+=("$(/usr/bin/time -f '%U %S' "$bin" pdf "$file" -o "$work/$case.pdf" 2>&1 >/dev/null | tail -1 |
        awk '{ printf "%d", ($1 + $2) * 1000 }')") || { echo "($case: amends pdf failed)"; exit 1; }
    else
      "$bin" pdf "$file" -o "$work/$case.pdf" >/dev/null 2>&1 || echo "($case: amends pdf failed)"
    fi
    end=$(date +%s%N)
    walls+=($(((end - start) / 1000000)))
  done
  wall=$(printf '%s\n' "${walls[@]}" | median)
  cpu=$([ ${#cpus[@]} -gt 0 ] && printf '%s\n' "${cpus[@]}" | median || echo "-")
  printf '%-12s %8d bytes %7d ms %7s ms %12d B\n' "$case" "$(stat -c %s "$file")" "$wall" "$cpu" "$(stat -c %s "$work/$case.pdf" 2>/dev/null || echo 0)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ)"
