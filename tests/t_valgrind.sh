#!/usr/bin/env bash
# Every command on our example articles under valgrind's memcheck: no invalid
# reads/writes, no uses of uninitialised values, no leaks.  SKIPs in the
# sanitizer build (the two cannot be combined) and when valgrind is missing.
# CREDENCE_NO_JIT=1: PCRE2's JIT reads past buffers by design (see internal.h).
set -u
C=${CREDENCE:-build/credence}
cases=(
    "clean examples/scraped-blog.txt"
    "clean --json --tokens examples/scraped-blog.txt"
    "analyze --json examples/wire-report.txt"
    "score --json examples/clickbait-rumor.txt"
    "score --no-color examples/opinion-column.txt"
    "extract --json tests/golden/extract/news-furniture.in"
    "clean --format html tests/golden/extract/news-furniture.in"
    "score --json tests/golden/extract/news-furniture.in"
)
echo "1..${#cases[@]}"
n=0
for c in "${cases[@]}"; do
    n=$((n + 1))
    if [ "${SAN:-}" = 1 ]; then echo "ok $n - valgrind $c # SKIP sanitizer build"; continue; fi
    if ! command -v valgrind >/dev/null; then echo "ok $n - valgrind $c # SKIP valgrind not installed"; continue; fi
    read -r -a args <<<"$c"
    if [ ! -e "${args[-1]}" ]; then echo "ok $n - valgrind $c # SKIP ${args[-1]} absent"; continue; fi
    log=$(mktemp)
    CREDENCE_NO_JIT=1 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        "$C" "${args[@]}" >/dev/null 2>"$log"
    rc=$?
    if [ $rc = 99 ]; then
        echo "not ok $n - valgrind $c"
        head -30 "$log" | sed 's/^/# /'
    else
        echo "ok $n - valgrind $c (exit $rc)"
    fi
    rm -f "$log"
done
