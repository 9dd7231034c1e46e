# tests/lib.sh - helpers for the shell suites (tests/t_*.sh), which print TAP.
# Source it after setting `tmp` (a scratch directory the suite owns):
#   t NAME COMMAND...              ok/not ok by the command's exit status
#   skip NAME WHY                  ok ... # SKIP WHY
#   one_line_err RC TEXT COMMAND...  true when COMMAND exits RC and prints one
#                                  line on stderr that contains TEXT
n=0
t() {
    n=$((n + 1))
    local name=$1
    shift
    if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
one_line_err() {
    local want=$1 sub=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    [ "$rc" = "$want" ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -qF -- "$sub" "$tmp/err"
}
