#!/usr/bin/env bash
# tools/depcycles on the built tree: it prints a graph with every module of
# src/, each cycle it reports is made of edges of that graph, and --check
# agrees with what it reports (exit 1 with a cycle, 0 without); the check
# fails on a made-up cycle; and src/ has no cycle, between modules or between
# files, by calls or by includes (docs/architecture.md): a change that adds
# one fails `make check`.
set -u
BUILD=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
echo "1..9"
if ! command -v python3 >/dev/null; then
    for i in 1 2 3 4 5 6 7 8 9; do skip "tools/depcycles" "python3 not installed"; done
    exit 0
fi
tools/depcycles --build "$BUILD" >"$tmp/g" 2>"$tmp/err"
t "tools/depcycles runs" test $? = 0
missing=""
for m in util data decode fix chrome segment repeat clean json article ctx html analysis learn score; do
    grep -q "^$m  *-> " "$tmp/g" || missing="$missing $m"
done
t "every module of src/ is in the graph${missing:+ (missing:$missing)}" test -z "$missing"
# Each "e.g. a -> b -> a" line: every step is an edge printed above.
bad=$(python3 - "$tmp/g" <<'PY'
import re, sys
edges, bad = {}, []
for line in open(sys.argv[1]):
    m = re.match(r"^(\S+)\s+-> (.*)$", line)
    if m:
        edges[m.group(1)] = set(m.group(2).split(", "))
    m = re.match(r"^\s+e\.g\. (.*)$", line)
    if m:
        p = m.group(1).split(" -> ")
        bad += [f"{a}->{b}" for a, b in zip(p, p[1:]) if b not in edges.get(a, ())]
print(" ".join(bad))
PY
)
t "each reported cycle is made of edges of the graph${bad:+ ($bad)}" test -z "$bad"
tools/depcycles --build "$BUILD" --check >/dev/null 2>&1
rc=$?
if grep -q '^# cycles: none' "$tmp/g"; then want=0; else want=1; fi
t "--check exits $want ($(grep '^# cycles' "$tmp/g"))" test "$rc" = "$want"

# The check sees a cycle: two object files that call each other, in a build
# directory of their own (module names from their paths, as for src/).
if command -v cc >/dev/null && command -v nm >/dev/null; then
    mkdir -p "$tmp/b/obj/src"
    printf 'int zz_b(int);\nint zz_a(int x) { return x ? zz_b(x - 1) : 0; }\n' >"$tmp/a.c"
    printf 'int zz_a(int);\nint zz_b(int x) { return x ? zz_a(x - 1) : 1; }\n' >"$tmp/b.c"
    cc -c -o "$tmp/b/obj/src/zz_a.o" "$tmp/a.c" && cc -c -o "$tmp/b/obj/src/zz_b.o" "$tmp/b.c"
    tools/depcycles --build "$tmp/b" --check >"$tmp/cyc" 2>&1
    rc=$?
    t "--check exits 1 on a made-up cycle (zz_a <-> zz_b)" \
        sh -c "test $rc = 1 && grep -q 'zz_a -> zz_b -> zz_a' '$tmp/cyc'"
else
    skip "--check exits 1 on a made-up cycle" "cc or nm missing"
fi
# The layer rule on src/ itself.
for opts in "" "--files" "--includes" "--files --includes"; do
    # shellcheck disable=SC2086
    tools/depcycles --build "$BUILD" $opts --check >"$tmp/c" 2>&1
    rc=$?
    t "no cycle in src/ (tools/depcycles ${opts:+$opts }--check)$(test $rc = 0 || { echo; sed -n '/^# cycles/,$p' "$tmp/c" | sed 's/^/# /'; })" \
        test "$rc" = 0
done
