#!/usr/bin/env bash
# bench/analysis-speed.sh [BUILD] - `credence analyze` throughput beside
# `credence clean` (its first half) and `wc -w`, on the same file in one run.
#
# Input: the first MB (default 20) megabytes of bench/out/corpus.txt (ISOT +
# FakeNewsNet texts from ../shared/data, built by bench/make-corpus.py) as
# ONE document -- the worst case for the per-document passes.  Best of RUNS
# (default 3) wall-clock runs each; prints a table of seconds and MB/s.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RUNS=${RUNS:-3}
MB=${MB:-20}
C="$BUILD/credence"
[ -x "$C" ] || { echo "bench/analysis-speed.sh: $C not built (run make)" >&2; exit 2; }
[ -d ../shared/data ] || { echo "bench/analysis-speed.sh: SKIP: ../shared/data is absent" >&2; exit 0; }
mkdir -p bench/out
[ -s bench/out/corpus.txt ] || python3 bench/make-corpus.py bench/out/corpus.txt 100
in=bench/out/analysis-speed.txt
head -c $((MB * 1000000)) bench/out/corpus.txt >"$in"
bytes=$(stat -c %s "$in")

best() { # command... -> best wall seconds over RUNS
    local b=""
    for _ in $(seq "$RUNS"); do
        local s e
        s=$(date +%s.%N)
        "$@" >/dev/null
        e=$(date +%s.%N)
        b=$(python3 -c "a=$e-$s; b='$b'; print(a if not b or a<float(b) else b)")
    done
    echo "$b"
}
row() { # name, seconds
    python3 -c "print('| $1 | %.2f | %.1f |' % ($2, $bytes / 1e6 / $2))"
}
echo "input: $in, $bytes bytes, one document; best of $RUNS"
echo
echo "| command | seconds | MB/s |"
echo "|---|---|---|"
row "wc -w" "$(best wc -w "$in")"
row "credence clean" "$(best "$C" clean "$in")"
row "credence analyze (summary)" "$(best "$C" analyze "$in")"
row "credence analyze --json" "$(best "$C" analyze --json "$in")"
