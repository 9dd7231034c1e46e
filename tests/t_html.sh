#!/usr/bin/env bash
# t_html.sh - HTML input from the command line: `credence extract` and
# `credence clean --format`, hostile pages (generated here: no 10 MB file is
# committed), and the benchmark scorer.  Prints TAP.
set -u
# Hang guard, not a speed test: a quadratic blow-up on these inputs takes far
# longer; the sanitizer build on a loaded machine needs the headroom.
HANG=${HANG:-300}
CREDENCE=${CREDENCE:-build/credence}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1${2:+: $2}"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { # name, condition-command...
    local name=$1
    shift
    if "$@"; then ok "$name"; else nok "$name"; fi
}
echo "1..23"

page='<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ferry timetable changes for the winter | Port News</title></head><body><nav><a href="/">Home</a> <a href="/x">Ferries</a></nav><article><p>The ferry company will cut the late sailing from November, it said on Monday, citing falling numbers.</p><p>Commuters said the change would make evening shifts hard to reach, and asked the council to step in.</p></article><footer>Copyright Port News</footer></body></html>'
printf '%s' "$page" >"$T/page.html"

# 1-3 extract: text, title line, furniture gone
out=$("$CREDENCE" extract "$T/page.html"); rc=$?
check "extract exits 0" [ $rc = 0 ]
check "extract prints the title first" [ "$(printf '%s\n' "$out" | head -1)" = "Ferry timetable changes for the winter" ]
case $out in *Home*|*Copyright*) nok "extract drops nav and footer" ;; *) ok "extract drops nav and footer" ;; esac

# 4 --body: no title line
out=$("$CREDENCE" extract --body "$T/page.html")
check "--body starts with the first paragraph" [ "${out:0:9}" = "The ferry" ]

# 5 stdin
out=$(printf '%s' "$page" | "$CREDENCE" extract -)
check "extract reads standard input" [ "$(printf '%s\n' "$out" | head -1)" = "Ferry timetable changes for the winter" ]

# 6 several files: JSON lines with "file"
cp "$T/page.html" "$T/page2.html"
out=$("$CREDENCE" extract --json "$T/page.html" "$T/page2.html")
lines=$(printf '%s\n' "$out" | grep -c '"file":')
check "several files give one JSON line each" [ "$lines" = 2 ]

# 7 --pretty without --json is a usage error
"$CREDENCE" extract --pretty "$T/page.html" >/dev/null 2>&1
check "--pretty needs --json (exit 2)" [ $? = 2 ]

# 8-10 clean --format
out=$("$CREDENCE" clean "$T/page.html")
check "clean detects HTML (auto)" [ "$(printf '%s\n' "$out" | head -1)" = "Ferry timetable changes for the winter" ]
out=$("$CREDENCE" clean --format text "$T/page.html")
case $out in *"<article>"*) ok "clean --format text keeps the markup" ;; *) nok "clean --format text keeps the markup" ;; esac
"$CREDENCE" clean --format pdf "$T/page.html" >/dev/null 2>&1
check "clean --format pdf is a usage error" [ $? = 2 ]

# 11 hostile: 10 MB page, in bounded time
python3 - "$T/big.html" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("<html><head><title>Big page</title></head><body>")
    i = 0
    while f.tell() < 10 * 1024 * 1024:
        f.write("<p>Paragraph %d of a very long page, with a comma.</p>\n" % i)
        i += 1
    f.write("</body></html>")
EOF
out=$(timeout "$HANG" "$CREDENCE" extract "$T/big.html" | wc -l); rc=${PIPESTATUS[0]}
if [ "$rc" = 0 ] && [ "$out" -gt 1000 ]; then ok "10 MB page: result, no hang"
else nok "10 MB page: result, no hang" "rc=$rc lines=$out"; fi

# 12 hostile: 10,000-deep nesting gives a result
python3 -c "import sys; open(sys.argv[1],'w').write('<html><body>'+'<div>'*10000+'<p>Found at the bottom of the nest.</p>')" "$T/deep.html"
out=$(timeout "$HANG" "$CREDENCE" extract "$T/deep.html"); rc=$?
case $out in *"Found at the bottom"*) check "10,000-deep nesting: text found" [ $rc = 0 ] ;; *) nok "10,000-deep nesting: text found" "rc=$rc" ;; esac

# 13 hostile: 200,000-deep nesting is a clear error (exit 3, position named)
python3 -c "import sys; open(sys.argv[1],'w').write('<b>'*200000+'x')" "$T/deeper.html"
timeout "$HANG" "$CREDENCE" extract "$T/deeper.html" >/dev/null 2>"$T/err"; rc=$?
if [ $rc = 3 ] && grep -q "deeper.html: byte [0-9]*: elements nested more than" "$T/err"; then
    ok "200,000-deep nesting: one-line error"
else nok "200,000-deep nesting: one-line error" "rc=$rc $(head -c 200 "$T/err")"; fi

# 14 hostile: binary data with an .html name
head -c 65536 /dev/urandom >"$T/binary.html"
timeout "$HANG" "$CREDENCE" extract "$T/binary.html" >/dev/null 2>"$T/err"; rc=$?
if [ $rc = 3 ] && grep -q "binary data" "$T/err"; then ok "binary .html: clear error"
else nok "binary .html: clear error" "rc=$rc $(head -c 200 "$T/err")"; fi

# 15 hostile: binary data through clean --format html falls back to text, no crash
timeout "$HANG" "$CREDENCE" clean --format html "$T/binary.html" >/dev/null 2>&1
check "binary through clean: no crash" [ $? = 0 ]

# 16 hostile: wrong declared charset (says ISO-8859-1, is UTF-8)
printf '<html><head><meta charset="iso-8859-1"><title>Caf\xc3\xa9 news</title></head><body><p>Le caf\xc3\xa9 ouvre \xc3\xa0 midi, d\xc3\xa9j\xc3\xa0 complet.</p></body></html>' >"$T/charset.html"
out=$("$CREDENCE" extract "$T/charset.html")
case $out in *"Le café ouvre à midi, déjà complet."*) ok "wrong declared charset: text right" ;; *) nok "wrong declared charset: text right" "$out" ;; esac

# 17 declared legacy charset (windows-1252 bytes, says windows-1252)
printf '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>T</title></head><body><p>\x93Quoted\x94 caf\xe9, fine.</p></body></html>' >"$T/cp1252.html"
out=$("$CREDENCE" extract "$T/cp1252.html")
case $out in *"“Quoted” café, fine."*) ok "windows-1252 page decoded" ;; *) nok "windows-1252 page decoded" "$out" ;; esac

# 18 hostile: truncated page and unclosed tags
printf '<html><head><title>Cut</title></head><body><div><p>Whole first paragraph, with a comma.<p>Second paragraph cut in the mid' >"$T/cut.html"
out=$("$CREDENCE" extract "$T/cut.html"); rc=$?
case $out in *"cut in the mid"*) check "truncated page: text kept" [ $rc = 0 ] ;; *) nok "truncated page: text kept" "rc=$rc" ;; esac

# 19 hostile: 200,000 attributes on one tag
python3 -c "import sys; open(sys.argv[1],'w').write('<div '+' '.join('a%d=1'%i for i in range(200000))+'>x</div>')" "$T/attrs.html"
timeout "$HANG" "$CREDENCE" extract "$T/attrs.html" >/dev/null 2>"$T/err"; rc=$?
if [ $rc = 3 ] && grep -q "attributes" "$T/err"; then ok "200,000 attributes: clear error"
else nok "200,000 attributes: clear error" "rc=$rc"; fi

# 20 empty input
out=$("$CREDENCE" extract /dev/null); rc=$?
if [ $rc = 0 ] && [ -z "$out" ]; then ok "empty page: exit 0, no text"
else nok "empty page: exit 0, no text" "rc=$rc"; fi

# 21 the benchmark scorer: identical text scores 1, other text 0
printf '{"x": {"articleBody": "one two three four five six", "url": "u"}}' >"$T/gt.json"
printf '{"file": "a/x.html", "text": "one two three four five six"}\n' >"$T/same.jsonl"
printf '{"file": "a/x.html", "text": "seven eight nine ten eleven"}\n' >"$T/other.jsonl"
out=$(python3 bench/extract_score.py "$T/gt.json" "same=$T/same.jsonl:1" "other=$T/other.jsonl:1")
if printf '%s\n' "$out" | grep -q '^| same | 1.000 | 1.000 | 1.000 ' &&
    printf '%s\n' "$out" | grep -q '^| other | 0.000 | 0.000 | 0.000 '; then
    ok "benchmark scorer: 4-gram shingle F1"
else nok "benchmark scorer: 4-gram shingle F1" "$out"; fi

# 23 a malformed data file is a data error (exit 4) naming file and line
mkdir -p "$T/data/html"
printf 'positive\tarticle\nbogus\tword\n' >"$T/data/html/hints.tsv"
"$CREDENCE" --data-dir "$T/data" extract "$T/page.html" >/dev/null 2>"$T/err"; rc=$?
if [ $rc = 4 ] && grep -q "html/hints.tsv:2:" "$T/err"; then ok "bad html/hints.tsv: exit 4 with file:line"
else nok "bad html/hints.tsv: exit 4 with file:line" "rc=$rc $(head -c 200 "$T/err")"; fi

# 22 real pages from ../shared (when present): every page extracts
data=../shared/data/extraction/html
if [ -d "$data" ]; then
    files=$(ls "$data"/*.html | head -20)
    # shellcheck disable=SC2086
    if "$CREDENCE" extract --json $files >"$T/real.jsonl" 2>"$T/err" &&
        [ "$(wc -l <"$T/real.jsonl")" = 20 ]; then
        ok "20 benchmark pages extract"
    else nok "20 benchmark pages extract" "$(head -c 200 "$T/err")"; fi
else
    skip "20 benchmark pages extract" "../shared/data/extraction absent"
fi
