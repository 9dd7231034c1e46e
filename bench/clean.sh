#!/usr/bin/env bash
# bench/clean.sh [BUILD] - text-pipeline throughput beside cat and wc -w.
#
# Builds bench/out/corpus.txt (~100 MB: ISOT + FakeNewsNet texts from
# ../shared/data, repeated; see bench/make-corpus.py) if it is missing, then
# runs, on that same file in one run: `cat`, `wc -w`, `credence clean` and
# `credence clean --json` (the whole file as one document, output to
# /dev/null), RUNS times each (default 3), and prints the best wall-clock and
# the best CPU time (user + system: what one core spent, which is what to
# compare when the machine is shared) with MB/s and the ratio to wc -w.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RUNS=${RUNS:-3}
C="$BUILD/credence"
[ -x "$C" ] || { echo "bench/clean.sh: $C not built (run make)" >&2; exit 2; }
[ -d ../shared/data ] || { echo "bench/clean.sh: SKIP: ../shared/data is absent" >&2; exit 0; }
mkdir -p bench/out
corpus=bench/out/corpus.txt
[ -s "$corpus" ] || python3 bench/make-corpus.py "$corpus" "${MB:-100}"
bytes=$(stat -c %s "$corpus")

TIMEFORMAT='%R %U %S'
measure() { # name command... -> "name wall cpu" (best of RUNS each)
    local name=$1 bw="" bc=""
    shift
    for _ in $(seq "$RUNS"); do
        local t
        t=$( { time "$@" <"$corpus" >/dev/null; } 2>&1 )
        read -r w u s <<<"$t"
        bw=$(python3 -c "w=$w; b='$bw'; print(w if not b or w<float(b) else b)")
        bc=$(python3 -c "c=$u+$s; b='$bc'; print(c if not b or c<float(b) else b)")
    done
    echo "$name|$bw|$bc"
}
{
    measure "cat" cat
    measure "wc -w" wc -w
    measure "credence clean" "$C" clean -
    measure "credence clean --json" "$C" clean --json -
} >bench/out/clean.tsv
python3 - "$bytes" bench/out/clean.tsv <<'PY'
import sys
n = int(sys.argv[1])
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[2])]
t = {r[0]: (float(r[1]), float(r[2])) for r in rows}
ww, wc = t["wc -w"]
print(f"corpus: {n/1e6:.1f} MB; best of runs; one process each")
print(f"{'tool':<24}{'wall s':>8}{'MB/s':>9}{'cpu s':>8}{'MB/s':>9}{'cpu vs wc -w':>14}")
for name, (w, c) in t.items():
    c = max(c, 0.001)
    print(f"{name:<24}{w:>8.2f}{n/1e6/w:>9.1f}{c:>8.2f}{n/1e6/c:>9.1f}{wc/c:>13.0%}")
PY
