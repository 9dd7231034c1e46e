#!/usr/bin/env bash
# The signal table (data/score/signals.tsv, `credence signals`): every
# signal has a group, a weight, a description and tests; every named test
# exists; the first test of every signal asserts that it fires (it names the
# signal: a cmocka function whose body names it, or one of the "fires: NAME"
# cases below, which score an example article and look for the signal).
# The loader's checks against the code (one line per signal, same group,
# no unknown name) are tested with a --data-dir copy of the table.
set -u
C=${CREDENCE:-build/credence}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
MODEL=data/models/score-article.model

echo "1..31"

"$C" signals --json >"$tmp/sig.json" 2>"$tmp/err"
t "signals --json runs" test -s "$tmp/sig.json"
t "every signal of the code is listed (the count of CRED__SIGNALS)" python3 -c "
import json, re, sys
d = json.load(open('$tmp/sig.json'))
code = re.findall(r'^\s*X\(([A-Z_]+), [A-Z]+\)', open('src/score/score_int.h').read(), re.M)
sys.exit(0 if [s['name'] for s in d] == code else 1)"
t "every signal has a group, weight, description and tests" python3 -c "
import json, sys
d = json.load(open('$tmp/sig.json'))
ok = all(s['group'] and isinstance(s['weight'], (int, float)) and s['description'].strip()
         and s['tests'].strip() for s in d)
sys.exit(0 if ok and len(d) > 30 else 1)"

# Every named test exists, and the first one names its signal.
python3 - "$tmp/sig.json" >"$tmp/check" <<'PY'
import json, re, sys
for s in json.load(open(sys.argv[1])):
    tests = [x.strip() for x in s['tests'].split(';') if x.strip()]
    for i, t in enumerate(tests):
        path, _, name = t.partition(':')
        try:
            src = open(path).read()
        except OSError:
            print(f"{s['name']}: {t}: no such file"); continue
        if path.endswith('.c'):
            m = re.search(r'^static void ' + re.escape(name) + r'\(void \*\*state\)\n\{\n(.*?)^\}',
                          src, re.S | re.M)
            if not m or ('cmocka_unit_test(' + name + ')') not in src:
                print(f"{s['name']}: {t}: no such registered test"); continue
            body = m.group(1)
        else:
            if not (name.startswith('"') and name.endswith('"')):
                print(f"{s['name']}: {t}: a shell test is named by its quoted title"); continue
            title = name[1:-1]
            k = src.find('t "' + title + '"')
            if k < 0:
                print(f"{s['name']}: {t}: no such test"); continue
            body = src[k:src.find('\nt ', k + 1)]
        if i == 0 and s['name'] not in body:
            print(f"{s['name']}: {t}: the first test does not name the signal")
PY
t "every named test exists; the first one names its signal" test ! -s "$tmp/check"
[ -s "$tmp/check" ] && sed 's/^/# /' "$tmp/check"

# ---- fires: the signals no unit test shows firing, on our example articles
fires() { # signal, credence score arguments...
    local s=$1
    shift
    "$C" score --json "$@" >"$tmp/v.json" 2>/dev/null || return 1
    python3 -c "import json,sys; d=json.load(open('$tmp/v.json')); sys.exit(0 if any(x['name']=='$s' and x['value']>0 for x in d['signals']) else 1)"
}
R=examples/clickbait-rumor.txt
t "fires: CLICKBAIT_HEADLINE" fires CLICKBAIT_HEADLINE --no-model "$R"
t "fires: OPINION_HEAVY" fires OPINION_HEAVY --no-model "$R"
t "fires: LOADED_LANGUAGE" fires LOADED_LANGUAGE --no-model "$R"
t "fires: ANONYMOUS_SOURCING" fires ANONYMOUS_SOURCING --no-model "$R"
t "fires: HEDGED_CLAIMS" fires HEDGED_CLAIMS --no-model "$R"
t "fires: SHOUTING" fires SHOUTING --no-model "$R"
t "fires: SHORT_TEXT" fires SHORT_TEXT --no-model "$R"
t "fires: MOJIBAKE" fires MOJIBAKE --no-model examples/scraped-blog.txt
t "fires: SOURCE_MIXED_FACTUALITY" fires SOURCE_MIXED_FACTUALITY --no-model \
    --url https://nypost.com/2024/01/01/a examples/wire-report.txt
t "fires: SOURCE_SATIRE" fires SOURCE_SATIRE --no-model \
    --url https://www.theonion.com/local-man examples/satire.txt
t "fires: MODEL_UNRELIABLE" fires MODEL_UNRELIABLE --model "$MODEL" "$R"
t "fires: MODEL_RELIABLE" fires MODEL_RELIABLE --model "$MODEL" examples/wire-report.txt
# ...and where they must not (the wire report is sober news)
nofire() { ! fires "$@"; }
t "does not fire on the wire report: CLICKBAIT_HEADLINE, SHOUTING, ANONYMOUS_SOURCING" sh -c \
    "! '$C' score --json --no-model examples/wire-report.txt | grep -qE '\"(CLICKBAIT_HEADLINE|SHOUTING|ANONYMOUS_SOURCING)\"'"
t "no outlet signal without --url" nofire SOURCE_MIXED_FACTUALITY --no-model examples/wire-report.txt

# ---- the text form and the command line
t "text form: name, group, weight, description" sh -c \
    "'$C' signals | grep -qE '^CLICKBAIT_HEADLINE +headline +-?[0-9.]+ +the headline'"
t "text form: one line per signal" sh -c "[ \$('$C' signals | wc -l) = $(grep -cE '^\s*X\([A-Z_]+, [A-Z]+\)' src/score/score_int.h) ]"
t "signals --help" sh -c "'$C' signals --help | grep -q 'usage: credence signals'"
t "an argument is a usage error" one_line_err 2 "unexpected argument" "$C" signals extra
t "--pretty without --json is a usage error" one_line_err 2 "--pretty needs --json" "$C" signals --pretty

# ---- the loader checks the table against the code (exit 4, file:line)
mkdir -p "$tmp/d/score"
bad() { # name of the case, awk program over signals.tsv, expected message
    awk "$2" data/score/signals.tsv >"$tmp/d/score/signals.tsv"
    one_line_err 4 "$3" "$C" --data-dir "$tmp/d" signals
}
t "a signal with no line" bad missing '!/^SHOUTING\t/' "score/signals.tsv: signal 'SHOUTING' has no line"
t "a signal listed twice" bad twice '{print} /^SHOUTING\t/{print}' "signal 'SHOUTING' listed twice"
t "an unknown signal" bad unknown '{print} /^SHOUTING\t/{sub(/^SHOUTING/, "WHISPERING"); print}' \
    "unknown signal 'WHISPERING'"
t "a wrong group" bad group 'BEGIN{FS=OFS="\t"} /^SHOUTING\t/{$2="content"} {print}' \
    "signal 'SHOUTING' is in group 'style', not 'content'"
t "an empty description" bad desc 'BEGIN{FS=OFS="\t"} /^SHOUTING\t/{$3=""} {print}' \
    "signal 'SHOUTING' needs a description and a test"
t "no test" bad notest 'BEGIN{FS=OFS="\t"} /^SHOUTING\t/{$4=" ; "} {print}' \
    "signal 'SHOUTING' needs a description and a test"
t "a missing field, with the line" bad fields 'BEGIN{FS=OFS="\t"} /^SHOUTING\t/{NF=3} {print}' \
    "score/signals.tsv:$(grep -n '^SHOUTING' data/score/signals.tsv | cut -d: -f1): a signal needs 4"
t "score fails the same way (exit 4)" sh -c \
    "'$C' --data-dir '$tmp/d' score --no-model examples/wire-report.txt >/dev/null 2>&1; [ \$? = 4 ]"
