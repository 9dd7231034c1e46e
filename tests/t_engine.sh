#!/usr/bin/env bash
# The engine as every front end sees it (issue 10): the same input gives
# byte-identical JSON from the CLI, from the library's batch call
# (build/tests/batch_json, include/ only) with 1 and N threads, and from any
# working directory; the batch forms of `credence score` (many files, a
# directory, --output csv/tsv, echoed fields, a BOM, blank lines); and the
# exit codes of docs/cli.md (missing --model 4, unwritable --html 5).
set -u
BUILD=${BUILD:-build}
C=${CREDENCE:-$BUILD/credence}
B=$BUILD/tests/batch_json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/xdg" HOME="$tmp/home"
. "$(dirname "$0")/lib.sh"
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
CA=$(abs "$C")
BA=$(abs "$B")
BD=$(abs "$BUILD")
echo "1..19"

files=""
for f in examples/*.txt; do files="$files $(abs "$f")"; done
for f in $files; do "$CA" score --json "$f"; done >"$tmp/cli.jsonl" 2>"$tmp/cli.err"
"$BA" "$BD" 1 $files >"$tmp/lib1.jsonl" 2>"$tmp/lib1.err"
"$BA" "$BD" 3 $files >"$tmp/lib3.jsonl" 2>"$tmp/lib3.err"
(cd / && "$BA" "$BD" 2 $files) >"$tmp/libroot.jsonl" 2>/dev/null
(cd /tmp && for f in $files; do "$CA" score --json "$f"; done) >"$tmp/clitmp.jsonl" 2>/dev/null
t "CLI: one JSON line per example, with a model and a stamp" sh -c \
    "[ \$(wc -l <'$tmp/cli.jsonl') = $(echo $files | wc -w) ] && grep -q '\"model\":{' '$tmp/cli.jsonl' && grep -q '\"stamp\":{\"version\":' '$tmp/cli.jsonl' && [ ! -s '$tmp/cli.err' ]"
t "library batch, 1 thread: byte-identical to the CLI" cmp -s "$tmp/cli.jsonl" "$tmp/lib1.jsonl"
t "library batch, 3 threads: byte-identical to the CLI" cmp -s "$tmp/cli.jsonl" "$tmp/lib3.jsonl"
t "library batch from /: byte-identical" cmp -s "$tmp/cli.jsonl" "$tmp/libroot.jsonl"
t "CLI from /tmp: byte-identical" cmp -s "$tmp/cli.jsonl" "$tmp/clitmp.jsonl"
"$BA" "$BD" 2 --brief $files >"$tmp/libb.jsonl" 2>/dev/null
for f in $files; do "$CA" score --json --brief "$f"; done >"$tmp/clib.jsonl" 2>/dev/null
t "brief: library batch and CLI agree" cmp -s "$tmp/clib.jsonl" "$tmp/libb.jsonl"

# ---- many files, a directory ---------------------------------------------------
mkdir -p "$tmp/dir/sub"
cp examples/wire-report.txt examples/satire.txt "$tmp/dir/"
echo hidden >"$tmp/dir/.hidden"
"$C" score -j 2 "$tmp/dir" >"$tmp/dir.jsonl" 2>"$tmp/dir.err"
t "a directory: one result per file, in name order, with \"file\"" python3 -c "
import json,sys
d=[json.loads(l) for l in open('$tmp/dir.jsonl')]
sys.exit(0 if [x['file'] for x in d]==['$tmp/dir/satire.txt','$tmp/dir/wire-report.txt'] and all('score' in x and 'stamp' in x for x in d) else 1)"
"$C" score --json --brief examples/satire.txt >"$tmp/one.json" 2>/dev/null
"$C" score --brief examples/satire.txt examples/nope.txt >"$tmp/two.jsonl" 2>"$tmp/two.err"
rc=$?
t "several files: a missing one is its error object, exit 3, one stderr line" sh -c \
    "[ $rc = 3 ] && [ \$(wc -l <'$tmp/two.err') = 1 ] && grep -q '1 of 2 files' '$tmp/two.err' && sed -n 2p '$tmp/two.jsonl' | grep -q '\"error\":\"examples/nope.txt: No such file'"
t "several files: the verdict is the single file's, after \"file\"" sh -c \
    "head -1 '$tmp/two.jsonl' | sed 's/^{\"file\":\"examples\\/satire.txt\",/{/' | cmp -s - '$tmp/one.json'"

# ---- JSONL: BOM, blank lines, echoed fields, CSV/TSV -----------------------------
{
    printf '\357\273\277{"id": "a1", "label": "real", "corpus": "mine", "title": "Council passes budget", "text": "The council voted 7-2 on Tuesday to pass the budget, the mayor said."}\n'
    printf '\n  \r\n'
    printf '{"id": 2, "label": "fake", "text": 5}\n'
} >"$tmp/in.jsonl"
"$C" score --jsonl "$tmp/in.jsonl" --brief -j 2 >"$tmp/o.jsonl" 2>"$tmp/o.err"
rc=$?
t "JSONL: a BOM is accepted, blank lines are not results nor failures" sh -c \
    "[ $rc = 3 ] && [ \$(wc -l <'$tmp/o.jsonl') = 2 ] && grep -q '1 of 2 lines' '$tmp/o.err'"
t "JSONL: the line's own fields are echoed (label as input_label)" python3 -c "
import json,sys
d=[json.loads(l) for l in open('$tmp/o.jsonl')]
a,b=d
ok=a['line']==1 and a['id']=='a1' and a['corpus']=='mine' and a['input_label']=='real' and 'title' not in a and 'text' not in a
ok=ok and b['line']==4 and b['id']==2 and b['input_label']=='fake' and 'error' in b
sys.exit(0 if ok else 1)"
"$C" score --jsonl "$tmp/in.jsonl" --output csv >"$tmp/o.csv" 2>/dev/null
"$C" score --jsonl "$tmp/in.jsonl" --output tsv >"$tmp/o.tsv" 2>/dev/null
t "--output csv: a header, then one row per item with the documented columns" python3 -c "
import csv,sys
r=list(csv.reader(open('$tmp/o.csv')))
h=r[0]
ok=h[:4]==['line','file','id','input_label'] and len(r)==3 and all(len(x)==len(h) for x in r)
ok=ok and r[1][h.index('id')]=='a1' and r[1][h.index('band')]!='' and r[2][h.index('error')]!='' and '\"corpus\"' in r[1][h.index('fields')]
sys.exit(0 if ok else 1)"
t "--output tsv: same columns, tab-separated" sh -c \
    "[ \$(awk -F'\t' '{print NF}' '$tmp/o.tsv' | sort -u) = 18 ] && [ \$(wc -l <'$tmp/o.tsv') = 3 ]"
t "--output without a batch is a usage error" one_line_err 2 "--output" "$C" score --output csv examples/satire.txt
t "--output with a bad value is a usage error" one_line_err 2 "--output" "$C" score --jsonl "$tmp/in.jsonl" --output xml

# ---- exit codes (docs/cli.md) ----------------------------------------------------
t "a missing --model file is exit 4 (data file missing)" one_line_err 4 "$tmp/nope.model" \
    "$C" score --model "$tmp/nope.model" examples/satire.txt
t "a missing --config file is exit 4" one_line_err 4 "$tmp/nope.tsv" \
    "$C" score --config "$tmp/nope.tsv" examples/satire.txt
t "an unwritable --html path is exit 5 (write error)" one_line_err 5 "$tmp/no/dir/r.html" \
    "$C" score --no-model --html "$tmp/no/dir/r.html" examples/satire.txt
t "the model warning is one line naming where the engine looked" sh -c \
    "mkdir -p '$tmp/lone/bin' && cp '$CA' '$tmp/lone/bin/credence' && (cd '$tmp' && '$tmp/lone/bin/credence' score --json '$(abs examples/satire.txt)' >/dev/null 2>'$tmp/w.err'); [ \$(wc -l <'$tmp/w.err') = 1 ] && grep -q 'looked in .*$tmp/lone/share/credence/models/score-article.model' '$tmp/w.err'"
