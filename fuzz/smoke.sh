#!/bin/sh
# fuzz/smoke.sh - `make fuzz-smoke`: builds the libFuzzer targets, replays
# every seed of fuzz/corpus/<target>/, then fuzzes each target for
# FUZZ_TIME seconds (default 15) from a scratch copy of its corpus (the tree
# is never written).  Exits non-zero on any finding (crash, sanitizer
# report, broken invariant, leak, timeout); the input is left in
# $FUZZ_BUILD/findings/.  Prints SKIP and succeeds only when clang cannot
# link a libFuzzer program (no libclang-rt-14-dev: scripts/setup.sh).
#
#   FUZZ_TARGETS="extract dataset" fuzz/smoke.sh   only these targets
#   FUZZ_TIME=120 fuzz/smoke.sh                    longer runs (docs/security.md)
#   FUZZ_RUNS=3000 fuzz/smoke.sh                   a fixed number of inputs from
#                                                  seed 1: the same inputs on every
#                                                  run (CI sets this: a CI result
#                                                  must not depend on luck or speed)
set -eu
cd "$(dirname "$0")/.."
FUZZ_CC=${FUZZ_CC:-clang}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_TIME=${FUZZ_TIME:-15}
FUZZ_RUNS=${FUZZ_RUNS:-}
if [ -n "$FUZZ_RUNS" ]; then
    budget="-seed=1 -runs=$FUZZ_RUNS"
else
    budget="-max_total_time=$FUZZ_TIME"
fi
MAKE=${MAKE:-make}

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! command -v "$FUZZ_CC" >/dev/null 2>&1 ||
   ! "$FUZZ_CC" -fsanitize=fuzzer,address,undefined -o "$probe/p" "$probe/p.c" >/dev/null 2>&1; then
    echo "fuzz-smoke: SKIP ($FUZZ_CC cannot link -fsanitize=fuzzer: install clang and libclang-rt-14-dev)"
    exit 0
fi

$MAKE -j2 --no-print-directory fuzz FUZZ_CC="$FUZZ_CC" FUZZ_BUILD="$FUZZ_BUILD" >"$probe/build.log" 2>&1 ||
    { cat "$probe/build.log" >&2; echo "fuzz-smoke: build failed" >&2; exit 1; }

# Dictionaries per target (libFuzzer takes one -dict file).
dicts() {
    case $1 in
    clean_text|analyze) echo text ;;
    clean_html) echo html text ;;
    extract) echo html json ;;
    score|score_model) echo text html ;;
    outlets|dataset) echo tsv json ;;
    score_config) echo tsv ;;
    *) echo "" ;;
    esac
}

targets=${FUZZ_TARGETS:-$(ls fuzz/fuzz_*.c | sed 's|fuzz/fuzz_||; s|\.c$||')}
mkdir -p "$FUZZ_BUILD/findings"
fail=0
for t in $targets; do
    bin="$FUZZ_BUILD/fuzz_$t"
    seeds="fuzz/corpus/$t"
    [ -x "$bin" ] || { echo "fuzz-smoke: no $bin" >&2; fail=1; continue; }
    mkdir -p "$seeds" 2>/dev/null || true
    dict=""
    for d in $(dicts "$t"); do cat "fuzz/dict/$d.dict"; done >"$probe/$t.dict"
    [ -s "$probe/$t.dict" ] && dict="-dict=$probe/$t.dict"
    work="$probe/corpus-$t"
    mkdir -p "$work"
    log="$FUZZ_BUILD/findings/$t.log"
    # 1. replay: every seed once (a regression input that fails again fails here)
    if ! "$bin" -runs=0 -rss_limit_mb=2048 -timeout=25 "$seeds" >"$log" 2>&1; then
        echo "not ok - $t: a seed fails (log: $log)"
        tail -30 "$log" >&2
        fail=1
        continue
    fi
    # 2. a short run from the seeds
    # shellcheck disable=SC2086
    if ! "$bin" $dict $budget -max_len=16384 -rss_limit_mb=2048 \
            -timeout=25 -print_final_stats=1 -artifact_prefix="$FUZZ_BUILD/findings/$t-" \
            "$work" "$seeds" >>"$log" 2>&1; then
        echo "not ok - $t: finding (log: $log; input: $FUZZ_BUILD/findings/$t-*)"
        grep -E "ERROR|invariant|SUMMARY|runtime error" "$log" | head -5 >&2
        fail=1
        continue
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "ok - $t: ${runs:-?} executions (${FUZZ_RUNS:+seed 1, }${FUZZ_RUNS:-${FUZZ_TIME}s}), corpus $(ls "$seeds" | wc -l) seeds"
done
[ $fail = 0 ] && echo "fuzz-smoke: all targets clean" || echo "fuzz-smoke: FAILED" >&2
exit $fail
