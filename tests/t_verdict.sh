#!/usr/bin/env bash
# The rating rules of `credence score` (docs/score.md, "Rating rules"):
# unrated inputs (empty, whitespace, binary, not English, too short), the
# hold at mixed when the evidence against an article is weak (the model
# alone, an outlet list alone), conviction when strong evidence agrees, the
# satire cap, the copy's faults reported apart, and a correctly decoded
# Windows-1252 file not called mojibake.  Every fixture is written here by
# us; no third-party text.
set -u
C=${CREDENCE:-build/credence}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/xdg" HOME="$tmp/home"
. "$(dirname "$0")/lib.sh"
# jq-free JSON checks: python3 evaluates an expression on `d`, the verdict.
jv() { # file, python expression
    python3 -c "import json,sys; d=json.load(open('$1')); sys.exit(0 if ($2) else 1)"
}
score() { # out-file, args...
    local o=$1
    shift
    "$C" score --json "$@" >"$o" 2>"$tmp/err"
}

echo "1..31"

# ---- unrated ------------------------------------------------------------------
: >"$tmp/empty.txt"
score "$tmp/v.json" "$tmp/empty.txt"
t "empty input is unrated" jv "$tmp/v.json" 'd["band"] == "unrated" and "no words" in d["unrated"][0]'
t "unrated keeps a numeric score and says what would settle it" \
    jv "$tmp/v.json" 'isinstance(d["score"], float) and d["settle"]'
printf '  \n\t\n   \n' >"$tmp/ws.txt"
score "$tmp/v.json" "$tmp/ws.txt"
t "whitespace-only input is unrated" jv "$tmp/v.json" 'd["band"] == "unrated"'
# a binary: an ELF-like header, NULs, random bytes, a few printable runs
{ printf '\177ELF\002\001\001\000'; head -c 4000 /dev/urandom; printf 'GLIBC_2.2.5\000main\000'; } >"$tmp/bin"
score "$tmp/v.json" "$tmp/bin"
t "binary input is unrated as binary" jv "$tmp/v.json" 'd["band"] == "unrated" and "binary" in d["unrated"][0]'
cat >"$tmp/ru.txt" <<'EOF'
Новая диета: минус пять килограммов за неделю

Диетологи из нашего города рассказали, как быстро похудеть к лету без вреда для здоровья. По их словам, главное правило простое: меньше сладкого, больше овощей и воды. Завтрак должен быть плотным, а ужин лёгким. Многие читатели уже попробовали этот способ и делятся результатами в комментариях. Врачи напоминают, что перед началом любой диеты стоит посоветоваться со специалистом и не отказываться от еды полностью.
EOF
score "$tmp/v.json" "$tmp/ru.txt"
t "a Russian page is unrated: not English" \
    jv "$tmp/v.json" 'd["band"] == "unrated" and "English" in d["unrated"][0] and d["english"] < 0.05'
printf 'Short text.' >"$tmp/short.txt"
score "$tmp/v.json" "$tmp/short.txt"
t "'Short text.' is unrated: too short" jv "$tmp/v.json" 'd["band"] == "unrated" and "too short" in d["unrated"][0]'
"$C" score --no-color "$tmp/short.txt" >"$tmp/out" 2>&1
t "the terminal report says why it is not rated" grep -q "^not rated: too short to rate" "$tmp/out"
t "... and what would settle it" grep -q "^to settle it: give the whole article" "$tmp/out"
printf '{"id":"a","text":""}\n{"id":"b","text":"Short text."}\n' >"$tmp/b.jsonl"
"$C" score --jsonl "$tmp/b.jsonl" --brief >"$tmp/b.out" 2>/dev/null
t "batch: empty and short lines are unrated, not failures" python3 -c "
import json,sys; d=[json.loads(l) for l in open('$tmp/b.out')]
sys.exit(0 if [x['band'] for x in d] == ['unrated', 'unrated'] else 1)"
cat >"$tmp/list.html" <<'EOF'
<!doctype html><html><head><title>Harbor Daily - Home</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<ul><li><a href="/a">Council backs harbor plan after long debate about parking</a></li>
<li><a href="/b">School board names new superintendent for the coming year</a></li>
<li><a href="/c">Storm closes coastal road overnight as crews clear fallen trees</a></li></ul>
<footer>Copyright Harbor Daily</footer></body></html>
EOF
score "$tmp/v.json" "$tmp/list.html"
t "an HTML page that is not one article is unrated" \
    jv "$tmp/v.json" 'd["band"] == "unrated" and "not look like one article" in d["unrated"][0]'
t "an English report is rated" sh -c "'$C' score --json examples/wire-report.txt >'$tmp/w.json' 2>/dev/null"
t "... with its English share and no unrated reasons" jv "$tmp/w.json" 'd["band"] != "unrated" and d["unrated"] == [] and d["english"] > 0.3'

# ---- strong evidence to convict -------------------------------------------------
printf 'intercept\t-\t-20\n' >"$tmp/low.tsv"
score "$tmp/v.json" --config "$tmp/low.tsv" examples/wire-report.txt
t "a very low raw score without strong evidence is held at mixed" \
    jv "$tmp/v.json" 'd["band"] == "mixed" and d["raw_score"] < 1 and d["rule"].startswith("held at mixed") and d["conviction"] is None'
score "$tmp/v.json" --set MODEL_RELIABLE=-40 examples/wire-report.txt
t "the article model alone never convicts" \
    jv "$tmp/v.json" 'd["model"] is None or (d["band"] not in ("unreliable", "very-unreliable"))'
score "$tmp/v.json" --url https://www.infowars.com/posts/harbor examples/wire-report.txt
t "an outlet list alone never convicts a sound report" \
    jv "$tmp/v.json" 'd["band"] not in ("unreliable", "very-unreliable") and d["conviction"] is None'
score "$tmp/v.json" --url https://www.infowars.com/posts/x examples/clickbait-rumor.txt
t "outlet record and the text's own signals together convict" \
    jv "$tmp/v.json" 'd["band"] in ("unreliable", "very-unreliable") and "outlet" in d["conviction"]'
score "$tmp/v.json" --no-model examples/clickbait-rumor.txt
t "content signals of several kinds convict without a URL or model" \
    jv "$tmp/v.json" 'd["band"] in ("unreliable", "very-unreliable") and "content signals" in d["conviction"]'

# ---- satire, the copy, encodings ------------------------------------------------
# A list entry that says "satire" among other things (OpenSources calls a few
# hyperpartisan sites "satire, unreliable") does not make a report satire.
printf 'mixedbag.example\tunknown\tsatire,unreliable\t-\topensources\npuresatire.example\tunknown\tsatire\t-\topensources\n' >"$tmp/src.tsv"
score "$tmp/v.json" --sources "$tmp/src.tsv" --url https://mixedbag.example/a examples/wire-report.txt
t "an outlet listed as satire among other things does not make a report satire" \
    jv "$tmp/v.json" 'd["genre"] == "news"'
score "$tmp/v.json" --sources "$tmp/src.tsv" --url https://puresatire.example/a examples/wire-report.txt
t "an outlet listed as satire only makes it satire" jv "$tmp/v.json" 'd["genre"] == "satire" and d["score"] <= 45' 
score "$tmp/v.json" examples/satire.txt
t "satire from its text is capped out of the reliable bands" \
    jv "$tmp/v.json" 'd["genre"] == "satire" and d["score"] <= 45'
score "$tmp/v.json" examples/scraped-blog.txt
t "scrape faults are group scrape and move the score little" \
    jv "$tmp/v.json" 'all(abs(s["weight"]) <= 0.3 for s in d["signals"] if s["group"] == "scrape") and any(s["group"] == "scrape" for s in d["signals"])'
t "every signal names its group" \
    jv "$tmp/v.json" 'all(s["group"] in ("outlet","claims","headline","sourcing","style","content","genre","model","scrape") for s in d["signals"])'
"$C" score --no-color examples/scraped-blog.txt >"$tmp/out" 2>&1
t "the terminal report puts the copy's faults in their own section" \
    sh -c "sed -n '/^About the copy, not the journalism/,\$p' '$tmp/out' | grep -q PAGE_CHROME"
t "... and not among the reasons lowering the score" \
    sh -c "! sed -n '/^Lowering the score/,/^\$/p' '$tmp/out' | grep -q PAGE_CHROME"
# Windows-1252 bytes decoded correctly (curly quotes, an e acute): not mojibake
printf 'Caf\351 owners back new harbor plan\n\nThe council\222s plan, which owners called \223a fair deal\224, passed on Tuesday by seven votes to two after a long debate about parking and deliveries in the old town.\n' >"$tmp/cp1252.txt"
score "$tmp/v.json" "$tmp/cp1252.txt"
t "a correctly decoded Windows-1252 file is not called mojibake" \
    jv "$tmp/v.json" 'not any(s["name"] == "MOJIBAKE" for s in d["signals"])'
printf 'Caf\303\203\302\251 owners back new harbor plan\n\nThe council\342\200\231s plan passed on Tuesday by seven votes to two after a long debate about parking, deliveries and the caf\303\203\302\251 terraces in the old town, officials said.\n' >"$tmp/moji.txt"
score "$tmp/v.json" "$tmp/moji.txt"
t "real mojibake is still reported, as the copy's fault" \
    jv "$tmp/v.json" 'any(s["name"] == "MOJIBAKE" and s["group"] == "scrape" for s in d["signals"])'

# ---- the library's JSON ----------------------------------------------------------
score "$tmp/v.json" examples/opinion-column.txt
t "opinion: OPINION_HEAVY does not count against an opinion piece" \
    jv "$tmp/v.json" 'd["genre"] == "opinion" and all(s["contribution"] == 0 for s in d["signals"] if s["name"] in ("OPINION_HEAVY", "OPINION_VOICE"))'
t "schema 2 fields" jv "$tmp/v.json" 'd["schema_version"] == 2 and all(k in d for k in ("raw_score","unrated","settle","rule","conviction","english"))'

# ---- claims fact-checkers rated (KNOWN_FALSE_CLAIM; docs/claims.md) ----------
# Our own fact-checks in a DB; --data-dir gives the re-ranker weights made for
# a 4-claim collection (tests/fixtures/claims/claims/rerank.tsv).
cat >"$tmp/fc.jsonl" <<'EOF'
{"id": "fc-1", "claim": "The harbor bridge will be closed to all traffic for ten years starting next month.", "title": "Will the harbor bridge close for ten years?", "verdict": "false", "fact_checker": "Test Checkers", "url": "https://factcheck.example/harbor-bridge"}
{"id": "fc-2", "claim": "The city library opened a new reading room for children in March.", "verdict": "true", "fact_checker": "Test Checkers", "url": "https://factcheck.example/library"}
{"id": "fc-3", "claim": "Drinking seawater cures the common cold.", "verdict": "false", "fact_checker": "Test Checkers", "url": "https://factcheck.example/seawater"}
{"id": "fc-4", "claim": "The mayor was born on the moon.", "verdict": "pants on fire", "fact_checker": "Test Checkers", "url": "https://factcheck.example/moon"}
EOF
"$C" claims build -o "$tmp/fc.db" --format jsonl "$tmp/fc.jsonl" 2>/dev/null
cat >"$tmp/asserts.txt" <<'EOF'
Harbor bridge to shut for a decade

The harbor bridge will be closed to all traffic for ten years starting next month. Drivers will have to use the ferry or the ring road, which adds forty minutes to the trip into town. Shop owners near the bridge said they expect to lose most of their customers during the closure. The closure was announced on Saturday. The bridge carries about 30,000 cars a day, and the ferry can take only a few hundred an hour. Parents at the harbor school said the longer trip would change how they get their children to class.
EOF
cat >"$tmp/debunks.txt" <<'EOF'
Harbor bridge to shut for a decade, residents told

The harbor bridge will be closed to all traffic for ten years starting next month, according to a flyer handed out in the old town on Saturday. City officials said on Monday that no such closure is planned and that the bridge will stay open while repairs are made at night. The flyer did not name its authors.
EOF
"$C" --data-dir tests/fixtures/claims score --json --claims "$tmp/fc.db" "$tmp/asserts.txt" >"$tmp/v.json" 2>/dev/null
t "an article stating a claim rated false gets KNOWN_FALSE_CLAIM with the fact-check's URL" \
    jv "$tmp/v.json" 'any(s["name"] == "KNOWN_FALSE_CLAIM" and "factcheck.example/harbor-bridge" in s["reason"] and s["evidence"] for s in d["signals"])'
t "... and it is strong evidence: unreliable or worse" \
    jv "$tmp/v.json" 'd["band"] in ("unreliable", "very-unreliable") and "fact-checkers rated" in d["conviction"]'
"$C" --data-dir tests/fixtures/claims score --json --claims "$tmp/fc.db" "$tmp/debunks.txt" >"$tmp/v.json" 2>/dev/null
t "an article that reports the claim as false is not convicted by it" \
    jv "$tmp/v.json" 'd["band"] not in ("unreliable", "very-unreliable") and any(s["name"] == "KNOWN_FALSE_CLAIM" and s["value"] < 0.5 for s in d["signals"])'
t "score --claims on a missing DB is an error (exit 4)" one_line_err 4 "nope.db" \
    "$C" score --claims "$tmp/nope.db" examples/wire-report.txt
