#!/usr/bin/env bash
# bench/clean.sh [BUILD] - text-pipeline throughput beside cat and wc -w.
#
# Builds bench/out/corpus.txt (~100 MB: ISOT + FakeNewsNet texts from
# ../shared/data, repeated; see bench/make-corpus.py) if it is missing, then
# times, on that same file in one run: `cat`, `wc -w` and `credence clean`
# (one document; output to /dev/null), best of RUNS (default 3) wall-clock
# runs each, and prints a table of MB/s and the ratio to wc -w.
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

best() { # command... -> best wall seconds over RUNS
    local b=""
    for _ in $(seq "$RUNS"); do
        local s e
        s=$(date +%s.%N)
        "$@" <"$corpus" >/dev/null
        e=$(date +%s.%N)
        b=$(python3 -c "a=$e-$s; b='$b'; print(a if not b or a<float(b) else b)")
    done
    echo "$b"
}
t_cat=$(best cat)
t_wc=$(best wc -w)
t_cl=$(best "$C" clean -)
t_js=$(best "$C" clean --json -)
python3 - "$bytes" "$t_cat" "$t_wc" "$t_cl" "$t_js" <<'PY'
import sys
n = int(sys.argv[1]); tc, tw, tl, tj = map(float, sys.argv[2:])
print(f"corpus: {n/1e6:.1f} MB, best of runs, wall clock, one process each")
print(f"{'tool':<24}{'seconds':>9}{'MB/s':>9}{'vs wc -w':>10}")
for name, t in (("cat", tc), ("wc -w", tw), ("credence clean", tl), ("credence clean --json", tj)):
    print(f"{name:<24}{t:>9.2f}{n/1e6/t:>9.1f}{tw/t:>9.0%}")
PY
