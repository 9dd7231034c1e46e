#!/usr/bin/env bash
# tests/run.sh BUILD - runs every test suite and prints one summary line.
#
# Suites:
#   BUILD/tests/test_*   cmocka unit tests (tests/unit/), run with TAP output
#   tests/t_*.sh         shell suites (golden files, CLI behaviour, shared
#                        data); each prints TAP ("ok N - name",
#                        "not ok N - name", "ok N - name # SKIP why")
# Exit status is non-zero if any test failed or any suite crashed.
set -u
BUILD=${1:-build}
export CREDENCE="$BUILD/credence" BUILD
pass=0 fail=0 skip=0 broken=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_suite() { # name, command...
    local name=$1
    shift
    "$@" >"$log" 2>&1
    local rc=$?
    local p f s
    p=$(grep -cE '^ok [0-9]+' "$log")
    s=$(grep -cE '^ok [0-9]+.*# *SKIP' "$log")
    f=$(grep -cE '^not ok [0-9]+' "$log")
    p=$((p - s))
    pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
    if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ]; then
        echo "FAIL $name ($p passed, $f failed, $s skipped, exit $rc)"
        grep -vE '^ok [0-9]+|^1\.\.[0-9]+|^# ok' "$log" | head -60
        if [ "$f" -eq 0 ]; then broken=$((broken + 1)); fi
    else
        echo "ok   $name ($p passed${s:+, $s skipped})"
        grep -E '# *SKIP' "$log" | sed 's/^/     /' | head -5
    fi
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    CMOCKA_MESSAGE_OUTPUT=TAP run_suite "$(basename "$t")" "$t"
done
for t in tests/t_*.sh; do
    [ -f "$t" ] || continue
    run_suite "$(basename "$t")" bash "$t"
done
fail=$((fail + broken))
echo
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
