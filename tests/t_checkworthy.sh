#!/usr/bin/env bash
# t_checkworthy.sh - `credence checkworthy` and `--format checkthat19`: the
# shipped model on invented sentences (a numeric claim above the threshold, a
# greeting and an opinion below), the --jsonl protocol (order, bad lines,
# blank lines, BOM), --article spans, --features-tsv, and the reader's
# file:line errors (tests/fixtures/checkworthy/, invented debates).
set -u
CREDENCE=${CREDENCE:-build/credence}
FIX=tests/fixtures/checkworthy
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh
echo "1..16"
C=$CREDENCE
thr=$(awk -F'\t' '$1=="threshold"{print $2}' data/checkworthy/config.tsv)
above() { awk -v t="$thr" -F'\t' '{exit !($1 >= t)}' "$1"; }
below() { awk -v t="$thr" -F'\t' '{exit !($1 < t)}' "$1"; }

echo 'Unemployment in the county rose from 4 percent to 9 percent in two years.' |
    $C checkworthy - >"$tmp/num"
t "a numeric claim scores above the threshold" above "$tmp/num"
t "... and is labelled true" grep -q $'\ttrue\t' "$tmp/num"
echo 'Good evening, everybody, and thank you all for coming out tonight.' | $C checkworthy >"$tmp/hi"
t "a greeting scores below the threshold" below "$tmp/hi"
echo 'I think she is a wonderful person and a great friend of mine.' | $C checkworthy >"$tmp/op"
t "an opinion scores below the threshold" below "$tmp/op"

printf '\xef\xbb\xbf{"id":"a","text":"Our town paid 3 million dollars more for water than in 2019."}\n\n  \n{"id":7,"text":"Hello and welcome, friends."}\nnot json\n[1]\n{"id":"x","text":5}\r\n{"id":"z","text":"I love this city.","speaker":"MAYOR"}\n' \
    >"$tmp/in.jsonl"
$C checkworthy --jsonl "$tmp/in.jsonl" >"$tmp/out.jsonl" 2>"$tmp/err"
t "--jsonl exits 0 with bad lines in-band" test $? -eq 0
python3 - "$tmp/out.jsonl" >"$tmp/py" 2>&1 <<'PY'
import json, sys
o = [json.loads(l) for l in open(sys.argv[1])]
assert [x.get("id") for x in o] == ["a", 7, None, None, "x", "z"], o
assert o[0]["label"] is True and 0 <= o[0]["checkworthy"] <= 1, o[0]
assert o[1]["label"] is False and o[5]["label"] is False, o
assert [x.get("line") for x in o[2:5]] == [5, 6, 7], o
assert "invalid JSON" in o[2]["error"] and "not a JSON object" in o[3]["error"], o
assert "missing string \"text\"" in o[4]["error"], o
assert set(o[0]) == {"id", "checkworthy", "label"}, o[0]
PY
t "--jsonl: input order, BOM, blank lines skipped, error objects with line" test $? -eq 0
t "--jsonl: bad lines counted on stderr" grep -q '3 bad lines' "$tmp/err"

printf 'Water report\n\nThe utility raised prices by 14 percent in 2021. Thanks for reading!\n' >"$tmp/art.txt"
$C checkworthy --article "$tmp/art.txt" >"$tmp/art.out"
python3 - "$tmp/art.txt" "$tmp/art.out" "$thr" <<'PY'
import sys
src = open(sys.argv[1], "rb").read()
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
thr = float(sys.argv[3])
assert len(rows) == 3, rows
for a, b, p, lab, s in rows:
    assert src[int(a):int(b)].decode() == s, (a, b, s)
assert float(rows[1][2]) >= thr and rows[1][3] == "true", rows
assert float(rows[2][2]) < thr, rows
PY
t "--article: sentence spans in the input, the claim above, the thanks below" test $? -eq 0

printf '1\tSPEAKER\\n\\nThe mayor spent 5 dollars on the fair.\n0\tHello there?\n' | $C checkworthy --features-tsv - >"$tmp/f"
t "--features-tsv drops the speaker and appends the markers" \
    grep -qx $'1\tThe mayor spent 5 dollars on the fair. cwfnum' "$tmp/f"
t "--features-tsv: question and short markers" grep -qx $'0\tHello there? cwfquestion cwfshort' "$tmp/f"

$C train --format checkthat19 --export-tsv "$tmp/good.tsv" "$FIX/debate-good.tsv"
t "checkthat19: BOM, CRLF, blank lines, speaker as title" \
    test "$(cut -f1 "$tmp/good.tsv" | tr -d '\n')" = "0100" -a \
    "$(sed -n 2p "$tmp/good.tsv")" = $'1\tCANDIDATE A\\n\\nOur county spent 42 million dollars on roads last year, twice what it spent in 2015.'
t "checkthat19: missing column is file:line" one_line_err 3 "debate-bad.tsv:2: expected 4 tab-separated columns" \
    $C train --format checkthat19 -o "$tmp/m" "$FIX/debate-bad.tsv"
sed 2d "$FIX/debate-bad.tsv" >"$tmp/bad3.tsv"
t "checkthat19: a label other than 0/1 is file:line" one_line_err 3 "bad3.tsv:2: column 4 (label) is not 0 or 1" \
    $C train --format checkthat19 -o "$tmp/m" "$tmp/bad3.tsv"
$C train --format checkthat19 --skip-bad --export-tsv "$tmp/sk.tsv" "$FIX/debate-bad.tsv" 2>"$tmp/err"
t "checkthat19: --skip-bad skips the 4 bad lines" grep -q 'skipped 4 malformed' "$tmp/err"

t "a model of other classes is refused" one_line_err 2 "classes 0 and 1" \
    $C checkworthy -m data/models/clickbait.model "$tmp/art.txt"
t "a missing model is one line" one_line_err 3 "nosuch.model" \
    $C checkworthy -m "$tmp/nosuch.model" "$tmp/art.txt"
