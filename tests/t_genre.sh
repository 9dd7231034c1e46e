#!/usr/bin/env bash
# Genre from the text alone (docs/score.md, "Genre"): SATIRE_STYLE and
# OPINION_VOICE and the genre they decide, on invented pieces
# (tests/fixtures/genre/, expected genres in tests/golden/genre/cases.tsv:
# satire in several houses' styles, opinion columns, straight news with
# quoted first person and "Report:" headlines used seriously).  Prints the
# recall per split (tune / holdout) as TAP comments.  No third-party text;
# the seed article is read from ../shared when present.
set -u
C=${CREDENCE:-build/credence}
SHARED=${SHARED:-../shared}
F=tests/fixtures/genre
CASES=tests/golden/genre/cases.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

genre_of() { "$C" score "$@" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["genre"])'; }
is_genre() { # genre, score arguments...
    local want=$1
    shift
    [ "$(genre_of "$@")" = "$want" ]
}
# signal NAME fires (value > 0) and one of its evidence spans contains TEXT
sig_ev() { # name, text, score arguments...
    local name=$1 text=$2
    shift 2
    "$C" score "$@" --json >"$tmp/j" 2>/dev/null &&
        python3 - "$tmp/j" "$name" "$text" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = [x for x in d["signals"] if x["name"] == sys.argv[2]]
sys.exit(0 if s and s[0]["value"] > 0 and any(sys.argv[3] in e["text"] for e in s[0]["evidence"]) else 1)
PY
}
no_sig() { # name, score arguments...
    local name=$1
    shift
    "$C" score "$@" --json >"$tmp/j" 2>/dev/null &&
        ! grep -q "\"name\":\"$name\"" "$tmp/j"
}

ncases=$(grep -cv '^#' "$CASES")
echo "1..$((ncases + 22))"

# ---- the cases ---------------------------------------------------------------
: >"$tmp/results"
while IFS=$'\t' read -r file want split known; do
    case $file in '#'* | '') continue ;; esac
    got=$(genre_of "$F/$file")
    printf '%s\t%s\t%s\n' "$want" "$got" "$split" >>"$tmp/results"
    if [ "${known:-}" = known-miss ] && [ "$got" != "$want" ]; then
        skip "$file is $want" "known miss: genre $got"
    else
        t "$file is $want ($split)" [ "$got" = "$want" ]
    fi
done <"$CASES"

rate() { # expected, got, split -> "hits/total"
    awk -F'\t' -v w="$1" -v g="$2" -v s="$3" \
        '$1 == w && (s == "all" || $3 == s) { n++; if ($2 == g) k++ } END { printf "%d/%d", k, n }' \
        "$tmp/results"
}
at_least_half() { local r=$1; [ $((2 * ${r%/*})) -ge "${r#*/}" ]; }
for s in tune holdout; do
    echo "# $s: satire recall $(rate satire satire $s), opinion recall $(rate opinion opinion $s)," \
        "news called satire $(rate news satire $s), news called opinion $(rate news opinion $s)"
done
t "satire recall >= 1/2 on the tuning cases" at_least_half "$(rate satire satire tune)"
t "satire recall >= 1/2 on the held-out cases" at_least_half "$(rate satire satire holdout)"
t "opinion recall >= 1/2 on the held-out cases" at_least_half "$(rate opinion opinion holdout)"
t "no news case is called satire" [ "$(rate news satire all)" = "0/$(rate news news all | cut -d/ -f2)" ]

# ---- the signals ---------------------------------------------------------------
t "SATIRE_STYLE fires, with the Onion dateline as evidence" \
    sig_ev SATIRE_STYLE "DAYTON, OH—" "$F/satire-onion-thermostat.txt"
t "SATIRE_STYLE: the Borowitz dateline" \
    sig_ev SATIRE_STYLE "(The Borowitz Report)" "$F/satire-borowitz-senator.txt"
t "SATIRE_STYLE does not fire on a wire report" no_sig SATIRE_STYLE "$F/news-wire-trade.txt"
printf 'Council delays vote on budget\n\nThe council literally ran out of time on Tuesday and will vote next week, the clerk said.\n' >"$tmp/weak.txt"
t "one weak cue ('literally') does not make satire" is_genre news "$tmp/weak.txt"
printf 'Mayor bans Mondays\n\nThe mayor on Friday banned Mondays, officials said.\n\nAll articles on this site are satire and should not be taken as fact.\n' >"$tmp/site.txt"
t "a site's own satire notice at the end makes satire" is_genre satire "$tmp/site.txt"
t "OPINION_VOICE fires, with the writer's own column as evidence" \
    sig_ev OPINION_VOICE "my last column" "$F/opinion-transit.txt"
t "OPINION_VOICE: quoted first person is not the writer's voice" \
    no_sig OPINION_VOICE "$F/news-council-vote.txt"
printf 'School board backs later start\n\nThe board voted 4-1 to start classes at 8:30.\n\n"I think we must listen to the science," said board member Ann Lee. "Why would we wait?"\n' >"$tmp/q.txt"
t "OPINION_VOICE does not fire on quoted argument" no_sig OPINION_VOICE "$tmp/q.txt"
sed 's/^"I think we must listen to the science," said board member Ann Lee. "Why would we wait?"$/I think we must listen to the science. Why would we wait? In my view, the board is right, and I believe parents agree./' "$tmp/q.txt" >"$tmp/q2.txt"
t "OPINION_VOICE fires on the same words unquoted" sig_ev OPINION_VOICE "In my view" "$tmp/q2.txt"

# ---- the genre decision ----------------------------------------------------------
t "examples/satire.txt is satire without a URL" is_genre satire examples/satire.txt
t "examples/opinion-column.txt is opinion" is_genre opinion examples/opinion-column.txt
t "examples/wire-report.txt is news" is_genre news examples/wire-report.txt
if [ -f "$SHARED/samples/seed-article.txt" ]; then
    t "the seed article stays opinion" is_genre opinion "$SHARED/samples/seed-article.txt"
else
    skip "the seed article stays opinion" "$SHARED/samples not found"
fi
t "satire_text_genre above 1 turns text satire off" \
    is_genre news "$F/satire-onion-thermostat.txt" --set satire_text_genre=2
t "a highly factual outlet is not called satire from its text" \
    is_genre news "$F/satire-onion-thermostat.txt" --url https://apnews.com/article/x
t "opinion_voice_genre above 1 turns the voice rule off" \
    is_genre news "$F/opinion-newsletter.txt" --set opinion_voice_genre=2

# ---- the data file ------------------------------------------------------------------
mkdir -p "$tmp/d/score"
printf 'satire\tx\t1\t1\tnowhere\tany\tfoo\tr\n' >"$tmp/d/score/genre.tsv"
t "genre.tsv: bad field is exit 4 with file:line" \
    one_line_err 4 "score/genre.tsv:1: where must be" "$C" --data-dir "$tmp/d" score examples/satire.txt
printf '# c\nsatire\tx\t1\t1\tany\tany\tfoo(\tr\n' >"$tmp/d/score/genre.tsv"
t "genre.tsv: bad pattern is exit 4 with file:line and column" \
    one_line_err 4 "score/genre.tsv:2: cue x: bad pattern at column" "$C" --data-dir "$tmp/d" score examples/satire.txt
