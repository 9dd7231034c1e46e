#!/usr/bin/env bash
# `credence worker` and `credence enqueue` against a real Redis (docs/scale.md):
# the suite starts its own redis-server (Debian's) on a free local port, with
# no persistence, in a temp dir, and kills it on exit.  SKIP without
# redis-server / redis-cli / python3.
#   - 200 documents (made from examples/*.txt with distinct ids) through two
#     workers: every id has exactly one result, equal to `score --jsonl
#     --brief` for the same line (without "line"), order ignored;
#   - poison entries (bad JSON, no text, no doc field) land in the dead-letter
#     stream with their error, and the good entries around them are scored;
#   - a consumer that dies holding entries (pending, never acked) and a worker
#     killed with SIGKILL mid-way: a worker with a short --claim-idle takes
#     them over, no id is lost (duplicates are counted and reported);
#   - an entry delivered more than --max-tries times is a dead letter;
#   - SIGTERM: exit 0.
set -u
BUILD=${BUILD:-build}
C=${CREDENCE:-$BUILD/credence}
case $C in /*) ;; *) C=$PWD/$C ;; esac
tmp=$(mktemp -d)
rpid=
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    [ -n "$rpid" ] && kill "$rpid" 2>/dev/null && wait "$rpid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"
echo "1..16"

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null ||
    ! command -v python3 >/dev/null; then
    for i in $(seq 16); do skip "worker $i" "redis-server, redis-cli or python3 missing"; done
    exit 0
fi

# A free local port: ask the kernel.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$tmp" && exec redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$tmp" --logfile "$tmp/redis.log") &
rpid=$!
R() { redis-cli -p "$port" "$@"; }
for _ in $(seq 50); do R ping >/dev/null 2>&1 && break; sleep 0.1; done
URL=redis://127.0.0.1:$port

# 200 documents from our examples, distinct ids (and one HTML page).
python3 - "$tmp/docs.jsonl" examples/*.txt <<'EOF'
import json, sys
out, files = sys.argv[1], sys.argv[2:]
texts = [open(f, encoding="utf-8").read() for f in files]
with open(out, "w") as f:
    for i in range(200):
        t = texts[i % len(texts)]
        # vary the text a little so the docs are not all the same
        f.write(json.dumps({"id": "doc-%03d" % i, "text": t + "\n\nEdition %d." % i,
                            "url": "https://example.org/news/%d" % i if i % 3 == 0 else None}) + "\n")
EOF
"$C" score --jsonl "$tmp/docs.jsonl" --brief -j 1 >"$tmp/want.jsonl" 2>/dev/null

# compare OUT with the reference: every id exactly once, same JSON without "line"
cat >"$tmp/cmp.py" <<'EOF'
import json, sys, collections
want = {}
for l in open(sys.argv[1]):
    o = json.loads(l); o.pop("line", None); want[o["id"]] = o
got = collections.Counter(); bad = 0
for l in open(sys.argv[2]):
    if not l.strip(): continue
    o = json.loads(l); got[o.get("id")] += 1
    if want.get(o.get("id")) != o: bad += 1
missing = [i for i in want if got[i] == 0]
dups = sum(c - 1 for c in got.values() if c > 1)
extra = [i for i in got if i not in want]
print("ids %d, results %d, missing %d, duplicates %d, unequal %d, unknown %d" %
      (len(want), sum(got.values()), len(missing), dups, bad, len(extra)))
mode = sys.argv[3] if len(sys.argv) > 3 else "exact"
ok = not missing and not bad and not extra and (dups == 0 or mode == "atleast")
sys.exit(0 if ok else 1)
EOF
# the `result` fields of a stream, one per line
results() {
    R --raw XRANGE "$1" - + | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
for i, l in enumerate(lines):
    if l == "result" and i + 1 < len(lines): print(lines[i + 1])'
}
pending() { R XPENDING "$1" "$2" | head -1; }
# waits until the group has read everything and holds nothing pending
drained() { # stream group want_out out [secs]
    for _ in $(seq $((${5:-30} * 10))); do
        local lag
        lag=$(R XINFO GROUPS "$1" | awk 'p {print; exit} /^lag$/ {p=1}')
        if [ "$(pending "$1" "$2")" = 0 ] && [ "${lag:-1}" = 0 ] &&
            [ "$(R XLEN "$4")" -ge "$3" ]; then return 0; fi
        sleep 0.1
    done
    return 1
}
start_worker() { # name args...
    local name=$1
    shift
    "$C" worker --redis "$URL" --consumer "$name" --no-model "$@" 2>>"$tmp/$name.err" &
    pids+=($!)
}

# -- 1: enqueue, two workers, results equal score --jsonl --brief --------------------
"$C" score --jsonl "$tmp/docs.jsonl" --brief -j 1 --no-model >"$tmp/want.jsonl" 2>/dev/null
t "enqueue adds 200 entries" sh -c "test \"\$('$C' enqueue --redis '$URL' --stream in1 '$tmp/docs.jsonl')\" = 200 && test \"\$(redis-cli -p $port XLEN in1)\" = 200"
start_worker w1 --stream in1 --group g --out out1 --batch 8
start_worker w2 --stream in1 --group g --out out1 --batch 8 -j 2
t "two workers drain 200 entries" drained in1 g 200 out1 60
results out1 >"$tmp/got1.jsonl"
python3 "$tmp/cmp.py" "$tmp/want.jsonl" "$tmp/got1.jsonl" exact >"$tmp/cmp1" 2>&1
t "every id exactly once, equal to score --jsonl --brief" test $? = 0
sed 's/^/# two workers: /' "$tmp/cmp1"
t "both workers took entries" sh -c "grep -q 'stopping\\|consuming' '$tmp/w1.err' && test \"\$(redis-cli -p $port XINFO CONSUMERS in1 g | grep -c '^w[12]\$')\" = 2"

# -- 2: SIGTERM exits 0 -----------------------------------------------------------------
kill -TERM "${pids[0]}"
wait "${pids[0]}"
rc1=$?
kill -TERM "${pids[1]}"
wait "${pids[1]}"
rc2=$?
t "SIGTERM: both workers exit 0" test "$rc1:$rc2" = 0:0
pids=()

# -- 3: poison entries go to the dead-letter stream, nothing blocks ----------------------
R XADD in2 '*' doc '{"id":"ok-1","text":"Council approves budget.\n\nThe council approved the budget on Monday, its chair said."}' >/dev/null
R XADD in2 '*' doc '{"id":"bad-json", "text": ' >/dev/null
R XADD in2 '*' doc '{"id":"no-text","title":"Headline only"}' >/dev/null
R XADD in2 '*' other 'x' >/dev/null
R XADD in2 '*' doc '[1,2]' >/dev/null
R XADD in2 '*' doc '{"id":"ok-2","html":"<html><head><title>Harbor vote</title></head><body><article><h1>Harbor vote</h1><p>The port board voted on Tuesday to expand the harbor, its chair said in a statement.</p></article></body></html>"}' >/dev/null
start_worker w3 --stream in2 --group g --out out2 --dead dead2 --batch 2
t "poison: the group drains" drained in2 g 2 out2 30
t "poison: 4 dead letters, each with its error" sh -c "
    test \"\$(redis-cli -p $port XLEN dead2)\" = 4 &&
    redis-cli -p $port --raw XRANGE dead2 - + >'$tmp/dead2' &&
    grep -q 'column' '$tmp/dead2' && grep -q 'text.*missing' '$tmp/dead2' &&
    grep -q 'no \"doc\" field' '$tmp/dead2' && grep -q 'not a JSON object' '$tmp/dead2'"
t "poison: the good entries (text and html) are scored" sh -c "
    test \"\$(redis-cli -p $port XLEN out2)\" = 2 &&
    redis-cli -p $port --raw XRANGE out2 - + | grep -q '\"id\": *\"ok-2\"'"
kill -TERM "${pids[0]}"
wait "${pids[0]}"
pids=()

# -- 4: a dead consumer's pending entries and a SIGKILLed worker -------------------------
"$C" enqueue --redis "$URL" --stream in3 "$tmp/docs.jsonl" >/dev/null
R XGROUP CREATE in3 g 0 >/dev/null
# a consumer that read 30 entries and died without a word
R XREADGROUP GROUP g ghost COUNT 30 STREAMS in3 '>' >/dev/null
# a worker killed mid-way (it holds at most --batch entries)
start_worker w4 --stream in3 --group g --out out3 --batch 16 --claim-idle 0
for _ in $(seq 500); do [ "$(R XLEN out3)" -ge 20 ] && break; sleep 0.01; done
kill -9 "${pids[0]}"
wait "${pids[0]}" 2>/dev/null
pids=()
at_kill=$(R XLEN out3)
w4_pending=$(R XINFO CONSUMERS in3 g | awk '$0 == "w4" {w=1} w && p {print; exit} w && $0 == "pending" {p=1}')
echo "# SIGKILL: w4 had written $at_kill results and held ${w4_pending:-?} entries"
t "SIGKILL mid-way: some results written, entries left pending" \
    sh -c "test '$at_kill' -ge 1 && test '$at_kill' -lt 170 && test \"\$(redis-cli -p $port XPENDING in3 g | head -1)\" -gt 30"
start_worker w5 --stream in3 --group g --out out3 --batch 16 --claim-idle 300
t "a worker with --claim-idle 300 drains the group" drained in3 g 200 out3 60
results out3 >"$tmp/got3.jsonl"
python3 "$tmp/cmp.py" "$tmp/want.jsonl" "$tmp/got3.jsonl" atleast >"$tmp/cmp3" 2>&1
t "SIGKILL + claim: no id lost (at-least-once), results equal" test $? = 0
sed 's/^/# SIGKILL + claim: /' "$tmp/cmp3"
kill -TERM "${pids[0]}"
wait "${pids[0]}"
pids=()

# -- 5: an entry delivered more than --max-tries times is a dead letter ----------------
R XADD in4 '*' doc '{"id":"tired","text":"A short text."}' >/dev/null
R XGROUP CREATE in4 g 0 >/dev/null
R XREADGROUP GROUP g ghost1 COUNT 1 STREAMS in4 '>' >/dev/null
sid=$(R --raw XRANGE in4 - + | head -1)
for k in 1 2 3; do R XCLAIM in4 g "ghost$((k + 1))" 0 "$sid" >/dev/null; done
start_worker w6 --stream in4 --group g --out out4 --dead dead4 --max-tries 3 --claim-idle 100
t "max-tries: the entry goes to the dead stream, not the output" sh -c "
    for i in \$(seq 100); do test \"\$(redis-cli -p $port XLEN dead4)\" = 1 && break; sleep 0.1; done
    test \"\$(redis-cli -p $port XLEN dead4)\" = 1 && test \"\$(redis-cli -p $port XLEN out4)\" = 0 &&
    redis-cli -p $port --raw XRANGE dead4 - + | grep -q 'delivered [0-9]* times'"
kill -TERM "${pids[0]}"
wait "${pids[0]}"
pids=()

# -- 6: hostile options: one line, exit 2 -------------------------------------------
t "usage: a malformed --redis URL" one_line_err 2 "--redis" "$C" worker --redis 'redis://:99999' \
    --stream a --group g --out b
t "usage: --out missing" one_line_err 2 "required" "$C" worker --redis "$URL" --stream a --group g

# -- 7: Redis goes away and comes back: the worker reconnects and carries on ------------
R shutdown nosave >/dev/null 2>&1
wait "$rpid" 2>/dev/null
rpid=
start_worker w7 --stream in5 --group g --out out5 --block 200
sleep 0.5
(cd "$tmp" && exec redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$tmp" --logfile "$tmp/redis2.log") &
rpid=$!
for _ in $(seq 50); do R ping >/dev/null 2>&1 && break; sleep 0.1; done
head -20 "$tmp/docs.jsonl" | "$C" enqueue --redis "$URL" --stream in5 - >/dev/null
t "Redis restarted: the worker logs, reconnects and scores" sh -c "
    for i in \$(seq 100); do test \"\$(redis-cli -p $port XLEN out5)\" = 20 && break; sleep 0.1; done
    test \"\$(redis-cli -p $port XLEN out5)\" = 20 && grep -q 'retrying' '$tmp/w7.err'"
kill -TERM "${pids[0]}"
wait "${pids[0]}"
t "SIGTERM while idle after a reconnect: exit 0" test $? = 0
pids=()
