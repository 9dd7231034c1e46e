#!/usr/bin/env bash
# Golden tests: tests/golden/<command>/<case>.in is run through
# `credence <command> [ARGS] <case>.in` and its standard output compared with
# <case>.out byte for byte.  Optional files beside it:
#   <case>.args  extra arguments, one line, split on spaces (e.g. --json)
#   <case>.rc    expected exit code (default 0)
#   <case>.err   a string that standard error must contain
# To add a case, write the .in file and the .out you expect; nothing in C.
# To see a diff: diff <(build/credence clean X.in) X.out
set -u
CREDENCE=${CREDENCE:-build/credence}
n=0
echo "1..$(find tests/golden -name '*.in' | wc -l)"
for in in $(find tests/golden -name '*.in' | LC_ALL=C sort); do
    n=$((n + 1))
    dir=$(dirname "$in") base=${in%.in}
    cmd=$(basename "$dir")
    args=()
    [ -f "$base.args" ] && read -r -a args <"$base.args"
    want_rc=0
    [ -f "$base.rc" ] && want_rc=$(cat "$base.rc")
    out=$("$CREDENCE" "$cmd" "${args[@]}" "$in" 2>/tmp/golden.err.$$; echo "rc=$?")
    rc=${out##*rc=}
    out=${out%rc=*}
    ok=1 why=""
    if [ "$rc" != "$want_rc" ]; then ok=0 why="exit $rc, expected $want_rc"; fi
    if [ -f "$base.out" ] && [ "$out" != "$(cat "$base.out")"$'\n' ] && [ "$out" != "$(cat "$base.out")" ]; then
        ok=0 why="output differs: diff <($CREDENCE $cmd ${args[*]} $in) $base.out"
    fi
    if [ -f "$base.err" ] && ! grep -qF -- "$(cat "$base.err")" /tmp/golden.err.$$; then
        ok=0 why="stderr lacks: $(cat "$base.err") (got: $(head -c 200 /tmp/golden.err.$$))"
    fi
    if [ $ok = 1 ]; then echo "ok $n - $cmd/$(basename "$base")"
    else echo "not ok $n - $cmd/$(basename "$base"): $why"; fi
done
rm -f /tmp/golden.err.$$
