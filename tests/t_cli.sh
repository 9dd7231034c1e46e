#!/usr/bin/env bash
# CLI behaviour of `credence clean`: errors are one line with the file name and
# a non-zero exit; hostile inputs (random bytes, huge lines, truncated UTF-8,
# empty files) give a result, never a crash.  Inputs are generated here.
set -u
C=${CREDENCE:-build/credence}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
echo "1..16"
t "unknown flag: exit 2, one line" one_line_err 2 "unknown option '--bogus'" "$C" clean --bogus
t "unknown command" one_line_err 2 "unknown command 'frobnicate'" "$C" frobnicate
t "missing file: exit 3, names it" one_line_err 3 "$tmp/nope.txt: No such file" "$C" clean "$tmp/nope.txt"
t "directory: exit 3" one_line_err 3 "is a directory" "$C" clean "$tmp"
printf 'x%.0s' $(seq 1 100) >"$tmp/100b"
t "over --max-bytes: exit 3" one_line_err 3 "over the input limit" "$C" clean --max-bytes 50 "$tmp/100b"
t "over --max-bytes on stdin: exit 3" one_line_err 3 "over the limit" sh -c "cat '$tmp/100b' | '$C' clean --max-bytes 50 -"
t "bad --max-bytes value: exit 2" one_line_err 2 "--max-bytes" "$C" clean --max-bytes 12Q "$tmp/100b"
t "--max-bytes needs a value" one_line_err 2 "needs a value" "$C" clean --max-bytes
t "two files: exit 2" one_line_err 2 "at most one FILE" "$C" clean "$tmp/100b" "$tmp/100b"
if [ -r /etc/shadow ] && [ "$(id -u)" != 0 ]; then :; fi
: >"$tmp/empty"
t "empty file: exit 0, no output" sh -c "'$C' clean '$tmp/empty' >'$tmp/out' && [ ! -s '$tmp/out' ]"
t "empty file --json is valid JSON" sh -c "'$C' clean --json '$tmp/empty' | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"text\"]==\"\"'"
printf 'Title\n\nCaf\xc3' >"$tmp/trunc"
t "truncated UTF-8 decoded as 1252" sh -c "'$C' clean '$tmp/trunc' | grep -q 'CafÃ'"
head -c 50000000 /dev/urandom >"$tmp/random"
t "50 MB random bytes: exit 0, valid UTF-8 out" sh -c "'$C' clean '$tmp/random' | python3 -c 'import sys; sys.stdin.buffer.read().decode(\"utf-8\")'"
rm -f "$tmp/random"
head -c 10000000 /dev/zero | tr '\0' 'a' >"$tmp/line"
t "10 MB single line: exit 0" sh -c "'$C' clean '$tmp/line' | wc -c | grep -q 10000001"
t "stdin by default" sh -c "printf 'T\n\nBody text.' | '$C' clean | grep -q 'Body text.'"
t "--help exits 0" sh -c "'$C' clean --help | grep -q 'usage: credence clean'"
