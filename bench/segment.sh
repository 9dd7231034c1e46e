#!/usr/bin/env bash
# bench/segment.sh [BUILD] - sentence splitter and tokenizer throughput
# (src/segment.c alone, bench/segment.c) beside cat, wc -w and the whole
# `credence clean`, on the same corpus in one run.
#
# Corpus: bench/out/corpus.txt (~100 MB of ISOT + FakeNewsNet texts from
# ../shared/data, built by bench/make-corpus.py when missing).  Best of RUNS
# (default 3) for each line; one core; MB/s are of the corpus file's bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RUNS=${RUNS:-3}
C="$BUILD/credence"
[ -x "$C" ] && [ -f "$BUILD/libcredence.a" ] || { echo "bench/segment.sh: $BUILD not built (run make)" >&2; exit 2; }
[ -d ../shared/data ] || { echo "bench/segment.sh: SKIP: ../shared/data is absent" >&2; exit 0; }
mkdir -p bench/out "$BUILD/bench"
corpus=${CORPUS:-bench/out/corpus.txt}
[ -s "$corpus" ] || python3 bench/make-corpus.py "$corpus" "${MB:-100}"
bytes=$(stat -c %s "$corpus")
PKGS="libutf8proc libpcre2-8 jansson libxml-2.0 gumbo"
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -Isrc $(pkg-config --cflags $PKGS) \
    -o "$BUILD/bench/segment" bench/segment.c "$BUILD/libcredence.a" $(pkg-config --libs $PKGS) -lm -lpthread

best() { # command... -> best wall seconds over RUNS (stdin: corpus)
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
seg=$("$BUILD/bench/segment" "$corpus" "$RUNS")
python3 - "$bytes" "$t_cat" "$t_wc" "$t_cl" "$seg" <<'PY'
import sys
n = int(sys.argv[1]); tc, tw, tl = map(float, sys.argv[2:5])
rows = [("cat", tc), ("wc -w", tw), ("credence clean (all steps)", tl)]
for line in sys.argv[5].splitlines():
    if line.startswith("#"):
        continue
    f = line.split()
    rows.append(("segment: " + f[0] + " (" + " ".join(f[3:]) + ")", float(f[1])))
print(f"corpus: {n/1e6:.1f} MB; best of runs; wall clock (segment rows: in-process timer)")
print(f"{'what':<62}{'seconds':>9}{'MB/s':>9}")
for name, t in rows:
    print(f"{name:<62}{t:>9.3f}{n/t/1e6:>9.1f}")
PY
