#!/usr/bin/env bash
# bench/segment.sh [BUILD] - sentence splitter and tokenizer throughput
# (src/segment.c alone, bench/segment.c) beside cat, wc -w and the whole
# `credence clean`, on the same corpus in one run.
#
# Corpus: bench/out/corpus.txt (~100 MB of ISOT + FakeNewsNet texts from
# ../shared/data, built by bench/make-corpus.py when missing).  Best of RUNS
# (default 3) for each line, chosen by CPU time (user+sys): on a shared
# machine wall time also measures the other processes; both are printed.
# One core; MB/s are of the corpus file's bytes per CPU second.
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

best() { # command... -> "wall cpu" seconds of the run with the least CPU time
    local b="" bw=""
    for _ in $(seq "$RUNS"); do
        local r
        r=$( { /usr/bin/time -f "%e %U %S" "$@" <"$corpus" >/dev/null; } 2>&1 | tail -1)
        read -r w u s <<<"$r"
        local c
        c=$(python3 -c "print($u+$s)")
        if [ -z "$b" ] || python3 -c "import sys; sys.exit(0 if $c < $b else 1)"; then b=$c bw=$w; fi
    done
    echo "$bw $b"
}
t_cat=$(best cat)
t_wc=$(best wc -w)
t_cl=$(best "$C" clean -)
seg=$("$BUILD/bench/segment" "$corpus" "$RUNS")
python3 - "$bytes" "$t_cat" "$t_wc" "$t_cl" "$seg" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys
n = int(sys.argv[1])
rows = [(name, *map(float, v.split())) for name, v in
        (("cat", sys.argv[2]), ("wc -w", sys.argv[3]), ("credence clean (all steps)", sys.argv[4]))]
for line in sys.argv[5].splitlines():
    if line.startswith("#"):
        continue
    f = line.split()
    rows.append(("segment: " + f[0] + " (" + " ".join(f[4:]) + ")", float(f[1]), float(f[2])))
print(f"corpus: {n/1e6:.1f} MB; best of runs by CPU time; load average {sys.argv[6]}")
print(f"{'what':<62}{'wall s':>8}{'CPU s':>8}{'MB/s CPU':>10}")
for name, w, c in rows:
    print(f"{name:<62}{w:>8.3f}{c:>8.3f}{n/max(c, 1e-9)/1e6:>10.1f}")
PY
