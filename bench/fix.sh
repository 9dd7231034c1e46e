#!/usr/bin/env bash
# bench/fix.sh [BUILD] - throughput of the repair step (cred_fix_text, src/fix.c)
# beside cat and wc -w, on the same files in one run.
#
# Files (bench/out/, git-ignored, built from ../shared/data when missing):
#   corpus.txt           ~100 MB of ISOT + FakeNewsNet article text
#                        (bench/make-corpus.py, shared with bench/clean.sh)
#   corpus-mojibake.txt  the first 20 MB of it with every 10th line that has
#                        non-ASCII text turned into Windows-1252 mojibake
#                        (the slow path: badness regex, re-decoding)
#   accented.txt         20 MB of our own French/Spanish/German sentences
#                        (correct UTF-8 with accents: nothing to fix)
# Timed: cat, wc -w, and bench/fixbench (cred_fix_text with flags 0, as
# cred_clean uses it, and with CRED_FIX_FTFY), best of RUNS (default 3).
# fixbench times the call only; cat and wc include process start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RUNS=${RUNS:-3}
[ -f "$BUILD/libcredence.a" ] || { echo "bench/fix.sh: $BUILD/libcredence.a not built (run make)" >&2; exit 2; }
[ -d ../shared/data ] || { echo "bench/fix.sh: SKIP: ../shared/data is absent" >&2; exit 0; }
mkdir -p bench/out
corpus=bench/out/corpus.txt
moji=bench/out/corpus-mojibake.txt
[ -s "$corpus" ] || python3 bench/make-corpus.py "$corpus" "${MB:-100}"
if [ ! -s "$moji" ]; then
    python3 - "$corpus" "$moji" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read(20 << 20).decode("utf-8", "ignore")
def w1252(s):
    out = []
    for b in s.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)
k = 0
lines = []
for line in data.split("\n"):
    if any(ord(c) > 127 for c in line):
        k += 1
        if k % 10 == 0:
            line = w1252(line)
    lines.append(line)
open(dst, "w", encoding="utf-8").write("\n".join(lines))
PY
fi
acc=bench/out/accented.txt
if [ ! -s "$acc" ]; then
    python3 - "$acc" <<'PY'
import sys
lines = [
    "Le président a déclaré que la réforme était nécessaire, selon un communiqué publié à Paris.",
    "El ministro de Economía habló el miércoles con los periodistas en la Cámara de Diputados.",
    "Die Bürgermeisterin äußerte sich am Dienstag zu den Plänen für die Straßenbahn in München.",
    "Les élèves étaient très fâchés après la décision du conseil d'administration de l'école.",
]
text = "\n".join(" ".join(lines[i % 4] for i in range(k, k + 6)) for k in range(4)) + "\n"
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(text * (20_000_000 // len(text.encode("utf-8")) + 1))
PY
fi
FB="$BUILD/fixbench"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -O2 -Iinclude -o "$FB" bench/fixbench.c "$BUILD/libcredence.a" \
    $(pkg-config --libs libutf8proc libpcre2-8 jansson libxml-2.0 gumbo) -lm -lpthread

best_cmd() { # file command... -> best wall seconds
    local f=$1 b=""
    shift
    for _ in $(seq "$RUNS"); do
        local s e
        s=$(date +%s.%N)
        "$@" <"$f" >/dev/null
        e=$(date +%s.%N)
        b=$(python3 -c "a=$e-$s; b='$b'; print(a if not b or a<float(b) else b)")
    done
    echo "$b"
}
best_fix() { # file flags -> best seconds of the call
    local b=""
    for _ in $(seq "$RUNS"); do
        local t
        t=$("$FB" "$1" "$2" | cut -d' ' -f1)
        b=$(python3 -c "a=$t; b='$b'; print(a if not b or a<float(b) else b)")
    done
    echo "$b"
}
for f in "$corpus" "$moji" "$acc"; do
    bytes=$(stat -c %s "$f")
    python3 - "$f" "$bytes" "$(best_cmd "$f" cat)" "$(best_cmd "$f" wc -w)" \
        "$(best_fix "$f" 0)" "$(best_fix "$f" 7)" <<'PY'
import sys
f, n = sys.argv[1], int(sys.argv[2])
tc, tw, t0, t7 = map(float, sys.argv[3:])
print(f"{f}: {n/1e6:.1f} MB, best of runs, wall clock")
print(f"{'tool':<34}{'seconds':>9}{'MB/s':>9}{'vs wc -w':>10}")
for name, t in (("cat", tc), ("wc -w", tw), ("cred_fix_text flags 0", t0),
                ("cred_fix_text CRED_FIX_FTFY", t7)):
    print(f"{name:<34}{t:>9.3f}{n/1e6/t:>9.1f}{tw/t:>9.0%}")
print()
PY
done
