#!/usr/bin/env bash
# A wide outage at scale: render the sample batch's incident for N generated
# customers (default 10,000; en, cs and vi where there is wording, six
# currencies, three plans, three regions) with md, json and pdf, in one
# process; report wall time and peak memory (GNU time's maximum resident set
# size). Then render the same letters one process per customer (a batch of
# one each, two at a time on 2 cores) for the first PER_FILE customers and
# scale that time to N. Usage: benches/batch.sh [N] [PER_FILE]
# BENCH_DIR=DIR puts the generated files and the letters in a new folder
# under DIR (default: the system's temporary folder), e.g. on another disk.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
per_file=${2:-300}
cargo build --release --quiet
bin=$PWD/target/release/amends
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/amends-batch.XXXXXX")
trap 'rm -rf "$work"' EXIT

cp samples/batch/incident.yaml "$work/incident.yaml"
languages="en cs"
if "$bin" templates dump "$work/t" >/dev/null 2>&1 && [ -f "$work/t/lang/vi.yaml" ]; then
  languages="en cs vi"
fi
python3 - "$n" "$languages" > "$work/customers.csv" <<'PY'
import sys
n, languages = int(sys.argv[1]), sys.argv[2].split()
zones = {"en": "Europe/London", "cs": "Europe/Prague", "vi": "Asia/Ho_Chi_Minh"}
money = [("EUR", "2400.00"), ("USD", "5000.00"), ("CZK", "36500.00"),
         ("VND", "12500000"), ("JPY", "450000"), ("GBP", "1200.50")]
print("id,name,contact,language,timezone,currency,monthly_fee,plan,region,goodwill_percent")
for i in range(n):
    lang = languages[i % len(languages)]
    cur, fee = money[i % len(money)]
    plan = ("standard", "premium", "enterprise")[i % 3]
    region = ("eu", "americas", "asia")[(i // 3) % 3]
    print(f"C{i:06d},Customer {i} s.r.o.,Contact {i},{lang},{zones[lang]},{cur},{fee},{plan},{region},{i % 7}")
PY

measure() { # label, then the command; prints wall seconds, CPU seconds and peak MB
  local label=$1; shift
  /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  read -r wall kb user sys < "$work/time"
  # User CPU does not depend on how busy the neighbours keep the machine.
  printf '%-44s %8.2f s wall %8.2f s user %6.2f s system %8.1f MB\n' \
    "$label" "$wall" "$user" "$sys" "$(echo "$kb / 1024" | bc -l)"
}

echo "customers: $n ($languages), letters with md, json and pdf"
measure "one process, --customers ($(nproc) cores)" \
  "$bin" render "$work/incident.yaml" --customers "$work/customers.csv" --out "$work/out" --quiet
echo "  letters written: $(ls "$work/out" | grep -c '\.pdf$'), output $(du -sm "$work/out" | cut -f1) MB"
# Creating 3 x N files is the kernel's work; on ext4 without a journal it
# re-checks every inode freed in the last minutes (recently_deleted), so a
# run soon after many files were deleted (a previous run, a test suite) pays
# seconds of system time that are not amends'.
if [ "$(echo "$sys > $user / 2" | bc -l)" = 1 ]; then
  echo "  note: system time is high; if many files were deleted on this disk in the"
  echo "  last minutes, run again later or with BENCH_DIR on another disk or tmpfs"
fi

# One process per customer: a batch of one, as a shell loop would run it.
head -n $((per_file + 1)) "$work/customers.csv" > "$work/first.csv"
mkdir -p "$work/one"
tail -n +2 "$work/first.csv" | awk -v dir="$work/one" -v head="$(head -1 "$work/first.csv")" \
  '{ f = dir "/" NR ".csv"; print head > f; print $0 >> f; close(f) }'
start=$(date +%s%N)
ls "$work/one"/*.csv | xargs -P "$(nproc)" -I{} \
  "$bin" render "$work/incident.yaml" --customers {} --out "$work/out1" --quiet 2>/dev/null
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
printf '%-44s %8.2f s (measured on %d, scaled to %d)\n' "one process per customer, $(nproc) at a time" \
  "$(echo "$ms * $n / $per_file / 1000" | bc -l)" "$per_file" "$n"
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
