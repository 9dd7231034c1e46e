#!/usr/bin/env bash
# tools/depcycles on the built tree: it prints a graph with every module of
# src/, each cycle it reports is made of edges of that graph, and --check
# agrees with what it reports (exit 1 with a cycle, 0 without).  The tree has
# cycles today (docs/architecture.md); when they are gone, this still passes
# and `tools/depcycles --check` can join `make check`.
set -u
BUILD=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
echo "1..4"
if ! command -v python3 >/dev/null; then
    for i in 1 2 3 4; do skip "tools/depcycles" "python3 not installed"; done
    exit 0
fi
tools/depcycles --build "$BUILD" >"$tmp/g" 2>"$tmp/err"
t "tools/depcycles runs" test $? = 0
missing=""
for m in util decode fix chrome segment repeat clean json ctx html analysis learn score; do
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
