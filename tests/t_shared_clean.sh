#!/usr/bin/env bash
# The text pipeline on the canonical seed article (../shared/samples, third
# party: read here, never copied into the repo).  SKIPs when ../shared is absent.
set -u
C=${CREDENCE:-build/credence}
seed=../shared/samples/seed-article.txt
echo "1..9"
if [ ! -r "$seed" ]; then
    for i in $(seq 1 9); do echo "ok $i - seed article # SKIP ../shared is absent"; done
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$C" clean "$seed" >"$tmp/text"
"$C" clean --json "$seed" >"$tmp/json"
. "$(dirname "$0")/lib.sh"
py() { python3 -c "import json,sys; d=json.load(open('$tmp/json')); $1"; }
t "no mis-decoded ¬ left" sh -c "! grep -q '¬' '$tmp/text'"
t "no-break spaces repaired to spaces around the quote" grep -q 'This new “partner-like cooperation” between' "$tmp/text"
t "view counter removed" sh -c "! grep -q 'Visited 43 times' '$tmp/text'"
t "login prompt removed" sh -c "! grep -q 'logged in to post' '$tmp/text'"
t "chrome removals reported with their rules" py "r=[x['rule'] for x in d['removals'] if x['kind']=='chrome']; assert 'view-counter' in r and 'login-prompt' in r, r"
t "repeated lede reported" py "r=[x for x in d['removals'] if x['kind']=='repeat']; assert len(r)==1 and r[0]['original'].startswith('Donald Trump and Vladimir Putin had their first official phone call'), r"
t "lede kept once" sh -c "[ \$(grep -o 'had their first official phone call' '$tmp/text' | wc -l) = 1 ]"
t "title is the headline" py "assert d['title']['text']=='Look What Trump And Putin Talked About Saturday'"
t "input offsets point at the same words" py "
src=open('$seed','rb').read()
for s in d['sentences']:
    a=src[s['input_start']:s['input_end']].decode('utf-8','replace')
    assert a.split()[0]==s['text'].split()[0], (a[:40], s['text'][:40])"
