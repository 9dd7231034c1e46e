#!/usr/bin/env bash
# CLI behaviour of `credence analyze`: options, errors as one line with the
# file (and, for data files, the line), stdin, --no-title, --data-dir
# overrides of data/analysis/ files.  Inputs are written here.
set -u
C=${CREDENCE:-build/credence}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
tj() { # name, file, jq expression that must be true (SKIP without jq)
    n=$((n + 1))
    if ! command -v jq >/dev/null 2>&1; then
        echo "ok $n - $1 # SKIP jq is not installed"
    elif [ "$(jq "$3" "$2")" = true ]; then
        echo "ok $n - $1"
    else
        echo "not ok $n - $1"
    fi
}
echo "1..12"
t "--help exits 0 and documents --json" sh -c "'$C' analyze --help | grep -q -- '--json'"
t "unknown flag: exit 2, one line" one_line_err 2 "unknown option '--bogus'" "$C" analyze --bogus
t "missing file: exit 3, names it" one_line_err 3 "$tmp/nope.txt" "$C" analyze "$tmp/nope.txt"
t "two files: exit 2" one_line_err 2 "at most one FILE" "$C" analyze a b
printf 'Title\n\n“It works,” the tester said.\n' >"$tmp/a.txt"
t "stdin and file give the same JSON" sh -c "'$C' analyze --json - <'$tmp/a.txt' >'$tmp/s.json' && '$C' analyze --json '$tmp/a.txt' | cmp -s - '$tmp/s.json'"
"$C" analyze --json "$tmp/a.txt" >"$tmp/a.json"
tj "schema_version and one direct quote" "$tmp/a.json" '.schema_version == 1 and ([.quotes[] | select(.kind == "direct")] | length) == 1'
tj "speaker span text" "$tmp/a.json" '.quotes[0].speaker.text == "the tester"'
"$C" analyze --json --no-title "$tmp/a.txt" >"$tmp/nt.json"
tj "--no-title: headline null" "$tmp/nt.json" '.headline == null'
mkdir -p "$tmp/data/analysis"
printf 'said\tdx\n' >"$tmp/data/analysis/cues.tsv"
t "malformed data file: exit 4, file and line" one_line_err 4 "analysis/cues.tsv:1:" "$C" --data-dir "$tmp/data" analyze "$tmp/a.txt"
printf 'uttered\tdri\n' >"$tmp/data/analysis/cues.tsv"
printf 'Title\n\n“It works,” the tester uttered.\n' >"$tmp/b.txt"
"$C" --data-dir "$tmp/data" analyze --json "$tmp/b.txt" >"$tmp/b.json"
tj "--data-dir cue list is used" "$tmp/b.json" '.quotes[0].cue.text == "uttered"'
t "empty input: exit 0" sh -c "'$C' analyze --json /dev/null >/dev/null"
head -c 300000 /dev/urandom >"$tmp/rand"
t "random bytes: exit 0" sh -c "'$C' analyze --json '$tmp/rand' >/dev/null"
