#!/usr/bin/env bash
# bench/score.sh [BUILD] - throughput of `credence score --jsonl` on the
# FakeNewsNet + ISOT dev articles of ../shared/data (245 articles), against
# the article model alone (`credence predict`, the same model) on the same
# file in the same run.  Prints a markdown table; wall-clock seconds are the
# best of 3 runs.  Needs python3 (to write the JSONL from the dataset files).
set -eu
BUILD=${1:-build}
C="$BUILD/credence"
SHARED=${SHARED:-../shared}
D="$SHARED/data"
[ -d "$D" ] || { echo "bench/score.sh: $D not found" >&2; exit 1; }
MODEL=data/models/score-article.model
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$D" "$tmp/dev.jsonl" <<'EOF'
import csv, json, os, sys
D, out = sys.argv[1], sys.argv[2]
csv.field_size_limit(1 << 30)
with open(out, "w") as f:
    for name, lab in (("Fake.csv", "fake"), ("True.csv", "real")):
        for row in csv.DictReader(open(f"{D}/isot_partial/dev/{name}", newline="")):
            f.write(json.dumps({"label": lab, "title": row["title"], "text": row["text"]}) + "\n")
    base = f"{D}/fakenewsnet_v1/dev"
    for site in sorted(os.listdir(base)):
        for kind in sorted(os.listdir(f"{base}/{site}")):
            for fn in sorted(os.listdir(f"{base}/{site}/{kind}")):
                j = json.load(open(f"{base}/{site}/{kind}/{fn}"))
                if (j.get("text") or "").strip():
                    f.write(json.dumps({"label": "fake" if kind.startswith("Fake") else "real",
                                        "title": j.get("title") or "", "text": j["text"],
                                        "url": j.get("url") or ""}) + "\n")
EOF
n=$(wc -l <"$tmp/dev.jsonl")
bytes=$(wc -c <"$tmp/dev.jsonl")

best() { # command... -> best wall seconds of 3
    local b=""
    for _ in 1 2 3; do
        local s e
        s=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        e=$(date +%s.%N)
        b=$(python3 -c "a=$e-$s; b='$b'; print(a if not b or a < float(b) else b)")
    done
    echo "$b"
}
row() { # label, command...
    local label=$1
    shift
    local t
    t=$(best "$@")
    python3 -c "t=$t; print(f'| $label | {t:.2f} | {$n/t:.0f} | {$bytes/t/1e6:.2f} |')"
}
echo "credence score throughput: $n articles, $bytes bytes of JSONL; $(nproc) CPUs"
echo
echo "| command | seconds | articles/s | MB/s |"
echo "|---|---|---|---|"
row "credence predict (article model alone), 1 thread" "$C" predict -m "$MODEL" --format jsonl --threads 1 "$tmp/dev.jsonl"
row "credence score --no-model --brief -j 1" "$C" score --jsonl "$tmp/dev.jsonl" --no-model --brief -j 1
row "credence score --brief -j 1 (with the model)" "$C" score --jsonl "$tmp/dev.jsonl" --model "$MODEL" --brief -j 1
row "credence score --brief -j 2 (with the model)" "$C" score --jsonl "$tmp/dev.jsonl" --model "$MODEL" --brief -j 2
row "credence score -j 2 (full JSON with analysis)" "$C" score --jsonl "$tmp/dev.jsonl" --model "$MODEL" -j 2
